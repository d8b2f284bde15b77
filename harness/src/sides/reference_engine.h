// The reference engine (reference_c, libnbref) run in-process for the harness: its C trace events
// become canonical nbtrace records (side = reference), and its log and printer produce the text
// the nanoBragg C program prints with -trace_pixel (set-up chatter, TRACE_C set-up and pixel
// lines; not the end-of-run statistics, as no image is written).
#pragma once

#include "sides/engine_run.h"

#include <variant>

namespace harness {

std::variant<EngineRun, EngineError> run_reference(const EngineRequest& request);

// The nanobragg_ref command line equivalent to `request` for one traced pixel: a one-pixel ROI
// with the same schedule, threads and phi0 fix gives the same value (nanobragg_ref has no
// traced-only switch).
std::vector<std::string> reference_command_line(const EngineRequest& request, int slow, int fast);

} // namespace harness
