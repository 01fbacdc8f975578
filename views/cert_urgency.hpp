// How urgent a certificate is, as a semantic colour: crit when expired or revoked, warn under 14 days,
// accent under 30 days, none otherwise. Shared by the Certificates table and anything else that lists
// certificates (the Overview could show the most urgent one).
#pragma once

#include <cstdint>
#include <optional>

#include "backend/certs/cert_info.hpp"
#include "tui/theme/role.hpp"

namespace opsdeck::views {

inline constexpr std::int64_t kCertWarnDays = 14;
inline constexpr std::int64_t kCertNoticeDays = 30;

std::optional<tui::Role> certificate_urgency(const certs::CertificateInfo& info, std::int64_t now);

}  // namespace opsdeck::views
