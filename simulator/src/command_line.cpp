#include "nbsim/command_line.h"

#include "nbsim/errors.h"
#include "nbsim/image_io.h"
#include "nbsim/limits.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <map>
#include <string_view>

namespace nbsim {

namespace {

constexpr double kRTD = 180.0 * M_1_PI; // nanoBragg's RTD: angles are divided by it

using Values = std::vector<std::string>;

// How many values a flag takes.
enum class Arity {
    none,
    one,
    two,
    three,
    four,
    cell,   // -cell: up to 6 values, stops at the first token starting with '-' (C rule)
    dummy,  // -curved_det: no value, but the C program needs a following token; a non-flag
            // token right after it is taken as that dummy (so "-curved_det 1" pastes unchanged)
    misset, // -misset: "random" or three angles
};

struct FlagSpec {
    std::vector<std::string_view> names;
    Arity arity;
    std::function<void(NanoBraggArgs&, const Values&, const std::string& flag)> apply;
};

// --- value conversion -----------------------------------------------------------------------

double number(const std::string& flag, const std::string& token) {
    const char* begin = token.c_str();
    char* end = nullptr;
    errno = 0;
    const double v = std::strtod(begin, &end);
    if (end == begin || *end != '\0')
        throw UsageError(flag + ": invalid value '" + token + "' (expected a number)");
    if (!std::isfinite(v))
        throw UsageError(flag + ": invalid value '" + token + "' (NaN or infinite)");
    return v;
}

// Integer counts are read like atoi(): a decimal value is truncated toward zero.
long integer(const std::string& flag, const std::string& token) {
    const double v = number(flag, token);
    if (std::fabs(v) > 2147483647.0)
        throw UsageError(flag + ": value '" + token + "' is out of range");
    return static_cast<long>(v);
}

double non_negative(const std::string& flag, const std::string& token) {
    const double v = number(flag, token);
    if (v < 0)
        throw UsageError(flag + ": negative size '" + token + "'");
    return v;
}

double positive(const std::string& flag, const std::string& token) {
    const double v = number(flag, token);
    if (!(v > 0))
        throw UsageError(flag + ": value must be positive, got '" + token + "'");
    return v;
}

int positive_count(const std::string& flag, const std::string& token) {
    const long v = integer(flag, token);
    if (v <= 0)
        throw UsageError(flag + ": count must be at least 1, got '" + token + "'");
    return static_cast<int>(v);
}

// A count with a documented maximum (limits.h); `what` names the unit in the message.
int bounded(const std::string& flag, int v, int max, const char* what) {
    if (v > max)
        throw UsageError(flag + ": " + std::to_string(v) + " " + what + ", more than the " +
                         std::to_string(max) + " allowed");
    return v;
}

// A wavelength from -lambda or -energy: negative is a usage error like any negative size, zero
// is degenerate physics (an input error): no scattering vector can be formed.
double wavelength_m(const std::string& flag, const std::string& token, bool is_energy) {
    const double v = non_negative(flag, token);
    if (v == 0.0)
        throw InputError(
            flag +
            " 0: " + (is_energy ? "zero photon energy (infinite wavelength)" : "zero wavelength"));
    return (is_energy ? 12398.42 / v : v) / 1.0e10;
}

double cell_count(const std::string& flag, const std::string& token) {
    const long v = integer(flag, token);
    if (v < 0)
        throw UsageError(flag + ": negative size '" + token + "'");
    return static_cast<double>(v);
}

// Pixels along one detector axis (limits::kMaxAxisPixels at most).
int axis_pixels(const std::string& flag, const std::string& token) {
    const int n = positive_count(flag, token);
    if (n > limits::kMaxAxisPixels)
        throw UsageError(flag + ": " + std::to_string(n) + " pixels per axis, more than the " +
                         std::to_string(limits::kMaxAxisPixels) + " allowed");
    return n;
}

// A count where 0 (like any value <= 0 in C) means "choose automatically".
int auto_count(const std::string& flag, const std::string& token) {
    const long v = integer(flag, token);
    if (v < 0)
        throw UsageError(flag + ": negative count '" + token + "'");
    return static_cast<int>(v);
}

Vec3 vec3(const std::string& flag, const Values& v) {
    return {number(flag, v[0]), number(flag, v[1]), number(flag, v[2])};
}

// --- the flag table -------------------------------------------------------------------------

std::vector<FlagSpec> make_flag_table() {
    std::vector<FlagSpec> t;
    auto add = [&t](std::vector<std::string_view> names, Arity arity, auto fn) {
        t.push_back(FlagSpec{std::move(names), arity, fn});
    };
    using A = NanoBraggArgs;
    using V = Values;
    using S = std::string;

    // Crystal ---------------------------------------------------------------------------------
    // Cell counts are truncated like atoi(); 0 is allowed (clamped to 1 later, as in C).
    add({"-Na"}, Arity::one, [](A& a, const V& v, const S& f) { a.Na = cell_count(f, v[0]); });
    add({"-Nb"}, Arity::one, [](A& a, const V& v, const S& f) { a.Nb = cell_count(f, v[0]); });
    add({"-Nc"}, Arity::one, [](A& a, const V& v, const S& f) { a.Nc = cell_count(f, v[0]); });
    add({"-N"}, Arity::one,
        [](A& a, const V& v, const S& f) { a.Na = a.Nb = a.Nc = cell_count(f, v[0]); });
    add({"-cell"}, Arity::cell, [](A& a, const V& v, const S& f) {
        a.user_cell = true;
        double* slot[6] = {&a.cell_a_A,       &a.cell_b_A,      &a.cell_c_A,
                           &a.cell_alpha_rad, &a.cell_beta_rad, &a.cell_gamma_rad};
        for (std::size_t i = 0; i < v.size(); ++i) {
            const double x = non_negative(f, v[i]);
            *slot[i] = i < 3 ? x : x / kRTD;
        }
    });
    add({"-misset"}, Arity::misset, [](A& a, const V& v, const S& f) {
        if (v.size() == 1) {
            a.misset = MissetKind::random;
            return;
        }
        a.misset = MissetKind::angles;
        a.misset_rad = vec3(f, v) / kRTD;
    });
    auto sample_all = [](A& a, const V& v, const S& f) {
        a.sample_x_m = a.sample_y_m = a.sample_z_m = non_negative(f, v[0]) / 1000;
    };
    add({"-samplesize", "-sample_size", "-xtalsize", "-xtal_size"}, Arity::one, sample_all);
    add({"-sample_thick", "-sample_x", "-xtal_thick", "-xtal_x"}, Arity::one,
        [](A& a, const V& v, const S& f) { a.sample_x_m = non_negative(f, v[0]) / 1000; });
    add({"-sample_width", "-sample_y", "-xtal_width", "-xtal_y", "-width"}, Arity::one,
        [](A& a, const V& v, const S& f) { a.sample_y_m = non_negative(f, v[0]) / 1000; });
    add({"-sample_height", "-sample_heigh", "-sample_z", "-xtal_height", "-xtal_heigh", "-xtal_z",
         "-height", "-heigh"},
        Arity::one,
        [](A& a, const V& v, const S& f) { a.sample_z_m = non_negative(f, v[0]) / 1000; });
    // Parsed and ignored by the C program too (overwritten before use).
    add({"-density", "-sample_den", "-sample_density"}, Arity::one,
        [](A&, const V& v, const S& f) { number(f, v[0]); });
    add({"-MW", "-molec", "-molecular_weight"}, Arity::one,
        [](A&, const V& v, const S& f) { number(f, v[0]); });
    add({"-mat"}, Arity::one, [](A& a, const V& v, const S&) { a.mat_file = v[0]; });
    add({"-hkl"}, Arity::one, [](A& a, const V& v, const S&) { a.hkl_file = v[0]; });
    add({"-dump"}, Arity::one, [](A& a, const V& v, const S&) { a.dump_file = v[0]; });
    add({"-default_F"}, Arity::one,
        [](A& a, const V& v, const S& f) { a.default_F = number(f, v[0]); });
    add({"-round_xtal"}, Arity::none,
        [](A& a, const V&, const S&) { a.shape = CrystalShape::round; });
    add({"-square_xtal"}, Arity::none,
        [](A& a, const V&, const S&) { a.shape = CrystalShape::square; });
    add({"-gauss_xtal"}, Arity::none,
        [](A& a, const V&, const S&) { a.shape = CrystalShape::gauss; });
    add({"-binary_spots", "-tophat_spots"}, Arity::none,
        [](A& a, const V&, const S&) { a.shape = CrystalShape::tophat; });
    add({"-fudge"}, Arity::one, [](A& a, const V& v, const S& f) { a.fudge = number(f, v[0]); });
    add({"-interpolate"}, Arity::none, [](A& a, const V&, const S&) { a.interpolate = 1; });
    add({"-nointerpolate"}, Arity::none, [](A& a, const V&, const S&) { a.interpolate = 0; });
    add({"-mosaic", "-mosaicity", "-mosaici", "-mosaic_spread", "-mosaic_spr"}, Arity::one,
        [](A& a, const V& v, const S& f) { a.mosaic_spread_rad = non_negative(f, v[0]) / kRTD; });
    add({"-mosaic_domains", "-mosaic_dom"}, Arity::one, [](A& a, const V& v, const S& f) {
        a.mosaic_domains =
            bounded(f, auto_count(f, v[0]), limits::kMaxMosaicDomains, "mosaic domains");
    });
    add({"-mosaic_seed"}, Arity::one,
        [](A& a, const V& v, const S& f) { a.mosaic_seed = -integer(f, v[0]); });
    add({"-misset_seed"}, Arity::one,
        [](A& a, const V& v, const S& f) { a.misset_seed = -integer(f, v[0]); });

    // Beam and spindle -------------------------------------------------------------------------
    add({"-lambda", "-wave", "-wavelength"}, Arity::one,
        [](A& a, const V& v, const S& f) { a.lambda0_m = wavelength_m(f, v[0], false); });
    add({"-energy"}, Arity::one,
        [](A& a, const V& v, const S& f) { a.lambda0_m = wavelength_m(f, v[0], true); });
    add({"-dispersion"}, Arity::one,
        [](A& a, const V& v, const S& f) { a.dispersion = non_negative(f, v[0]) / 100.0; });
    add({"-dispsteps"}, Arity::one, [](A& a, const V& v, const S& f) {
        a.dispsteps = bounded(f, auto_count(f, v[0]), limits::kMaxSources, "dispersion steps");
    });
    add({"-divergence"}, Arity::one, [](A& a, const V& v, const S& f) {
        a.hdivrange_rad = a.vdivrange_rad = non_negative(f, v[0]) / 1000.0;
    });
    add({"-hdivrange"}, Arity::one,
        [](A& a, const V& v, const S& f) { a.hdivrange_rad = non_negative(f, v[0]) / 1000.0; });
    add({"-vdivrange"}, Arity::one,
        [](A& a, const V& v, const S& f) { a.vdivrange_rad = non_negative(f, v[0]) / 1000.0; });
    add({"-hdivstep"}, Arity::one,
        [](A& a, const V& v, const S& f) { a.hdivstep_rad = non_negative(f, v[0]) / 1000.0; });
    add({"-vdivstep"}, Arity::one,
        [](A& a, const V& v, const S& f) { a.vdivstep_rad = non_negative(f, v[0]) / 1000.0; });
    add({"-hdivsteps"}, Arity::one, [](A& a, const V& v, const S& f) {
        a.hdivsteps = bounded(f, auto_count(f, v[0]), limits::kMaxSources, "divergence steps");
    });
    add({"-vdivsteps"}, Arity::one, [](A& a, const V& v, const S& f) {
        a.vdivsteps = bounded(f, auto_count(f, v[0]), limits::kMaxSources, "divergence steps");
    });
    add({"-divsteps"}, Arity::one, [](A& a, const V& v, const S& f) {
        a.hdivsteps = a.vdivsteps =
            bounded(f, auto_count(f, v[0]), limits::kMaxSources, "divergence steps");
    });
    add({"-round_div"}, Arity::none, [](A& a, const V&, const S&) { a.round_div = true; });
    add({"-square_div"}, Arity::none, [](A& a, const V&, const S&) { a.round_div = false; });
    add({"-sourcefile"}, Arity::one, [](A& a, const V& v, const S&) { a.source_file = v[0]; });
    add({"-fluence"}, Arity::one,
        [](A& a, const V& v, const S& f) { a.fluence = non_negative(f, v[0]); });
    add({"-flux"}, Arity::one,
        [](A& a, const V& v, const S& f) { a.flux = non_negative(f, v[0]); });
    add({"-exposure"}, Arity::one,
        [](A& a, const V& v, const S& f) { a.exposure_s = non_negative(f, v[0]); });
    add({"-beamsize"}, Arity::one,
        [](A& a, const V& v, const S& f) { a.beamsize_m = non_negative(f, v[0]) / 1000; });
    add({"-polar"}, Arity::one, [](A& a, const V& v, const S& f) {
        a.kahn_factor = number(f, v[0]);
        a.nopolar = false; // -polar re-enables polarization (order dependent, as in C)
    });
    add({"-nopolar"}, Arity::none, [](A& a, const V&, const S&) { a.nopolar = true; });
    add({"-coherent"}, Arity::none, [](A&, const V&, const S&) {}); // no effect in C either
    add({"-water"}, Arity::one,
        [](A& a, const V& v, const S& f) { a.water_size_m = non_negative(f, v[0]) / 1e6; });
    add({"-dmin"}, Arity::one,
        [](A& a, const V& v, const S& f) { a.dmin_m = non_negative(f, v[0]) * 1e-10; });
    // Amorphous-scattering tables: read by the C program but never used by its pixel loop.
    add({"-stol", "-4stol", "-Q", "-stolout"}, Arity::one, [](A&, const V&, const S&) {});
    add({"-phi"}, Arity::one,
        [](A& a, const V& v, const S& f) { a.phi0_rad = number(f, v[0]) / kRTD; });
    add({"-osc"}, Arity::one,
        [](A& a, const V& v, const S& f) { a.osc_rad = non_negative(f, v[0]) / kRTD; });
    add({"-phistep"}, Arity::one,
        [](A& a, const V& v, const S& f) { a.phistep_rad = non_negative(f, v[0]) / kRTD; });
    add({"-phisteps"}, Arity::one, [](A& a, const V& v, const S& f) {
        // The C program turns 0 into 1; a parity tool rejects it (README decisions).
        a.phisteps = bounded(f, positive_count(f, v[0]), limits::kMaxPhiSteps, "phi steps");
    });

    // Geometry vectors (each switches to the CUSTOM convention, C-DESIGN-FLAW-001) -------------
    auto custom_vector = [](Vec3 A::*member) {
        return [member](A& a, const V& v, const S& f) {
            a.convention = Convention::custom;
            a.*member = vec3(f, v);
        };
    };
    add({"-fdet_vector"}, Arity::three, custom_vector(&A::fdet_vector));
    add({"-sdet_vector"}, Arity::three, custom_vector(&A::sdet_vector));
    add({"-odet_vector"}, Arity::three, custom_vector(&A::odet_vector));
    add({"-beam_vector"}, Arity::three, custom_vector(&A::beam_vector));
    add({"-polar_vector"}, Arity::three, custom_vector(&A::polar_vector));
    add({"-spindle_axis"}, Arity::three, custom_vector(&A::spindle_axis));
    add({"-twotheta_axis"}, Arity::three, [](A& a, const V& v, const S& f) {
        a.convention = Convention::custom;
        a.twotheta_axis = vec3(f, v);
        // C quirk: "-twotheta_axis" also matches the "-twotheta" handler (strstr), which sets
        // the 2theta angle to the first component (degrees) and the pivot to SAMPLE.
        a.twotheta_rad = number(f, v[0]) / kRTD;
        a.pivot = Pivot::sample;
    });
    add({"-pix0_vector", "-pix0_vector_mm"}, Arity::three, [](A& a, const V& v, const S& f) {
        // The values are never used by the C program (both pivots overwrite pix0); the only
        // effect is the switch to CUSTOM (C-DESIGN-FLAW-003, NANO-C-BUG-001/002).
        vec3(f, v);
        a.convention = Convention::custom;
        a.pix0_given = true;
    });

    // Conventions and pivot --------------------------------------------------------------------
    auto convention = [](Convention c, Pivot p) {
        return [c, p](A& a, const V&, const S&) {
            a.convention = c;
            a.pivot = p;
        };
    };
    add({"-mosflm"}, Arity::none, convention(Convention::mosflm, Pivot::beam));
    add({"-xds"}, Arity::none, convention(Convention::xds, Pivot::sample));
    add({"-adxv"}, Arity::none, convention(Convention::adxv, Pivot::beam));
    add({"-denzo"}, Arity::none, convention(Convention::denzo, Pivot::beam));
    add({"-dials"}, Arity::none, convention(Convention::dials, Pivot::beam));
    add({"-pivot"}, Arity::one, [](A& a, const V& v, const S& f) {
        if (v[0].find("sample") != std::string::npos)
            a.pivot = Pivot::sample;
        else if (v[0].find("beam") != std::string::npos)
            a.pivot = Pivot::beam;
        else
            throw UsageError(f + ": invalid value '" + v[0] + "' (expected sample or beam)");
    });

    // Detector ---------------------------------------------------------------------------------
    add({"-Xbeam"}, Arity::one, [](A& a, const V& v, const S& f) {
        a.Xbeam_m = number(f, v[0]) / 1000.0;
        a.pivot = Pivot::beam;
    });
    add({"-Ybeam"}, Arity::one, [](A& a, const V& v, const S& f) {
        a.Ybeam_m = number(f, v[0]) / 1000.0;
        a.pivot = Pivot::beam;
    });
    add({"-Xclose"}, Arity::one, [](A& a, const V& v, const S& f) {
        a.Xclose_m = number(f, v[0]) / 1000.0;
        a.pivot = Pivot::sample;
    });
    add({"-Yclose"}, Arity::one, [](A& a, const V& v, const S& f) {
        a.Yclose_m = number(f, v[0]) / 1000.0;
        a.pivot = Pivot::sample;
    });
    add({"-ORGX"}, Arity::one, [](A& a, const V& v, const S& f) {
        a.ORGX = number(f, v[0]);
        a.pivot = Pivot::sample;
    });
    add({"-ORGY"}, Arity::one, [](A& a, const V& v, const S& f) {
        a.ORGY = number(f, v[0]);
        a.pivot = Pivot::sample;
    });
    add({"-distance"}, Arity::one, [](A& a, const V& v, const S& f) {
        a.distance_m = positive(f, v[0]) / 1000.0;
        a.pivot = Pivot::beam;
    });
    add({"-close_distance"}, Arity::one, [](A& a, const V& v, const S& f) {
        a.close_distance_m = positive(f, v[0]) / 1000.0;
        a.pivot = Pivot::sample;
    });
    add({"-detector_abs", "-detector_absorb", "-detector_absorption"}, Arity::one,
        [](A& a, const V& v, const S& f) {
            if (v[0].find("inf") != std::string::npos || non_negative(f, v[0]) == 0.0) {
                a.detector_thick_m = 0.0;
                a.detector_mu_per_m = 0.0;
            } else {
                a.detector_mu_per_m = 1.0 / (number(f, v[0]) * 1e-6);
            }
        });
    add({"-detector_thick"}, Arity::one,
        [](A& a, const V& v, const S& f) { a.detector_thick_m = non_negative(f, v[0]) * 1e-6; });
    add({"-detector_thicksteps", "-thicksteps"}, Arity::one, [](A& a, const V& v, const S& f) {
        a.detector_thicksteps =
            bounded(f, auto_count(f, v[0]), limits::kMaxLayers, "detector layers");
    });
    add({"-twotheta"}, Arity::one, [](A& a, const V& v, const S& f) {
        a.twotheta_rad = number(f, v[0]) / kRTD;
        a.pivot = Pivot::sample;
    });
    add({"-detector_rotx"}, Arity::one,
        [](A& a, const V& v, const S& f) { a.detector_rotx_rad = number(f, v[0]) / kRTD; });
    add({"-detector_roty"}, Arity::one,
        [](A& a, const V& v, const S& f) { a.detector_roty_rad = number(f, v[0]) / kRTD; });
    add({"-detector_rotz"}, Arity::one,
        [](A& a, const V& v, const S& f) { a.detector_rotz_rad = number(f, v[0]) / kRTD; });
    add({"-detsize"}, Arity::one, [](A& a, const V& v, const S& f) {
        a.detsize_f_m = a.detsize_s_m = positive(f, v[0]) / 1000.0;
    });
    add({"-detsize_f"}, Arity::one,
        [](A& a, const V& v, const S& f) { a.detsize_f_m = positive(f, v[0]) / 1000.0; });
    add({"-detsize_s"}, Arity::one,
        [](A& a, const V& v, const S& f) { a.detsize_s_m = positive(f, v[0]) / 1000.0; });
    add({"-detpixels"}, Arity::one,
        [](A& a, const V& v, const S& f) { a.fpixels = a.spixels = axis_pixels(f, v[0]); });
    add({"-detpixels_f", "-detpixels_x"}, Arity::one,
        [](A& a, const V& v, const S& f) { a.fpixels = axis_pixels(f, v[0]); });
    add({"-detpixels_s", "-detpixels_y"}, Arity::one,
        [](A& a, const V& v, const S& f) { a.spixels = axis_pixels(f, v[0]); });
    add({"-curved_det", "-curved_detector"}, Arity::dummy,
        [](A& a, const V&, const S&) { a.curved_detector = true; });
    add({"-pixel"}, Arity::one,
        [](A& a, const V& v, const S& f) { a.pixel_size_m = positive(f, v[0]) / 1000.0; });
    add({"-point_pixel"}, Arity::none, [](A& a, const V&, const S&) { a.point_pixel = true; });
    add({"-oversample_thick"}, Arity::none,
        [](A& a, const V&, const S&) { a.oversample_thick = true; });
    add({"-oversample_polar"}, Arity::none,
        [](A& a, const V&, const S&) { a.oversample_polar = true; });
    add({"-oversample_omega"}, Arity::none,
        [](A& a, const V&, const S&) { a.oversample_omega = true; });
    add({"-oversample"}, Arity::one, [](A& a, const V& v, const S& f) {
        const long n = integer(f, v[0]);
        if (n < 0)
            throw UsageError(f + ": negative value '" + v[0] + "'");
        a.oversample = bounded(f, static_cast<int>(n), limits::kMaxOversample,
                               "sub-pixels per axis"); // 0 = auto, as in C
    });
    add({"-roi"}, Arity::four, [](A& a, const V& v, const S& f) {
        a.roi_xmin = static_cast<int>(integer(f, v[0]));
        a.roi_xmax = static_cast<int>(integer(f, v[1]));
        a.roi_ymin = static_cast<int>(integer(f, v[2]));
        a.roi_ymax = static_cast<int>(integer(f, v[3]));
        if (a.roi_xmin < 0 || a.roi_ymin < 0 || a.roi_xmax < a.roi_xmin || a.roi_ymax < a.roi_ymin)
            throw UsageError(f + ": invalid region " + v[0] + " " + v[1] + " " + v[2] + " " + v[3] +
                             " (expected fmin fmax smin smax, min <= max, >= 0)");
    });
    add({"-img"}, Arity::one, [](A& a, const V& v, const S&) { a.img_file = v[0]; });
    add({"-mask"}, Arity::one, [](A& a, const V& v, const S&) { a.mask_file = v[0]; });

    // Outputs and diagnostics ------------------------------------------------------------------
    add({"-floatfile", "-floatimage"}, Arity::one,
        [](A& a, const V& v, const S&) { a.floatfile = v[0]; });
    add({"-intfile", "-intimage"}, Arity::one,
        [](A& a, const V& v, const S&) { a.intfile = v[0]; });
    add({"-pgmfile", "-pgmimage"}, Arity::one, [](A& a, const V& v, const S&) {
        a.pgmfile = v[0];
        a.write_pgm = true;
    });
    add({"-noisefile", "-noiseimage"}, Arity::one, [](A& a, const V& v, const S&) {
        a.noisefile = v[0];
        a.write_noise = true;
    });
    add({"-nonoise"}, Arity::none, [](A& a, const V&, const S&) { a.write_noise = false; });
    add({"-nopgm"}, Arity::none, [](A& a, const V&, const S&) { a.write_pgm = false; });
    add({"-scale"}, Arity::one,
        [](A& a, const V& v, const S& f) { a.intfile_scale = number(f, v[0]); });
    add({"-pgmscale"}, Arity::one, [](A& a, const V& v, const S& f) {
        a.pgm_scale = number(f, v[0]);
        a.write_pgm = true;
    });
    add({"-adc"}, Arity::one, [](A& a, const V& v, const S& f) { a.adc_offset = number(f, v[0]); });
    add({"-seed"}, Arity::one,
        [](A& a, const V& v, const S& f) { a.noise_seed = -integer(f, v[0]); });
    add({"-printout"}, Arity::none, [](A& a, const V&, const S&) { a.printout = true; });
    add({"-printout_pixel"}, Arity::two, [](A& a, const V& v, const S& f) {
        a.printout = true; // "-printout_pixel" also matches "-printout" in C
        a.printout_fpixel = static_cast<int>(integer(f, v[0]));
        a.printout_spixel = static_cast<int>(integer(f, v[1]));
    });
    add({"-noprogress"}, Arity::none, [](A& a, const V&, const S&) { a.progress = false; });
    add({"-progress"}, Arity::none, [](A& a, const V&, const S&) { a.progress = true; });
    add({"-trace_pixel", "-dump_pixel"}, Arity::two, [](A& a, const V& v, const S& f) {
        PixelIndex p;
        p.slow = static_cast<int>(integer(f, v[0]));
        p.fast = static_cast<int>(integer(f, v[1]));
        a.trace_pixels.push_back(p);
    });
    return t;
}

const std::map<std::string, const FlagSpec*>& flag_index() {
    static const std::vector<FlagSpec> table = make_flag_table();
    static const std::map<std::string, const FlagSpec*> index = [] {
        std::map<std::string, const FlagSpec*> m;
        for (const FlagSpec& spec : table)
            for (std::string_view n : spec.names)
                m.emplace(std::string(n), &spec);
        return m;
    }();
    return index;
}

struct ParsedFlag {
    std::string flag;
    const FlagSpec* spec;
    Values values;
};

Values take_values(const FlagSpec& spec, const std::string& flag,
                   const std::vector<std::string>& args, std::size_t& i) {
    auto need = [&](std::size_t n) {
        if (i + n >= args.size())
            throw UsageError(flag + ": missing value (expects " + std::to_string(n) + ")");
        Values v(args.begin() + static_cast<long>(i) + 1,
                 args.begin() + static_cast<long>(i + n) + 1);
        i += n;
        return v;
    };
    switch (spec.arity) {
    case Arity::none:
        return {};
    case Arity::one:
        return need(1);
    case Arity::two:
        return need(2);
    case Arity::three:
        return need(3);
    case Arity::four:
        return need(4);
    case Arity::cell: {
        Values v;
        while (v.size() < 6 && i + 1 < args.size() && !args[i + 1].empty() &&
               args[i + 1][0] != '-') {
            v.push_back(args[++i]);
        }
        if (v.empty())
            throw UsageError(flag + ": missing value (expects a [b c alpha beta gamma])");
        return v;
    }
    case Arity::dummy:
        if (i + 1 < args.size() && !args[i + 1].empty() && args[i + 1][0] != '-')
            ++i;
        return {};
    case Arity::misset:
        if (i + 1 < args.size() && args[i + 1].find("rand") != std::string::npos)
            return need(1);
        return need(3);
    }
    return {};
}

// Applies an -img or -mask SMV header to the arguments, as the C program's pre-pass does.
void apply_smv_header(NanoBraggArgs& a, const SmvFile& f, bool is_mask) {
    a.fpixels = f.width;
    a.spixels = f.height;
    if (auto v = f.value_of("PIXEL_SIZE"))
        a.pixel_size_m = *v / 1000.0;
    a.detsize_f_m = a.pixel_size_m * a.fpixels;
    a.detsize_s_m = a.pixel_size_m * a.spixels;
    if (auto v = f.value_of("DISTANCE"))
        a.distance_m = *v / 1000.0;
    if (auto v = f.value_of("CLOSE_DISTANCE"))
        a.close_distance_m = *v / 1000.0;
    if (auto v = f.value_of("WAVELENGTH"))
        a.lambda0_m = *v / 1e10;
    if (auto v = f.value_of("BEAM_CENTER_X"))
        a.Xbeam_m = *v / 1000.0;
    if (auto v = f.value_of("BEAM_CENTER_Y"))
        a.Ybeam_m = is_mask ? a.detsize_s_m - *v / 1000.0 : *v / 1000.0;
    if (auto v = f.value_of("ORGX"))
        a.ORGX = *v;
    if (auto v = f.value_of("ORGY"))
        a.ORGY = *v;
    if (auto v = f.value_of("PHI"))
        a.phi0_rad = *v / kRTD;
    if (auto v = f.value_of("OSC_RANGE"))
        a.osc_rad = *v / kRTD;
    // TWOTHETA goes into an unused variable in the C program: ignored.
}

} // namespace

namespace {

// The value of one of nbsim's enumerated options, or a UsageError naming the choices.
template <typename Parse>
auto enum_value(const std::string& option, const std::string& value, Parse parse,
                const char* choices) {
    const auto v = parse(value);
    if (!v)
        throw UsageError(option + ": invalid value '" + value + "' (expected " + choices + ")");
    return *v;
}

} // namespace

CommandLine parse_command_line(const std::vector<std::string>& args, long startup_seed) {
    CommandLine cl;
    cl.args.noise_seed = startup_seed;
    cl.args.misset_seed = startup_seed;

    std::vector<ParsedFlag> flags;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& tok = args[i];
        if (tok == "-h" || tok == "--help" || tok == "-help") {
            cl.help = true;
            continue;
        }
        if (tok.rfind("--", 0) == 0) {
            // nbsim's own options: --name value or --name=value.
            std::string name = tok, value;
            const std::size_t eq = tok.find('=');
            const bool has_eq = eq != std::string::npos;
            if (has_eq) {
                name = tok.substr(0, eq);
                value = tok.substr(eq + 1);
            }
            auto get_value = [&]() {
                if (has_eq)
                    return value;
                if (i + 1 >= args.size())
                    throw UsageError(name + ": missing value");
                return args[++i];
            };
            if (name == "--phi-mode") {
                cl.run.phi_mode =
                    enum_value(name, get_value(), phi_mode_from_string, "spec or c-parity");
            } else if (name == "--dtype") {
                cl.run.dtype =
                    enum_value(name, get_value(), dtype_from_string, "float64 or float32");
            } else if (name == "--threads") {
                const std::string value = get_value();
                cl.run.threads = positive_count("--threads", value);
                if (cl.run.threads > limits::kMaxThreads)
                    throw UsageError("--threads " + value + ": more than the " +
                                     std::to_string(limits::kMaxThreads) + " threads allowed");
            } else if (name == "--allow-huge") {
                if (has_eq)
                    throw UsageError("--allow-huge takes no value");
                cl.args.allow_huge = true;
            } else if (name == "--schedule") {
                cl.run.schedule =
                    enum_value(name, get_value(), schedule_from_string, "roi or full-frame");
            } else if (name == "--inject-fault") {
                cl.run.fault = enum_value(name, get_value(), fault_from_string,
                                          "geometry, lattice, scale or none");
            } else {
                throw UsageError("unknown flag " + name);
            }
            continue;
        }
        if (tok.size() < 2 || tok[0] != '-')
            throw UsageError("unexpected argument '" + tok + "' (not a value of any flag)");
        const auto& index = flag_index();
        const auto it = index.find(tok);
        if (it == index.end())
            throw UsageError("unknown flag " + tok);
        ParsedFlag pf{tok, it->second, {}};
        pf.values = take_values(*it->second, tok, args, i);
        flags.push_back(std::move(pf));
    }

