// The C program's one-way interpolation switch (nanobragg_model.md 6.7, c_reference_behaviour.md
// Q10): with tricubic interpolation on, the first evaluation whose fractional (h, k, l) leaves
// the interpolation range prints a warning, uses the nearest neighbour and turns interpolation
// off FOR THE REST OF THE RUN, in every thread (the flag is shared).
//
// With one thread this is deterministic: every evaluation before the first failure in loop
// order interpolates, every later one does not. With several threads the C program races (its
// result changes from run to run); nbsim models the threads as advancing in lock step: the
// switch flips at the smallest "time" (evaluation count since the start of a thread's row block)
// at which any thread fails, and an evaluation interpolates iff its own time is smaller. This is
// exact for one thread and the best deterministic stand-in for several (README, decisions).
//
// Memory is O(threads): per row block, the one pixel whose evaluations straddle the switch.
#pragma once

#include "nbsim/enums.h"
#include "nbsim/experiment.h"
#include "nbsim/orientation_table.h"

#include <cstdint>
#include <limits>
#include <vector>

namespace nbsim {

struct InterpolationSwitch {
    static constexpr std::int64_t kNever = std::numeric_limits<std::int64_t>::max();
    // Per row block (gcc static schedule over all detector rows): the first evaluation time at
    // which interpolation is off (kNever: interpolation stays on), and the pixel holding it.
    struct Block {
        int first_row = 0, row_count = 0;
        bool crosses = false;   // some pixel of the block holds the switch
        PixelIndex pixel;       // that pixel
        std::int64_t local = 0; // evaluations of that pixel that still interpolate
    };
    bool enabled = false;       // interpolation on at all
    std::int64_t time = kNever; // global switch time
    std::vector<Block> blocks;

    // Number of evaluations of pixel (slow, fast) that interpolate (kNever = all of them).
    std::int64_t cutoff(int slow, int fast) const;
};

// Walks the schedule region in each thread's loop order and finds the switch. first_pass
// pixels use the first-pass orientation table for their first surviving pass (c-parity).
InterpolationSwitch find_interpolation_switch(const Experiment& ex, const OrientationTables& tables,
                                              Schedule schedule, int threads,
                                              const std::vector<PixelIndex>& first_pass);

} // namespace nbsim
