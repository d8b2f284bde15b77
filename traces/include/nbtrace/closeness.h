// The one definition of "close" used by every comparison in the project (diff rows, tests, gates).
//
//   a is the reference value (the first trace), b the other one.
//   close  <=>  |a - b| <= atol + rtol*m,  m = |a|, or the magnitude the tolerance fixes (the
//              norm of a vector, a length class's scale: see registry.h ToleranceClass)
//   NaN:   NaN is close only to NaN (both sides broke the same way; the row still shows it).
//   inf:   an infinity is close only to the same-signed infinity.
//
// Reported errors: abs_err = |a - b|; rel_err = abs_err/|a| when a and b are both non-zero, else
// abs_err (a relative error against 0 means nothing, so the absolute one is reported, as ceres'
// ExpectClose does). A matching NaN or infinity pair has errors 0; a mismatched one +inf.
#pragma once

#include <optional>

namespace nbtrace {

struct Tolerance {
    double atol = 0;
    double rtol = 1e-6;
    std::optional<double> magnitude; // replaces |a| in the rtol term when set

    Tolerance(double atol_ = 0, double rtol_ = 1e-6,
              std::optional<double> magnitude_ = std::nullopt)
        : atol(atol_), rtol(rtol_), magnitude(magnitude_) {}
};

struct Closeness {
    bool close = false;
    double abs_err = 0;
    double rel_err = 0;
};

Closeness compare(double a, double b, const Tolerance& tol);

inline bool is_close(double a, double b, const Tolerance& tol) {
    return compare(a, b, tol).close;
}

} // namespace nbtrace
