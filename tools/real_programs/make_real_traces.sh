#!/usr/bin/env bash
# Regenerates tests/data/real_programs/: fresh output of the real nanoBragg C program (traced
# build) and of its PyTorch port on the cases the trace tools are tested on.
#
#   tools/real_programs/make_real_traces.sh [--only GROUP]... [--bin DIR] [--threads N] [--out DIR]
#
#   GROUP       small       the three small golden cases (tests/data/golden/<case>)
#               flags       how the port takes the flags of these cases (port_flags/)
#               loops       the loop-semantics variants (oversample 1/2/3, sources, phi, mosaic, layers)
#               synth       supervisor command with the embedded crystal, the peak pixel (slow 1218, fast 1227)
#               supervisor  supervisor command with the real A.mat/scaled.hkl, pixel (slow 685, fast 1039)
#               (default: all five; the port needs about 2 minutes and 11 GB for each supervisor-size run)
#   --bin DIR   use nanoBragg_traced already built there (else build_nanobragg_c.sh builds it in a scratch folder)
#   --threads N OMP_NUM_THREADS of every run (default 2, as the goldens)
#   --out DIR   where the case folders go (default tests/data/real_programs)
#
#   NB_THIRDPARTY_DIR   the real programs (default ../shared/thirdparty beside the checkout)
#   NB_GOLDEN_INPUTS    folder with the real A.mat and scaled.hkl (default ../shared/golden/inputs)
#   NB_PYTHON           interpreter with torch for the port (default /usr/bin/python3)
#
# Every run happens in its own fresh folder that holds only links to its inputs (no stale Fdump.bin),
# under /usr/bin/time -v. Each case folder gets the programs' stdout (<tag>_trace.log), their float
# images when small (<= 200 KB, else the ROI crop), non-empty stderr, and commands.txt with the exact
# argv, OMP_NUM_THREADS, sha256 of programs and inputs, torch version, wall time and peak memory.
# Afterwards check_loop_semantics.py re-checks the loop-semantics statements on the new files.
#
# Exit codes: 0 done; 1 usage error; 2 a program or input missing or a run failed; 77 the real
# programs are absent (CTest's skip code; 2 with NB_REQUIRE_ALL=1).
set -euo pipefail

here=$(cd "$(dirname "$0")/../.." && pwd)
tools="$here/tools/real_programs"
out="$here/tests/data/real_programs"
thirdparty=${NB_THIRDPARTY_DIR:-$here/../shared/thirdparty}
golden_inputs=${NB_GOLDEN_INPUTS:-$here/../shared/golden/inputs}
python=${NB_PYTHON:-/usr/bin/python3}
port_src="$thirdparty/nanobrag_torch/src"
threads=2
bin=""
groups=()

