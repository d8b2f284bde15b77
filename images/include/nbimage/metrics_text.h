// The metrics as lines of text for people (terminal output, summary.md), slow and fast named.
#pragma once

#include "nbimage/metrics.h"

#include <string>
#include <vector>

namespace nbimage {

// "region: full frame, 2463 fast x 2527 slow (6223401 pixels)", then one line per metric group:
// correlation and errors, max |B - A|, maxima, sums (or why the ratio is withheld), relative
// errors with the signal floor, peaks and their matching, non-finite pixels when any.
std::vector<std::string> metrics_lines(const ImageMetrics& m);

// "%.6g"
std::string format_number(double v);

} // namespace nbimage
