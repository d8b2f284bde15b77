// The incident beam and its discrete sources (divergence x dispersion, or -sourcefile).
//
// beam_vector is nanoBragg's: a unit vector ALONG the propagation direction (dxtbx's unit_s0,
// not dxtbx's `direction`). Each source stores the unit vector from the sample TOWARDS the
// source; the incident unit vector of that source is -direction.
#pragma once

#include "nbsim/vec3.h"

#include <vector>

namespace nbsim {

struct Source {
    Vec3 direction = Vec3::Zero(); // unit, sample -> source
    double wavelength_m = 0;
    double weight = 1; // read and stored, never used (as in C)
};

struct Beam {
    Vec3 beam_vector{1, 0, 0};       // unit, along the beam
    Vec3 polarization_axis{0, 0, 1}; // unit E-vector axis (nanoBragg polar_vector)
    Vec3 vertical_axis{0, 1, 0};     // unit(beam x polarization)
    double wavelength_m = 1e-10;     // lambda0
    double kahn_factor = 0;          // -polar K
    bool nopolar = false;            // polarization factor fixed to 1
    double fluence = 0;              // photons / m^2
    double flux = 0, exposure_s = 1, beamsize_m = 1e-4;

    // Resolved divergence / dispersion sampling (radians; dispersion as a fraction).
    double hdivrange_rad = 0, hdivstep_rad = 0, vdivrange_rad = 0, vdivstep_rad = 0;
    int hdivsteps = 1, vdivsteps = 1;
    double dispersion = 0, dispstep = 0;
    int dispsteps = 1;
    int divergence_points = 1; // kept after the elliptical cut (C's divsteps; -1 with a file)

    std::vector<Source> sources;
};

} // namespace nbsim
