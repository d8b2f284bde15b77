// The lattice transform of a parallelepiped crystal, SIMD-friendly and accurate in float32.
//
//   sincg(pi h, N) = sin(pi N h) / sin(pi h),   N at h = 0   (nanoBragg's sincg(M_PI*h, N))
//
// Evaluated without any libm call, on arguments reduced twice:
//   m = round(h), delta = h - m in [-1/2, 1/2]                    (exact)
//   sin(pi N h) / sin(pi h) = (-1)^(m (N-1)) sin(pi N delta) / sin(pi delta)
//   y = N delta, j = round(y), r = y - j in [-1/2, 1/2]           (exact)
//   sin(pi N delta) = (-1)^j sin(pi r)
// so both sines are sin(pi x) on [-1/2, 1/2], a short odd polynomial x P(x^2), and the result
// keeps full relative accuracy where the C program's sin(pi N h) with the full index loses it
// (performance_notes.md 4.2). The limit at delta = 0 is (-1)^(m (N-1)) N; N = 1 gives exactly 1.
//
// WARNING: N must be integer-valued (nanoBragg reads it with atoi and clamps it to >= 1).
#pragma once

#include <cmath>

namespace nbsim::kernel {

#define NBSIM_LATTICE_INLINE inline __attribute__((always_inline))

template <typename Real>
struct LatticeConstants;

// sin(pi x) = x P(x^2) on |x| <= 1/2, P a Chebyshev-economised truncation of the Taylor series
// of sin(pi sqrt(y)) / sqrt(y) on y in [0, 1/4] (computed in exact rational arithmetic from
// 60-digit pi; tools/sinpi_coefficients.py). The truncation error is below the rounding of
// the result: 6.5e-19 absolute for the 9 double terms, 1.3e-8 (0.1 float ulp) for the 5 float
// terms.
template <>
struct LatticeConstants<double> {
    // (x + 1.5 2^52) - 1.5 2^52 rounds x to the nearest integer (ties to even), |x| < 2^51.
    static constexpr double round_magic = 6755399441055744.0;
    static constexpr double sinpi[9] = {
        3.1415926535897931,     -5.1677127800499694,     2.5501640398773007,
        -0.59926452931894603,   0.08214588657312355,     -0.0073704305060932254,
        0.00046629981702308817, -2.1903499125519212e-05, 7.697847275590284e-07};
};

template <>
struct LatticeConstants<float> {
    static constexpr float round_magic = 12582912.0f; // 1.5 2^23, valid for |x| < 2^22
    static constexpr float sinpi[5] = {3.1415926401307068f, -5.1677100835078962f,
                                       2.5500775232145503f, -0.59829128561975375f,
                                       0.077657660303716528f};
};

// Nearest integer of x, ties to even (exact for |x| below the magic number's range).
template <typename Real>
NBSIM_LATTICE_INLINE Real round_nearest(Real x) {
    const Real magic = LatticeConstants<Real>::round_magic;
    return (x + magic) - magic;
}

// sin(pi x) for x in [-1/2, 1/2] (Horner in x^2 with fused multiply-adds: every lane and every
// build rounds identically, so vector and scalar paths give bit-identical results). Written out
// term by term: a loop here would stop the compiler from vectorising the caller's pixel loop.
NBSIM_LATTICE_INLINE double sinpi_reduced(double x) {
    using C = LatticeConstants<double>;
    const double x2 = x * x;
    double p = C::sinpi[8];
    p = std::fma(p, x2, C::sinpi[7]);
    p = std::fma(p, x2, C::sinpi[6]);
    p = std::fma(p, x2, C::sinpi[5]);
    p = std::fma(p, x2, C::sinpi[4]);
    p = std::fma(p, x2, C::sinpi[3]);
    p = std::fma(p, x2, C::sinpi[2]);
    p = std::fma(p, x2, C::sinpi[1]);
    p = std::fma(p, x2, C::sinpi[0]);
    return x * p;
}

NBSIM_LATTICE_INLINE float sinpi_reduced(float x) {
    using C = LatticeConstants<float>;
    const float x2 = x * x;
    float p = C::sinpi[4];
    p = std::fma(p, x2, C::sinpi[3]);
    p = std::fma(p, x2, C::sinpi[2]);
    p = std::fma(p, x2, C::sinpi[1]);
    p = std::fma(p, x2, C::sinpi[0]);
    return x * p;
}

// The two reduced sines of sincg(pi h, N): m = round(h), j = round(N delta) and the ratio
// sin(pi r) / sin(pi delta) (N at delta = 0), so that sincg = (-1)^(j + m (N-1)) ratio.
template <typename Real>
struct LatticeTerms {
    Real m, j, ratio;
};

template <typename Real>
NBSIM_LATTICE_INLINE LatticeTerms<Real> lattice_terms(Real h, Real N) {
    const Real m = round_nearest(h);
    const Real delta = h - m;
    const Real y = N * delta;
    const Real j = round_nearest(y);
    const Real r = y - j;
    const Real num = sinpi_reduced(r);
    const Real den = sinpi_reduced(delta);
    const bool at_node = delta == Real(0);
    const Real ratio = at_node ? N : num / (at_node ? Real(1) : den);
    return {m, j, ratio};
}

// sincg(pi h, N) as described above. n_minus_1_odd is 1 when N - 1 is odd, else 0.
template <typename Real>
NBSIM_LATTICE_INLINE Real lattice_factor_1d(Real h, Real N, Real n_minus_1_odd) {
    const LatticeTerms<Real> t = lattice_terms(h, N);
    // Parity of j + m (N-1): only the parity of N-1 matters, which keeps the sum small.
    const Real p = t.j + t.m * n_minus_1_odd;
    const Real odd = p - Real(2) * round_nearest(p * Real(0.5)); // 0 or +-1
    const Real sign = Real(1) - Real(2) * (odd * odd);
    return sign * t.ratio;
}

// sincg(pi h, N) up to its sign: the same magnitude as lattice_factor_1d, bit for bit (the sign
// is an exact factor +-1). Where only F_latt^2 matters -- the untraced kernel's image -- the sign
// is not needed: IEEE products are sign-symmetric, (-a) b = -(a b) exactly, so F_latt^2 is the
// same either way.
template <typename Real>
NBSIM_LATTICE_INLINE Real lattice_factor_up_to_sign_1d(Real h, Real N) {
    return lattice_terms(h, N).ratio;
}

// Fourier transform of a sphere, 3 (sin x / x - cos x) / x^2, 1 at x = 0 (nanoBragg's sinc3).
inline double sinc3(double x) {
    if (x == 0.0)
        return 1.0;
    return 3.0 * (std::sin(x) / x - std::cos(x)) / (x * x);
}

} // namespace nbsim::kernel
