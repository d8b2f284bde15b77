// Small geometric vocabulary shared by the simulator's value classes.
//
// Vectors are lab-frame (x, y, z) in a right-handed frame with the sample at the origin. Units are
// part of every field name elsewhere (_m, _A, _per_A, _rad); a bare Vec3 is dimensionless.
#pragma once

#include <Eigen/Core>
#include <Eigen/Geometry> // cross products

namespace nbsim {

using Vec3 = Eigen::Vector3d;
using Mat3 = Eigen::Matrix3d;

// A detector pixel, named (slow, fast) everywhere in this project.
// WARNING: nanoBragg's -trace_pixel is S F, -printout_pixel is F S, -roi is fmin fmax smin smax.
struct PixelIndex {
    int slow = 0;
    int fast = 0;
    bool operator==(const PixelIndex& o) const { return slow == o.slow && fast == o.fast; }
    bool operator!=(const PixelIndex& o) const { return !(*this == o); }
};

// Inclusive rectangle of pixels: fast in [fast_min, fast_max], slow in [slow_min, slow_max].
struct PixelRegion {
    int fast_min = 0;
    int fast_max = -1;
    int slow_min = 0;
    int slow_max = -1;

    bool contains(int slow, int fast) const {
        return fast >= fast_min && fast <= fast_max && slow >= slow_min && slow <= slow_max;
    }
    bool contains(PixelIndex p) const { return contains(p.slow, p.fast); }
    bool empty() const { return fast_max < fast_min || slow_max < slow_min; }
};

// Active right-handed rotation about lab X by rx, then Y by ry, then Z by rz (radians):
//   v' = Rz(rz) * Ry(ry) * Rx(rx) * v.
// A factor whose angle is exactly 0 is skipped, as nanoBragg's rotate() does, so that a zero
// angle leaves v bit-identical.
Vec3 rotate_xyz(const Vec3& v, double rx, double ry, double rz);

// Rodrigues rotation of v by angle phi (radians) about axis u (used as given, not normalised):
//   v' = u (u.v)(1 - cos phi) + v cos phi + (u x v) sin phi,
// evaluated component by component in nanoBragg's order (rotate_axis).
Vec3 rotate_about_axis(const Vec3& v, const Vec3& axis, double phi);

// v / |v|, or the zero vector when |v| == 0 (nanoBragg's unitize()).
Vec3 unit_or_zero(const Vec3& v);

} // namespace nbsim
