// Two passes over the region, parallel over rows: (1) non-finite pixels, sums, maxima, max
// |delta|, sum of delta^2; (2) the centred sums of the correlation and the relative errors above
// the signal floor, which need the means and max |a| of pass 1. Row results are folded in row
// order; sums accumulate in long double (64-bit mantissa on x86-64), so rounding stays far below
// the 1e-12 the numpy cross-check asks for, whatever the image.
#include "nbimage/metrics.h"

#include "nbimage/metrics_text.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace nbimage {

namespace {

using Sum = long double;

struct RowPass1 {
    long nonfinite = 0;
    int first_nonfinite_fast = -1;
    Sum sum_a = 0, sum_b = 0, sum_d2 = 0;
    double max_abs_a = 0, max_abs_b = 0;
    int max_a_fast = -1, max_b_fast = -1, max_d_fast = -1;
    double max_a = 0, max_b = 0, max_d = 0;
};

struct RowPass2 {
    Sum cov = 0, var_a = 0, var_b = 0;
    long signal = 0;
    int max_rel_fast = -1;
    double max_rel = 0;
};

bool finite_pair(double a, double b) {
    return std::isfinite(a) && std::isfinite(b);
}

RowPass1 pass1(const double* ra, const double* rb, int f0, int f1) {
    RowPass1 r;
    for (int f = f0; f <= f1; ++f) {
        const double a = ra[f], b = rb[f];
        if (!finite_pair(a, b)) {
            if (r.nonfinite++ == 0)
                r.first_nonfinite_fast = f;
            continue;
        }
        const double d = b - a;
        r.sum_a += a;
        r.sum_b += b;
        r.sum_d2 += static_cast<Sum>(d) * d;
        r.max_abs_a = std::max(r.max_abs_a, std::fabs(a));
        r.max_abs_b = std::max(r.max_abs_b, std::fabs(b));
        if (r.max_a_fast < 0 || a > r.max_a) {
            r.max_a = a;
            r.max_a_fast = f;
        }
        if (r.max_b_fast < 0 || b > r.max_b) {
            r.max_b = b;
            r.max_b_fast = f;
        }
        if (r.max_d_fast < 0 || std::fabs(d) > r.max_d) {
            r.max_d = std::fabs(d);
            r.max_d_fast = f;
        }
    }
    return r;
}

RowPass2 pass2(const double* ra, const double* rb, int f0, int f1, double mean_a, double mean_b,
               double floor, std::vector<double>& rel) {
    RowPass2 r;
    for (int f = f0; f <= f1; ++f) {
        const double a = ra[f], b = rb[f];
        if (!finite_pair(a, b))
            continue;
        const double ca = a - mean_a, cb = b - mean_b;
        r.cov += static_cast<Sum>(ca) * cb;
        r.var_a += static_cast<Sum>(ca) * ca;
        r.var_b += static_cast<Sum>(cb) * cb;
        if (a != 0 && std::fabs(a) >= floor) {
            const double e = std::fabs(b - a) / std::fabs(a);
            rel.push_back(e);
            ++r.signal;
            if (r.max_rel_fast < 0 || e > r.max_rel) {
                r.max_rel = e;
                r.max_rel_fast = f;
            }
        }
    }
    return r;
}

// numpy's lerp: a + (b - a) t, computed from b's side for t >= 0.5.
double numpy_lerp(double a, double b, double t) {
    const double diff = b - a;
    return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

} // namespace

bool MetricsOptions::is_valid(std::string* error) const {
    auto bad = [&](const std::string& why) {
        if (error)
            *error = why;
        return false;
    };
    if (!(signal_floor_fraction >= 0) || !std::isfinite(signal_floor_fraction))
        return bad("the signal floor fraction must be a finite number >= 0");
    if (signal_floor && (!(*signal_floor >= 0) || !std::isfinite(*signal_floor)))
        return bad("the signal floor must be a finite number >= 0");
    if (!(min_signal_sum >= 0) || !std::isfinite(min_signal_sum))
        return bad("the minimum signal sum must be a finite number >= 0");
    if (peak_count < 0)
        return bad("the peak count must be >= 0");
    if (!(match_radius >= 0) || !std::isfinite(match_radius))
        return bad("the match radius must be a finite number >= 0");
    return true;
}

double linear_percentile(std::vector<double>& values, double q) {
    if (values.empty())
        throw std::invalid_argument("percentile of no values");
    const std::size_t n = values.size();
    const double h = static_cast<double>(n - 1) * (q / 100.0);
    const double lo = std::floor(h);
    const std::size_t k = std::min(static_cast<std::size_t>(lo), n - 1);
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(k), values.end());
    const double x0 = values[k];
    if (k + 1 >= n)
        return x0;
    const double x1 =
        *std::min_element(values.begin() + static_cast<std::ptrdiff_t>(k + 1), values.end());
    return numpy_lerp(x0, x1, h - lo);
}

