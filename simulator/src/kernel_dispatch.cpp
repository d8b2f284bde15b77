// The compiled kernels. This translation unit is built with -ffp-contract=off (set in
// simulator/CMakeLists.txt): fused multiply-adds appear only where the source asks for them
// (std::fma), so every clone and every lane rounds identically.
#include "kernel_dispatch.h"

namespace nbsim::kernel {

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define NBSIM_KERNEL_CLONES                                                                        \
    __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define NBSIM_KERNEL_CLONES
#endif

NBSIM_KERNEL_CLONES
void compute_span_f64(const KernelData<double>& kd, const Span& span, double* out,
                      double* omega_sum) {
    NullTracer tracer;
    compute_span(kd, span, tracer, out, omega_sum);
}

NBSIM_KERNEL_CLONES
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
