#include "tui/cli/backup_cli_database_sources.hpp"

#include <iostream>
#include <sstream>
#include <vector>

#include "backend/backup/mariadb/mariadb_source.hpp"
#include "backend/backup/redis/redis_source.hpp"
#include "backend/store/store_options_from_config.hpp"
#include "tui/cli/backup_cli_support.hpp"

namespace opsdeck::tui::cli {
namespace {

constexpr std::string_view kMariadbPrefix = "mariadb:";
constexpr std::string_view kRedisPrefix = "redis:";

// Applies <server> to options that came from the config: a socket path, or host[:port].
template <typename Options>
core::Status apply_server(Options& options, const std::string& server) {
  if (server.empty() || server == "default") {
    return {};
  }
  if (server.front() == '/') {
    options.socket = server;
    options.host.clear();
    return {};
  }
  options.socket.clear();
  const auto colon = server.rfind(':');
  options.host = server.substr(0, colon);
  if (colon != std::string::npos) {
    try {
      options.port = static_cast<unsigned>(std::stoul(server.substr(colon + 1)));
    } catch (const std::exception&) {
      return core::fail(core::ErrorCategory::kInvalidInput, "the port in " + server + " is not a number");
    }
  }
  return {};
}

std::vector<std::string> split_commas(const std::string& text) {
  std::vector<std::string> parts;
  std::stringstream stream(text);
  std::string part;
  while (std::getline(stream, part, ',')) {
    if (!part.empty()) {
      parts.push_back(part);
    }
  }
  return parts;
}

}  // namespace

bool is_database_source(const std::string& source) {
  return source.starts_with(kMariadbPrefix) || source.starts_with(kRedisPrefix);
}

core::Result<std::unique_ptr<backup::BackupSource>> database_source(CliContext& context,
                                                                    const std::string& source,
                                                                    bool flush_on_restore) {
  const core::Config* config = context.config();
  if (config == nullptr) {
    return core::fail(core::ErrorCategory::kInvalidInput, "the configuration did not load");
  }
  if (source.starts_with(kMariadbPrefix)) {
    const std::string rest = source.substr(kMariadbPrefix.size());
    const auto slash = rest.rfind('/');
    if (slash == std::string::npos || slash + 1 == rest.size()) {
      return core::fail(core::ErrorCategory::kInvalidInput,
                        "a MariaDB source is mariadb:<server>/<database>[,<database>...]; " + source +
                            " names no database");
    }
    auto options = store::mariadb_options_from_config(*config);
    OPSDECK_TRY(options);
    OPSDECK_TRY(apply_server(*options, rest.substr(0, slash)));
    // The source names its databases: the session must not depend on opsdeck's own (mariadb.database),
    // which a server being backed up need not have.
    options->database.clear();
    backup::MariadbSourceOptions source_options;
    source_options.name = source;
    source_options.server = *options;
    source_options.databases = split_commas(rest.substr(slash + 1));
    return std::unique_ptr<backup::BackupSource>(std::make_unique<backup::MariadbSource>(source_options));
  }
  if (source.starts_with(kRedisPrefix)) {
    auto options = store::redis_options_from_config(*config);
    OPSDECK_TRY(options);
    OPSDECK_TRY(apply_server(*options, source.substr(kRedisPrefix.size())));
    backup::RedisSourceOptions source_options{source, *options, flush_on_restore};
    return std::unique_ptr<backup::BackupSource>(std::make_unique<backup::RedisSource>(source_options));
  }
  return core::fail(core::ErrorCategory::kInvalidInput, source + " is not a mariadb: or redis: source");
}

void restore_database_backup(CliContext& context, const backup::BackupInfo& info, const std::string& target,
                             bool flush) {
  auto source = database_source(context, info.manifest.source, flush);
  if (!source.ok()) {
    context.fail(source.error());
    return;
  }
  auto status = run_backup_job(context, "restore " + info.id, [&](core::JobContext& job) -> core::Status {
    return (*source)->restore_from(info.data_dir(), info.manifest, target, job);
  });
  if (!status.ok()) {
    context.fail(status.error());
    return;
  }
  if (context.options.json) {
    context.print_json(
        {{"id", info.id}, {"kind", info.manifest.kind}, {"target", target}, {"restored", true}});
  } else {
    std::cout << "restored " << info.manifest.kind << " backup " << info.id << " of " << info.manifest.source
              << (info.manifest.kind == "mariadb" ? " into database " + target : std::string()) << "\n";
  }
}

}  // namespace opsdeck::tui::cli
