// The certificate directory, laid out as Synapse's easycert does, plus crls/:
//
//   cas/NAME.crt  cas/NAME.key                  CAs (a CA's key never leaves cas/)
//   hosts/HOST.crt  hosts/HOST.key  HOST.csr    server certificates
//   users/USER@HOST.crt  .key  .csr  .p12       client certificates
//   crls/CA.crl                                 one CRL per CA, re-signed on every revocation
//
// Directories are 0700 and keys 0600. This file knows paths only; reading and writing live elsewhere.
#pragma once

#include <filesystem>
#include <string_view>

#include "backend/certs/cert_name.hpp"
#include "backend/core/result.hpp"

namespace opsdeck::certs {

class CertLayout {
 public:
  explicit CertLayout(std::filesystem::path root) : root_(std::move(root)) {}

  const std::filesystem::path& root() const { return root_; }
  std::filesystem::path directory(CertKind kind) const;
  std::filesystem::path crl_directory() const { return root_ / "crls"; }

  std::filesystem::path certificate_path(CertKind kind, std::string_view name) const;
  std::filesystem::path key_path(CertKind kind, std::string_view name) const;
  std::filesystem::path csr_path(CertKind kind, std::string_view name) const;
  std::filesystem::path pkcs12_path(CertKind kind, std::string_view name) const;
  std::filesystem::path crl_path(std::string_view ca_name) const;

  // "hosts/db.crt": a path relative to the root, for messages that stay short.
  std::string relative(const std::filesystem::path& path) const;

  // Creates the root and cas/, hosts/, users/, crls/ as needed, each 0700 (created ones only: a directory
  // the user made and loosened on purpose is left alone).
  core::Status ensure_directories() const;

 private:
  std::filesystem::path file(CertKind kind, std::string_view name, std::string_view extension) const;

  std::filesystem::path root_;
};

inline constexpr unsigned kDirectoryMode = 0700;
inline constexpr unsigned kPrivateFileMode = 0600;  // keys, PKCS#12 bundles
inline constexpr unsigned kPublicFileMode = 0644;   // certificates, CSRs, CRLs (inside a 0700 directory)

}  // namespace opsdeck::certs
