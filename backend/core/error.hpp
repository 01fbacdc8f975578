// Errors as values: a category a caller can branch on plus a human message that names the input and what
// was expected. No exception crosses a thread or the C API boundary; engines return these instead.
#pragma once

#include <string>
#include <string_view>

namespace opsdeck::core {

enum class ErrorCategory {
  kInvalidInput,  // the user gave something malformed (flag, file, config key)
  kNotFound,      // a named thing does not exist
  kUnavailable,   // a server or binary is not there or went away
  kIo,            // the file system or a socket failed
  kProtocol,      // a peer answered something we could not understand
  kConflict,      // already exists, already running, lock held
  kCancelled,     // the user or a signal stopped the work
  kTimeout,       // waited and gave up
  kInternal,      // a bug: should never happen
};

std::string_view to_string(ErrorCategory category);

struct Error {
  ErrorCategory category = ErrorCategory::kInternal;
  std::string message;

  // "<category>: <message>", for logs and the CLI's one-line error.
  std::string describe() const;
};

inline Error make_error(ErrorCategory category, std::string message) {
  return Error{category, std::move(message)};
}

}  // namespace opsdeck::core
