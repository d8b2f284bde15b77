// The files and end-of-run lines a nanoBragg run produces, from a finished simulation.
//
//   float image  -floatfile (default floatimage.bin), always
//   SMV image    -intfile (intimage.img), always: floorf(clamp(v*scale + adc, 0, 65535) + 0.5),
//                scale = -scale or 55000/max_I; ROI pixels only (masked ones get adc)
//   PGM          -pgmfile (image.pgm) unless -nopgm: (uint8) min(v*pgm_scale, 255),
//                pgm_scale = -pgmscale or 250/(5 rmsd)
//   noise SMV    -noisefile (noiseimage.img) unless -nonoise: Poisson(v) + adc, truncated,
//                overloads counted; drawn from the -seed stream of the shared NR generator
//
// All files are staged and renamed into place together; on any error none is left behind.
#pragma once

#include "nbsim/experiment.h"
#include "nbsim/nanobragg_args.h"
#include "nbsim/simulation.h"

#include <ostream>

namespace nbsim {

// Writes every output file of the run and prints the C program's end-of-run statistics to log.
// `rng` is the experiment's generator state (the noise stream continues from it).
void write_run_outputs(const NanoBraggArgs& args, const Experiment& ex,
                       const SimulationResult& result, NrRandom& rng, std::ostream& log);

} // namespace nbsim
