#!/usr/bin/env bash
# pngcheck on every kind of picture the project writes: compare-images --png-dir on golden pairs
# (a full frame with an SMV side, and a ROI) and the samples of nbimage_picture_samples (a full
# 2527 x 2463 frame pair, its ROI, a per-phi plot). Exit 0 all valid, 1 a file rejected, 77
# skipped when pngcheck is missing (1 with NB_REQUIRE_ALL=1).
#
#   check_pngs.sh TRACE_HARNESS PICTURE_SAMPLES GOLDEN_DIR
set -euo pipefail
harness=$1 samples=$2 golden=$3
source "${BASH_SOURCE[0]%/*}/../common/require_pngcheck.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$harness" compare-images "$golden/simple_cubic/float.bin" "$golden/simple_cubic/int.img" \
  --shape 128x128 --pick brightest:3 --png-dir "$tmp/simple_cubic" > /dev/null
"$harness" compare-images "$golden/supervisor_full_crop_s635-735_f989-1089.bin" \
  "$golden/supervisor_synth/crop_s1168-1268_f1177-1277.bin" --shape 101x101 \
  --roi 30 70 40 60 --pixel 50 50 --png-dir "$tmp/crops_roi" > /dev/null
"$samples" "$tmp/samples" > /dev/null
n=0
for f in "$tmp"/*/*.png; do
  if ! out=$(pngcheck -q "$f" 2>&1); then
    echo "FAIL: pngcheck rejects ${f#"$tmp"/}: $out"
    exit 1
  fi
  n=$((n + 1))
done
if [[ $n -ne 33 ]]; then
  echo "FAIL: expected 33 PNG files (8 + 8 + 17), found $n"
  exit 1
fi
echo "PASS: pngcheck accepts all $n PNG files"
