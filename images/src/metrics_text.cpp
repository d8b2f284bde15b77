#include "nbimage/metrics_text.h"

#include <cmath>
#include <cstdio>

namespace nbimage {

std::string format_number(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

namespace {

std::string opt(const std::optional<double>& v) {
    return v ? format_number(*v) : "n/a";
}

std::string pixel_list(const std::vector<PixelValue>& peaks, const std::vector<int>& which) {
    if (which.empty())
        return "none";
    std::string s;
    for (int i : which) {
        const PixelValue& p = peaks[static_cast<std::size_t>(i)];
        s += (s.empty() ? "" : ", ") + format_number(p.value) + " at " + p.pixel.to_string();
    }
    return s;
}

} // namespace

std::vector<std::string> metrics_lines(const ImageMetrics& m) {
    std::vector<std::string> out;
    const std::string where =
        is_full_region(m.region, m.shape) ? "full frame" : "ROI " + m.region.to_string();
    out.push_back("region: " + where + " of " + m.shape.to_string() + " (" +
                  std::to_string(m.pixels) + " pixels)");
    if (m.nonfinite_pixels)
        out.push_back("non-finite: " + std::to_string(m.nonfinite_pixels) +
                      " pixel(s) NaN or infinite in A or B, first at " +
                      m.first_nonfinite->to_string() + "; left out of every metric");
    // ten digits: a correlation of 0.9999997 is not "1"
    char pearson[32] = "n/a";
    if (m.pearson)
        std::snprintf(pearson, sizeof pearson, "%.10g", *m.pearson);
    out.push_back(std::string("pearson ") + pearson + ", rmse " + opt(m.rmse) + ", mse " +
                  opt(m.mse));
    if (m.max_abs_delta) {
        const PixelPair& d = *m.max_abs_delta;
        out.push_back("max |B - A| " + format_number(std::fabs(d.b - d.a)) + " at " +
                      d.pixel.to_string() + ": A " + format_number(d.a) + ", B " +
                      format_number(d.b));
    }
    if (m.max_a && m.max_b)
        out.push_back("maxima: A " + format_number(m.max_a->value) + " at " +
                      m.max_a->pixel.to_string() + "; B " + format_number(m.max_b->value) + " at " +
                      m.max_b->pixel.to_string());
    out.push_back("sums: A " + format_number(m.sum_a) + ", B " + format_number(m.sum_b) +
                  (m.sum_ratio ? ", ratio B/A " + format_number(*m.sum_ratio)
                               : "; no ratio: " + m.sum_ratio_withheld));
    const RelativeErrors& r = m.relative;
    const std::string floor = m.signal_floor_given
                                  ? format_number(r.floor) + " (given)"
                                  : format_number(r.floor) + " = " +
                                        format_number(m.signal_floor_fraction) + " x max |A|";
    std::string rel = "relative error |B - A| / |A| over " + std::to_string(r.signal_pixels) +
                      " signal pixels (|A| >= " + floor + ")";
    if (r.signal_pixels)
        rel += ": p50 " + opt(r.p50) + ", p90 " + opt(r.p90) + ", p99 " + opt(r.p99) + ", p99.9 " +
               opt(r.p999) + ", max " + opt(r.max) + " at " + r.max_pixel->pixel.to_string();
    out.push_back(rel);
    const PeakMatching& pm = m.peaks.matching;
    out.push_back("peaks: " + std::to_string(m.peaks.a.size()) + " in A, " +
                  std::to_string(m.peaks.b.size()) + " in B (up to " +
                  std::to_string(m.peak_count) + " brightest local maxima each), " +
                  std::to_string(pm.pairs.size()) + " matched within " +
                  format_number(m.match_radius) + " px, mean distance " + opt(pm.mean_distance) +
                  ", max " + opt(pm.max_distance));
    if (!pm.unmatched_a.empty() || !pm.unmatched_b.empty())
        out.push_back("unmatched peaks: A " + pixel_list(m.peaks.a, pm.unmatched_a) + "; B " +
                      pixel_list(m.peaks.b, pm.unmatched_b));
    return out;
}

} // namespace nbimage
