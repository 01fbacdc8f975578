// Session wiring: which servers to watch (configured ones, else the local stack's) and the wake-up hooks.
#include "tui/app/session.hpp"

#include "backend/backup/backup_console_commands.hpp"
#include "backend/backup/backup_console_settings.hpp"
#include "backend/certs/certs_console_commands.hpp"
#include "backend/metrics/polled_servers_from_config.hpp"
#include "backend/metrics/statsd_service.hpp"
#include "backend/metrics/statsd_timed.hpp"
#include "backend/stack/stack_settings_from_config.hpp"
#include "backend/store/store_options_from_config.hpp"
#include "backend/sync/sync_settings.hpp"

namespace opsdeck::tui::app {

Session::Session(core::Logger& logger, std::size_t workers)
    : logger_(logger), jobs_(std::make_unique<core::JobRunner>(workers, logger)) {
}

Session::~Session() {
  // Stop publishers before the wake-up fd and logger they call into go away.
  poller_.reset();
  jobs_.reset();
  statsd_.reset();
  statsd_server_.reset();
  graphite_.reset();
  if (sync_) {
    sync_->snapshots().on_publish({});
  }
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

  session->start_statsd(config);

  auto wake = [raw = session.get()] { raw->wakeup_.notify(); };
  if (session->statsd_server_) {
    session->statsd_server_->history().on_publish(wake);  // published after the flush
  }
  session->backups_ =
      std::make_unique<backup::BackupConsole>(backup::backup_console_settings_from_config(config));
  session->backups_->snapshots().on_publish(wake);
  session->create_sync_engine(config, wake);
  session->certs_snapshots_.on_publish(wake);
  session->jobs_->snapshots().on_publish(wake);
  session->logger_.snapshots().on_publish(wake);
  session->poller_->snapshots().on_publish(wake);
  return session;
}

namespace {

// Where the emitter reaches a server bound to `address` ("0.0.0.0:8125" is reached on 127.0.0.1).
std::string emitter_host(const std::string& address) {
  std::string host = address.substr(0, address.rfind(':'));
  if (host.size() >= 2 && host.front() == '[') {
    host = host.substr(1, host.size() - 2);
  }
  if (host == "0.0.0.0") {
    return "127.0.0.1";
  }
  return host == "::" ? "::1" : host;
}

}  // namespace

void Session::start_statsd(const core::Config& config) {
  MetricsServerStatus status;
  status.flush_interval_seconds = static_cast<double>(config.get_int("metrics.flush_interval"));
  auto service = metrics::start_statsd_service(config);
  if (!service.ok()) {
    status.error = service.error().message;
    logger_.warn("metrics", "statsd server not started: " + status.error);
  } else {
    graphite_ = std::move(service->graphite);
    statsd_server_ = std::move(service->server);
    status.listening = true;
    status.udp_address = statsd_server_->udp_address();
    status.admin_address = statsd_server_->admin_address();
    logger_.info("metrics",
                 "statsd listening on udp " + status.udp_address +
                     (status.admin_address.empty() ? "" : ", admin on tcp " + status.admin_address) +
                     (graphite_ ? ", forwarding to graphite " + graphite_->address() : ""));
    metrics::StatsdEmitterOptions emitter;
    emitter.enabled = true;
    emitter.host = emitter_host(status.udp_address);
    emitter.port = statsd_server_->udp_port();
    emitter.prefix = config.get_string("statsd.prefix");
    auto created = metrics::StatsdEmitter::create(emitter);
    if (created.ok()) {
      statsd_ = std::move(*created);
    } else {
      logger_.warn("metrics", "the console's engines cannot report to it: " + created.error().message);
    }
  }
  statsd_status_ = std::make_shared<const MetricsServerStatus>(std::move(status));
}

void Session::create_sync_engine(const core::Config& config, const std::function<void()>& wake) {
  const store::MariadbOptions stack_mariadb = stack_ ? stack_->mariadb_options() : store::MariadbOptions{};
  const store::RedisOptions stack_redis = stack_ ? stack_->redis_options() : store::RedisOptions{};
  auto settings = sync::sync_settings_from_config(config, stack_mariadb, stack_redis);
  auto providers =
      settings.ok()
          ? sync::make_providers(*settings)
          : core::Result<std::vector<std::shared_ptr<sync::Provider>>>(core::Unexpected{settings.error()});
  if (!providers.ok()) {
    sync::SyncSnapshot unavailable;
    unavailable.loaded = true;
    unavailable.error = "sync: " + providers.error().message;
    sync_unavailable_ = std::make_shared<const sync::SyncSnapshot>(std::move(unavailable));
    return;
  }
  sync_defaults_ = settings->defaults;
  sync_ = std::make_unique<sync::SyncEngine>(settings->graph, std::move(*providers), statsd_, logger_);
  sync_->snapshots().on_publish(wake);
}

std::string Session::run_sync_command(const std::string& name, const std::vector<std::string>& args) {
  if (!sync_) {
    return name + ": " + (sync_unavailable_ ? sync_unavailable_->error : "no sync engine");
  }
  if (name == "sync.run") {
    sync::SyncOptions options = sync_defaults_;
    options.providers = args;
    sync_->start(*jobs_, std::move(options));
    return "";
  }
  sync::SyncEngine* engine = sync_.get();
  if (name == "sync.browse_labels") {
    jobs_->submit("sync browse", [engine](core::JobContext&) -> core::Result<std::string> {
      engine->browse_labels();
      return std::string("labels");
    });
    return "";
  }
  if (name == "sync.browse_label" && args.size() == 1) {
    jobs_->submit("sync browse " + args[0],
                  [engine, label = args[0]](core::JobContext&) -> core::Result<std::string> {
                    engine->browse_label(label);
                    return label;
                  });
    return "";
  }
  if (name == "sync.browse_node" && args.size() == 2) {
    jobs_->submit("sync browse " + args[0] + " " + args[1],
                  [engine, label = args[0], id = args[1]](core::JobContext&) -> core::Result<std::string> {
                    engine->browse_node(label, id);
                    return label + " " + id;
                  });
    return "";
  }
  return name + ": unknown command or wrong arguments";
}

void Session::start() {
  poller_->start();
  bring_stack_up();
  if (sync_) {
    // The graph lives in the local stack's MariaDB when none is configured: open after the stack is up.
    jobs_->submit(
        "sync open",
        [engine = sync_.get(), stack_job = stack_job_](core::JobContext& job) -> core::Result<std::string> {
          if (stack_job.valid()) {
            job.message("waiting for the local stack");
            stack_job.wait();
          }
          auto opened = engine->open();
          if (!opened.ok()) {
            return core::Unexpected{opened.error()};
          }
          engine->browse_labels();
          return std::string("graph tables ready");
        });
  }
  run_certs_command("certs.refresh", {});
  if (backups_->settings().repo.empty()) {
    backups_->refresh();  // no I/O: publishes "no repository configured" for the Backups view, no failed job
  } else {
    run_backup_command(std::string(backup::kBackupRefreshCommand), {});
  }
}

void Session::bring_stack_up() {
  if (!stack_) {
    return;
  }
  stack_job_ = jobs_->submit(
      "stack up",
      [engine = stack_.get(), statsd = statsd_](core::JobContext& context) -> core::Result<std::string> {
        context.message("starting the local stack under " + engine->directory().string());
        auto status =
            metrics::timed_operation(*statsd, "stack.up", [&] { return engine->up(context.stop_token()); });
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
    auto run = [&] { return certs::run_certs_command(*certs_, name, args); };
    // "certs.create" -> certs.create.duration / .succeeded / .failed; a refresh is only a listing.
    auto result = name == certs::kRefreshCommand ? run() : metrics::timed_operation(*statsd_, name, run);
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
                           (statsd_server_ ? statsd_server_->history().version() : 0) +
                           backups_->snapshots().version() + (sync_ ? sync_->snapshots().version() : 0);
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
  if (statsd_server_) {
    snapshot.statsd_flush = statsd_server_->latest().latest();
    snapshot.statsd_history = statsd_server_->history().latest();
  }
  snapshot.statsd_status = statsd_status_;
  snapshot.backups = backups_->snapshots().latest();
  snapshot.sync = sync_ ? sync_->snapshots().latest() : sync_unavailable_;
  if (!snapshot.sync) {
    snapshot.sync = std::make_shared<const sync::SyncSnapshot>();
  }
  snapshot.session = info_;
  snapshot.now = std::chrono::system_clock::now();
  return snapshot;
}

}  // namespace opsdeck::tui::app
