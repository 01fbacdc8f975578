// Redaction registry: a process-wide set of secret values masked in every log line.
#include "backend/core/secret.hpp"

#include <mutex>
#include <set>

namespace opsdeck::core {
namespace {

struct Registry {
  std::mutex mutex;
  std::set<std::string> values;
};

Registry& registry() {
  static Registry instance;
  return instance;
}

constexpr std::size_t kMinRedactedLength = 4;

}  // namespace

Secret::Secret(std::string value) : value_(std::move(value)) {
  register_secret_for_redaction(value_);
}

void register_secret_for_redaction(const std::string& value) {
  if (value.size() < kMinRedactedLength) {
    return;
  }
  std::lock_guard lock(registry().mutex);
  registry().values.insert(value);
}

std::string redact(std::string_view text) {
  std::string out(text);
  std::lock_guard lock(registry().mutex);
  for (const auto& value : registry().values) {
    for (auto pos = out.find(value); pos != std::string::npos; pos = out.find(value, pos + 8)) {
      out.replace(pos, value.size(), "********");
    }
  }
  return out;
}

}  // namespace opsdeck::core
