#include "nbimage/pixel_report.h"

#include "nbimage/metrics_text.h"

#include <boost/json.hpp>

#include <cmath>

namespace nbimage {

namespace json = boost::json;

PixelReporter::PixelReporter(const Image& a, const Image& b, const nbtrace::Region& region,
                             double floor_fraction)
    : a_(a), b_(b), region_(region),
      maxima_a_(local_maxima(a, region, signal_floor_of(a, region, floor_fraction))),
      maxima_b_(local_maxima(b, region, signal_floor_of(b, region, floor_fraction))) {}

PixelReport PixelReporter::report(nbtrace::Pixel pixel, const std::string& source) const {
    PixelReport r;
    r.pixel = pixel;
    r.source = source;
    r.a.rank = value_and_rank(a_, region_, pixel);
    r.b.rank = value_and_rank(b_, region_, pixel);
    r.a.nearest_maximum = nearest_of(maxima_a_, pixel);
    r.b.nearest_maximum = nearest_of(maxima_b_, pixel);
    const double va = r.a.rank.value, vb = r.b.rank.value;
    if (va != 0 && std::isfinite(va) && std::isfinite(vb))
        r.relative = std::fabs(vb - va) / std::fabs(va);
    return r;
}

namespace {

json::value number_or_null(double v) {
    return std::isfinite(v) ? json::value(v) : json::value(nullptr);
}

json::object side_json(const PixelSide& s) {
    json::value nearest = nullptr;
    if (s.nearest_maximum)
        nearest = json::object{{"slow", s.nearest_maximum->maximum.pixel.slow},
                               {"fast", s.nearest_maximum->maximum.pixel.fast},
                               {"value", s.nearest_maximum->maximum.value},
                               {"distance", s.nearest_maximum->distance}};
    return {{"value", number_or_null(s.rank.value)},
            {"rank", s.rank.rank},
            {"of", s.rank.pixels},
            {"nearest_local_maximum", nearest}};
}

std::string g(double v) {
    return format_number(v);
}

std::string side_text(const char* name, const PixelSide& s) {
    std::string t = std::string(name) + " " + g(s.rank.value) + " (rank " +
                    std::to_string(s.rank.rank) + " of " + std::to_string(s.rank.pixels);
    if (s.nearest_maximum)
        t += "; nearest local maximum " + g(s.nearest_maximum->maximum.value) + " at " +
             s.nearest_maximum->maximum.pixel.to_string() + ", " + g(s.nearest_maximum->distance) +
             " px";
    else
        t += "; no local maximum above the signal floor";
    return t + ")";
}

} // namespace

json::object pixel_report_json(const PixelReport& r) {
    return {{"slow", r.pixel.slow},
            {"fast", r.pixel.fast},
            {"source", r.source},
            {"a", side_json(r.a)},
            {"b", side_json(r.b)},
            {"relative_error", r.relative ? json::value(*r.relative) : json::value(nullptr)}};
}

std::string describe(const PixelReport& r) {
    std::string t = r.pixel.to_string() + " [" + r.source + "]: " + side_text("A", r.a) + ", " +
                    side_text("B", r.b);
    if (r.relative)
        t += ", |B - A| / |A| = " + g(*r.relative);
    return t;
}

} // namespace nbimage
