// The images of a run and what they say about the traced pixels.
//
// A run has at most one pair of images, reference and simulator, over one region:
//   roi         --roi: both engines computed the region (the reference engine itself on the
//               reference side)
//   full_frame  a picker needed a whole frame (brightest:N, worst:N without --roi): nbsim
//               computes both, the simulator side as the run asks (dtype, fault) and the
//               reference side in float64 in the run's phi mode without a fault -- the fastest
//               engine that gives the reference's image (nanobragg_ref takes ~15x longer; the two
//               agree to float32 rounding, simulator/README.md). The run checks that claim at
//               every traced pixel (StandinCheck).
// Images hold the whole detector (zero outside the region), so pixels keep detector indices.
#pragma once

#include "sides/engine_run.h"

#include "nbimage/image.h"
#include "nbimage/metrics.h"
#include "nbimage/pixel_report.h"
#include "nbtrace/diff.h"
#include "nbtrace/pixel.h"
#include "nbtrace/region.h"

#include <optional>
#include <string>
#include <vector>

namespace harness {

struct SideImage {
    nbimage::Image image;
    std::string engine; // who computed it, for the summary
    double wall_s = 0;
};

struct ImagePair {
    std::string kind; // "roi" or "full_frame"
    nbtrace::Region region;
    SideImage reference, simulator;
    nbimage::ImageMetrics metrics;     // images/ metrics of the pair over the region
    bool reference_by_standin = false; // the reference side was computed by nbsim
};

// The reference engine's traced value next to the stand-in's frame at a traced pixel: the pixel
// was chosen on that frame, so it must be the reference's image there (to rtol; they differ by
// float32 rounding at a few pixels of a frame, simulator/README.md).
struct StandinCheck {
    nbtrace::Pixel pixel;
    double traced = 0, frame = 0;
    double relative = 0; // |frame - traced| / |traced| (0 when both are 0)
};

// What a traced pixel is: its traced value on both sides, where the first of its own rows that
// fails lies, and, when it lies in the images, its rank and nearest local maximum in each.
struct TracedPixel {
    nbtrace::Pixel pixel;
    std::string source; // "given", "brightest:3", "worst:3", "thread-first", "brightest_in_roi"
    // each side's image value of the pixel; none for a recorded side given without an image
    std::optional<double> reference, simulator;
    std::optional<std::size_t> first_divergence; // row of the diff
    std::optional<nbimage::PixelReport> in_images;
};

struct RunImages {
    std::optional<ImagePair> pair;
    std::vector<StandinCheck> standin_checks;
    std::vector<TracedPixel> pixels;
};

// The ROI pair from the two engines' ROI runs.
ImagePair roi_pair(const EngineRun& reference, const EngineRun& simulator,
                   const nbtrace::Region& roi);

// The full-frame pair, computed by nbsim (above), with a progress line on a terminal.
// `simulator` is the run's simulator request. Throws HarnessError when an engine refuses the case.
ImagePair full_frame_pair(const EngineRequest& simulator);

// Fills images.pixels (and the stand-in checks) once the traced runs and the diff are done.
void describe_traced_pixels(RunImages& images, const std::vector<nbtrace::Pixel>& pixels,
                            const std::vector<std::string>& sources, const EngineRun& reference,
                            const EngineRun& simulator, const nbtrace::DiffResult& diff);

// Why the images fail the run (a stand-in frame that is not the reference's image at a traced
// pixel beyond rtol); empty when they do not.
std::vector<std::string> image_failures(const RunImages& images, double rtol);

} // namespace harness
