#!/usr/bin/env bash
# Installs the Debian 12 packages this project needs to build and test.
#
#   bash tools/install-deps.sh          install what is missing (needs root), else do nothing
#   bash tools/install-deps.sh --check  only report what is missing (exit 1 if anything is)
#   bash tools/install-deps.sh --with-port  also Debian's python3-torch (about 2 minutes), on
#                                       which the tests run the real PyTorch port as a side
#                                       (the options combine)
#   bash tools/install-deps.sh --fuzz   also the libFuzzer toolchain (clang, libclang-rt-14-dev)
#                                       for -DNB_FUZZ=ON (tests/fuzz/README.md); combines with
#                                       --check. Not part of the default install.
#
# Idempotent: packages already installed are not touched. Run as a normal user it installs
# nothing; if something is missing it prints the exact command to run as root and exits 1.
set -euo pipefail

packages=(
  cmake                              # build system (>= 3.22)
  make
  g++                                # C99 + C++17 compiler, libgomp (OpenMP)
  libboost-program-options1.81-dev   # command-line parsing
  libboost-json1.81-dev              # canonical trace format, bundle metadata
  libeigen3-dev                      # simulator linear algebra (3.4)
  libssl-dev                         # SHA-256 for bundle manifests
  catch2                             # unit tests (Catch2 v2)
  libpng-dev                         # PNG pictures (images/)
  pngcheck                           # tests: every picture is a valid PNG
  python3-numpy                      # tests: image metrics recomputed with numpy
  libxml2-dev                        # the gate's JUnit XML (xmlwriter)
  libxml2-utils                      # xmllint: tests validate the JUnit XML against its schema
  python3                            # tests read the JUnit XML back as a CI system does
  patch                              # tests: every planted bug still applies (tools/plant_bugs.sh)
)

check_only=0
for arg in "$@"; do
  case "$arg" in
    --check) check_only=1 ;;
    --with-port) packages+=(python3-torch) ;; # the PyTorch port's runtime (CPU)
    --fuzz)
      packages+=(
        clang                        # the libFuzzer targets of tests/fuzz build with clang only
        libclang-rt-14-dev           # libFuzzer and the clang sanitizer runtimes
      ) ;;
    *) echo "install-deps: unknown option $arg (use --check, --with-port, --fuzz)" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: missing: ${missing[*]}"
if [[ $check_only -eq 1 ]]; then exit 1; fi

cmd="apt-get install -y --no-install-recommends ${missing[*]}"
if [[ $(id -u) -ne 0 ]]; then
  echo "install-deps: not running as root; run this and try again:"
  echo "  sudo apt-get update && sudo $cmd"
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
# Refresh the package index only when a package cannot be found in the current one.
for p in "${missing[@]}"; do
  if ! apt-cache show "$p" >/dev/null 2>&1; then
    apt-get update -q
    break
  fi
done
for p in "${missing[@]}"; do
  if ! apt-cache show "$p" >/dev/null 2>&1; then
    echo "install-deps: ERROR: package '$p' is not available from the configured apt sources" \
         "(this project targets Debian 12 'bookworm')" >&2
    exit 2
  fi
done
$cmd
echo "install-deps: installed ${missing[*]}"
