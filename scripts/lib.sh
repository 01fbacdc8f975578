#!/usr/bin/env bash
# Shared by scripts/run and scripts/test: install missing Debian packages, configure and build.
set -euo pipefail

OPSDECK_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OPSDECK_BUILD_DIR="${OPSDECK_BUILD_DIR:-$OPSDECK_ROOT/build}"
# When ccache is installed, the build uses it; relative paths let clones in other folders share its cache.
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$OPSDECK_ROOT}"
# With -g, ccache also hashes the working directory by default, so every clone would miss; share them too
# (the debug info then names the folder of the first build, which tests and backtraces do not need).
export CCACHE_NOHASHDIR="${CCACHE_NOHASHDIR:-true}"

# What building and running opsdeck needs (all from Debian).
OPSDECK_BUILD_PACKAGES=(
  build-essential cmake pkg-config ccache
  libncurses-dev libcurl4-openssl-dev libmariadb-dev libhiredis-dev nlohmann-json3-dev libssl-dev
  libcli11-dev libgtest-dev libgmock-dev libbenchmark-dev liblmdb-dev libzstd-dev
  mariadb-server redis-server
)
# What the tests need on top: tmux drives the console, htop is the peer in the console benchmark,
# python3-statsd is a real statsd client; clang with its runtime builds the libFuzzer targets; lmdb-utils
# (mdb_copy) and rsync are peers in the backup benchmark.
OPSDECK_TEST_PACKAGES=(tmux htop clang-format python3-statsd clang libclang-rt-14-dev lmdb-utils rsync)

say() { printf 'opsdeck: %s\n' "$*" >&2; }

missing_packages() {
  local package
  for package in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
      printf '%s\n' "$package"
    fi
  done
}

ensure_packages() {
  local missing
  mapfile -t missing < <(missing_packages "$@")
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
      sudo=(sudo)
    else
      say "these Debian packages are missing: ${missing[*]}"
      say "installing them needs root: run this script as root, install sudo, or run"
      say "  apt-get install ${missing[*]}"
      exit 1
    fi
  fi
  say "installing ${missing[*]}"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  # The packages' own service scripts must not start system-wide servers: opsdeck runs private ones.
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee /usr/sbin/policy-rc.d >/dev/null
    "${sudo[@]}" chmod 755 /usr/sbin/policy-rc.d
    local placed_policy=1
  fi
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  if [ "${placed_policy:-0}" = 1 ]; then
    "${sudo[@]}" rm -f /usr/sbin/policy-rc.d
  fi
}

build_opsdeck() {
  local build_type="${OPSDECK_BUILD_TYPE:-RelWithDebInfo}"
  cmake -S "$OPSDECK_ROOT" -B "$OPSDECK_BUILD_DIR" -DCMAKE_BUILD_TYPE="$build_type" "$@" >/dev/null
  cmake --build "$OPSDECK_BUILD_DIR" -j"$(nproc)"
}

# The npm statsd peers of the tests and benchmark (tests/peers: hot-shots, etsy statsd 0.9.0), installed
# from the committed package-lock.json. Node itself comes from Debian unless a node/npm is already on PATH.
ensure_node_peers() {
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    ensure_packages nodejs npm
  fi
  local peers="$OPSDECK_ROOT/tests/peers"
  # npm writes node_modules/.package-lock.json on install: reinstall when the committed lock is newer.
  if [ ! -f "$peers/node_modules/.package-lock.json" ] ||
    [ "$peers/package-lock.json" -nt "$peers/node_modules/.package-lock.json" ]; then
    say "installing the npm statsd peers (tests/peers)"
    npm ci --prefix "$peers" --no-audit --no-fund --loglevel=error >&2
  fi
}
