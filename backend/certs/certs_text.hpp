// Human text forms of the certificate engine's results, for `opsdeck certs ...` without --json: easycert's
// "key saved: PATH" lines, the listing table and the inspection page. Pure functions returning strings.
#pragma once

#include <cstdint>
#include <string>

#include "backend/certs/certs_engine.hpp"

namespace opsdeck::certs {

// "key saved: /.../hosts/db.key\ncert saved: ...\n" (+ "revoked: NAME (serial S)\n").
std::string format_outcome(const CertsOutcome& outcome);
// TYPE NAME SUBJECT ISSUER SERIAL NOT-AFTER DAYS-LEFT STATUS, columns padded; pending CSRs at the end;
// "no certificates in DIR\n" when empty.
std::string format_listing(const CertsSnapshot& snapshot);
// A few summary lines, then the decoded certificate.
std::string format_inspection(const CertificateInfo& info, std::int64_t now);

}  // namespace opsdeck::certs
