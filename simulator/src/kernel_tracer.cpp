#include "kernel_tracer.h"

#include <cmath>

namespace nbsim::kernel {

namespace {
std::vector<double> v3(const Vec3& v, double scale = 1.0) {
    return {v.x() * scale, v.y() * scale, v.z() * scale};
}
} // namespace

nbtrace::Indices RecordingTracer::pixel_idx() const {
    nbtrace::Indices i;
    i.pixel_slow = pixel_.slow;
    i.pixel_fast = pixel_.fast;
    return i;
}

nbtrace::Indices RecordingTracer::pass_idx(int layer, int sub_s, int sub_f) const {
    nbtrace::Indices i = pixel_idx();
    i.layer = layer;
    i.sub_s = sub_s;
    i.sub_f = sub_f;
    return i;
}

void RecordingTracer::emit(std::string_view key, const nbtrace::Indices& idx,
                           std::vector<double> values) {
    sink_.emit(make_simulator_record(key, idx, std::move(values)));
}

void RecordingTracer::subpixel(int layer, int sub_s, int sub_f, const Vec3& pos, double airpath,
                               const Vec3& d, double omega, double close_distance) {
    const nbtrace::Indices idx = pass_idx(layer, sub_s, sub_f);
    emit("pix0_vector", idx, v3(detector_.origin_m));
    emit("fdet_vector", idx, v3(detector_.fast_axis));
    emit("sdet_vector", idx, v3(detector_.slow_axis));
    emit("close_distance", idx, {close_distance});
    emit("pixel_pos", idx, v3(pos));
    emit("airpath", idx, {airpath});
    emit("diffracted_vec", idx, v3(d));
    emit("obliquity_factor", idx, {close_distance / airpath});
    emit("omega_pixel", idx, {omega});
}

void RecordingTracer::capture(int layer, double capture_fraction) {
    nbtrace::Indices idx = pixel_idx();
    idx.layer = layer;
    emit("capture_fraction", idx, {capture_fraction});
}

void RecordingTracer::source(int layer, int sub_s, int sub_f, int source, const Vec3& incident,
                             double lambda, const Vec3& q, double stol, double polar,
                             double cos_2theta) {
    nbtrace::Indices idx = pass_idx(layer, sub_s, sub_f);
    idx.source = source;
    emit("incident_vec", idx, v3(incident));
    emit("lambda", idx, {lambda});
    emit("scattering_vector", idx, v3(q));
    emit("stol", idx, {stol});
    emit("polar", idx, {polar});
    emit("cos_2theta", idx, {cos_2theta});
}

void RecordingTracer::phi_step(int layer, int sub_s, int sub_f, int source, int phi,
                               double /*phi_deg*/, const Vec3& ap, const Vec3& bp, const Vec3& cp) {
    nbtrace::Indices idx = pass_idx(layer, sub_s, sub_f);
    idx.source = source;
    idx.phi = phi;
    emit("ap", idx, v3(ap, 1e10));
    emit("bp", idx, v3(bp, 1e10));
    emit("cp", idx, v3(cp, 1e10));
}

void RecordingTracer::evaluation(int layer, int sub_s, int sub_f, int source, int phi, int mosaic,
                                 const Vec3& a, const Vec3& b, const Vec3& c,
                                 const EvaluationValues& v) {
    nbtrace::Indices idx = pass_idx(layer, sub_s, sub_f);
    idx.source = source;
    idx.phi = phi;
    idx.mosaic = mosaic;
    emit("a_rot", idx, v3(a, 1e10));
    emit("b_rot", idx, v3(b, 1e10));
    emit("c_rot", idx, v3(c, 1e10));
    emit("hkl_frac", idx, {v.h, v.k, v.l});
    emit("hkl_rounded", idx,
         {static_cast<double>(v.h0), static_cast<double>(v.k0), static_cast<double>(v.l0)});
    emit("F_latt_a", idx, {v.F_latt_a});
    emit("F_latt_b", idx, {v.F_latt_b});
    emit("F_latt_c", idx, {v.F_latt_c});
    emit("F_latt", idx, {v.F_latt});
    if (!v.skipped)
        emit("F_cell", idx, {v.F_cell});
    emit("I_contribution", idx, {v.contribution});
}

void RecordingTracer::pixel_end(double I_before_scaling, long long steps, double capture_fraction,
                                double polar, double omega, double cos_2theta, double I_pixel_final,
                                float image_value) {
    const nbtrace::Indices idx = pixel_idx();
    emit("I_before_scaling", idx, {I_before_scaling});
    emit("r_e", idx, {std::sqrt(r_e_sqr_)});
    emit("r_e_sqr", idx, {r_e_sqr_});
    emit("fluence", idx, {fluence_});
    emit("steps", idx, {static_cast<double>(steps)});
    emit("capture_fraction", idx, {capture_fraction});
    emit("polar", idx, {polar});
    emit("omega_pixel", idx, {omega});
    emit("cos_2theta", idx, {cos_2theta});
    emit("I_pixel_final", idx, {I_pixel_final});
    emit("image_value", idx, {static_cast<double>(image_value)});
}

} // namespace nbsim::kernel
