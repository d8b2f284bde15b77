// nanoBragg's -printout_pixel F S block (the C program's original diagnostic, printed after the
// pixel's value is added), rebuilt from the production trace records of that pixel.
#pragma once

#include "nbsim/experiment.h"
#include "nbtrace/record.h"

#include <ostream>
#include <vector>

namespace nbsim {

// Prints the block for `pixel` from its records: stol and position of the last sub-pixel and
// source, h k l, F_cell and F_latt of the LAST evaluation, the accumulated I, I/steps, the
// factors, the image value and the last rotated cell.
void print_printout_block(const Experiment& ex, const std::vector<nbtrace::Record>& records,
                          PixelIndex pixel, std::ostream& out);

} // namespace nbsim
