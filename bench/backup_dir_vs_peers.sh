#!/usr/bin/env bash
# Backup of a service directory: opsdeck against cp, GNU tar, rsync, mdb_copy and a hole-blind copy
# (Python's shutil.copy, which Synapse's backup tool uses), in one run. The directory holds an LMDB
# environment with a 2 GiB map and ~300 MB of data, a 4 GiB sparse file with 64 MiB of data and 10,000 small
# files. For each tool: wall time, rchar (bytes read through read/pread/sendfile) and read_bytes (bytes the
# tool made the kernel fetch from storage, mmap faults included), taken from /proc/<wrapper>/io, which
# includes a reaped child's counters. The dataset's pages are dropped from the page cache (fadvise DONTNEED)
# before each run, so read_bytes is what a cold run reads. Usage:
#   bench/backup_dir_vs_peers.sh [WORK_DIR]   (SCALE=0.25 for a quarter-size dataset)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OPSDECK="${OPSDECK:-$ROOT/build/tui/opsdeck}"
WORK="${1:-/tmp/opsdeck-bench-backup}"
SCALE="${SCALE:-1}"
SRC="$WORK/service"
for tool in mdb_load mdb_copy rsync tar cp python3; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install lmdb-utils rsync)" >&2; exit 1; }
done
[ -x "$OPSDECK" ] || { echo "build opsdeck first: $OPSDECK" >&2; exit 1; }

if [ ! -f "$WORK/.dataset-$SCALE" ]; then
  rm -rf "$WORK"; mkdir -p "$SRC/db"
  echo "building the dataset in $SRC (scale $SCALE)" >&2
  python3 - "$SRC" "$SCALE" <<'PY' | mdb_load "$SRC/db"
import os, sys
scale = float(sys.argv[2])
out = sys.stdout
out.write("VERSION=3\nformat=print\ntype=btree\nmapsize=2147483648\nHEADER=END\n")
for i in range(int(300_000 * scale)):
    out.write(" k%09d\n %s\n" % (i, os.urandom(500).hex()))
out.write("DATA=END\n")
PY
  python3 - "$SRC" "$SCALE" <<'PY'
import os, sys
src, scale = sys.argv[1], float(sys.argv[2])
size, data = int(4 * 2**30 * scale), int(64 * 2**20 * scale)
with open(os.path.join(src, "slab.sparse"), "wb") as f:
    f.truncate(size)
    pieces = 16
    for i in range(pieces):
        f.seek(i * (size // pieces))
        f.write(os.urandom(data // pieces))
for d in range(100):
    os.makedirs(os.path.join(src, "small", "d%03d" % d), exist_ok=True)
    for n in range(int(100 * scale)):
        with open(os.path.join(src, "small", "d%03d" % d, "f%03d" % n), "wb") as f:
            f.write(os.urandom(1024 + (d * 100 + n) * 7 % 7168))
PY
  sync
  touch "$WORK/.dataset-$SCALE"
fi
ALLOCATED=$(du -s --block-size=1 "$SRC" | cut -f1)
APPARENT=$(du -s --apparent-size --block-size=1 "$SRC" | cut -f1)

# run NAME COMMAND...: evict the dataset from the cache, run, print one table row.
run() {
  local name="$1"; shift
  rm -rf "$WORK/out"; mkdir -p "$WORK/out"
  python3 - "$SRC" <<'PY'
import os, sys
for base, dirs, files in os.walk(sys.argv[1]):
    for name in files:
        fd = os.open(os.path.join(base, name), os.O_RDONLY)
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        os.close(fd)
PY
  python3 - "$name" "$ALLOCATED" "$@" <<'PY'
import subprocess, sys, time
def io():
    values = {}
    for line in open("/proc/self/io"):
        key, value = line.split(":")
        values[key] = int(value)
    return values
name, allocated, command = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
before = io(); start = time.monotonic()
result = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
wall = time.monotonic() - start; after = io()
rchar = after["rchar"] - before["rchar"]; read_bytes = after["read_bytes"] - before["read_bytes"]
status = "ok" if result.returncode == 0 else "exit %d: %s" % (result.returncode, result.stderr.decode()[-200:])
print("| %-28s | %7.2f | %9.1f | %6.2fx | %9.1f | %6.2fx | %s |" % (name, wall, rchar / 2**20, rchar / allocated,
      read_bytes / 2**20, read_bytes / allocated, status))
PY
}

echo "dataset: $SRC, apparent $((APPARENT / 1048576)) MiB, allocated $((ALLOCATED / 1048576)) MiB; $(nproc) cores"
echo "| tool | wall s | rchar MiB | rchar/alloc | read_bytes MiB | read/alloc | status |"
echo "|---|---|---|---|---|---|---|"
run "opsdeck backup create" "$OPSDECK" --state-dir "$WORK/state" backup create "$SRC" --repo "$WORK/out/repo"
run "tar -cSf" tar -cSf "$WORK/out/service.tar" -C "$SRC" .
run "cp -a --sparse=always" cp -a --sparse=always "$SRC" "$WORK/out/cp"
run "rsync -aS" rsync -aS "$SRC/" "$WORK/out/rsync/"
run "mdb_copy -c (LMDB only)" mdb_copy -c "$SRC/db" "$WORK/out"
run "shutil.copytree(copy)" python3 -c \
  "import shutil,sys; shutil.copytree(sys.argv[1], sys.argv[2], symlinks=True, copy_function=shutil.copy)" \
  "$SRC" "$WORK/out/shutil"
rm -rf "$WORK/out"
