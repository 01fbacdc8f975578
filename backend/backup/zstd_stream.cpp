#include "backend/backup/zstd_stream.hpp"

#include <zstd.h>

#include <charconv>
#include <vector>

namespace opsdeck::backup {
namespace {

using core::ErrorCategory;

}  // namespace

std::string CompressionSetting::describe() const {
  return enabled ? "zstd:" + std::to_string(level) : "none";
}

core::Result<CompressionSetting> parse_compression(std::string_view text) {
  CompressionSetting setting;
  if (text.empty() || text == "none") {
    return setting;
  }
  const std::string_view prefix = "zstd";
  if (text.substr(0, prefix.size()) != prefix) {
    return core::fail(ErrorCategory::kInvalidInput,
                      "unknown compression \"" + std::string(text) +
                          "\" (expected none, zstd or zstd:LEVEL with LEVEL 1-19)");
  }
  setting.enabled = true;
  std::string_view rest = text.substr(prefix.size());
  if (rest.empty()) {
    return setting;
  }
  int level = 0;
  const char* begin = rest.data() + 1;
  const char* end = rest.data() + rest.size();
  const auto parsed = std::from_chars(begin, end, level);
  if (rest[0] != ':' || begin == end || parsed.ec != std::errc() || parsed.ptr != end || level < 1 ||
      level > 19) {
    return core::fail(ErrorCategory::kInvalidInput,
                      "bad compression \"" + std::string(text) + "\": the level after zstd: must be 1 to 19");
  }
  setting.level = level;
  return setting;
}

bool starts_with_zstd_magic(std::string_view bytes) {
  return bytes.size() >= 4 && static_cast<unsigned char>(bytes[0]) == 0x28 &&
         static_cast<unsigned char>(bytes[1]) == 0xb5 && static_cast<unsigned char>(bytes[2]) == 0x2f &&
         static_cast<unsigned char>(bytes[3]) == 0xfd;
}

struct ZstdCompressor::State {
  ZSTD_CCtx* context = nullptr;
  std::vector<char> output = std::vector<char>(ZSTD_CStreamOutSize());
  ~State() { ZSTD_freeCCtx(context); }
};

ZstdCompressor::ZstdCompressor(int level) : state_(std::make_unique<State>()) {
  state_->context = ZSTD_createCCtx();
  if (state_->context != nullptr) {
    ZSTD_CCtx_setParameter(state_->context, ZSTD_c_compressionLevel, level);
    ZSTD_CCtx_setParameter(state_->context, ZSTD_c_checksumFlag, 1);
  }
}

ZstdCompressor::~ZstdCompressor() = default;

core::Status ZstdCompressor::run(std::string_view input, bool end, std::string& out) {
  if (state_->context == nullptr) {
    return core::fail(ErrorCategory::kInternal, "cannot create a zstd compression context");
  }
  ZSTD_inBuffer in{input.data(), input.size(), 0};
  for (;;) {
    ZSTD_outBuffer buffer{state_->output.data(), state_->output.size(), 0};
    const std::size_t remaining =
        ZSTD_compressStream2(state_->context, &buffer, &in, end ? ZSTD_e_end : ZSTD_e_continue);
    if (ZSTD_isError(remaining)) {
      return core::fail(ErrorCategory::kInternal,
                        std::string("zstd compression failed: ") + ZSTD_getErrorName(remaining));
    }
    out.append(state_->output.data(), buffer.pos);
    if (end ? remaining == 0 : in.pos == in.size) {
      return {};
    }
  }
}

core::Status ZstdCompressor::update(std::string_view input, std::string& out) {
  return run(input, false, out);
}

core::Status ZstdCompressor::finish(std::string& out) {
  return run({}, true, out);
}

struct ZstdDecompressor::State {
  std::string name;
  ZSTD_DCtx* context = nullptr;
  std::vector<char> output = std::vector<char>(ZSTD_DStreamOutSize());
  std::size_t last_hint = 0;  // 0 once a frame is complete
  bool seen_input = false;
  ~State() { ZSTD_freeDCtx(context); }
};

ZstdDecompressor::ZstdDecompressor(std::string name) : state_(std::make_unique<State>()) {
  state_->name = std::move(name);
  state_->context = ZSTD_createDCtx();
}

ZstdDecompressor::~ZstdDecompressor() = default;

core::Status ZstdDecompressor::feed(std::string_view input, const Sink& sink) {
  if (state_->context == nullptr) {
    return core::fail(ErrorCategory::kInternal, "cannot create a zstd decompression context");
  }
  if (!input.empty()) {
    state_->seen_input = true;
  }
  ZSTD_inBuffer in{input.data(), input.size(), 0};
  for (;;) {
    ZSTD_outBuffer buffer{state_->output.data(), state_->output.size(), 0};
    const std::size_t consumed_before = in.pos;
    const std::size_t hint = ZSTD_decompressStream(state_->context, &buffer, &in);
    if (ZSTD_isError(hint)) {
      return core::fail(ErrorCategory::kProtocol,
                        state_->name + ": corrupt zstd data (" + ZSTD_getErrorName(hint) + ")");
    }
    // A call that moved nothing (after a frame ended exactly at a full output buffer) reports the next
    // frame's header size: only calls that made progress say whether the frame is complete.
    if (buffer.pos > 0 || in.pos > consumed_before) {
      state_->last_hint = hint;
    }
    if (buffer.pos > 0) {
      OPSDECK_TRY(sink(std::string_view(state_->output.data(), buffer.pos)));
    }
    // Done with this input once it is all consumed and a call flushed nothing more (the decoder may
    // still hold decoded bytes after consuming the input, so "output not full" alone is not enough).
    if (in.pos == in.size && (buffer.pos == 0 || (hint == 0 && buffer.pos < buffer.size))) {
      return {};
    }
  }
}

core::Status ZstdDecompressor::finish() const {
  if (!state_->seen_input || state_->last_hint != 0) {
    return core::fail(ErrorCategory::kProtocol,
                      state_->name + ": the zstd data ends before the end of its frame (cut short?)");
  }
  return {};
}

}  // namespace opsdeck::backup
