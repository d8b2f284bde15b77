// Small text helpers shared by the bundle's files and the printed summary.
#pragma once

#include "nbtrace/record.h"

#include <boost/json/object.hpp>

#include <string>
#include <vector>

namespace harness {

// "%.*g" of v (precision significant digits).
std::string number_text(double v, int precision = 6);
// The shortest text that reads back to exactly v (std::to_chars), e.g. 1e-06, 0.1.
std::string exact_text(double v);
// The values joined by spaces, each as exact_text.
std::string values_text(const std::vector<double>& values);
// 100*v with a sign and a percent sign, e.g. "-14.5 %".
std::string percent_text(double v);
// "(slow 685, fast 1039)"
std::string pixel_text(int slow, int fast);
// A word as a POSIX shell reads it back unchanged: bare when safe, else single-quoted.
std::string shell_quote(const std::string& word);
// The indices present, as JSON: {"pixel_slow": 685, ..., "mosaic": 0}.
boost::json::object indices_json(const nbtrace::Indices& idx);

} // namespace harness
