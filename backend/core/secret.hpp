// Secret: a string that is never printed. It has no stream operator and no implicit conversion; the one way
// out is reveal(), used where the value is handed to a server. Every secret is also registered with the
// redactor so that a value that leaks into a log line anyway is masked there.
#pragma once

#include <string>
#include <string_view>

namespace opsdeck::core {

class Secret {
 public:
  Secret() = default;
  explicit Secret(std::string value);

  bool empty() const { return value_.empty(); }
  const std::string& reveal() const { return value_; }
  // What is shown wherever a secret would appear: set or not, never the value.
  std::string_view masked() const { return value_.empty() ? "(not set)" : "********"; }

  friend bool operator==(const Secret&, const Secret&) = default;

 private:
  std::string value_;
};

// Masks every registered secret value inside `text`. Secrets shorter than 4 characters are not registered:
// masking them would garble ordinary words and they protect nothing.
std::string redact(std::string_view text);
void register_secret_for_redaction(const std::string& value);

}  // namespace opsdeck::core
