/* The OpenMP pixel loop with the C program's nest, thread semantics and C-PARITY-001. */
#ifndef NBREF_PIXEL_LOOP_H
#define NBREF_PIXEL_LOOP_H

#include "errors.h"
#include "sim_state.h"

/* Threads to use: the request if > 0, else OMP_NUM_THREADS / the machine's. */
int nbref_resolve_threads(int requested);

/* Adds every ROI pixel's value to s->floatimage and fills the statistics. */
nbref_status nbref_pixel_loop(nbref_sim* s, nbref_err* err);

#endif
