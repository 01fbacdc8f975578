// CertsSnapshot: the certificate directory as the Certificates view sees it, published by CertsEngine
// (list() builds one; the console keeps the latest in a core::Published<CertsSnapshot> slot). Immutable
// values, no OpenSSL: a view renders it without any I/O.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "backend/certs/cert_info.hpp"

namespace opsdeck::certs {

// A CSR whose certificate has not come back yet (hosts/NAME.csr without hosts/NAME.crt).
struct PendingRequest {
  CertKind kind = CertKind::kHost;
  std::string name;
  std::filesystem::path csr_path;
};

// A file that is in the directory but could not be read as a certificate; listing goes on without it.
struct ListingProblem {
  std::filesystem::path path;
  std::string message;
};

struct CertsSnapshot {
  std::filesystem::path directory;
  std::vector<CertificateInfo> certificates;  // CAs first, then hosts, then users; by name within each
  std::vector<PendingRequest> pending;
  std::vector<ListingProblem> problems;
  std::int64_t taken_at = 0;  // unix seconds; days left are computed against the console's clock
  bool loaded = false;        // false until the engine published once
  std::string error;          // set when the directory itself could not be read
};

}  // namespace opsdeck::certs
