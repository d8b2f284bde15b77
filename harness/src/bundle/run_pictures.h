// The pictures of a run, for the bundle: heatmaps of the image pair (images/pictures.h: reference,
// simulator, delta, relative delta, linear and log, the traced pixels marked 1, 2, ...) and a
// per-phi plot of every traced pixel from the trace records of both sides (images/phi_plot.h:
// fractional h, k, l and the contribution of each phi step).
#pragma once

#include "compare/run_images.h"

#include "nbtrace/pixel.h"
#include "nbtrace/record.h"

#include <string>
#include <utility>
#include <vector>

namespace harness {

struct BundlePicture {
    std::string path;    // in the bundle, e.g. "pictures/delta_log.png"
    std::string caption; // one line saying what it shows
    std::string png;
    int pixel = -1; // phi plots: index of the traced pixel
};

struct RunPictures {
    std::vector<BundlePicture> heatmaps, phi_plots;
    std::vector<std::string> notes; // e.g. a pixel without per-phi records
};

RunPictures render_pictures(const RunImages& images, const std::vector<nbtrace::Pixel>& pixels,
                            const std::vector<nbtrace::Record>& reference,
                            const std::vector<nbtrace::Record>& simulator);

// The per-phi series of one traced pixel from one side's records: the pass (layer, sub-pixel,
// source, mosaic domain) with the largest summed contribution on `pass_from` (the first pass when
// no contribution is printed), NaN at steps without a record. Exposed for tests.
struct PhiPass {
    nbtrace::Indices pass; // pixel and phi left out
    int steps = 0;
};
PhiPass choose_phi_pass(const std::vector<nbtrace::Record>& pass_from, int slow, int fast);

} // namespace harness
