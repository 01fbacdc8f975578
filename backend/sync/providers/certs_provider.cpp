#include "backend/sync/providers/certs_provider.hpp"

#include <map>
#include <set>

#include "backend/certs/cert_inspection.hpp"
#include "backend/certs/pem_codec.hpp"

namespace opsdeck::sync {
namespace {

std::string scope_of(const std::filesystem::path& directory) {
  return "certs:" + directory.lexically_normal().string();
}

bool is_certificate_file(const std::filesystem::path& path) {
  static const std::set<std::string> kExtensions = {".crt", ".pem", ".cer", ".der"};
  return kExtensions.contains(path.extension().string());
}

struct Found {
  certs::CertificateInfo info;
  std::filesystem::path file;
  std::string scope;
};

std::string fingerprint_id(const std::string& fingerprint) {
  std::string id = "cert:";
  for (char c : fingerprint) {
    if (c != ':') {
      id += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return id;
}

}  // namespace

CertsProvider::CertsProvider(std::vector<std::filesystem::path> directories)
    : directories_(std::move(directories)) {
}

std::vector<ResourceScope> CertsProvider::resources() const {
  std::vector<ResourceScope> resources;
  for (const auto& directory : directories_) {
    resources.push_back(ResourceScope{ResourceScope::Kind::kNode, "Certificate", scope_of(directory)});
    resources.push_back(ResourceScope{ResourceScope::Kind::kNode, "CertificateIssuer", scope_of(directory)});
    resources.push_back(ResourceScope{ResourceScope::Kind::kRelationship, "ISSUED_BY", scope_of(directory)});
  }
  return resources;
}

core::Status CertsProvider::load(ProviderContext& context) {
  // Read everything first: a certificate's CA may sit in another directory or later in the walk.
  std::map<std::string, Found> by_id;  // one node per certificate, even when copies sit in several places
  std::size_t skipped = 0;
  for (const auto& directory : directories_) {
    std::error_code error;
    if (!std::filesystem::is_directory(directory, error)) {
      // A configured directory that is not there is an error: syncing it as empty would delete its nodes.
      return core::fail(core::ErrorCategory::kNotFound, "certs provider: directory " + directory.string() +
                                                            " does not exist (sync.cert_dirs)");
    }
    for (std::filesystem::recursive_directory_iterator it(directory, error), end; !error && it != end;
         it.increment(error)) {
      if (context.job.cancelled()) {
        return core::fail(core::ErrorCategory::kCancelled, "certs provider cancelled");
      }
      if (!it->is_regular_file(error) || !is_certificate_file(it->path())) {
        continue;
      }
      auto bytes = certs::read_small_file(it->path(), it->path().string());
      if (!bytes.ok()) {
        ++skipped;
        continue;
      }
      std::vector<certs::X509Ptr> certificates;
      if (certs::pem_contains(*bytes, "CERTIFICATE")) {
        auto parsed = certs::certificates_from_pem(*bytes, it->path().string());
        if (parsed.ok()) {
          certificates = std::move(*parsed);
        }
      } else if (!certs::looks_like_pem(*bytes)) {
        auto parsed = certs::certificate_from_bytes(*bytes, it->path().string());
        if (parsed.ok()) {
          certificates.push_back(std::move(*parsed));
        }
      }
      if (certificates.empty()) {
        ++skipped;
        continue;
      }
      for (const auto& certificate : certificates) {
        auto info = certs::inspect_certificate(certificate.get());
        by_id.try_emplace(fingerprint_id(info.sha256_fingerprint),
                          Found{info, it->path(), scope_of(directory)});
      }
    }
    if (error) {
      return core::fail(core::ErrorCategory::kIo,
                        "certs provider: cannot read " + directory.string() + ": " + error.message());
    }
  }
  std::map<std::string, std::string> ca_by_subject;
  for (const auto& [id, found] : by_id) {
    if (found.info.is_ca) {
      ca_by_subject.emplace(found.info.subject, id);
    }
  }
  context.job.set_total(static_cast<double>(by_id.size()), "certificates");
  for (const auto& [id, found] : by_id) {
    const auto& info = found.info;
    OPSDECK_TRY(context.sink.add_node(GraphNode{"Certificate",
                                                id,
                                                found.scope,
                                                {{"subject", info.subject},
                                                 {"issuer", info.issuer},
                                                 {"serial", info.serial},
                                                 {"subject_alt_names", info.subject_alt_names},
                                                 {"not_before", info.not_before},
                                                 {"not_after", info.not_after},
                                                 {"is_ca", info.is_ca},
                                                 {"self_signed", info.self_signed},
                                                 {"key_type", info.key_type},
                                                 {"sha256_fingerprint", info.sha256_fingerprint},
                                                 {"file", found.file.string()}}}));
    if (!info.self_signed) {
      auto ca = ca_by_subject.find(info.issuer);
      if (ca != ca_by_subject.end() && ca->second != id) {
        OPSDECK_TRY(context.sink.add_relationship(
            GraphRelationship{"ISSUED_BY", "Certificate", id, "Certificate", ca->second, found.scope, {}}));
      } else {
        std::string issuer_id = "issuer:" + info.issuer.substr(0, 240);
        OPSDECK_TRY(context.sink.add_node(
            GraphNode{"CertificateIssuer", issuer_id, found.scope, {{"subject", info.issuer}}}));
        OPSDECK_TRY(context.sink.add_relationship(GraphRelationship{
            "ISSUED_BY", "Certificate", id, "CertificateIssuer", issuer_id, found.scope, {}}));
      }
    }
    context.job.advance(1);
  }
  if (skipped > 0) {
    context.job.message(std::to_string(skipped) + " files were not certificates and were skipped");
  }
  return {};
}

}  // namespace opsdeck::sync
