// Runs the reference engine in-process for tests: the log (the C program's stdout) is captured,
// trace events are recorded, and the legacy TRACE_C printer can write into the same log.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "nbref/nbref.h"

namespace nbtest {

struct RefEvent {
    std::string key;
    nbref_indices idx;
    std::vector<double> v;
};

struct RefOptions {
    int threads = 2;            // --threads
    std::string schedule;       // "" (default), "roi" or "full-frame"
    bool phi0_fix = false;      // --phi0-fix
    bool legacy_trace = true;   // print TRACE_C lines into the log, as nanobragg_ref does
    bool write_outputs = false; // also call nbref_write_outputs()
    bool write_fdump = false;   // write the Fdump cache like nanobragg_ref (give -dump PATH)
    bool traced_only = false;   // compute only the traced pixels (nbref_set_traced_only)
    std::vector<std::pair<int, int>> extra_trace; // (slow, fast) beyond -trace_pixel
};

struct RefResult {
    nbref_status status = NBREF_ERR_INTERNAL;
    std::string error;
    std::string log;
    std::vector<float> image;
    int fpixels = 0, spixels = 0;
    std::vector<RefEvent> events;

    float pixel(int slow, int fast) const { return image.at((size_t)slow * fpixels + fast); }
    // Events with this key whose indices match every non-negative field of `where`
    // (use nbtest::any() and set the fields to match).
    std::vector<const RefEvent*> find(const std::string& key, const nbref_indices& where) const;
    // The single event with this key at pixel level (layer, source, ... absent), or throws.
    const RefEvent& pixel_value(const std::string& key, int slow, int fast) const;
};

// Indices matching anything.
nbref_indices any();

RefResult run_ref(const std::vector<std::string>& args, const RefOptions& opts = RefOptions());

// Lines of `text` that start with one of the prefixes (TRACE_C, DETECTOR_, ...).
std::vector<std::string> lines_starting_with(const std::string& text,
                                             const std::vector<std::string>& prefixes);

} // namespace nbtest
