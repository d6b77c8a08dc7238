#!/usr/bin/env bash
# The failover soak (issue 15, items 5 and 9): runs the failover test
# (tests/e2e/failover_soak_test.cc — 3 etcd members, 3 gongxind, 16 kiosks;
# kill -9 of the etcd leader, of the busiest gongxind, of both at once) for
# N rounds, each on fresh processes and a fresh meeting, and stops at the
# first failing round, keeping its logs and history. Prints each kill's
# pause and, at the end, min / median / max per kind of kill.
#   bench/failover_soak.sh [ROUNDS]            (default 20, or $ROUNDS)
#   CYCLES=3 bench/failover_soak.sh 5          (3 kill cycles per round)
#   KEEP=/var/tmp/soak bench/failover_soak.sh  (where logs go; default a
#                                               fresh directory under /tmp)
# Builds the test first unless NO_BUILD=1. Takes about 40 s per round on
# 2 cores.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
rounds=${1:-${ROUNDS:-20}}
cycles=${CYCLES:-1}
build=${BUILD:-$root/build}
keep=${KEEP:-$(mktemp -d /tmp/gongxin-failover-soak-XXXXXX)}
mkdir -p "$keep"

if [ "${NO_BUILD:-0}" != 1 ]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  nice -n 10 ninja -C "$build" -j2 e2e_tests gongxind gongxin >/dev/null
fi

pauses="$keep/pauses.txt"
: >"$pauses"
for round in $(seq 1 "$rounds"); do
  log="$keep/round-$round.log"
  started=$(date +%s)
  if ! GONGXIN_FAILOVER_CYCLES=$cycles GONGXIN_FAILOVER_KEEP="$keep/round-$round" \
       "$build/tests/e2e/e2e_tests" \
       --gtest_filter='FailoverSoakTest.*' >"$log" 2>&1; then
    echo "round $round FAILED after $(( $(date +%s) - started )) s: $log, logs in $keep/round-$round" >&2
    grep -E 'Failure|voter |FAILOVER' "$log" | head -40 >&2 || true
    exit 1
  fi
  summary=$(grep '^FAILOVER summary' "$log" | sed 's/^FAILOVER summary //')
  grep '^FAILOVER cycle=' "$log" | sed "s/^FAILOVER /round=$round /" >>"$pauses"
  line=$(grep '^FAILOVER cycle=' "$log" |
         sed -E 's/.*phase=([^ ]+) victims=([^ ]+) pause_ms=([0-9]+).*kiosk_stall_ms=([0-9]+).*/\1 \3\/\4/' |
         tr '\n' ' ')
  echo "round $round ($(( $(date +%s) - started )) s): pause/worst kiosk ms: $line| $summary"
  rm -f "$log"
done

echo
echo "$rounds rounds passed; pauses in ms (longest gap between acknowledged casts," \
     "and the longest one kiosk waited):"
for phase in etcd-leader gongxind both; do
  for field in pause_ms kiosk_stall_ms; do
    grep "phase=$phase " "$pauses" | sed -E "s/.*$field=([0-9]+).*/\1/" | sort -n |
      awk -v phase="$phase" -v field="$field" '
        { v[NR] = $1 }
        END {
          if (NR == 0) exit
          med = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
          printf "  %-12s %-15s n=%d min %d  median %d  max %d\n", phase, field, NR, v[1], med, v[NR]
        }'
  done
done
echo "per-round figures: $pauses"
