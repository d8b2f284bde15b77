#!/usr/bin/env bash
# Hostile inputs to the three tools: each case must end with its documented exit code (README.md
# "Exit codes") and a one-line, printable error -- never a crash, a hang, a silent exit 0 or an
# "out of memory" that names nothing. These are the reproducers of the cases the hardening work
# fixed; before it, 51 of them gave 5 crashes, 7 hangs, 11 silent results, 6 unnamed
# out-of-memory exits and 2 messages with raw binary bytes.
#
# Every program runs under a 6 GB address-space limit (not in a sanitizer build, whose shadow
# memory needs terabytes of address space) and a 20 s kill timer, in its own empty folder, which
# must stay empty after an error. About 8 s.
#
#   hostile_inputs_test.sh NANOBRAGG_REF NBSIM TRACE_HARNESS [--no-memory-limit]
set -uo pipefail
ref=$(realpath "$1") sim=$(realpath "$2") th=$(realpath "$3")
vm_limit=6000000 # KiB
[[ "${4:-}" == --no-memory-limit ]] && vm_limit=unlimited
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

printf '0.01 0 0\n0 0.01 0\n0 0 0.01\n' > ok.mat
printf '0 0 0\n0 0 0\n0 0 0\n' > zero.mat
printf '0.01 0 0\n0.02 0 0\n0 0 0.01\n' > singular.mat
for i in -300 300; do printf -- '%d 0 0 1\n0 %d 0 1\n0 0 %d 1\n' $i $i $i; done > wide300.hkl
for i in -1000 1000; do printf -- '%d 0 0 1\n0 %d 0 1\n0 0 %d 1\n' $i $i $i; done > wide1000.hkl
printf '0 0 1 10\n1 0 \0 20\n' > nul.hkl
printf '0 0 1 10\n\x01\x02\xff 0 20\n' > binary.hkl
printf -- '-10 0 0 1 nan\n' > nan.src
# an Fdump file: the header "h_min k_min l_min h_max k_max l_max", a form feed, then the 2x2x2
# structure factors as doubles -- here all NaN
{ printf '0 0 0 1 1 1\n\f'; python3 -c 'import struct,sys; sys.stdout.buffer.write(struct.pack("8d", *[float("nan")] * 8))'; } > nan.fdump
mkfifo fifo.mat

failures=0 cases=0
# case NAME EXPECTED_EXIT MESSAGE_FRAGMENT COMMAND...: run COMMAND in an empty folder
case_() {
  local name=$1 want=$2 fragment=$3; shift 3
  cases=$((cases + 1))
  rm -rf run && mkdir run
  (cd run && ulimit -v "$vm_limit" && exec timeout -s KILL 20 "$@" > ../out.txt 2> ../err.txt)
  local rc=$? problem=""
  if ((rc == 137)); then problem="hang (killed after 20 s)"
  elif ((rc > 128)); then problem="crash (signal $((rc - 128)))"
  elif ((rc != want)); then problem="exit $rc, expected $want"
  elif [[ -n "$fragment" ]] && ! grep -qF -- "$fragment" err.txt; then problem="error does not say '$fragment'"
  elif ((want != 0)) && [[ $(grep -c . err.txt) -ne 1 ]]; then problem="error is not one line"
  elif LC_ALL=C grep -q '[^[:print:]]' err.txt; then problem="error holds unprintable bytes"
  elif ((want != 0)) && [[ -n $(ls -A run) ]]; then problem="left behind: $(ls -A run | tr '\n' ' ')"
  elif grep -qi 'out of memory\|bad_alloc' err.txt; then problem="unnamed out-of-memory"
  fi
  if [[ -n "$problem" ]]; then
    failures=$((failures + 1))
    echo "FAIL $name: $problem: $(head -c 300 err.txt | cat -v)"
  else
    echo "ok   $name (exit $rc)"
  fi
}

