// A side's float image read back from a file: nanoBragg's -floatfile layout (raw float32, fast
// index fastest) of the whole detector, whose size the side's own trace states (its "detpixels"
// record: the C program's "(FxS pixels)", the port's "Detector: FxS"), or a crop of just the
// run's ROI (slow-major), placed into a zero frame.
#pragma once

#include "sides/engine_run.h"

#include "nbtrace/pixel.h"
#include "nbtrace/region.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace harness {

// Fills run.image, its size and run.traced_values (one per pixel) from `path`. Returns why it
// cannot (no detector size in the trace, a size that is neither the frame nor the ROI, an
// unreadable file), or nullopt.
std::optional<std::string> read_side_image(const std::string& path,
                                           const std::optional<nbtrace::Region>& roi,
                                           const std::vector<nbtrace::Pixel>& pixels,
                                           EngineRun& run);

} // namespace harness
