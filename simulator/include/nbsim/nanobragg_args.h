// The nanoBragg command line as the C program holds it after its parse loop.
//
// Every field has the C program's initial value and sentinel ("unset" = NaN or -1), with the unit
// conversion already applied (mm -> m, um -> m, deg -> rad, mrad -> rad, percent -> fraction,
// A -> m). The auto-selection rules that turn sentinels into values (phi steps, divergence,
// thickness, mosaic domains, ...) and the convention block run later, in build_experiment().
// Names say the unit; nanoBragg's own name is given where ours differs.
#pragma once

#include "nbsim/enums.h"
#include "nbsim/vec3.h"

#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace nbsim {

inline constexpr double kUnset = std::numeric_limits<double>::quiet_NaN();

enum class MissetKind { none, angles, random };

struct NanoBraggArgs {
    // --- crystal -----------------------------------------------------------------------------
    bool user_cell = false; // -cell given
    double cell_a_A = 0, cell_b_A = 0, cell_c_A = 0;
    double cell_alpha_rad = 0, cell_beta_rad = 0, cell_gamma_rad = 0;
    std::string mat_file;  // -mat (MOSFLM A matrix: first 9 numbers, carries 1/lambda)
    std::string hkl_file;  // -hkl
    std::string dump_file; // -dump: explicit Fdump cache (written after -hkl, read without it)
    MissetKind misset = MissetKind::none;
    Vec3 misset_rad = Vec3::Zero(); // -misset rx ry rz
    double Na = 1, Nb = 1, Nc = 1;  // integer-valued (atoi), clamped to >= 1 later
    double sample_x_m = 0, sample_y_m = 0, sample_z_m = 0; // -xtalsize, -sample_*, ...
    CrystalShape shape = CrystalShape::square;
    double fudge = 1;
    double default_F = 0;
    int interpolate = 2; // 0 off, 1 on, 2 auto (on if any N <= 2)
    double mosaic_spread_rad = -1;
    int mosaic_domains = -1;
    long mosaic_seed = -12345678; // stored negated, as the C program does
    long misset_seed = 0;         // stored negated; defaults to the start-up noise seed

    // --- beam --------------------------------------------------------------------------------
    double lambda0_m = 1.0e-10;
    double dispersion = 0.0; // fraction (flag in percent)
    double dispstep = -1;    // no flag sets it
    int dispsteps = -1;
    double hdivrange_rad = -1, hdivstep_rad = -1, vdivrange_rad = -1, vdivstep_rad = -1;
    int hdivsteps = -1, vdivsteps = -1;
    bool round_div = true;
    std::string source_file;                           // -sourcefile
    double fluence = 125932015286227086360700780544.0; // photons/m^2
    double flux = 0, exposure_s = 1.0, beamsize_m = 1e-4;
    double kahn_factor = 0.0; // -polar K
    bool nopolar = false;
    double water_size_m = 0;
    double dmin_m = 0;

    // --- geometry vectors (C initial values; the convention block may overwrite them) -------
    Vec3 beam_vector{1, 0, 0};
    Vec3 fdet_vector{0, 0, 1};
    Vec3 sdet_vector{0, -1, 0};
    Vec3 odet_vector{1, 0, 0};
    Vec3 twotheta_axis{0, 1, 0};
    Vec3 polar_vector{0, 0, 1};
    Vec3 spindle_axis{0, 0, 1};
    bool pix0_given = false; // -pix0_vector(_mm): only effect is CUSTOM (values never used)
    Convention convention = Convention::mosflm;
    Pivot pivot = Pivot::beam;

    // --- detector ----------------------------------------------------------------------------
    double pixel_size_m = 0.1e-3;
    double distance_m = 100.0e-3;
    double close_distance_m = kUnset;
    double detsize_f_m = 102.4e-3, detsize_s_m = 102.4e-3;
    int fpixels = 0, spixels = 0;
    double Xbeam_m = kUnset, Ybeam_m = kUnset;
    double Xclose_m = kUnset, Yclose_m = kUnset;
    double ORGX = kUnset, ORGY = kUnset; // pixels
    double detector_rotx_rad = 0, detector_roty_rad = 0, detector_rotz_rad = 0;
    double twotheta_rad = 0;
    double detector_mu_per_m = -1, detector_thick_m = 0, detector_thickstep_m = -1;
    int detector_thicksteps = -1;
    bool curved_detector = false;
    bool point_pixel = false;
    int oversample = -1;
    bool oversample_thick = false, oversample_polar = false, oversample_omega = false;
    int roi_xmin = -1, roi_xmax = -1, roi_ymin = -1, roi_ymax = -1; // fast min/max, slow min/max
    std::string img_file, mask_file;

    // --- spindle -----------------------------------------------------------------------------
    double phi0_rad = 0.0, phistep_rad = -1.0, osc_rad = -1.0;
    int phisteps = -1;

    // --- outputs and diagnostics -------------------------------------------------------------
    std::string floatfile = "floatimage.bin";
    std::string intfile = "intimage.img";
    std::string pgmfile = "image.pgm";
    std::string noisefile = "noiseimage.img";
    bool write_pgm = true;
    bool write_noise = true;
    double intfile_scale = 0, pgm_scale = 0, adc_offset = 40.0;
    long noise_seed = 0; // stored negated; default -time(0)
    bool printout = false;
    int printout_fpixel = -1, printout_spixel = -1;
    bool progress = true;
    std::vector<PixelIndex> trace_pixels; // -trace_pixel S F (repeatable here)
    bool allow_huge = false; // --allow-huge (nbsim's own): memory and work beyond the defaults
};

} // namespace nbsim
