#!/usr/bin/env bash
# Times `trace_harness diff` on the largest fresh pair of real traces in the repository (the
# supervisor case: the C program's 21x21-ROI trace against the port's), end to end, with
# hyperfine when it is installed (else 20 timed runs). Target: <= 50 ms per diff.
#
#   tools/bench_diff.sh [--build DIR]
set -euo pipefail
build=build
if [[ "${1:-}" == "--build" ]]; then build=$2; fi
here=$(cd "$(dirname "$0")/.." && pwd)
bin="$build/harness/trace_harness"
[[ -x "$bin" ]] || { echo "bench_diff: $bin not built" >&2; exit 2; }
a="$here/tests/data/real_programs/supervisor/c_roi_trace.log"
b="$here/tests/data/real_programs/supervisor/py_roi_trace.log"
echo "pair: $(wc -l < "$a") + $(wc -l < "$b") lines"
if command -v hyperfine > /dev/null; then
  hyperfine -N --warmup 3 --runs 30 -i "$bin diff $a $b"
else
  start=$(date +%s%N)
  for _ in $(seq 20); do "$bin" diff "$a" "$b" > /dev/null || true; done
  echo "mean: $(( ($(date +%s%N) - start) / 20000000 )) ms per diff"
fi
