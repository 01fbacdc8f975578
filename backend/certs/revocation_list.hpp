// Certificate revocation lists, one per CA under crls/. A revocation re-signs the whole CRL from the list
// of entries (the CRL itself is the revocation database: nothing else to keep in step), with a CRL number
// one higher and a fresh nextUpdate.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "backend/certs/openssl_handles.hpp"
#include "backend/core/result.hpp"

namespace opsdeck::certs {

struct RevokedEntry {
  std::string serial_hex;  // upper-case hex, as serial_hex() gives it
  std::int64_t revoked_at = 0;
  friend bool operator==(const RevokedEntry&, const RevokedEntry&) = default;
};

inline constexpr int kDefaultCrlDays = 30;

std::vector<RevokedEntry> revoked_entries(const X509_CRL* crl);
// The CRL number extension, 0 when absent.
std::int64_t crl_number_of(const X509_CRL* crl);

struct CrlSpec {
  std::vector<RevokedEntry> entries;
  std::int64_t this_update = 0;  // unix seconds
  int days = kDefaultCrlDays;    // nextUpdate = this_update + days
  std::int64_t number = 1;
};

// A v2 CRL signed by the CA, with authorityKeyIdentifier and cRLNumber.
core::Result<X509CrlPtr> build_crl(X509* ca_certificate, EVP_PKEY* ca_key, const CrlSpec& spec);

}  // namespace opsdeck::certs
