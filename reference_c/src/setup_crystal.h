/* Crystal set-up: cell or matrix, misset, real/reciprocal vectors, size, oversampling. */
#ifndef NBREF_SETUP_CRYSTAL_H
#define NBREF_SETUP_CRYSTAL_H

#include "errors.h"
#include "sim_state.h"

nbref_status nbref_setup_crystal(nbref_sim* s, nbref_err* err);

#endif
