// Which pass of each OpenMP thread of the C program is its first (C-PARITY-001 emulation).
//
// The C program parallelises its row loop (spixel over ALL detector rows; the ROI test is inside)
// with gcc's static schedule: for S rows and T threads, q = S / T, r = S % T, thread t gets
// q + 1 rows if t < r else q, starting at row t q + min(t, r). A thread walks its rows, then the
// fast pixels of each row; a pixel has passes (runs of the phi loop) for every (layer, sub-pixel,
// source) whose source survives the dmin cut; masked and non-region pixels have none.
//
// A thread's first pass is the first pass of the first pixel in its block that lies in the
// schedule region (the ROI with --schedule roi, what the C program runs; the whole detector with
// --schedule full-frame, so that a traced pixel gets the value it has in a full-frame run), is
// not masked and has a pass. Only that pass uses the unrotated crystal at leading phi = 0 steps.
#pragma once

#include "nbsim/enums.h"
#include "nbsim/experiment.h"

#include <vector>

namespace nbsim {

struct RowBlock {
    int first_row = 0;
    int row_count = 0;
};

// gcc's schedule(static) (and schedule(auto)) split of `rows` iterations over `threads`.
std::vector<RowBlock> static_row_blocks(int rows, int threads);

// The region whose loop order decides the first passes.
PixelRegion schedule_region(const Detector& det, Schedule schedule);

// True when pixel (slow, fast) has at least one pass: some (layer, sub-pixel, source) whose
// source survives the dmin cut (always true without -dmin).
bool pixel_has_pass(const Experiment& ex, int slow, int fast);

// The pixel of every thread whose first pass it holds (threads without one are skipped).
std::vector<PixelIndex> first_pass_pixels(const Experiment& ex, Schedule schedule, int threads);

} // namespace nbsim
