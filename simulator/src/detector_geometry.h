// Detector conventions and placement (nanobragg_model.md 5.2-5.8), in the C program's order.
#pragma once

#include "nbsim/detector.h"
#include "nbsim/nanobragg_args.h"

#include <ostream>

namespace nbsim {

// The lab-frame axes of the experiment after the convention block and normalisation.
struct ConventionAxes {
    Convention convention = Convention::mosflm;
    Pivot pivot = Pivot::beam;
    Vec3 beam, fdet, sdet, odet, twotheta_axis, polar, spindle, vertical;
    // Beam centres (m) after the convention block, before the detector is placed.
    double Xbeam = 0, Ybeam = 0, Xclose = 0, Yclose = 0;
    double Fbeam = 0, Sbeam = 0, Fclose = 0, Sclose = 0;
};

// Applies the defaults for the beam centres (ORGX/ORGY, detector centre), then the convention
// block (which overwrites the vectors and forces the pivot for every named convention), then
// normalises b, f, s, p, u, regenerates odet = unit(f x s) unless |odet| == 1 exactly, and sets
// vertical = unit(b x p). Warnings go to log.
ConventionAxes resolve_convention_axes(const NanoBraggArgs& args, double detsize_f_m,
                                       double detsize_s_m, std::ostream& log);

// Places the detector: ratio = b . (Rxyz odet), close_distance, distance, pix0 for the pivot,
// rotations of f, s, o (xyz, then 2theta about the unnormalised 2theta axis), and the derived
// Fclose, Sclose, close_distance, Fbeam, Sbeam, distance, ORGX/ORGY and DIALS origin.
// Fills every geometric field of `det` (sizes must already be set).
void place_detector(const NanoBraggArgs& args, const ConventionAxes& axes, Detector& det,
                    std::ostream& log);

} // namespace nbsim
