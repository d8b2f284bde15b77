// The one closeness rule: |a - b| <= atol + rtol*|a|, NaN only close to NaN, infinities only to
// the same-signed infinity; relative error falls back to the absolute one at 0.
#include "nbtrace/closeness.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

using namespace nbtrace;

TEST_CASE("atol separates rounding at zero from a real value", "[closeness]") {
    const Tolerance t{1e-20, 1e-6}; // the photons class
    CHECK(is_close(0.0, 1e-30, t));
    CHECK_FALSE(is_close(0.0, 1e-3, t));
    // 0 vs 1e-30: no relative error exists, the absolute one is reported
    CHECK(compare(0.0, 1e-30, t).rel_err == 1e-30);
}

TEST_CASE("the tolerance is mixed and relative to the reference side a", "[closeness]") {
    const Tolerance t{0, 1e-6};
    // I_pixel_final of the two supervisor traces: 2.88139542684698e-07 vs 2.4647073117176e-07
    const Closeness c = compare(2.88139542684698e-07, 2.4647073117176e-07, t);
    CHECK_FALSE(c.close);
    CHECK(c.rel_err == Approx(0.14461).epsilon(1e-4));
    // just inside and just outside rtol*|a|
    CHECK(is_close(1.0, 1.0 + 5e-7, t));
    CHECK_FALSE(is_close(1.0, 1.0 + 2e-6, t));
    CHECK(is_close(1000.0, 1000.0009, t));
    CHECK_FALSE(is_close(1000.0, 1000.0011, t));
    // asymmetric: the allowance scales with |a|
    CHECK(is_close(1e6, 1e6 + 0.9, t));
    CHECK_FALSE(is_close(1.0, 1.9, t));
}

TEST_CASE("NaN and infinities", "[closeness]") {
    const double nan = std::nan("");
    const double inf = std::numeric_limits<double>::infinity();
    const Tolerance t{1, 1};
    CHECK(is_close(nan, nan, t));
    CHECK_FALSE(is_close(nan, 1.0, t));
    CHECK_FALSE(is_close(1.0, nan, t));
    CHECK(is_close(inf, inf, t));
    CHECK_FALSE(is_close(inf, -inf, t));
    CHECK_FALSE(is_close(inf, 1e308, t));
    CHECK(compare(inf, inf, t).abs_err == 0);
    CHECK(std::isinf(compare(nan, 2.0, t).abs_err));
}

TEST_CASE("exact tolerance demands equality", "[closeness]") {
    const Tolerance exact{0, 0};
    CHECK(is_close(-7.0, -7.0, exact));
    CHECK_FALSE(is_close(-7.0, -6.0, exact));
    CHECK(is_close(0.0, -0.0, exact));
}
