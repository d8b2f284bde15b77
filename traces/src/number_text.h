// Number <-> text conversions used by every reader and writer, so that one rule holds everywhere:
// parsing is correctly rounded and locale-independent (std::from_chars), and the canonical writer
// emits the shortest text that reads back to the identical double (std::to_chars).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace nbtrace::detail {

// The whole of `text` must be a number ("1e+24", "-0", "nan", "-nan", "inf"); otherwise nullopt.
// A leading '+' is accepted (some printf variants emit it).
std::optional<double> parse_double(std::string_view text);

// Shortest round-trip text ("9.768e-11", "10", "-0"). Non-finite values give "nan", "inf", "-inf".
std::string format_shortest(double v);

// printf("%.15g"): the format of every value in the C program's and the PyTorch port's traces.
std::string format_g15(double v);

} // namespace nbtrace::detail
