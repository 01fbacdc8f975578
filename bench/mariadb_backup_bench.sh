#!/usr/bin/env bash
# MariaDB logical backup, opsdeck against the stock tools, in one run against one private mariadbd:
#   dump:    opsdeck backup create mariadb:<socket>/bench   vs  mariadb-dump --single-transaction bench > f
#   restore: opsdeck backup restore ID --to db:<new> --yes  vs  mariadb <new> < f
# opsdeck's numbers include what the stock tools do not do: SHA-256 of the dump, CHECKSUM TABLE in the snapshot,
# a manifest, fsync, and after the restore a COUNT(*) + CHECKSUM TABLE verification of every table.
# Usage: bench/mariadb_backup_bench.sh [ROWS]   (default 1000000; OPSDECK=path/to/opsdeck)
set -euo pipefail
ROWS=${1:-1000000}
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
"${M[@]}" -e "CREATE DATABASE bench; CREATE DATABASE peer_restored"
"${M[@]}" bench -e "CREATE TABLE t (id BIGINT PRIMARY KEY, a INT, b VARCHAR(64), c DOUBLE, d DATETIME,
  e VARBINARY(32), f TEXT) ENGINE=InnoDB;
  INSERT INTO t SELECT seq, seq % 1000, CONCAT('name-', seq, ' o''brien'), seq / 7,
  '2026-01-01' + INTERVAL seq SECOND, UNHEX(MD5(seq)), REPEAT('x', seq % 50) FROM seq_1_to_$ROWS"
echo '{}' >"$WORK/config.json"
ops() { OPSDECK_CONFIG="$WORK/config.json" "$OPSDECK" --state-dir "$WORK/state" "$@"; }
seconds() { date +%s.%N; }
elapsed() { echo "$2 - $1" | bc; }

t0=$(seconds); mariadb-dump --no-defaults --socket="$WORK/sock" --single-transaction bench >"$WORK/peer.sql"
t1=$(seconds); ops backup create "mariadb:$WORK/sock/bench" --repo "$WORK/repo" --json >"$WORK/create.json" \
  2>"$WORK/create.err" || fail "opsdeck backup create"
ID=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])' <"$WORK/create.json")
t2=$(seconds); "${M[@]}" peer_restored <"$WORK/peer.sql"
t3=$(seconds); ops backup restore "$ID" --to db:opsdeck_restored --yes --repo "$WORK/repo" >/dev/null \
  2>"$WORK/restore.err" || fail "opsdeck backup restore"
t4=$(seconds)
peer_size=$(stat -c %s "$WORK/peer.sql")
ops_size=$(du -cb "$WORK/repo/$ID/data/"*.sql | tail -1 | cut -f1)
same=$("${M[@]}" -N -e "CHECKSUM TABLE bench.t, peer_restored.t, opsdeck_restored.t" | cut -f2 | sort -u | wc -l)
echo "rows: $ROWS  (one table: bigint, int, varchar, double, datetime, varbinary, text)"
printf '%-34s %8s s  %s bytes\n' "mariadb-dump --single-transaction" "$(elapsed "$t0" "$t1")" "$peer_size"
printf '%-34s %8s s  %s bytes\n' "opsdeck backup create" "$(elapsed "$t1" "$t2")" "$ops_size"
printf '%-34s %8s s\n' "mariadb < dump.sql" "$(elapsed "$t2" "$t3")"
printf '%-34s %8s s\n' "opsdeck backup restore" "$(elapsed "$t3" "$t4")"
echo "CHECKSUM TABLE equal in source, peer restore and opsdeck restore: $([[ $same == 1 ]] && echo yes || echo NO)"
