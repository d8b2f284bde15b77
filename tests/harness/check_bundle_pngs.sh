#!/usr/bin/env bash
# pngcheck on every picture trace_harness run puts into a bundle: a ROI run (8 heatmaps of the ROI
# images, a phi plot per traced pixel) and a full-frame run (--pick brightest:1: 8 heatmaps of the
# full frames, 1 phi plot). Exit 0 all valid, 1 a file rejected or missing, 77 skipped when
# pngcheck is missing (1 with NB_REQUIRE_ALL=1).
#
#   check_bundle_pngs.sh TRACE_HARNESS
set -euo pipefail
harness=$1
source "${BASH_SOURCE[0]%/*}/../common/require_pngcheck.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
"$harness" --roi 1217 1237 1208 1228 --pick brightest:2 --phi-mode c-parity --threads 2 \
  --schedule roi --initiative roi --no-fsync > /dev/null
"$harness" --pick brightest:1 --phi-mode c-parity --threads 2 --initiative frame --no-fsync \
  > /dev/null
check() { # BUNDLE_GLOB EXPECTED
  local n=0 f out
  for f in $1/pictures/*.png; do
    if ! out=$(pngcheck -q "$f" 2>&1); then
      echo "FAIL: pngcheck rejects ${f#"$tmp"/}: $out"
      exit 1
    fi
    n=$((n + 1))
  done
  if [[ $n -ne $2 ]]; then
    echo "FAIL: expected $2 PNG files in $1/pictures, found $n"
    exit 1
  fi
}
check "reports/roi/*" 10
check "reports/frame/*" 9
echo "PASS: pngcheck accepts all 19 PNG files of both bundles"