die() { echo "make_real_traces: $1" >&2; exit "${2:-2}"; }
absent() {
  echo "make_real_traces: $1" >&2
  if [[ "${NB_REQUIRE_ALL:-0}" == "1" ]]; then exit 2; fi
  exit 77
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --only) [[ $# -ge 2 ]] || die "--only needs a group" 1; groups+=("$2"); shift 2 ;;
    --bin) [[ $# -ge 2 ]] || die "--bin needs a folder" 1; bin=$2; shift 2 ;;
    --threads) [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*$ ]] || die "--threads needs a positive integer" 1
      threads=$2; shift 2 ;;
    --out) [[ $# -ge 2 ]] || die "--out needs a folder" 1; out=$2; shift 2 ;;
    -h | --help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) die "unknown option '$1'" 1 ;;
  esac
done
[[ ${#groups[@]} -gt 0 ]] || groups=(small flags loops synth supervisor)
for g in "${groups[@]}"; do
  case "$g" in small | flags | loops | synth | supervisor) ;; *) die "unknown group '$g'" 1 ;; esac
done

# Without the real supervisor inputs the supervisor group is skipped when it came with the
# default list, and is a skip (77) of the whole run when it was asked for.
if [[ " ${groups[*]} " == *" supervisor "* ]] &&
  ! [[ -f "$golden_inputs/A.mat" && -f "$golden_inputs/scaled.hkl" ]]; then
  reason="the supervisor inputs A.mat and scaled.hkl are not in $golden_inputs (set NB_GOLDEN_INPUTS)"
  [[ ${#groups[@]} -gt 1 && "${NB_REQUIRE_ALL:-0}" != "1" ]] || absent "$reason"
  echo "make_real_traces: supervisor skipped: $reason" >&2
  mapfile -t groups < <(printf '%s\n' "${groups[@]}" | grep -vx supervisor)
fi

[[ -d "$port_src/nanobrag_torch" ]] || absent "the PyTorch port $port_src/nanobrag_torch is absent (set NB_THIRDPARTY_DIR)"
[[ -x "$python" ]] || die "interpreter $python not found (set NB_PYTHON)"
"$python" -c 'import torch' 2> /dev/null || die "$python cannot import torch (apt-get install python3-torch)"
[[ -x /usr/bin/time ]] || die "/usr/bin/time not found (apt-get install time)"

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
if [[ -z "$bin" ]]; then
  bin="$scratch/bin"
  rc=0
  "$tools/build_nanobragg_c.sh" "$bin" > /dev/null || rc=$?
  [[ $rc -eq 0 ]] || exit $rc
fi
c_prog="$bin/nanoBragg_traced"
[[ -x "$c_prog" ]] || die "$c_prog not found"

sha() { sha256sum "$1" | cut -d' ' -f1; }
# One sha256 over the port's Python files: sha256 of the sorted "sha256  relative/path" lines.
port_sha=$(cd "$port_src" && find nanobrag_torch -name '*.py' -type f | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -d' ' -f1)
torch_version=$("$python" -c 'import torch; print(torch.__version__)')
numpy_version=$("$python" -c 'import numpy; print(numpy.__version__)')
python_version=$("$python" -c 'import platform; print(platform.python_version())')
gcc_version=$(gcc --version | head -n 1)

# The C argv in the port's spelling. The port refuses -mosaic_domains (its name is -mosaic_dom; the
# C program matches "-mosaic_dom" as a substring, so both spellings reach it) and accepts -divsteps
# but never reads it (the C program's -divsteps N is -hdivsteps N -vdivsteps N, which the port
# reads). Every other flag of these cases it takes as is. See tests/data/real_programs/README.md.
port_flags() {
  local a expect_count=0
  for a in "$@"; do
    if [[ $expect_count -eq 1 ]]; then
      echo "-hdivsteps"; echo "$a"; echo "-vdivsteps"; echo "$a"
      expect_count=0
      continue
    fi
    case "$a" in
      -mosaic_domains) echo "-mosaic_dom" ;;
      -divsteps) expect_count=1 ;;
      *) echo "$a" ;;
    esac
  done
}

# ---- one case folder ---------------------------------------------------------------------------
# A case is written into a staging folder and replaces $out/NAME only when all its runs succeeded.
case_dir=""
case_name=""
case_inputs=()
# begin_case NAME INPUT_FILE... : starts the case's folder and writes the header of commands.txt.
begin_case() {
  case_name=$1
  case_dir="$scratch/stage/$1"
  shift
  case_inputs=("$@")
  rm -rf "$case_dir"
  mkdir -p "$case_dir"
  {
    echo "# $(basename "$case_dir"): fresh output of the real programs, written by tools/real_programs/make_real_traces.sh"
    echo "# nanoBragg_traced: built by tools/real_programs/build_nanobragg_c.sh ($gcc_version)"
    echo "#   source nanoBragg_traced.c sha256 $(sha "$thirdparty/nanoBragg_c/nanoBragg_traced.c")"
    echo "#   binary sha256 $(sha "$c_prog")"
    echo "# nanobrag_torch (PyTorch port): sha256 over its *.py files $port_sha"
    echo "#   python $python_version, torch $torch_version, numpy $numpy_version; run as"
    echo "#   NANOBRAGG_DISABLE_COMPILE=1 PYTHONPATH=<thirdparty>/nanobrag_torch/src python3 -m nanobrag_torch ..."
    local f
    for f in "${case_inputs[@]}"; do echo "# input $(basename "$f") sha256 $(sha "$f")"; done
    echo "# Every run: a fresh folder holding only links to the inputs; OMP_NUM_THREADS=$threads."
  } > "$case_dir/commands.txt"
}

note() { echo "$*" >> "$case_dir/commands.txt"; }

# keep_text SRC DEST: copies a program's stdout or stderr with this machine's folders named by
# placeholders (a Python traceback names the port's files by absolute path).
keep_text() {
  sed -e "s#$(realpath "$thirdparty")#<thirdparty>#g" -e "s#$thirdparty#<thirdparty>#g" \
    -e "s#$here#<checkout>#g" -e "s#$scratch#<run folder>#g" "$1" > "$2"
}

# finish_case: puts the finished case folder in place of the old one.
finish_case() {
  rm -rf "${out:?}/$case_name"
  mkdir -p "$(dirname "$out/$case_name")"
  mv "$case_dir" "$out/$case_name"
}

# Seconds, kB and exit status out of a /usr/bin/time -v report.
time_summary() {
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, p, ":"); w = 0; for (i = 1; i <= n; i++) w = w * 60 + p[i] }
    /User time/ { u = $2 } /System time/ { s = $2 } /Maximum resident/ { m = $2 } /Exit status/ { e = $2 }
    END { printf "wall %.2f s, user %.2f s, sys %.2f s, peak RSS %d kB, exit %d", w, u, s, m, e }' "$1"
}

