#include "compare/phi_carryover.h"

#include "gate/thread_first.h"
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

// Whether `px` is the first pixel of the schedule region (the whole frame, or the -roi under
// Schedule::roi) in its thread's row block; the detector's rows come from the set-up records.
bool holds_thread_first_pass(const std::vector<nbtrace::Record>& setup,
                             const CarryoverSchedule& schedule, const nbtrace::Pixel& px) {
    const nbtrace::Record* det = setup_record(setup, "detpixels");
    const int rows = det ? static_cast<int>(det->values[0]) : 0;
    if (rows <= 0)
        return false;
    const int columns = det->values.size() > 1 ? static_cast<int>(det->values[1]) : 1;
    const nbtrace::Region region = schedule.schedule == Schedule::roi && schedule.region
                                       ? *schedule.region
                                       : nbtrace::Region{0, rows - 1, 0, columns - 1};
    const std::vector<nbtrace::Pixel> first =
        gate::thread_first_pixels(rows, region, std::max(1, schedule.threads));
    return std::find(first.begin(), first.end(), px) != first.end();
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
                                              const std::vector<std::string>& args,
                                              const CarryoverSchedule& schedule) {
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
        px.thread_first_pixel = holds_thread_first_pass(spec, schedule, {slow, fast});
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
