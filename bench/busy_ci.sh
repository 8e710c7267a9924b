#!/usr/bin/env bash
# Issue 12's check: run .ci/run on a fresh clone of this repository's HEAD N times (default 3) while one
# CPU-bound loop per core keeps the machine busy, and print each run's exit code, wall time and pytest line.
# A suite that passes here does not depend on the machine's speed. Usage: bash bench/busy_ci.sh [N]
set -u
n=${1:-3}
repo=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)
cores=$(nproc)
for i in $(seq 1 "$n"); do
  pids=()
  for _ in $(seq 1 "$cores"); do timeout 1800 sh -c 'while :; do :; done' & pids+=($!); done
  work=$(mktemp -d)
  git clone -q "$repo" "$work/clone"
  start=$(date +%s)
  (cd "$work/clone" && CI=true bash .ci/run > "$work/ci.log" 2>&1); rc=$?
  end=$(date +%s)
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  kill "${pids[@]}" 2>/dev/null
  echo "run $i: commit $(git -C "$work/clone" rev-parse --short HEAD) rc=$rc wall=$((end-start))s load=$load :: $(grep -E 'passed|failed' "$work/ci.log" | tail -1)"
  rm -rf "$work"
done
