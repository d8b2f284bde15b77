#include "bundle/report_text.h"

#include <charconv>
#include <cstdio>

namespace harness {

std::string number_text(double v, int precision) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*g", precision, v);
    return buf;
}

std::string exact_text(double v) {
    char buf[64];
    const std::to_chars_result r = std::to_chars(buf, buf + sizeof buf, v);
    return std::string(buf, r.ptr);
}

std::string values_text(const std::vector<double>& values) {
    std::string out;
    for (double v : values)
        out += (out.empty() ? "" : " ") + exact_text(v);
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

boost::json::object indices_json(const nbtrace::Indices& idx) {
    boost::json::object o;
    auto put = [&](const char* name, const std::optional<int>& v) {
        if (v)
            o[name] = *v;
    };
    put("pixel_slow", idx.pixel_slow);
    put("pixel_fast", idx.pixel_fast);
    put("layer", idx.layer);
    put("sub_s", idx.sub_s);
    put("sub_f", idx.sub_f);
    put("source", idx.source);
    put("phi", idx.phi);
    put("mosaic", idx.mosaic);
    return o;
}

} // namespace harness
