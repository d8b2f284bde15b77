#!/usr/bin/env bash
# Does the feature gate catch real mistakes? Plants each bug of tools/planted_bugs/*.patch, one at
# a time, into a scratch copy of this checkout, rebuilds trace_harness there (incrementally, that
# target only) and runs the feature gate (harness/gates/features.json) with it; prints one row
# per bug: the gate's verdict and the stage of the first divergence of its failing runs (the most
# frequent one, and how many runs failed there), against the stage the patch names
# ("# expect-stage:" in its header).
#
#   bash tools/plant_bugs.sh [--jobs N] [--scratch DIR] [--patterns] [BUG...]
#   bash tools/plant_bugs.sh --check-apply [BUG...]
#
#   --jobs N       gate jobs (default: the machine's logical processors)
#   --scratch DIR  use and keep DIR (source copy, build, gate folders) instead of a temporary
#                  folder removed at the end; a second run with the same DIR rebuilds little
#   --patterns     instead of the stage table: run the gate's cases that exercise every bug
#                  (phi steps and mosaic in both phi modes and 1-3 threads, polarization,
#                  detector layers, -round_xtal, flux) and list the divergence patterns and
#                  failed prediction checks the failing runs' summaries name, against the
#                  patch's "# expect-pattern:" (diagnosis/README.md)
#   --check-apply  only check that each patch still applies to this checkout (patch --dry-run;
#                  seconds, a CTest test): a patch whose context went stale plants nothing
#   BUG            patch names without .patch (default: all)
#
# The unpatched copy is built and gated first: the table means nothing unless it passes.
# Exit codes: 0 the gate passed unpatched and failed at the expected stage for every bug,
# 1 usage error, 2 a build or patch failed, 3 some bug was missed or found at another stage.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/.." && pwd)
jobs=$(nproc)
scratch=""
patterns=0
check_apply=0
bugs=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --jobs) jobs="$2"; shift 2 ;;
    --scratch) scratch="$2"; shift 2 ;;
    --patterns) patterns=1; shift ;;
    --check-apply) check_apply=1; shift ;;
    -h|--help) sed -n '2,27p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "plant_bugs: usage error: unknown option $1" >&2; exit 1 ;;
    *) bugs+=("$1"); shift ;;
  esac
