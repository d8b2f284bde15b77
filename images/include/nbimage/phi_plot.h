// A per-phi plot of one traced pixel: fractional Miller indices h, k, l and the contribution of
// each phi step, for two sides (e.g. reference and simulator), as a PNG.
//
// Four panels share the x axis (phi step; with angles given, also the angle in degrees): h, k, l
// and contribution. Side A is drawn in blue with circles and a solid line, side B in orange with
// squares and a dashed line, so both stay visible where they coincide. A NaN value (a step one
// side did not report) is left out.
#pragma once

#include <string>
#include <vector>

namespace nbimage {

struct PhiSeries {
    std::string name;                          // "reference", "simulator", ...
    std::vector<double> h, k, l, contribution; // one value per phi step
};

struct PhiPlot {
    std::string title;           // e.g. "pixel (slow 685, fast 1039), source 0, mosaic 0"
    std::vector<double> phi_deg; // angle of each step (optional: may be empty)
    PhiSeries a, b;
};

// The PNG file's bytes. std::invalid_argument when no series has a value.
std::string phi_plot_png(const PhiPlot& plot);

} // namespace nbimage
