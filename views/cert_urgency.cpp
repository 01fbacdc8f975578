// Urgency of a certificate from its status and days left.
#include "views/cert_urgency.hpp"

namespace opsdeck::views {

std::optional<tui::Role> certificate_urgency(const certs::CertificateInfo& info, std::int64_t now) {
  switch (info.status(now)) {
    case certs::CertStatus::kExpired:
    case certs::CertStatus::kRevoked:
      return tui::Role::kCrit;
    case certs::CertStatus::kNotYetValid:
      return tui::Role::kWarn;
    case certs::CertStatus::kValid:
      break;
  }
  std::int64_t days = info.days_left(now);
  if (days < kCertWarnDays) {
    return tui::Role::kWarn;
  }
  if (days < kCertNoticeDays) {
    return tui::Role::kAccent;
  }
  return std::nullopt;
}

}  // namespace opsdeck::views
