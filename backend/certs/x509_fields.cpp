// Fields out of X.509 structures.
#include "backend/certs/x509_fields.hpp"

#include <arpa/inet.h>

#include <ctime>

namespace opsdeck::certs {

std::string common_name_of(const X509_NAME* name) {
  int index = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
  if (index < 0) {
    return "";
  }
  const ASN1_STRING* data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, index));
  unsigned char* utf8 = nullptr;
  int length = ASN1_STRING_to_UTF8(&utf8, data);
  if (length < 0) {
    return "";
  }
  std::string text(reinterpret_cast<char*>(utf8), static_cast<std::size_t>(length));
  OPENSSL_free(utf8);
  return text;
}

std::string one_line(const X509_NAME* name) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) < 0) {
    return "";
  }
  char* data = nullptr;
  long length = BIO_get_mem_data(bio.get(), &data);
  return length > 0 ? std::string(data, static_cast<std::size_t>(length)) : std::string();
}

std::vector<SubjectAltName> to_subject_alt_names(const GENERAL_NAMES* names) {
  std::vector<SubjectAltName> out;
  for (int index = 0; index < sk_GENERAL_NAME_num(names); ++index) {
    const GENERAL_NAME* name = sk_GENERAL_NAME_value(names, index);
    int type = 0;
    const auto* value = static_cast<const ASN1_STRING*>(GENERAL_NAME_get0_value(name, &type));
    if (value == nullptr) {
      continue;
    }
    const unsigned char* bytes = ASN1_STRING_get0_data(value);
    auto length = static_cast<std::size_t>(ASN1_STRING_length(value));
    if (type == GEN_DNS || type == GEN_EMAIL) {
      out.push_back({type == GEN_DNS ? SubjectAltName::Type::kDns : SubjectAltName::Type::kEmail,
                     std::string(reinterpret_cast<const char*>(bytes), length)});
    } else if (type == GEN_IPADD && (length == 4 || length == 16)) {
      char text[INET6_ADDRSTRLEN];
      if (inet_ntop(length == 4 ? AF_INET : AF_INET6, bytes, text, sizeof text) != nullptr) {
        out.push_back({SubjectAltName::Type::kIp, text});
      }
    }
  }
  return out;
}

std::string serial_hex(const ASN1_INTEGER* serial) {
  BignumPtr number(ASN1_INTEGER_to_BN(serial, nullptr));
  if (!number) {
    return "";
  }
  OpensslStringPtr hex(BN_bn2hex(number.get()));
  return hex ? std::string(hex.get()) : std::string();
}

std::int64_t to_unix_seconds(const ASN1_TIME* time) {
  std::tm broken_down{};
  if (time == nullptr || ASN1_TIME_to_tm(time, &broken_down) != 1) {
    return 0;
  }
  return static_cast<std::int64_t>(timegm(&broken_down));
}

}  // namespace opsdeck::certs
