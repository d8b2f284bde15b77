// Tick positions and labels for axes and colour bars (internal).
#pragma once

#include <string>
#include <vector>

namespace nbimage::detail {

struct Ticks {
    std::vector<double> values;
    double step = 1;
};

// About `target` ticks at multiples of 1, 2 or 5 x 10^k inside [lo, hi] (lo <= hi); with
// `integers`, steps are at least 1.
Ticks nice_ticks(double lo, double hi, int target, bool integers = false);

// A label with as many decimals as the step needs, so that neighbouring ticks never read the
// same: 26.205 (step 0.005), 1500 (step 500); exponent form beyond 1e6 or below a step of 1e-4.
std::string tick_label(double v, double step);
// "%.3g" for a single number (not part of a tick sequence).
std::string short_number(double v);

} // namespace nbimage::detail
