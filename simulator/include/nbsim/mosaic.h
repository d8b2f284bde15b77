// Mosaic domains: one rotation matrix per domain, applied after the spindle rotation
// (a = U_m ap) only when the spread is > 0. Domain 0 is the identity (its random draws are
// still consumed, as in C).
#pragma once

#include "nbsim/vec3.h"

#include <vector>

namespace nbsim {

struct MosaicDomains {
    double spread_rad = 0;
    long seed = -12345678; // nanoBragg's stored (negated) seed used to draw the domains
    std::vector<Mat3> umats{Mat3::Identity()};

    int count() const { return static_cast<int>(umats.size()); }
    bool active() const { return spread_rad > 0.0; }
};

} // namespace nbsim
