#!/usr/bin/env bash
# certs_bench.sh: issuing server certificates with opsdeck (one process, CertsEngine in-process) against the
# same work done the usual way with the openssl CLI (one `openssl req` plus one `openssl x509 -req` per
# certificate, the CA made once), side by side in one run, and the time `certs list` takes over a directory
# of 10,000 certificates.
#
# Both sides make the same certificates: ECDSA P-256 keys, CN=HOST, subjectAltName DNS:HOST and IP:10.0.0.1,
# extendedKeyUsage serverAuth, 825 days, signed by an ECDSA P-256 CA; both write key and certificate files.
#
# usage: bench/certs_bench.sh [--count N] [--list-count N] [--build DIR]
#   --count       certificates to issue on each side (default 1000)
#   --list-count  certificates in the listed directory (default 10000)
#   --build       CMake build directory with opsdeck_bench and opsdeck (default build)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
count=1000
list_count=10000
build="${here}/../build"

while [[ $# -gt 0 ]]; do
  case "$1" in
    --count) count="$2"; shift 2 ;;
    --list-count) list_count="$2"; shift 2 ;;
    --build) build="$2"; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "certs_bench.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done

[[ -d "$build" ]] || { echo "certs_bench.sh: no build directory $build (see --build)" >&2; exit 1; }
build="$(cd "$build" && pwd)"
bench="${build}/bench/opsdeck_bench"
opsdeck="${build}/tui/opsdeck"
command -v openssl >/dev/null || { echo "certs_bench.sh: openssl not found in PATH" >&2; exit 1; }
[[ -x "$bench" ]] || { echo "certs_bench.sh: no $bench (configure with -DOPSDECK_BUILD_BENCH=ON)" >&2; exit 1; }

work="$(mktemp -d "${TMPDIR:-/tmp}/opsdeck-certs-bench-XXXXXX")"
trap 'rm -rf "$work"' EXIT

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

echo "opsdeck certs benchmark: $count server certificates each side; list over $list_count"
echo "openssl: $(openssl version)"
# opsdeck fsyncs every key and certificate before renaming it into place (the openssl CLI does not), so the
# file system matters: on a disk that is most of opsdeck's time, on tmpfs none of it. Say which one this is.
echo "work directory: $work ($(stat -f -c %T "$work"))"

# --- openssl CLI: one req + one x509 -req per certificate -------------------------------------------------
mkdir -p "$work/openssl"
cd "$work/openssl"
openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.crt \
  -subj "/CN=bench-ca" -days 3650 -addext "basicConstraints=critical,CA:TRUE" \
  -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
start="$(now)"
for ((i = 0; i < count; i++)); do
  host="host-$i.bench.example"
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$host.key" -out "$host.csr" \
    -subj "/CN=$host" 2>/dev/null
  printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:%s,IP:10.0.0.1\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n' \
    "$host" > ext.cnf
  openssl x509 -req -in "$host.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days 825 -sha256 \
    -extfile ext.cnf -out "$host.crt" 2>/dev/null
done
openssl_seconds="$(elapsed "$start" "$(now)")"
openssl verify -CAfile ca.crt "host-0.bench.example.crt" >/dev/null
cd "$here"

# --- opsdeck: one process, CertsEngine ----------------------------------------------------------------------
start="$(now)"
OPSDECK_CERTS_BENCH_COUNT="$count" "$bench" --benchmark_filter='BM_IssueServerCertificates' \
  --benchmark_format=console > "$work/issue.txt" 2>&1 || { cat "$work/issue.txt" >&2; exit 1; }
opsdeck_seconds="$(elapsed "$start" "$(now)")"

ratio="$(awk -v a="$openssl_seconds" -v b="$opsdeck_seconds" 'BEGIN { printf "%.1f", a / b }')"
printf '\n%-52s %10s %12s\n' "issue $count server certificates" "seconds" "per cert ms"
printf '%-52s %10s %12s\n' "openssl req + openssl x509 -req (2 processes/cert)" "$openssl_seconds" \
  "$(awk -v s="$openssl_seconds" -v n="$count" 'BEGIN { printf "%.2f", s * 1000 / n }')"
printf '%-52s %10s %12s\n' "opsdeck, one process (CertsEngine)" "$opsdeck_seconds" \
  "$(awk -v s="$opsdeck_seconds" -v n="$count" 'BEGIN { printf "%.2f", s * 1000 / n }')"
printf 'ratio (openssl CLI time / opsdeck time): %sx\n' "$ratio"

# --- listing ----------------------------------------------------------------------------------------------
export OPSDECK_CERTS_BENCH_DIR="$work/list"
mkdir -p "$OPSDECK_CERTS_BENCH_DIR"
OPSDECK_CERTS_BENCH_LIST_COUNT="$list_count" "$bench" --benchmark_filter='BM_ListCertificates' \
  --benchmark_format=console > "$work/list.txt" 2>&1 || { cat "$work/list.txt" >&2; exit 1; }
in_process="$(awk '/^BM_ListCertificates/ { print $2 " " $3; exit }' "$work/list.txt")"
printf '\n%-52s %s\n' "certs list over $list_count certificates" "time"
printf '%-52s %s\n' "in-process CertsEngine::list()" "$in_process"
if [[ -x "$opsdeck" ]] && "$opsdeck" certs --certdir "$work/empty" list >/dev/null 2>&1; then
  for format in "" "--json"; do
    start="$(now)"
    "$opsdeck" certs --certdir "$OPSDECK_CERTS_BENCH_DIR/certs" list $format > "$work/listed.txt"
    printf '%-52s %s s\n' "opsdeck certs list $format (whole process)" "$(elapsed "$start" "$(now)")"
  done
  echo "($(grep -c 'listed-' "$work/listed.txt") certificates listed)"
else
  echo "(opsdeck at $opsdeck has no 'certs' subcommand yet: CLI timing skipped)"
fi
