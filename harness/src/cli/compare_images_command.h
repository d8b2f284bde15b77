// trace_harness compare-images A B: metrics of two float images (full frame or ROI), thresholds
// on them, picked pixels, pictures.
#pragma once

namespace harness {

// argv[0] is "compare-images". Returns an exit code of exit_codes.h.
int run_compare_images_command(int argc, char** argv);

} // namespace harness
