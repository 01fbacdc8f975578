// CertsEngine::export_pkcs12: a host's or user's certificate, key and CA chain in one passphrase-protected
// PKCS#12 file (AES-256-CBC and PBKDF2, OpenSSL 3's defaults), for browsers and Java key stores. A CA's key
// never leaves cas/, so CAs are refused.
#include "backend/certs/atomic_file_set.hpp"
#include "backend/certs/cert_listing.hpp"
#include "backend/certs/certs_engine.hpp"
#include "backend/certs/x509_fields.hpp"

namespace opsdeck::certs {

using core::ErrorCategory;

namespace {

constexpr int kMaxChainLength = 8;

}  // namespace

core::Result<CertsOutcome> CertsEngine::export_pkcs12(const Pkcs12Request& request) {
  CertDirectory directory{CertLayout(settings_.directory)};
  auto found = directory.find_certificate(request.name, request.kind);
  if (!found) {
    return core::Unexpected{found.error()};
  }
  if (found->kind == CertKind::kCa) {
    return core::fail(ErrorCategory::kInvalidInput,
                      "\"" + request.name +
                          "\" is a CA: its key never leaves cas/; export its "
                          "certificate (" +
                          directory.display(directory.layout().certificate_path(CertKind::kCa, found->name)) +
                          ") instead");
  }
  if (request.passphrase.empty()) {
    return core::fail(ErrorCategory::kInvalidInput,
                      "a PKCS#12 export needs a passphrase (from the prompt or --passphrase-env VAR)");
  }
  X509* certificate = found->certificate.get();
  auto key = directory.load_key(found->kind, found->name, certificate);
  if (!key) {
    return core::Unexpected{key.error()};
  }

  CertsOutcome outcome;
  X509StackPtr chain(sk_X509_new_null());
  X509* current = certificate;
  std::vector<X509Ptr> issuers;
  for (int depth = 0; depth < kMaxChainLength && X509_self_signed(current, 0) != 1; ++depth) {
    auto issuer = directory.find_issuer(current, false);
    if (!issuer) {
      outcome.notes.push_back("the chain stops at \"" + one_line(X509_get_issuer_name(current)) +
                              "\", which is not in cas/");
      break;
    }
    issuers.push_back(std::move(issuer->certificate));
    current = issuers.back().get();
    if (sk_X509_push(chain.get(), X509_dup(current)) == 0) {
      return core::fail(ErrorCategory::kInternal, "cannot build the certificate chain");
    }
  }

  const std::string& pass = request.passphrase.reveal();
  Pkcs12Ptr bundle(
      PKCS12_create(pass.c_str(), found->name.c_str(), key->get(), certificate, chain.get(), 0, 0, 0, 0, 0));
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bundle || !bio || i2d_PKCS12_bio(bio.get(), bundle.get()) != 1) {
    return core::fail(ErrorCategory::kInternal, with_openssl_reason("cannot build the PKCS#12 file"));
  }
  char* data = nullptr;
  long length = BIO_get_mem_data(bio.get(), &data);

  auto output = request.output.value_or(directory.layout().pkcs12_path(found->kind, found->name));
  auto parent = output.parent_path().empty() ? std::filesystem::path(".") : output.parent_path();
  if (!std::filesystem::is_directory(parent)) {
    return core::fail(ErrorCategory::kNotFound,
                      "cannot write " + output.string() + ": " + parent.string() + " is not a directory");
  }
  AtomicFileSet files(directory.layout().root());
  files.add(output, std::string(data, static_cast<std::size_t>(length)), kPrivateFileMode, request.force);
  OPSDECK_TRY(files.commit());

  outcome.certificate =
      describe_entry(directory, found->kind, found->name, certificate, RevocationIndex(), false);
  outcome.written.push_back({output, "p12"});
  return outcome;
}

}  // namespace opsdeck::certs
