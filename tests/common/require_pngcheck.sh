# Sourced by the pngcheck tests: exits 77 (CTest's skip code; 1 with NB_REQUIRE_ALL=1) with a
# one-line reason when pngcheck is not installed.
if ! command -v pngcheck > /dev/null; then
  echo "SKIPPED: pngcheck is not installed (Debian: apt-get install pngcheck)"
  [[ "${NB_REQUIRE_ALL:-}" == 1 ]] && exit 1
  exit 77
fi