done
if [[ ${#bugs[@]} -eq 0 ]]; then
  for p in "$here"/planted_bugs/*.patch; do bugs+=("$(basename "$p" .patch)"); done
fi
for b in "${bugs[@]}"; do
  [[ -f "$here/planted_bugs/$b.patch" ]] || { echo "plant_bugs: usage error: no tools/planted_bugs/$b.patch" >&2; exit 1; }
done

if [[ $check_apply == 1 ]]; then
  stale=0
  for b in "${bugs[@]}"; do
    if ! patch -d "$src" -p1 --dry-run --quiet <"$here/planted_bugs/$b.patch" >/dev/null 2>&1; then
      echo "plant_bugs: tools/planted_bugs/$b.patch no longer applies to this checkout" >&2
      stale=1
    fi
  done
  [[ $stale == 0 ]] && echo "plant_bugs: all ${#bugs[@]} patches apply"
  exit $((stale * 2))
fi

if [[ -z "$scratch" ]]; then
  scratch=$(mktemp -d)
  trap 'rm -rf "$scratch"' EXIT
fi
mkdir -p "$scratch"
copy="$scratch/src"
build="$scratch/build"

# The checkout as it is (tracked and untracked files, not ignored ones), never its build folders.
mkdir -p "$copy"
(cd "$src" && git ls-files -z --cached --others --exclude-standard) |
  while IFS= read -r -d '' f; do
    # a fresh mtime (no -p): a reused --scratch build must see the file as changed
    if [[ -f "$src/$f" ]] && ! cmp -s "$src/$f" "$copy/$f"; then
      mkdir -p "$copy/$(dirname "$f")" && cp "$src/$f" "$copy/$f"
    fi
  done

log="$scratch/log"
mkdir -p "$log"
build_harness() { # $1: log name
  if ! { cmake -S "$copy" -B "$build" -DCMAKE_BUILD_TYPE=Release -DNB_BUILD_TESTS=OFF &&
         cmake --build "$build" --target trace_harness -j "$jobs"; } >"$log/$1.build" 2>&1; then
    echo "plant_bugs: build failed ($1), see $log/$1.build" >&2
    exit 2
  fi
}
# The cases of --patterns: together they exercise every planted bug.
pattern_cases=(golden_triclinic_misset_phi_mosaic golden_oversample_sources_polar thickness_layers
               round_xtal flux)
# Runs the feature gate; prints "verdict<TAB>failed runs<TAB>stage (n)<TAB>other stages", or
# with --patterns "verdict<TAB>failed runs<TAB>patterns (runs)".
run_gate() { # $1: name
  rm -rf "$scratch/gate-$1"
  local only=()
  if [[ $patterns == 1 ]]; then
    for c in "${pattern_cases[@]}"; do only+=(--case "$c"); done
  fi
  "$build/harness/trace_harness" gate "$copy/harness/gates/features.json" --jobs "$jobs" \
    "${only[@]}" --out "$scratch/gate-$1" >"$log/$1.gate" 2>&1 || true
  if [[ $patterns == 1 ]]; then
    python3 "$here/summary_patterns.py" "$scratch/gate-$1"
    return
  fi
  python3 - "$scratch/gate-$1/metrics.json" <<'EOF'
import collections, json, sys
try:
    m = json.load(open(sys.argv[1]))
except OSError:
    print("no gate folder\t-\t-\t-"); sys.exit()
stages = collections.Counter(
    r["first_divergence"]["stage"] for r in m["runs"] if r["first_divergence"])
failed = sum(r["status"] != "passed" for r in m["runs"])
top = stages.most_common()
first = f"{top[0][0]} ({top[0][1]})" if top else "-"
others = ", ".join(f"{s} ({n})" for s, n in top[1:]) or "-"
print(f"{m['verdict'].upper()} (exit {m['exit_code']})\t{failed}/{len(m['runs'])}\t{first}\t{others}")
EOF
}

build_harness baseline
baseline=$(run_gate baseline)
printf 'unpatched: %s\n\n' "$baseline"
if [[ "$baseline" != PASS* ]]; then
  echo "plant_bugs: the unpatched gate does not pass (see $log/baseline.gate); nothing to learn" >&2
  exit 3
fi

status=0
if [[ $patterns == 1 ]]; then
  printf '| bug | what | gate | failed runs | patterns named (runs) | expected pattern |\n'
  printf '|---|---|---|---|---|---|\n'
else
  printf '| bug | what | gate | failed runs | first divergence: stage (runs) | other stages | expected stage |\n'
  printf '|---|---|---|---|---|---|---|\n'
fi
for b in "${bugs[@]}"; do
  patch_file="$here/planted_bugs/$b.patch"
  what=$(sed -n 's/^# //p' "$patch_file" | head -1)
  expect=$(sed -n 's/^# expect-stage: //p' "$patch_file")
  if ! patch -d "$copy" -p1 --quiet <"$patch_file"; then
    echo "plant_bugs: $b.patch does not apply" >&2
    exit 2
  fi
  build_harness "$b"
  if [[ $patterns == 1 ]]; then
    expect=$(sed -n 's/^# expect-pattern: //p' "$patch_file")
    IFS=$'\t' read -r verdict failed named < <(run_gate "$b")
    patch -d "$copy" -p1 -R --quiet <"$patch_file"
    mark=""
    if [[ "$verdict" == PASS* || " $named " != *" ${expect%% *} ("* ]]; then mark=" **MISSED**"; status=3; fi
    printf '| %s | %s | %s | %s | %s | %s%s |\n' "$b" "$what" "$verdict" "$failed" "$named" \
      "$expect" "$mark"
    continue
  fi
  IFS=$'\t' read -r verdict failed stage others < <(run_gate "$b")
  patch -d "$copy" -p1 -R --quiet <"$patch_file"
  mark=""
  if [[ "$verdict" == PASS* || "${stage%% *}" != "$expect" ]]; then mark=" **MISSED**"; status=3; fi
  printf '| %s | %s | %s | %s | %s | %s | %s%s |\n' "$b" "$what" "$verdict" "$failed" "$stage" \
    "$others" "$expect" "$mark"
done
build_harness restore # leave the scratch build unpatched
exit $status
