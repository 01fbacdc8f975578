// CertDirectory: reading what is in the certificate directory, with errors that name the file and say what
// was expected: "unknown CA \"vertex\" (no cas/vertex.crt in /home/a/certs)", "cas/vertex.key: not a valid
// PEM private key", "CA \"old\" expired on 2024-01-02; renew it before signing with it".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "backend/certs/cert_layout.hpp"
#include "backend/certs/openssl_handles.hpp"
#include "backend/core/result.hpp"

namespace opsdeck::certs {

struct LoadedCertificate {
  CertKind kind = CertKind::kHost;
  std::string name;
  X509Ptr certificate;
};

struct LoadedAuthority {
  std::string name;
  X509Ptr certificate;
  PkeyPtr key;  // null when only the certificate is here (an imported outside CA)
};

class CertDirectory {
 public:
  explicit CertDirectory(CertLayout layout) : layout_(std::move(layout)) {}
  const CertLayout& layout() const { return layout_; }

  // NAME in cas/, hosts/ or users/ (only in `kind` when given). kNotFound when absent; kInvalidInput when
  // the name is in more than one folder and no kind was given (the message lists them).
  core::Result<LoadedCertificate> find_certificate(std::string_view name, std::optional<CertKind> kind) const;
  core::Result<X509Ptr> load_certificate(CertKind kind, std::string_view name) const;
  // The key, checked against `certificate` when one is given.
  core::Result<PkeyPtr> load_key(CertKind kind, std::string_view name, X509* certificate = nullptr) const;
  // A CA that may sign now: certificate and key present and matching, CA:TRUE with keyCertSign, inside its
  // validity period. The message names the CA and what is wrong.
  core::Result<LoadedAuthority> load_signing_authority(std::string_view ca_name, std::int64_t now) const;
  // The CA in cas/ that issued `certificate` (its signature verifies with the CA's key); kNotFound otherwise.
  // A self-signed certificate is its own issuer; it is found under its own name.
  core::Result<LoadedAuthority> find_issuer(X509* certificate, bool need_key) const;
  // The names of the certificates in one folder (file stems of *.crt), sorted.
  std::vector<std::string> names(CertKind kind, std::string_view extension = ".crt") const;

  std::string display(const std::filesystem::path& path) const { return layout_.relative(path); }

 private:
  CertLayout layout_;
};

}  // namespace opsdeck::certs