base=(-cell 50 50 50 90 90 90 -N 3 -distance 100 -noprogress -nonoise -nopgm)
for tool in ref sim; do
  p=${!tool}
  case_ "$tool -detpixels 65536 (int overflow)" 1 "-detpixels" "$p" "${base[@]}" -default_F 1 -detpixels 65536
  case_ "$tool -detpixels 50000 (negative size)" 1 "GiB" "$p" "${base[@]}" -default_F 1 -detpixels 50000
  case_ "$tool --threads 70000" 1 "70000" "$p" "${base[@]}" -default_F 1 -detpixels 8 --threads 70000
  case_ "$tool OMP_NUM_THREADS=100000" 1 "OMP_NUM_THREADS" env OMP_NUM_THREADS=100000 "$p" "${base[@]}" -default_F 1 -detpixels 8
  case_ "$tool -oversample 1000000 on one pixel" 1 "-oversample" "$p" "${base[@]}" -default_F 1 -detpixels 8 -roi 0 0 0 0 -oversample 1000000
  case_ "$tool -phisteps 1000000000" 1 "-phisteps" "$p" "${base[@]}" -default_F 1 -detpixels 8 -phisteps 1000000000 -osc 1
  case_ "$tool -mat FIFO" 2 "fifo.mat" "$p" -mat ../fifo.mat -default_F 1 -detpixels 8 -noprogress -nonoise -nopgm
  case_ "$tool -mat all zero" 2 "zero.mat" "$p" -mat ../zero.mat -default_F 1 -detpixels 8 -noprogress -nonoise -nopgm
  case_ "$tool -mat singular" 2 "singular.mat" "$p" -mat ../singular.mat -default_F 1 -detpixels 8 -noprogress -nonoise -nopgm
  case_ "$tool -cell of zero volume" 2 "-cell" "$p" -cell 50 50 50 120 120 120 -default_F 1 -N 3 -detpixels 8 -noprogress -nonoise -nopgm
  case_ "$tool Fdump holding NaN" 2 "nan.fdump" "$p" -mat ../ok.mat -dump ../nan.fdump -detpixels 8 -noprogress -nonoise -nopgm
  case_ "$tool HKL with a NUL byte" 2 "nul.hkl:2" "$p" "${base[@]}" -hkl ../nul.hkl -detpixels 8
  case_ "$tool HKL with binary bytes" 2 "binary.hkl:2" "$p" "${base[@]}" -hkl ../binary.hkl -detpixels 8
  case_ "$tool HKL /dev/zero" 2 "/dev/zero" "$p" "${base[@]}" -hkl /dev/zero -detpixels 8
  case_ "$tool -mat /dev/zero" 2 "/dev/zero" "$p" -mat /dev/zero -default_F 1 -detpixels 8 -noprogress
  case_ "$tool six reflections at +-300" 0 "" "$p" "${base[@]}" -hkl ../wide300.hkl -detpixels 8
  case_ "$tool six reflections at +-1000" 0 "" "$p" "${base[@]}" -hkl ../wide1000.hkl -detpixels 8
  case_ "$tool -lambda 0" 2 "-lambda 0" "$p" "${base[@]}" -default_F 1 -detpixels 8 -lambda 0
  case_ "$tool control bytes in a flag" 1 '\x1b' "$p" "${base[@]}" -default_F 1 -detpixels 8 -$'\x1b[2J\x07'
  case_ "$tool NaN in a source file" 2 "nan.src:1" "$p" "${base[@]}" -default_F 1 -detpixels 8 -sourcefile ../nan.src
done

case_ "trace_harness --mat FIFO" 2 "fifo.mat" "$th" --pixel 0 0 --mat ../fifo.mat --out rep
case_ "trace_harness -- -detpixels 65536" 1 "-detpixels" "$th" --pixel 0 0 --out rep -- -cell 50 50 50 90 90 90 -default_F 1 -N 3 -detpixels 65536
case_ "trace_harness -- -mat all zero" 2 "zero.mat" "$th" --pixel 0 0 --out rep -- -mat ../zero.mat -default_F 1 -N 3 -detpixels 8
case_ "trace_harness names the user's HKL, not its copy" 2 "../nul.hkl:2" "$th" --pixel 0 0 --out rep -- "${base[@]}" -hkl ../nul.hkl -detpixels 8
case_ "trace_harness OMP_NUM_THREADS=100000" 1 "OMP_NUM_THREADS" env OMP_NUM_THREADS=100000 "$th" --pixel 0 0 --out rep -- -cell 50 50 50 90 90 90 -default_F 1 -N 3 -detpixels 8
case_ "trace_harness -- -oversample 1000000" 1 "-oversample" "$th" --pixel 0 0 --out rep -- -cell 50 50 50 90 90 90 -default_F 1 -N 3 -detpixels 8 -oversample 1000000

# verify: an empty folder with an empty manifest, and an unsorted manifest, are not bundles that verify
mkdir -p empty unsorted && : > empty/sha256.txt
(cd unsorted && echo b > b.txt && echo a > a.txt && sha256sum b.txt a.txt > sha256.txt)
verify_case() { # NAME FOLDER FRAGMENT
  cases=$((cases + 1))
  local out rc
  out=$("$th" verify "$2" 2>&1); rc=$?
  if ((rc == 3)) && grep -qF -- "$3" <<< "$out"; then echo "ok   $1 (exit 3)"
  else failures=$((failures + 1)); echo "FAIL $1: exit $rc: $out"; fi
}
verify_case "verify: empty folder, empty sha256.txt" empty "manifest-empty"
verify_case "verify: unsorted manifest" unsorted "out of order"

# SIGTERM in the middle of a run: the process dies of the signal and no staging folder is left
# (SIGTERM, because a background job of a script starts with SIGINT ignored, and stays so)
cases=$((cases + 1))
mkdir -p sigint
(cd sigint && exec "$th" --pixel 0 0 --roi 0 1023 0 1023 --out rep -- -cell 50 50 50 90 90 90 \
   -default_F 1 -N 3 -oversample 8 -phisteps 50 -osc 1 > /dev/null 2>&1) &
pid=$!
sleep 1.5
kill -TERM "$pid"
wait "$pid"
rc=$?
left=$(find sigint -name '.staging*' | wc -l)
if ((rc == 143 && left == 0)); then echo "ok   SIGTERM mid-run (exit 143, nothing left)"
else failures=$((failures + 1)); echo "FAIL SIGTERM mid-run: exit $rc, $left staging folder(s) left"; fi

echo "$cases cases, $failures failed"
((failures == 0))
