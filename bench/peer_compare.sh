#!/usr/bin/env bash
# gongxin's durable named casts beside the design a county IT office would
# build instead (PostgreSQL holding ballots in a table, bench/pg_peer.sh), in
# one run on this machine, at the same client counts, and the ratios.
# PostgreSQL is a benchmark dependency only: where it is not installed the
# peer is skipped with a message and gongxin's figures are still printed.
#   bench/peer_compare.sh [SECONDS]      (default 8 per level and design)
#   CLIENTS="1 8 64" bench/peer_compare.sh
# Needs root for the peer (it runs PostgreSQL as the postgres user).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-8}
clients=${CLIENTS:-1 8 64}
build="$root/build"

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" --target cast_bench >/dev/null

declare -A plain chained
if [ -x /usr/lib/postgresql/15/bin/initdb ] && command -v pgbench >/dev/null && [ "$(id -u)" = 0 ]; then
  echo "PostgreSQL peer: ${seconds} s per design and client count ..." >&2
  while read -r design n tps; do
    case $design in
      plain) plain[$n]=$(printf '%.0f' "$tps" 2>/dev/null || echo "$tps") ;;
      chained) chained[$n]=$(printf '%.0f' "$tps" 2>/dev/null || echo "$tps") ;;
    esac
  done < <(CLIENTS="$clients" DUR="$seconds" bash "$root/bench/pg_peer.sh")
else
  echo "peer_compare: PostgreSQL 15 is not installed (apt-get install postgresql-15" \
       "postgresql-contrib) or this is not root: the peer is skipped" >&2
fi

echo "gongxin: cast_bench --seconds $seconds ..." >&2
list=$(echo "$clients" | tr ' ' ',')
out=$(cd /tmp && "$build/bench/cast_bench" --clients "$list" --seconds "$seconds")
echo "$out" | grep -v '^casts '
echo
echo "| clients | gongxin casts/s | p50 ms | p99 ms | PostgreSQL chained/s | ÷ chained | PostgreSQL plain/s | ÷ plain |"
echo "|---|---|---|---|---|---|---|---|"
echo "$out" | grep '^casts ' | while read -r _ n rate p50 p99; do
  c=${chained[$n]:-}
  p=${plain[$n]:-}
  rc=-; rp=-
  [ -n "$c" ] && [ "$c" != fail ] && rc=$(awk -v a="$rate" -v b="$c" 'BEGIN{printf "%.2f", a/b}')
  [ -n "$p" ] && [ "$p" != fail ] && rp=$(awk -v a="$rate" -v b="$p" 'BEGIN{printf "%.2f", a/b}')
  printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$n" "$rate" "$p50" "$p99" \
    "${c:--}" "$rc" "${p:--}" "$rp"
done
