// Session wiring: which servers to watch (configured ones, else the local stack's) and the wake-up hooks.
#include "tui/app/session.hpp"

#include "backend/certs/certs_console_commands.hpp"
#include "backend/metrics/polled_servers_from_config.hpp"
#include "backend/stack/stack_settings_from_config.hpp"
#include "backend/store/store_options_from_config.hpp"

namespace opsdeck::tui::app {

Session::Session(core::Logger& logger, std::size_t workers)
    : logger_(logger), jobs_(std::make_unique<core::JobRunner>(workers, logger)) {
}

Session::~Session() {
  // Stop publishers before the wake-up fd and logger they call into go away.
  poller_.reset();
  jobs_.reset();
  certs_snapshots_.on_publish({});
  logger_.snapshots().on_publish({});
}

core::Result<std::unique_ptr<Session>> Session::create(const core::Config& config, core::Logger& logger) {
  auto session =
      std::unique_ptr<Session>(new Session(logger, static_cast<std::size_t>(config.get_int("jobs.workers"))));
  bool mariadb_configured = core::mariadb_configured(config);
  bool redis_configured = core::redis_configured(config);
  if (!mariadb_configured || !redis_configured) {
    session->stack_ = std::make_unique<stack::StackEngine>(stack::stack_settings_from_config(config));
  }

  auto servers = metrics::polled_servers_from_config(config, session->stack_.get());
  if (!servers.ok()) {
    return core::Unexpected{servers.error()};
  }
  session->poller_ = std::make_unique<metrics::ServerPoller>(
      std::move(*servers), std::chrono::milliseconds(config.get_int("monitor.interval_ms")), logger);

  SessionInfo info;
  info.state_dir = config.state_dir();
  info.config_file = config.file() ? config.file()->string() : std::string();
  info.local_stack = session->stack_ != nullptr;
  info.version = OPSDECK_VERSION;
  session->info_ = std::make_shared<const SessionInfo>(std::move(info));

  session->certs_ =
      std::make_unique<certs::CertsEngine>(certs::CertsSettings{config.state_dir() / "certs", {}});

  auto wake = [raw = session.get()] { raw->wakeup_.notify(); };
  session->certs_snapshots_.on_publish(wake);
  session->jobs_->snapshots().on_publish(wake);
  session->logger_.snapshots().on_publish(wake);
  session->poller_->snapshots().on_publish(wake);
  return session;
}

void Session::start() {
  poller_->start();
  bring_stack_up();
  run_certs_command("certs.refresh", {});
}

void Session::bring_stack_up() {
  if (!stack_) {
    return;
  }
  jobs_->submit("stack up", [engine = stack_.get()](core::JobContext& context) -> core::Result<std::string> {
    context.message("starting the local stack under " + engine->directory().string());
    auto status = engine->up(context.stop_token());
    if (!status.ok()) {
      return core::Unexpected{status.error()};
    }
    std::string summary;
    for (const auto& server : status->servers) {
      summary += (summary.empty() ? "" : ", ") + server.name + " " + (server.running ? "up" : "down");
      if (!server.note.empty()) {
        summary += " (" + server.note + ")";
      }
    }
    return summary;
  });
}

void Session::run_certs_command(std::string name, std::vector<std::string> args) {
  // The label never includes args[2] and beyond: an export's passphrase travels there.
  std::string label = "certs " + name.substr(6) + (args.size() > 1 ? " " + args[1] : "");
  jobs_->submit(label, [this, name, args](core::JobContext&) -> core::Result<std::string> {
    std::lock_guard lock(certs_mutex_);
    auto result = certs::run_certs_command(*certs_, name, args);
    certs::publish_certs_snapshot(*certs_, certs_snapshots_);
    return result;
  });
}

bool Session::changed() {
  std::uint64_t versions = jobs_->snapshots().version() + logger_.snapshots().version() +
                           poller_->snapshots().version() + certs_snapshots_.version();
  if (versions == seen_versions_) {
    return false;
  }
  seen_versions_ = versions;
  return true;
}

Snapshot Session::snapshot() const {
  Snapshot snapshot;
  snapshot.jobs = jobs_->snapshots().latest();
  snapshot.logs = logger_.snapshots().latest();
  snapshot.servers = poller_->snapshots().latest();
  snapshot.certs = certs_snapshots_.latest();
  snapshot.session = info_;
  snapshot.now = std::chrono::system_clock::now();
  return snapshot;
}

}  // namespace opsdeck::tui::app
