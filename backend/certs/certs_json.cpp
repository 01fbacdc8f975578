// CertificateInfo, CertsOutcome and CertsSnapshot as JSON.
#include "backend/certs/certs_json.hpp"

#include "backend/core/time_format.hpp"

namespace opsdeck::certs {

nlohmann::json to_json(const CertificateInfo& info, std::int64_t now) {
  nlohmann::json json = {
      {"type", to_string(info.kind)},
      {"name", info.name},
      {"path", info.certificate_path.string()},
      {"subject", info.subject},
      {"issuer", info.issuer},
      {"serial", info.serial},
      {"not_before", core::format_utc(info.not_before)},
      {"not_after", core::format_utc(info.not_after)},
      {"days_left", info.days_left(now)},
      {"status", to_string(info.status(now))},
      {"is_ca", info.is_ca},
      {"self_signed", info.self_signed},
      {"path_length", info.path_length ? nlohmann::json(*info.path_length) : nlohmann::json(nullptr)},
      {"subject_alt_names", info.subject_alt_names},
      {"key_usage", info.key_usage},
      {"extended_key_usage", info.extended_key_usage},
      {"key_type", info.key_type},
      {"signature_algorithm", info.signature_algorithm},
      {"sha256_fingerprint", info.sha256_fingerprint},
      {"has_key", info.has_key},
      {"revoked", info.revoked},
  };
  if (info.revoked) {
    json["revoked_at"] = core::format_utc(info.revoked_at);
  }
  if (!info.decoded_text.empty()) {
    json["text"] = info.decoded_text;
  }
  return json;
}

nlohmann::json to_json(const CertsOutcome& outcome, std::int64_t now) {
  nlohmann::json written = nlohmann::json::array();
  for (const auto& file : outcome.written) {
    written.push_back({{"what", file.what}, {"path", file.path.string()}});
  }
  nlohmann::json json = {{"written", written}, {"notes", outcome.notes}};
  json["certificate"] = outcome.certificate ? to_json(*outcome.certificate, now) : nlohmann::json(nullptr);
  return json;
}

nlohmann::json to_json(const CertsSnapshot& snapshot) {
  nlohmann::json certificates = nlohmann::json::array();
  for (const auto& info : snapshot.certificates) {
    certificates.push_back(to_json(info, snapshot.taken_at));
  }
  nlohmann::json pending = nlohmann::json::array();
  for (const auto& request : snapshot.pending) {
    pending.push_back(
        {{"type", to_string(request.kind)}, {"name", request.name}, {"csr", request.csr_path.string()}});
  }
  nlohmann::json problems = nlohmann::json::array();
  for (const auto& problem : snapshot.problems) {
    problems.push_back({{"path", problem.path.string()}, {"message", problem.message}});
  }
  return {{"directory", snapshot.directory.string()},
          {"certificates", certificates},
          {"pending", pending},
          {"problems", problems}};
}

}  // namespace opsdeck::certs
