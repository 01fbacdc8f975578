#!/usr/bin/env bash
# statsd_vs_etsy.sh: opsdeck's statsd server (`opsdeck metrics serve`) against etsy statsd 0.9.0 (npm
# `statsd`, run with node from tests/peers), side by side in one run, fed by the same generator
# (bench/statsd_traffic.cpp: sendmmsg, ~20 lines per packet, 1,000 series of mixed types).
#
# For each server, one after the other (never both at once: the machine has 2 cores):
#   saturation  the generator sends flat out for --duration s; processed lines/s = the server's admin
#               metrics_received delta over the generator's sending time (received while it was sending)
#   loss        at each offered rate (--rates, lines/s) for --duration s: 1 - processed / sent, counted
#               after the server has drained its socket (metrics_received unchanged for 1 s)
#   rss         a fresh server receives 100,000 distinct series (--rss-series); VmRSS after it has flushed
#               enough times to fill its history (opsdeck: --history-flushes more flushes at 0.25 s, which
#               fills the byte-budgeted ring at 100,000 series; etsy keeps no history: 3 flushes at 1 s)
# opsdeck flushes every 10 s as by default; etsy runs with a one-hour flush interval because its admin
# metrics_received counter resets at every flush (this spares etsy its flush work: in etsy's favour).
#
# The generator sends from --senders sockets (8: eight clients' source ports), so opsdeck's SO_REUSEPORT
# receive threads get the flows spread as they would from several clients; etsy has one socket either way.
#
# usage: bench/statsd_vs_etsy.sh [--build DIR] [--duration S] [--rates "100000 500000 1000000"]
#                                [--rss-series N] [--history-flushes N] [--only opsdeck|etsy] [--senders N]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$here/.."
build="$root/build"
duration=10
rates="100000 500000 1000000"
rss_series=100000
history_flushes=360
only=""
senders=8
while [[ $# -gt 0 ]]; do
  case "$1" in
    --build) build="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --rates) rates="$2"; shift 2 ;;
    --rss-series) rss_series="$2"; shift 2 ;;
    --history-flushes) history_flushes="$2"; shift 2 ;;
    --only) only="$2"; shift 2 ;;
    --senders) senders="$2"; shift 2 ;;
    -h|--help) sed -n '2,25p' "$0"; exit 0 ;;
    *) echo "statsd_vs_etsy.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done

opsdeck="$build/tui/opsdeck"
traffic="$build/bench/statsd_traffic"
etsy_js="$root/tests/peers/node_modules/statsd/stats.js"
for needed in "$opsdeck" "$traffic"; do
  [[ -x "$needed" ]] || { echo "statsd_vs_etsy.sh: $needed missing (build opsdeck and statsd_traffic)" >&2; exit 1; }
done
[[ -f "$etsy_js" ]] || { echo "statsd_vs_etsy.sh: run npm ci --prefix tests/peers first" >&2; exit 1; }

