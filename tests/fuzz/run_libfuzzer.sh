#!/usr/bin/env bash
# Coverage-guided fuzzing of the statsd line parser and aggregator with clang's libFuzzer, ASan and UBSan:
# builds tests/fuzz/statsd_line_fuzz.cpp with clang++ -fsanitize=fuzzer,address,undefined and runs it over a
# copy of its seed corpus for FUZZ_SECONDS (default 20). A crash, sanitizer report or abort fails the run
# and leaves the reproducer (crash-*) in the output folder. CI (.ci/run) runs it; g++ builds of the same
# target are replay tests (tests/fuzz/CMakeLists.txt).
#   tests/fuzz/run_libfuzzer.sh [OUTPUT_DIR]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${1:-$root/build-fuzz}"
seconds="${FUZZ_SECONDS:-20}"
clang="${CLANGXX:-$(command -v clang++ || command -v clang++-14 || true)}"
if [ -z "$clang" ]; then
  echo "run_libfuzzer: clang++ is not installed (apt-get install clang libclang-rt-14-dev)" >&2
  exit 1
fi
mkdir -p "$out/corpus" "$out/artifacts"
cp -n "$root"/tests/fuzz/corpus/statsd_line/* "$out/corpus/" 2>/dev/null || true

echo "run_libfuzzer: building statsd_line_fuzz with $clang" >&2
"$clang" -std=c++20 -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined \
  -fno-sanitize-recover=undefined -I"$root" \
  "$root/tests/fuzz/statsd_line_fuzz.cpp" \
  "$root/backend/metrics/statsd_line_parser.cpp" \
  "$root/backend/metrics/statsd_aggregator.cpp" \
  "$root/backend/metrics/statsd_series_key.cpp" \
  "$root/backend/metrics/statsd_timer_stats.cpp" \
  "$root/backend/metrics/statsd_history.cpp" \
  -o "$out/statsd_line_fuzz"

echo "run_libfuzzer: fuzzing for ${seconds} s" >&2
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  "$out/statsd_line_fuzz" -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=1024 \
  -artifact_prefix="$out/artifacts/" -print_final_stats=1 "$out/corpus" 2>"$out/fuzz.log" || {
  tail -n 60 "$out/fuzz.log" >&2
  echo "run_libfuzzer: the fuzzer found a failure; reproducer in $out/artifacts/" >&2
  exit 1
}
grep -E '^stat::number_of_executed_units|^Done' "$out/fuzz.log" >&2 || true
