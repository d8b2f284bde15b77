#!/usr/bin/env bash
# Wall time of nanobragg_ref on the full supervisor frame (2463 x 2527 pixels, 10 phi steps:
# 62.2 M evaluations), against a nanoBragg C binary measured in the same run.
#
#   tools/bench_reference.sh [--build DIR] [--runs N] [--threads T]
#
#   NB_C_BIN=/path/to/nanoBragg   the real C program to compare with (not shipped with this
#                                 project; build it yourself from the public sources). Without it
#                                 the script compares with the wall times recorded for the real
#                                 program on the reference 2-core machine (3.4-4.1 s).
#   NB_GOLDEN_INPUTS=DIR          folder with the real A.mat and scaled.hkl; without it the
#                                 embedded synthetic crystal (harness/data/supervisor_synth) is used.
#
# Each binary runs in its own scratch folder without Fdump.bin (the C program would read a stale
# cache), -nonoise like the supervisor command, outputs discarded. Prints the median of N runs.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build="$here/build"; runs=5; threads=${OMP_NUM_THREADS:-2}
while [[ $# -gt 0 ]]; do
  case "$1" in
    --build) build=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "bench_reference: unknown option '$1'" >&2; exit 1 ;;
  esac
done
ref="$build/reference_c/nanobragg_ref"
[[ -x "$ref" ]] || { echo "bench_reference: $ref not found (build first)" >&2; exit 2; }

inputs="$here/harness/data/supervisor_synth"; mat=A_synth.mat; hkl=synth.hkl; case=supervisor_synth
if [[ -n "${NB_GOLDEN_INPUTS:-}" && -f "$NB_GOLDEN_INPUTS/A.mat" && -f "$NB_GOLDEN_INPUTS/scaled.hkl" ]]; then
  inputs="$NB_GOLDEN_INPUTS"; mat=A.mat; hkl=scaled.hkl; case=supervisor
fi
sup=(-mat "$inputs/$mat" -hkl "$inputs/$hkl" -nonoise -nointerpolate -oversample 1 -exposure 1 -flux 1e18
     -beamsize 1.0 -spindle_axis -1 0 0 -Xbeam 217.742295 -Ybeam 213.907080 -distance 231.274660
     -lambda 0.976800 -pixel 0.172 -detpixels_x 2463 -detpixels_y 2527
     -odet_vector -0.000088 0.004914 -0.999988 -sdet_vector -0.005998 -0.999970 -0.004913
     -fdet_vector 0.999982 -0.005998 -0.000118 -pix0_vector_mm -216.336293 215.205512 -230.200866
     -beam_vector 0.00051387949 0.0 -0.99999986 -Na 36 -Nb 47 -Nc 29 -osc 0.1 -phi 0 -phisteps 10
     -detector_rotx 0 -detector_roty 0 -detector_rotz 0 -twotheta 0 -floatfile img.bin)

scratch=$(mktemp -d); trap 'rm -rf "$scratch"' EXIT
# median wall time (s) of $runs runs of "$@" in a fresh folder each time
time_median() {
  local times=() t0 t1
  for ((i = 0; i < runs; i++)); do
    rm -rf "$scratch/run"; mkdir "$scratch/run"
    t0=$(date +%s.%N)
    (cd "$scratch/run" && OMP_NUM_THREADS=$threads "$@" > /dev/null)
    t1=$(date +%s.%N)
    times+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN {print b - a}')")
  done
  printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'
}

echo "case: $case full frame, 2463 x 2527 px x 10 phi = 62.2 M evaluations, $threads threads, median of $runs"
t_ref=$(time_median "$ref" "${sup[@]}")
calc() { awk "BEGIN {print $1}"; }
printf 'nanobragg_ref      %7.3f s   %.4f G evaluations/s\n' "$t_ref" "$(calc "62.24 / $t_ref / 1000")"
if [[ -n "${NB_C_BIN:-}" ]]; then
  t_c=$(time_median "$NB_C_BIN" "${sup[@]}")
  printf '%-18s %7.3f s   %.4f G evaluations/s\n' "$(basename "$NB_C_BIN")" "$t_c" "$(calc "62.24 / $t_c / 1000")"
  printf 'ratio nanobragg_ref / C = %.3f   (target <= 1.20)\n' "$(calc "$t_ref / $t_c")"
else
  printf 'no NB_C_BIN: recorded real C on the reference machine 3.4-4.1 s -> ratio %.2f-%.2f (target <= 1.20)\n' \
    "$(calc "$t_ref / 4.1")" "$(calc "$t_ref / 3.4")"
fi
