#!/usr/bin/env bash
# The whole test suite built with AddressSanitizer (LeakSanitizer included)
# and UndefinedBehaviorSanitizer, in its own build directory (build-asan/),
# so the normal build/ is untouched. Any sanitizer report fails its test.
# Slow: on 2 cores the build takes about an hour and the run longer than
# the normal suite (docs/fuzzing.md has the figures). Not run by CI.
# Usage: deploy/sanitize.sh [ctest arguments, e.g. -R client_]
#   CXX=clang++-14 deploy/sanitize.sh   builds with clang instead of g++
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build="$root/build-asan"
"$root/deploy/install-deps.sh"
# -O1 -g1 (line tables only): most of ASan's speed, file:line in every
# report, and a much shorter build than -O2 -g.
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" \
  -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" \
  -DGONGXIN_SANITIZE=address,undefined >/dev/null
# Exported before the build, whose test discovery runs the test binaries,
# and inherited by child processes (gongxind, gongxin in tests/e2e).
export ASAN_OPTIONS="detect_leaks=1:strict_string_checks=1:check_initialization_order=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
export LSAN_OPTIONS="suppressions=$root/deploy/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
nice cmake --build "$build" -j "$(nproc)"
cd "$build"
nice ctest --output-on-failure -j "$(nproc)" --timeout 1800 "$@"
