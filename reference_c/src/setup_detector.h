/* Detector set-up in the C program's order: sizes and defaults, convention, then geometry. */
#ifndef NBREF_SETUP_DETECTOR_H
#define NBREF_SETUP_DETECTOR_H

#include "sim_state.h"

/* Pixel counts, fluence from flux, sample clipped to the beam, near-point/beam-centre and ROI
 * defaults. */
void nbref_setup_detector_size(nbref_sim* s);

/* Convention blocks (vectors, beam centre mapping, forced pivot) and vector normalisation. */
void nbref_setup_convention(nbref_sim* s);

/* ratio/distance, pix0 for the pivot, detector rotations and 2theta, derived beam centre,
 * ORGX/ORGY and the DIALS origin; prints the set-up lines of the instrumented C program. */
void nbref_setup_detector_geometry(nbref_sim* s);

#endif
