// Name rules for the certificate directory. Every check names the input and says what was expected.
#include "backend/certs/cert_name.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>

namespace opsdeck::certs {
namespace {

using core::ErrorCategory;

bool is_alnum(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0;
}

// The checks every name shares, with a message that names the offending character.
core::Status check_common(std::string_view what, std::string_view name) {
  if (name.empty()) {
    return core::fail(ErrorCategory::kInvalidInput, std::string(what) + " is empty");
  }
  for (char c : name) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) {
      return core::fail(ErrorCategory::kInvalidInput,
                        std::string(what) + " contains a control character; expected printable text");
    }
  }
  std::string quoted = std::string(what) + " \"" + std::string(name) + "\"";
  if (name.find('/') != std::string_view::npos) {
    return core::fail(ErrorCategory::kInvalidInput, quoted + " contains '/'; a name is not a path");
  }
  if (name.find("..") != std::string_view::npos) {
    return core::fail(ErrorCategory::kInvalidInput, quoted + " contains \"..\"");
  }
  if (name.size() > kMaxNameLength) {
    return core::fail(ErrorCategory::kInvalidInput,
                      quoted + " is longer than " + std::to_string(kMaxNameLength) + " characters");
  }
  return {};
}

core::Status invalid(std::string_view what, std::string_view name, std::string_view expected) {
  return core::fail(ErrorCategory::kInvalidInput,
                    std::string(what) + " \"" + std::string(name) + "\": expected " + std::string(expected));
}

bool is_dns_label(std::string_view label) {
  if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
    return false;
  }
  return std::all_of(label.begin(), label.end(), [](char c) { return is_alnum(c) || c == '-'; });
}

constexpr std::string_view kHostExpected =
    "a DNS name such as db.example.com (letters, digits and '-' between dots) or an IP address";

}  // namespace

std::string_view to_string(CertKind kind) {
  switch (kind) {
    case CertKind::kCa:
      return "ca";
    case CertKind::kHost:
      return "host";
    case CertKind::kUser:
      return "user";
  }
  return "?";
}

std::string_view directory_name(CertKind kind) {
  switch (kind) {
    case CertKind::kCa:
      return "cas";
    case CertKind::kHost:
      return "hosts";
    case CertKind::kUser:
      return "users";
  }
  return "?";
}

std::optional<CertKind> parse_cert_kind(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower == "ca" || lower == "cas") {
    return CertKind::kCa;
  }
  if (lower == "host" || lower == "hosts" || lower == "server") {
    return CertKind::kHost;
  }
  if (lower == "user" || lower == "users" || lower == "client") {
    return CertKind::kUser;
  }
  return std::nullopt;
}

bool is_ip_address(std::string_view text) {
  std::string copy(text);
  unsigned char buffer[16];
  return inet_pton(AF_INET, copy.c_str(), buffer) == 1 || inet_pton(AF_INET6, copy.c_str(), buffer) == 1;
}

bool is_dns_name(std::string_view text, bool allow_wildcard) {
  if (allow_wildcard && text.substr(0, 2) == "*.") {
    text.remove_prefix(2);
  }
  if (text.empty() || text.size() > 253) {
    return false;
  }
  std::size_t start = 0;
  while (true) {
    std::size_t dot = text.find('.', start);
    std::string_view label = text.substr(start, dot == std::string_view::npos ? dot : dot - start);
    if (!is_dns_label(label)) {
      return false;
    }
    if (dot == std::string_view::npos) {
      return true;
    }
    start = dot + 1;
  }
}

core::Status validate_ca_name(std::string_view name) {
  OPSDECK_TRY(check_common("CA name", name));
  bool allowed = std::all_of(name.begin(), name.end(),
                             [](char c) { return is_alnum(c) || c == '.' || c == '_' || c == '-'; });
  if (!allowed || name.front() == '.' || name.front() == '-') {
    return invalid("CA name", name,
                   "letters, digits, '.', '_' and '-', not starting with '.' or '-' (e.g. ops-root)");
  }
  return {};
}

core::Status validate_host_name(std::string_view name) {
  OPSDECK_TRY(check_common("host name", name));
  if (name.find('@') != std::string_view::npos) {
    return invalid("host name", name, "a host without '@' (USER@HOST names a client certificate)");
  }
  if (!is_dns_name(name, false) && !is_ip_address(name)) {
    return invalid("host name", name, kHostExpected);
  }
  return {};
}

core::Status validate_user_name(std::string_view name) {
  OPSDECK_TRY(check_common("user name", name));
  std::size_t at = name.find('@');
  if (at == std::string_view::npos || name.find('@', at + 1) != std::string_view::npos) {
    return invalid("user name", name, "USER@HOST with exactly one '@' (e.g. alice@db.example.com)");
  }
  std::string_view user = name.substr(0, at);
  std::string_view host = name.substr(at + 1);
  bool user_ok = !user.empty() && user.front() != '.' && user.front() != '-' &&
                 std::all_of(user.begin(), user.end(), [](char c) {
                   return is_alnum(c) || c == '.' || c == '_' || c == '+' || c == '-';
                 });
  if (!user_ok) {
    return invalid(
        "user name", name,
        "USER@HOST where USER has letters, digits, '.', '_', '+' and '-' (e.g. alice@db.example.com)");
  }
  if (!is_dns_name(host, false) && !is_ip_address(host)) {
    return invalid("user name", name, std::string("USER@HOST where HOST is ") + std::string(kHostExpected));
  }
  return {};
}

core::Status validate_name(CertKind kind, std::string_view name) {
  switch (kind) {
    case CertKind::kCa:
      return validate_ca_name(name);
    case CertKind::kHost:
      return validate_host_name(name);
    case CertKind::kUser:
      return validate_user_name(name);
  }
  return core::fail(core::ErrorCategory::kInternal, "unknown certificate kind");
}

CertKind kind_for_leaf_name(std::string_view name) {
  return name.find('@') != std::string_view::npos ? CertKind::kUser : CertKind::kHost;
}

}  // namespace opsdeck::certs
