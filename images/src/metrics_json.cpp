#include "nbimage/metrics_json.h"

#include <boost/json.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

namespace nbimage {

namespace json = boost::json;

namespace {

json::value number_or_null(const std::optional<double>& v) {
    if (v && std::isfinite(*v))
        return *v;
    return nullptr;
}

json::object pixel_pair_json(const PixelPair& p) {
    return {{"slow", p.pixel.slow}, {"fast", p.pixel.fast}, {"a", p.a}, {"b", p.b}};
}

template <class T, class F>
json::value optional_json(const std::optional<T>& v, F f) {
    if (!v)
        return nullptr;
    return f(*v);
}

json::array pixel_values_json(const std::vector<PixelValue>& peaks) {
    json::array out;
    for (const PixelValue& p : peaks)
        out.push_back(pixel_value_json(p));
    return out;
}

json::array indices_json(const std::vector<int>& v) {
    json::array out;
    for (int i : v)
        out.push_back(i);
    return out;
}

json::object peaks_json(const ImageMetrics& m) {
    const PeakMatching& pm = m.peaks.matching;
    json::array pairs;
    for (const PeakPair& p : pm.pairs)
        pairs.push_back(json::object{{"a", p.a}, {"b", p.b}, {"distance", p.distance}});
    return {{"finder", "local maxima (3x3, ties to the first in row-major order), value > 0 and "
                       ">= the image's signal floor, brightest first"},
            {"count", m.peak_count},
            {"match_radius", m.match_radius},
            {"floor_a", m.peaks.floor_a},
            {"floor_b", m.peaks.floor_b},
            {"a", pixel_values_json(m.peaks.a)},
            {"b", pixel_values_json(m.peaks.b)},
            {"pairs", pairs},
            {"matched", static_cast<std::int64_t>(pm.pairs.size())},
            {"mean_distance", number_or_null(pm.mean_distance)},
            {"max_distance", number_or_null(pm.max_distance)},
            {"unmatched_a", indices_json(pm.unmatched_a)},
            {"unmatched_b", indices_json(pm.unmatched_b)}};
}

json::object relative_json(const ImageMetrics& m) {
    const RelativeErrors& r = m.relative;
    return {{"signal_floor", r.floor},
            {"signal_floor_fraction",
             m.signal_floor_given ? json::value(nullptr) : json::value(m.signal_floor_fraction)},
            {"signal_pixels", r.signal_pixels},
            {"p50", number_or_null(r.p50)},
            {"p90", number_or_null(r.p90)},
            {"p99", number_or_null(r.p99)},
            {"p99_9", number_or_null(r.p999)},
            {"max", number_or_null(r.max)},
            {"max_pixel", optional_json(r.max_pixel, pixel_pair_json)}};
}

} // namespace

json::object pixel_json(nbtrace::Pixel p) {
    return {{"slow", p.slow}, {"fast", p.fast}};
}

json::object pixel_value_json(const PixelValue& p) {
    return {{"slow", p.pixel.slow}, {"fast", p.pixel.fast}, {"value", p.value}};
}

json::object metrics_to_json(const ImageMetrics& m) {
    json::value max_abs_delta = nullptr;
    if (m.max_abs_delta) {
        json::object d = pixel_pair_json(*m.max_abs_delta);
        d["value"] = std::fabs(m.max_abs_delta->b - m.max_abs_delta->a);
        d["delta"] = m.max_abs_delta->b - m.max_abs_delta->a;
        max_abs_delta = d;
    }
    return {{"schema", "nbimage-metrics"},
            {"schema_version", kMetricsSchemaVersion},
            {"shape", {{"slow", m.shape.slow}, {"fast", m.shape.fast}}},
            {"region",
             {{"slow_min", m.region.slow_min},
              {"slow_max", m.region.slow_max},
              {"fast_min", m.region.fast_min},
              {"fast_max", m.region.fast_max},
              {"full_frame", is_full_region(m.region, m.shape)}}},
            {"pixels", m.pixels},
            {"compared_pixels", m.compared_pixels},
            {"nonfinite_pixels", m.nonfinite_pixels},
            {"first_nonfinite", optional_json(m.first_nonfinite, pixel_json)},
            {"pearson", number_or_null(m.pearson)},
            {"mse", number_or_null(m.mse)},
            {"rmse", number_or_null(m.rmse)},
            {"max_abs_delta", max_abs_delta},
            {"maxima",
             {{"a", optional_json(m.max_a, pixel_value_json)},
              {"b", optional_json(m.max_b, pixel_value_json)}}},
            {"sums",
             {{"a", m.sum_a},
              {"b", m.sum_b},
              {"min_signal_sum", m.min_signal_sum},
              {"ratio", number_or_null(m.sum_ratio)},
              {"ratio_withheld",
               m.sum_ratio ? json::value(nullptr) : json::value(m.sum_ratio_withheld)}}},
            {"relative_error", relative_json(m)},
            {"peaks", peaks_json(m)}};
}

const std::vector<std::string>& metric_names() {
    static const std::vector<std::string> names = {"pearson",
                                                   "mse",
                                                   "rmse",
                                                   "max_abs_delta",
                                                   "sum_ratio",
                                                   "rel_error_p50",
                                                   "rel_error_p90",
                                                   "rel_error_p99",
                                                   "rel_error_p99_9",
                                                   "rel_error_max",
                                                   "peak_mean_distance",
                                                   "peak_max_distance",
                                                   "peaks_matched",
                                                   "peaks_unmatched",
                                                   "nonfinite_pixels"};
    return names;
}

std::optional<double> metric_value(const ImageMetrics& m, const std::string& name) {
    const PeakMatching& pm = m.peaks.matching;
    if (name == "pearson")
        return m.pearson;
    if (name == "mse")
        return m.mse;
    if (name == "rmse")
        return m.rmse;
    if (name == "max_abs_delta")
        return m.max_abs_delta
                   ? std::optional<double>(std::fabs(m.max_abs_delta->b - m.max_abs_delta->a))
                   : std::nullopt;
    if (name == "sum_ratio")
        return m.sum_ratio;
    if (name == "rel_error_p50")
        return m.relative.p50;
    if (name == "rel_error_p90")
        return m.relative.p90;
    if (name == "rel_error_p99")
        return m.relative.p99;
    if (name == "rel_error_p99_9")
        return m.relative.p999;
    if (name == "rel_error_max")
        return m.relative.max;
    if (name == "peak_mean_distance")
        return pm.mean_distance;
    if (name == "peak_max_distance")
        return pm.max_distance;
    if (name == "peaks_matched")
        return static_cast<double>(pm.pairs.size());
    if (name == "peaks_unmatched")
        return static_cast<double>(pm.unmatched_a.size() + pm.unmatched_b.size());
    if (name == "nonfinite_pixels")
        return static_cast<double>(m.nonfinite_pixels);
    throw std::invalid_argument("unknown metric '" + name + "'");
}

std::string Threshold::to_string() const {
    // the shortest of %.15g, %.16g, %.17g that reads back as the limit
    char buf[64];
    for (int digits = 15; digits <= 17; ++digits) {
        std::snprintf(buf, sizeof buf, "%.*g", digits, limit);
        if (std::strtod(buf, nullptr) == limit)
            break;
    }
    return metric + (bound == Bound::at_most ? " <= " : " >= ") + buf;
}

Threshold parse_threshold(const std::string& text, Threshold::Bound bound) {
    const std::size_t eq = text.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == text.size())
        throw std::invalid_argument("threshold '" + text + "' is not METRIC=VALUE");
    Threshold t;
    t.metric = text.substr(0, eq);
    t.bound = bound;
    bool known = false;
    std::string names;
    for (const std::string& n : metric_names()) {
        known = known || n == t.metric;
        names += (names.empty() ? "" : ", ") + n;
    }
    if (!known)
        throw std::invalid_argument("unknown metric '" + t.metric + "' in '" + text + "' (one of " +
                                    names + ")");
    const std::string value = text.substr(eq + 1);
    char* end = nullptr;
    t.limit = std::strtod(value.c_str(), &end);
    if (end != value.c_str() + value.size() || !std::isfinite(t.limit))
        throw std::invalid_argument("threshold '" + text + "': '" + value +
                                    "' is not a finite number");
    return t;
}

std::vector<ThresholdCheck> check_thresholds(const ImageMetrics& m,
                                             const std::vector<Threshold>& thresholds) {
    std::vector<ThresholdCheck> out;
    for (const Threshold& t : thresholds) {
        ThresholdCheck c;
        c.threshold = t;
        c.value = metric_value(m, t.metric);
        c.passed = c.value && (t.bound == Threshold::Bound::at_most ? *c.value <= t.limit
                                                                    : *c.value >= t.limit);
        out.push_back(c);
    }
    return out;
}

json::object threshold_check_json(const ThresholdCheck& c) {
    return {{"metric", c.threshold.metric},
            {"bound", c.threshold.bound == Threshold::Bound::at_most ? "max" : "min"},
            {"limit", c.threshold.limit},
            {"value", number_or_null(c.value)},
            {"passed", c.passed}};
}

} // namespace nbimage
