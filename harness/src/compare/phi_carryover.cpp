#include "compare/phi_carryover.h"

#include "gate/thread_first.h"
#include "sides/record_lookup.h"

#include "nbdiag/predictions.h"
#include "nbtrace/diff.h"
#include "nbtrace/registry.h"

#include <algorithm>

namespace harness {

namespace {

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
    nbdiag::CarryoverContributions contrib;
    for (const nbtrace::Record& r : spec)
        if (r.key == "I_contribution" && at_pixel(r, px.pixel.slow, px.pixel.fast) && r.idx.phi)
            contrib[nbdiag::carryover_pass_of(r.idx)][{*r.idx.phi, r.idx.mosaic.value_or(0)}] =
                r.values[0];
    px.passes = static_cast<int>(contrib.size());
    const nbdiag::CarryoverDelta carry =
        nbdiag::carryover_delta(contrib, zero, phisteps, px.thread_first_pixel);
    px.affected_passes = carry.affected_passes;
    px.carried_step = carry.carried_step;
    const double delta = carry.delta;
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
    for (const nbtrace::Pixel& pixel : pixels) {
        const auto [slow, fast] = pixel;
        CarryoverPixel px;
        px.pixel = pixel;
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
