// Streaming zstd and the dump reader over compressed dumps: the setting parser accepts exactly none, zstd and
// zstd:1..19; bytes compressed in pieces decompress to the same bytes fed in any chunking, also tens of
// megabytes and several frames one after the other; a cut-short or corrupted frame is an error naming the
// input; DumpFileReader hands out the original bytes of a compressed dump and finds its
// completion line.
#include <gtest/gtest.h>

#include <fstream>
#include <random>

#include "backend/backup/mariadb/dump_file.hpp"
#include "backend/backup/zstd_stream.hpp"
#include "tests/support/temporary_directory.hpp"

namespace opsdeck::backup {
namespace {

std::string sample_bytes() {
  std::mt19937 random(7);
  std::string text;
  for (int line = 0; line < 40000; ++line) {
    text +=
        "INSERT INTO t VALUES (" + std::to_string(line) + ",'" + std::to_string(random() % 1000) + "');\n";
  }
  return text;
}

std::string compress(const std::string& input, int level, std::size_t piece) {
  ZstdCompressor compressor(level);
  std::string out;
  for (std::size_t offset = 0; offset < input.size(); offset += piece) {
    EXPECT_TRUE(compressor.update(std::string_view(input).substr(offset, piece), out).ok());
  }
  EXPECT_TRUE(compressor.finish(out).ok());
  return out;
}

core::Result<std::string> decompress(const std::string& stored, std::size_t piece) {
  ZstdDecompressor decompressor("sample");
  std::string out;
  const ZstdDecompressor::Sink sink = [&out](std::string_view bytes) -> core::Status {
    out.append(bytes);
    return {};
  };
  for (std::size_t offset = 0; offset < stored.size(); offset += piece) {
    OPSDECK_TRY(decompressor.feed(std::string_view(stored).substr(offset, piece), sink));
  }
  OPSDECK_TRY(decompressor.finish());
  return out;
}

TEST(ZstdStreamTest, ParsesTheCompressionSetting) {
  EXPECT_FALSE(parse_compression("none")->enabled);
  EXPECT_FALSE(parse_compression("")->enabled);
  EXPECT_TRUE(parse_compression("zstd")->enabled);
  EXPECT_EQ(parse_compression("zstd")->level, 3);
  EXPECT_EQ(parse_compression("zstd:19")->level, 19);
  EXPECT_EQ(parse_compression("zstd:1")->describe(), "zstd:1");
  for (const char* bad : {"zstd:0", "zstd:20", "zstd:", "zstd:3x", "zstd3", "gzip", "zstd:-1"}) {
    auto parsed = parse_compression(bad);
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_NE(parsed.error().message.find(bad), std::string::npos) << parsed.error().message;
  }
}

TEST(ZstdStreamTest, RoundTripsInAnyChunking) {
  const std::string input = sample_bytes();
  const std::string stored = compress(input, 3, 65536);
  EXPECT_TRUE(starts_with_zstd_magic(stored));
  EXPECT_LT(stored.size(), input.size() / 3);
  for (const std::size_t piece : {std::size_t{1}, std::size_t{7}, std::size_t{4096}, stored.size()}) {
    if (piece == 1 && stored.size() > 200000) {
      continue;
    }
    auto back = decompress(stored, piece);
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(*back, input) << "piece " << piece;
  }
  EXPECT_EQ(*decompress(compress("", 3, 1), 1), "");
}

TEST(ZstdStreamTest, AFrameEndingExactlyAtAFullOutputBufferIsComplete) {
  // 2 MiB of a short repeating pattern: a tiny frame whose last output fills the decoder's buffer exactly.
  std::string input(2U << 20U, '\0');
  for (std::size_t index = 0; index < input.size(); ++index) {
    input[index] = static_cast<char>('a' + index % 13);
  }
  const std::string stored = compress(input, 3, 1 << 20);
  EXPECT_LT(stored.size(), 4096u);
  auto back = decompress(stored, stored.size());
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(*back, input);
}

TEST(ZstdStreamTest, LargeDataAndConcatenatedFramesRoundTrip) {
  // 24 MiB of mixed random and repetitive bytes (many zstd blocks, output flushed many times), then the
  // same behind a second frame and an empty third one: a stream of frames decodes to their concatenation.
  std::mt19937 random(11);
  std::string large(24U << 20U, '\0');
  for (std::size_t index = 0; index < large.size(); ++index) {
    large[index] = (index >> 12U) % 3 == 0 ? static_cast<char>(random()) : static_cast<char>(index % 251);
  }
  const std::string first = compress(large, 1, 1 << 20);
  const std::string second = compress(sample_bytes(), 19, 3000);
  const std::string third = compress("", 3, 1);
  for (const std::size_t piece : {std::size_t{65536}, std::size_t{1} << 20U, std::size_t{5000001}}) {
    auto one = decompress(first, piece);
    ASSERT_TRUE(one.ok()) << one.error().message;
    EXPECT_TRUE(*one == large) << "piece " << piece;
    auto several = decompress(first + second + third, piece);
    ASSERT_TRUE(several.ok()) << several.error().message;
    EXPECT_TRUE(*several == large + sample_bytes()) << "piece " << piece;
  }
  // A second frame cut short is as incomplete as a first one.
  const std::string cut = first + second.substr(0, second.size() / 2);
  auto incomplete = decompress(cut, 1 << 20);
  ASSERT_FALSE(incomplete.ok());
  EXPECT_NE(incomplete.error().message.find("cut short"), std::string::npos) << incomplete.error().message;
}

TEST(ZstdStreamTest, CutShortAndCorruptFramesFail) {
  const std::string stored = compress(sample_bytes(), 3, 1 << 20);
  auto cut = decompress(stored.substr(0, stored.size() - 5), 4096);
  ASSERT_FALSE(cut.ok());
  EXPECT_NE(cut.error().message.find("sample"), std::string::npos);
  std::string flipped = stored;
  flipped[flipped.size() / 2] = static_cast<char>(flipped[flipped.size() / 2] ^ 0x10);
  auto corrupt = decompress(flipped, 4096);
  ASSERT_FALSE(corrupt.ok());
  EXPECT_EQ(corrupt.error().category, core::ErrorCategory::kProtocol);
  EXPECT_NE(corrupt.error().message.find("sample"), std::string::npos) << corrupt.error().message;
  auto empty = decompress("", 1);
  ASSERT_FALSE(empty.ok()) << "an empty file is not a frame";
  EXPECT_NE(empty.error().message.find("sample"), std::string::npos) << empty.error().message;
  auto not_zstd = decompress(std::string(100, 'x'), 7);
  ASSERT_FALSE(not_zstd.ok());
  EXPECT_EQ(not_zstd.error().category, core::ErrorCategory::kProtocol);
}

TEST(ZstdStreamTest, DumpReaderDecompressesAndFindsTheCompletionLine) {
  testing::TemporaryDirectory directory;
  const std::string original = sample_bytes() + std::string(kDumpCompleteMarker);
  const auto path = directory.path() / "dump.sql";
  {
    std::ofstream out(path, std::ios::binary);
    out << compress(original, 5, 100000);
  }
  auto reader = DumpFileReader::open(path);
  ASSERT_TRUE(reader.ok());
  EXPECT_TRUE(reader->compressed());
  EXPECT_TRUE(*reader->ends_with_complete_marker());
  std::string read;
  for (;;) {
    auto chunk = reader->next();
    ASSERT_TRUE(chunk.ok()) << chunk.error().message;
    if (chunk->empty()) {
      break;
    }
    read.append(*chunk);
  }
  EXPECT_EQ(read, original);
  EXPECT_EQ(reader->consumed(), reader->size());

  const auto cut_path = directory.path() / "cut.sql";
  {
    std::ofstream out(cut_path, std::ios::binary);
    out << compress(sample_bytes(), 5, 100000);  // no completion line
  }
  auto cut = DumpFileReader::open(cut_path);
  ASSERT_TRUE(cut.ok());
  EXPECT_FALSE(*cut->ends_with_complete_marker());
}

}  // namespace
}  // namespace opsdeck::backup
