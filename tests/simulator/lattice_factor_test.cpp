// The delta-reduced lattice factor and its sin(pi x) polynomial against libm in long double.
//
// Reference: (-1)^(m (N-1)) sinl(pi N delta) / sinl(pi delta) in long double, m = round(h),
// delta = h - m (exact), N delta exact in the 64-bit mantissa (N <= 1000): libm's sine on small
// arguments, independent of the polynomial and of the kernel's float/double rounding of N delta.
// (sinl(pi N h) with the full index is itself wrong by ~1e-14 relative near integer h at
// |h| ~ 100 -- the loss the reduction avoids -- so it cannot serve as the reference.)
// Error bound (per point, both precisions, eps = 2^-53 or 2^-24): y = N delta is rounded once,
// |dy| <= |y| eps, which moves the numerator by <= pi |dy| (|d sin(pi y)/dy| <= pi), i.e. the
// result by <= pi |y| eps / |sin(pi delta)|; the two polynomial sines and the quotient add a few
// eps relative (allowed: 16 eps). Points within 1e-3 of a zero of sin(pi N h) are skipped there
// the absolute bound alone is meaningful and is covered by the same formula anyway.
#include "lattice_factor.h"

#include <catch2/catch.hpp>

#include <cmath>

using namespace nbsim::kernel;

namespace {

long double reference(long double h, long double N) {
    const long double m = std::nearbyint(h);
    const long double d = h - m;
    const bool odd = (static_cast<long>(m) * (static_cast<long>(N) - 1)) % 2 != 0;
    const long double r = d == 0 ? N : std::sin(M_PIl * (N * d)) / std::sin(M_PIl * d);
    return odd ? -r : r;
}

} // namespace

TEST_CASE("sim lattice: sin(pi x) polynomial on [-1/2, 1/2]", "[sim][lattice]") {
    for (int i = -500; i <= 500; ++i) {
        const double x = i / 1000.0;
        const long double ref = std::sin(M_PIl * static_cast<long double>(x));
        CHECK(std::fabs(sinpi_reduced(x) - static_cast<double>(ref)) <= 4e-16);
        CHECK(std::fabs(sinpi_reduced(static_cast<float>(x)) - static_cast<double>(ref)) <= 2.4e-7);
    }
    CHECK(sinpi_reduced(0.5) == Approx(1.0).epsilon(2.3e-16));
    CHECK(sinpi_reduced(0.0) == 0.0);
}

TEST_CASE("sim lattice: sincg(pi h, N) with delta reduction", "[sim][lattice]") {
    // N = 1 is exactly 1 (the C program skips the axis); h = 0 gives N; integer h gives
    // (-1)^(h (N-1)) N.
    CHECK(lattice_factor_1d(3.3, 1.0, 0.0) == 1.0);
    CHECK(lattice_factor_1d(0.0, 36.0, 1.0) == 36.0);
    CHECK(lattice_factor_1d(3.0, 36.0, 1.0) == -36.0);
    CHECK(lattice_factor_1d(4.0, 36.0, 1.0) == 36.0);
    CHECK(lattice_factor_1d(3.0, 29.0, 0.0) == 29.0);
    long compared = 0;
    for (int N : {2, 5, 8, 29, 36, 47, 100, 1000}) {
        for (int i = -20000; i <= 20000; i += 7) {
            const double h = i * 0.00731 + 0.0001234;
            const long double ref = reference(h, N);
            // Skip the neighbourhood of the zeros of sin(pi N h): relative error is meaningless.
            const double nd = N * (h - std::nearbyint(h));
            if (std::fabs(nd - std::nearbyint(nd)) < 1e-3)
                continue;
            const double odd = (N - 1) % 2;
            auto bound = [N](double hh, long double r, double eps) {
                const double d = hh - std::nearbyint(hh);
                const double y = std::fabs(N * d);
                return 16 * eps * std::fabs(static_cast<double>(r)) +
                       M_PI * y * eps / std::fabs(std::sin(M_PI * d)) + 1e-300;
            };
            const double r64 = lattice_factor_1d(h, double(N), odd);
            CHECK(std::fabs(r64 - static_cast<double>(ref)) <= bound(h, ref, 0x1p-53));
            const float hf = static_cast<float>(h);
            const long double reff = reference(static_cast<long double>(hf), N);
            const float r32 = lattice_factor_1d(hf, float(N), float(odd));
            CHECK(std::fabs(r32 - static_cast<double>(reff)) <= bound(hf, reff, 0x1p-24));
            ++compared;
        }
    }
    CHECK(compared > 40000);
}

TEST_CASE("sim lattice: the untraced kernel's factor is sincg up to its sign, bit for bit",
          "[sim][lattice]") {
    // The untraced kernel leaves the sign (-1)^(j + m (N-1)) out, since only F_latt^2 reaches the
    // image; that is exact only if the magnitudes are identical to the last bit, including at
    // the nodes (delta = 0 gives N) and at the zeros of the numerator.
    long compared = 0;
    for (int N : {1, 2, 5, 8, 29, 36, 47, 100, 1000}) {
        const double odd = (N - 1) % 2;
        for (int i = -20000; i <= 20000; i += 3) {
            const double h = i * 0.0125 + (i % 5 == 0 ? 0.0 : 0.0001234 * (i % 7));
            const double s64 = lattice_factor_1d(h, double(N), odd);
            const double u64 = lattice_factor_up_to_sign_1d(h, double(N));
            CHECK(std::fabs(s64) == std::fabs(u64));
            const float hf = static_cast<float>(h);
            const float s32 = lattice_factor_1d(hf, float(N), float(odd));
            const float u32 = lattice_factor_up_to_sign_1d(hf, float(N));
            CHECK(std::fabs(s32) == std::fabs(u32));
            ++compared;
        }
    }
    CHECK(compared > 100000);
}
