// Small helpers for writing JSON text by hand, so that field order and number text are ours.
#pragma once

#include <string>
#include <string_view>

namespace nbtrace::detail {

// A JSON string literal, quotes included.
std::string json_string(std::string_view s);

// A JSON number (shortest round-trip text), or "nan"/"inf"/"-inf" as strings.
std::string json_number(double v);

} // namespace nbtrace::detail
