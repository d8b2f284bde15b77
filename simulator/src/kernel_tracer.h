// Tracer policies of the pixel kernel.
//
// The kernel is a template on its tracer. Production spans use NullTracer, whose hooks compile
// to nothing. Traced pixels run through the SAME template, one pixel per span, with
// RecordingTracer: every hook receives the values the kernel has just computed and uses, and
// turns them into trace records. There is no separate trace computation.
#pragma once

#include "nbsim/detector.h"
#include "nbsim/trace_sink.h"
#include "nbsim/vec3.h"

namespace nbsim::kernel {

// Per-evaluation values of one lane, written by the kernel's inner loop for the tracer.
struct EvaluationValues {
    double h = 0, k = 0, l = 0;
    int h0 = 0, k0 = 0, l0 = 0;
    double F_latt_a = 1, F_latt_b = 1, F_latt_c = 1, F_latt = 1;
    double F_cell = 0;
    double contribution = 0; // F_cell^2 F_latt^2 added (0 when the term is skipped)
    bool skipped = false;    // F_latt == 0 without water: no F_cell lookup, nothing added (C)
};

struct NullTracer {
    static constexpr bool enabled = false;
    EvaluationValues* lanes = nullptr;
    void subpixel(int, int, int, const Vec3&, double, const Vec3&, double, double) {}
    void capture(int, double) {}
    void source(int, int, int, int, const Vec3&, double, const Vec3&, double, double, double) {}
    void phi_step(int, int, int, int, int, double, const Vec3&, const Vec3&, const Vec3&) {}
    void evaluation(int, int, int, int, int, int, const Vec3&, const Vec3&, const Vec3&,
                    const EvaluationValues&) {}
    void pixel_end(double, long long, double, double, double, double, double, float) {}
};

class RecordingTracer {
  public:
    static constexpr bool enabled = true;
    // Scratch for the single traced lane (the kernel writes lanes[0] inside its inner loop).
    EvaluationValues* lanes = &scratch_;

    RecordingTracer(TraceSink& sink, PixelIndex pixel, const Detector& detector, double r_e_sqr,
                    double fluence)
        : sink_(sink), pixel_(pixel), detector_(detector), r_e_sqr_(r_e_sqr), fluence_(fluence) {}

    // Sub-pixel geometry of pass (layer, sub_s, sub_f): the detector frame it was placed in,
    // position, airpath, diffracted unit vector, the solid angle and close distance in use.
    void subpixel(int layer, int sub_s, int sub_f, const Vec3& pos, double airpath, const Vec3& d,
                  double omega, double close_distance);
    // Capture fraction in use for `layer` (computed at its first sub-pixel unless
    // -oversample_thick).
    void capture(int layer, double capture_fraction);
    // One source of a pass: incident vector, wavelength, q, stol, the polarization in use
    // (0 until first computed) and cos 2theta = incident . diffracted.
    void source(int layer, int sub_s, int sub_f, int source, const Vec3& incident, double lambda,
                const Vec3& q, double stol, double polar, double cos_2theta);
    // The spindle-rotated vectors a phi step used (carried over in c-parity mode).
    void phi_step(int layer, int sub_s, int sub_f, int source, int phi, double phi_deg,
                  const Vec3& ap, const Vec3& bp, const Vec3& cp);
    // One evaluation (phi step, mosaic domain) with the rotated vectors it used.
    void evaluation(int layer, int sub_s, int sub_f, int source, int phi, int mosaic, const Vec3& a,
                    const Vec3& b, const Vec3& c, const EvaluationValues& v);
    // The pixel's scaling and final value.
    void pixel_end(double I_before_scaling, long long steps, double capture_fraction, double polar,
                   double omega, double cos_2theta, double I_pixel_final, float image_value);

  private:
    nbtrace::Indices pixel_idx() const;
    nbtrace::Indices pass_idx(int layer, int sub_s, int sub_f) const;
    void emit(std::string_view key, const nbtrace::Indices& idx, std::vector<double> values);

    TraceSink& sink_;
    PixelIndex pixel_;
    const Detector& detector_;
    double r_e_sqr_;
    double fluence_;
    EvaluationValues scratch_;
};

} // namespace nbsim::kernel
