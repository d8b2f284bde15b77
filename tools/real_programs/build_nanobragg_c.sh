#!/usr/bin/env bash
# Builds the real nanoBragg C program twice, as its users and the port team build it:
#
#   nanoBragg         untraced (images only)   gcc -O2 -fopenmp
#   nanoBragg_traced  instrumented (TRACE_C)   gcc -O2 -fno-fast-math -ffp-contract=off -DTRACING=1 -fopenmp
#
#   tools/real_programs/build_nanobragg_c.sh OUTDIR
#
# The sources are not part of this project. They are read from $NB_THIRDPARTY_DIR/nanoBragg_c/
# (default: ../shared/thirdparty beside the checkout) and compiled straight into OUTDIR; nothing
# is copied. Prints the sha256 of both sources and both binaries.
#
# Exit codes: 0 built; 1 usage error; 2 compiler failure (or sources absent with NB_REQUIRE_ALL=1);
# 77 sources absent (CTest's skip code), with a one-line reason on stderr.
set -euo pipefail

# The comment block at the top of this file, without its '#'.
usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }
if [[ $# -ne 1 || "$1" == -* ]]; then
  if [[ "${1:-}" == "-h" || "${1:-}" == "--help" ]]; then usage; exit 0; fi
  echo "build_nanobragg_c: usage: build_nanobragg_c.sh OUTDIR" >&2
  exit 1
fi
outdir=$1

here=$(cd "$(dirname "$0")/../.." && pwd)
thirdparty=${NB_THIRDPARTY_DIR:-$here/../shared/thirdparty}
src_dir="$thirdparty/nanoBragg_c"
untraced_src="$src_dir/nanoBragg.c"
traced_src="$src_dir/nanoBragg_traced.c"

for f in "$untraced_src" "$traced_src"; do
  if [[ ! -r "$f" ]]; then
    echo "build_nanobragg_c: the nanoBragg C source $f is absent (set NB_THIRDPARTY_DIR)" >&2
    if [[ "${NB_REQUIRE_ALL:-0}" == "1" ]]; then exit 2; fi
    exit 77
  fi
done

cc=${CC:-gcc}
mkdir -p "$outdir"
# Compile into a scratch folder first so that a failure leaves no half-built pair in OUTDIR.
scratch=$(mktemp -d "$outdir/.build.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
# Flags exactly as in the third-party README (the goldens were made with these builds).
"$cc" -O2 -fopenmp -o "$scratch/nanoBragg" "$untraced_src" -lm ||
  { echo "build_nanobragg_c: compiling $untraced_src failed" >&2; exit 2; }
"$cc" -O2 -fno-fast-math -ffp-contract=off -DTRACING=1 -fopenmp -o "$scratch/nanoBragg_traced" "$traced_src" -lm ||
  { echo "build_nanobragg_c: compiling $traced_src failed" >&2; exit 2; }
mv -f "$scratch/nanoBragg" "$scratch/nanoBragg_traced" "$outdir/"

echo "build_nanobragg_c: built with $("$cc" --version | head -n 1)"
sha256sum "$untraced_src" "$traced_src" "$outdir/nanoBragg" "$outdir/nanoBragg_traced" |
  sed 's/^/build_nanobragg_c: sha256 /'
