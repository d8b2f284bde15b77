#include "number_format.h"

#include <cstdio>

namespace nbdiag {

std::string sig3(double x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3g", x);
    return buf;
}

std::string percent(double frac) {
    return sig3(100 * frac) + " %";
}

} // namespace nbdiag
