// Small text helpers shared by the bundle's files and the printed summary.
#pragma once

#include "nbtrace/json_values.h"
#include "nbtrace/pixel.h"

#include <string>
#include <vector>

namespace harness {

// "%.*g" of v (precision significant digits).
std::string number_text(double v, int precision = 6);
// The values joined by spaces, each as nbtrace::shortest_text (nbtrace/json_values.h, with
// nbtrace::indices_object: the trace library's own spellings, re-exported here).
std::string values_text(const std::vector<double>& values);
// 100*v with a sign and a percent sign, e.g. "-14.5 %".
std::string percent_text(double v);
// "(slow 685, fast 1039)"
std::string pixel_text(int slow, int fast);
std::string pixel_text(const nbtrace::Pixel& p);
// A word as a POSIX shell reads it back unchanged: bare when safe, else single-quoted.
std::string shell_quote(const std::string& word);

} // namespace harness
