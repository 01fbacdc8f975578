// Certificate construction. Extensions go through X509V3_EXT_conf_nid with the issuer context set, which is
// how OpenSSL itself computes key identifiers; subjectAltName is built from GENERAL_NAMEs directly so that
// no user text is ever parsed as an OpenSSL config string.
#include "backend/certs/cert_builder.hpp"

#include <openssl/rand.h>

#include "backend/certs/key_generation.hpp"

namespace opsdeck::certs {
namespace {

using core::ErrorCategory;

core::Unexpected internal(std::string_view what) {
  return core::fail(ErrorCategory::kInternal, with_openssl_reason(what));
}

core::Status add_extension(X509* certificate, X509V3_CTX* context, int nid, const std::string& value) {
  X509ExtensionPtr extension(X509V3_EXT_conf_nid(nullptr, context, nid, value.c_str()));
  if (!extension || X509_add_ext(certificate, extension.get(), -1) != 1) {
    return internal(std::string("cannot add ") + OBJ_nid2sn(nid) + " \"" + value + "\"");
  }
  return {};
}

std::string basic_constraints(const CertificateSpec& spec) {
  if (spec.profile != CertProfile::kCa) {
    return "critical,CA:FALSE";
  }
  return spec.path_length ? "critical,CA:TRUE,pathlen:" + std::to_string(*spec.path_length)
                          : "critical,CA:TRUE";
}

std::string key_usage(const CertificateSpec& spec, EVP_PKEY* subject_key) {
  switch (spec.profile) {
    case CertProfile::kCa:
      return "critical,keyCertSign,cRLSign,digitalSignature";
    case CertProfile::kServer:
      // RSA key exchange (TLS 1.2 without ECDHE) encrypts to the server key; other key types only sign.
      return EVP_PKEY_get_base_id(subject_key) == EVP_PKEY_RSA ? "critical,digitalSignature,keyEncipherment"
                                                               : "critical,digitalSignature";
    case CertProfile::kClient:
      return "critical,digitalSignature";
  }
  return "critical,digitalSignature";
}

core::Status set_validity(X509* certificate, std::int64_t not_before, int days) {
  auto start = static_cast<time_t>(not_before);
  if (X509_time_adj_ex(X509_getm_notBefore(certificate), 0, 0, &start) == nullptr ||
      X509_time_adj_ex(X509_getm_notAfter(certificate), days, 0, &start) == nullptr) {
    return internal("cannot set the validity period");
  }
  return {};
}

core::Status set_subject(X509* certificate, const std::string& common_name) {
  X509_NAME* name = X509_get_subject_name(certificate);
  if (X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                                 reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1,
                                 0) != 1) {
    return core::fail(
        ErrorCategory::kInvalidInput,
        with_openssl_reason("common name \"" + common_name + "\" is not allowed in a certificate"));
  }
  return {};
}

}  // namespace

core::Result<Asn1IntegerPtr> random_serial() {
  unsigned char bytes[16];
  do {
    if (RAND_bytes(bytes, sizeof bytes) != 1) {
      return internal("the random generator failed");
    }
    bytes[0] &= 0x7f;
  } while (bytes[0] == 0);  // keep 16 significant bytes (and never zero)
  BignumPtr number(BN_bin2bn(bytes, sizeof bytes, nullptr));
  Asn1IntegerPtr serial(number ? BN_to_ASN1_INTEGER(number.get(), nullptr) : nullptr);
  if (!serial) {
    return internal("cannot make a serial number");
  }
  return serial;
}

core::Result<X509ExtensionPtr> make_subject_alt_name_extension(const std::vector<SubjectAltName>& names) {
  if (names.empty()) {
    return core::fail(ErrorCategory::kInternal, "subjectAltName without entries");
  }
  GeneralNamesPtr general_names(sk_GENERAL_NAME_new_null());
  for (const auto& entry : names) {
    GENERAL_NAME* name = nullptr;
    if (entry.type == SubjectAltName::Type::kIp) {
      name = a2i_GENERAL_NAME(nullptr, nullptr, nullptr, GEN_IPADD, entry.value.c_str(), 0);
    } else {
      int type = entry.type == SubjectAltName::Type::kDns ? GEN_DNS : GEN_EMAIL;
      name = a2i_GENERAL_NAME(nullptr, nullptr, nullptr, type, entry.value.c_str(), 0);
    }
    if (name == nullptr || sk_GENERAL_NAME_push(general_names.get(), name) == 0) {
      GENERAL_NAME_free(name);
      return core::fail(ErrorCategory::kInvalidInput,
                        with_openssl_reason("subjectAltName \"" + entry.describe() + "\" was refused"));
    }
  }
  X509ExtensionPtr extension(X509V3_EXT_i2d(NID_subject_alt_name, 0, general_names.get()));
  if (!extension) {
    return internal("cannot encode subjectAltName");
  }
  return extension;
}

core::Status sign_certificate(X509* certificate, EVP_PKEY* key) {
  if (X509_sign(certificate, key, signing_digest(key)) <= 0) {
    return internal("signing the certificate failed");
  }
  return {};
}

core::Result<X509Ptr> build_certificate(const CertificateSpec& spec, EVP_PKEY* subject_key,
                                        const SigningAuthority& issuer) {
  X509Ptr certificate(X509_new());
  if (!certificate || X509_set_version(certificate.get(), X509_VERSION_3) != 1) {
    return internal("cannot allocate a certificate");
  }
  auto serial = random_serial();
  if (!serial) {
    return core::Unexpected{serial.error()};
  }
  X509_set_serialNumber(certificate.get(), serial->get());
  OPSDECK_TRY(set_validity(certificate.get(), spec.not_before, spec.days));
  OPSDECK_TRY(set_subject(certificate.get(), spec.common_name));
  X509* issuer_certificate = issuer.certificate != nullptr ? issuer.certificate : certificate.get();
  if (X509_set_issuer_name(certificate.get(), X509_get_subject_name(issuer_certificate)) != 1 ||
      X509_set_pubkey(certificate.get(), subject_key) != 1) {
    return internal("cannot set issuer or public key");
  }

  X509V3_CTX context;
  X509V3_set_ctx(&context, issuer_certificate, certificate.get(), nullptr, nullptr, 0);
  if (issuer.certificate == nullptr) {
    // Self-signed: the authority key identifier comes from our own key.
    X509V3_set_issuer_pkey(&context, issuer.key);
  }
  OPSDECK_TRY(add_extension(certificate.get(), &context, NID_basic_constraints, basic_constraints(spec)));
  OPSDECK_TRY(add_extension(certificate.get(), &context, NID_key_usage, key_usage(spec, subject_key)));
  if (spec.profile != CertProfile::kCa) {
    OPSDECK_TRY(add_extension(certificate.get(), &context, NID_ext_key_usage,
                              spec.profile == CertProfile::kServer ? "serverAuth" : "clientAuth"));
  }
  if (!spec.subject_alt_names.empty()) {
    auto extension = make_subject_alt_name_extension(spec.subject_alt_names);
    if (!extension) {
      return core::Unexpected{extension.error()};
    }
    if (X509_add_ext(certificate.get(), extension->get(), -1) != 1) {
      return internal("cannot add subjectAltName");
    }
  }
  OPSDECK_TRY(add_extension(certificate.get(), &context, NID_subject_key_identifier, "hash"));
  OPSDECK_TRY(add_extension(certificate.get(), &context, NID_authority_key_identifier, "keyid:always"));
  OPSDECK_TRY(sign_certificate(certificate.get(), issuer.key));
  return certificate;
}

}  // namespace opsdeck::certs
