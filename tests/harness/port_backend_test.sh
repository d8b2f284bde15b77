#!/usr/bin/env bash
# The PyTorch port of nanoBragg as side B against the reference (spec mode): every run must end
# with a parity verdict (exit 0 or 3, never a runner failure), the bundle must hold both traces
# and both ROI images, and the first divergence must be the one measured when this test was
# written (tests/data/real_programs/README.md says why each is believed):
#   simple_cubic  orientation a_rot: the port's rot_a_angstroms hold metres (its image agrees)
#   triclinic     crystal a_star: the port ignores -mosaic_seed and misorients the crystal
#   oversample_sources_polar  beam source_weight: the port gives each of the 15 generated sources
#                 weight 1 where the C program stores 1/15 (and never uses it: Q7); the port
#                 prints per-pixel values once per pixel, the C per sub-pixel (alignment errors),
#                 and its ROI image differs by up to 8.5e-5 relative
#   supervisor (real A.mat and scaled.hkl, label slow, ~2 min and ~11 GB: the port computes the
#                 whole 2463 x 2527 frame): detector close_distance, 2.8e-8 m apart
#   dtype         simple_cubic and triclinic with --dtype float32,float64 (the port run in both
#                 dtypes, ~12 s): the bundle's summary.md and metrics.json hold the dtype matrix of
#                 both runs, the port's float32 run changed its printed values (the dtype control
#                 is OK and some sensitivity is above 0: its -dtype flag acts), and the divergence
#                 is labelled logic in both runs, never within precision: simple_cubic's a_rot,
#                 the port's metres for Angstrom (a 1e-10 ratio against a float32 sensitivity of
#                 ~3.5e-8), and triclinic's a_star, the port's reciprocal cell 2.03e-4 off (its
#                 float32 sensitivity is 0: the port prints the same float32 values in both)
# Exit 77 (skipped) when the port or Debian's python3-torch is absent (NB_REQUIRE_ALL=1: fail).
#
#   port_backend_test.sh TRACE_HARNESS SOURCE_DIR WORK_DIR [small|supervisor|dtype]
set -uo pipefail
harness=$1 src=$2 work=$3 which=${4:-small}
port=${NB_TORCH_SRC:-$src/../shared/thirdparty/nanobrag_torch/src}
python=${NB_TORCH_PYTHON:-/usr/bin/python3}
skip() {
  echo "SKIPPED: $1"
  [[ "${NB_REQUIRE_ALL:-}" == 1 ]] && exit 1
  exit 77
}
[[ -d "$port/nanobrag_torch" ]] || skip "the PyTorch port is not at $port (set NB_TORCH_SRC)"
"$python" -c "import torch" 2> /dev/null || skip "$python cannot import torch (bash tools/install-deps.sh --with-port)"
rm -rf "$work" && mkdir -p "$work"
hkl=$src/tests/data/golden/inputs/P1_synth_R12.hkl
failures=0
check() { # name, expected first-divergence key, harness args...
  local name=$1 key=$2; shift 2
  local out code b
  out=$(cd "$work" && "$harness" --a reference --b nanobrag-torch --b-program "$port" "$@" 2>&1)
  code=$?
  b=$work/$(sed -n 's/^bundle: //p' <<< "$out")
  if [[ $code -ne 0 && $code -ne 3 ]]; then
    echo "FAIL $name: no verdict (exit $code): $out"; failures=$((failures + 1)); return
  fi
  local missing=""
  for f in trace_reference.jsonl trace_nanobrag-torch.jsonl trace_nanobrag-torch.log \
           roi_reference.npy roi_nanobrag-torch.npy sides.json; do
    [[ -f "$b/$f" ]] || missing+=" $f"
  done
  if [[ -n "$missing" ]]; then echo "FAIL $name: bundle lacks$missing"; failures=$((failures + 1)); return; fi
  # env.json names what ran on side B: the package folder and its digest, the interpreter and
  # the versions the interpreter itself reports
  local want_torch want_python provenance
  want_torch=$("$python" -c "import torch; print(torch.__version__)")
  want_python=$("$python" -c "import sys; print('%d.%d.%d' % sys.version_info[:3])")
  provenance=$("$python" - "$b/env.json" "$port" "$python" "$want_torch" "$want_python" <<'PY'
import json, os, sys
env, port, python, torch, version = sys.argv[1:]
b = json.load(open(env))["sides"][1]
problems = []
def want(key, value):
    if b[key] != value:
        problems.append("%s is %r, not %r" % (key, b[key], value))
want("name", "nanobrag-torch"); want("kind", "backend")
want("interpreter", python)
if os.path.realpath(b["program"]) != os.path.realpath(port):
    problems.append("program is %r, not %r" % (b["program"], port))
if not (isinstance(b["program_sha256"], str) and len(b["program_sha256"]) == 64):
    problems.append("program_sha256 is %r" % b["program_sha256"])
# the installed distribution's version (1.13.0a0+gitunknown) is torch.__version__ (1.13.0a0)
# with its local part
v = b["versions"]
if v.get("interpreter") != version or (v.get("torch") or "").split("+")[0] != torch.split("+")[0]:
    problems.append("versions are %r, not interpreter %s, torch %s" % (v, version, torch))
if b["argv"][:3] != [python, "-m", "nanobrag_torch"] or "-trace_pixel" not in b["argv"]:
    problems.append("argv is %r" % b["argv"])
print("; ".join(problems))
PY
)
  if [[ -n "$provenance" ]]; then echo "FAIL $name: env.json: $provenance"; failures=$((failures + 1)); return; fi
  if [[ "$(head -1 <<< "$out")" != *"stage "*": $key at "* ]]; then
    echo "FAIL $name: expected the first divergence at $key: $(head -1 <<< "$out")"
    failures=$((failures + 1)); return
  fi
  echo "ok   $name: $(head -1 <<< "$out" | cut -c1-160)"
  bundle=$b
}
# the dtype matrix of the last bundle (check's): both runs, the port's float32 run not a copy of
# its float64 one, and the key named a logic divergence in both runs
check_matrix() { # name, key that must be labelled logic
  local name=$1 key=$2 problems
  problems=$("$python" - "$bundle" "$key" <<'PY'
import json, sys
bundle, key = sys.argv[1:]
summary = open(bundle + "/summary.md").read()
d = json.load(open(bundle + "/metrics.json"))["diagnosis"]
problems = []
for heading in ("## dtype matrix", "### Divergences of the float64 run",
                "### Divergences of the float32 run"):
    if heading not in summary:
        problems.append("summary.md lacks " + repr(heading))
m = d.get("dtype_matrix") or {}
if m.get("side") != "nanobrag-torch":
    problems.append("the side run in both dtypes is %r" % m.get("side"))
if sorted(r["dtype"] for r in m.get("runs", [])) != ["float32", "float64"]:
    problems.append("metrics.json's matrix runs are %r" % m.get("runs"))
rows = m.get("rows", [])
if not any((r["sensitivity"] or 0) > 0 for r in rows):
    problems.append("no key moved between the port's float32 and float64 runs")
control = [c for c in d.get("negative_controls", [])
           if c["name"].startswith("dtype float64 -> float32 (nanobrag-torch")]
if len(control) != 1 or control[0]["verdict"] != "OK" or control[0]["changed"] == 0:
    problems.append("the dtype control is %r" % control)
for dtype in ("float64", "float32"):
    labels = [r["label"] for r in rows if r["dtype"] == dtype and r["key"] == key]
    if labels != ["logic"]:
        problems.append("%s in the %s run is labelled %r" % (key, dtype, labels))
print("; ".join(problems))
PY
)
  if [[ -n "$problems" ]]; then echo "FAIL $name: $problems"; failures=$((failures + 1)); return; fi
  echo "ok   $name: the dtype matrix of both runs, $key logic"
}
if [[ "$which" == supervisor ]]; then
  # the real supervisor inputs: the port refuses the project's A_synth.mat (more than 9 numbers)
  inputs=${NB_GOLDEN_INPUTS:-$src/../shared/golden/inputs}
  [[ -f "$inputs/A.mat" && -f "$inputs/scaled.hkl" ]] ||
    skip "the real supervisor inputs A.mat, scaled.hkl are not in $inputs (NB_GOLDEN_INPUTS)"
  check "supervisor (real inputs)" close_distance --pixel 685 1039 --roi 1029 1049 675 695 \
    --threads 2 --mat "$inputs/A.mat" --hkl "$inputs/scaled.hkl"
