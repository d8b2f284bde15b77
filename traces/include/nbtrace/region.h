// A rectangle of detector pixels, inclusive on both ends, named slow (rows) first like Pixel.
// nanoBragg's `-roi xmin xmax ymin ymax` is fast-first: from_roi_flag / roi_flag_values are the
// one place that order is converted.
#pragma once

#include "nbtrace/pixel.h"

#include <array>
#include <string>

namespace nbtrace {

struct Region {
    int slow_min = 0;
    int slow_max = 0;
    int fast_min = 0;
    int fast_max = 0;

    // From nanoBragg's `-roi FMIN FMAX SMIN SMAX` (fast range first).
    static Region from_roi_flag(int fast_min, int fast_max, int slow_min, int slow_max) {
        return Region{slow_min, slow_max, fast_min, fast_max};
    }
    // The four values of `-roi`, in the flag's fast-first order.
    std::array<int, 4> roi_flag_values() const { return {fast_min, fast_max, slow_min, slow_max}; }

    bool contains(const Pixel& p) const {
        return p.slow >= slow_min && p.slow <= slow_max && p.fast >= fast_min && p.fast <= fast_max;
    }
    int rows() const { return slow_max - slow_min + 1; }
    int columns() const { return fast_max - fast_min + 1; }
    // No pixel: a maximum below its minimum on either axis.
    bool empty() const { return slow_max < slow_min || fast_max < fast_min; }
    long long pixel_count() const {
        return empty() ? 0 : static_cast<long long>(rows()) * columns();
    }

    bool operator==(const Region& o) const {
        return slow_min == o.slow_min && slow_max == o.slow_max && fast_min == o.fast_min &&
               fast_max == o.fast_max;
    }
    bool operator!=(const Region& o) const { return !(*this == o); }

    // "slow 675..695, fast 1029..1049"
    std::string to_string() const {
        return "slow " + std::to_string(slow_min) + ".." + std::to_string(slow_max) + ", fast " +
               std::to_string(fast_min) + ".." + std::to_string(fast_max);
    }
};

} // namespace nbtrace
