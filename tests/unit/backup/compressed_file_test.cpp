// Compressed files in a backup (backend/backup/compressed_file.hpp) on real files: a sparse file with several
// extents is compressed in place and restored with the same bytes and its holes; the stored SHA-256 is that
// of the original extents; an empty file is left as it is; a stored file that is empty, cut short, has one
// flipped byte, or decompresses to more or less than its extents fails with an error naming the file.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "backend/backup/compressed_file.hpp"
#include "backend/backup/sha256_hasher.hpp"
#include "backend/backup/unique_fd.hpp"
#include "backend/core/job_runner.hpp"
#include "backend/core/logger.hpp"
#include "tests/support/temporary_directory.hpp"

namespace opsdeck::backup {
namespace {

namespace fs = std::filesystem;
constexpr std::uint64_t kMiB = 1U << 20U;

// Half random bytes, half text: compressible, but not trivially.
std::string extent_bytes(std::size_t size, unsigned seed) {
  std::mt19937 random(seed);
  std::string bytes(size, '\0');
  for (std::size_t index = 0; index < size; ++index) {
    bytes[index] = (index / 512) % 2 == 0 ? static_cast<char>(random()) : static_cast<char>('a' + index % 26);
  }
  return bytes;
}

void write_at(const fs::path& path, std::uint64_t offset, const std::string& bytes) {
  UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0640));
  ASSERT_TRUE(fd);
  ASSERT_EQ(::pwrite(fd.get(), bytes.data(), bytes.size(), static_cast<off_t>(offset)),
            static_cast<ssize_t>(bytes.size()));
}

std::string read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

class CompressedFileTest : public ::testing::Test {
 protected:
  // data/sparse.bin: 40 MiB apparent, 3 MiB + 2.5 MiB + 100 bytes of data in three extents.
  void SetUp() override {
    fs::create_directories(data_dir());
    const fs::path path = data_dir() / "sparse.bin";
    const std::vector<std::pair<std::uint64_t, std::string>> pieces = {
        {0, extent_bytes(3 * kMiB, 1)},
        {16 * kMiB, extent_bytes(5 * kMiB / 2, 2)},
        {40 * kMiB - 100, extent_bytes(100, 3)}};
    Sha256Hasher hasher;
    original_ = std::string(40 * kMiB, '\0');
    for (const auto& [offset, bytes] : pieces) {
      write_at(path, offset, bytes);
      hasher.update(bytes.data(), bytes.size());
      original_.replace(offset, bytes.size(), bytes);
      entry_.extents.push_back({offset, bytes.size()});
    }
    entry_.path = "sparse.bin";
    entry_.size = 40 * kMiB;
    entry_.mode = 0640;
    entry_.sha256 = hasher.hex_digest();
    fs::path empty = data_dir() / "empty.bin";
    std::ofstream(empty).flush();
    empty_.path = "empty.bin";
    empty_.mode = 0600;
  }

  fs::path data_dir() const { return directory_.path() / "data"; }

  // Compresses the fragment's files through a real job, as the repository does.
  core::Status compress(ManifestFragment& fragment) {
    core::JobRunner runner(1, logger_);
    core::Status status;
    auto job = runner.submit("compress", [&](core::JobContext& context) -> core::Result<std::string> {
      status = compress_stored_files(data_dir(), fragment, CompressionSetting{true, 3}, 2, context);
      return std::string("done");
    });
    job.wait();
    return status;
  }

  FileEntry compressed_entry() {
    ManifestFragment fragment;
    fragment.files = {entry_, empty_};
    const auto status = compress(fragment);
    EXPECT_TRUE(status.ok()) << status.error().message;
    return fragment.files.front();
  }

  testing::TemporaryDirectory directory_;
  core::Logger logger_;
  FileEntry entry_;
  FileEntry empty_;
  std::string original_;
};