    // Pre-pass (C order): the mask header first, then the image header; flags override both.
    for (const ParsedFlag& pf : flags) {
        if (pf.flag == "-mask")
            cl.args.mask_file = pf.values[0];
        if (pf.flag == "-img")
            cl.args.img_file = pf.values[0];
    }
    if (!cl.args.mask_file.empty())
        apply_smv_header(cl.args, read_smv(cl.args.mask_file), true);
    if (!cl.args.img_file.empty())
        apply_smv_header(cl.args, read_smv(cl.args.img_file), false);

    for (const ParsedFlag& pf : flags)
        pf.spec->apply(cl.args, pf.values, pf.flag);
    return cl;
}

void validate_pixels_inside_detector(const NanoBraggArgs& a, int fpixels, int spixels) {
    if (a.roi_xmin >= 0 || a.roi_xmax >= 0 || a.roi_ymin >= 0 || a.roi_ymax >= 0) {
        if (a.roi_xmax >= fpixels || a.roi_ymax >= spixels)
            throw UsageError("-roi: region " + std::to_string(a.roi_xmin) + " " +
                             std::to_string(a.roi_xmax) + " " + std::to_string(a.roi_ymin) + " " +
                             std::to_string(a.roi_ymax) + " is outside the " +
                             std::to_string(fpixels) + " x " + std::to_string(spixels) +
                             " (fast x slow) detector");
    }
    for (const PixelIndex& p : a.trace_pixels) {
        if (p.slow < 0 || p.fast < 0 || p.slow >= spixels || p.fast >= fpixels)
            throw UsageError("-trace_pixel: pixel (slow " + std::to_string(p.slow) + ", fast " +
                             std::to_string(p.fast) + ") is outside the " +
                             std::to_string(fpixels) + " x " + std::to_string(spixels) +
                             " (fast x slow) detector");
    }
    if (a.printout_fpixel >= fpixels || a.printout_spixel >= spixels)
        throw UsageError("-printout_pixel: pixel (fast " + std::to_string(a.printout_fpixel) +
                         ", slow " + std::to_string(a.printout_spixel) +
                         ") is outside the detector");
}

