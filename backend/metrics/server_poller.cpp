// ServerPoller: one thread per server, so a server that hangs on connect never delays the others.
#include "backend/metrics/server_poller.hpp"

#include <algorithm>
#include <condition_variable>
#include <mutex>

namespace opsdeck::metrics {

struct ServerPoller::Target {
  explicit Target(PolledServer server) : probe(std::move(server)), published(probe.state()) {}
  ServerProbe probe;      // polled only by this target's worker
  ServerState published;  // copied from the probe under the poller's mutex; read when publishing
};

ServerPoller::ServerPoller(std::vector<PolledServer> servers, std::chrono::milliseconds interval,
                           core::Logger& logger)
    : interval_(interval), logger_(logger) {
  ServersSnapshot initial;
  for (auto& server : servers) {
    targets_.push_back(std::make_unique<Target>(std::move(server)));
    initial.servers.push_back(targets_.back()->published);
  }
  snapshots_.publish(std::move(initial));
}

ServerPoller::~ServerPoller() {
  thread_.request_stop();
  if (thread_.joinable()) {
    thread_.join();
  }
}

void ServerPoller::start() {
  thread_ = std::jthread([this](std::stop_token stop) { run(stop); });
}

void ServerPoller::run(std::stop_token stop) {
  // One worker per target; this thread owns them and publishes what they found.
  std::mutex mutex;
  std::condition_variable_any changed;
  std::vector<std::jthread> workers;
  auto publish = [&] {
    ServersSnapshot snapshot;
    for (const auto& target : targets_) {
      snapshot.servers.push_back(target->published);
    }
    snapshots_.publish(std::move(snapshot));
  };
  const auto start = std::chrono::steady_clock::now();
  for (auto& target : targets_) {
    workers.emplace_back([&, raw = target.get()](std::stop_token worker_stop) {
      std::mutex sleep_mutex;
      std::condition_variable_any sleeper;
      // Polls run on a fixed grid from a shared start, not "interval after the last poll ended": every
      // server's round then lands at the same moment and the console draws one frame for all of them.
      auto next_poll = start;
      while (!worker_stop.stop_requested()) {
        auto wait = raw->probe.poll(interval_, &logger_);
        {
          std::lock_guard lock(mutex);
          raw->published = raw->probe.state();
          publish();
        }
        next_poll += wait;
        auto now = std::chrono::steady_clock::now();
        if (next_poll < now) {
          next_poll = now + (wait - (now - next_poll) % wait);  // fell behind: next point on the grid
        }
        std::unique_lock lock(sleep_mutex);
        sleeper.wait_until(lock, worker_stop, next_poll, [] { return false; });
      }
    });
  }
  std::unique_lock lock(mutex);
  changed.wait(lock, stop, [] { return false; });
  lock.unlock();
  for (auto& worker : workers) {
    worker.request_stop();
  }
  workers.clear();
}

}  // namespace opsdeck::metrics
