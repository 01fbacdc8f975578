// What a certificate is (CA, host, user) and which names each may have. Names become file names under the
// certificate directory and the subject's common name, so they are checked before anything else happens:
// no '/', no "..", no control characters, at most 64 characters (the X.509 limit for a common name).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "backend/core/result.hpp"

namespace opsdeck::certs {

enum class CertKind { kCa, kHost, kUser };

std::string_view to_string(CertKind kind);       // "ca", "host", "user"
std::string_view directory_name(CertKind kind);  // "cas", "hosts", "users"
// "ca", "host"/"server", "user"/"client" (any case); nullopt otherwise.
std::optional<CertKind> parse_cert_kind(std::string_view text);

inline constexpr std::size_t kMaxNameLength = 64;

// A CA name: letters, digits, '.', '_' and '-', not starting with '.' or '-' ("vertex", "ops-root-2024").
core::Status validate_ca_name(std::string_view name);
// A host: a DNS name (labels of letters, digits and '-', joined by '.') or an IPv4/IPv6 address.
core::Status validate_host_name(std::string_view name);
// A user: USER@HOST, USER of letters, digits, '.', '_', '+' and '-'; HOST as validate_host_name.
core::Status validate_user_name(std::string_view name);
core::Status validate_name(CertKind kind, std::string_view name);

// True when `text` is an IPv4 or IPv6 address literal.
bool is_ip_address(std::string_view text);
// True for a DNS name; `allow_wildcard` accepts a leading "*." label (subjectAltName only).
bool is_dns_name(std::string_view text, bool allow_wildcard);

// The kind a bare name suggests: USER@HOST is a user, anything else a host (CAs are always named).
CertKind kind_for_leaf_name(std::string_view name);

}  // namespace opsdeck::certs
