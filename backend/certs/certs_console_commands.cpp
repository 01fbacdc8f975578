// Console commands for certificates: positional arguments into engine requests.
#include "backend/certs/certs_console_commands.hpp"

#include <charconv>

namespace opsdeck::certs {
namespace {

using core::ErrorCategory;

std::string arg(const std::vector<std::string>& args, std::size_t index) {
  return index < args.size() ? args[index] : std::string();
}

core::Result<CertKind> kind_arg(const std::vector<std::string>& args, std::size_t index) {
  auto kind = parse_cert_kind(arg(args, index));
  if (!kind) {
    return core::fail(ErrorCategory::kInvalidInput,
                      "certificate type \"" + arg(args, index) + "\": expected ca, host or user");
  }
  return *kind;
}

core::Result<int> days_arg(const std::string& text, int fallback) {
  if (text.empty()) {
    return fallback;
  }
  int days = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), days);
  if (error != std::errc() || end != text.data() + text.size()) {
    return core::fail(ErrorCategory::kInvalidInput, "days \"" + text + "\": expected a whole number");
  }
  return days;
}

std::vector<std::string> split_names(const std::string& text) {
  std::vector<std::string> names;
  std::string current;
  for (char c : text + " ") {
    if (c == ' ' || c == ',') {
      if (!current.empty()) {
        names.push_back(current);
      }
      current.clear();
    } else {
      current += c;
    }
  }
  return names;
}

std::string summarize(const core::Result<CertsOutcome>& outcome, const CertsEngine& engine) {
  std::string summary;
  for (const auto& file : outcome->written) {
    summary += (summary.empty() ? "" : ", ") + file.what +
               " saved: " + file.path.lexically_relative(engine.directory()).string();
  }
  return summary.empty() ? "done" : summary;
}

core::Result<CertsOutcome> create(CertsEngine& engine, const std::vector<std::string>& args) {
  std::string type = arg(args, 0);
  auto key = parse_key_algorithm(arg(args, 4).empty() ? "ec-p256" : arg(args, 4));
  if (!key) {
    return core::Unexpected{key.error()};
  }
  bool is_ca = type == "ca";
  auto days = days_arg(arg(args, 3), is_ca ? kDefaultCaDays : kDefaultLeafDays);
  if (!days) {
    return core::Unexpected{days.error()};
  }
  if (is_ca) {
    return engine.create_ca({arg(args, 1), arg(args, 2), std::nullopt, *days, *key, false});
  }
  if (type == "server" || type == "host") {
    return engine.create_server({arg(args, 1), arg(args, 2), split_names(arg(args, 5)), *days, *key, false});
  }
  if (type == "client" || type == "user") {
    return engine.create_client({arg(args, 1), arg(args, 2), *days, *key, false});
  }
  return core::fail(ErrorCategory::kInvalidInput,
                    "certificate type \"" + type + "\": expected ca, server or client");
}

}  // namespace

bool is_certs_command(std::string_view name) {
  return name == kCreateCommand || name == kRenewCommand || name == kRevokeCommand ||
         name == kExportCommand || name == kRefreshCommand;
}

core::Result<std::string> run_certs_command(CertsEngine& engine, std::string_view name,
                                            const std::vector<std::string>& args) {
  core::Result<CertsOutcome> outcome =
      core::fail(ErrorCategory::kInvalidInput, "unknown certificate command \"" + std::string(name) + "\"");
  if (name == kRefreshCommand) {
    return std::string("listed");
  }
  if (name == kCreateCommand) {
    outcome = create(engine, args);
  } else {
    auto kind = kind_arg(args, 0);
    if (!kind) {
      return core::Unexpected{kind.error()};
    }
    if (name == kRenewCommand) {
      outcome = engine.renew({arg(args, 1), *kind, std::nullopt, arg(args, 2) == "new-key", std::nullopt});
    } else if (name == kRevokeCommand) {
      outcome = engine.revoke({arg(args, 1), *kind, 30});
    } else if (name == kExportCommand) {
      std::optional<std::filesystem::path> output;
      if (!arg(args, 3).empty()) {
        output = arg(args, 3);
      }
      outcome = engine.export_pkcs12({arg(args, 1), *kind, core::Secret(arg(args, 2)), output, false});
    }
  }
  if (!outcome) {
    return core::Unexpected{outcome.error()};
  }
  return summarize(outcome, engine);
}

void publish_certs_snapshot(const CertsEngine& engine, core::Published<CertsSnapshot>& slot) {
  auto listed = engine.list(true);
  if (listed) {
    slot.publish(std::move(*listed));
    return;
  }
  CertsSnapshot failed;
  failed.directory = engine.directory();
  failed.loaded = true;
  failed.taken_at = engine.now();
  failed.error = listed.error().message;
  slot.publish(std::move(failed));
}

}  // namespace opsdeck::certs
