#!/usr/bin/env bash
# bench_harness.sh: end-to-end wall time of the main job, `trace_harness --pixel 685 1039
# --phi-mode c-parity` (both engines' set-up, the traced pixel through both, diff, bundle with
# fsync), run N times in a scratch folder; prints every time and the median.
#
#   tools/bench_harness.sh [--build DIR] [--runs N] [--inputs DIR]
#
# --inputs DIR: copy A.mat and scaled.hkl from DIR into the scratch folder first (the real
# supervisor inputs); without it the embedded crystal is used. The scratch folder is removed.
set -euo pipefail
build=build runs=10 inputs=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --build) build="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --inputs) inputs="$2"; shift 2 ;;
    *) echo "bench_harness.sh: error: unknown argument $1" >&2; exit 1 ;;
  esac
done
exe="$(cd "$build" 2>/dev/null && pwd)/harness/trace_harness" || true
[[ -x "$exe" ]] || { echo "bench_harness.sh: error: $build/harness/trace_harness not built" >&2; exit 2; }
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
if [[ -n "$inputs" ]]; then
  cp "$inputs/A.mat" "$inputs/scaled.hkl" "$scratch/" ||
    { echo "bench_harness.sh: error: $inputs: A.mat or scaled.hkl missing" >&2; exit 2; }
fi
cd "$scratch"
"$exe" --pixel 685 1039 --phi-mode c-parity > /dev/null # warm the page cache
times=()
for ((i = 0; i < runs; ++i)); do
  t0=$(date +%s%N)
  "$exe" --pixel 685 1039 --phi-mode c-parity > /dev/null
  t1=$(date +%s%N)
  times+=("$(( (t1 - t0) / 1000 ))")
done
sorted=$(printf '%s\n' "${times[@]}" | sort -n)
median=$(printf '%s\n' "$sorted" | awk -v n="$runs" '{a[NR]=$1} END {print (n%2 ? a[(n+1)/2] : (a[n/2]+a[n/2+1])/2)}')
printf 'runs (s):'; for t in "${times[@]}"; do awk -v t="$t" 'BEGIN {printf " %.3f", t / 1e6}'; done; echo
awk -v m="$median" -v n="$runs" 'BEGIN {printf "median %.3f s over %d runs", m / 1e6, n}'
printf ' (%s)\n' \
  "$([[ -n "$inputs" ]] && echo "inputs from $inputs" || echo "embedded crystal")"
