// Entry points of the compiled kernels (kernel_dispatch.cpp): float64 and float32 builds of the
// one templated kernel, each compiled for AVX-512, AVX2 and baseline x86-64 and chosen at run
// time by the CPU (target_clones), plus the traced variants.
#pragma once

#include "pixel_kernel.h"

namespace nbsim::kernel {

void compute_span_f64(const KernelData<double>& kd, const Span& span, double* out,
                      double* omega_sum);
void compute_span_f32(const KernelData<float>& kd, const Span& span, double* out,
                      double* omega_sum);
void compute_span_traced_f64(const KernelData<double>& kd, const Span& span,
                             RecordingTracer& tracer, double* out, double* omega_sum);
void compute_span_traced_f32(const KernelData<float>& kd, const Span& span, RecordingTracer& tracer,
                             double* out, double* omega_sum);

template <typename Real>
inline void compute_span_production(const KernelData<Real>& kd, const Span& span, double* out,
                                    double* omega_sum) {
    if constexpr (sizeof(Real) == 8)
        compute_span_f64(kd, span, out, omega_sum);
    else
        compute_span_f32(kd, span, out, omega_sum);
}

template <typename Real>
inline void compute_span_traced(const KernelData<Real>& kd, const Span& span,
                                RecordingTracer& tracer, double* out, double* omega_sum) {
    if constexpr (sizeof(Real) == 8)
        compute_span_traced_f64(kd, span, tracer, out, omega_sum);
    else
        compute_span_traced_f32(kd, span, tracer, out, omega_sum);
}

} // namespace nbsim::kernel
