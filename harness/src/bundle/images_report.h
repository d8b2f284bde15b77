// The images part of a bundle, written from a run's outcome (run_images.h, run_pictures.h):
//   files          roi_{reference,simulator}.npy (--roi) or frame_{reference,simulator}.npy (full
//                  frames), float32 NPY; pictures/*.png
//   metrics.json   "detector", "images" (the images/ metrics, schema nbimage-metrics v1, under
//                  "metrics"), "picks", "traced_pixels" (harness/README.md)
//   summary.md     "Traced pixels" and "Images" sections, with links to the pictures
#pragma once

#include "compare/run_pipeline.h"

#include "nbreport/bundle_writer.h"

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <vector>

namespace harness {

// "2463 fast × 2527 slow"
std::string detector_text(const RunOutcome& o);

// Wall time of a full frame (env.json): none without full frames, or for the simulator's frame
// when it was the reference side's computation.
std::optional<double> frame_wall_s(const RunOutcome& o, bool reference);

void add_image_files(const RunOutcome& o, nbreport::BundleWriter& w);
void add_images_json(const RunOutcome& o, boost::json::object& metrics);
std::string images_md(const RunOutcome& o);
// Lines printed after the verdict: what the pickers found, each traced pixel's values and ranks.
std::vector<std::string> images_printed_lines(const RunOutcome& o);

} // namespace harness
