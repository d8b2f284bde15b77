#include "nbsim/simulation.h"

#include "huge_pages.h"
#include "interpolation_switch.h"
#include "kernel_dispatch.h"
#include "nbsim/c_parity_schedule.h"
#include "nbsim/errors.h"
#include "nbsim/limits.h"
#include "nbsim/orientation_table.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <ostream>
#include <string>
#include <thread>

#ifdef _OPENMP
#include <omp.h>
#endif

namespace nbsim {

int resolve_thread_count(const RunOptions& run) {
    if (run.threads > 0)
        return run.threads;
    if (const char* env = std::getenv("OMP_NUM_THREADS")) {
        // "4" or the first entry of a nested list "4,2"
        const long n = std::strtol(env, nullptr, 10);
        if (n > limits::kMaxThreads)
            throw UsageError(std::string("OMP_NUM_THREADS=") + env + ": " + std::to_string(n) +
                             " threads, more than the " + std::to_string(limits::kMaxThreads) +
                             " allowed (give --threads N)");
        if (n > 0)
            return static_cast<int>(n);
    }
    const unsigned hw = std::thread::hardware_concurrency();
    return hw > 0 ? static_cast<int>(hw) : 1;
}

namespace {

// A pixel that needs its own one-lane span: a thread's first pass (c-parity) or a traced pixel.
struct SpecialPixel {
    PixelIndex pixel;
    bool first_pass = false;
    bool traced = false;
};

bool before(const PixelIndex& a, const PixelIndex& b) {
    return a.slow != b.slow ? a.slow < b.slow : a.fast < b.fast;
}

// The statistics of one row's computed (unmasked ROI) pixels, left to right: the first maximum
// of the row wins. Rows are combined in row order, so the image's statistics do not depend on
// the thread count.
struct RowStats {
    double sum = 0, sumsqr = 0, max = 0;
    int max_fast = -1;
    long n = 0;
};

RowStats row_statistics(const Detector& det, const float* row, int slow) {
    RowStats rs;
    for (int f = det.roi.fast_min; f <= det.roi.fast_max; ++f) {
        if (det.masked(slow, f))
            continue;
        const double v = row[f];
        if (v > rs.max) {
            rs.max = v;
            rs.max_fast = f;
        }
        rs.sum += v;
        rs.sumsqr += v * v;
        ++rs.n;
    }
    return rs;
}

// The statistics of `count` (at most kStatRows) consecutive rows, each exactly as
// row_statistics computes it (left to right), but with the rows' additions interleaved: one
// row's sums are a chain of dependent additions, several rows' chains run side by side.
constexpr int kStatRows = 4;

void rows_statistics(const Detector& det, const float* image, int slow_first, int count,
                     RowStats* out) {
    const std::size_t F = static_cast<std::size_t>(det.fast_pixels);
    if (count != kStatRows) {
        for (int j = 0; j < count; ++j)
            out[j] = row_statistics(det, image + static_cast<std::size_t>(slow_first + j) * F,
                                    slow_first + j);
        return;
    }
    RowStats rs[kStatRows];
    const float* row[kStatRows];
    for (int j = 0; j < kStatRows; ++j)
        row[j] = image + static_cast<std::size_t>(slow_first + j) * F;
    for (int f = det.roi.fast_min; f <= det.roi.fast_max; ++f) {
        for (int j = 0; j < kStatRows; ++j) {
            if (det.masked(slow_first + j, f))
                continue;
            const double v = row[j][f];
            if (v > rs[j].max) {
                rs[j].max = v;
                rs[j].max_fast = f;
            }
            rs[j].sum += v;
            rs[j].sumsqr += v * v;
            ++rs[j].n;
        }
    }
    for (int j = 0; j < kStatRows; ++j)
        out[j] = rs[j];
}

template <typename Real>
void run_pixels(const Experiment& ex, const OrientationTables& tables,
                const std::vector<SpecialPixel>& specials, const InterpolationSwitch& interp,
                const SimulationRequest& req, int threads, Fault fault, SimulationResult& result,
                std::vector<RowStats>& row_stats) {
    (void)threads; // used by the OpenMP loops only
    const kernel::KernelData<Real> kd = kernel::make_kernel_data<Real>(ex, tables, fault);
    const Detector& det = ex.detector;
    const int F = det.fast_pixels;
    const PixelRegion& roi = det.roi;

    // Solid-angle sum of the C program's statistics, reduced over threads.
    double omega_total = 0.0;
    auto store = [&](int slow, int fast, double value) {
        const std::size_t idx = static_cast<std::size_t>(slow) * static_cast<std::size_t>(F) +
                                static_cast<std::size_t>(fast);
        result.image[idx] += static_cast<float>(value); // float image, as in C
    };
    auto run_special = [&](const SpecialPixel& sp) -> double {
        kernel::Span span;
        span.slow = sp.pixel.slow;
        span.fast_begin = sp.pixel.fast;
        span.count = 1;
        span.first_pass = sp.first_pass;
        const std::int64_t cutoff = interp.cutoff(sp.pixel.slow, sp.pixel.fast);
        if (interp.enabled)
            span.interpolation_cutoff = &cutoff;
        double value = 0, omega = 0;
        if (sp.traced && req.sink) {
            kernel::RecordingTracer tracer(*req.sink, sp.pixel, det, kElectronRadiusSquared_m2,
                                           ex.beam.fluence);
            kernel::compute_span_traced(kd, span, tracer, &value, &omega);
        } else {
            kernel::compute_span_production(kd, span, &value, &omega);
        }
        store(sp.pixel.slow, sp.pixel.fast, value);
        return omega;
    };

    if (req.trace_pixels_only) {
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads) reduction(+ : omega_total)
        for (std::size_t i = 0; i < specials.size(); ++i)
            if (specials[i].traced)
                omega_total += run_special(specials[i]);
        result.stats.omega_sum = omega_total;
        return;
    }

