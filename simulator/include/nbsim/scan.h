// The spindle (goniometer) and its phi sampling.
//
// Step n (0-based) is at angle phi0 + phistep * n, the START of the step; the last step is
// phi0 + (n-1) phistep, never phi0 + osc. The angle is computed in double precision exactly like
// this, because C-PARITY-001 depends on whether it is exactly 0.0.
#pragma once

#include "nbsim/vec3.h"

namespace nbsim {

struct Scan {
    Vec3 rotation_axis{0, 0, 1}; // unit spindle axis, right-handed (nanoBragg spindle_vector)
    double phi0_rad = 0;
    double phistep_rad = 0;
    double osc_rad = 0;
    int phisteps = 1;

    double angle_rad(int step) const { return phi0_rad + phistep_rad * step; }
};

} // namespace nbsim
