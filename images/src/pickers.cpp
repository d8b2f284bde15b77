#include "nbimage/pickers.h"

#include "nbsim/c_parity_schedule.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace nbimage {

std::string PickerSpec::to_string() const {
    switch (kind) {
    case Kind::brightest:
        return "brightest:" + std::to_string(count);
    case Kind::worst:
        return "worst:" + std::to_string(count);
    case Kind::thread_first:
        return "thread-first";
    }
    return "?";
}

PickerSpec parse_picker(const std::string& text) {
    const std::string forms = " (brightest:N, worst:N or thread-first)";
    if (text == "thread-first")
        return {PickerSpec::Kind::thread_first, 0};
    const std::size_t colon = text.find(':');
    const std::string kind = text.substr(0, colon);
    if (kind != "brightest" && kind != "worst")
        throw std::invalid_argument("unknown picker '" + text + "'" + forms);
    const std::string n = colon == std::string::npos ? "" : text.substr(colon + 1);
    if (n.empty() || n.size() > 6 || n.find_first_not_of("0123456789") != std::string::npos ||
        std::stoi(n) < 1)
        throw std::invalid_argument("picker '" + text + "' needs a count N >= 1" + forms);
    return {kind == "brightest" ? PickerSpec::Kind::brightest : PickerSpec::Kind::worst,
            std::stoi(n)};
}

double signal_floor_of(const Image& image, const nbtrace::Region& region, double fraction) {
    double max_abs = 0;
    for (int s = region.slow_min; s <= region.slow_max; ++s) {
        const double* row = image.row(s);
        for (int f = region.fast_min; f <= region.fast_max; ++f)
            if (std::isfinite(row[f]))
                max_abs = std::max(max_abs, std::fabs(row[f]));
    }
    return fraction * max_abs;
}

std::vector<PixelValue> pick_brightest(const Image& image, const nbtrace::Region& region, int count,
                                       double floor_fraction) {
    return brightest_local_maxima(image, region, signal_floor_of(image, region, floor_fraction),
                                  count);
}

std::vector<RelativeDifference> pick_worst(const Image& a, const Image& b,
                                           const nbtrace::Region& region, int count,
                                           double signal_floor) {
    if (a.shape() != b.shape())
        throw std::invalid_argument("pick_worst: images of different shapes");
    std::vector<RelativeDifference> all;
    for (int s = region.slow_min; s <= region.slow_max; ++s) {
        const double *ra = a.row(s), *rb = b.row(s);
        for (int f = region.fast_min; f <= region.fast_max; ++f) {
            const double va = ra[f], vb = rb[f];
            if (!std::isfinite(va) || !std::isfinite(vb) || va == 0 || std::fabs(va) < signal_floor)
                continue;
            all.push_back({{s, f}, va, vb, std::fabs(vb - va) / std::fabs(va)});
        }
    }
    // largest first; equal: row-major (the scan order, kept by stable ordering of the index)
    auto worse = [](const RelativeDifference& x, const RelativeDifference& y) {
        if (x.relative != y.relative)
            return x.relative > y.relative;
        return x.pixel.slow != y.pixel.slow ? x.pixel.slow < y.pixel.slow
                                            : x.pixel.fast < y.pixel.fast;
    };
    const std::size_t n = std::min(all.size(), static_cast<std::size_t>(std::max(count, 0)));
    std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(n), all.end(), worse);
    all.resize(n);
    return all;
}

std::vector<nbtrace::Pixel> pick_thread_first(const nbsim::Experiment& ex, nbsim::Schedule schedule,
                                              int threads) {
    std::vector<nbtrace::Pixel> out;
    for (const nbsim::PixelIndex& p : nbsim::first_pass_pixels(ex, schedule, threads))
        out.push_back({p.slow, p.fast});
    return out;
}

std::vector<nbtrace::Pixel> pick_thread_first(Shape detector,
                                              const nbtrace::Region& schedule_region, int threads) {
    if (!region_within(schedule_region, detector))
        throw std::invalid_argument("pick_thread_first: region " + schedule_region.to_string() +
                                    " is not inside " + detector.to_string());
    // A detector without mask and without -dmin (every pixel has a pass), whose ROI is the region.
    nbsim::Experiment ex;
    ex.detector.fast_pixels = detector.fast;
    ex.detector.slow_pixels = detector.slow;
    ex.detector.roi.fast_min = schedule_region.fast_min;
    ex.detector.roi.fast_max = schedule_region.fast_max;
    ex.detector.roi.slow_min = schedule_region.slow_min;
    ex.detector.roi.slow_max = schedule_region.slow_max;
    return pick_thread_first(ex, nbsim::Schedule::roi, threads);
}

PixelRank value_and_rank(const Image& image, const nbtrace::Region& region, nbtrace::Pixel pixel) {
    if (!region.contains(pixel) || !region_within(region, image.shape()))
        throw std::invalid_argument("pixel " + pixel.to_string() + " is not in the region " +
                                    region.to_string());
    PixelRank r;
    r.pixel = pixel;
    r.value = image.at(pixel);
    long larger = 0, finite = 0;
    for (int s = region.slow_min; s <= region.slow_max; ++s) {
        const double* row = image.row(s);
        for (int f = region.fast_min; f <= region.fast_max; ++f) {
            if (!std::isfinite(row[f]))
                continue;
            ++finite;
            larger += row[f] > r.value;
        }
    }
    r.rank = std::isfinite(r.value) ? 1 + larger : 0;
    r.pixels = finite;
    return r;
}

std::optional<NearestMaximum> nearest_local_maximum(const Image& image,
                                                    const nbtrace::Region& region,
                                                    nbtrace::Pixel pixel, double floor_fraction) {
    return nearest_of(local_maxima(image, region, signal_floor_of(image, region, floor_fraction)),
                      pixel);
}

} // namespace nbimage
