// Unit cell and orientation (nanobragg_model.md 2.2-2.6), in the C program's order.
#pragma once

#include "nbsim/crystal.h"
#include "nbsim/nanobragg_args.h"
#include "nbsim/nr_random.h"

#include <ostream>

namespace nbsim {

// Builds a*, b*, c* from -cell (default orientation, with the C program's c*_z formula) and/or
// the -mat file (first nine numbers, columns a*, b*, c*, times 1e-10/lambda0), applies the misset
// (explicit, or "random" drawn from the misset stream with the 90-radian cap of C-IMPL-BUG-002),
// regenerates the real-space vectors (rescaled to the -cell lengths when a cell was given) and
// the reciprocal vectors, converts a, b, c to metres, and sets N from the sample size (>= 1).
// Throws InputError when the matrix file is missing, not a regular file, binary or malformed,
// and for degenerate physics: an all-zero or singular matrix, a -cell of no positive volume
// (limits::kMinCellShape; the same rules as nanobragg_ref).
Crystal build_crystal(const NanoBraggArgs& args, NrRandom& rng, std::ostream& log);

} // namespace nbsim
