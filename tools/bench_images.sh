#!/usr/bin/env bash
# bench_images.sh: time of every metric of `trace_harness compare-images` on two full supervisor
# frames (2463 fast x 2527 slow). The frames are made by nbsim with the embedded supervisor_synth
# crystal, in float64 and in float32 (so they differ as precision makes them differ), or given.
#
#   tools/bench_images.sh [--build DIR] [--runs N] [--threads T] [A B]
#
#   --build DIR   build tree holding harness/trace_harness and simulator/nbsim (default ./build)
#   --runs N      metric computations timed after the first (default 7)
#   --threads T   OMP_NUM_THREADS for compare-images (default 2)
#   A B           two raw float32 frames of 2527 x 2463 to use instead
#
# Prints compare-images' own lines (`--bench`: the time to read both files, the first metric
# computation and every timed run) and the median of the timed runs. Frames made here go to a
# temporary folder that is removed. Exit codes: 0 done, 1 usage, 2 missing binary or input.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="$here/build" runs=7 threads=2 files=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --build) build="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    -*) echo "bench_images.sh: error: unknown option $1" >&2; exit 1 ;;
    *) files+=("$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"); shift ;;
  esac
done
[[ ${#files[@]} -eq 0 || ${#files[@]} -eq 2 ]] || { echo "bench_images.sh: error: give two frames or none" >&2; exit 1; }
build=$(cd "$build" 2>/dev/null && pwd) || { echo "bench_images.sh: error: no build dir" >&2; exit 2; }
harness="$build/harness/trace_harness" nbsim="$build/simulator/nbsim"
[[ -x "$harness" ]] || { echo "bench_images.sh: error: $harness not built" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [[ ${#files[@]} -eq 0 ]]; then
  [[ -x "$nbsim" ]] || { echo "bench_images.sh: error: $nbsim not built" >&2; exit 2; }
  # the supervisor preset's arguments (harness/presets/supervisor.json) with the embedded crystal
  inputs="$here/harness/data/supervisor_synth"
  args=$(python3 -c 'import json, sys; print(" ".join(json.load(open(sys.argv[1]))["args"]))' \
    "$here/harness/presets/supervisor.json") ||
    { echo "bench_images.sh: error: cannot read the supervisor preset" >&2; exit 2; }
  SUP="-mat $inputs/A_synth.mat -hkl $inputs/synth.hkl $args -nopgm -noprogress"
  (cd "$work" && "$nbsim" $SUP -floatfile f64.bin -intfile i64.img > /dev/null &&
    "$nbsim" $SUP --dtype float32 -floatfile f32.bin -intfile i32.img > /dev/null) ||
    { echo "bench_images.sh: error: nbsim failed" >&2; exit 2; }
  files=("$work/f64.bin" "$work/f32.bin")
fi
OMP_NUM_THREADS=$threads "$harness" compare-images "${files[0]}" "${files[1]}" --shape 2527x2463 \
  --bench "$runs" > "$work/out.txt" || { echo "bench_images.sh: error: compare-images failed" >&2; exit 2; }
grep -E '^(region|bench):' "$work/out.txt"
sed -n 's/.*runs: \(.*\) s$/\1/p' "$work/out.txt" | tr ' ' '\n' | sort -g |
  awk -v t="$threads" '{a[NR]=$1} END {m = NR % 2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2;
    printf "median of %d runs: %.3f s for every metric (%d threads)\n", NR, m, t}'
