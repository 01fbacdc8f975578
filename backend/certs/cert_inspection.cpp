// X509 -> CertificateInfo.
#include "backend/certs/cert_inspection.hpp"

#include "backend/certs/key_generation.hpp"
#include "backend/certs/x509_fields.hpp"

namespace opsdeck::certs {
namespace {

std::vector<std::string> key_usage_names(X509* certificate) {
  struct Bit {
    std::uint32_t bit;
    const char* name;
  };
  static constexpr Bit kBits[] = {
      {KU_DIGITAL_SIGNATURE, "digitalSignature"},
      {KU_NON_REPUDIATION, "nonRepudiation"},
      {KU_KEY_ENCIPHERMENT, "keyEncipherment"},
      {KU_DATA_ENCIPHERMENT, "dataEncipherment"},
      {KU_KEY_AGREEMENT, "keyAgreement"},
      {KU_KEY_CERT_SIGN, "keyCertSign"},
      {KU_CRL_SIGN, "cRLSign"},
  };
  std::vector<std::string> names;
  if ((X509_get_extension_flags(certificate) & EXFLAG_KUSAGE) == 0) {
    return names;
  }
  std::uint32_t usage = X509_get_key_usage(certificate);
  for (const auto& bit : kBits) {
    if ((usage & bit.bit) != 0) {
      names.emplace_back(bit.name);
    }
  }
  return names;
}

std::vector<std::string> extended_key_usage_names(X509* certificate) {
  std::vector<std::string> names;
  ExtendedKeyUsagePtr usage(
      static_cast<EXTENDED_KEY_USAGE*>(X509_get_ext_d2i(certificate, NID_ext_key_usage, nullptr, nullptr)));
  for (int index = 0; usage && index < sk_ASN1_OBJECT_num(usage.get()); ++index) {
    const char* name = OBJ_nid2sn(OBJ_obj2nid(sk_ASN1_OBJECT_value(usage.get(), index)));
    names.emplace_back(name != nullptr ? name : "unknown");
  }
  return names;
}

std::string fingerprint(X509* certificate) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (X509_digest(certificate, EVP_sha256(), digest, &length) != 1) {
    return "";
  }
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string text;
  for (unsigned int index = 0; index < length; ++index) {
    if (index > 0) {
      text += ':';
    }
    text += kHex[digest[index] >> 4];
    text += kHex[digest[index] & 0x0f];
  }
  return text;
}

}  // namespace

CertificateInfo inspect_certificate(X509* certificate) {
  CertificateInfo info;
  info.subject = one_line(X509_get_subject_name(certificate));
  info.issuer = one_line(X509_get_issuer_name(certificate));
  info.serial = serial_hex(X509_get_serialNumber(certificate));
  info.not_before = to_unix_seconds(X509_get0_notBefore(certificate));
  info.not_after = to_unix_seconds(X509_get0_notAfter(certificate));
  std::uint32_t flags = X509_get_extension_flags(certificate);
  info.is_ca = (flags & EXFLAG_CA) != 0;
  info.self_signed = X509_self_signed(certificate, 0) == 1;
  if (info.is_ca) {
    long path_length = X509_get_pathlen(certificate);
    if (path_length >= 0) {
      info.path_length = static_cast<int>(path_length);
    }
  }
  GeneralNamesPtr names(
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(certificate, NID_subject_alt_name, nullptr, nullptr)));
  if (names) {
    for (const auto& name : to_subject_alt_names(names.get())) {
      info.subject_alt_names.push_back(name.describe());
    }
  }
  info.key_usage = key_usage_names(certificate);
  info.extended_key_usage = extended_key_usage_names(certificate);
  if (EVP_PKEY* key = X509_get0_pubkey(certificate)) {
    info.key_type = describe_key(key);
  }
  const char* signature = OBJ_nid2ln(X509_get_signature_nid(certificate));
  info.signature_algorithm = signature != nullptr ? signature : "unknown";
  info.sha256_fingerprint = fingerprint(certificate);
  drain_openssl_errors();
  return info;
}

std::string decoded_text(X509* certificate) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || X509_print_ex(bio.get(), certificate, XN_FLAG_ONELINE & ~ASN1_STRFLGS_ESC_MSB, 0) != 1) {
    drain_openssl_errors();
    return "";
  }
  char* data = nullptr;
  long length = BIO_get_mem_data(bio.get(), &data);
  return length > 0 ? std::string(data, static_cast<std::size_t>(length)) : std::string();
}

}  // namespace opsdeck::certs
