// `opsdeck certs ca|server|client|csr|sign|import|p12|list|inspect|revoke|renew`: flags into CertsEngine
// requests, results out as easycert-style lines ("key saved: ...") or JSON. Passphrases come from an
// environment variable named by --passphrase-env or from a no-echo prompt on the terminal, never a flag.
#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "backend/certs/certs_engine.hpp"
#include "backend/certs/certs_json.hpp"
#include "backend/certs/certs_text.hpp"
#include "backend/metrics/statsd_timed.hpp"
#include "tui/cli/cli_context.hpp"

namespace opsdeck::tui::cli {
namespace {

namespace fs = std::filesystem;
using certs::CertKind;

// Every flag of every certs subcommand; each subcommand binds the ones it takes.
struct CertsFlags {
  std::optional<fs::path> certdir;
  std::string name;  // NAME, HOST, USER@HOST or a file, per subcommand
  std::string sign_as;
  std::vector<std::string> subject_alt_names;
  std::optional<int> days;
  std::optional<int> path_length;
  std::string key_type;
  std::string type;
  std::string csr_server;
  std::string csr_user;
  std::string rename;
  std::optional<fs::path> key_file;
  std::optional<fs::path> output;
  std::string passphrase_env;
  bool ask_passphrase = false;
  bool force = false;
  bool new_key = false;
  bool yes = false;
  int crl_days = 30;
};

const CLI::Validator kKeyTypeCheck(
    [](std::string& text) {
      auto parsed = certs::parse_key_algorithm(text);
      return parsed ? std::string() : parsed.error().message;
    },
    "ec-p256|rsa2048|rsa3072|rsa4096|ed25519");

const CLI::Validator kTypeCheck(
    [](std::string& text) {
      return certs::parse_cert_kind(text) ? std::string() : "expected ca, host or user, got \"" + text + "\"";
    },
    "ca|host|user");

std::optional<CertKind> kind_flag(const CertsFlags& flags) {
  return flags.type.empty() ? std::nullopt : certs::parse_cert_kind(flags.type);
}

certs::KeyAlgorithm key_flag(const CertsFlags& flags) {
  return flags.key_type.empty() ? certs::KeyAlgorithm::kEcdsaP256
                                : *certs::parse_key_algorithm(flags.key_type);
}

std::optional<certs::CertsEngine> make_engine(CliContext& context, const CertsFlags& flags) {
  fs::path directory;
  if (flags.certdir) {
    directory = *flags.certdir;
  } else {
    const core::Config* config = context.config();
    if (config == nullptr) {
      context.exit_code = kExitFailure;
      return std::nullopt;
    }
    directory = config->state_dir() / "certs";
  }
  return certs::CertsEngine(certs::CertsSettings{directory, {}});
}

// Reads one line from the terminal with echo off.
core::Result<std::string> prompt_hidden(const std::string& prompt) {
  int fd = ::open("/dev/tty", O_RDWR | O_CLOEXEC);
  if (fd < 0) {
    return core::fail(core::ErrorCategory::kInvalidInput,
                      "a passphrase is needed and there is no terminal to ask on; use --passphrase-env VAR");
  }
  termios saved{};
  bool restore = ::tcgetattr(fd, &saved) == 0;
  if (restore) {
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(fd, TCSAFLUSH, &quiet);
  }
  [[maybe_unused]] auto ignored = ::write(fd, prompt.data(), prompt.size());
  std::string line;
  char c = 0;
  while (::read(fd, &c, 1) == 1 && c != '\n') {
    line += c;
  }
  if (restore) {
    ::tcsetattr(fd, TCSAFLUSH, &saved);
  }
  ignored = ::write(fd, "\n", 1);
  ::close(fd);
  return line;
}

// --passphrase-env VAR, else a prompt when `prompt` (twice when `confirm`), else an empty secret.
core::Result<core::Secret> read_passphrase(const CertsFlags& flags, bool prompt, bool confirm) {
  if (!flags.passphrase_env.empty()) {
    const char* value = std::getenv(flags.passphrase_env.c_str());
    if (value == nullptr) {
      return core::fail(core::ErrorCategory::kInvalidInput,
                        "--passphrase-env " + flags.passphrase_env + ": the environment variable is not set");
    }
    return core::Secret(value);
  }
  if (!prompt) {
    return core::Secret();
  }
  auto first = prompt_hidden("passphrase: ");
  if (!first) {
    return core::Unexpected{first.error()};
  }
  if (confirm) {
    auto second = prompt_hidden("passphrase again: ");
    if (!second) {
      return core::Unexpected{second.error()};
    }
    if (*second != *first) {
      return core::fail(core::ErrorCategory::kInvalidInput, "the two passphrases differ");
    }
  }
  return core::Secret(std::move(*first));
}

void print_outcome(CliContext& context, const certs::CertsEngine& engine,
                   const core::Result<certs::CertsOutcome>& outcome) {
  if (!outcome) {
    context.fail(outcome.error());
    return;
  }
  if (context.options.json) {
    context.print_json(certs::to_json(*outcome, engine.now()));
    return;
  }
  std::cout << certs::format_outcome(*outcome);
  for (const auto& note : outcome->notes) {
    std::cerr << "note: " << note << "\n";
  }
}

// Runs one engine operation, reported through the statsd emitter as certs.<operation>.duration and
// .succeeded / .failed, then prints its outcome.
template <typename Run>
void run_measured(CliContext& context, const certs::CertsEngine& engine, std::string_view operation,
                  Run&& run) {
  metrics::StatsdEmitter& statsd = context.statsd();
  if (context.statsd_failed()) {
    return;
  }
  print_outcome(context, engine, metrics::timed_operation(statsd, "certs." + std::string(operation), run));
}

void run_list(CliContext& context, const CertsFlags& flags) {
  auto engine = make_engine(context, flags);
  if (!engine) {
    return;
  }
  auto snapshot = engine->list();
  if (!snapshot) {
    context.fail(snapshot.error());
    return;
  }
  if (context.options.json) {
    context.print_json(certs::to_json(*snapshot));
    return;
  }
  std::cout << certs::format_listing(*snapshot);
  for (const auto& problem : snapshot->problems) {
    std::cerr << "warning: " << problem.message << "\n";
  }
}

void run_inspect(CliContext& context, const CertsFlags& flags) {
  auto engine = make_engine(context, flags);
  if (!engine) {
    return;
  }
  auto info = engine->inspect({flags.name, kind_flag(flags)});
  if (!info) {
    context.fail(info.error());
    return;
  }
  std::int64_t now = engine->now();
  if (context.options.json) {
    context.print_json(certs::to_json(*info, now));
    return;
  }
  std::cout << certs::format_inspection(*info, now);
}

void add_common(CLI::App* command, CertsFlags& flags, bool key_type, bool days) {
  command->add_flag("--force", flags.force, "replace existing files");
  if (key_type) {
    command
        ->add_option("--key-type", flags.key_type, "ec-p256 (default), rsa2048, rsa3072, rsa4096 or ed25519")
        ->check(kKeyTypeCheck);
  }
  if (days) {
    command->add_option("--days", flags.days, "validity in days")->check(CLI::Range(1, certs::kMaxDays));
  }
}

}  // namespace

void register_certs_cli(CLI::App& app, CliContext& context) {
  auto flags = std::make_shared<CertsFlags>();
  CertsFlags& f = *flags;
  auto* root = app.add_subcommand(
      "certs", "CAs, server and client certificates, CSRs and revocation (easycert layout)");
  root->require_subcommand(1);
  root->fallthrough();
  root->add_option("--certdir", f.certdir, "certificate directory (default <state-dir>/certs)");

  auto* ca = root->add_subcommand("ca", "create a CA: self-signed, or an intermediate with --signas PARENT");
  ca->add_option("NAME", f.name, "CA name")->required();
  ca->add_option("--signas", f.sign_as, "parent CA (makes an intermediate)");
  ca->add_option("--pathlen", f.path_length, "how many CAs may follow below this one")
      ->check(CLI::NonNegativeNumber);
  add_common(ca, f, true, true);
  ca->callback([&context, flags] {
    auto engine = make_engine(context, *flags);
    if (engine) {
      run_measured(context, *engine, "ca", [&] {
        return engine->create_ca({flags->name, flags->sign_as, flags->path_length,
                                  flags->days.value_or(certs::kDefaultCaDays), key_flag(*flags),
                                  flags->force});
      });
    }
  });

  auto* server = root->add_subcommand("server", "create a server certificate signed by a CA");
  server->add_option("HOST", f.name, "host name or IP address")->required();
  server->add_option("--signas", f.sign_as, "the CA that signs")->required();
  server->add_option("--san", f.subject_alt_names,
                     "extra subjectAltName: DNS:NAME or IP:ADDRESS (repeatable)");
  add_common(server, f, true, true);
  server->callback([&context, flags] {
    auto engine = make_engine(context, *flags);
    if (engine) {
      run_measured(context, *engine, "server", [&] {
        return engine->create_server({flags->name, flags->sign_as, flags->subject_alt_names,
                                      flags->days.value_or(certs::kDefaultLeafDays), key_flag(*flags),
                                      flags->force});
      });
    }
  });

  auto* client = root->add_subcommand("client", "create a client certificate for USER@HOST signed by a CA");
  client->add_option("USER", f.name, "USER@HOST")->required();
  client->add_option("--signas", f.sign_as, "the CA that signs")->required();
  add_common(client, f, true, true);
  client->callback([&context, flags] {
    auto engine = make_engine(context, *flags);
    if (engine) {
      run_measured(context, *engine, "client", [&] {
        return engine->create_client({flags->name, flags->sign_as,
                                      flags->days.value_or(certs::kDefaultLeafDays), key_flag(*flags),
                                      flags->force});
      });
    }
  });

  auto* csr = root->add_subcommand("csr", "create a key and a CSR for an outside CA to sign");
  auto* csr_server = csr->add_option("--server", f.csr_server, "for a server certificate");
  auto* csr_user = csr->add_option("--user", f.csr_user, "for a client certificate (USER@HOST)");
  csr_server->excludes(csr_user);
  csr->add_option("--san", f.subject_alt_names, "extra subjectAltName (repeatable)");
  add_common(csr, f, true, false);
  csr->callback([&context, flags] {
    if (flags->csr_server.empty() == flags->csr_user.empty()) {
      context.fail({core::ErrorCategory::kInvalidInput, "certs csr needs --server HOST or --user USER@HOST"});
      context.exit_code = kExitUsage;
      return;
    }
    auto engine = make_engine(context, *flags);
    if (engine) {
      bool host = !flags->csr_server.empty();
      run_measured(context, *engine, "csr", [&] {
        return engine->create_csr({host ? CertKind::kHost : CertKind::kUser,
                                   host ? flags->csr_server : flags->csr_user, flags->subject_alt_names,
                                   key_flag(*flags), flags->force});
      });
    }
  });

  auto* sign = root->add_subcommand("sign", "sign a CSR with a CA");
  sign->add_option("CSRFILE", f.name, "the CSR (PEM or DER)")->required();
  sign->add_option("--signas", f.sign_as, "the CA that signs")->required();
  sign->add_option("--type", f.type, "host or user (default: from the CSR's CN)")->check(kTypeCheck);
  sign->add_option("--name", f.rename, "file name in the directory (default: the CSR's CN)");
  sign->add_option("--san", f.subject_alt_names, "extra subjectAltName (repeatable)");
  add_common(sign, f, false, true);
  sign->callback([&context, flags] {
    auto engine = make_engine(context, *flags);
    if (engine) {
      run_measured(context, *engine, "sign", [&] {
        return engine->sign_csr({flags->name, flags->sign_as, kind_flag(*flags), flags->rename,
                                 flags->subject_alt_names, flags->days.value_or(certs::kDefaultLeafDays),
                                 flags->force});
      });
    }
  });

  auto* import =
      root->add_subcommand("import", "import a certificate (PEM, DER or PKCS#12), with its key if given");
  import->add_option("FILE", f.name, "the certificate file")->required();
  import->add_option("--key", f.key_file, "the private key (PEM)");
  import->add_option("--type", f.type, "ca, host or user (default: from the certificate)")->check(kTypeCheck);
  import->add_option("--name", f.rename, "name in the directory (default: the certificate's CN)");
  import->add_option("--passphrase-env", f.passphrase_env, "environment variable holding the passphrase");
  import->add_flag("--ask-passphrase", f.ask_passphrase,
                   "prompt for the passphrase (PKCS#12, encrypted key)");
  add_common(import, f, false, false);
  import->callback([&context, flags] {
    auto passphrase = read_passphrase(*flags, flags->ask_passphrase, false);
  if (!passphrase) {
    context.fail(passphrase.error());
    return;
  }
  auto engine = make_engine(context, *flags);
  if (engine) {
    run_measured(context, *engine, "import", [&] {
      return engine->import({flags->name, flags->key_file, kind_flag(*flags), flags->rename,
                             std::move(*passphrase), flags->force});
    });
  }
});

auto* p12 = root->add_subcommand("p12", "export certificate, key and CA chain as PKCS#12");
p12->add_option("NAME", f.name, "host or USER@HOST")->required();
p12->add_option("--type", f.type, "host or user, when the name is ambiguous")->check(kTypeCheck);
p12->add_option("--out", f.output, "output file (default <dir>/NAME.p12)");
p12->add_option("--passphrase-env", f.passphrase_env, "environment variable holding the passphrase");
add_common(p12, f, false, false);
p12->callback([&context, flags] {
  auto passphrase = read_passphrase(*flags, true, true);
  if (!passphrase) {
    context.fail(passphrase.error());
    return;
  }
  auto engine = make_engine(context, *flags);
  if (engine) {
    run_measured(context, *engine, "p12", [&] {
      return engine->export_pkcs12(
          {flags->name, kind_flag(*flags), std::move(*passphrase), flags->output, flags->force});
    });
  }
});

root->add_subcommand("list", "every certificate: type, subject, issuer, serial, expiry, days left")
    ->callback([&context, flags] { run_list(context, *flags); });

auto* inspect = root->add_subcommand("inspect", "one certificate, fully decoded");
inspect->add_option("NAME", f.name, "CA, host or USER@HOST")->required();
inspect->add_option("--type", f.type, "ca, host or user, when the name is ambiguous")->check(kTypeCheck);
inspect->callback([&context, flags] { run_inspect(context, *flags); });

auto* revoke = root->add_subcommand("revoke", "revoke a certificate: its CA's CRL (crls/CA.crl) lists it");
revoke->add_option("NAME", f.name, "CA, host or USER@HOST")->required();
revoke->add_option("--type", f.type, "ca, host or user, when the name is ambiguous")->check(kTypeCheck);
revoke->add_option("--crl-days", f.crl_days, "nextUpdate of the CRL, in days")
    ->check(CLI::Range(1, certs::kMaxDays));
revoke->add_flag("-y,--yes", f.yes, "confirm: revocation cannot be undone");
revoke->callback([&context, flags] {
  if (!flags->yes) {
    context.fail({core::ErrorCategory::kInvalidInput,
                  "revoking \"" + flags->name + "\" cannot be undone; add --yes to confirm"});
    context.exit_code = kExitUsage;
    return;
  }
  auto engine = make_engine(context, *flags);
  if (engine) {
    run_measured(context, *engine, "revoke", [&] {
      return engine->revoke({flags->name, kind_flag(*flags), flags->crl_days});
    });
  }
});

auto* renew =
    root->add_subcommand("renew", "a new certificate for the same names (same key unless --new-key)");
renew->add_option("NAME", f.name, "CA, host or USER@HOST")->required();
renew->add_option("--type", f.type, "ca, host or user, when the name is ambiguous")->check(kTypeCheck);
renew->add_option("--days", f.days, "validity in days (default: as before)")
    ->check(CLI::Range(1, certs::kMaxDays));
renew->add_flag("--new-key", f.new_key, "generate a new key too");
renew->add_option("--key-type", f.key_type, "with --new-key: the new key's type (default: as before)")
    ->check(kKeyTypeCheck);
renew->callback([&context, flags] {
  auto engine = make_engine(context, *flags);
  if (engine) {
    std::optional<certs::KeyAlgorithm> algorithm;
    if (!flags->key_type.empty()) {
      algorithm = key_flag(*flags);
    }
    run_measured(context, *engine, "renew", [&] {
      return engine->renew({flags->name, kind_flag(*flags), flags->days, flags->new_key, algorithm});
    });
  }
});
}  // namespace opsdeck::tui::cli

}  // namespace opsdeck::tui::cli
