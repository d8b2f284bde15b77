#include "number_text.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace nbtrace::detail {

std::optional<double> parse_double(std::string_view text) {
    if (!text.empty() && text.front() == '+')
        text.remove_prefix(1);
    if (text.empty())
        return std::nullopt;
    double v = 0;
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, v, std::chars_format::general);
    // out-of-range text ("1e999") is rejected rather than silently turned into inf or 0
    if (ec != std::errc() || ptr != end)
        return std::nullopt;
    return v;
}

std::string format_shortest(double v) {
    if (std::isnan(v))
        return "nan";
    if (std::isinf(v))
        return v > 0 ? "inf" : "-inf";
    char buf[32];
    const auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, ec == std::errc() ? ptr : buf);
}

std::string format_g15(double v) {
    char buf[40];
    const int n = std::snprintf(buf, sizeof buf, "%.15g", v);
    return std::string(buf, n > 0 ? static_cast<std::size_t>(n) : 0);
}

} // namespace nbtrace::detail
