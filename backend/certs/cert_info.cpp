// Derived facts about a certificate: days left and status.
#include "backend/certs/cert_info.hpp"

namespace opsdeck::certs {

std::string_view to_string(CertStatus status) {
  switch (status) {
    case CertStatus::kValid:
      return "valid";
    case CertStatus::kNotYetValid:
      return "not yet valid";
    case CertStatus::kExpired:
      return "expired";
    case CertStatus::kRevoked:
      return "revoked";
  }
  return "?";
}

std::int64_t CertificateInfo::days_left(std::int64_t now) const {
  constexpr std::int64_t kDay = 86400;
  std::int64_t seconds = not_after - now;
  // Away from zero both ways: a certificate valid for another hour has 1 day left (it still works today;
  // a fresh 30-day certificate shows 30, not 29), one expired an hour ago has been dead for 1 day (-1).
  return seconds >= 0 ? (seconds + kDay - 1) / kDay : -((-seconds + kDay - 1) / kDay);
}

CertStatus CertificateInfo::status(std::int64_t now) const {
  if (revoked) {
    return CertStatus::kRevoked;
  }
  if (now >= not_after) {
    return CertStatus::kExpired;
  }
  if (now < not_before) {
    return CertStatus::kNotYetValid;
  }
  return CertStatus::kValid;
}

}  // namespace opsdeck::certs
