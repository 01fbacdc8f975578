// Streaming zstd for backups (libzstd): the compression setting ("zstd", "zstd:LEVEL", "none"), a
// compressor that turns chunks of input into chunks of one zstd frame (with the frame checksum), and a
// decompressor fed with chunks of stored bytes that hands the original bytes to a sink as they come.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "backend/core/result.hpp"

namespace opsdeck::backup {

struct CompressionSetting {
  bool enabled = false;
  int level = 3;  // zstd's default
  // "zstd:3" or "none"
  std::string describe() const;
};

// "none" / "" -> disabled; "zstd" -> level 3; "zstd:N" with 1 <= N <= 19. The error names the input.
core::Result<CompressionSetting> parse_compression(std::string_view text);

// Whether `bytes` opens with the zstd frame magic (28 b5 2f fd).
bool starts_with_zstd_magic(std::string_view bytes);

class ZstdCompressor {
 public:
  explicit ZstdCompressor(int level);
  ~ZstdCompressor();
  ZstdCompressor(const ZstdCompressor&) = delete;
  ZstdCompressor& operator=(const ZstdCompressor&) = delete;

  // Compresses `input`, appending whatever output is ready to `out`.
  core::Status update(std::string_view input, std::string& out);
  // Ends the frame, appending the rest to `out`.
  core::Status finish(std::string& out);

 private:
  core::Status run(std::string_view input, bool end, std::string& out);
  struct State;
  std::unique_ptr<State> state_;
};

class ZstdDecompressor {
 public:
  using Sink = std::function<core::Status(std::string_view)>;
  explicit ZstdDecompressor(std::string name);
  ~ZstdDecompressor();
  ZstdDecompressor(const ZstdDecompressor&) = delete;
  ZstdDecompressor& operator=(const ZstdDecompressor&) = delete;

  // Decompresses `input`, handing the original bytes to `sink` in pieces. Corrupt input (including a frame
  // checksum mismatch) fails with kProtocol naming the file.
  core::Status feed(std::string_view input, const Sink& sink);
  // Fails unless the input ended exactly at the end of a frame (a cut-short file).
  core::Status finish() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace opsdeck::backup
