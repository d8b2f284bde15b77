/* Detector set-up in the C program's order: sizes and defaults, convention, then geometry. */
#ifndef NBREF_SETUP_DETECTOR_H
#define NBREF_SETUP_DETECTOR_H

#include "errors.h"
#include "sim_state.h"

/* Detector size in pixels (range-checked: a usage error naming the flags), beam-centre and ROI
 * defaults, flux and beam clipping. */
nbref_status nbref_setup_detector_size(nbref_sim* s, nbref_err* err);

/* Convention blocks (vectors, beam centre mapping, forced pivot) and vector normalisation. */
void nbref_setup_convention(nbref_sim* s);

/* ratio/distance, pix0 for the pivot, detector rotations and 2theta, derived beam centre,
 * ORGX/ORGY and the DIALS origin; prints the set-up lines of the instrumented C program. */
void nbref_setup_detector_geometry(nbref_sim* s);

#endif
