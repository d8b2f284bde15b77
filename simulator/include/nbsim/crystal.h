// The crystal: unit cell, orientation at phi = 0 (after misset), size and spot shape.
//
//   real_space_{a,b,c}_m   a0, b0, c0 of nanoBragg (metres), the unrotated, unmosaiced cell
//   reciprocal_{a,b,c}_per_A  a*, b*, c* (1/A) regenerated from a, b, c; never rotated later
//                          (GAUSS/TOPHAT use them as they are, as C does)
// The rotated cell of phi step n and mosaic domain m is U_m R_axis(phi_n) a0 (see
// orientation_table.h).
#pragma once

#include "nbsim/enums.h"
#include "nbsim/vec3.h"

namespace nbsim {

struct Crystal {
    Vec3 real_space_a_m = Vec3::Zero();
    Vec3 real_space_b_m = Vec3::Zero();
    Vec3 real_space_c_m = Vec3::Zero();
    Vec3 reciprocal_a_per_A = Vec3::Zero();
    Vec3 reciprocal_b_per_A = Vec3::Zero();
    Vec3 reciprocal_c_per_A = Vec3::Zero();
    double volume_A3 = 0;
    Vec3 misset_rad = Vec3::Zero(); // applied misset angles (0 when none)

    double Na = 1, Nb = 1, Nc = 1; // unit cells along a, b, c (integer-valued, >= 1)
    CrystalShape shape = CrystalShape::square;
    double fudge = 1;
};

} // namespace nbsim
