// Splits a stream of SQL text into statements at top-level `;`, the way the `mariadb` client does without
// DELIMITER: semicolons inside '...', "..." and `...` (with backslash escapes and doubled quotes), inside
// /* ... */ and after -- or # to the end of the line do not end a statement. Socket-free: bytes in,
// statements out, in chunks of any size (a statement may span chunks), so a dump of any size streams through
// it.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "backend/core/result.hpp"

namespace opsdeck::backup {

struct SqlStatement {
  std::string_view text;     // from its first code character to before the `;`; comments inside are kept
  std::uint64_t first_line;  // 1-based line where the statement starts, for messages
};

using StatementSink = std::function<core::Status(const SqlStatement&)>;

class SqlStatementSplitter {
 public:
  // Calls `sink` for every statement completed by `bytes`. Statements that hold only comments and
  // whitespace are dropped.
  core::Status feed(std::string_view bytes, const StatementSink& sink);
  // End of input: a last statement without `;` is delivered; an unterminated quote or comment is an error.
  core::Status finish(const StatementSink& sink);

 private:
  enum class State { kCode, kSingleQuote, kDoubleQuote, kBacktick, kLineComment, kBlockComment };
  core::Status emit(std::size_t end, const StatementSink& sink);

  std::string pending_;         // text of the statement being read (and what follows it in this chunk)
  std::size_t start_ = 0;       // where the current statement starts in pending_
  std::size_t code_start_ = 0;  // where its first code character is (valid when has_code_)
  std::size_t scanned_ = 0;     // how far pending_ has been scanned
  State state_ = State::kCode;
  bool escaped_ = false;          // the previous character was a backslash inside a quote
  bool has_code_ = false;         // the current statement holds something other than comments
  std::uint64_t line_ = 1;        // line of pending_[scanned_]
  std::uint64_t first_line_ = 0;  // line where the current statement's code starts
};

}  // namespace opsdeck::backup
