// The nbsim command line: nanoBragg's single-dash flags (same meanings, units and defaults as the
// C program) plus nbsim's own double-dash options.
//
// Differences from the C parser, all deliberate (simulator/README.md, "Decisions"):
//   - flags are matched by their full name (the C program's strstr() prefix matching is kept only
//     where it has a documented effect: -twotheta_axis also sets -twotheta, -printout_pixel also
//     sets -printout);
//   - an unknown flag, a stray argument, a missing or non-numeric value, a NaN, infinite or
//     negative size, zero phi steps, or a ROI / trace pixel outside the detector is a UsageError
//     (exit 1) naming the flag; the C program ignores or silently misreads them.
//
// -img and -mask headers are read before every other flag (as in C), so later flags override
// them; for keys both define, -img wins.
#pragma once

#include "nbsim/nanobragg_args.h"
#include "nbsim/run_options.h"

#include <string>
#include <vector>

namespace nbsim {

struct CommandLine {
    NanoBraggArgs args;
    RunOptions run;
    bool help = false; // -h / --help
};

// Parses arguments (argv without the program name). startup_seed is the C program's
// -time(0), the default of the noise and misset seeds. Throws UsageError or InputError.
CommandLine parse_command_line(const std::vector<std::string>& arguments, long startup_seed);

// Usage text printed by `nbsim --help`.
std::string usage_text();

// Checks the values that only make sense once the detector size is known (ROI and trace pixel
// inside the detector); throws UsageError naming the flag.
void validate_pixels_inside_detector(const NanoBraggArgs& args, int fast_pixels, int slow_pixels);

} // namespace nbsim
