// CRL building and reading.
#include "backend/certs/revocation_list.hpp"

#include "backend/certs/key_generation.hpp"
#include "backend/certs/x509_fields.hpp"

namespace opsdeck::certs {
namespace {

using core::ErrorCategory;

core::Unexpected internal(std::string_view what) {
  return core::fail(ErrorCategory::kInternal, with_openssl_reason(what));
}

core::Status add_revoked(X509_CRL* crl, const RevokedEntry& entry) {
  BIGNUM* raw = nullptr;
  if (BN_hex2bn(&raw, entry.serial_hex.c_str()) == 0) {
    return core::fail(ErrorCategory::kInvalidInput, "serial \"" + entry.serial_hex + "\" is not hexadecimal");
  }
  BignumPtr number(raw);
  Asn1IntegerPtr serial(BN_to_ASN1_INTEGER(number.get(), nullptr));
  Asn1TimePtr when(ASN1_TIME_new());
  X509RevokedPtr revoked(X509_REVOKED_new());
  auto at = static_cast<time_t>(entry.revoked_at);
  if (!serial || !when || !revoked || ASN1_TIME_set(when.get(), at) == nullptr ||
      X509_REVOKED_set_serialNumber(revoked.get(), serial.get()) != 1 ||
      X509_REVOKED_set_revocationDate(revoked.get(), when.get()) != 1) {
    return internal("cannot build a CRL entry");
  }
  if (X509_CRL_add0_revoked(crl, revoked.get()) != 1) {
    return internal("cannot add a CRL entry");
  }
  revoked.release();  // owned by the CRL now
  return {};
}

}  // namespace

std::vector<RevokedEntry> revoked_entries(const X509_CRL* crl) {
  std::vector<RevokedEntry> entries;
  STACK_OF(X509_REVOKED)* revoked = X509_CRL_get_REVOKED(const_cast<X509_CRL*>(crl));  // NOLINT: C API
  for (int index = 0; index < sk_X509_REVOKED_num(revoked); ++index) {
    const X509_REVOKED* entry = sk_X509_REVOKED_value(revoked, index);
    entries.push_back({serial_hex(X509_REVOKED_get0_serialNumber(entry)),
                       to_unix_seconds(X509_REVOKED_get0_revocationDate(entry))});
  }
  return entries;
}

std::int64_t crl_number_of(const X509_CRL* crl) {
  Asn1IntegerPtr number(
      static_cast<ASN1_INTEGER*>(X509_CRL_get_ext_d2i(crl, NID_crl_number, nullptr, nullptr)));
  if (!number) {
    return 0;
  }
  std::int64_t value = 0;
  return ASN1_INTEGER_get_int64(&value, number.get()) == 1 ? value : 0;
}

core::Result<X509CrlPtr> build_crl(X509* ca_certificate, EVP_PKEY* ca_key, const CrlSpec& spec) {
  X509CrlPtr crl(X509_CRL_new());
  Asn1TimePtr last(ASN1_TIME_new());
  Asn1TimePtr next(ASN1_TIME_new());
  auto now = static_cast<time_t>(spec.this_update);
  if (!crl || !last || !next || X509_CRL_set_version(crl.get(), X509_CRL_VERSION_2) != 1 ||
      X509_CRL_set_issuer_name(crl.get(), X509_get_subject_name(ca_certificate)) != 1 ||
      ASN1_TIME_set(last.get(), now) == nullptr || ASN1_TIME_adj(next.get(), now, spec.days, 0) == nullptr ||
      X509_CRL_set1_lastUpdate(crl.get(), last.get()) != 1 ||
      X509_CRL_set1_nextUpdate(crl.get(), next.get()) != 1) {
    return internal("cannot start a CRL");
  }
  for (const auto& entry : spec.entries) {
    OPSDECK_TRY(add_revoked(crl.get(), entry));
  }
  X509V3_CTX context;
  X509V3_set_ctx(&context, ca_certificate, nullptr, nullptr, crl.get(), 0);
  X509ExtensionPtr authority(
      X509V3_EXT_conf_nid(nullptr, &context, NID_authority_key_identifier, "keyid:always"));
  Asn1IntegerPtr number(ASN1_INTEGER_new());
  if (!authority || !number || X509_CRL_add_ext(crl.get(), authority.get(), -1) != 1 ||
      ASN1_INTEGER_set_int64(number.get(), spec.number) != 1 ||
      X509_CRL_add1_ext_i2d(crl.get(), NID_crl_number, number.get(), 0, 0) != 1) {
    return internal("cannot add the CRL extensions");
  }
  if (X509_CRL_sort(crl.get()) != 1 || X509_CRL_sign(crl.get(), ca_key, signing_digest(ca_key)) <= 0) {
    return internal("signing the CRL failed");
  }
  return crl;
}

}  // namespace opsdeck::certs
