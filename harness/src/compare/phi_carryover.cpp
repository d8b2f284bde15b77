#include "compare/phi_carryover.h"

#include "sides/record_lookup.h"

#include "nbtrace/diff.h"
#include "nbtrace/registry.h"

#include <algorithm>
#include <map>
#include <tuple>

namespace harness {

namespace {

// A (layer, sub-pixel, source) pass of one pixel; ordered as the C loop nest runs them.
using Pass = std::tuple<int, int, int, int>;

Pass pass_of(const nbtrace::Indices& i) {
    return {i.layer.value_or(0), i.sub_s.value_or(0), i.sub_f.value_or(0), i.source.value_or(0)};
}

// The OpenMP static split of `rows` rows over `threads` threads: thread t gets
// [t*q + min(t, r), ... + q + (t < r)) with q = rows / threads, r = rows % threads.
std::pair<int, int> row_block_of(int row, int rows, int threads) {
    const int q = rows / threads, r = rows % threads;
    for (int t = 0, begin = 0; t < threads; ++t) {
        const int end = begin + q + (t < r ? 1 : 0);
        if (row >= begin && row < end)
            return {begin, end};
        begin = end;
    }
    return {0, rows};
}

// Whether (slow, fast) is the first pixel of the schedule region in its thread's row block.
bool holds_thread_first_pass(const std::vector<nbtrace::Record>& setup, int slow, int fast) {
    const nbtrace::Record* det = setup_record(setup, "detpixels");
    const nbtrace::Record* roi = setup_record(setup, "roi");
    const int rows = det ? static_cast<int>(det->values[0]) : 0;
    const int threads = std::max(1, static_cast<int>(setup_value(setup, "threads").value_or(1)));
    const bool full_frame = setup_value(setup, "schedule").value_or(1) == 1;
    if (rows <= 0)
        return false;
    const auto [begin, end] = row_block_of(slow, rows, threads);
    int fmin = 0, smin = begin, smax = end - 1;
    if (!full_frame && roi) {
        fmin = static_cast<int>(roi->values[0]);
        smin = std::max(begin, static_cast<int>(roi->values[2]));
        smax = std::min(end - 1, static_cast<int>(roi->values[3]));
    }
    return smin <= smax && slow == smin && fast == fmin;
}

std::optional<int> zero_phi_step(const std::vector<nbtrace::Record>& setup, int* phisteps) {
    std::optional<int> zero;
    bool rotating = false;
    *phisteps = 0;
    for (const nbtrace::Record& r : setup)
        if (r.key == "phi_angle" && !r.idx.pixel_slow && r.idx.phi) {
            *phisteps = std::max(*phisteps, *r.idx.phi + 1);
            if (r.values[0] == 0.0)
                zero = *r.idx.phi;
            else
                rotating = true;
        }
    return rotating ? zero : std::nullopt;
}

bool has_flag(const std::vector<std::string>& args, const char* flag) {
    return std::find(args.begin(), args.end(), flag) != args.end();
}

void predict(const std::vector<nbtrace::Record>& spec, int zero, int phisteps, CarryoverPixel& px) {
    // contributions of this pixel: pass -> (phi, mosaic) -> I
    std::map<Pass, std::map<std::pair<int, int>, double>> contrib;
    for (const nbtrace::Record& r : spec)
        if (r.key == "I_contribution" && at_pixel(r, px.slow, px.fast) && r.idx.phi)
            contrib[pass_of(r.idx)][{*r.idx.phi, r.idx.mosaic.value_or(0)}] = r.values[0];
    px.passes = static_cast<int>(contrib.size());
    double delta = 0;
    bool first = true;
    for (const auto& [pass, by_step] : contrib) {
        // step 0 carries the previous pass's last step, except on the thread's first pass;
        // a later zero step carries the step before it in the same pass
        const bool keeps_spec = zero == 0 && first && px.thread_first_pixel;
        first = false;
        if (keeps_spec)
            continue;
        const int carried = zero == 0 ? phisteps - 1 : zero - 1;
        if (px.carried_step < 0)
            px.carried_step = carried;
        ++px.affected_passes;
        for (const auto& [step, value] : by_step)
            if (step.first == zero) {
                auto from = by_step.find({carried, step.second});
                if (from != by_step.end())
                    delta += from->second - value;
            }
    }
    px.predicted_I_before_scaling = px.spec_I_before_scaling + delta;
    if (*px.predicted_I_before_scaling != 0)
        px.spec_vs_c_predicted = -delta / *px.predicted_I_before_scaling;
}

} // namespace

CarryoverReport predict_and_measure_carryover(const std::vector<nbtrace::Record>& spec,
                                              const std::vector<nbtrace::Record>& unpatched,
                                              const std::vector<nbtrace::Pixel>& pixels,
                                              const std::vector<std::string>& args) {
    CarryoverReport report;
    int phisteps = 0;
    const std::optional<int> zero = zero_phi_step(spec, &phisteps);
    if (!zero)
        return report;
    report.applies = true;
    const bool running_sum = setup_value(spec, "oversample_thick").value_or(0) != 0 ||
                             setup_value(spec, "oversample_polar").value_or(0) != 0 ||
                             setup_value(spec, "oversample_omega").value_or(0) != 0;
    if (has_flag(args, "-mask"))
        report.notes.push_back("-mask: the prediction takes a thread's first region pixel as "
                               "computed even when the mask skips it");
    if (has_flag(args, "-dmin"))
        report.notes.push_back("-dmin: a pass whose sources are all cut does not rotate; the "
                               "prediction counts the passes present in the trace");
    for (const auto& [slow, fast] : pixels) {
        CarryoverPixel px;
        px.slow = slow;
        px.fast = fast;
        px.zero_step = *zero;
        px.thread_first_pixel = holds_thread_first_pass(spec, slow, fast);
        px.spec_I_before_scaling = pixel_value(spec, "I_before_scaling", slow, fast).value_or(0);
        px.c_I_before_scaling = pixel_value(unpatched, "I_before_scaling", slow, fast).value_or(0);
        px.spec_I_pixel_final = pixel_value(spec, "I_pixel_final", slow, fast).value_or(0);
        px.c_I_pixel_final = pixel_value(unpatched, "I_pixel_final", slow, fast).value_or(0);
        if (px.c_I_before_scaling != 0)
            px.spec_vs_c_measured =
                (px.spec_I_before_scaling - px.c_I_before_scaling) / px.c_I_before_scaling;
        if (running_sum)
            px.not_predicted_reason = "a running-sum factor (-oversample_thick/_polar/_omega) "
                                      "multiplies partial sums, so contributions do not add up";
        else
            predict(spec, *zero, phisteps, px);
        report.pixels.push_back(px);
    }
    // where the unpatched program first departs from the model, in stage order, exactly (the
    // two runs differ only in the fix, so any difference is the carry-over)
    nbtrace::DiffOptions exact;
    exact.rtol = 0;
    for (const nbtrace::ToleranceClass& c : nbtrace::registry().tolerance_classes())
        exact.atol[c.name] = 0;
    const nbtrace::DiffResult d =
        nbtrace::diff_traces(without_run_switches(spec), without_run_switches(unpatched), exact);
    if (d.first_divergence) {
        const nbtrace::DiffRow& row = d.rows[*d.first_divergence];
        report.first_departure = row.key + " at " + row.idx.to_string();
    }
    return report;
}

} // namespace harness
