// summary.md (what a person reads first) and the lines printed after a run: verdict first.
#include "bundle/bundle_contents.h"

#include "bundle/diagnosis_md.h"
#include "bundle/images_report.h"
#include "bundle/report_text.h"

#include "nbreport/sha256.h"

#include <sstream>

namespace harness {

namespace {

std::string pixels_text(const std::vector<nbtrace::Pixel>& pixels) {
    std::string out;
    for (const auto& [slow, fast] : pixels)
        out += (out.empty() ? "" : ", ") + pixel_text(slow, fast);
    return out;
}

// "first divergence: lattice F_latt_b at pixel(...) ...: reference 1 vs simulator 2 (rel 1e-3)",
// the sides named as they are (reference, simulator, a backend's name)
std::string divergence_line(const nbtrace::DiffResult& d) {
    if (!d.first_divergence)
        return "";
    const nbtrace::DiffRow& r = d.rows[*d.first_divergence];
    std::string line = "first divergence at stage " + std::string(nbtrace::to_string(r.stage)) +
                       ": " + r.key + " at " + r.idx.to_string() + ": ";
    if (r.a && r.b)
        line += d.a_name + " " + values_text(r.a->values) + " vs " + d.b_name + " " +
                values_text(r.b->values) + " (abs " + number_text(r.max_abs, 3) + ", rel " +
                number_text(r.max_rel, 3) + "; allowed atol " + number_text(r.tolerance.atol, 3) +
                " + rtol " + number_text(r.tolerance.rtol, 3) + ")";
    else
        line += "only " + (r.a ? d.a_name : d.b_name) + " reports it";
    return line;
}

double max_rel(const nbtrace::DiffResult& d) {
    double m = 0;
    for (const nbtrace::StageSummary& s : d.stages)
        m = std::max(m, s.max_rel);
    return m;
}

std::string side_text(const SideSpec& s) {
    switch (s.kind) {
    case SideKind::reference:
        return "the embedded re-creation of the nanoBragg C program (reference_c/)";
    case SideKind::simulator:
        return "the embedded C++ simulator (simulator/)";
    case SideKind::backend:
        return "backend " + s.backend->name + " (" + s.backend->source + ")";
    case SideKind::recorded: {
        std::string f;
        for (const std::string& x : s.files)
            f += (f.empty() ? "" : ", ") + x;
        return "recorded traces: " + f;
    }
    }
    return "?";
}

std::string mode_text(const RunRequest& r) {
    return r.phi_mode == PhiMode::c_parity
               ? "c-parity (both engines reproduce the C program's phi = 0 carry-over)"
               : "spec (both follow the model; the reference runs with its phi = 0 fix)";
}

std::string verdict_line(const BundleContext& c) {
    const RunOutcome& o = c.outcome;
    if (o.passed() && o.image_only && o.roi)
        return "PASS: " + o.a_label + " and " + o.b_label + " give the same ROI image (" +
               std::to_string(o.roi->pixels) + " pixels, largest relative difference " +
               number_text(o.roi->max_rel.value, 3) + ", rtol " +
               number_text(c.request.diff.rtol, 3) + "); image-only: " + "no trace compared";
    if (o.passed() && o.pixels.empty())
        return "PASS: " + o.a_label + " and " + o.b_label + " agree on the configuration (" +
               std::to_string(o.diff.compared) + " records compared); no pixel traced" +
               (o.picks.empty() ? "" : " (the pickers found none, see below)");
    if (o.passed())
        return "PASS: " + o.a_label + " and " + o.b_label + " agree at " +
               std::to_string(o.pixels.size()) + " traced pixel(s) " + pixels_text(o.pixels) +
               ": " + std::to_string(o.diff.compared) +
               " records compared, largest relative difference " + number_text(max_rel(o.diff), 3) +
               " (rtol " + number_text(c.request.diff.rtol, 3) + ")";
    std::string why = divergence_line(o.diff);
    if (why.empty())
        why = o.failures.front();
    return "FAIL: " + why;
}

} // namespace

std::string summary_md(const BundleContext& c) {
    const RunOutcome& o = c.outcome;
    const RunRequest& r = c.request;
    std::ostringstream md;
    md << "# trace_harness: " << (o.passed() ? "PASS" : "FAIL") << "\n\n"
       << verdict_line(c) << "\n";
    if (o.failures.size() > 1 || (!o.passed() && !o.diff.first_divergence)) {
        md << "\nWhy the verdict is a failure:\n\n";
        for (const std::string& f : o.failures)
            md << "- " << f << "\n";
    }

    md << "\n## Sides\n\n| side | what |\n|---|---|\n"
       << "| A: " << o.a_label << " | " << side_text(r.side_a) << " |\n"
       << "| B: " << o.b_label << " | " << side_text(r.side_b) << " |\n";
    for (const BackendProvenance& b : o.backends)
        md << "\n"
           << b.backend << ": `" << b.program << "` (sha256 `" << b.program_sha256 << "`), "
           << b.status << ", " << number_text(b.wall_s, 3) << " s, peak memory "
           << b.peak_rss_kb / 1024 << " MiB; argv in sides.json\n";
    for (const std::string& n : o.notes)
        md << "\n- " << n << "\n";
    md << "\n## Run\n\n| | |\n|---|---|\n"
       << "| case | " << c.the_case.name << ": " << c.the_case.description << " |\n"
       << "| detector | " << detector_text(o) << " |\n"
       << "| traced pixels (slow, fast) | " << pixels_text(o.pixels)
       << (o.brightest_chosen ? " (the brightest reference pixel of the ROI)" : "") << " |\n";
    if (r.roi)
        md << "| ROI (fast " << r.roi->fast_min << ".." << r.roi->fast_max << ", slow "
           << r.roi->slow_min << ".." << r.roi->slow_max << ") | compared as images too |\n";
    md << "| phi mode | " << mode_text(r) << " |\n"
       << "| threads, schedule | " << r.threads << ", " << text(r.schedule)
       << " (the loop order that decides each thread's first pass) |\n"
       << "| simulator dtype | " << text(r.dtype) << " |\n"
       << "| tolerance | abs(ref - sim) <= atol(class) + rtol * abs(ref), rtol "
       << number_text(r.diff.rtol, 3) << ", atol per class from the key registry"
       << (r.diff.atol.empty() ? "" : " (overridden on the command line)") << " |\n";
    if (!r.fault.empty())
        md << "| injected fault | " << r.fault
           << " (testing the harness: the simulator is deliberately wrong) |\n";

    md << "\n## Inputs\n\n";
    if (c.the_case.inputs.empty())
        md << "The case reads no input file.\n";
    else {
        md << "| flag | file in the bundle | found as | sha256 |\n|---|---|---|---|\n";
        for (const ResolvedInput& in : c.the_case.inputs)
            md << "| " << in.flag << " | inputs/" << in.bundle_name << " | " << in.source
               << (in.given.empty() ? "" : " (" + in.given + ")") << " | `"
               << nbreport::sha256_hex(in.bytes) << "` |\n";
        if (c.the_case.mixed_sources())
            md << "\nWARNING: the embedded crystal stands in for some inputs but not all.\n";
    }

    md << "\n## Stages\n\n| stage | rows | pass | fail | only " << o.a_label << " | only "
       << o.b_label << " | max rel |\n|---|---|---|---|---|---|---|\n";
    for (const nbtrace::StageSummary& s : o.diff.stages)
        if (s.rows)
            md << "| " << nbtrace::to_string(s.stage) << " | " << s.rows << " | " << s.pass << " | "
               << s.fail << " | " << s.only_a << " | " << s.only_b << " | "
               << number_text(s.max_rel, 3) << " |\n";
    if (!o.diff.missing_required.empty()) {
        md << "\nRequired but missing:\n\n";
        for (const std::string& m : o.diff.missing_required)
            md << "- " << m << "\n";
    }

    if (o.diff.first_divergence) {
        const std::size_t at = *o.diff.first_divergence;
        md << "\n## First divergence\n\n"
           << divergence_line(o.diff) << "\n\nUpstream (the rows "
           << "just before it in stage order; all " << at << " upstream rows are in diff.tsv):\n\n";
        for (std::size_t i = at > 5 ? at - 5 : 0; i < at; ++i)
            md << "- " << nbtrace::to_string(o.diff.rows[i].status) << " " << o.diff.rows[i].key
               << " at " << o.diff.rows[i].idx.to_string() << "\n";
    }

    if (o.roi) {
        const RoiComparison& q = *o.roi;
        md << "\n## ROI images\n\n"
           << "| | |\n|---|---|\n| pixels | " << q.pixels << " |\n| max abs difference | "
           << number_text(q.max_abs.value, 3) << " at "
           << pixel_text(q.max_abs.slow, q.max_abs.fast)
           << " |\n| max relative difference (pixels >= " << number_text(q.floor_fraction, 3)
           << " x max) | " << number_text(q.max_rel.value, 3) << " at "
           << pixel_text(q.max_rel.slow, q.max_rel.fast) << " |\n| Pearson correlation | "
           << number_text(q.pearson, 12) << " |\n| sum ratio (B: " << o.b_label
           << " / A: " << o.a_label << ") | " << number_text(q.sum_ratio, 12)
           << " |\n| pixels outside tolerance | " << q.failing_pixels << " |\n";
        for (const TraceImageCheck& t : o.trace_image_checks)
            if (!t.equal())
                md << "\n"
                   << t.engine << ": the traced run gives " << nbtrace::shortest_text(t.traced)
                   << " at " << pixel_text(t.pixel) << " but the ROI run "
                   << nbtrace::shortest_text(t.image) << "\n";
    }

    md << images_md(o);

    md << "\n## Known divergences in effect\n\n";
    if (o.divergences.empty())
        md << "None of the documented C behaviours (harness/known_divergences.json) applies to "
              "this case.\n";
    for (const KnownDivergence& k : o.divergences) {
        md << "- **" << k.id << "**: " << k.title << ". " << k.effect;
        if (!k.mode_note.empty())
            md << " In this run (" << text(r.phi_mode) << "): " << k.mode_note << ".";
        else if (k.engines == "both")
            md << " Both engines reproduce it.";
        else if (k.engines == "reference")
            md << " Only the reference reproduces it: a difference in the keys it affects is "
                  "expected.";
        md << "\n";
    }
    if (o.carryover && o.carryover->applies) {
        const CarryoverReport& co = *o.carryover;
        md << "\n### C-PARITY-001: the unpatched C program at these pixels\n\n"
           << "| pixel | phi step | C program I_before_scaling | spec I_before_scaling | spec vs "
              "C, "
              "measured | spec vs C, predicted | C program I_pixel_final | spec I_pixel_final |\n"
              "|---|---|---|---|---|---|---|---|\n";
        for (const CarryoverPixel& p : co.pixels)
            md << "| " << pixel_text(p.pixel) << " | " << p.zero_step << " | "
               << number_text(p.c_I_before_scaling, 10) << " | "
               << number_text(p.spec_I_before_scaling, 10) << " | "
               << percent_text(p.spec_vs_c_measured) << " | "
               << (p.spec_vs_c_predicted ? percent_text(*p.spec_vs_c_predicted) : "not predicted")
               << " | " << number_text(p.c_I_pixel_final, 10) << " | "
               << number_text(p.spec_I_pixel_final, 10) << " |\n";
        md << "\nMeasured: an extra run of the reference without its fix. Predicted from the spec "
              "trace alone: at phi step "
           << co.pixels.front().zero_step
           << " the C program reuses the vectors of the step its "
              "thread rotated last, so each affected pass's contribution there is replaced by "
              "the same pass's contribution at that step.\n";
        for (const CarryoverPixel& p : co.pixels) {
            if (p.thread_first_pixel)
                md << "\n"
                   << pixel_text(p.pixel)
                   << " holds its thread's first pass, which keeps phi = 0.\n";
            if (!p.not_predicted_reason.empty())
                md << "\n"
                   << pixel_text(p.pixel) << ": not predicted: " << p.not_predicted_reason << ".\n";
        }
        if (!co.first_departure.empty())
            md << "\nThe unpatched trace first departs from the spec trace at "
               << co.first_departure << ".\n";
        for (const std::string& n : co.notes)
            md << "\nNote: " << n << ".\n";
    }

    md << diagnosis_markdown(o.diagnosis, o.diff);
    md << diagnosis_md(o);

    md << "\n## Files\n\n"
          "- `commands.txt`: the commands that reproduce this bundle\n"
          "- `env.json`, `config_effective.json`: environment; both engines' configuration\n"
          "- `trace_reference.jsonl`, `trace_simulator.jsonl`: canonical traces; `.log`: the "
          "same as TRACE_C / TRACE_PY text\n"
          "- `diff.tsv`: every compared component side by side, in stage order\n"
          "- `metrics.json`: the verdict and numbers for machines\n"
          "- `sha256.txt`: checksums of every other file (`sha256sum -c sha256.txt`, or "
          "`trace_harness verify`)\n";
    return md.str();
}

std::string printed_summary(const BundleContext& c, const std::string& bundle) {
    const RunOutcome& o = c.outcome;
    std::ostringstream out;
    out << verdict_line(c) << "\n";
    for (std::size_t i = o.diff.first_divergence ? 1 : 0; i < o.failures.size(); ++i)
        out << "  also: " << o.failures[i] << "\n";
    out << "case " << c.the_case.name << " (";
    if (c.the_case.inputs.empty())
        out << "no input files";
    for (std::size_t i = 0; i < c.the_case.inputs.size(); ++i) {
        const ResolvedInput& in = c.the_case.inputs[i];
        out << (i ? ", " : "") << in.flag << " " << in.source << " " << in.bundle_name << " "
            << nbreport::sha256_hex(in.bytes).substr(0, 12);
    }
    out << "); detector " << detector_text(o) << "; phi-mode " << text(c.request.phi_mode) << ", "
        << c.request.threads << " thread(s), " << text(c.request.schedule) << " schedule, "
        << text(c.request.dtype) << "\n";
    for (const std::string& line : images_printed_lines(o))
        out << line << "\n";
    if (o.roi)
        out << "ROI images: max rel " << number_text(o.roi->max_rel.value, 3) << ", Pearson "
            << number_text(o.roi->pearson, 9) << ", sum ratio " << number_text(o.roi->sum_ratio, 9)
            << ", " << o.roi->failing_pixels << " pixel(s) outside tolerance\n";
    if (!o.divergences.empty()) {
        out << "known divergences in effect:";
        for (const KnownDivergence& k : o.divergences)
            out << " " << k.id;
        out << "\n";
    }
    if (o.carryover)
        for (const CarryoverPixel& p : o.carryover->pixels)
            out << "C-PARITY-001 at phi step " << p.zero_step << ", pixel " << pixel_text(p.pixel)
                << ": the C program gives I_before_scaling " << number_text(p.c_I_before_scaling, 9)
                << ", spec " << number_text(p.spec_I_before_scaling, 9) << ": spec "
                << percent_text(p.spec_vs_c_measured) << " measured, "
                << (p.spec_vs_c_predicted ? percent_text(*p.spec_vs_c_predicted) : "not")
                << " predicted\n";
    for (const std::string& line : diagnosis_printed_lines(o.diagnosis, o.diff))
        out << line << "\n";
    out << "bundle: " << bundle << "\n";
    return out.str();
}

} // namespace harness
