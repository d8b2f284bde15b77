// Numbers in diagnosis evidence: three significant digits, the form every finding uses.
#pragma once

#include <string>

namespace nbdiag {

std::string sig3(double x);       // "-6.77e-06", "0.841", "512"
std::string percent(double frac); // 0.146 -> "14.6 %"

} // namespace nbdiag
