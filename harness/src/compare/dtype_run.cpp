#include "compare/dtype_run.h"

#include "sides/record_lookup.h"

#include <tuple>

namespace harness {

bool runs_both_dtypes(const SideSpec& side) {
    switch (side.kind) {
    case SideKind::simulator:
        return true;
    case SideKind::backend:
        return side.backend && side.backend->dtypes.count("float32") &&
               side.backend->dtypes.count("float64");
    default:
        return false;
    }
}

void add_dtype_matrix(const RunRequest& request, const std::vector<std::string>& args,
                      RunOutcome& outcome) {
    if (!request.dtype_matrix)
        return;
    // the side whose two runs give the sensitivity: B (the one under test) when it can
    const bool b = runs_both_dtypes(request.side_b);
    if (!b && !runs_both_dtypes(request.side_a)) {
        outcome.dtype_notes.push_back("no side runs in both float32 and float64 (" +
                                      request.side_a.label + ", " + request.side_b.label +
                                      "): no dtype matrix");
        return;
    }
    for (const SideSpec* s : {&request.side_a, &request.side_b})
        if (s->kind == SideKind::backend && !runs_both_dtypes(*s))
            outcome.dtype_notes.push_back(s->label + " has no float32: it runs in float64 in "
                                                     "both runs");
    RunRequest f32 = request;
    f32.dtype = Dtype::float32;
    f32.dtype_matrix = false;
    for (SideSpec* s : {&f32.side_a, &f32.side_b})
        if (s->kind == SideKind::backend && !runs_both_dtypes(*s))
            return; // a backend without float32 would refuse the run; noted above
    const RunOutcome o32 = run_comparison(f32, args);
    const std::string label = b ? outcome.b_label : outcome.a_label;
    const auto& r64 = b ? outcome.simulator.records : outcome.reference.records;
    const auto& r32 = b ? o32.simulator.records : o32.reference.records;
    outcome.dtype_notes.push_back(std::string("the float32 run: ") +
                                  (o32.passed() ? "PASS" : "FAIL") + ", " +
                                  std::to_string(o32.diff.failed) + " failing rows");
    // W16 of harness_lessons.md: a dtype switch that changed no printed value is no dtype
    // matrix (every sensitivity 0, every divergence "logic"); the two runs are at hand, so the
    // switch is always checked, and a backend ignoring its dtype flag is a FAILED control
    outcome.diagnosis.controls.push_back(nbdiag::switch_control(
        "dtype float64 -> float32 (" + label + ", the dtype matrix's two runs)",
        without_run_switches(r64), without_run_switches(r32), true));
    using Labelled = std::tuple<const nbtrace::DiffResult*, const char*, const char*>;
    for (const auto& [diff, name, dtype] : {Labelled{&outcome.diff, "the float64 run", "float64"},
                                            Labelled{&o32.diff, "the float32 run", "float32"}}) {
        nbdiag::DtypeMatrix m = nbdiag::dtype_matrix(*diff, label, dtype, r64, r32);
        m.diff_name = name;
        outcome.dtype_matrices.push_back(std::move(m));
    }
}

} // namespace harness
