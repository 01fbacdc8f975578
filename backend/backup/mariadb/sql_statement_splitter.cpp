#include "backend/backup/mariadb/sql_statement_splitter.hpp"

#include <cstring>

namespace opsdeck::backup {
namespace {

bool is_space(char character) {
  return character == ' ' || character == '\t' || character == '\n' || character == '\r' || character == '\f';
}

// The state for text inside a quote of kind `quote`: skips quickly to the next byte that can matter.
std::size_t next_interesting(const std::string& text, std::size_t from, char quote) {
  const char* begin = text.data() + from;
  const std::size_t length = text.size() - from;
  for (std::size_t index = 0; index < length; ++index) {
    const char character = begin[index];
    if (character == quote || character == '\\' || character == '\n') {
      return from + index;
    }
  }
  return text.size();
}

}  // namespace

core::Status SqlStatementSplitter::emit(std::size_t end, const StatementSink& sink) {
  if (has_code_) {
    OPSDECK_TRY(
        sink(SqlStatement{std::string_view(pending_).substr(code_start_, end - code_start_), first_line_}));
  }
  start_ = end + 1;
  has_code_ = false;
  return {};
}

core::Status SqlStatementSplitter::feed(std::string_view bytes, const StatementSink& sink) {
  // Keep only the unfinished statement from the previous chunk, then scan the new bytes.
  if (start_ > 0) {
    pending_.erase(0, start_);
    scanned_ -= start_;
    code_start_ = has_code_ ? code_start_ - start_ : 0;
    start_ = 0;
  }
  pending_.append(bytes);
  const std::size_t size = pending_.size();
  std::size_t index = scanned_;
  // A two-character token (--, /*, */) may straddle chunks: stop one byte early and resume next time.
  auto need_more = [&](std::size_t at) { return at + 1 >= size; };
  // Leading comments and blanks are not sent: the statement starts at its first code character.
  auto mark_code = [this](std::size_t at) {
    if (!has_code_) {
      first_line_ = line_;
      code_start_ = at;
      has_code_ = true;
    }
  };
  while (index < size) {
    const char character = pending_[index];
    switch (state_) {
      case State::kCode:
        if (character == ';') {
          OPSDECK_TRY(emit(index, sink));
        } else if (character == '\'' || character == '"' || character == '`') {
          state_ = character == '\'' ? State::kSingleQuote
                                     : (character == '"' ? State::kDoubleQuote : State::kBacktick);
          mark_code(index);
        } else if (character == '#') {
          state_ = State::kLineComment;
        } else if (character == '-' || character == '/') {
          if (need_more(index)) {
            scanned_ = index;
            return {};
          }
          const char next = pending_[index + 1];
          if (character == '-' && next == '-' && (index + 2 >= size || is_space(pending_[index + 2]))) {
            if (index + 2 >= size) {
              scanned_ = index;
              return {};
            }
            state_ = State::kLineComment;
            ++index;
          } else if (character == '/' && next == '*') {
            // /*! ... */ is an executable comment: it counts as code.
            if (index + 2 >= size) {
              scanned_ = index;
              return {};
            }
            if (pending_[index + 2] == '!') {
              mark_code(index);
            }
            state_ = State::kBlockComment;
            ++index;
          } else {
            mark_code(index);
          }
        } else if (!is_space(character)) {
          mark_code(index);
        }
        break;
      case State::kSingleQuote:
      case State::kDoubleQuote:
      case State::kBacktick: {
        const char quote = state_ == State::kSingleQuote ? '\'' : (state_ == State::kDoubleQuote ? '"' : '`');
        if (escaped_) {
          escaped_ = false;
        } else if (character == '\\' && state_ != State::kBacktick) {
          escaped_ = true;
        } else if (character == quote) {
          // A doubled quote stays inside the string; decided by looking at the next byte.
          if (need_more(index)) {
            scanned_ = index;
            return {};
          }
          if (pending_[index + 1] == quote) {
            ++index;
          } else {
            state_ = State::kCode;
          }
        } else if (character != '\n') {
          const std::size_t jump = next_interesting(pending_, index, quote);
          index = jump;
          continue;
        }
        break;
      }
      case State::kLineComment:
        if (character == '\n') {
          state_ = State::kCode;
        }
        break;
      case State::kBlockComment:
        if (character == '*') {
          if (need_more(index)) {
            scanned_ = index;
            return {};
          }
          if (pending_[index + 1] == '/') {
            state_ = State::kCode;
            ++index;
          }
        }
        break;
    }
    if (character == '\n') {
      ++line_;
    }
    ++index;
  }
  scanned_ = index;
  return {};
}

core::Status SqlStatementSplitter::finish(const StatementSink& sink) {
  // Scan whatever was held back waiting for a second byte.
  if (scanned_ < pending_.size()) {
    pending_.push_back('\n');
    OPSDECK_TRY(feed({}, sink));
  }
  if (state_ == State::kSingleQuote || state_ == State::kDoubleQuote || state_ == State::kBacktick) {
    return core::fail(core::ErrorCategory::kInvalidInput,
                      "the SQL ends inside a quoted string that starts in the statement at line " +
                          std::to_string(first_line_));
  }
  if (state_ == State::kBlockComment) {
    return core::fail(core::ErrorCategory::kInvalidInput, "the SQL ends inside a /* comment */");
  }
  if (has_code_) {
    OPSDECK_TRY(emit(pending_.size(), sink));
  }
  pending_.clear();
  start_ = scanned_ = 0;
  return {};
}

}  // namespace opsdeck::backup
