#!/usr/bin/env bash
# ci-sanitize.sh: builds the project with -DNB_SANITIZE=ON (AddressSanitizer + UndefinedBehavior-
# Sanitizer, leak checking on) in its own build tree and runs the whole test suite there. Any
# sanitizer report fails the test that triggered it (halt_on_error), so the suite fails.
#
#   tools/ci-sanitize.sh [--build DIR] [--jobs N] [-- CTEST_ARGS...]
#
#   --build DIR   build tree (default: ./build-sanitize; never the normal ./build)
#   --jobs N      parallel build and test jobs (default: 2)
#   CTEST_ARGS    passed to ctest, e.g. -- -L reference
#
# The instrumented code is compiled at -O1 (the reference engine keeps its own -O2, as in every
# build): ASan's usual level, and a third of the compile time of -O2 -g. Tests labelled `slow`
# (the PyTorch port on the full supervisor frame: minutes and 11 GB) are left out unless
# CTEST_ARGS are given.
#
# Prints the time of each phase. Exit codes: 0 every test passed, 1 usage, 2 configure or build
# failed, 3 a test failed (the ctest summary says which).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="$here/build-sanitize"
jobs=2
ctest_args=(-LE slow)
while [[ $# -gt 0 ]]; do
  case "$1" in
    --build) build="$2"; shift 2 ;;
    --jobs) jobs="$2"; shift 2 ;;
    --) shift; ctest_args=("$@"); break ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "ci-sanitize.sh: error: unknown argument $1" >&2; exit 1 ;;
  esac
done

# halt at the first report, with a stack; leaks are errors; the quarantine is bounded so that
# tests measuring a child's peak memory see the program, not ASan's freed-block cache
export ASAN_OPTIONS="${ASAN_OPTIONS:-halt_on_error=1:detect_leaks=1:quarantine_size_mb=32:strict_string_checks=1:detect_stack_use_after_return=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"

phase() { date +%s; }
t0=$(phase)
cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_FLAGS_RELWITHDEBINFO=-O1 \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -DNB_SANITIZE=ON >/dev/null ||
  { echo "ci-sanitize.sh: error: configure failed" >&2; exit 2; }
t1=$(phase)
cmake --build "$build" -j"$jobs" >"$build/ci-sanitize-build.log" 2>&1 ||
  { tail -30 "$build/ci-sanitize-build.log" >&2; echo "ci-sanitize.sh: error: build failed" >&2; exit 2; }
t2=$(phase)
status=0
ctest --test-dir "$build" --output-on-failure -j"$jobs" "${ctest_args[@]}" > "$build/ci-sanitize-test.log" 2>&1 ||
  status=3
# the summary, and the output of any test that failed
sed -n '/tests passed\|tests failed/,$p' "$build/ci-sanitize-test.log"
((status == 0)) || grep -B2 -A40 'ERROR: AddressSanitizer\|runtime error:\|FAILED:' "$build/ci-sanitize-test.log" | head -200
t3=$(phase)
echo "ci-sanitize: configure $((t1 - t0)) s, build $((t2 - t1)) s, tests $((t3 - t2)) s," \
     "total $((t3 - t0)) s ($build)"
exit $status
