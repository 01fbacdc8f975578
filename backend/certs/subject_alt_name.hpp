// subjectAltName entries as the CLI and the forms take them: "DNS:db.example.com", "IP:10.0.0.5",
// "IP:::1", "email:alice@example.com", or a bare value (an address is IP, anything else DNS). Socket-free
// and OpenSSL-free so that it is unit-tested and fuzzable on its own.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "backend/core/result.hpp"

namespace opsdeck::certs {

struct SubjectAltName {
  enum class Type { kDns, kIp, kEmail };
  Type type = Type::kDns;
  std::string value;  // DNS names lower-cased, IP addresses in canonical text form

  // "DNS:db.example.com", "IP:10.0.0.5": the form openssl x509 -text prints and --san accepts.
  std::string describe() const;
  friend bool operator==(const SubjectAltName&, const SubjectAltName&) = default;
};

core::Result<SubjectAltName> parse_subject_alt_name(std::string_view text);
// Every entry parsed; the first bad one fails the lot (its message names it).
core::Result<std::vector<SubjectAltName>> parse_subject_alt_names(const std::vector<std::string>& texts);

// The entry a host name implies: IP:ADDRESS for an address literal, DNS:NAME otherwise.
SubjectAltName subject_alt_name_for_host(std::string_view host);

// `first` followed by the entries of `more` not already present, order kept.
std::vector<SubjectAltName> merge_subject_alt_names(std::vector<SubjectAltName> first,
                                                    const std::vector<SubjectAltName>& more);

}  // namespace opsdeck::certs
