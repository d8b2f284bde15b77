// The compiled kernels. This translation unit is built with -ffp-contract=off (set in
// simulator/CMakeLists.txt): fused multiply-adds appear only where the source asks for them
// (std::fma), so every clone and every lane rounds identically.
#include "kernel_dispatch.h"
#include "multiversion.h"

namespace nbsim::kernel {

NBSIM_CLONES
void compute_span_f64(const KernelData<double>& kd, const Span& span, double* out,
                      double* omega_sum) {
    NullTracer tracer;
    compute_span(kd, span, tracer, out, omega_sum);
}

NBSIM_CLONES
void compute_span_f32(const KernelData<float>& kd, const Span& span, double* out,
                      double* omega_sum) {
    NullTracer tracer;
    compute_span(kd, span, tracer, out, omega_sum);
}

void compute_span_traced_f64(const KernelData<double>& kd, const Span& span,
                             RecordingTracer& tracer, double* out, double* omega_sum) {
    compute_span(kd, span, tracer, out, omega_sum);
}

void compute_span_traced_f32(const KernelData<float>& kd, const Span& span, RecordingTracer& tracer,
                             double* out, double* omega_sum) {
    compute_span(kd, span, tracer, out, omega_sum);
}

} // namespace nbsim::kernel