std::string usage_text() {
    return "usage: nbsim [nanoBragg flags] [--phi-mode spec|c-parity] [--dtype float64|float32]\n"
           "             [--threads N] [--schedule roi|full-frame] [--allow-huge]\n"
           "\n"
           "nbsim accepts the nanoBragg C program's single-dash flags with the same meanings,\n"
           "units and defaults (-mat/-cell, -hkl/-default_F, -N, -lambda, -distance, -pixel,\n"
           "-detpixels, -phi/-osc/-phisteps, -mosaic, -roi, -trace_pixel S F, -floatfile, ...)\n"
           "and writes the same files. See simulator/README.md for the full list and for every\n"
           "place nbsim deliberately differs from the C program.\n"
           "\n"
           "  --phi-mode spec|c-parity  spec (default): fresh spindle rotation at every phi step;\n"
           "                            c-parity: emulate the C program's phi=0 carry-over\n"
           "                            (C-PARITY-001) for the given thread count and schedule\n"
           "  --dtype float64|float32   kernel precision (default float64)\n"
           "  --threads N               OpenMP threads, also the thread count c-parity emulates\n"
           "                            (default OMP_NUM_THREADS, else the machine's)\n"
           "  --schedule roi|full-frame region whose loop order decides each thread's first\n"
           "                            pass in c-parity mode (default roi, what C does)\n"
           "  --allow-huge              accept more than 2 GiB of memory or 1e10 evaluations\n"
           "                            (see README.md, Limits)\n"
           "  --inject-fault geometry|lattice|scale\n"
           "                            TESTING PARITY TOOLS ONLY: make one stage wrong (a\n"
           "                            1e-3 pixel shift, Nb + 1 in the lattice factor, or a\n"
           "                            polarization 1e-3 too large)\n"
           "\n"
           "exit codes: 0 success, 1 usage error, 2 input error, 4 internal error\n";
}

} // namespace nbsim
