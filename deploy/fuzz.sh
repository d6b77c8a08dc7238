#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ (clang-14, ASan + UBSan, coverage
# feedback) in build-fuzz/ and runs each for SECONDS (default 60) on its seed
# corpus fuzz/corpus/<target>/. New inputs go to build-fuzz/corpus/<target>/,
# findings to build-fuzz/findings/<target>/; the repository is not written.
# Prints per target: executions, exec/s, CPU seconds, corpus, coverage, and
# findings (crashes, sanitizer reports, hangs, leaks, broken properties).
# Exits 1 if any target found something. See docs/fuzzing.md.
# Usage: deploy/fuzz.sh [SECONDS] [TARGET...]     (--build-only: build, run nothing)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build="$root/build-fuzz"

build_only=false
if [[ ${1:-} == --build-only ]]; then
  build_only=true
  shift
fi
seconds=${1:-60}
shift || true
"$root/deploy/install-deps.sh" --fuzz
# -O1 and line tables: a short build, file:line in every report. No NDEBUG,
# so the assertions inlined from Abseil's and protobuf's headers check too.
CC=clang-14 CXX=clang++-14 cmake -S "$root" -B "$build" -G Ninja \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGONGXIN_FUZZ=ON \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" \
  -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" \
  -DGONGXIN_BUILD_TESTS=OFF -DGONGXIN_BUILD_BENCH=OFF >/dev/null
nice cmake --build "$build" -j "$(nproc)" --target gongxin_fuzzers
$build_only && exit 0

targets=("$@")
if ((${#targets[@]} == 0)); then
  for dir in "$root"/fuzz/corpus/*/; do targets+=("$(basename "$dir")"); done
fi

export ASAN_OPTIONS="detect_leaks=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export UBSAN_OPTIONS="print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
printf '%-24s %10s %8s %8s %8s %7s %7s %s\n' target execs exec/s cpu-s corpus cov ft findings
found=0
for target in "${targets[@]}"; do
  binary="$build/fuzz/${target}_fuzzer"
  out="$build/corpus/$target" findings="$build/findings/$target" log="$build/logs/$target.log"
  mkdir -p "$out" "$findings" "$(dirname "$log")"
  TIMEFORMAT='%U %S'
  # One hang or crash ends a target's run; its input is kept in $findings.
  { time nice "$binary" "$out" "$root/fuzz/corpus/$target" \
      -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -close_fd_mask=1 \
      -print_final_stats=1 -artifact_prefix="$findings/" >"$log" 2>&1 || true; } 2>"$log.time"
  cpu=$(awk '{printf "%.0f", $1 + $2}' "$log.time")
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  last=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  corpus=$(sed -n 's/.* corp: \([0-9]*\/[0-9A-Za-z]*\).*/\1/p' <<<"$last")
  n=$(find "$findings" -type f | wc -l)
  printf '%-24s %10s %8s %8s %8s %7s %7s %s\n' "$target" "${execs:-?}" "${rate:-?}" "$cpu" \
    "${corpus:-?}" "${cov:-?}" "${ft:-?}" "$n${n:+ }$( ((n > 0)) && echo "(see $findings, $log)")"
  ((n > 0)) && found=1
done
exit $found
