// Running the built trace_harness in a scratch folder and reading what it left: the bundle, its
// JSON files, and the golden traces to compare it with.
#pragma once

#include "common/golden_paths.h"
#include "common/run_command.h"

#include "nbtrace/diff.h"

#include <boost/json.hpp>

#include <string>
#include <vector>

namespace htest {

namespace fs = std::filesystem;

// trace_harness with `args` (no shell), run in `cwd`.
nbtest::CommandResult run_harness(const std::vector<std::string>& args, const fs::path& cwd);

// The bundle a run printed ("bundle: <path>", relative to `cwd`); empty when none was printed.
fs::path bundle_of(const nbtest::CommandResult& r, const fs::path& cwd);

boost::json::value read_json(const fs::path& p);

// Every bundle folder under ROOT/NAME (not the hidden staging folders), sorted.
std::vector<fs::path> bundles_in(const fs::path& initiative_dir);
// Hidden staging folders under ROOT/NAME.
std::vector<fs::path> staging_in(const fs::path& initiative_dir);

// A golden TRACE_C log against a trace the harness wrote (canonical or legacy), as
// `trace_harness diff` would compare them.
nbtrace::DiffResult diff_with_golden(const fs::path& golden, const fs::path& ours, double rtol);

// True when the bundle's NPY image holds exactly the float32 values of the raw float32 golden
// (nanoBragg -floatfile layout) of the same shape, and says it is float32.
bool npy_equals_raw_float32(const fs::path& npy, const fs::path& raw);

// Copies A.mat and scaled.hkl from `inputs` into `dir` (where the harness looks for them).
void copy_real_inputs(const fs::path& inputs, const fs::path& dir);

} // namespace htest