TEST_F(CompressedFileTest, CompressesInPlaceAndRestoresTheBytesWithTheirHoles) {
  ManifestFragment fragment;
  fragment.files = {entry_, empty_};
  ASSERT_TRUE(compress(fragment).ok());
  const FileEntry& stored = fragment.files[0];
  EXPECT_EQ(stored.compression, "zstd");
  EXPECT_EQ(stored.stored_size, fs::file_size(data_dir() / "sparse.bin"));
  EXPECT_LT(stored.stored_size, stored.allocated_bytes());
  EXPECT_EQ(stored.size, 40 * kMiB) << "the entry keeps the original size";
  EXPECT_EQ(stored.extents, entry_.extents);
  EXPECT_EQ(fragment.files[1].compression, "") << "a file without data is not compressed";
  EXPECT_EQ(fs::file_size(data_dir() / "empty.bin"), 0U);
  EXPECT_TRUE(fs::exists(data_dir() / "sparse.bin")) << "no partial file is left beside it";
  EXPECT_FALSE(fs::exists(data_dir() / ".sparse.bin.zst-partial"));

  auto digest = hash_compressed_file(data_dir() / "sparse.bin", stored);
  ASSERT_TRUE(digest.ok()) << digest.error().message;
  EXPECT_EQ(*digest, entry_.sha256);

  const fs::path target = directory_.path() / "restored.bin";
  UniqueFd fd(::open(target.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
  ASSERT_TRUE(fd);
  std::uint64_t progressed = 0;
  auto written = restore_compressed_file(data_dir() / "sparse.bin", stored, fd.get(),
                                         [&](std::uint64_t bytes) { progressed += bytes; });
  ASSERT_TRUE(written.ok()) << written.error().message;
  EXPECT_EQ(*written, entry_.sha256);
  EXPECT_EQ(progressed, entry_.allocated_bytes());
  fd.reset();
  EXPECT_EQ(read_all(target), original_);
  struct stat info {};
  ASSERT_EQ(::stat(target.c_str(), &info), 0);
  EXPECT_LT(static_cast<std::uint64_t>(info.st_blocks) * 512, 12 * kMiB) << "the holes were written out";
}

TEST_F(CompressedFileTest, AnEmptyStoredFileIsAnErrorNamingIt) {
  FileEntry stored = compressed_entry();
  const fs::path path = data_dir() / "sparse.bin";
  fs::resize_file(path, 0);
  auto digest = hash_compressed_file(path, stored);
  ASSERT_FALSE(digest.ok());
  EXPECT_EQ(digest.error().category, core::ErrorCategory::kProtocol);
  EXPECT_NE(digest.error().message.find(path.string()), std::string::npos) << digest.error().message;
}

TEST_F(CompressedFileTest, ACutShortStoredFileIsAnErrorNamingIt) {
  FileEntry stored = compressed_entry();
  const fs::path path = data_dir() / "sparse.bin";
  for (const std::uint64_t keep : {stored.stored_size - 1, stored.stored_size / 2, std::uint64_t{3}}) {
    fs::resize_file(path, keep);
    auto digest = hash_compressed_file(path, stored);
    ASSERT_FALSE(digest.ok()) << "kept " << keep << " bytes";
    EXPECT_EQ(digest.error().category, core::ErrorCategory::kProtocol);
    EXPECT_NE(digest.error().message.find(path.string()), std::string::npos) << digest.error().message;
  }
}

TEST_F(CompressedFileTest, AFlippedByteInsideTheFrameIsAnErrorNamingTheFile) {
  FileEntry stored = compressed_entry();
  const fs::path path = data_dir() / "sparse.bin";
  std::string bytes = read_all(path);
  // One byte in the first block, one in the middle and the frame's checksum at the end: each is caught.
  for (const std::size_t at : {std::size_t{20}, bytes.size() / 2, bytes.size() - 2}) {
    std::string flipped = bytes;
    flipped[at] = static_cast<char>(flipped[at] ^ 0x01);
    std::ofstream(path, std::ios::binary | std::ios::trunc) << flipped;
    auto digest = hash_compressed_file(path, stored);
    ASSERT_FALSE(digest.ok()) << "flipped byte " << at;
    EXPECT_EQ(digest.error().category, core::ErrorCategory::kProtocol);
    EXPECT_NE(digest.error().message.find(path.string()), std::string::npos) << digest.error().message;
  }
}

TEST_F(CompressedFileTest, DataThatDoesNotFillTheExtentsExactlyIsAnError) {
  const FileEntry stored = compressed_entry();
  const fs::path path = data_dir() / "sparse.bin";
  FileEntry longer = stored;
  longer.extents.back().length += 1;
  auto short_data = hash_compressed_file(path, longer);
  ASSERT_FALSE(short_data.ok());
  EXPECT_NE(short_data.error().message.find(path.string()), std::string::npos);
  EXPECT_NE(short_data.error().message.find("decompresses to"), std::string::npos);

  FileEntry shorter = stored;
  shorter.extents.back().length -= 1;
  auto long_data = hash_compressed_file(path, shorter);
  ASSERT_FALSE(long_data.ok());
  EXPECT_NE(long_data.error().message.find(path.string()), std::string::npos);
  EXPECT_NE(long_data.error().message.find("more data than"), std::string::npos);

  // An extent past the file's size is refused before it is written.
  FileEntry too_small = stored;
  too_small.size = 16 * kMiB;
  const fs::path target = directory_.path() / "restored.bin";
  UniqueFd fd(::open(target.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600));
  ASSERT_TRUE(fd);
  auto written = restore_compressed_file(path, too_small, fd.get(), nullptr);
  ASSERT_FALSE(written.ok());
  EXPECT_NE(written.error().message.find("past the file's size"), std::string::npos);
}

}  // namespace
}  // namespace opsdeck::backup
