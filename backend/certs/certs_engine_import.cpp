// CertsEngine::import: a certificate from elsewhere (PEM, DER or PKCS#12, with or without its key) put into
// the layout. The common case is the certificate an outside CA returned for one of our CSRs: it must match
// the key we kept.
#include "backend/certs/atomic_file_set.hpp"
#include "backend/certs/cert_listing.hpp"
#include "backend/certs/certs_engine.hpp"
#include "backend/certs/pem_codec.hpp"
#include "backend/certs/x509_fields.hpp"

namespace opsdeck::certs {

using core::ErrorCategory;

namespace {

struct ImportedMaterial {
  X509Ptr certificate;
  PkeyPtr key;  // may be null
};

core::Result<ImportedMaterial> read_pkcs12(std::string_view bytes, const std::string& source,
                                           const core::Secret& passphrase) {
  BioPtr bio(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())));
  Pkcs12Ptr bundle(d2i_PKCS12_bio(bio.get(), nullptr));
  if (!bundle) {
    return core::fail(ErrorCategory::kInvalidInput,
                      with_openssl_reason(source + ": not a certificate (expected PEM, DER or PKCS#12)"));
  }
  const std::string& pass = passphrase.reveal();
  if (PKCS12_verify_mac(bundle.get(), pass.c_str(), static_cast<int>(pass.size())) != 1) {
    drain_openssl_errors();
    return core::fail(ErrorCategory::kInvalidInput,
                      passphrase.empty() ? source + ": the PKCS#12 file is protected; a passphrase is needed"
                                         : source + ": wrong passphrase for the PKCS#12 file");
  }
  EVP_PKEY* key = nullptr;
  X509* certificate = nullptr;
  STACK_OF(X509)* chain = nullptr;
  if (PKCS12_parse(bundle.get(), pass.c_str(), &key, &certificate, &chain) != 1) {
    return core::fail(ErrorCategory::kInvalidInput,
                      with_openssl_reason(source + ": cannot read the PKCS#12 file"));
  }
  X509StackPtr chain_owner(chain);
  ImportedMaterial material{X509Ptr(certificate), PkeyPtr(key)};
  if (!material.certificate) {
    return core::fail(ErrorCategory::kInvalidInput, source + ": the PKCS#12 file holds no certificate");
  }
  return material;
}

core::Result<ImportedMaterial> read_material(const ImportRequest& request) {
  std::string source = request.file.string();
  auto bytes = read_small_file(request.file, source);
  if (!bytes) {
    return core::Unexpected{bytes.error()};
  }
  ImportedMaterial material;
  if (looks_like_pem(*bytes)) {
    auto certificates = certificates_from_pem(*bytes, source);
    if (!certificates) {
      return core::Unexpected{certificates.error()};
    }
    material.certificate = std::move(certificates->front());
    if (bytes->find("PRIVATE KEY-----") != std::string::npos) {
      auto key = private_key_from_pem(*bytes, source, request.passphrase);
      if (!key) {
        return core::Unexpected{key.error()};
      }
      material.key = std::move(*key);
    }
  } else {
    const auto* data = reinterpret_cast<const unsigned char*>(bytes->data());
    material.certificate.reset(d2i_X509(nullptr, &data, static_cast<long>(bytes->size())));
    if (!material.certificate) {
      drain_openssl_errors();
      auto bundle = read_pkcs12(*bytes, source, request.passphrase);
      if (!bundle) {
        return core::Unexpected{bundle.error()};
      }
      material = std::move(*bundle);
    }
  }
  if (request.key_file) {
    if (material.key) {
      return core::fail(ErrorCategory::kInvalidInput, source + " already holds a key; drop --key");
    }
    std::string key_source = request.key_file->string();
    auto text = read_small_file(*request.key_file, key_source);
    if (!text) {
      return core::Unexpected{text.error()};
    }
    auto key = private_key_from_pem(*text, key_source, request.passphrase);
    if (!key) {
      return core::Unexpected{key.error()};
    }
    material.key = std::move(*key);
  }
  if (material.key && X509_check_private_key(material.certificate.get(), material.key.get()) != 1) {
    drain_openssl_errors();
    return core::fail(ErrorCategory::kInvalidInput,
                      "the key " + (request.key_file ? request.key_file->string() : "in " + source) +
                          " does not match the certificate in " + source);
  }
  return material;
}

}  // namespace

core::Result<CertsOutcome> CertsEngine::import(const ImportRequest& request) {
  auto material = read_material(request);
  if (!material) {
    return core::Unexpected{material.error()};
  }
  X509* certificate = material->certificate.get();
  std::string source = request.file.string();
  const bool is_ca = (X509_get_extension_flags(certificate) & EXFLAG_CA) != 0;
  std::string name = request.name.empty() ? common_name_of(X509_get_subject_name(certificate)) : request.name;
  if (name.empty()) {
    return core::fail(ErrorCategory::kInvalidInput,
                      source + ": the certificate has no common name; give one with --name");
  }
  CertKind kind = request.kind.value_or(is_ca ? CertKind::kCa : kind_for_leaf_name(name));
  if (is_ca && kind != CertKind::kCa) {
    return core::fail(ErrorCategory::kInvalidInput,
                      source + " is a CA certificate (CA:TRUE); it goes to cas/ (--type ca)");
  }
  if (!is_ca && kind == CertKind::kCa) {
    return core::fail(
        ErrorCategory::kInvalidInput,
        source + " is not a CA certificate (no basicConstraints CA:TRUE); import it as a host or user");
  }
  if (auto valid = validate_name(kind, name); !valid) {
    return core::fail(ErrorCategory::kInvalidInput,
                      source + ": " + valid.error().message +
                          (request.name.empty() ? " (from the certificate's CN; "
                                                  "choose one with --name)"
                                                : ""));
  }

  CertDirectory directory{CertLayout(settings_.directory)};
  const CertLayout& layout = directory.layout();
  auto key_path = layout.key_path(kind, name);
  if (!material->key && std::filesystem::exists(key_path)) {
    // The certificate an outside CA returned for our CSR: it must be for the key we kept.
    auto kept = directory.load_key(kind, name);
    if (!kept) {
      return core::Unexpected{kept.error()};
    }
    if (X509_check_private_key(certificate, kept->get()) != 1) {
      drain_openssl_errors();
      return core::fail(ErrorCategory::kInvalidInput, "the certificate in " + source + " is not for " +
                                                          directory.display(key_path) +
                                                          " (its public key does not match)");
    }
  }

  AtomicFileSet files(layout.root());
  files.add(layout.certificate_path(kind, name), to_pem(certificate), kPublicFileMode, request.force);
  if (material->key) {
    files.add(key_path, private_key_to_pem(material->key.get()), kPrivateFileMode, request.force);
  }
  OPSDECK_TRY(files.check_targets());
  OPSDECK_TRY(layout.ensure_directories());
  OPSDECK_TRY(files.commit());

  CertsOutcome outcome;
  outcome.certificate =
      describe_entry(directory, kind, name, certificate, RevocationIndex::load(directory, nullptr), false);
  outcome.written.push_back({files.files()[0].path, "cert"});
  if (material->key) {
    outcome.written.push_back({key_path, "key"});
  }
  if (kind == CertKind::kCa && !material->key) {
    outcome.notes.push_back("CA \"" + name +
                            "\" was imported without its key: it is trusted, but cannot sign");
  }
  return outcome;
}

}  // namespace opsdeck::certs