work="$(mktemp -d)"
server_pid=""
cleanup() {
  [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

free_port() {  # $1: SOCK_DGRAM or SOCK_STREAM
  python3 -c "import socket; s = socket.socket(socket.AF_INET, socket.$1); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])"
}

# admin PORT COMMAND: one admin command, its reply up to the END line.
admin() {
  exec 3<>"/dev/tcp/127.0.0.1/$1"
  printf '%s\n' "$2" >&3
  local line reply=""
  while IFS= read -r -t 5 line <&3; do
    [[ "$line" == "END" ]] && break
    reply+="$line"$'\n'
  done
  exec 3<&-
  printf '%s' "$reply"
}

kind="" udp_port="" admin_port=""
received() {
  if [[ "$kind" == opsdeck ]]; then
    admin "$admin_port" stats | sed -n 's/^messages.metrics_received: //p'
  else
    admin "$admin_port" counters | grep -o "'statsd.metrics_received': [0-9]*" | grep -o '[0-9]*$'
  fi
}
flushes() { admin "$admin_port" stats | sed -n 's/^flushes: //p'; }

# Waits until metrics_received stops moving for 1 s (the socket is drained); prints it.
settled() {
  local last now
  last="$(received)"
  while sleep 1; now="$(received)"; [[ "$now" != "$last" ]]; do last="$now"; done
  printf '%s' "$now"
}

start_server() {  # $1: opsdeck|etsy, $2: opsdeck flush interval (s)
  kind="$1"
  if [[ "$kind" == opsdeck ]]; then
    "$opsdeck" metrics serve --listen 127.0.0.1:0 --admin 127.0.0.1:0 --flush-interval "$2" \
      >/dev/null 2>"$work/opsdeck.err" &
    server_pid=$!
    for _ in $(seq 100); do grep -q "listening" "$work/opsdeck.err" 2>/dev/null && break; sleep 0.1; done
    udp_port="$(sed -n 's/.*udp 127.0.0.1:\([0-9]*\),.*/\1/p' "$work/opsdeck.err")"
    admin_port="$(sed -n 's/.*admin on tcp 127.0.0.1:\([0-9]*\).*/\1/p' "$work/opsdeck.err")"
  else
    udp_port="$(free_port SOCK_DGRAM)"
    admin_port="$(free_port SOCK_STREAM)"
    ETSY_PORT="$udp_port" ETSY_MGMT_PORT="$admin_port" ETSY_FLUSH_MS="${3:-3600000}" \
      node "$etsy_js" "$root/tests/peers/etsy_config.js" >"$work/etsy.out" 2>&1 &
    server_pid=$!
    for _ in $(seq 100); do grep -q "server is up" "$work/etsy.out" 2>/dev/null && break; sleep 0.1; done
    sleep 0.5
  fi
  [[ -n "$udp_port" && -n "$admin_port" ]] || { echo "statsd_vs_etsy.sh: $kind did not start" >&2; exit 1; }
}

stop_server() {
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}

json_field() { sed -n "s/.*\"$1\": \([0-9.]*\).*/\1/p"; }
rss_kib() { sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$server_pid/status"; }

declare -A result
run_side() {
  local side="$1"
  start_server "$side" 10
  # Saturation: flat out; what the server processed while the generator was sending.
  local before after out sent seconds
  before="$(received)"
  out="$("$traffic" --sockets "$senders" --port "$udp_port" --duration "$duration")"
  after="$(received)"
  sent="$(json_field lines_sent <<<"$out")"
  seconds="$(json_field seconds <<<"$out")"
  settled >/dev/null
  result[$side.sat_sent]=$(awk -v s="$sent" -v t="$seconds" 'BEGIN { printf "%.0f", s / t }')
  result[$side.sat_rate]=$(awk -v a="$after" -v b="$before" -v t="$seconds" 'BEGIN { printf "%.0f", (a - b) / t }')
  echo "$side saturation: offered ${result[$side.sat_sent]} lines/s, processed ${result[$side.sat_rate]} lines/s" >&2
  # Loss at fixed offered rates.
  local rate
  for rate in $rates; do
    before="$(settled)"
    out="$("$traffic" --sockets "$senders" --port "$udp_port" --rate "$rate" --duration "$duration")"
    after="$(settled)"
    sent="$(json_field lines_sent <<<"$out")"
    seconds="$(json_field seconds <<<"$out")"
    result[$side.achieved.$rate]=$(awk -v s="$sent" -v t="$seconds" 'BEGIN { printf "%.0f", s / t }')
    result[$side.loss.$rate]=$(awk -v a="$after" -v b="$before" -v s="$sent" \
      'BEGIN { printf "%.4f", 100 * (1 - (a - b) / s) }')
    echo "$side at $rate lines/s: sent $sent (achieved ${result[$side.achieved.$rate]}/s), processed $((after - before)), loss ${result[$side.loss.$rate]} %" >&2
  done
  stop_server

  # RSS with many distinct series: each series sent 3 times at 50,000 lines/s, a rate both servers keep up
  # with; opsdeck gets more passes until its admin `stats` counts every series.
  if [[ "$side" == opsdeck ]]; then
    start_server opsdeck 0.25
  else
    start_server etsy 0 1000
  fi
  local pass
  for pass in 1 2 3; do
    "$traffic" --sockets "$senders" --port "$udp_port" --series "$rss_series" --lines $((rss_series * 3)) --rate 50000 >/dev/null
    settled >/dev/null
    [[ "$side" == etsy ]] && break
    result[$side.series]="$(admin "$admin_port" stats | sed -n 's/^messages.series: //p')"
    [[ "${result[$side.series]}" -ge "$rss_series" ]] && break
  done
  if [[ "$side" == opsdeck ]]; then
    local seen=0 first
    first="$(flushes)"
    while seen="$(flushes)"; [[ $((seen - first)) -lt "$history_flushes" ]]; do sleep 1; done
    result[$side.rss_flushes]="$seen"
  else
    sleep 3  # a few flushes of the 100,000 series
    result[$side.rss_flushes]=3
    result[$side.series]="$rss_series"
  fi
  result[$side.rss]="$(rss_kib)"
  echo "$side RSS with ${result[$side.series]} series after ${result[$side.rss_flushes]} flushes: ${result[$side.rss]} KiB" >&2
  stop_server
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for side in opsdeck etsy; do
  [[ -z "$only" || "$only" == "$side" ]] && run_side "$side"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

# The table for bench/RESULTS.md.
ratio() { awk -v a="${1:-0}" -v b="${2:-0}" 'BEGIN { if (b > 0) printf "%.1fx", a / b; else printf "-" }'; }
echo "| measure | opsdeck | etsy statsd 0.9.0 | opsdeck / etsy |"
echo "|---|---|---|---|"
echo "| lines/s processed at saturation | ${result[opsdeck.sat_rate]:-} | ${result[etsy.sat_rate]:-} | $(ratio "${result[opsdeck.sat_rate]:-}" "${result[etsy.sat_rate]:-}") |"
echo "| (offered at saturation, lines/s) | ${result[opsdeck.sat_sent]:-} | ${result[etsy.sat_sent]:-} | |"
for rate in $rates; do
  echo "| loss at $rate lines/s offered (achieved) | ${result[opsdeck.loss.$rate]:-} % (${result[opsdeck.achieved.$rate]:-}) | ${result[etsy.loss.$rate]:-} % (${result[etsy.achieved.$rate]:-}) | |"
done
echo "| RSS with $rss_series series (KiB) | ${result[opsdeck.rss]:-} (${result[opsdeck.rss_flushes]:-} flushes of history) | ${result[etsy.rss]:-} | $(ratio "${result[opsdeck.rss]:-}" "${result[etsy.rss]:-}") |"
