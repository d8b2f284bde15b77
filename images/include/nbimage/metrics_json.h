// The metrics as JSON (schema "nbimage-metrics", version 1; every key documented in
// images/README.md), and thresholds on them by flat name.
#pragma once

#include "nbimage/metrics.h"

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <vector>

namespace nbimage {

inline constexpr int kMetricsSchemaVersion = 1;

// Every key is always present; a value that does not apply is null.
boost::json::object metrics_to_json(const ImageMetrics& m);

boost::json::object pixel_json(nbtrace::Pixel p);
boost::json::object pixel_value_json(const PixelValue& p);

// Flat metric names for thresholds (--max NAME=V, --min NAME=V), in the order they are listed:
// pearson, mse, rmse, max_abs_delta, sum_ratio, rel_error_p50, rel_error_p90, rel_error_p99,
// rel_error_p99_9, rel_error_max, peak_mean_distance, peak_max_distance, peaks_matched,
// peaks_unmatched, nonfinite_pixels.
const std::vector<std::string>& metric_names();

// The metric's value; nullopt when it does not apply (e.g. sum_ratio withheld, no signal
// pixels); std::invalid_argument for an unknown name.
std::optional<double> metric_value(const ImageMetrics& m, const std::string& name);

struct Threshold {
    enum class Bound { at_most, at_least }; // --max, --min
    std::string metric;
    Bound bound = Bound::at_most;
    double limit = 0;
    std::string to_string() const; // "rmse <= 0.001"
};
// "NAME=VALUE" -> Threshold; std::invalid_argument naming the text (and the names when unknown).
Threshold parse_threshold(const std::string& text, Threshold::Bound bound);

struct ThresholdCheck {
    Threshold threshold;
    std::optional<double> value;
    bool passed = false; // false when the value is absent or NaN
};
std::vector<ThresholdCheck> check_thresholds(const ImageMetrics& m,
                                             const std::vector<Threshold>& thresholds);
boost::json::object threshold_check_json(const ThresholdCheck& c);

} // namespace nbimage
