// Everything a simulation needs, resolved from a nanoBragg command line: the typed models of the
// detector, beam (with its sources), crystal, spindle scan, mosaic domains and structure
// factors, plus the sampling of each pixel.
//
// build_experiment() follows the C program's set-up order exactly (nanobragg_model.md 12.2):
// detector size -> fluence and sample clipping -> beam-centre defaults -> convention block ->
// vector normalisation -> usage checks -> phi / divergence / dispersion / thickness / mosaic
// rules -> detector placement -> interpolation auto rule -> cell and orientation -> N and
// oversample -> structure factors -> sources -> mosaic matrices -> steps and background.
#pragma once

#include "nbsim/beam.h"
#include "nbsim/crystal.h"
#include "nbsim/detector.h"
#include "nbsim/mosaic.h"
#include "nbsim/nanobragg_args.h"
#include "nbsim/nr_random.h"
#include "nbsim/scan.h"
#include "nbsim/structure_factors.h"

#include <ostream>

namespace nbsim {

inline constexpr double kElectronRadiusSquared_m2 = 7.94079248018965e-30; // r_e^2

// How each pixel is sampled and normalised.
struct Sampling {
    int oversample = 1;            // sub-pixels per pixel edge
    bool oversample_thick = false; // capture fraction per sub-pixel, applied per term
    bool oversample_polar = false; // polarization per (sub-pixel, source), applied per term
    bool oversample_omega = false; // solid angle per sub-pixel, applied per term
    double dmin_m = 0;             // resolution cut (0 = off)
    double water_size_m = 0;       // water background droplet size
    double I_bg = 0;               // starting value of every pixel's accumulator
    bool interpolate = false;      // tricubic structure-factor interpolation
    long long steps = 1;           // sources * domains * phisteps * oversample^2 (64-bit)
    double subpixel_size_m = 0;    // pixel_size / oversample
};

struct Experiment {
    Detector detector;
    Beam beam;
    Crystal crystal;
    Scan scan;
    MosaicDomains mosaic;
    StructureFactors structure_factors;
    Sampling sampling;
    // State of the shared Numerical-Recipes generator after set-up (misset and mosaic
    // streams done); the noise image continues from it, as in the C program.
    NrRandom rng;
    bool allow_huge = false; // --allow-huge: simulate() accepts work beyond the default limit
};

// Builds the experiment; warnings and the C program's informational lines go to log. Throws
// UsageError (no crystal, no structure factors, ROI/trace pixel outside the detector, a count or
// the memory estimate beyond the limits of limits.h) or InputError (unreadable or malformed
// -mat, -hkl, -dump, -sourcefile; degenerate physics: zero wavelength, a singular matrix, a
// cell of no volume, non-finite values).
Experiment build_experiment(const NanoBraggArgs& args, std::ostream& log);

} // namespace nbsim