    const int row_first = roi.slow_min, row_last = roi.slow_max;
    const int rows = row_last - row_first + 1;
    row_stats.assign(static_cast<std::size_t>(std::max(rows, 0)), RowStats());
    std::atomic<int> rows_done{0};
    int next_report = 10;
    // Tasks of kStatRows rows: computed, then their statistics taken together (in cache).
    const int tasks = (rows + kStatRows - 1) / kStatRows;
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads) reduction(+ : omega_total)
    for (int task = 0; task < tasks; ++task) {
        const int r_first = task * kStatRows, r_end = std::min(rows, r_first + kStatRows);
        for (int r = r_first; r < r_end; ++r) {
            const int slow = row_first + r;
            // The special pixels of this row, in fast order.
            auto lo = std::lower_bound(
                specials.begin(), specials.end(), PixelIndex{slow, -1},
                [](const SpecialPixel& a, const PixelIndex& b) { return before(a.pixel, b); });
            alignas(64) double value[kernel::kLanes], omega[kernel::kLanes];
            int f = roi.fast_min;
            while (f <= roi.fast_max) {
                if (det.masked(slow, f)) {
                    ++f;
                    continue;
                }
                if (lo != specials.end() && lo->pixel.slow == slow && lo->pixel.fast == f) {
                    omega_total += run_special(*lo);
                    ++lo;
                    ++f;
                    continue;
                }
                // A run of ordinary pixels, up to the next masked or special pixel.
                int end = f;
                const int stop = (lo != specials.end() && lo->pixel.slow == slow)
                                     ? lo->pixel.fast
                                     : roi.fast_max + 1;
                if (det.mask.empty())
                    end = std::min(stop, f + kernel::kLanes);
                else
                    while (end < stop && end - f < kernel::kLanes && !det.masked(slow, end))
                        ++end;
                kernel::Span span;
                span.slow = slow;
                span.fast_begin = f;
                span.count = end - f;
                std::int64_t cutoff[kernel::kLanes];
                if (interp.enabled) {
                    for (int i = 0; i < span.count; ++i)
                        cutoff[i] = interp.cutoff(slow, f + i);
                    span.interpolation_cutoff = cutoff;
                }
                kernel::compute_span_production(kd, span, value, omega);
                // (omega_total's order of summation is not reproducible anyway: threads take rows
                // dynamically; it is printed to 6 digits)
                double span_omega = 0;
#pragma omp simd reduction(+ : span_omega)
                for (int i = 0; i < span.count; ++i)
                    span_omega += omega[i];
                omega_total += span_omega;
                for (int i = 0; i < span.count; ++i)
                    store(slow, f + i, value[i]);
                f = end;
            }
        }
        // the rows are complete (and in cache): their statistics now, not in another pass
        rows_statistics(det, result.image.data(), row_first + r_first, r_end - r_first,
                        &row_stats[static_cast<std::size_t>(r_first)]);
        const int done = (rows_done += r_end - r_first);
        if (req.progress) {
#pragma omp critical(nbsim_progress)
            {
                while (next_report <= 100 && done * 100 >= next_report * rows) {
                    *req.progress << next_report << "% done\n";
                    next_report += 10;
                }
            }
        }
    }
    result.stats.omega_sum = omega_total;
}

