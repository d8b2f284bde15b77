// The detector model: one flat (or curved) panel of fast x slow square pixels.
//
// dxtbx vocabulary with nanoBragg names alongside:
//   fast_axis   = fdet_vector   unit, direction of increasing fast pixel index
//   slow_axis   = sdet_vector   unit, direction of increasing slow pixel index
//   normal_axis = odet_vector   unit, towards increasing distance (f x s unless given exactly)
//   origin_m    = pix0_vector   sample -> OUTER CORNER of pixel (0,0), metres
// The centre of pixel (s, f) is origin_m + (f + 1/2) px fast_axis + (s + 1/2) px slow_axis.
// All beam-centre values are metres; F*/S* are along fast/slow, X/Y are the convention's
// beam-centre coordinates as written into the SMV header.
#pragma once

#include "nbsim/enums.h"
#include "nbsim/vec3.h"

#include <cstdint>
#include <vector>

namespace nbsim {

// Sensor layers for absorption (nanoBragg's detector_thick*): layer t sits at depth t*step_m
// and captures exp(-t step mu / rho) - exp(-(t+1) step mu / rho), rho = d.normal.
struct SensorLayers {
    int count = 1;
    double thickness_m = 0;
    double step_m = 0;
    double mu_per_m = -1; // attenuation coefficient (1/m); -1 = never set
};

// The steps that placed the detector, kept for the trace only (the pixel loop never reads them):
// the basis after the convention (initial), after rotx/roty/rotz, and the pivot's inputs and terms
// with which pix0 was built. SAMPLE pivot: pix0 = Fclose(-f) + Sclose(-s) + close_distance o of
// the unrotated basis, then rotated; BEAM pivot: -Fbeam f - Sbeam s + distance beam with the
// rotated basis.
struct DetectorDerivation {
    Vec3 initial_fast_axis, initial_slow_axis, initial_normal_axis;
    Vec3 fast_after_rotz, slow_after_rotz, normal_after_rotz;
    double Fclose_pivot = 0, Sclose_pivot = 0, close_distance_pivot = 0; // SAMPLE pivot
    double Fbeam_pivot = 0, Sbeam_pivot = 0;                             // BEAM pivot
    double distance_pivot = 0;
    Vec3 term_fast = Vec3::Zero(), term_slow = Vec3::Zero(), term_normal_or_beam = Vec3::Zero();
    Vec3 pix0_before_rotation = Vec3::Zero(), pix0_after_rotz = Vec3::Zero(); // SAMPLE pivot
};

struct Detector {
    int fast_pixels = 0;
    int slow_pixels = 0;
    double pixel_size_m = 0;
    double detsize_f_m = 0, detsize_s_m = 0;

    Vec3 fast_axis{0, 0, 1};
    Vec3 slow_axis{0, -1, 0};
    Vec3 normal_axis{1, 0, 0};
    Vec3 origin_m = Vec3::Zero();

    double distance_m = 0;       // final: close_distance / ratio
    double close_distance_m = 0; // origin . normal
    double ratio = 1;            // beam . (Rz Ry Rx normal0); 2theta not included (C)
    double Fbeam_m = 0, Sbeam_m = 0, Fclose_m = 0, Sclose_m = 0;
    double Xbeam_m = 0, Ybeam_m = 0, Xclose_m = 0, Yclose_m = 0;
    double orgx_px = 0, orgy_px = 0;
    Vec3 dials_origin_mm = Vec3::Zero();

    Convention convention = Convention::mosflm;
    Pivot pivot = Pivot::beam;
    Vec3 twotheta_axis{0, 0, -1}; // as used (not normalised, C)
    double rotx_rad = 0, roty_rad = 0, rotz_rad = 0, twotheta_rad = 0;
    bool curved = false;      // -curved_det: every pixel at `distance` from the sample
    bool point_pixel = false; // -point_pixel: omega = 1/R^2

    DetectorDerivation derivation;

    SensorLayers layers;
    PixelRegion roi;                 // pixels to simulate (inclusive)
    std::vector<std::uint16_t> mask; // empty = no mask; else 0 = skip pixel
    bool masked(int slow, int fast) const {
        return !mask.empty() &&
               mask[static_cast<std::size_t>(slow) * static_cast<std::size_t>(fast_pixels) +
                    static_cast<std::size_t>(fast)] == 0;
    }
};

} // namespace nbsim
