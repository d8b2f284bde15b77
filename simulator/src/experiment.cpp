#include "nbsim/experiment.h"

#include "beam_sources.h"
#include "crystal_setup.h"
#include "detector_geometry.h"
#include "nbsim/command_line.h"
#include "nbsim/errors.h"
#include "nbsim/image_io.h"
#include "nbsim/limits.h"
#include "nbsim/text_input.h"
#include "sampling_rules.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdio>

namespace nbsim {

namespace {

constexpr double kAvogadro = 6.02214179e23;
constexpr double kWaterF = 2.57;  // water forward-scattering amplitude
constexpr double kWaterMW = 18.0; // g/mol

// The resolved phi, mosaic, layer and source counts against the hard limits (limits.h).
void check_counts(const NanoBraggArgs& a, const SampledRange& phi, const SampledRange& hdiv,
                  const SampledRange& vdiv, const SampledRange& disp, const SampledRange& thick,
                  const MosaicSampling& mos) {
    auto too_many = [](const std::string& flags, const char* what, double n, double max) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.0f %s, more than the %.0f allowed", n, what, max);
        throw UsageError(flags + ": " + buf);
    };
    if (phi.count > limits::kMaxPhiSteps)
        too_many("-phisteps/-osc/-phistep", "phi steps", phi.count, limits::kMaxPhiSteps);
    if (mos.domains > limits::kMaxMosaicDomains)
        too_many("-mosaic_domains", "mosaic domains", mos.domains, limits::kMaxMosaicDomains);
    if (static_cast<double>(phi.count) * mos.domains > limits::kMaxOrientations)
        too_many("-phisteps x -mosaic_domains", "orientations",
                 static_cast<double>(phi.count) * mos.domains, limits::kMaxOrientations);
    if (thick.count > limits::kMaxLayers)
        too_many("-detector_thicksteps/-detector_thick", "detector layers", thick.count,
                 limits::kMaxLayers);
    const double grid = static_cast<double>(hdiv.count) * vdiv.count * disp.count;
    if (a.source_file.empty() && grid > limits::kMaxSources)
        too_many("-divsteps/-hdivsteps/-vdivsteps/-dispsteps", "sources", grid,
                 limits::kMaxSources);
}

} // namespace

