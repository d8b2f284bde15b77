// commands.txt: every command that reproduces the bundle's evidence, runnable from any folder.
#include "bundle/bundle_contents.h"

#include "bundle/engine_command.h"
#include "bundle/report_text.h"
#include "sides/reference_engine.h"
#include "sides/simulator_engine.h"

#include <sstream>

namespace harness {

namespace {

// Stands for the bundle's inputs folder in argument lists until they are quoted.
const std::string kInputsMark = "\x01";

std::string command_text(const std::vector<std::string>& argv) {
    std::string out;
    for (const std::string& w : argv) {
        out += out.empty() ? "" : " ";
        if (w.rfind(kInputsMark + "/", 0) == 0)
            out += "\"$B\"/inputs/" + shell_quote(w.substr(kInputsMark.size() + 1));
        else
            out += shell_quote(w);
    }
    return out;
}

// The harness comparison of this bundle, from the bundle's inputs, every option explicit.
std::vector<std::string> bundle_harness_command(const BundleContext& c) {
    const RunRequest& r = c.request;
    std::vector<std::string> argv{"trace_harness"};
    // given pixels as pixels, picked ones as their pickers (the same inputs pick the same pixels)
    const RunOutcome& o = c.outcome;
    for (std::size_t i = 0; i < o.pixels.size(); ++i) {
        const std::string& source = i < o.pixel_sources.size() ? o.pixel_sources[i] : "given";
        if (source.rfind("given", 0) == 0 || source == "brightest_in_roi")
            argv.insert(argv.end(), {"--pixel", std::to_string(o.pixels[i].first),
                                     std::to_string(o.pixels[i].second)});
    }
    for (const nbimage::PickerSpec& p : r.picks)
        argv.insert(argv.end(), {"--pick", p.to_string()});
    if (r.roi)
        argv.insert(argv.end(), {"--roi", std::to_string(r.roi->fmin), std::to_string(r.roi->fmax),
                                 std::to_string(r.roi->smin), std::to_string(r.roi->smax)});
    argv.insert(argv.end(),
                {"--phi-mode", r.phi_mode(), "--threads", std::to_string(r.threads), "--schedule",
                 r.schedule(), "--dtype", r.dtype(), "--rtol", exact_text(r.diff.rtol)});
    for (const auto& [cls, atol] : r.diff.atol)
        argv.insert(argv.end(), {"--atol", cls + "=" + exact_text(atol)});
    for (const std::string& k : r.diff.required)
        argv.insert(argv.end(), {"--require", k});
    if (!r.fault.empty())
        argv.insert(argv.end(), {"--inject-fault", r.fault});
    argv.insert(argv.end(), {"--initiative", r.initiative, "--"});
    const std::vector<std::string> args = c.the_case.args(kInputsMark);
    argv.insert(argv.end(), args.begin(), args.end());
    return argv;
}

// An engine request as run, with its inputs in the bundle.
EngineRequest in_bundle(const BundleContext& c, EngineRequest r) {
    r.args = case_args_with_roi(c.the_case.args(kInputsMark), c.request.roi);
    return r;
}

} // namespace

std::string commands_txt(const BundleContext& c) {
    const RunOutcome& o = c.outcome;
    std::ostringstream out;
    out << "# Commands that reproduce this bundle. Run them from an empty scratch folder with B "
           "set\n"
           "# to this bundle's folder (the engine commands write their default output files into\n"
           "# the current folder, never into the bundle):\n"
           "#   B=/path/to/this/bundle; cd \"$(mktemp -d)\"\n\n"
           "# The harness command as it was run (in its own working directory):\n"
        << command_text(c.request.argv)
        << "\n\n# The same comparison from this bundle's inputs, every option explicit:\n"
        << command_text(bundle_harness_command(c)) << "\n";

    const EngineRequest ref = in_bundle(c, o.reference_request);
    const EngineRequest sim = in_bundle(c, o.simulator_request);
    out << "\n# Reference engine, one command per traced pixel (TRACE_C lines on stdout):\n";
    for (const auto& [slow, fast] : o.pixels)
        out << command_text(reference_command_line(ref, slow, fast)) << "\n";
    if (o.reference_unpatched) {
        EngineRequest unpatched = ref;
        unpatched.phi0_fix = false;
        out << "\n# The unpatched reference (the C program's C-PARITY-001 behaviour):\n";
        for (const auto& [slow, fast] : o.pixels)
            out << command_text(reference_command_line(unpatched, slow, fast)) << "\n";
    }
    out << "\n# Simulator, one command per traced pixel (TRACE_PY lines on stdout):\n";
    for (const auto& [slow, fast] : o.pixels)
        out << command_text(simulator_command_line(sim, slow, fast)) << "\n";
    for (const BackendProvenance& b : o.backends) {
        out << "\n# Backend " << b.backend << " as it ran (in a fresh folder; environment:";
        for (const auto& [k, v] : b.environment)
            out << " " << k << "=" << v;
        out << "):\n" << command_text(b.argv) << "\n";
    }
    if (c.request.roi && !o.pixels.empty()) {
        EngineRequest ref_roi = ref, sim_roi = sim;
        ref_roi.traced_only = sim_roi.traced_only = false;
        // the engines trace one pixel as they compute the ROI: the first traced one, else the
        // ROI's first (a run whose pickers found nothing traces no pixel)
        const auto [slow, fast] = o.pixels.empty()
                                      ? std::make_pair(c.request.roi->smin, c.request.roi->fmin)
                                      : o.pixels.front();
        out << "\n# The ROI images (floatimage.bin in the current folder):\n"
            << command_text(reference_command_line(ref_roi, slow, fast)) << "\n"
            << command_text(simulator_command_line(sim_roi, slow, fast)) << "\n";
    }
    out << "\n# Check this bundle:\n"
           "(cd \"$B\" && sha256sum -c sha256.txt)\n"
           "trace_harness verify \"$B\"\n";
    return out.str();
}

} // namespace harness
