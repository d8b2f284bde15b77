#include "diagnosis/run_controls.h"

#include "sides/record_lookup.h"
#include "sides/reference_engine.h"
#include "sides/simulator_engine.h"

#include <variant>

namespace harness {

namespace {

bool float32_side(const SideSpec& s, const RunRequest& r) {
    // the reference engine computes in double whatever --dtype says; a backend computes in
    // float32 only when its file has a float32 spelling (the C programs list float64 alone)
    return r.dtype == Dtype::float32 &&
           (s.kind == SideKind::simulator ||
            (s.kind == SideKind::backend && s.backend && s.backend->dtypes.count("float32")));
}

nbdiag::SideFacts facts_of(const SideSpec& side, const EngineRun& run, std::size_t pixel) {
    nbdiag::SideFacts facts;
    if (side.kind == SideKind::backend)
        facts = nbdiag::read_side_facts_text(run.legacy_text);
    for (const std::string& f : side.files)
        if (!facts.n_cells)
            facts = nbdiag::read_side_facts(f);
    // a backend's image cell (in-process engines print theirs as image_value)
    if (side.kind == SideKind::backend && pixel < run.traced_values.size()) {
        facts.image_cell = run.traced_values[pixel];
        facts.image_source = "its image";
    }
    return facts;
}

// One more traced-only run of an in-process engine with one switch flipped.
std::variant<EngineRun, HarnessError> rerun(bool reference, const EngineRequest& request) {
    return reference ? run_reference(request) : run_simulator(request);
}

void add_switch(RunOutcome& out, const std::string& name, bool reference,
                const EngineRequest& flipped, const EngineRun& as_run, bool should_change,
                const std::string& why_no_change) {
    auto result = rerun(reference, flipped);
    if (const auto* e = std::get_if<HarnessError>(&result)) {
        out.diagnosis.controls_not_run.push_back(name + ": the engine refused it: " + e->message);
        return;
    }
    out.diagnosis.controls.push_back(nbdiag::switch_control(
        name, without_run_switches(as_run.records),
        without_run_switches(std::get<EngineRun>(result).records), should_change, why_no_change));
}

} // namespace

void diagnose_run(const RunRequest& request, RunOutcome& out) {
    if (out.image_only)
        return;
    for (auto [side, run, label] :
         {std::tuple{&request.side_a, &out.reference, "A: " + out.a_label},
          std::tuple{&request.side_b, &out.simulator, "B: " + out.b_label}})
        for (std::size_t i = 0; i < out.pixels.size(); ++i) {
            const auto [slow, fast] = out.pixels[i];
            out.diagnosis.sides.push_back(
                diagnose_side(label + " pixel (slow " + std::to_string(slow) + ", fast " +
                                  std::to_string(fast) + ")",
                              run->records, facts_of(*side, *run, i), float32_side(*side, request),
                              nullptr, out.pixels[i]));
        }
}

void run_negative_controls(const RunRequest& request, RunOutcome& out) {
    out.diagnosis.controls.push_back(nbdiag::self_diff_control(
        "A: " + out.a_label, without_run_switches(out.reference.records)));
    out.diagnosis.controls.push_back(nbdiag::self_diff_control(
        "B: " + out.b_label, without_run_switches(out.simulator.records)));
    if (out.pixels.empty()) {
        out.diagnosis.controls_not_run.push_back("switches: no traced pixel to run them on");
        return;
    }
    const std::string no_phi_effect =
        "the case's phi steps are not both 0 and nonzero, so the phi = 0 carry-over cannot act";
    for (auto [side, run, req, label] :
         {std::tuple{&request.side_a, &out.reference, &out.reference_request, out.a_label},
          std::tuple{&request.side_b, &out.simulator, &out.simulator_request, out.b_label}}) {
        const bool can_act = nbdiag::carryover_can_act(run->records);
        if (side->kind == SideKind::simulator) {
            EngineRequest mode = *req;
            mode.phi_mode = req->phi_mode == PhiMode::c_parity ? PhiMode::spec : PhiMode::c_parity;
            add_switch(out,
                       "phi mode " +
                           std::string(req->phi_mode == PhiMode::c_parity ? "c-parity -> spec"
                                                                          : "spec -> c-parity") +
                           " (" + label + ")",
                       false, mode, *run, can_act, no_phi_effect);
            EngineRequest dtype = *req;
            dtype.dtype = req->dtype == Dtype::float32 ? Dtype::float64 : Dtype::float32;
            add_switch(out,
                       "dtype " +
                           std::string(req->dtype == Dtype::float32 ? "float32 -> float64"
                                                                    : "float64 -> float32") +
                           " (" + label + ")",
                       false, dtype, *run, true, {});
        } else if (side->kind == SideKind::reference) {
            const std::string name = "phi = 0 fix " +
                                     std::string(req->phi0_fix ? "on -> off" : "off -> on") + " (" +
                                     label + ")";
            if (out.reference_unpatched && req->phi0_fix)
                out.diagnosis.controls.push_back(
                    nbdiag::switch_control(name, without_run_switches(run->records),
                                           without_run_switches(out.reference_unpatched->records),
                                           can_act, no_phi_effect));
            else {
                EngineRequest fix = *req;
                fix.phi0_fix = !req->phi0_fix;
                add_switch(out, name, true, fix, *run, can_act, no_phi_effect);
            }
        } else {
            out.diagnosis.controls_not_run.push_back(
                label + ": a " + (side->kind == SideKind::backend ? "backend" : "recorded") +
                " side is not run again by --controls (its switches are its program's; a "
                "program run costs its full frame)");
        }
    }
}

} // namespace harness
