// One detector pixel, named the way this project names it everywhere: slow (row) first, then
// fast (column). nanoBragg's own flags disagree with each other: -trace_pixel S F is slow-first,
// -printout_pixel F S fast-first and -roi xmin xmax ymin ymax fast-first; convert at the border.
#pragma once

#include <string>
#include <tuple>

namespace nbtrace {

struct Pixel {
    int slow = 0;
    int fast = 0;

    bool operator==(const Pixel& o) const { return slow == o.slow && fast == o.fast; }
    bool operator!=(const Pixel& o) const { return !(*this == o); }
    bool operator<(const Pixel& o) const { return std::tie(slow, fast) < std::tie(o.slow, o.fast); }
    // "(slow 685, fast 1039)"
    std::string to_string() const {
        return "(slow " + std::to_string(slow) + ", fast " + std::to_string(fast) + ")";
    }
};

} // namespace nbtrace
