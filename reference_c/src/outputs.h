/* End-of-run statistics and image files (float, SMV int, PGM, SMV noise). */
#ifndef NBREF_OUTPUTS_H
#define NBREF_OUTPUTS_H

#include "errors.h"
#include "sim_state.h"

/* Prints the C program's end-of-run lines and writes the requested files atomically. */
nbref_status nbref_write_all_outputs(nbref_sim* s, nbref_err* err);

#endif
