#!/usr/bin/env bash
# bench_sides.sh: what the harness adds to an external program's own wall time. The real traced
# C program as side A against the reference on the simple_cubic golden case (pixel (slow 74,
# fast 84), -roi 64 84 64 84, c-parity, 2 threads), N times each:
#
#   program  the program alone, in a fresh folder, with the exact argv and environment the
#            harness gave it (read back from the first run's env.json and sides.json)
#   harness  `trace_harness --a nanobragg-c-traced ... --b reference` end to end (backend run,
#            reference, diff, images, bundle; --no-fsync: a disk's flush is not the harness's)
#
# and prints both medians and the difference.
#
#   tools/bench_sides.sh [--build DIR] [--runs N] [--program PATH]
#
# --program: a built nanoBragg_traced; without it the program is built into the scratch folder
# with tools/real_programs/build_nanobragg_c.sh (the sources from ../shared/thirdparty).
set -euo pipefail
build=build runs=10 program=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --build) build="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --program) program="$2"; shift 2 ;;
    *) echo "bench_sides.sh: error: unknown argument $1" >&2; exit 1 ;;
  esac
done
here=$(cd "$(dirname "$0")/.." && pwd)
exe="$(cd "$build" 2>/dev/null && pwd)/harness/trace_harness" || true
[[ -x "$exe" ]] || { echo "bench_sides.sh: error: $build/harness/trace_harness not built" >&2; exit 2; }
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
if [[ -z "$program" ]]; then
  bash "$here/tools/real_programs/build_nanobragg_c.sh" "$scratch/bin" > "$scratch/build.log" 2>&1 ||
    { echo "bench_sides.sh: error: cannot build the C program: $(tail -1 "$scratch/build.log")" >&2; exit 2; }
  program=$scratch/bin/nanoBragg_traced
fi
[[ -x "$program" ]] || { echo "bench_sides.sh: error: $program is not a program" >&2; exit 2; }

mkdir -p "$scratch/harness" "$scratch/alone"
harness_run() {
  (cd "$scratch/harness" && "$exe" --pixel 74 84 --roi 64 84 64 84 --phi-mode c-parity --threads 2 \
    --rtol 1e-12 --no-fsync --a nanobragg-c-traced --a-program "$program" --b reference -- \
    -cell 100 100 100 90 90 90 -default_F 100 -N 5 -lambda 1.0 -distance 100 -pixel 0.1 \
    -detpixels 128 -oversample 1)
}
first=$(harness_run) || { echo "bench_sides.sh: error: the harness run failed: $first" >&2; exit 2; }
bundle=$scratch/harness/$(sed -n 's/^bundle: //p' <<< "$first")
# the program's argv and environment exactly as the harness ran it
mapfile -t argv < <(python3 -c 'import json, sys; print("\n".join(json.load(open(sys.argv[1]))["sides"][0]["argv"]))' "$bundle/env.json")
mapfile -t envs < <(python3 -c 'import json, sys; e = json.load(open(sys.argv[1]))["backend_runs"][0]["environment"]; print("\n".join(k + "=" + v for k, v in e.items()))' "$bundle/sides.json")

now_us() { echo $(( $(date +%s%N) / 1000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
alone=() whole=()
for ((i = 0; i < runs; ++i)); do
  rm -rf "$scratch/alone/run" && mkdir "$scratch/alone/run"
  t0=$(now_us)
  (cd "$scratch/alone/run" && env "${envs[@]}" "${argv[@]}" > stdout.log 2> stderr.log)
  t1=$(now_us)
  harness_run > /dev/null
  t2=$(now_us)
  alone+=("$((t1 - t0))") whole+=("$((t2 - t1))")
done
a=$(printf '%s\n' "${alone[@]}" | median)
w=$(printf '%s\n' "${whole[@]}" | median)
awk -v a="$a" -v w="$w" -v n="$runs" 'BEGIN {
  printf "program alone  median %.3f s over %d runs\n", a / 1e6, n
  printf "harness        median %.3f s over %d runs\n", w / 1e6, n
  printf "harness adds   %.3f s\n", (w - a) / 1e6 }'
