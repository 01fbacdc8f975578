// Loading certificates, keys and CAs from the directory layout.
#include "backend/certs/cert_directory.hpp"

#include <algorithm>

#include "backend/certs/pem_codec.hpp"
#include "backend/certs/x509_fields.hpp"
#include "backend/core/time_format.hpp"

namespace opsdeck::certs {
namespace {

using core::ErrorCategory;

constexpr CertKind kAllKinds[] = {CertKind::kCa, CertKind::kHost, CertKind::kUser};

}  // namespace

core::Result<X509Ptr> CertDirectory::load_certificate(CertKind kind, std::string_view name) const {
  auto path = layout_.certificate_path(kind, name);
  auto text = read_small_file(path, display(path));
  if (!text) {
    return core::Unexpected{text.error()};
  }
  return certificate_from_pem(*text, display(path));
}

core::Result<PkeyPtr> CertDirectory::load_key(CertKind kind, std::string_view name, X509* certificate) const {
  auto path = layout_.key_path(kind, name);
  auto text = read_small_file(path, display(path));
  if (!text) {
    return core::Unexpected{text.error()};
  }
  auto key = private_key_from_pem(*text, display(path));
  if (!key) {
    return key;
  }
  if (certificate != nullptr && X509_check_private_key(certificate, key->get()) != 1) {
    drain_openssl_errors();
    return core::fail(ErrorCategory::kInvalidInput,
                      display(path) + " does not belong to " + display(layout_.certificate_path(kind, name)) +
                          " (the key does not match the certificate's public key)");
  }
  return key;
}

core::Result<LoadedCertificate> CertDirectory::find_certificate(std::string_view name,
                                                                std::optional<CertKind> kind) const {
  if (kind) {
    OPSDECK_TRY(validate_name(*kind, name));
  } else if (name.empty() || name.find('/') != std::string_view::npos ||
             name.find("..") != std::string_view::npos) {
    return core::fail(ErrorCategory::kInvalidInput, "certificate name \"" + std::string(name) +
                                                        "\": expected a CA, host or USER@HOST name");
  }
  std::vector<CertKind> found;
  for (CertKind candidate : kAllKinds) {
    if ((!kind || *kind == candidate) && std::filesystem::exists(layout_.certificate_path(candidate, name))) {
      found.push_back(candidate);
    }
  }
  if (found.empty()) {
    std::string where = kind ? std::string(directory_name(*kind)) + "/" : "cas/, hosts/ or users/";
    return core::fail(ErrorCategory::kNotFound, "no certificate named \"" + std::string(name) + "\" in " +
                                                    where + " under " + layout_.root().string());
  }
  if (found.size() > 1) {
    std::string kinds;
    for (CertKind candidate : found) {
      kinds += (kinds.empty() ? "" : ", ") + std::string(to_string(candidate));
    }
    return core::fail(ErrorCategory::kInvalidInput, "\"" + std::string(name) + "\" is both a " + kinds +
                                                        " certificate; say which with --type");
  }
  auto certificate = load_certificate(found.front(), name);
  if (!certificate) {
    return core::Unexpected{certificate.error()};
  }
  return LoadedCertificate{found.front(), std::string(name), std::move(*certificate)};
}

core::Result<LoadedAuthority> CertDirectory::load_signing_authority(std::string_view ca_name,
                                                                    std::int64_t now) const {
  if (auto valid = validate_ca_name(ca_name); !valid) {
    return core::Unexpected{valid.error()};
  }
  auto path = layout_.certificate_path(CertKind::kCa, ca_name);
  if (!std::filesystem::exists(path)) {
    return core::fail(ErrorCategory::kNotFound, "unknown CA \"" + std::string(ca_name) + "\" (no " +
                                                    display(path) + " in " + layout_.root().string() + ")");
  }
  auto certificate = load_certificate(CertKind::kCa, ca_name);
  if (!certificate) {
    return core::Unexpected{certificate.error()};
  }
  X509* raw = certificate->get();
  if (X509_check_ca(raw) == 0 || (X509_get_extension_flags(raw) & EXFLAG_CA) == 0) {
    return core::fail(ErrorCategory::kInvalidInput,
                      display(path) + " is not a CA certificate (basicConstraints CA:TRUE missing)");
  }
  if ((X509_get_extension_flags(raw) & EXFLAG_KUSAGE) != 0 &&
      (X509_get_key_usage(raw) & KU_KEY_CERT_SIGN) == 0) {
    return core::fail(ErrorCategory::kInvalidInput,
                      display(path) + " may not sign certificates (no keyCertSign)");
  }
  std::int64_t not_after = to_unix_seconds(X509_get0_notAfter(raw));
  if (now >= not_after) {
    return core::fail(ErrorCategory::kInvalidInput,
                      "CA \"" + std::string(ca_name) + "\" expired on " + core::format_utc_date(not_after) +
                          "; renew it (certs renew " + std::string(ca_name) + ") before signing with it");
  }
  std::int64_t not_before = to_unix_seconds(X509_get0_notBefore(raw));
  if (now < not_before) {
    return core::fail(
        ErrorCategory::kInvalidInput,
        "CA \"" + std::string(ca_name) + "\" is not valid before " + core::format_utc_date(not_before));
  }
  auto key_path = layout_.key_path(CertKind::kCa, ca_name);
  if (!std::filesystem::exists(key_path)) {
    return core::fail(ErrorCategory::kNotFound, "CA \"" + std::string(ca_name) + "\" has no key (" +
                                                    display(key_path) +
                                                    "): it can be trusted but cannot sign");
  }
  auto key = load_key(CertKind::kCa, ca_name, raw);
  if (!key) {
    return core::Unexpected{key.error()};
  }
  return LoadedAuthority{std::string(ca_name), std::move(*certificate), std::move(*key)};
}

core::Result<LoadedAuthority> CertDirectory::find_issuer(X509* certificate, bool need_key) const {
  for (const auto& name : names(CertKind::kCa)) {
    auto candidate = load_certificate(CertKind::kCa, name);
    if (!candidate) {
      continue;  // an unreadable CA cannot be the issuer; listing reports it
    }
    EVP_PKEY* public_key = X509_get0_pubkey(candidate->get());
    bool issued = X509_check_issued(candidate->get(), certificate) == X509_V_OK && public_key != nullptr &&
                  X509_verify(certificate, public_key) == 1;
    drain_openssl_errors();
    if (!issued) {
      continue;
    }
    LoadedAuthority authority{name, std::move(*candidate), nullptr};
    if (need_key) {
      auto key = load_key(CertKind::kCa, name, authority.certificate.get());
      if (!key) {
        return core::Unexpected{key.error()};
      }
      authority.key = std::move(*key);
    }
    return authority;
  }
  return core::fail(ErrorCategory::kNotFound, "the issuer \"" + one_line(X509_get_issuer_name(certificate)) +
                                                  "\" is not a CA in " + layout_.root().string() + "/cas");
}

std::vector<std::string> CertDirectory::names(CertKind kind, std::string_view extension) const {
  std::vector<std::string> names;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(layout_.directory(kind), error)) {
    const auto& path = entry.path();
    std::string file = path.filename().string();
    if (path.extension() == extension && !file.starts_with(".") && entry.is_regular_file(error)) {
      names.push_back(path.stem().string());
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace opsdeck::certs
