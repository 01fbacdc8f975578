// The commands the Certificates view sends, and running them against CertsEngine. The console's command
// runner hands every "certs.*" command here (on a job, since RSA keys take a moment), then publishes a fresh
// CertsSnapshot. Arguments are positional strings because that is what a tui::Command carries:
//
//   certs.create  TYPE NAME SIGNAS DAYS KEYTYPE SANS   TYPE ca|server|client; SIGNAS empty = self-signed CA;
//                                                      DAYS empty = default; SANS space/comma separated
//   certs.renew   KIND NAME [new-key]                  KIND ca|host|user
//   certs.revoke  KIND NAME
//   certs.export  KIND NAME PASSPHRASE [OUTPUT]        PASSPHRASE becomes a core::Secret at once; never log
//                                                      the arguments of this command
//   certs.refresh                                      only re-lists the directory
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "backend/certs/certs_engine.hpp"
#include "backend/core/published.hpp"
#include "backend/core/result.hpp"

namespace opsdeck::certs {

inline constexpr std::string_view kCreateCommand = "certs.create";
inline constexpr std::string_view kRenewCommand = "certs.renew";
inline constexpr std::string_view kRevokeCommand = "certs.revoke";
inline constexpr std::string_view kExportCommand = "certs.export";
inline constexpr std::string_view kRefreshCommand = "certs.refresh";

bool is_certs_command(std::string_view name);

// Runs one command; the result is a one-line summary for the job list ("cert saved: hosts/db.crt").
core::Result<std::string> run_certs_command(CertsEngine& engine, std::string_view name,
                                            const std::vector<std::string>& args);

// Lists the directory (with decoded text for the detail pane) and publishes it; a failure is published as
// a snapshot whose `error` says why, so the view shows it in its panel.
void publish_certs_snapshot(const CertsEngine& engine, core::Published<CertsSnapshot>& slot);

}  // namespace opsdeck::certs
