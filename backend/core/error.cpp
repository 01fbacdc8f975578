// Names of error categories, shared by the CLI, the logs and JSON output.
#include "backend/core/error.hpp"

namespace opsdeck::core {

std::string_view to_string(ErrorCategory category) {
  switch (category) {
    case ErrorCategory::kInvalidInput:
      return "invalid input";
    case ErrorCategory::kNotFound:
      return "not found";
    case ErrorCategory::kUnavailable:
      return "unavailable";
    case ErrorCategory::kIo:
      return "i/o error";
    case ErrorCategory::kProtocol:
      return "protocol error";
    case ErrorCategory::kConflict:
      return "conflict";
    case ErrorCategory::kCancelled:
      return "cancelled";
    case ErrorCategory::kTimeout:
      return "timeout";
    case ErrorCategory::kInternal:
      return "internal error";
  }
  return "error";
}

std::string Error::describe() const {
  return std::string(to_string(category)) + ": " + message;
}

}  // namespace opsdeck::core