elif [[ "$which" == dtype ]]; then
  check "simple_cubic float32,float64" a_rot --pixel 74 84 --roi 64 84 64 84 --threads 2 \
    --dtype float32,float64 -- -cell 100 100 100 90 90 90 -default_F 100 -N 5 -lambda 1.0 \
    -distance 100 -pixel 0.1 -detpixels 128 -oversample 1
  [[ $failures -eq 0 ]] && check_matrix "simple_cubic dtype matrix" a_rot
  check "triclinic float32,float64" a_star --pixel 112 59 --roi 50 70 100 120 --threads 2 \
    --dtype float32,float64 -- -cell 70 80 90 75 85 95 -misset 10 20 30 -hkl "$hkl" -N 8 \
    -lambda 1.2 -distance 80 -pixel 0.1 -detpixels_x 160 -detpixels_y 128 -oversample 1 -phi 0 \
    -osc 1 -phisteps 5 -mosaic 0.3 -mosaic_domains 6
  [[ $failures -eq 0 ]] && check_matrix "triclinic dtype matrix" a_star
else
  check simple_cubic a_rot --pixel 74 84 --roi 64 84 64 84 --threads 2 -- -cell 100 100 100 90 90 90 \
    -default_F 100 -N 5 -lambda 1.0 -distance 100 -pixel 0.1 -detpixels 128 -oversample 1
  check triclinic a_star --pixel 112 59 --roi 50 70 100 120 --threads 2 -- -cell 70 80 90 75 85 95 \
    -misset 10 20 30 -hkl "$hkl" -N 8 -lambda 1.2 -distance 80 -pixel 0.1 -detpixels_x 160 \
    -detpixels_y 128 -oversample 1 -phi 0 -osc 1 -phisteps 5 -mosaic 0.3 -mosaic_domains 6
  check oversample_sources_polar source_weight --pixel 13 114 --roi 100 127 0 27 --threads 2 -- \
    -cell 50 60 70 90 90 90 -misset 15 25 35 -hkl "$hkl" -N 5 -lambda 1.0 -dispersion 0.5 \
    -dispsteps 3 -divergence 1.0 -divsteps 3 -polar 0.95 -distance 100 -pixel 0.1 \
    -detpixels_x 128 -detpixels_y 112 -oversample 2
fi
if [[ $failures -gt 0 ]]; then echo "$failures case(s) failed"; exit 1; fi
echo "every port run ended with a verdict"
