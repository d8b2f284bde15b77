/* Degenerate physics: inputs that are well-formed but describe no experiment. Each is an input
 * error (exit 2) naming the input, where the C program would go on and print a NaN or
 * meaningless image. nbsim applies the same rules with the same thresholds (README.md). */
#ifndef NBREF_PHYSICS_CHECKS_H
#define NBREF_PHYSICS_CHECKS_H

#include "errors.h"
#include "sim_state.h"

/* The smallest normalised cell volume V / (a b c) accepted, for -cell and for the reciprocal
 * vectors of a -mat file (|a*.(b* x c*)| / (|a*||b*||c*|)): 1e-6 means the three edges are
 * further than about 1e-6 rad from being coplanar. */
#define NBREF_MIN_CELL_SHAPE 1e-6

/* The nine numbers of a -mat file (rows x, y, z; columns a*, b*, c*): not all zero, and not
 * singular by the measure above. */
nbref_status nbref_check_orientation_matrix(const char* path, const double v[9], nbref_err* err);

/* The wavelength after the command line and any -img/-mask header: positive and finite. */
nbref_status nbref_check_wavelength(const nbref_sim* s, nbref_err* err);

#endif
