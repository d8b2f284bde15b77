#include "nbsim/limits.h"

#include "nbsim/errors.h"
#include "nbsim/experiment.h"
#include "nbsim/hashed_reflections.h"
#include "nbsim/simulation.h"

#include <algorithm>
#include <cstdio>
#include <string>

namespace nbsim {

namespace {

constexpr double kGiB = 1073741824.0;

std::string format(const char* fmt, double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, fmt, v);
    return buf;
}

double span(int lo, int hi, int n) {
    hi = std::min(hi, n - 1);
    return hi >= lo ? static_cast<double>(hi) - lo + 1 : 0.0;
}

} // namespace

bool use_dense_table(double box_cells, double reflections) {
    return box_cells <= limits::kDenseHklCells ||
           box_cells <= limits::kDenseCellsPerReflection * reflections;
}

double table_bytes(bool dense, double padded_cells, double reflections) {
    return dense ? 8.0 * padded_cells : HashedReflections::bytes_for(reflections);
}

void check_memory(const MemoryEstimate& m, bool allow_huge) {
    const double pixel_bytes = 8.0 * m.fast_pixels * static_cast<double>(m.slow_pixels);
    const double orientation_bytes = 200.0 * m.orientations;
    const double total = pixel_bytes + m.table_bytes + orientation_bytes + 64.0 * m.sources;
    if (total <= limits::kMaxMemoryBytes || allow_huge)
        return;
    std::string biggest = "-detpixels/-detsize/-pixel";
    if (m.table_bytes > pixel_bytes && m.table_bytes >= orientation_bytes)
        biggest = "-hkl";
    else if (orientation_bytes > pixel_bytes)
        biggest = "-phisteps/-mosaic_domains";
    throw UsageError(
        biggest + ": the run needs about " + format("%.3g", total / kGiB) + " GiB (detector " +
        std::to_string(m.fast_pixels) + " x " + std::to_string(m.slow_pixels) +
        " pixels: " + format("%.3g", pixel_bytes / kGiB) + " GiB, structure factors " +
        format("%.3g", m.table_bytes / kGiB) + " GiB, " + format("%.0f", m.orientations) +
        " orientations " + format("%.3g", orientation_bytes / kGiB) + " GiB), more than the " +
        format("%.0f", limits::kMaxMemoryBytes / kGiB) +
        " GiB allowed; --allow-huge lifts the limit");
}

double estimated_evaluations(const Experiment& ex, const RunOptions& run,
                             const SimulationRequest& req) {
    const Detector& d = ex.detector;
    const double roi = span(d.roi.fast_min, d.roi.fast_max, d.fast_pixels) *
                       span(d.roi.slow_min, d.roi.slow_max, d.slow_pixels);
    const double os = ex.sampling.oversample;
    const double passes_per_pixel =
        os * os * d.layers.count * static_cast<double>(ex.beam.sources.size());
    double computed = roi;
    if (req.trace_pixels_only) {
        std::vector<PixelIndex> distinct;
        for (const PixelIndex& p : req.trace_pixels)
            if (std::find(distinct.begin(), distinct.end(), p) == distinct.end())
                distinct.push_back(p);
        computed = static_cast<double>(distinct.size());
    }
    const bool skips = run.schedule == Schedule::full_frame || req.trace_pixels_only;
    const double region = run.schedule == Schedule::full_frame
                              ? static_cast<double>(d.fast_pixels) * d.slow_pixels
                              : roi;
    double work = computed * passes_per_pixel * ex.scan.phisteps * ex.mosaic.count();
    if (skips && ex.sampling.dmin_m > 0.0)
        work += region * passes_per_pixel;
    return work;
}

void check_work(const Experiment& ex, const RunOptions& run, const SimulationRequest& req) {
    const double work = estimated_evaluations(ex, run, req);
    const double max = ex.allow_huge ? limits::kMaxEvaluationsHuge : limits::kMaxEvaluations;
    if (work <= max)
        return;
    throw UsageError(
        "-roi/-oversample/-phisteps/-mosaic_domains: the run asks for " + format("%.3g", work) +
        " evaluations (pixels x " + std::to_string(ex.sampling.oversample) + "^2 sub-pixels x " +
        std::to_string(ex.detector.layers.count) + " layers x " +
        std::to_string(ex.beam.sources.size()) + " sources x " + std::to_string(ex.scan.phisteps) +
        " phi steps x " + std::to_string(ex.mosaic.count()) + " mosaic domains), more than the " +
        format("%.3g", max) + " allowed" +
        (ex.allow_huge ? " even with --allow-huge" : "; --allow-huge lifts the limit to 2^53"));
}

} // namespace nbsim
