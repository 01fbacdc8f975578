// JSON forms of the certificate engine's results, for `opsdeck certs ... --json` and anything else that
// wants them (scripts, a future HTTP endpoint). Field names are stable: scripts depend on them.
#pragma once

#include <cstdint>

#include <nlohmann/json.hpp>

#include "backend/certs/certs_engine.hpp"

namespace opsdeck::certs {

// `now` computes days_left and status.
nlohmann::json to_json(const CertificateInfo& info, std::int64_t now);
nlohmann::json to_json(const CertsOutcome& outcome, std::int64_t now);
nlohmann::json to_json(const CertsSnapshot& snapshot);

// "2026-03-01T12:00:00Z"

}  // namespace opsdeck::certs
