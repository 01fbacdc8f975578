#include "tui/cli/sync_cli_setup.hpp"

#include <iostream>

#include "backend/stack/stack_engine.hpp"
#include "backend/stack/stack_settings_from_config.hpp"
#include "backend/store/store_options_from_config.hpp"

namespace opsdeck::tui::cli {

std::optional<SyncCliSetup> make_sync_engine(CliContext& context) {
  const core::Config* config = context.config();
  if (config == nullptr) {
    context.exit_code = kExitFailure;
    return std::nullopt;
  }
  auto stack_settings = stack::stack_settings_from_config(*config);
  if (context.progress_enabled()) {
    stack_settings.on_progress = [](std::string_view message) { std::cerr << message << "\n"; };
  }
  stack::StackEngine stack(stack_settings);
  auto mariadb = store::mariadb_options_from_config(*config);
  auto redis = store::redis_options_from_config(*config);
  if (!mariadb.ok() || !redis.ok()) {
    context.fail(mariadb.ok() ? redis.error() : mariadb.error());
    return std::nullopt;
  }
  // Without configured servers the graph (and the providers' targets) are the local stack's: start it.
  if ((mariadb->host.empty() && mariadb->socket.empty()) || (redis->host.empty() && redis->socket.empty())) {
    auto up = stack.up();
    if (!up.ok()) {
      context.fail(up.error());
      return std::nullopt;
    }
  }
  auto settings = sync::sync_settings_from_config(*config, stack.mariadb_options(), stack.redis_options());
  if (!settings.ok()) {
    context.fail(settings.error());
    return std::nullopt;
  }
  auto providers = sync::make_providers(*settings);
  if (!providers.ok()) {
    context.fail(providers.error());
    return std::nullopt;
  }
  // The global --statsd-* flags land in CliContext with the metrics CLI; until then the engine reports into
  // a disabled emitter.
  SyncCliSetup setup{std::move(*settings), nullptr};
  setup.engine = std::make_unique<sync::SyncEngine>(setup.settings.graph, std::move(*providers),
                                                    metrics::StatsdEmitter::disabled(), context.logger());
  return setup;
}

}  // namespace opsdeck::tui::cli
