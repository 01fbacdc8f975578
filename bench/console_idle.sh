#!/usr/bin/env bash
# console_idle.sh: what the console costs while nobody touches it, side by side with htop run the same way.
#
# Each program runs alone in a detached tmux pane (private tmux server, wiped environment, TERM=tmux-256color,
# LANG=C.UTF-8) at each size. After a warm-up (opsdeck: both local-stack servers show "● up" and no job runs;
# htop: a few seconds) we measure for DURATION seconds:
#   - CPU seconds the process used: utime+stime of /proc/<pid>/stat (all its threads), in ticks / CLK_TCK;
#   - bytes it wrote to its terminal: tmux `pipe-pane -o 'cat >> FILE'` copies the pane's output stream;
#   - two finer measures beside them: on-CPU time in ms from /proc/<pid>/task/*/schedstat (nanoseconds, all
#     threads; ticks are 10 ms, so 30 s of an idle program is only a handful of them), and wake-ups per
#     second (voluntary + involuntary context switches of all threads), what an idle program costs a laptop.
# The goal (from the issue): no more CPU and no more bytes per second than htop.
#
# usage: bench/console_idle.sh [--duration SECONDS] [--sizes "120x40 80x24"] [--opsdeck PATH] [--warmup SECONDS]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
duration=30
sizes="120x40 80x24"
opsdeck="${here}/../build-tmux/tui/opsdeck"
htop_warmup=5
settle=2

while [[ $# -gt 0 ]]; do
  case "$1" in
    --duration) duration="$2"; shift 2 ;;
    --sizes) sizes="$2"; shift 2 ;;
    --opsdeck) opsdeck="$2"; shift 2 ;;
    --warmup) htop_warmup="$2"; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "console_idle.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done

for tool in tmux htop awk; do
  command -v "$tool" >/dev/null || { echo "console_idle.sh: $tool not found in PATH" >&2; exit 1; }
done
[[ -x "$opsdeck" ]] || { echo "console_idle.sh: no opsdeck binary at $opsdeck (build it or pass --opsdeck)" >&2; exit 1; }
opsdeck="$(cd "$(dirname "$opsdeck")" && pwd)/$(basename "$opsdeck")"

# Short paths: the stack's unix sockets live under the state dir and are limited to 107 bytes.
work="$(mktemp -d /tmp/opsdeck-bench-XXXXXX)"
socket="opsdeck-bench-$$"
clk_tck="$(getconf CLK_TCK)"
mkdir -p "$work/home" "$work/state"

tmux_run() { env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 HOME="$work/home" tmux -L "$socket" "$@"; }

