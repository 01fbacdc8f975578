// Session wiring: which servers to watch (configured ones, else the local stack's) and the wake-up hooks.
#include "tui/app/session.hpp"

#include "backend/backup/backup_console_commands.hpp"
#include "backend/backup/backup_console_settings.hpp"
#include "backend/certs/certs_console_commands.hpp"
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
  if (backups_) {
    backups_->snapshots().on_publish({});
  }
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

  std::vector<metrics::PolledServer> servers;
  metrics::PolledServer mariadb{"mariadb", metrics::ServerKind::kMariadb, {}, {}, !mariadb_configured};
  if (mariadb_configured) {
    auto options = store::mariadb_options_from_config(config);
    if (!options.ok()) {
      return core::Unexpected{options.error()};
    }
    mariadb.mariadb = std::move(*options);
  } else {
    mariadb.mariadb = session->stack_->mariadb_options();
  }
  servers.push_back(std::move(mariadb));
  metrics::PolledServer redis{"redis", metrics::ServerKind::kRedis, {}, {}, !redis_configured};
  if (redis_configured) {
    auto options = store::redis_options_from_config(config);
    if (!options.ok()) {
      return core::Unexpected{options.error()};
    }
    redis.redis = std::move(*options);
  } else {
    redis.redis = session->stack_->redis_options();
  }
  servers.push_back(std::move(redis));
  session->poller_ = std::make_unique<metrics::ServerPoller>(
      std::move(servers), std::chrono::milliseconds(config.get_int("monitor.interval_ms")), logger);

  SessionInfo info;
  info.state_dir = config.state_dir();
  info.config_file = config.file() ? config.file()->string() : std::string();
  info.local_stack = session->stack_ != nullptr;
  info.version = OPSDECK_VERSION;
  session->info_ = std::make_shared<const SessionInfo>(std::move(info));

  session->certs_ =
      std::make_unique<certs::CertsEngine>(certs::CertsSettings{config.state_dir() / "certs", {}});

  session->backups_ =
      std::make_unique<backup::BackupConsole>(backup::backup_console_settings_from_config(config));

  auto wake = [raw = session.get()] { raw->wakeup_.notify(); };
  session->backups_->snapshots().on_publish(wake);
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
  run_backup_command(std::string(backup::kBackupRefreshCommand), {});
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

std::string Session::run_backup_command(std::string name, std::vector<std::string> args) {
  if (auto problem = backup::check_backup_command(name, args); !problem.empty()) {
    return problem;
  }
  backup::ConsoleJob described = backup::describe_backup_command(name, args);
  jobs_->submit(
      backup::job_label(described),
      [this, name, args, described](core::JobContext& context) mutable -> core::Result<std::string> {
        const bool tracked = described.action != "refresh";
        described.id = context.id();
        if (tracked) {
          backups_->job_started(described);
        }
        auto result = backup::run_backup_command(*backups_, name, args, context);
        if (tracked) {
          backups_->job_finished(context.id());
          if (described.action != "preview") {
            backups_->refresh();
          }
        }
        return result;
      });
  return "";
}

bool Session::changed() {
  std::uint64_t versions = jobs_->snapshots().version() + logger_.snapshots().version() +
                           poller_->snapshots().version() + certs_snapshots_.version() +
                           backups_->snapshots().version();
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
  snapshot.backups = backups_->snapshots().latest();
  snapshot.session = info_;
  snapshot.now = std::chrono::system_clock::now();
  return snapshot;
}

}  // namespace opsdeck::tui::app