ImageStatistics compute_statistics(const Experiment& ex, const std::vector<float>& image,
                                   const std::vector<PixelIndex>* computed_only,
                                   const std::vector<RowStats>& row_stats, int threads) {
    const Detector& det = ex.detector;
    const int F = det.fast_pixels;
    const PixelRegion& roi = det.roi;
    (void)threads; // used by the OpenMP loops only
    ImageStatistics st;
    double sumsqr = 0;
    long n = 0;
    if (computed_only) {
        for (const PixelIndex& p : *computed_only) {
            const double v = image[static_cast<std::size_t>(p.slow) * F + p.fast];
            if (v > st.max_I) {
                st.max_I = v;
                st.max_pixel = p;
            }
            st.sum += v;
            sumsqr += v * v;
            ++n;
        }
    } else {
        // the rows' statistics from the pixel loop, combined in row order
        for (std::size_t r = 0; r < row_stats.size(); ++r) {
            const RowStats& rs = row_stats[r];
            if (rs.max > st.max_I) {
                st.max_I = rs.max;
                st.max_pixel = {roi.slow_min + static_cast<int>(r), rs.max_fast};
            }
            st.sum += rs.sum;
            sumsqr += rs.sumsqr;
            n += rs.n;
        }
    }
    st.pixels = n;
    const long n_mean = n <= 0 ? 1 : n;
    st.mean = st.sum / n_mean;
    const long n_rms = n <= 1 ? 2 : n;
    st.rms = std::sqrt(sumsqr / (n_rms - 1));
    // RMSD: a second pass over the ROI, masked pixels included (C).
    double dev = 0;
    long m = 0;
    if (computed_only) {
        for (const PixelIndex& p : *computed_only) {
            const double d = image[static_cast<std::size_t>(p.slow) * F + p.fast] - st.mean;
            dev += d * d;
            ++m;
        }
    } else {
        const int rows = roi.slow_max - roi.slow_min + 1;
        std::vector<double> row_dev(static_cast<std::size_t>(std::max(rows, 0)), 0.0);
        // each row's sum left to right, kStatRows rows side by side (independent chains)
        const int groups = (rows + kStatRows - 1) / kStatRows;
#pragma omp parallel for schedule(static) num_threads(threads)
        for (int g = 0; g < groups; ++g) {
            const int r0 = g * kStatRows, count = std::min(kStatRows, rows - r0);
            const float* row[kStatRows];
            double sum[kStatRows] = {};
            for (int j = 0; j < kStatRows; ++j)
                row[j] = image.data() +
                         static_cast<std::size_t>(roi.slow_min + r0 + std::min(j, count - 1)) * F;
            for (int f = roi.fast_min; f <= roi.fast_max; ++f)
                for (int j = 0; j < kStatRows; ++j) {
                    const double d = row[j][f] - st.mean;
                    sum[j] += d * d;
                }
            for (int j = 0; j < count; ++j)
                row_dev[static_cast<std::size_t>(r0 + j)] = sum[j];
        }
        for (double d : row_dev)
            dev += d;
        m = static_cast<long>(std::max(rows, 0)) * (roi.fast_max - roi.fast_min + 1);
    }
    if (m <= 1)
        m = 2;
    st.rmsd = std::sqrt(dev / (m - 1));
    // Fdet/Sdet of the last sub-pixel of the maximum pixel.
    const int os = ex.sampling.oversample;
    const double sub = ex.sampling.subpixel_size_m;
    st.max_Fdet_m = sub * (st.max_pixel.fast * os + os - 1) + sub / 2.0;
    st.max_Sdet_m = sub * (st.max_pixel.slow * os + os - 1) + sub / 2.0;
    return st;
}

} // namespace