Experiment build_experiment(const NanoBraggArgs& input, std::ostream& log) {
    NanoBraggArgs a = input; // the set-up mutates a few values, as the C program does
    Experiment ex;
    Detector& det = ex.detector;
    Beam& beam = ex.beam;

    // Detector size: pixel counts win over sizes, then counts are re-derived.
    if (a.fpixels)
        a.detsize_f_m = a.pixel_size_m * a.fpixels;
    if (a.spixels)
        a.detsize_s_m = a.pixel_size_m * a.spixels;
    // range-checked before the conversion to int, which would overflow
    const double nf = std::ceil(a.detsize_f_m / a.pixel_size_m - 0.5);
    const double ns = std::ceil(a.detsize_s_m / a.pixel_size_m - 0.5);
    if (!(nf >= 1 && ns >= 1))
        throw UsageError("-detpixels/-detsize/-pixel: detector has no pixels (" +
                         std::to_string(static_cast<long long>(std::max(nf, -1.0))) + " x " +
                         std::to_string(static_cast<long long>(std::max(ns, -1.0))) + ")");
    if (nf > limits::kMaxAxisPixels || ns > limits::kMaxAxisPixels)
        throw UsageError("-detsize/-pixel: a " + std::to_string(static_cast<long long>(nf)) +
                         " x " + std::to_string(static_cast<long long>(ns)) +
                         " pixel detector, more than the " +
                         std::to_string(limits::kMaxAxisPixels) + " pixels per axis allowed");
    det.fast_pixels = static_cast<int>(nf);
    det.slow_pixels = static_cast<int>(ns);
    if (!(a.lambda0_m > 0.0) || !std::isfinite(a.lambda0_m)) { // flags were checked when parsed
        char buf[64];
        std::snprintf(buf, sizeof buf, ": wavelength %g A (WAVELENGTH must be positive)",
                      a.lambda0_m * 1e10);
        throw InputError((!a.img_file.empty() ? a.img_file : a.mask_file) + buf);
    }
    MemoryEstimate memory;
    memory.fast_pixels = det.fast_pixels;
    memory.slow_pixels = det.slow_pixels;
    check_memory(memory, a.allow_huge); // the image alone, before anything else is read
    det.pixel_size_m = a.pixel_size_m;
    det.detsize_f_m = a.detsize_f_m;
    det.detsize_s_m = a.detsize_s_m;
    validate_pixels_inside_detector(a, det.fast_pixels, det.slow_pixels);

    // Fluence from flux; a beam smaller than the sample clips it (C: beamsize >= 0).
    if (a.flux != 0.0 && a.exposure_s > 0.0 && a.beamsize_m >= 0)
        a.fluence = a.flux * a.exposure_s / a.beamsize_m / a.beamsize_m;
    if (a.beamsize_m >= 0) {
        if (a.beamsize_m < a.sample_y_m) {
            log << "WARNING: clipping sample (" << a.sample_y_m << " m high) with beam ("
                << a.beamsize_m << " m)\n";
            a.sample_y_m = a.beamsize_m;
        }
        if (a.beamsize_m < a.sample_z_m) {
            log << "WARNING: clipping sample (" << a.sample_z_m << " m wide) with beam ("
                << a.beamsize_m << " m)\n";
            a.sample_z_m = a.beamsize_m;
        }
    }
    if (a.exposure_s > 0.0)
        a.flux = a.fluence / a.exposure_s * a.beamsize_m * a.beamsize_m;

    // ROI (inclusive); the C default's upper bound is one past the edge, which is harmless.
    det.roi.fast_min = a.roi_xmin < 0 ? 0 : a.roi_xmin;
    det.roi.fast_max = a.roi_xmax < 0 ? det.fast_pixels - 1 : a.roi_xmax;
    det.roi.slow_min = a.roi_ymin < 0 ? 0 : a.roi_ymin;
    det.roi.slow_max = a.roi_ymax < 0 ? det.slow_pixels - 1 : a.roi_ymax;

    const ConventionAxes axes = resolve_convention_axes(a, a.detsize_f_m, a.detsize_s_m, log);
    log << to_string(axes.convention) << " convention selected.\n";

    // Usage checks: a crystal and structure factors are required. nbsim never reads a cache
    // implicitly (C-DESIGN-FLAW-005): only an explicit -dump file stands in for -hkl.
    if (a.hkl_file.empty() && a.dump_file.empty() && a.default_F == 0.0)
        throw UsageError("-hkl: no structure factors (give -hkl, -dump or -default_F)");
    if (a.mat_file.empty() && !a.user_cell)
        throw UsageError("-mat/-cell: no crystal (give -mat or -cell)");
    if (a.user_cell && a.cell_a_A <= 0.0)
        throw UsageError("-cell: cell edge a must be positive");

    // Sampling rules.
    const SampledRange phi = resolve_phi_sampling(a.phisteps, a.osc_rad, a.phistep_rad);
    const SampledRange hdiv =
        sanitise(resolve_divergence_sampling(a.hdivsteps, a.hdivrange_rad, a.hdivstep_rad));
    const SampledRange vdiv =
        sanitise(resolve_divergence_sampling(a.vdivsteps, a.vdivrange_rad, a.vdivstep_rad));
    const SampledRange disp =
        sanitise(resolve_divergence_sampling(a.dispsteps, a.dispersion, a.dispstep));
    SampledRange thick = resolve_thickness_sampling(a.detector_thicksteps, a.detector_thick_m,
                                                    a.detector_thickstep_m);
    double mu = a.detector_mu_per_m;
    if (thick.range > 0.0 && mu < 0.0) {
        mu = 1.0 / thick.range; // attenuation never set: C uses 1/thickness
        log << "WARNING: setting detector attenuation depth to " << mu << " m\n";
    }
    thick = sanitise(thick);
    const MosaicSampling mos = resolve_mosaic_sampling(a.mosaic_domains, a.mosaic_spread_rad);
    if (a.mosaic_domains <= 0 && mos.domains == 10)
        log << "WARNING: finite mosaicity with only one domain! upping to 10 mosaic domains\n";
    if (phi.count < 1)
        throw UsageError("-phisteps/-osc/-phistep: zero phi steps");
    check_counts(a, phi, hdiv, vdiv, disp, thick, mos);
    memory.orientations = static_cast<double>(phi.count) * mos.domains;

    ex.scan.rotation_axis = axes.spindle;
    ex.scan.phi0_rad = a.phi0_rad;
    ex.scan.phistep_rad = phi.step;
    ex.scan.osc_rad = phi.range;
    ex.scan.phisteps = phi.count;

    det.layers.count = thick.count;
    det.layers.thickness_m = thick.range;
    det.layers.step_m = thick.step;
    det.layers.mu_per_m = mu;
    det.curved = a.curved_detector;
    det.point_pixel = a.point_pixel;
    place_detector(a, axes, det, log);

    // Interpolation auto rule: evaluated before N is derived from the sample size (C order).
    bool interpolate = a.interpolate == 1;
    if (a.interpolate > 1) {
        interpolate = a.Na <= 2 || a.Nb <= 2 || a.Nc <= 2;
        log << (interpolate ? "auto-selected tricubic interpolation of structure factors\n"
                            : "auto-selected no interpolation\n");
    }

    ex.crystal = build_crystal(a, ex.rng, log);

    // Oversampling: the recommended value resolves the crystal's reciprocal size per pixel.
    {
        const Crystal& x = ex.crystal;
        const double sa = x.real_space_a_m.norm() * x.Na;
        const double sb = x.real_space_b_m.norm() * x.Nb;
        const double sc = x.real_space_c_m.norm() * x.Nc;
        const double xtalsize_max = std::max(sa, std::max(sb, sc));
        const double reciprocal_pixel_size = a.lambda0_m * det.distance_m / det.pixel_size_m;
        const double wanted = std::ceil(3.0 * xtalsize_max / reciprocal_pixel_size);
        // converted only once in int range (a huge crystal would overflow the C program's int)
        int recommended = wanted > INT_MAX ? INT_MAX : static_cast<int>(wanted);
        if (recommended <= 0)
            recommended = 1;
        int oversample = a.oversample;
        if (oversample <= 0) {
            if (recommended > limits::kMaxOversample) {
                char buf[200];
                std::snprintf(buf, sizeof buf,
                              "-oversample: the crystal (%g um across) would need %.0f-fold "
                              "oversampling, more than the %d allowed; give -oversample N",
                              xtalsize_max * 1e6, wanted, limits::kMaxOversample);
                throw UsageError(buf);
            }
            oversample = recommended;
            log << "auto-selected " << oversample << "-fold oversampling\n";
        }
        if (oversample < recommended)
            log << "WARNING: maximum dimension of sample is " << xtalsize_max * 1e10
                << " A\n         but reciprocal pixel size is " << reciprocal_pixel_size * 1e10
                << " A\n         intensity may vary significantly across a pixel!\n"
                << "         recommend -oversample " << recommended << " to work around this\n";
        ex.sampling.oversample = oversample;
    }

    // Structure factors.
    const TableBudget budget = [&memory, &a](double bytes) {
        MemoryEstimate m = memory;
        m.table_bytes = bytes;
        check_memory(m, a.allow_huge);
    };
    if (!a.hkl_file.empty()) {
        ex.structure_factors = read_hkl_file(a.hkl_file, a.default_F, budget);
        const StructureFactors& sf = ex.structure_factors;
        if (!a.dump_file.empty() && sf.dense()) {
            write_fdump_file(a.dump_file, sf);
            log << "writing dump file for next time: " << a.dump_file << "\n";
        } else if (!a.dump_file.empty()) {
            char buf[300];
            std::snprintf(buf, sizeof buf,
                          "not writing dump file %s: %ld reflections over a %d x %d x %d index "
                          "box are stored hashed, and the dense cache would take %.3g GB\n",
                          a.dump_file.c_str(), sf.listed, sf.h_range(), sf.k_range(), sf.l_range(),
                          8.0 * (sf.h_range() + 1.0) * (sf.k_range() + 1.0) * (sf.l_range() + 1.0) /
                              1e9);
            log << buf;
        }
    } else if (!a.dump_file.empty()) {
        if (!input_exists(a.dump_file) && a.default_F != 0.0) {
            ex.structure_factors = constant_structure_factors(a.default_F);
        } else {
            log << "reading Fs from " << a.dump_file << "\n";
            ex.structure_factors = read_fdump_file(a.dump_file, a.default_F, budget);
        }
    } else {
        ex.structure_factors = constant_structure_factors(a.default_F);
    }
    if (!ex.structure_factors.has_grid())
        interpolate = false; // nothing to interpolate

    // The -stol/-4stol/-Q tables are never used by the pixel loop: not read.

    // Beam and sources.
    beam.beam_vector = axes.beam;
    beam.polarization_axis = axes.polar;
    beam.vertical_axis = axes.vertical;
    beam.wavelength_m = a.lambda0_m;
    beam.kahn_factor = a.kahn_factor;
    beam.nopolar = a.nopolar;
    beam.fluence = a.fluence;
    beam.flux = a.flux;
    beam.exposure_s = a.exposure_s;
    beam.beamsize_m = a.beamsize_m;
    beam.hdivsteps = hdiv.count;
    beam.hdivrange_rad = hdiv.range;
    beam.hdivstep_rad = hdiv.step;
    beam.vdivsteps = vdiv.count;
    beam.vdivrange_rad = vdiv.range;
    beam.vdivstep_rad = vdiv.step;
    beam.dispsteps = disp.count;
    beam.dispersion = disp.range;
    beam.dispstep = disp.step;
    if (!a.source_file.empty()) {
        beam.sources = read_source_file(a.source_file, beam.beam_vector, a.lambda0_m);
        beam.divergence_points = -1;
    } else {
        generate_sources(beam, a.round_div);
    }
    normalise_source_directions(beam);
    if (beam.sources.empty())
        throw UsageError("-divergence/-dispersion: no source survives the divergence cut");
    memory.sources = static_cast<double>(beam.sources.size());
    memory.table_bytes =
        ex.structure_factors.dense()
            ? 8.0 * static_cast<double>(ex.structure_factors.values.size())
            : HashedReflections::bytes_for(static_cast<double>(ex.structure_factors.hashed.size()));
    check_memory(memory, a.allow_huge);
    ex.allow_huge = a.allow_huge;

    // Mosaic domains, drawn from their own stream; domain 0 is forced to the identity.
    ex.mosaic.spread_rad = mos.spread_rad;
    ex.mosaic.seed = a.mosaic_seed;
    ex.mosaic.umats.clear();
    long mosaic_seed = a.mosaic_seed;
    for (int m = 0; m < mos.domains; ++m) {
        Mat3 U = mosaic_rotation_umat(static_cast<float>(mos.spread_rad), ex.rng, mosaic_seed);
        if (m == 0)
            U = Mat3::Identity();
        ex.mosaic.umats.push_back(U);
    }

    // Final sampling decisions.
    Sampling& smp = ex.sampling;
    smp.oversample_thick = a.oversample_thick;
    smp.oversample_polar = a.oversample_polar;
    smp.oversample_omega = a.oversample_omega;
    smp.dmin_m = a.dmin_m;
    smp.water_size_m = a.water_size_m;
    smp.interpolate = interpolate;
    smp.steps = static_cast<long long>(beam.sources.size()) * ex.mosaic.count() * ex.scan.phisteps *
                smp.oversample * smp.oversample;
    smp.subpixel_size_m = det.pixel_size_m / smp.oversample;
    // Water background: already contains r_e^2 * fluence and is scaled by it again (C, 7.1).
    smp.I_bg = kWaterF * kWaterF * kElectronRadiusSquared_m2 * beam.fluence * a.water_size_m *
               a.water_size_m * a.water_size_m * 1e6 * kAvogadro / kWaterMW;

    // Mask (pixels equal to 0 are skipped).
    if (!a.mask_file.empty()) {
        SmvFile m = read_smv(a.mask_file);
        if (m.width != det.fast_pixels || m.height != det.slow_pixels)
            throw InputError(a.mask_file + ": mask is " + std::to_string(m.width) + " x " +
                             std::to_string(m.height) + " pixels, the detector " +
                             std::to_string(det.fast_pixels) + " x " +
                             std::to_string(det.slow_pixels));
        det.mask = std::move(m.pixels);
    }

    char buf[256];
    std::snprintf(buf, sizeof buf,
                  "  %d sources, %d mosaic domains, %d phi steps, %dx%d pixel oversample "
                  "steps, %d detector layers\n",
                  static_cast<int>(beam.sources.size()), ex.mosaic.count(), ex.scan.phisteps,
                  smp.oversample, smp.oversample, det.layers.count);
    log << buf;
    return ex;
}

} // namespace nbsim
