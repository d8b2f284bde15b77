// metrics.json: the verdict and its numbers, for machines (CI gates, dashboards). Every key is
// always present (null when it does not apply); the schema is in harness/README.md.
#include "bundle/bundle_contents.h"

#include "bundle/diagnosis_md.h"
#include "bundle/images_report.h"
#include "bundle/report_text.h"

#include "nbreport/pretty_json.h"

#include <boost/json.hpp>

namespace harness {

namespace {

namespace json = boost::json;

json::array numbers(const std::vector<double>& v) {
    json::array a;
    for (double x : v)
        a.push_back(x);
    return a;
}

json::array strings(const std::vector<std::string>& v) {
    json::array a;
    for (const std::string& s : v)
        a.push_back(json::string(s));
    return a;
}

json::value or_null(const std::optional<double>& v) {
    return v ? json::value(*v) : json::value(nullptr);
}

json::object stage_json(const nbtrace::StageSummary& s) {
    return {{"stage", nbtrace::to_string(s.stage)},
            {"rows", s.rows},
            {"pass", s.pass},
            {"fail", s.fail},
            {"only_reference", s.only_a},
            {"only_simulator", s.only_b},
            {"max_abs", s.max_abs},
            {"max_rel", s.max_rel}};
}

// Set-up rows (no pixel index): the effective-configuration comparison.
json::object configuration_json(const nbtrace::DiffResult& d) {
    std::size_t rows = 0, compared = 0, failed = 0;
    double max_abs = 0, max_rel = 0;
    for (const nbtrace::DiffRow& r : d.rows) {
        if (r.idx.pixel_slow)
            continue;
        ++rows;
        if (r.a && r.b) {
            ++compared;
            failed += r.status == nbtrace::RowStatus::fail;
            max_abs = std::max(max_abs, r.max_abs);
            max_rel = std::max(max_rel, r.max_rel);
        }
    }
    return {{"rows", rows},
            {"compared", compared},
            {"failed", failed},
            {"max_abs", max_abs},
            {"max_rel", max_rel}};
}

json::value first_divergence_json(const nbtrace::DiffResult& d) {
    if (!d.first_divergence)
        return nullptr;
    const std::size_t at = *d.first_divergence;
    const nbtrace::DiffRow& r = d.rows[at];
    json::array upstream;
    for (std::size_t i = at > 5 ? at - 5 : 0; i < at; ++i)
        upstream.push_back(json::object{{"key", d.rows[i].key},
                                        {"idx", nbtrace::indices_object(d.rows[i].idx)},
                                        {"status", nbtrace::to_string(d.rows[i].status)}});
    return json::object{{"stage", nbtrace::to_string(r.stage)},
                        {"key", r.key},
                        {"units", r.units},
                        {"idx", nbtrace::indices_object(r.idx)},
                        {"reference", r.a ? json::value(numbers(r.a->values)) : nullptr},
                        {"simulator", r.b ? json::value(numbers(r.b->values)) : nullptr},
                        {"abs_error", r.max_abs},
                        {"rel_error", r.max_rel},
                        {"tolerance_class", r.tolerance_class},
                        {"atol", r.tolerance.atol},
                        {"rtol", r.tolerance.rtol},
                        {"upstream_rows", at},
                        {"last_upstream", upstream}};
}

json::object delta_json(const PixelDelta& p) {
    return {{"slow", p.slow},
            {"fast", p.fast},
            {"reference", p.reference},
            {"simulator", p.simulator},
            {"value", p.value}};
}

json::object roi_json(const nbtrace::Region& r) {
    return {{"fmin", r.fast_min}, {"fmax", r.fast_max}, {"smin", r.slow_min}, {"smax", r.slow_max}};
}

json::value roi_images_json(const std::optional<RoiComparison>& c) {
    if (!c)
        return nullptr;
    return json::object{
        {"roi", roi_json(c->roi)},
        {"pixels", c->pixels},
        {"floor_fraction", c->floor_fraction},
        {"floor", c->floor},
        {"rtol", c->rtol},
        {"reference_max", c->ref_max},
        {"simulator_max", c->sim_max},
        {"max_abs", delta_json(c->max_abs)},
        {"max_rel", delta_json(c->max_rel)},
        {"failing_pixels", c->failing_pixels},
        {"first_failing", c->failing_pixels ? json::value(delta_json(c->first_failing)) : nullptr},
        {"pearson", c->pearson},
        {"reference_sum", c->ref_sum},
        {"simulator_sum", c->sim_sum},
        {"sum_ratio", c->sum_ratio},
        {"passed", c->passed}};
}

json::value carryover_json(const std::optional<CarryoverReport>& c) {
    if (!c)
        return nullptr;
    json::array pixels;
    for (const CarryoverPixel& p : c->pixels)
        pixels.push_back(json::object{
            {"slow", p.pixel.slow},
            {"fast", p.pixel.fast},
            {"zero_step", p.zero_step},
            {"carried_step", p.carried_step < 0 ? json::value(nullptr) : p.carried_step},
            {"thread_first_pixel", p.thread_first_pixel},
            {"passes", p.passes},
            {"affected_passes", p.affected_passes},
            {"c_program", json::object{{"I_before_scaling", p.c_I_before_scaling},
                                       {"I_pixel_final", p.c_I_pixel_final}}},
            {"spec", json::object{{"I_before_scaling", p.spec_I_before_scaling},
                                  {"I_pixel_final", p.spec_I_pixel_final}}},
            {"spec_vs_c_program_measured", p.spec_vs_c_measured},
            {"predicted_I_before_scaling", or_null(p.predicted_I_before_scaling)},
            {"spec_vs_c_program_predicted", or_null(p.spec_vs_c_predicted)},
            {"not_predicted_reason", p.not_predicted_reason.empty()
                                         ? json::value(nullptr)
                                         : json::value(p.not_predicted_reason)}});
    return json::object{{"first_departure", c->first_departure.empty()
                                                ? json::value(nullptr)
                                                : json::value(c->first_departure)},
                        {"notes", strings(c->notes)},
                        {"pixels", pixels}};
}

json::value engine_json(const std::optional<EngineRun>& run) {
    if (!run)
        return nullptr;
    return json::object{
        {"wall_s", run->wall_s}, {"threads", run->threads}, {"records", run->records.size()}};
}

} // namespace

std::string metrics_json(const BundleContext& c) {
    const RunOutcome& o = c.outcome;
    const RunRequest& r = c.request;
    json::object m;
    m["schema"] = "trace_harness-metrics";
    m["schema_version"] = 2;
    m["verdict"] = o.passed() ? "pass" : "fail";
    m["exit_code"] = o.passed() ? 0 : 3;
    m["failures"] = strings(o.failures);
    m["case"] = c.the_case.name;
    m["phi_mode"] = text(r.phi_mode);
    m["dtype"] = text(r.dtype);
    m["threads"] = r.threads;
    m["schedule"] = text(r.schedule);
    json::object atol;
    for (const auto& [cls, v] : r.diff.atol)
        atol[cls] = v;
    m["tolerance"] = json::object{{"rtol", r.diff.rtol}, {"atol_overrides", atol}};
    json::array pixels;
    for (const auto& [slow, fast] : o.pixels)
        pixels.push_back(json::object{{"slow", slow}, {"fast", fast}});
    m["pixels"] = pixels;
    m["pixel_choice"] = !o.picks.empty()     ? "picked"
                        : o.brightest_chosen ? "brightest_in_roi"
                                             : "given";
    m["roi"] = r.roi ? json::value(roi_json(*r.roi)) : nullptr;
    const nbtrace::DiffResult& d = o.diff;
    m["counts"] = json::object{{"rows", d.rows.size()},      {"compared", d.compared},
                               {"failed", d.failed},         {"failed_gating", d.failed_gating},
                               {"only_reference", d.only_a}, {"only_simulator", d.only_b}};
    m["configuration"] = configuration_json(d);
    json::array stages;
    for (const nbtrace::StageSummary& s : d.stages)
        stages.push_back(stage_json(s));
    m["stages"] = stages;
    m["first_divergence"] = first_divergence_json(d);
    m["missing_required"] = strings(d.missing_required);
    m["roi_images"] = roi_images_json(o.roi);
    json::array checks;
    for (const TraceImageCheck& t : o.trace_image_checks)
        checks.push_back(json::object{{"engine", t.engine},
                                      {"slow", t.pixel.slow},
                                      {"fast", t.pixel.fast},
                                      {"traced", t.traced},
                                      {"image", t.image},
                                      {"equal", t.equal()}});
    m["trace_image_checks"] = checks;
    json::array divergences;
    for (const KnownDivergence& k : o.divergences)
        divergences.push_back(json::object{
            {"id", k.id},
            {"title", k.title},
            {"engines", k.engines},
            {"trigger", k.trigger_text},
            {"mode_note", k.mode_note.empty() ? json::value(nullptr) : json::value(k.mode_note)}});
    m["known_divergences"] = divergences;
    m["c_parity_001"] = carryover_json(o.carryover);
    m["engines"] = json::object{{"reference", engine_json(o.reference)},
                                {"simulator", engine_json(o.simulator)},
                                {"reference_unpatched", engine_json(o.reference_unpatched)},
                                {"reference_roi", engine_json(o.reference_image)},
                                {"simulator_roi", engine_json(o.simulator_image)}};
    add_images_json(o, m);
    m["diagnosis"] = run_diagnosis_json(o);
    m["record_conflicts"] = json::object{{"reference", strings(o.reference.conflicts)},
                                         {"simulator", strings(o.simulator.conflicts)}};
    return nbreport::pretty_json(m);
}

} // namespace harness
