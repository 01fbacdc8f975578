// CSR build and read. Only the CN and the requested subjectAltName are taken from a CSR; any other subject
// field or extension an outsider asks for is ignored, as a CA should.
#include "backend/certs/cert_request.hpp"

#include "backend/certs/cert_builder.hpp"
#include "backend/certs/key_generation.hpp"
#include "backend/certs/x509_fields.hpp"

namespace opsdeck::certs {
namespace {

using core::ErrorCategory;

}  // namespace

core::Result<X509RequestPtr> build_request(const std::string& common_name,
                                           const std::vector<SubjectAltName>& subject_alt_names,
                                           EVP_PKEY* key) {
  X509RequestPtr request(X509_REQ_new());
  if (!request || X509_REQ_set_version(request.get(), X509_REQ_VERSION_1) != 1 ||
      X509_REQ_set_pubkey(request.get(), key) != 1) {
    return core::fail(ErrorCategory::kInternal, with_openssl_reason("cannot allocate a CSR"));
  }
  X509_NAME* name = X509_REQ_get_subject_name(request.get());
  if (X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                                 reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1,
                                 0) != 1) {
    return core::fail(ErrorCategory::kInvalidInput,
                      with_openssl_reason("common name \"" + common_name + "\" is not allowed in a CSR"));
  }
  if (!subject_alt_names.empty()) {
    auto extension = make_subject_alt_name_extension(subject_alt_names);
    if (!extension) {
      return core::Unexpected{extension.error()};
    }
    ExtensionStackPtr extensions(sk_X509_EXTENSION_new_null());
    if (!extensions || sk_X509_EXTENSION_push(extensions.get(), extension->get()) == 0) {
      return core::fail(ErrorCategory::kInternal, "cannot allocate the CSR extensions");
    }
    extension->release();  // the stack owns it now
    if (X509_REQ_add_extensions(request.get(), extensions.get()) != 1) {
      return core::fail(ErrorCategory::kInternal, with_openssl_reason("cannot add extensions to the CSR"));
    }
  }
  if (X509_REQ_sign(request.get(), key, signing_digest(key)) <= 0) {
    return core::fail(ErrorCategory::kInternal, with_openssl_reason("signing the CSR failed"));
  }
  return request;
}

core::Result<RequestContents> read_request(X509_REQ* request, std::string_view source) {
  RequestContents contents;
  contents.public_key.reset(X509_REQ_get_pubkey(request));
  if (!contents.public_key) {
    return core::fail(ErrorCategory::kInvalidInput,
                      with_openssl_reason(std::string(source) + ": the CSR has no usable public key"));
  }
  if (X509_REQ_verify(request, contents.public_key.get()) != 1) {
    return core::fail(
        ErrorCategory::kInvalidInput,
        with_openssl_reason(std::string(source) +
                            ": the CSR's signature does not verify (corrupted or tampered with)"));
  }
  contents.common_name = common_name_of(X509_REQ_get_subject_name(request));
  if (contents.common_name.empty()) {
    return core::fail(
        ErrorCategory::kInvalidInput,
        std::string(source) + ": the CSR has no common name (CN); expected CN=HOST or CN=USER@HOST");
  }
  ExtensionStackPtr extensions(X509_REQ_get_extensions(request));
  if (extensions) {
    GeneralNamesPtr names(static_cast<GENERAL_NAMES*>(
        X509V3_get_d2i(extensions.get(), NID_subject_alt_name, nullptr, nullptr)));
    if (names) {
      contents.subject_alt_names = to_subject_alt_names(names.get());
    }
  }
  drain_openssl_errors();
  return contents;
}

}  // namespace opsdeck::certs
