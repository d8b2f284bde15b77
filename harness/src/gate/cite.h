// Evidence for a findings ledger (e.g. a port team's docs/fix_plan.md): a short Markdown block
// per bundle with the verdict, the sides and their programs, the traced pixels, the first
// divergence with both values, the known divergences in effect, the bundle's path with the
// sha256 of its sha256.txt, and the one command that re-runs it. `trace_harness cite` prints it;
// a gate prints it for each failing run.
#pragma once

#include "exit_codes.h"

#include <filesystem>
#include <string>

namespace harness::gate {

// A bundle that cannot be cited: not a bundle (exit 2) or not matching its manifest (exit 3).

// Verifies `bundle` and renders its block; `shown` is how the block names the bundle's path.
// Throws HarnessError.
std::string cite_bundle(const std::filesystem::path& bundle, const std::string& shown);

} // namespace harness::gate
