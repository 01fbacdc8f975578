// The CLI's global --statsd-* flags: a real `opsdeck certs ca` run with --statsd-enabled --statsd-port
// pointing at a StatsdServer started here reports its timing and count, which show up in the server's
// flush; a host that does not resolve is a clear error and the command does nothing.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <string>

#include "backend/core/process.hpp"
#include "backend/metrics/statsd_server.hpp"
#include "tests/support/temporary_directory.hpp"
#include "tests/support/test_servers.hpp"

namespace opsdeck {
namespace {

using namespace std::chrono_literals;

core::Result<core::CapturedRun> run_opsdeck(const std::filesystem::path& state_dir,
                                            std::vector<std::string> arguments) {
  core::SpawnOptions options;
  options.argv = {testing::opsdeck_binary().string(), "--state-dir", state_dir.string()};
  options.argv.insert(options.argv.end(), arguments.begin(), arguments.end());
  // Nothing from the developer's environment may switch the emitter on or elsewhere.
  options.environment = {{"OPSDECK_STATSD_ENABLED", "false"}, {"OPSDECK_STATSD_PREFIX", ""}};
  return core::run_and_capture(options, 60s);
}

TEST(CliStatsdEmitter, CertificateCommandReportsToTheGivenServer) {
  metrics::StatsdServerOptions options;
  options.listen = "127.0.0.1:0";
  options.admin = "";
  options.flush_interval = std::chrono::hours(1);  // only the flush at stop()
  auto server = metrics::StatsdServer::start(options);
  ASSERT_TRUE(server.ok()) << server.error().message;
  testing::TemporaryDirectory state;

  auto run = run_opsdeck(state.path(), {"certs", "ca", "EmitterCA", "--statsd-enabled", "--statsd-port",
                                        std::to_string((*server)->udp_port()), "--statsd-prefix", "cli"});
  ASSERT_TRUE(run.ok()) << run.error().message;
  ASSERT_TRUE(run->status.success()) << run->output;
  // A second one fails (the CA exists): counted as failed.
  auto again =
      run_opsdeck(state.path(), {"--statsd-enabled", "--statsd-port", std::to_string((*server)->udp_port()),
                                 "--statsd-prefix", "cli", "certs", "ca", "EmitterCA"});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->status.code, 1) << again->output;

  // The CLI flushed before exiting, and loopback UDP is delivered by the time sendto returns; stop() takes
  // whatever is still in the socket into a last flush.
  (*server)->stop();
  auto flush = (*server)->latest().latest();
  auto counter = [&flush](const std::string& key) -> double {
    for (const auto& value : flush->counters) {
      if (value.series->key == key) {
        return value.value;
      }
    }
    return -1;
  };
  EXPECT_EQ(counter("cli.certs.ca.succeeded"), 1);
  EXPECT_EQ(counter("cli.certs.ca.failed"), 1);
  bool timed = false;
  for (const auto& timer : flush->timers) {
    if (timer.series->key == "cli.certs.ca.duration") {
      timed = true;
      EXPECT_EQ(timer.stats.count, 2);
      EXPECT_GT(timer.stats.upper, 0);
    }
  }
  EXPECT_TRUE(timed) << "no cli.certs.ca.duration timer in the flush";
  EXPECT_EQ(flush->totals.bad_lines_seen, 0u);
}

TEST(CliStatsdEmitter, UnresolvableHostIsAClearErrorAndNothingIsDone) {
  testing::TemporaryDirectory state;
  auto run = run_opsdeck(
      state.path(), {"--statsd-enabled", "--statsd-host", "no-such-host.invalid", "certs", "ca", "NeverCA"});
  ASSERT_TRUE(run.ok()) << run.error().message;
  EXPECT_EQ(run->status.code, 1) << run->output;
  EXPECT_NE(run->output.find("no-such-host.invalid"), std::string::npos) << run->output;
  // Not a file written: the command stopped before the engine ran.
  std::size_t files = 0;
  if (std::filesystem::exists(state.path() / "certs")) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(state.path() / "certs")) {
      files += entry.is_regular_file() ? 1 : 0;
    }
  }
  EXPECT_EQ(files, 0u);
}

}  // namespace
}  // namespace opsdeck
