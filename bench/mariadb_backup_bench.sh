#!/usr/bin/env bash
# MariaDB logical backup, opsdeck against the stock tools, in one run against one private mariadbd:
#   dump:    opsdeck backup create mariadb:<socket>/bench   vs  mariadb-dump --single-transaction bench > f
#   restore: opsdeck backup restore ID --to db:<new> --yes  vs  mariadb <new> < f
# opsdeck's numbers include what the stock tools do not do: SHA-256 of the dump, CHECKSUM TABLE in the snapshot,
# a manifest, fsync, and after the restore a COUNT(*) + CHECKSUM TABLE verification of every table (its
# restore also reports load and verification time separately: the "load" and "verify" columns).
# Usage: bench/mariadb_backup_bench.sh [ROWS]   (default 1000000 rows in all; OPSDECK=path/to/opsdeck;
#        RUNS=3 rounds of the four commands, side by side; TABLES=1 splits the rows over that many tables)
set -euo pipefail
ROWS=${1:-1000000}
RUNS=${RUNS:-3}
TABLES=${TABLES:-1}
OPSDECK=${OPSDECK:-$(dirname "$0")/../build/tui/opsdeck}
WORK=$(mktemp -d /tmp/opsdeck-mariadb-bench.XXXXXX)
cleanup() {
  if [[ -f $WORK/mariadbd.pid ]]; then kill "$(cat "$WORK/mariadbd.pid")" 2>/dev/null || true; fi
  for _ in $(seq 1 100); do [[ -S $WORK/sock ]] || break; sleep 0.1; done
  rm -rf "$WORK"
}
trap cleanup EXIT
fail() { echo "failed: $*" >&2; cat "$WORK"/*.json "$WORK"/*.err 2>/dev/null >&2; exit 1; }
USER_NAME=$(id -un)
mariadb-install-db --no-defaults --datadir="$WORK/data" --auth-root-authentication-method=socket \
  --skip-test-db --user="$USER_NAME" >"$WORK/install.log" 2>&1
mariadbd --no-defaults --datadir="$WORK/data" --socket="$WORK/sock" --skip-networking --user="$USER_NAME" \
  --pid-file="$WORK/mariadbd.pid" --innodb-buffer-pool-size=512M --innodb-log-file-size=256M \
  --log-error="$WORK/error.log" &
for _ in $(seq 1 300); do [[ -S $WORK/sock ]] && break; sleep 0.1; done
M=(mariadb --no-defaults --socket="$WORK/sock")
"${M[@]}" -e "CREATE DATABASE bench"
PER_TABLE=$((ROWS / TABLES))
for table in $(seq 1 "$TABLES"); do
  "${M[@]}" bench -e "CREATE TABLE t$table (id BIGINT PRIMARY KEY, a INT, b VARCHAR(64), c DOUBLE, d DATETIME,
    e VARBINARY(32), f TEXT) ENGINE=InnoDB;
    INSERT INTO t$table SELECT seq, seq % 1000, CONCAT('name-', seq, ' o''brien'), seq / 7,
    '2026-01-01' + INTERVAL seq SECOND, UNHEX(MD5(seq)), REPEAT('x', seq % 50) FROM seq_1_to_$PER_TABLE"
done
echo '{}' >"$WORK/config.json"
ops() { OPSDECK_CONFIG="$WORK/config.json" "$OPSDECK" --state-dir "$WORK/state" "$@"; }
seconds() { date +%s.%N; }
elapsed() { printf '%.2f' "$(echo "$2 - $1" | bc)"; }
ratio() { printf '%.2f' "$(echo "scale=4; $1 / $2" | bc)"; }
tables_sum() { "${M[@]}" -N -e "CHECKSUM TABLE $(for t in $(seq 1 "$TABLES"); do printf '%s.t%s,' "$1" "$t"; done | sed 's/,$//')" | cut -f2 | tr '\n' ' '; }

echo "rows: $ROWS in $TABLES table(s) (bigint, int, varchar, double, datetime, varbinary, text); $RUNS runs"
echo "opsdeck: $("$OPSDECK" --version 2>/dev/null | head -1)  load before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '| run | mariadb-dump s | opsdeck create s | create ratio | mariadb < dump s | opsdeck restore s | restore ratio | opsdeck load s | verify s | load-only ratio |\n'
printf '|---|---|---|---|---|---|---|---|---|---|\n'
source_sums=$(tables_sum bench)
all_equal=yes
for run in $(seq 1 "$RUNS"); do
  "${M[@]}" -e "DROP DATABASE IF EXISTS peer_restored; CREATE DATABASE peer_restored;
    DROP DATABASE IF EXISTS opsdeck_restored"
  rm -f "$WORK/peer.sql"
  t0=$(seconds); mariadb-dump --no-defaults --socket="$WORK/sock" --single-transaction bench >"$WORK/peer.sql"
  t1=$(seconds); ops backup create "mariadb:$WORK/sock/bench" --repo "$WORK/repo" --json >"$WORK/create.json" \
    2>"$WORK/create.err" || fail "opsdeck backup create"
  ID=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])' <"$WORK/create.json")
  t2=$(seconds); "${M[@]}" peer_restored <"$WORK/peer.sql"
  t3=$(seconds); ops backup restore "$ID" --to db:opsdeck_restored --yes --repo "$WORK/repo" >/dev/null \
    2>"$WORK/restore.err" || fail "opsdeck backup restore"
  t4=$(seconds)
  # "restored N tables into X (loaded in L s on C connections, verified in V s)" from the job's log line.
  # (An opsdeck older than this script logs no such line: "-" then.)
  line=$(grep 'loaded in' "$WORK/state/logs/opsdeck.log" | tail -1 || true)
  load=$(sed -nE 's/.*loaded in ([0-9.]+) s.*/\1/p' <<<"$line")
  verify=$(sed -nE 's/.*verified in ([0-9.]+) s.*/\1/p' <<<"$line")
  peer_restore=$(elapsed "$t2" "$t3")
  printf '| %s | %s | %s | %sx | %s | %s | %sx | %s | %s | %s |\n' "$run" "$(elapsed "$t0" "$t1")" \
    "$(elapsed "$t1" "$t2")" "$(ratio "$(elapsed "$t1" "$t2")" "$(elapsed "$t0" "$t1")")" "$peer_restore" \
    "$(elapsed "$t3" "$t4")" "$(ratio "$(elapsed "$t3" "$t4")" "$peer_restore")" "${load:--}" "${verify:--}" \
    "$([[ -n $load ]] && echo "$(ratio "$load" "$peer_restore")x" || echo -)"
  [[ $(tables_sum peer_restored) == "$source_sums" && $(tables_sum opsdeck_restored) == "$source_sums" ]] ||
    all_equal=NO
  sleep 1  # backup ids are per second
done
echo "connections: $(sed -nE 's/.* on ([0-9]+) connections.*/\1/p' <<<"$line")  load after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "sizes: mariadb-dump $(stat -c %s "$WORK/peer.sql") bytes, opsdeck $(du -cb "$WORK/repo/$ID/data/"*.sql | tail -1 | cut -f1) bytes"
echo "CHECKSUM TABLE equal in source, peer restores and opsdeck restores: $all_equal"