SimulationResult simulate(const Experiment& ex, const RunOptions& run,
                          const SimulationRequest& req) {
    SimulationResult result;
    const Detector& det = ex.detector;
    result.fast_pixels = det.fast_pixels;
    result.slow_pixels = det.slow_pixels;
    result.threads = resolve_thread_count(run);
    check_work(ex, run, req);
    const std::size_t npix =
        static_cast<std::size_t>(det.fast_pixels) * static_cast<std::size_t>(det.slow_pixels);
    // large images are backed by huge pages where the system allows (2 MB pages: a 25 MB image
    // faults 13 times instead of 6000 while it is zeroed)
    result.image.reserve(npix);
    advise_huge_pages(result.image.data(), npix * sizeof(float));
    result.image.assign(npix, 0.0f);

    const OrientationTables tables =
        build_orientation_tables(ex.crystal, ex.scan, ex.mosaic, run.phi_mode);

    // Pixels that need a one-lane span.
    std::vector<SpecialPixel> specials;
    auto special_at = [&](PixelIndex p) -> SpecialPixel& {
        for (SpecialPixel& sp : specials)
            if (sp.pixel == p)
                return sp;
        specials.push_back(SpecialPixel{p, false, false});
        return specials.back();
    };
    std::vector<PixelIndex> firsts;
    if (run.phi_mode == PhiMode::c_parity && tables.first_pass)
        firsts = first_pass_pixels(ex, run.schedule, result.threads);
    for (const PixelIndex& p : firsts)
        special_at(p).first_pass = true;
    const InterpolationSwitch interp =
        find_interpolation_switch(ex, tables, run.schedule, result.threads, firsts);
    if (interp.enabled && interp.time != InterpolationSwitch::kNever && req.progress)
        *req.progress << "WARNING: out of range for three point interpolation; further "
                         "evaluations use the nearest neighbour (as the C program does)\n";
    std::vector<PixelIndex> traced_computed;
    for (const PixelIndex& p : req.trace_pixels) {
        // A pixel outside the ROI or masked is not computed (as in C: no trace lines).
        if (!det.roi.contains(p) || det.masked(p.slow, p.fast))
            continue;
        SpecialPixel& sp = special_at(p);
        if (!sp.traced)
            traced_computed.push_back(p);
        sp.traced = true;
    }
    std::sort(specials.begin(), specials.end(), [](const SpecialPixel& a, const SpecialPixel& b) {
        return before(a.pixel, b.pixel);
    });
    // Special pixels outside the computed region play no part in the image.
    specials.erase(std::remove_if(specials.begin(), specials.end(),
                                  [&](const SpecialPixel& sp) {
                                      return !det.roi.contains(sp.pixel) ||
                                             (req.trace_pixels_only && !sp.traced);
                                  }),
                   specials.end());

    if (req.sink)
        emit_setup_records(ex, run, result.threads, *req.sink);

    const auto t0 = std::chrono::steady_clock::now();
    std::vector<RowStats> row_stats;
    if (run.dtype == Dtype::float64)
        run_pixels<double>(ex, tables, specials, interp, req, result.threads, run.fault, result,
                           row_stats);
    else
        run_pixels<float>(ex, tables, specials, interp, req, result.threads, run.fault, result,
                          row_stats);
    result.kernel_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

    std::sort(traced_computed.begin(), traced_computed.end(), before);
    const double omega_sum = result.stats.omega_sum;
    result.stats =
        compute_statistics(ex, result.image, req.trace_pixels_only ? &traced_computed : nullptr,
                           row_stats, result.threads);
    result.stats.omega_sum = omega_sum;
    const long long per_pixel =
        static_cast<long long>(ex.sampling.oversample) * ex.sampling.oversample * det.layers.count *
        static_cast<long long>(ex.beam.sources.size()) * ex.scan.phisteps * ex.mosaic.count();
    result.evaluations = per_pixel * result.stats.pixels;
    return result;
}

} // namespace nbsim
