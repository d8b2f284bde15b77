// --pick: which pixels to trace, chosen on the run's images or its schedule.
//
//   brightest:N    the N brightest local maxima of the reference image (images/local_maxima.h)
//   worst:N        the N largest |sim - ref| / |ref| among the reference's signal pixels (the
//                  metrics' signal floor); pixels where the two agree exactly are never picked
//   thread-first   the pixel holding each OpenMP thread's first pass in the run's schedule
//                  (where C-PARITY-001 keeps phi = 0), from the case's detector, mask and -dmin
//
// brightest and worst work on the --roi images when the run has them, else on full frames
// (run_images.h: full_frame_pair); thread-first needs no image.
#pragma once

#include "compare/run_images.h"
#include "sides/engine_run.h"

#include "nbimage/pickers.h"
#include "nbtrace/pixel.h"
#include "nbtrace/region.h"

#include <string>
#include <utility>
#include <vector>

namespace harness {

bool needs_images(const std::vector<nbimage::PickerSpec>& picks);

struct PickedPixels {
    std::vector<nbtrace::Pixel> pixels; // (slow, fast), in the order the pickers give them
    std::vector<std::string> sources;   // the picker of each
    std::vector<std::string> notes;     // what each picker found, for the summary
};

// `images` is required when needs_images(picks). `simulator` is the run's simulator request (the
// case's flags, threads and schedule, for thread-first). Throws HarnessError when the case is
// refused.
PickedPixels apply_pickers(const std::vector<nbimage::PickerSpec>& picks, const ImagePair* images,
                           const EngineRequest& simulator);

// With --roi the engines compute only the ROI: picked pixels outside it cannot be traced (the
// thread-first pixels of a full-frame schedule); they are left out, with a note.
void keep_inside_roi(PickedPixels& picked, const nbtrace::Region& roi);

// Appends `picked` to `pixels`/`sources`; a pixel already there keeps its place and gains the
// picker in its source ("given, brightest:1").
void add_picked(const PickedPixels& picked, std::vector<nbtrace::Pixel>& pixels,
                std::vector<std::string>& sources);

} // namespace harness
