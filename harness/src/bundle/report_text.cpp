#include "bundle/report_text.h"

#include "nbtrace/json_values.h"

#include <cstdio>

namespace harness {

std::string number_text(double v, int precision) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*g", precision, v);
    return buf;
}

std::string values_text(const std::vector<double>& values) {
    std::string out;
    for (double v : values)
        out += (out.empty() ? "" : " ") + nbtrace::shortest_text(v);
    return out;
}

std::string percent_text(double v) {
    if (v == 0)
        v = 0; // no "-0 %"
    char buf[64];
    std::snprintf(buf, sizeof buf, "%+.3g %%", 100 * v);
    return buf;
}

std::string pixel_text(int slow, int fast) {
    return "(slow " + std::to_string(slow) + ", fast " + std::to_string(fast) + ")";
}

std::string pixel_text(const nbtrace::Pixel& p) {
    return pixel_text(p.slow, p.fast);
}

std::string shell_quote(const std::string& word) {
    const bool safe = !word.empty() &&
                      word.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                             "0123456789_-+=.,/:@%") == std::string::npos;
    if (safe)
        return word;
    std::string out = "'";
    for (char c : word)
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

} // namespace harness
