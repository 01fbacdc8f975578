// Text for people: outcomes, the listing table, one certificate.
#include "backend/certs/certs_text.hpp"

#include <algorithm>
#include <vector>

#include "backend/certs/certs_json.hpp"
#include "backend/core/time_format.hpp"

namespace opsdeck::certs {
namespace {

// Columns padded to the widest cell; the last column is not padded.
std::string table(const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> widths;
  for (const auto& row : rows) {
    widths.resize(std::max(widths.size(), row.size()));
    for (std::size_t column = 0; column < row.size(); ++column) {
      widths[column] = std::max(widths[column], row[column].size());
    }
  }
  std::string out;
  for (const auto& row : rows) {
    for (std::size_t column = 0; column < row.size(); ++column) {
      out += row[column];
      if (column + 1 < row.size()) {
        out.append(widths[column] - row[column].size() + 2, ' ');
      }
    }
    out += '\n';
  }
  return out;
}

}  // namespace

std::string format_outcome(const CertsOutcome& outcome) {
  std::string out;
  for (const auto& file : outcome.written) {
    out += file.what + " saved: " + file.path.string() + "\n";
  }
  if (outcome.certificate && outcome.certificate->revoked) {
    out += "revoked: " + outcome.certificate->name + " (serial " + outcome.certificate->serial + ")\n";
  }
  return out;
}

std::string format_listing(const CertsSnapshot& snapshot) {
  if (snapshot.certificates.empty() && snapshot.pending.empty()) {
    return "no certificates in " + snapshot.directory.string() + "\n";
  }
  std::vector<std::vector<std::string>> rows = {
      {"TYPE", "NAME", "SUBJECT", "ISSUER", "SERIAL", "NOT-AFTER", "DAYS-LEFT", "STATUS"}};
  rows.reserve(snapshot.certificates.size() + snapshot.pending.size() + 1);
  for (const auto& info : snapshot.certificates) {
    rows.push_back(
        {std::string(to_string(info.kind)), info.name, info.subject, info.issuer, info.serial,
         core::format_utc(info.not_after), std::to_string(info.days_left(snapshot.taken_at)),
         std::string(to_string(info.status(snapshot.taken_at))) + (info.has_key ? "" : ", no key")});
  }
  for (const auto& request : snapshot.pending) {
    rows.push_back(
        {std::string(to_string(request.kind)), request.name, "-", "-", "-", "-", "-", "CSR pending"});
  }
  return table(rows);
}

std::string format_inspection(const CertificateInfo& info, std::int64_t now) {
  return "name:        " + info.name + " (" + std::string(to_string(info.kind)) + ")\n" +
         "file:        " + info.certificate_path.string() + "\n" +
         "key:         " + (info.has_key ? "present" : "not in the directory") + "\n" +
         "status:      " + std::string(to_string(info.status(now))) + ", " +
         std::to_string(info.days_left(now)) + " days left\n" + "fingerprint: SHA256 " +
         info.sha256_fingerprint + "\n\n" + info.decoded_text;
}

}  // namespace opsdeck::certs
