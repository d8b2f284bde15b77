// The simulator engine (simulator/, libnbsim) run in-process for the harness: the same nanoBragg
// arguments as the reference, its production trace records (side = simulator), and the TRACE_PY
// text nbsim -trace_pixel prints.
#pragma once

#include "sides/engine_run.h"

#include <variant>

namespace harness {

std::variant<EngineRun, EngineError> run_simulator(const EngineRequest& request);

// The nbsim command line equivalent to `request` for one traced pixel (a one-pixel ROI when the
// request computes traced pixels only: nbsim has no traced-only switch either).
std::vector<std::string> simulator_command_line(const EngineRequest& request, int slow, int fast);

} // namespace harness
