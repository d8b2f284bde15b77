/* The auto-selection rules for every sampled dimension: phi, divergence, dispersion, detector
 * layers and mosaic domains (nanobragg_model.md §3.1, §3.3, §4.2, §5.11). */
#ifndef NBREF_SETUP_SAMPLING_H
#define NBREF_SETUP_SAMPLING_H

#include "sim_state.h"

void nbref_setup_sampling(nbref_sim* s);

#endif
