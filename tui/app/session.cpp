// Session wiring: which servers to watch (configured ones, else the local stack's) and the wake-up hooks.
#include "tui/app/session.hpp"

#include "backend/certs/certs_console_commands.hpp"
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
  if (sync_) {
    sync_->snapshots().on_publish({});
  }
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

  auto wake = [raw = session.get()] { raw->wakeup_.notify(); };
  session->create_sync_engine(config, wake);
  session->certs_snapshots_.on_publish(wake);
  session->jobs_->snapshots().on_publish(wake);
  session->logger_.snapshots().on_publish(wake);
  session->poller_->snapshots().on_publish(wake);
  return session;
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
  sync_ = std::make_unique<sync::SyncEngine>(settings->graph, std::move(*providers),
                                             metrics::StatsdEmitter::disabled(), logger_);
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
}

void Session::bring_stack_up() {
  if (!stack_) {
    return;
  }
  stack_job_ = jobs_->submit(
      "stack up", [engine = stack_.get()](core::JobContext& context) -> core::Result<std::string> {
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
                           poller_->snapshots().version() + certs_snapshots_.version() +
                           (sync_ ? sync_->snapshots().version() : 0);
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
  snapshot.sync = sync_ ? sync_->snapshots().latest() : sync_unavailable_;
  if (!snapshot.sync) {
    snapshot.sync = std::make_shared<const sync::SyncSnapshot>();
  }
  snapshot.session = info_;
  snapshot.now = std::chrono::system_clock::now();
  return snapshot;
}

}  // namespace opsdeck::tui::app
