/* Sources, mosaic domains, final sampling, the parameter summary and the water background. */
#ifndef NBREF_SETUP_BEAM_H
#define NBREF_SETUP_BEAM_H

#include "errors.h"
#include "sim_state.h"

nbref_status nbref_setup_sources(nbref_sim* s, nbref_err* err);
nbref_status nbref_setup_mosaic(nbref_sim* s, nbref_err* err);
/* oversample >= 1, steps = sources * domains * phisteps * oversample^2, sub-pixel size */
void nbref_setup_final_sampling(nbref_sim* s);
void nbref_log_summary(const nbref_sim* s);
void nbref_setup_background(nbref_sim* s);

#endif
