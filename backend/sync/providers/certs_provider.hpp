// The `certs` provider: certificate files (*.crt, *.pem, *.cer, *.der; PEM bundles too) under the
// configured directories, decoded with backend/certs. Each directory is a scope "certs:<dir>". Nodes:
// Certificate (id "cert:<SHA-256 fingerprint>": subject, issuer, SANs, serial, validity, CA flag, file) and
// CertificateIssuer for issuers whose certificate is not in any scanned directory. Relationships: ISSUED_BY
// (certificate -> its CA's Certificate node, matched on the issuer's subject, or the CertificateIssuer).
// A file that is not a certificate (keys, CSRs, garbage) is skipped and counted, never fails the sync.
#pragma once

#include <filesystem>
#include <vector>

#include "backend/sync/provider.hpp"

namespace opsdeck::sync {

class CertsProvider final : public Provider {
 public:
  explicit CertsProvider(std::vector<std::filesystem::path> directories);
  std::string_view name() const override { return "certs"; }
  std::vector<ResourceScope> resources() const override;
  core::Status load(ProviderContext& context) override;

 private:
  std::vector<std::filesystem::path> directories_;
};

}  // namespace opsdeck::sync
