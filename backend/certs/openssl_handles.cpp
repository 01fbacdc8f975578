// The OpenSSL error queue turned into one readable line for error messages.
#include "backend/certs/openssl_handles.hpp"

#include <openssl/err.h>

namespace opsdeck::certs {

std::string drain_openssl_errors() {
  std::string reasons;
  while (unsigned long code = ERR_get_error()) {
    const char* reason = ERR_reason_error_string(code);
    std::string text = reason != nullptr ? reason : "error " + std::to_string(code);
    // The same reason often repeats up the call chain; once is enough for a person.
    if (reasons.find(text) == std::string::npos) {
      if (!reasons.empty()) {
        reasons += "; ";
      }
      reasons += text;
    }
  }
  return reasons;
}

std::string with_openssl_reason(std::string_view what) {
  std::string reasons = drain_openssl_errors();
  std::string message(what);
  if (!reasons.empty()) {
    message += " (" + reasons + ")";
  }
  return message;
}

}  // namespace opsdeck::certs