cleanup() {
  tmux_run kill-server 2>/dev/null || true
  rm -f "/tmp/tmux-$(id -u)/$socket"
  "$opsdeck" --state-dir "$work/state" stack down >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# utime + stime of a process, in clock ticks.
cpu_ticks() { awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; }

# On-CPU nanoseconds and context switches, summed over the process's threads (idle programs keep theirs).
cpu_ns() { cat /proc/"$1"/task/*/schedstat 2>/dev/null | awk '{ sum += $1 } END { printf "%d", sum }'; }
switches() {
  cat /proc/"$1"/task/*/status 2>/dev/null | awk '/ctxt_switches/ { sum += $2 } END { printf "%d", sum }'
}

# wait_screen TIMEOUT AWK-CONDITION: polls the pane until the awk program (run on the captured screen, printing
# "yes" when satisfied) says so.
wait_screen() {
  local timeout="$1" condition="$2" deadline=$((SECONDS + $1))
  while (( SECONDS < deadline )); do
    if [[ "$(tmux_run capture-pane -p -t bench | awk "$condition")" == yes ]]; then
      return 0
    fi
    sleep 0.2
  done
  echo "console_idle.sh: timed out after ${timeout}s; last screen:" >&2
  tmux_run capture-pane -p -t bench >&2
  return 1
}

# measure NAME WIDTH HEIGHT COMMAND...: prints "cpu_seconds bytes cpu_ms wakeups" for DURATION seconds after
# the warm-up.
measure() {
  local name="$1" width="$2" height="$3"
  shift 3
  local out="$work/${name}-${width}x${height}.out"
  : > "$out"
  tmux_run -f /dev/null start-server \; set-option -g status off \; set-option -g default-terminal tmux-256color \
    \; new-session -d -s bench -x "$width" -y "$height" "exec $*"
  if [[ "$name" == opsdeck ]]; then
    wait_screen 90 'NR == 1 { header = $0 } { ups += gsub(/● up/, "") } END { print (ups == 2 && header ~ /local stack/ && header !~ /running/) ? "yes" : "no" }' >&2
  else
    wait_screen 10 '/PID/ { found = 1 } END { print found ? "yes" : "no" }' >&2
    sleep "$htop_warmup"
  fi
  sleep "$settle"
  local pid
  pid="$(tmux_run display-message -p -t bench '#{pane_pid}')"
  tmux_run pipe-pane -o -t bench "cat >> '$out'"
  local before after ns_before ns_after switches_before switches_after
  before="$(cpu_ticks "$pid")"
  ns_before="$(cpu_ns "$pid")"
  switches_before="$(switches "$pid")"
  sleep "$duration"
  after="$(cpu_ticks "$pid")"
  ns_after="$(cpu_ns "$pid")"
  switches_after="$(switches "$pid")"
  tmux_run pipe-pane -t bench
  sleep 0.3
  tmux_run kill-server
  rm -f "/tmp/tmux-$(id -u)/$socket"
  sleep 0.5
  echo "$(awk -v t="$((after - before))" -v hz="$clk_tck" 'BEGIN { printf "%.2f", t / hz }') $(stat -c %s "$out")" \
    "$(awk -v ns="$((ns_after - ns_before))" 'BEGIN { printf "%.1f", ns / 1e6 }') $((switches_after - switches_before))"
}

echo "opsdeck: $opsdeck"
echo "machine: $(nproc) CPUs, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo), $(uname -sr)"
echo "htop:    $(htop --version | head -1)"
echo "tmux:    $(tmux -V)"
echo "window:  ${duration}s per program and size, after warm-up; CLK_TCK=${clk_tck}"
echo
echo "starting the local stack under $work/state ..."
"$opsdeck" --state-dir "$work/state" stack up >/dev/null

results=()
for size in $sizes; do
  width="${size%x*}"
  height="${size#*x}"
  read -r o_cpu o_bytes o_ms o_wakeups < <(measure opsdeck "$width" "$height" "'$opsdeck' --state-dir '$work/state'")
  read -r h_cpu h_bytes h_ms h_wakeups < <(measure htop "$width" "$height" htop)
  results+=("$size $o_cpu $o_bytes $o_ms $o_wakeups $h_cpu $h_bytes $h_ms $h_wakeups")
done

echo
awk -v duration="$duration" '
  function ratio(a, b) { return b > 0 ? sprintf("%.2f", a / b) : (a > 0 ? "inf" : "-") }
  function row(size, program, cpu, bytes, ms, wakeups) {
    printf "%-8s %-8s %8.2f %7.2f%% %10d %10.1f %9.1f %10.1f\n", size, program, cpu, 100 * cpu / duration, bytes,
           bytes / duration, ms, wakeups / duration
  }
  BEGIN {
    printf "%-8s %-8s %8s %8s %10s %10s %9s %10s\n", "size", "program", "cpu s", "cpu %", "bytes", "bytes/s",
           "cpu ms", "wakeups/s"
  }
  {
    row($1, "opsdeck", $2, $3, $4, $5)
    row($1, "htop", $6, $7, $8, $9)
    printf "%-8s %-8s %8s %8s %10s %10s %9s %10s\n", $1, "ratio", ratio($2, $6), "", "", ratio($3, $7),
           ratio($4, $8), ratio($5, $9)
  }' <<<"$(printf '%s\n' "${results[@]}")"
echo
echo "cpu s: utime+stime ticks / CLK_TCK; cpu ms: schedstat on-CPU time; ratio = opsdeck / htop (goal: <= 1)"