# keep_image IMAGE TAG [ROI_FAST_MIN ROI_FAST_MAX ROI_SLOW_MIN ROI_SLOW_MAX FAST_PIXELS]
# Stores IMAGE as TAG_float.bin when it is small, else its ROI crop; notes its size and sha256.
keep_image() {
  local img=$1 tag=$2 size
  size=$(stat -c %s "$img")
  note "#   float.bin: $size bytes, sha256 $(sha "$img")"
  if [[ $store_images -eq 0 ]]; then
    note "#   not stored"
  elif [[ $size -le 204800 ]]; then
    cp "$img" "$case_dir/${tag}_float.bin"
    note "#   stored as ${tag}_float.bin"
  elif [[ $# -eq 7 ]]; then
    local name="${tag}_float_s$5-$6_f$3-$4.bin"
    "$python" "$tools/crop_float_image.py" "$img" "$7" "$3" "$4" "$5" "$6" "$case_dir/$name"
    note "#   stored: the ROI (slow $5..$6, fast $3..$4) as $name (float32, slow-major)"
  else
    note "#   not stored (too large)"
  fi
}

# What run_program does besides running: store images (1/0); a non-zero exit ends the script (0) or
# is only noted (1). The float image of the last run of TAG stays readable as $scratch/TAG.bin.
store_images=1
allow_failure=0

# run_program TAG KIND ROI -- ARGS...
#   KIND  c            the traced C program with ARGS
#         py           the port with ARGS in its spelling (port_flags), -dtype float64 -device cpu
#         py_as_given  the port with ARGS exactly as the C program takes them, same dtype and device
#   ROI   "" or "FAST_MIN FAST_MAX SLOW_MIN SLOW_MAX FAST_PIXELS": what to store of a large image
run_program() {
  local tag=$1 kind=$2 roi=$3
  shift 4
  local dir="$scratch/run_$tag"
  rm -rf "$dir" "$scratch/$tag.bin"
  mkdir -p "$dir"
  local f
  for f in "${case_inputs[@]}"; do ln -s "$f" "$dir/$(basename "$f")"; done
  local args=("$@") prog_display status=0 env_display=""
  if [[ $kind == c ]]; then
    prog_display="nanoBragg_traced"
    (cd "$dir" && OMP_NUM_THREADS=$threads /usr/bin/time -v -o time.txt "$c_prog" "${args[@]}" > stdout.log 2> stderr.log) || status=$?
  else
    [[ $kind == py_as_given ]] || mapfile -t args < <(port_flags "${args[@]}")
    args+=(-dtype float64 -device cpu)
    prog_display="python3 -m nanobrag_torch"
    env_display="NANOBRAGG_DISABLE_COMPILE=1 PYTHONPATH=<thirdparty>/nanobrag_torch/src "
    (cd "$dir" && NANOBRAGG_DISABLE_COMPILE=1 PYTHONPATH="$port_src" OMP_NUM_THREADS=$threads \
      /usr/bin/time -v -o time.txt "$python" -m nanobrag_torch "${args[@]}" > stdout.log 2> stderr.log) || status=$?
  fi
  note ""
  note "## $tag"
  note "${env_display}OMP_NUM_THREADS=$threads $prog_display ${args[*]} > ${tag}_trace.log"
  note "#   $(time_summary "$dir/time.txt")"
  if [[ -s "$dir/stdout.log" ]]; then
    keep_text "$dir/stdout.log" "$case_dir/${tag}_trace.log"
  else
    note "#   stdout empty, not kept"
  fi
  if [[ -s "$dir/stderr.log" ]]; then
    keep_text "$dir/stderr.log" "$case_dir/${tag}_stderr.log"
    note "#   stderr kept as ${tag}_stderr.log"
  fi
  if [[ $status -ne 0 && $allow_failure -eq 0 ]]; then
    die "$tag ($prog_display) exited $status; see $case_dir/${tag}_stderr.log"
  fi
  if [[ -f "$dir/float.bin" ]]; then
    # shellcheck disable=SC2086
    keep_image "$dir/float.bin" "$tag" $roi
    mv "$dir/float.bin" "$scratch/$tag.bin"
  elif [[ $status -eq 0 ]]; then
    die "$tag ($prog_display) wrote no float.bin"
  fi
  echo "make_real_traces: $(basename "$case_dir")/$tag: $(time_summary "$dir/time.txt")"
  rm -rf "$dir"
}

# same_as_golden TAG GOLDEN_TRACE [GOLDEN_IMAGE OUR_IMAGE]: notes whether the fresh C output equals
# the committed golden (TRACE_C lines, float image bytes).
same_as_golden() {
  local ours="$case_dir/$1_trace.log" golden=$2 verdict
  if cmp -s <(grep '^TRACE_C' "$ours") <(grep '^TRACE_C' "$golden"); then verdict="identical"; else verdict="DIFFERENT"; fi
  note "#   TRACE_C lines vs tests/data/golden/${golden#"$here/tests/data/golden/"}: $verdict"
  if [[ $# -eq 4 ]]; then
    if cmp -s "$3" "$case_dir/$4"; then verdict="identical"; else verdict="DIFFERENT"; fi
    note "#   $4 vs tests/data/golden/${3#"$here/tests/data/golden/"}: $verdict"
  fi
}

out_flags=(-floatfile float.bin -intfile int.img -nopgm -nonoise -noprogress)

# The three small golden cases: their exact golden argv without output flags (tests/data/golden/<case>).
small_hkl="$here/tests/data/golden/inputs/P1_synth_R12.hkl"
simple_cubic=(-cell 100 100 100 90 90 90 -default_F 100 -N 5 -lambda 1.0 -distance 100 -pixel 0.1
  -detpixels 128 -oversample 1)
triclinic=(-cell 70 80 90 75 85 95 -misset 10 20 30 -hkl P1_synth_R12.hkl -N 8 -lambda 1.2
  -distance 80 -pixel 0.1 -detpixels_x 160 -detpixels_y 128 -oversample 1 -phi 0 -osc 1
  -phisteps 5 -mosaic 0.3 -mosaic_domains 6 -mosaic_seed 12345)
sources_polar=(-cell 50 60 70 90 90 90 -misset 15 25 35 -hkl P1_synth_R12.hkl -N 5 -lambda 1.0
  -dispersion 0.5 -dispsteps 3 -divergence 1.0 -divsteps 3 -polar 0.95 -distance 100 -pixel 0.1
  -detpixels_x 128 -detpixels_y 112 -oversample 2)

# with_value FLAG VALUE ARGS...: ARGS, one per line, with the value after FLAG replaced by VALUE.
with_value() {
  local name=$1 value=$2 previous="" a
  shift 2
  for a in "$@"; do
    if [[ "$previous" == "$name" ]]; then echo "$value"; else echo "$a"; fi
    previous=$a
  done
}

# ---- the three small golden cases (their exact golden argv) --------------------------------------
# small_case NAME SLOW FAST ARGS...: the traced C program and the port on ARGS, tracing (SLOW, FAST).
small_case() {
  local name=$1 slow=$2 fast=$3 g="$here/tests/data/golden/$1"
  shift 3
  if [[ " $* " == *" -hkl "* ]]; then begin_case "$name" "$small_hkl"; else begin_case "$name"; fi
  run_program c c "" -- "$@" "${out_flags[@]}" -trace_pixel "$slow" "$fast"
  same_as_golden c "$g/trace.log" "$g/float.bin" c_float.bin
  run_program py py "" -- "$@" "${out_flags[@]}" -trace_pixel "$slow" "$fast"
  finish_case
}

small_cases() {
  small_case simple_cubic 74 84 "${simple_cubic[@]}"
  small_case triclinic_misset_phi_mosaic 112 59 "${triclinic[@]}"
  small_case oversample_sources_polar 13 114 "${sources_polar[@]}"
}

# ---- loop-semantics variants --------------------------------------------------------------------
# One crystal and detector (64 x 64 pixels, traced pixel slow 14, fast 45); what varies is the
# oversampling, detector layers, the -oversample_* switches and the phi start. Sources: 3 wavelengths
# x 5 divergence directions = 15; phi 2, 3, 4 deg; 3 mosaic domains.
loop_cases() {
  local hkl=$small_hkl
  local base=(-cell 70 80 90 75 85 95 -misset 10 20 30 -hkl P1_synth_R12.hkl -N 5 -lambda 1.2
    -distance 80 -pixel 0.1 -detpixels 64)
  local phi=(-phi 2 -osc 3 -phisteps 3)
  local mos=(-mosaic 1 -mosaic_domains 3 -mosaic_seed 777)
  local src=(-dispersion 4 -dispsteps 3 -divergence 2 -divsteps 3)
  local trace=(-trace_pixel 14 45)
  local os
  for os in 1 2 3; do
    begin_case "loop_semantics/os$os" "$hkl"
    run_program c c "" -- "${base[@]}" "${phi[@]}" "${mos[@]}" "${src[@]}" -oversample "$os" "${out_flags[@]}" "${trace[@]}"
    run_program py py "" -- "${base[@]}" "${phi[@]}" "${mos[@]}" "${src[@]}" -oversample "$os" "${out_flags[@]}" "${trace[@]}"
    finish_case
  done
  # three detector layers (100 um, attenuation depth 300 um)
  local thick=(-detector_thick 100 -detector_abs 300 -detector_thicksteps 3)
  begin_case loop_semantics/os2_thick3 "$hkl"
  run_program c c "" -- "${base[@]}" "${phi[@]}" "${mos[@]}" "${src[@]}" "${thick[@]}" -oversample 2 "${out_flags[@]}" "${trace[@]}"
  run_program py py "" -- "${base[@]}" "${phi[@]}" "${mos[@]}" "${src[@]}" "${thick[@]}" -oversample 2 "${out_flags[@]}" "${trace[@]}"
  finish_case
  # the three -oversample_* switches: polar, omega and capture fraction per sub-pixel. -oversample N
  # comes last because the C program also matches "-oversample" inside "-oversample_polar" and
  # takes the next argument as N.
  local per_sub=(-oversample_thick -oversample_polar -oversample_omega)
  begin_case loop_semantics/os2_thick3_oversample_switches "$hkl"
  run_program c c "" -- "${base[@]}" "${phi[@]}" "${mos[@]}" "${src[@]}" "${thick[@]}" "${per_sub[@]}" -oversample 2 "${out_flags[@]}" "${trace[@]}"
  run_program py py "" -- "${base[@]}" "${phi[@]}" "${mos[@]}" "${src[@]}" "${thick[@]}" "${per_sub[@]}" -oversample 2 "${out_flags[@]}" "${trace[@]}"
  finish_case
  # phi starting at 0: the C program skips the rotation at phi = 0 (its carry-over); full frame
  # against a one-pixel ROI, which makes the traced pixel the first its thread computes.
  local phi0=(-phi 0 -osc 3 -phisteps 3)
  begin_case loop_semantics/os1_phi0 "$hkl"
  run_program c c "" -- "${base[@]}" "${phi0[@]}" "${mos[@]}" "${src[@]}" -oversample 1 "${out_flags[@]}" "${trace[@]}"
  run_program c_single c "" -- "${base[@]}" "${phi0[@]}" "${mos[@]}" "${src[@]}" -oversample 1 "${out_flags[@]}" -roi 45 45 14 14 "${trace[@]}"
  run_program py py "" -- "${base[@]}" "${phi0[@]}" "${mos[@]}" "${src[@]}" -oversample 1 "${out_flags[@]}" "${trace[@]}"
  finish_case
}

# ---- how the port takes the flags of these cases ------------------------------------------------
# Runs that establish the renamed and ignored flags listed in tests/data/real_programs/README.md.
# Images are not stored; their sha256 and the comparisons are in commands.txt.
same_sha() { if [[ "$(sha "$1")" == "$(sha "$2")" ]]; then echo "identical"; else echo "different"; fi; }
steps_line() { grep -m 1 -E '^TRACE_(C|PY): steps ' "$1" || echo "(no steps line)"; }

# vary FLAG VALUE C_TAG PY_TAG PY_KIND SLOW FAST ARGS...: the traced C program (as C_TAG) and the
# port (as PY_TAG, run_program KIND PY_KIND) on ARGS with the value of FLAG set to VALUE.
vary() {
  local flag=$1 value=$2 c_tag=$3 py_tag=$4 py_kind=$5 slow=$6 fast=$7 args
  shift 7
  mapfile -t args < <(with_value "$flag" "$value" "$@")
  run_program "$c_tag" c "" -- "${args[@]}" "${out_flags[@]}" -trace_pixel "$slow" "$fast"
  run_program "$py_tag" "$py_kind" "" -- "${args[@]}" "${out_flags[@]}" -trace_pixel "$slow" "$fast"
}

flag_cases() {
  begin_case port_flags "$small_hkl"
  store_images=0

  note ""
  note "# 1. -mosaic_domains: the C program's spelling, given to the port as is."
  allow_failure=1
  run_program py_mosaic_domains py_as_given "" -- "${triclinic[@]}" "${out_flags[@]}" -trace_pixel 112 59
  allow_failure=0
  note "# result: the port refused it: $(tail -n 1 "$case_dir/py_mosaic_domains_stderr.log")"

  note ""
  note "# 2. -mosaic_seed: two seeds, each program."
  local seed
  for seed in 12345 777; do
    vary -mosaic_seed "$seed" "c_seed$seed" "py_seed$seed" py 112 59 "${triclinic[@]}"
  done
  note "# result: C images of seeds 12345 and 777 $(same_sha "$scratch/c_seed12345.bin" "$scratch/c_seed777.bin");" \
    "port images $(same_sha "$scratch/py_seed12345.bin" "$scratch/py_seed777.bin")"

  note ""
  note "# 3. -divsteps: given to the port as is with 3 and with 5 steps, and in its spelling (-hdivsteps N -vdivsteps N)."
  local n
  for n in 3 5; do
    vary -divsteps "$n" "c_divsteps$n" "py_divsteps${n}_as_given" py_as_given 13 114 "${sources_polar[@]}"
  done
  run_program py_divsteps3 py "" -- "${sources_polar[@]}" "${out_flags[@]}" -trace_pixel 13 114
  note "# result: C -divsteps 3: '$(steps_line "$case_dir/c_divsteps3_trace.log")', -divsteps 5:" \
    "'$(steps_line "$case_dir/c_divsteps5_trace.log")', images $(same_sha "$scratch/c_divsteps3.bin" "$scratch/c_divsteps5.bin")"
  note "# result: port -divsteps 3 as given: '$(steps_line "$case_dir/py_divsteps3_as_given_trace.log")', -divsteps 5 as given:" \
    "'$(steps_line "$case_dir/py_divsteps5_as_given_trace.log")', images $(same_sha "$scratch/py_divsteps3_as_given.bin" "$scratch/py_divsteps5_as_given.bin");" \
    "-hdivsteps 3 -vdivsteps 3: '$(steps_line "$case_dir/py_divsteps3_trace.log")'"

  note ""
  note "# 4. -roi (fast 80..90, slow 70..78) against the whole frame, port only."
  run_program py_full py "" -- "${simple_cubic[@]}" "${out_flags[@]}" -trace_pixel 74 84
  run_program py_roi py "" -- "${simple_cubic[@]}" "${out_flags[@]}" -roi 80 90 70 78 -trace_pixel 74 84
  note "# result: $("$python" "$tools/compare_roi_images.py" "$scratch/py_full.bin" "$scratch/py_roi.bin" 128 80 90 70 78)"
  store_images=1
  finish_case
}

# ---- the supervisor command ---------------------------------------------------------------------
# SUP of the goldens (tests/data/golden/commands.txt) with its matrix and HKL file as arguments.
supervisor_args() {
  echo -mat "$1" -hkl "$2" -nonoise -nointerpolate -oversample 1 -exposure 1 -flux 1e18 -beamsize 1.0 \
    -spindle_axis -1 0 0 -Xbeam 217.742295 -Ybeam 213.907080 -distance 231.274660 -lambda 0.976800 \
    -pixel 0.172 -detpixels_x 2463 -detpixels_y 2527 -odet_vector -0.000088 0.004914 -0.999988 \
    -sdet_vector -0.005998 -0.999970 -0.004913 -fdet_vector 0.999982 -0.005998 -0.000118 \
    -pix0_vector_mm -216.336293 215.205512 -230.200866 -beam_vector 0.00051387949 0.0 -0.99999986 \
    -Na 36 -Nb 47 -Nc 29 -osc 0.1 -phi 0 -phisteps 10 -detector_rotx 0 -detector_roty 0 \
    -detector_rotz 0 -twotheta 0
}

# Refuses to start a supervisor-size port run (about 11 GB) without that much available memory.
check_memory_for_port() {
  local avail_gb
  avail_gb=$(awk '/MemAvailable/ { printf "%d", $2 / 1048576 }' /proc/meminfo)
  note "# memory available before the port's run: $avail_gb GB (MemAvailable)"
  [[ $avail_gb -ge 13 ]] || die "only $avail_gb GB of memory available; the port needs about 11 GB here"
}

synth_case() {
  local inputs="$here/harness/data/supervisor_synth" g="$here/tests/data/golden/supervisor_synth"
  local sup
  read -r -a sup <<< "$(supervisor_args A_synth.mat synth.hkl)"
  # The port reads a matrix file only when it holds exactly 9 numbers; A_synth.mat has 30 (matrix,
  # misset, U, cell, misset) of which the C program reads the first 9. The port gets those 9 alone.
  local matrix_only="$scratch/A_synth_matrix_only.mat"
  head -n 3 "$inputs/A_synth.mat" > "$matrix_only"
  begin_case supervisor_synth "$inputs/A_synth.mat" "$inputs/synth.hkl" "$matrix_only"
  note "# A_synth_matrix_only.mat = the first 3 lines (the 9 numbers the C program reads) of A_synth.mat."
  note "# Peak pixel (slow 1218, fast 1227) of the full C image; ROI = 21 x 21 around it (fast 1217..1237, slow 1208..1228)."
  run_program c_roi c "1217 1237 1208 1228 2463" -- "${sup[@]}" -floatfile float.bin -roi 1217 1237 1208 1228 -trace_pixel 1218 1227
  same_as_golden c_roi "$g/trace_roi_peak.log" "$g/roi_peak_float.bin" c_roi_float_s1208-1228_f1217-1237.bin
  run_program c_single c "1227 1227 1218 1218 2463" -- "${sup[@]}" -floatfile float.bin -roi 1227 1227 1218 1218 -trace_pixel 1218 1227
  same_as_golden c_single "$g/trace_single_peak.log"
  allow_failure=1
  run_program py_as_given py "" -- "${sup[@]}" -floatfile float.bin -roi 1217 1237 1208 1228 -trace_pixel 1218 1227
  allow_failure=0
  note "# result: $(grep -m 1 '^Error' "$case_dir/py_as_given_stderr.log" || echo 'the port accepted A_synth.mat')"
  read -r -a sup <<< "$(supervisor_args A_synth_matrix_only.mat synth.hkl)"
  check_memory_for_port
  note "# The port computes the whole frame whatever -roi says; -roi only zeroes the pixels outside it"
  note "# (port_flags/, run 4). One run stands beside both C runs."
  run_program py_roi py "1217 1237 1208 1228 2463" -- "${sup[@]}" -floatfile float.bin -roi 1217 1237 1208 1228 -trace_pixel 1218 1227
  finish_case
}

supervisor_case() {
  local g="$here/tests/data/golden" sup
  read -r -a sup <<< "$(supervisor_args A.mat scaled.hkl)"
  begin_case supervisor "$golden_inputs/A.mat" "$golden_inputs/scaled.hkl"
  note "# Pixel (slow 685, fast 1039); ROI = 21 x 21 around it (fast 1029..1049, slow 675..695)."
  run_program c_roi c "1029 1049 675 695 2463" -- "${sup[@]}" -floatfile float.bin -roi 1029 1049 675 695 -trace_pixel 685 1039
  same_as_golden c_roi "$g/supervisor_trace_c.log" "$g/supervisor_roi_float_s675-695_f1029-1049.bin" c_roi_float_s675-695_f1029-1049.bin
  check_memory_for_port
  run_program py_roi py "1029 1049 675 695 2463" -- "${sup[@]}" -floatfile float.bin -roi 1029 1049 675 695 -trace_pixel 685 1039
  finish_case
}

for g in "${groups[@]}"; do
  case "$g" in
    small) small_cases ;;
    flags) flag_cases ;;
    loops) loop_cases ;;
    synth) synth_case ;;
    supervisor) supervisor_case ;;
  esac
done

if [[ " ${groups[*]} " == *" loops "* ]]; then
  checks="$out/loop_semantics/checks.md"
  rc=0
  {
    echo "# check_loop_semantics.py on the files of this folder"
    echo
    echo "Written by tools/real_programs/make_real_traces.sh; the statements are explained in README.md."
    echo
    "$python" "$tools/check_loop_semantics.py" "$out/loop_semantics"
  } > "$checks" || rc=$?
  echo "make_real_traces: loop semantics: $(tail -n 1 "$checks") (loop_semantics/checks.md)"
  [[ $rc -eq 0 ]] || die "a loop-semantics statement no longer holds; see $checks"
fi
