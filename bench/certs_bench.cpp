// The certificate engine's throughput, in one process: issuing server certificates (key generation, build,
// sign, atomic write of key and certificate) and listing a large directory. bench/certs_bench.sh runs these
// beside the same work done with one `openssl req` plus one `openssl x509 -req` per certificate.
//
// The defaults are small so that a plain run of every benchmark stays quick (each certificate is fsynced);
// certs_bench.sh asks for the issue's sizes:
// OPSDECK_CERTS_BENCH_COUNT (default 100; the script: 1000): certificates BM_IssueServerCertificates issues.
// OPSDECK_CERTS_BENCH_LIST_COUNT (default 1000; the script: 10000): certificates BM_ListCertificates lists.
// OPSDECK_CERTS_BENCH_DIR: where BM_ListCertificates builds (and keeps) that directory, so the script can
// time `opsdeck certs list` on it too; a fresh temporary directory otherwise.
#include <benchmark/benchmark.h>
#include <stdlib.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "backend/certs/certs_engine.hpp"

namespace {

using opsdeck::certs::CertsEngine;
using opsdeck::certs::KeyAlgorithm;

int count_from_environment(const char* name, int fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && std::atoi(value) > 0 ? std::atoi(value) : fallback;
}

// A temporary directory removed at the end of the benchmark (unless it was given by the environment).
class BenchDirectory {
 public:
  explicit BenchDirectory(const char* environment_name = nullptr) {
    const char* given = environment_name != nullptr ? std::getenv(environment_name) : nullptr;
    if (given != nullptr && *given != '\0') {
      path_ = given;
      keep_ = true;
      return;
    }
    std::string pattern = (std::filesystem::temp_directory_path() / "opsdeck-certs-bench-XXXXXX").string();
    if (::mkdtemp(pattern.data()) != nullptr) {
      path_ = pattern;
    }
  }
  BenchDirectory(const BenchDirectory&) = delete;
  BenchDirectory& operator=(const BenchDirectory&) = delete;
  ~BenchDirectory() {
    if (!keep_ && !path_.empty()) {
      std::error_code ignored;
      std::filesystem::remove_all(path_, ignored);
    }
  }
  std::filesystem::path certs() const { return path_ / "certs"; }

 private:
  std::filesystem::path path_;
  bool keep_ = false;
};

bool ensure_ca(CertsEngine& engine, benchmark::State& state) {
  if (std::filesystem::exists(engine.directory() / "cas" / "bench-ca.crt")) {
    return true;
  }
  auto ca = engine.create_ca({"bench-ca", "", std::nullopt, 3650, KeyAlgorithm::kEcdsaP256, false});
  if (!ca.ok()) {
    state.SkipWithError(ca.error().message.c_str());
  }
  return ca.ok();
}

void BM_IssueServerCertificates(benchmark::State& state) {
  BenchDirectory directory;
  CertsEngine engine({directory.certs(), {}});
  if (!ensure_ca(engine, state)) {
    return;
  }
  int index = 0;
  for (auto _ : state) {
    auto issued = engine.create_server({"host-" + std::to_string(index++) + ".bench.example",
                                        "bench-ca",
                                        {"IP:10.0.0.1"},
                                        825,
                                        KeyAlgorithm::kEcdsaP256,
                                        false});
    if (!issued.ok()) {
      state.SkipWithError(issued.error().message.c_str());
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_IssueServerCertificates)
    ->Iterations(count_from_environment("OPSDECK_CERTS_BENCH_COUNT", 100))
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void BM_ListCertificates(benchmark::State& state) {
  const int wanted = count_from_environment("OPSDECK_CERTS_BENCH_LIST_COUNT", 1000);
  // One directory for every repetition: building it is the slow part, listing it is what is measured.
  static BenchDirectory directory("OPSDECK_CERTS_BENCH_DIR");
  CertsEngine engine({directory.certs(), {}});
  if (!ensure_ca(engine, state)) {
    return;
  }
  auto existing = engine.list();
  int have = existing.ok() ? static_cast<int>(existing->certificates.size()) - 1 : 0;
  for (int index = have; index < wanted; ++index) {
    auto issued = engine.create_server({"listed-" + std::to_string(index) + ".bench.example",
                                        "bench-ca",
                                        {},
                                        825,
                                        KeyAlgorithm::kEcdsaP256,
                                        true});
    if (!issued.ok()) {
      state.SkipWithError(issued.error().message.c_str());
      return;
    }
  }
  std::size_t listed = 0;
  for (auto _ : state) {
    auto snapshot = engine.list();
    listed = snapshot.ok() ? snapshot->certificates.size() : 0;
    benchmark::DoNotOptimize(listed);
  }
  state.counters["certificates"] = static_cast<double>(listed);
}
BENCHMARK(BM_ListCertificates)->Iterations(3)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
