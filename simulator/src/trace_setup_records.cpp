// The run-level trace records: effective configuration, detector, crystal, beam, phi angles and
// mosaic matrices, in canonical units (traces/registry/keys.json).
#include "nbsim/simulation.h"

#include <cmath>

namespace nbsim {

namespace {
constexpr double kRTD = 180.0 * M_1_PI;
std::vector<double> v3(const Vec3& v, double scale = 1.0) {
    return {v.x() * scale, v.y() * scale, v.z() * scale};
}
} // namespace

void emit_setup_records(const Experiment& ex, const RunOptions& run, int threads, TraceSink& sink) {
    const Detector& det = ex.detector;
    const Beam& beam = ex.beam;
    const Crystal& x = ex.crystal;
    const Sampling& smp = ex.sampling;
    const StructureFactors& sf = ex.structure_factors;
    auto emit = [&](std::string_view key, std::vector<double> values,
                    const nbtrace::Indices& idx = nbtrace::Indices{}) {
        sink.emit(make_simulator_record(key, idx, std::move(values)));
    };
    auto b = [](bool v) { return v ? 1.0 : 0.0; };

    // config
    emit("convention", {static_cast<double>(static_cast<int>(det.convention))});
    emit("pivot", {static_cast<double>(static_cast<int>(det.pivot))});
    emit("detpixels", {static_cast<double>(det.slow_pixels), static_cast<double>(det.fast_pixels)});
    emit("roi", {static_cast<double>(det.roi.fast_min), static_cast<double>(det.roi.fast_max),
                 static_cast<double>(det.roi.slow_min), static_cast<double>(det.roi.slow_max)});
    emit("oversample", {static_cast<double>(smp.oversample)});
    emit("oversample_thick", {b(smp.oversample_thick)});
    emit("oversample_polar", {b(smp.oversample_polar)});
    emit("oversample_omega", {b(smp.oversample_omega)});
    emit("phi0", {ex.scan.phi0_rad * kRTD});
    emit("phistep", {ex.scan.phistep_rad * kRTD});
    emit("osc", {ex.scan.osc_rad * kRTD});
    emit("phisteps", {static_cast<double>(ex.scan.phisteps)});
    emit("mosaic_spread", {ex.mosaic.spread_rad * kRTD});
    emit("mosaic_domains", {static_cast<double>(ex.mosaic.count())});
    emit("sources", {static_cast<double>(beam.sources.size())});
    emit("dmin", {smp.dmin_m});
    emit("interpolate", {b(smp.interpolate)});
    emit("xtal_shape", {static_cast<double>(static_cast<int>(x.shape))});
    emit("fudge", {x.fudge});
    emit("kahn_factor", {beam.kahn_factor});
    emit("nopolar", {b(beam.nopolar)});
    emit("curved_detector", {b(det.curved)});
    emit("point_pixel", {b(det.point_pixel)});
    emit("detector_thick", {det.layers.thickness_m});
    emit("detector_thicksteps", {static_cast<double>(det.layers.count)});
    emit("detector_thickstep", {det.layers.step_m});
    emit("detector_mu", {det.layers.mu_per_m});
    emit("water_size", {smp.water_size_m});
    emit("default_F", {sf.default_F});
    if (sf.has_grid())
        emit("hkl_bounds", {static_cast<double>(sf.h_min), static_cast<double>(sf.h_max),
                            static_cast<double>(sf.k_min), static_cast<double>(sf.k_max),
                            static_cast<double>(sf.l_min), static_cast<double>(sf.l_max)});
    emit("threads", {static_cast<double>(threads)});
    emit("schedule", {static_cast<double>(static_cast<int>(run.schedule))});
    emit("phi_mode", {static_cast<double>(static_cast<int>(run.phi_mode))});

    // detector
    emit("fdet_vector", v3(det.fast_axis));
    emit("sdet_vector", v3(det.slow_axis));
    emit("odet_vector", v3(det.normal_axis));
    emit("pix0_vector", v3(det.origin_m));
    emit("beam_vector", v3(beam.beam_vector));
    emit("polar_vector", v3(beam.polarization_axis));
    emit("spindle_axis", v3(ex.scan.rotation_axis));
    emit("twotheta_axis", v3(det.twotheta_axis));
    emit("pixel_size", {det.pixel_size_m});
    emit("distance", {det.distance_m});
    emit("close_distance", {det.close_distance_m});
    emit("ratio", {det.ratio});
    emit("Fbeam", {det.Fbeam_m});
    emit("Sbeam", {det.Sbeam_m});
    emit("Fclose", {det.Fclose_m});
    emit("Sclose", {det.Sclose_m});
    emit("Xbeam", {det.Xbeam_m});
    emit("Ybeam", {det.Ybeam_m});
    emit("Xclose", {det.Xclose_m});
    emit("Yclose", {det.Yclose_m});
    emit("ORGX", {det.orgx_px});
    emit("ORGY", {det.orgy_px});
    emit("dials_origin", v3(det.dials_origin_mm));
    emit("detector_rotx", {det.rotx_rad});
    emit("detector_roty", {det.roty_rad});
    emit("detector_rotz", {det.rotz_rad});
    emit("twotheta", {det.twotheta_rad});
    // how the detector was placed
    const DetectorDerivation& dv = det.derivation;
    emit("initial_fdet", v3(dv.initial_fast_axis));
    emit("initial_sdet", v3(dv.initial_slow_axis));
    emit("initial_odet", v3(dv.initial_normal_axis));
    emit("distance_pivot", {dv.distance_pivot});
    if (det.pivot == Pivot::sample) {
        emit("Fclose_pivot", {dv.Fclose_pivot});
        emit("Sclose_pivot", {dv.Sclose_pivot});
        emit("close_distance_pivot", {dv.close_distance_pivot});
        emit("term_fast_before_rot", v3(dv.term_fast));
        emit("term_slow_before_rot", v3(dv.term_slow));
        emit("term_close_before_rot", v3(dv.term_normal_or_beam));
        emit("pix0_before_rotation", v3(dv.pix0_before_rotation));
        emit("pix0_after_rotz", v3(dv.pix0_after_rotz));
        emit("pix0_after_twotheta", v3(det.origin_m));
    } else {
        emit("Fbeam_pivot", {dv.Fbeam_pivot});
        emit("Sbeam_pivot", {dv.Sbeam_pivot});
        emit("term_fast", v3(dv.term_fast));
        emit("term_slow", v3(dv.term_slow));
        emit("term_beam", v3(dv.term_normal_or_beam));
    }
    emit("fdet_after_rotz", v3(dv.fast_after_rotz));
    emit("sdet_after_rotz", v3(dv.slow_after_rotz));
    emit("odet_after_rotz", v3(dv.normal_after_rotz));
    emit("fdet_after_twotheta", v3(det.fast_axis));
    emit("sdet_after_twotheta", v3(det.slow_axis));
    emit("odet_after_twotheta", v3(det.normal_axis));

    // crystal
    emit("a_star", v3(x.reciprocal_a_per_A));
    emit("b_star", v3(x.reciprocal_b_per_A));
    emit("c_star", v3(x.reciprocal_c_per_A));
    emit("a0", v3(x.real_space_a_m, 1e10));
    emit("b0", v3(x.real_space_b_m, 1e10));
    emit("c0", v3(x.real_space_c_m, 1e10));
    emit("N_cells", {x.Na, x.Nb, x.Nc});
    emit("V_cell", {x.volume_A3});
    if (x.misset_rad != Vec3::Zero())
        emit("misset", v3(x.misset_rad, kRTD));
    {
        // a b c (A) alpha beta gamma (deg) of the unrotated cell
        const Vec3& a = x.real_space_a_m;
        const Vec3& bv = x.real_space_b_m;
        const Vec3& c = x.real_space_c_m;
        auto angle = [](const Vec3& u, const Vec3& v) {
            return std::acos(u.dot(v) / (u.norm() * v.norm())) * kRTD;
        };
        emit("unit_cell", {a.norm() * 1e10, bv.norm() * 1e10, c.norm() * 1e10, angle(bv, c),
                           angle(c, a), angle(a, bv)});
    }

    // beam
    emit("lambda0", {beam.wavelength_m});
    for (std::size_t j = 0; j < beam.sources.size(); ++j) {
        nbtrace::Indices idx;
        idx.source = static_cast<int>(j);
        emit("source_direction", v3(beam.sources[j].direction), idx);
        emit("source_lambda", {beam.sources[j].wavelength_m}, idx);
        emit("source_weight", {beam.sources[j].weight}, idx);
    }

    // scale factors common to every pixel
    emit("fluence", {beam.fluence});
    emit("r_e_sqr", {kElectronRadiusSquared_m2});
    emit("steps", {static_cast<double>(smp.steps)});
    emit("I_bg", {smp.I_bg});

    // orientation: nominal phi angles and mosaic matrices
    for (int n = 0; n < ex.scan.phisteps; ++n) {
        nbtrace::Indices idx;
        idx.phi = n;
        emit("phi_angle", {ex.scan.angle_rad(n) * kRTD}, idx);
    }
    for (int m = 0; m < ex.mosaic.count(); ++m) {
        nbtrace::Indices idx;
        idx.mosaic = m;
        const Mat3& U = ex.mosaic.umats[static_cast<std::size_t>(m)];
        emit("mosaic_umat",
             {U(0, 0), U(0, 1), U(0, 2), U(1, 0), U(1, 1), U(1, 2), U(2, 0), U(2, 1), U(2, 2)},
             idx);
    }
}

} // namespace nbsim