ImageMetrics compute_metrics(const Image& a, const Image& b, const nbtrace::Region& region,
                             const MetricsOptions& options) {
    if (a.shape() != b.shape())
        throw std::invalid_argument("images of different shapes: " + a.shape().to_string() +
                                    " and " + b.shape().to_string());
    if (!region_within(region, a.shape()))
        throw std::invalid_argument("region " + region.to_string() + " is not inside " +
                                    a.shape().to_string());
    std::string why;
    if (!options.is_valid(&why))
        throw std::invalid_argument(why);

    ImageMetrics m;
    m.shape = a.shape();
    m.region = region;
    m.pixels = static_cast<long>(region.pixel_count());
    m.min_signal_sum = options.min_signal_sum;
    m.signal_floor_fraction = options.signal_floor_fraction;
    m.signal_floor_given = options.signal_floor.has_value();
    m.peak_count = options.peak_count;
    m.match_radius = options.match_radius;

    const int rows = region.rows();
    const int f0 = region.fast_min, f1 = region.fast_max;
    std::vector<RowPass1> p1(static_cast<std::size_t>(rows));
#pragma omp parallel for schedule(static)
    for (int i = 0; i < rows; ++i)
        p1[static_cast<std::size_t>(i)] =
            pass1(a.row(region.slow_min + i), b.row(region.slow_min + i), f0, f1);

    Sum sum_a = 0, sum_b = 0, sum_d2 = 0;
    double max_abs_a = 0, max_abs_b = 0;
    for (int i = 0; i < rows; ++i) {
        const RowPass1& r = p1[static_cast<std::size_t>(i)];
        const int s = region.slow_min + i;
        if (r.nonfinite && !m.first_nonfinite)
            m.first_nonfinite = nbtrace::Pixel{s, r.first_nonfinite_fast};
        m.nonfinite_pixels += r.nonfinite;
        sum_a += r.sum_a;
        sum_b += r.sum_b;
        sum_d2 += r.sum_d2;
        max_abs_a = std::max(max_abs_a, r.max_abs_a);
        max_abs_b = std::max(max_abs_b, r.max_abs_b);
        if (r.max_a_fast >= 0 && (!m.max_a || r.max_a > m.max_a->value))
            m.max_a = PixelValue{{s, r.max_a_fast}, r.max_a};
        if (r.max_b_fast >= 0 && (!m.max_b || r.max_b > m.max_b->value))
            m.max_b = PixelValue{{s, r.max_b_fast}, r.max_b};
        if (r.max_d_fast >= 0 &&
            (!m.max_abs_delta || r.max_d > std::fabs(m.max_abs_delta->b - m.max_abs_delta->a)))
            m.max_abs_delta =
                PixelPair{{s, r.max_d_fast}, a.at(s, r.max_d_fast), b.at(s, r.max_d_fast)};
    }
    m.compared_pixels = m.pixels - m.nonfinite_pixels;
    const long n = m.compared_pixels;
    m.sum_a = static_cast<double>(sum_a);
    m.sum_b = static_cast<double>(sum_b);
    if (std::fabs(m.sum_a) >= options.min_signal_sum && m.sum_a != 0 && n > 0)
        m.sum_ratio = m.sum_b / m.sum_a;
    else
        m.sum_ratio_withheld =
            "|sum A| = " + format_number(std::fabs(m.sum_a)) + " is below the minimum signal sum " +
            format_number(options.min_signal_sum) + ": a ratio to it would mean nothing";
    if (n > 0) {
        m.mse = static_cast<double>(sum_d2 / n);
        m.rmse = std::sqrt(*m.mse);
    }

    const double floor_a =
        options.signal_floor ? *options.signal_floor : options.signal_floor_fraction * max_abs_a;
    const double floor_b =
        options.signal_floor ? *options.signal_floor : options.signal_floor_fraction * max_abs_b;
    const double mean_a = n > 0 ? static_cast<double>(sum_a / n) : 0;
    const double mean_b = n > 0 ? static_cast<double>(sum_b / n) : 0;
    std::vector<RowPass2> p2(static_cast<std::size_t>(rows));
    std::vector<double> rel;
#pragma omp parallel
    {
        std::vector<double> mine;
#pragma omp for schedule(static) nowait
        for (int i = 0; i < rows; ++i)
            p2[static_cast<std::size_t>(i)] =
                pass2(a.row(region.slow_min + i), b.row(region.slow_min + i), f0, f1, mean_a,
                      mean_b, floor_a, mine);
#pragma omp critical
        rel.insert(rel.end(), mine.begin(), mine.end());
    }
    Sum cov = 0, var_a = 0, var_b = 0;
    RelativeErrors& re = m.relative;
    re.floor = floor_a;
    for (int i = 0; i < rows; ++i) {
        const RowPass2& r = p2[static_cast<std::size_t>(i)];
        const int s = region.slow_min + i;
        cov += r.cov;
        var_a += r.var_a;
        var_b += r.var_b;
        re.signal_pixels += r.signal;
        if (r.max_rel_fast >= 0 && (!re.max || r.max_rel > *re.max)) {
            re.max = r.max_rel;
            re.max_pixel =
                PixelPair{{s, r.max_rel_fast}, a.at(s, r.max_rel_fast), b.at(s, r.max_rel_fast)};
        }
    }
    if (var_a > 0 && var_b > 0)
        m.pearson = static_cast<double>(cov / std::sqrt(var_a * var_b));
    if (!rel.empty()) {
        re.p50 = linear_percentile(rel, 50);
        re.p90 = linear_percentile(rel, 90);
        re.p99 = linear_percentile(rel, 99);
        re.p999 = linear_percentile(rel, 99.9);
    }

    m.peaks.floor_a = floor_a;
    m.peaks.floor_b = floor_b;
    m.peaks.a = brightest_local_maxima(a, region, floor_a, options.peak_count);
    m.peaks.b = brightest_local_maxima(b, region, floor_b, options.peak_count);
    m.peaks.matching = match_peaks(m.peaks.a, m.peaks.b, options.match_radius);
    return m;
}

} // namespace nbimage
