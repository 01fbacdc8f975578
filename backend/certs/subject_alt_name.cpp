// Parsing of --san values; the canonical forms keep duplicates out of the certificate.
#include "backend/certs/subject_alt_name.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>

#include "backend/certs/cert_name.hpp"

namespace opsdeck::certs {
namespace {

using core::ErrorCategory;

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// inet_pton then inet_ntop: "0:0::1" and "::1" become the same entry.
std::string canonical_ip(std::string_view text) {
  std::string copy(text);
  unsigned char buffer[16];
  char out[INET6_ADDRSTRLEN];
  if (inet_pton(AF_INET, copy.c_str(), buffer) == 1) {
    return inet_ntop(AF_INET, buffer, out, sizeof out) != nullptr ? out : copy;
  }
  if (inet_pton(AF_INET6, copy.c_str(), buffer) == 1) {
    return inet_ntop(AF_INET6, buffer, out, sizeof out) != nullptr ? out : copy;
  }
  return copy;
}

core::Result<SubjectAltName> invalid(std::string_view text, std::string_view expected) {
  return core::fail(ErrorCategory::kInvalidInput,
                    "subjectAltName \"" + std::string(text) + "\": expected " + std::string(expected));
}

constexpr std::string_view kExpected =
    "DNS:NAME, IP:ADDRESS or email:USER@DOMAIN (e.g. DNS:db.example.com, IP:10.0.0.5)";

}  // namespace

std::string SubjectAltName::describe() const {
  switch (type) {
    case Type::kDns:
      return "DNS:" + value;
    case Type::kIp:
      return "IP:" + value;
    case Type::kEmail:
      return "email:" + value;
  }
  return value;
}

core::Result<SubjectAltName> parse_subject_alt_name(std::string_view text) {
  if (text.empty()) {
    return invalid(text, kExpected);
  }
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte >= 0x7f || c == ',') {
      return invalid(text, std::string(kExpected) + ", without spaces, commas or control characters");
    }
  }
  std::size_t colon = text.find(':');
  std::string prefix = colon == std::string_view::npos ? "" : lower(text.substr(0, colon));
  if (prefix == "dns") {
    std::string_view value = text.substr(colon + 1);
    if (!is_dns_name(value, true)) {
      return invalid(text, "DNS:NAME with a DNS name such as db.example.com or *.example.com");
    }
    return SubjectAltName{SubjectAltName::Type::kDns, lower(value)};
  }
  if (prefix == "ip") {
    std::string_view value = text.substr(colon + 1);
    if (!is_ip_address(value)) {
      return invalid(text, "IP:ADDRESS with an IPv4 or IPv6 address such as 10.0.0.5 or ::1");
    }
    return SubjectAltName{SubjectAltName::Type::kIp, canonical_ip(value)};
  }
  if (prefix == "email") {
    std::string_view value = text.substr(colon + 1);
    std::size_t at = value.find('@');
    if (at == 0 || at == std::string_view::npos || !is_dns_name(value.substr(at + 1), false)) {
      return invalid(text, "email:USER@DOMAIN such as email:alice@example.com");
    }
    return SubjectAltName{SubjectAltName::Type::kEmail, std::string(value)};
  }
  // A bare value: an address literal (IPv6 has colons, so test it before complaining about the prefix).
  if (is_ip_address(text)) {
    return SubjectAltName{SubjectAltName::Type::kIp, canonical_ip(text)};
  }
  if (colon == std::string_view::npos && is_dns_name(text, true)) {
    return SubjectAltName{SubjectAltName::Type::kDns, lower(text)};
  }
  return invalid(text, kExpected);
}

core::Result<std::vector<SubjectAltName>> parse_subject_alt_names(const std::vector<std::string>& texts) {
  std::vector<SubjectAltName> parsed;
  for (const auto& text : texts) {
    auto entry = parse_subject_alt_name(text);
    if (!entry) {
      return core::Unexpected{entry.error()};
    }
    parsed.push_back(std::move(*entry));
  }
  return parsed;
}

SubjectAltName subject_alt_name_for_host(std::string_view host) {
  if (is_ip_address(host)) {
    return {SubjectAltName::Type::kIp, canonical_ip(host)};
  }
  return {SubjectAltName::Type::kDns, lower(host)};
}

std::vector<SubjectAltName> merge_subject_alt_names(std::vector<SubjectAltName> first,
                                                    const std::vector<SubjectAltName>& more) {
  for (const auto& entry : more) {
    if (std::find(first.begin(), first.end(), entry) == first.end()) {
      first.push_back(entry);
    }
  }
  return first;
}

}  // namespace opsdeck::certs
