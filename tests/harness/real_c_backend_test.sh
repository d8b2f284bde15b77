#!/usr/bin/env bash
# The real nanoBragg C program as a side: built at test time from ../shared/thirdparty (or
# $NB_THIRDPARTY_DIR) with the flags of its README (tools/real_programs/build_nanobragg_c.sh),
# then compared with the reference engine, which re-creates it: the traced build at --rtol 1e-12
# on the small golden cases and the supervisor command (embedded crystal; the real A.mat and
# scaled.hkl when present) with 1, 2 and 3 threads and with a thread-first pixel traced, and the
# untraced build by its ROI image alone. Every ROI image must be identical ("max rel 0").
# Exit 77 (CTest: skipped) when the sources are absent; NB_REQUIRE_ALL=1 makes that a failure.
#
#   real_c_backend_test.sh TRACE_HARNESS SOURCE_DIR WORK_DIR
set -uo pipefail
harness=$1 src=$2 work=$3
rm -rf "$work" && mkdir -p "$work/bin" "$work/runs"
bash "$src/tools/real_programs/build_nanobragg_c.sh" "$work/bin" > "$work/build.log" 2>&1
rc=$?
if [[ $rc -eq 77 ]]; then echo "SKIPPED: $(tail -1 "$work/build.log")"; exit 77; fi
if [[ $rc -ne 0 ]]; then echo "FAIL: building the C program: $(tail -3 "$work/build.log")"; exit 1; fi
hkl=$(cd "$src/tests/data/golden/inputs" 2> /dev/null && pwd)/P1_synth_R12.hkl
[[ -f "$hkl" ]] || hkl=$(cd "$src/../shared/golden/inputs" && pwd)/P1_synth_R12.hkl
failures=0
check() { # name, harness args...
  local name=$1; shift
  local out
  out=$(cd "$work/runs" && "$harness" "$@" 2>&1)
  local code=$?
  if [[ $code -eq 0 && "$out" == *"max rel 0,"* ]]; then
    echo "ok   $name: $(head -1 <<< "$out" | cut -c1-150)"
  else
    echo "FAIL $name (exit $code): $out"; failures=$((failures + 1))
  fi
}
traced=(--a nanobragg-c-traced --a-program "$work/bin/nanoBragg_traced" --b reference
        --phi-mode c-parity --rtol 1e-12)
simple=(-cell 100 100 100 90 90 90 -default_F 100 -N 5 -lambda 1.0 -distance 100 -pixel 0.1
        -detpixels 128 -oversample 1)
triclinic=(-cell 70 80 90 75 85 95 -misset 10 20 30 -hkl "$hkl" -N 8 -lambda 1.2 -distance 80
           -pixel 0.1 -detpixels_x 160 -detpixels_y 128 -oversample 1 -phi 0 -osc 1 -phisteps 5
           -mosaic 0.3 -mosaic_domains 6 -mosaic_seed 12345)
polar=(-cell 50 60 70 90 90 90 -misset 15 25 35 -hkl "$hkl" -N 5 -lambda 1.0 -dispersion 0.5
       -dispsteps 3 -divergence 1.0 -divsteps 3 -polar 0.95 -distance 100 -pixel 0.1
       -detpixels_x 128 -detpixels_y 112 -oversample 2)
for t in 1 2 3; do
  check "simple_cubic, $t thread(s)" "${traced[@]}" --threads "$t" --pixel 74 84 --roi 64 84 64 84 -- "${simple[@]}"
  check "triclinic, $t thread(s)" "${traced[@]}" --threads "$t" --pixel 112 59 --roi 0 159 0 127 -- "${triclinic[@]}"
done
# the first pixel of thread 1 of 2 in a 21-row region (rows 64..74 and 75..84: slow 75, fast 64)
check "simple_cubic, thread-first pixel" "${traced[@]}" --threads 2 --pixel 75 64 --roi 64 84 64 84 -- "${simple[@]}"
# two traced pixels: the one-pixel-per-run program runs once per pixel, same ROI and threads
check "simple_cubic, two pixels (two runs)" "${traced[@]}" --threads 2 --pixel 74 84 --pixel 75 64 --roi 64 84 64 84 -- "${simple[@]}"
check "oversample_sources_polar" "${traced[@]}" --threads 2 --pixel 13 114 --roi 100 127 0 27 -- "${polar[@]}"
# the supervisor command with the embedded supervisor_synth crystal: its brightest pixel in the
# golden's 21x21 ROI, pixel (685, 1039) in its ROI, and the brightest pixel as a one-pixel ROI
# (the first pass of its thread: phi step 0 unrotated)
for t in 1 2 3; do
  check "supervisor (embedded), $t thread(s)" "${traced[@]}" --threads "$t" --pixel 1218 1227 --roi 1217 1237 1208 1228
done
check "supervisor (embedded), pixel 685 1039" "${traced[@]}" --threads 2 --pixel 685 1039 --roi 1029 1049 675 695
check "supervisor (embedded), one-pixel ROI" "${traced[@]}" --threads 2 --pixel 1218 1227 --roi 1227 1227 1218 1218
# the real supervisor inputs, when present (never in the repository)
inputs=${NB_GOLDEN_INPUTS:-$src/../shared/golden/inputs}
if [[ -f "$inputs/A.mat" && -f "$inputs/scaled.hkl" ]]; then
  real=(--mat "$inputs/A.mat" --hkl "$inputs/scaled.hkl" --pixel 685 1039 --roi 1029 1049 675 695)
  for t in 1 2 3; do
    check "supervisor (real inputs), $t thread(s)" "${traced[@]}" --threads "$t" "${real[@]}"
  done
  check "supervisor (real inputs), untraced build, image only" --a nanobragg-c --a-program "$work/bin/nanoBragg" \
    --b reference --phi-mode c-parity --rtol 1e-12 --threads 2 "${real[@]}"
else
  echo "note: the real supervisor inputs A.mat, scaled.hkl are not in $inputs (NB_GOLDEN_INPUTS): those cases not run"
fi
check "untraced build, image only" --a nanobragg-c --a-program "$work/bin/nanoBragg" --b reference \
  --phi-mode c-parity --rtol 1e-12 --threads 2 --roi 0 127 0 127 -- "${simple[@]}"
if [[ $failures -gt 0 ]]; then echo "$failures case(s) failed"; exit 1; fi
echo "all real C cases passed"
