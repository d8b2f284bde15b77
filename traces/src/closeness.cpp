#include "nbtrace/closeness.h"

#include <cmath>
#include <limits>

namespace nbtrace {

Closeness compare(double a, double b, const Tolerance& tol) {
    constexpr double kInf = std::numeric_limits<double>::infinity();
    Closeness c;
    if (std::isnan(a) || std::isnan(b)) {
        c.close = std::isnan(a) && std::isnan(b);
        c.abs_err = c.rel_err = c.close ? 0 : kInf;
        return c;
    }
    if (std::isinf(a) || std::isinf(b)) {
        c.close = a == b;
        c.abs_err = c.rel_err = c.close ? 0 : kInf;
        return c;
    }
    c.abs_err = std::abs(a - b);
    c.rel_err = (a != 0 && b != 0) ? c.abs_err / std::abs(a) : c.abs_err;
    c.close = c.abs_err <= tol.atol + tol.rtol * (tol.magnitude ? *tol.magnitude : std::abs(a));
    return c;
}

} // namespace nbtrace
