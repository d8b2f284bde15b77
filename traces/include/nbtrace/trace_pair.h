// Reading the two sides of a comparison: each side one or more trace files (a port's main trace
// and its separate per-phi log), the traced pixel of each side settled before anything is
// compared.
//
// A side's pixel comes from its traces (TRACE_CONFIG, pixel lines), else from the caller (--pixel,
// --pixel-a/-b), else from the other side when that side traced exactly one pixel. Within a side,
// a file that names no pixel takes the side's pixel when the side traced exactly one. Sides that
// traced different pixels are a mismatch (the comparison would compare different things) unless
// the caller allows it, and then the second side's pixel is renamed to the first's.
#pragma once

#include "nbtrace/diff.h"
#include "nbtrace/parse.h"
#include "nbtrace/pixel.h"

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace nbtrace {

struct TraceSideRequest {
    std::vector<std::string> files;
    std::optional<Pixel> pixel; // the caller's pixel for records that lack one
};

struct TraceSide {
    std::vector<TraceFile> files;
    std::vector<Record> records; // every file's records, merged (identical duplicates collapse)
    std::set<Pixel> pixels;      // the pixels the side traced
    InputSummary summary;
};

struct TracePairOptions {
    bool strict = false;                 // ParseOptions::strict for every file
    bool allow_different_pixels = false; // compare B's single pixel as if it were A's
};

struct TracePair {
    TraceSide a, b;
    // "the sides traced different pixels: (slow s, fast f) vs (slow s, fast f)" when they did
    // (and it was not allowed); the records are not comparable then.
    std::optional<std::string> pixel_mismatch;
    std::optional<std::string> pixel_note; // how a side's pixel was settled, when not by itself
};

// Reads both sides. Throws ParseError for an unreadable or malformed file, and for two files of
// one side that disagree on one value.
TracePair read_trace_pair(const TraceSideRequest& a, const TraceSideRequest& b,
                          const TracePairOptions& options = {});

} // namespace nbtrace
