// commands.txt: every command that reproduces the bundle's evidence, runnable from any folder.
#include "bundle/bundle_contents.h"

#include "bundle/engine_command.h"
#include "bundle/report_text.h"
#include "sides/reference_engine.h"
#include "sides/simulator_engine.h"

#include <filesystem>
#include <sstream>
#include <tuple>

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

// A path the user gave, absolute, so that the command runs from any folder.
std::string absolute(const std::string& path) {
    std::error_code ec;
    const std::filesystem::path p = std::filesystem::absolute(path, ec);
    return ec ? path : p.string();
}

// The backend run of side `letter`, if that side ran one.
const BackendProvenance* backend_of(const RunOutcome& o, const std::string& letter) {
    for (const BackendProvenance& b : o.backends)
        if (b.side == letter)
            return &b;
    return nullptr;
}

// --a/--b and what they need (a backend's program, a recorded side's files), as the run had
// them; the default pair (reference, simulator) adds nothing.
std::vector<std::string> side_options(const BundleContext& c) {
    std::vector<std::string> argv;
    bool backend = false;
    for (const auto& [letter, side, fallback] :
         {std::tuple{std::string("a"), &c.request.side_a, "reference"},
          std::tuple{std::string("b"), &c.request.side_b, "simulator"}}) {
        const std::string opt = "--" + letter;
        switch (side->kind) {
        case SideKind::reference:
        case SideKind::simulator:
            if (side->label != fallback)
                argv.insert(argv.end(), {opt, side->label});
            break;
        case SideKind::backend: {
            backend = true;
            const bool shipped = shipped_backend(side->backend->name).has_value() &&
                                 side->backend->source.rfind("harness/backends/", 0) == 0;
            argv.insert(argv.end(),
                        {opt, shipped ? side->backend->name : absolute(side->backend->source)});
            if (const BackendProvenance* b = backend_of(c.outcome, letter))
                argv.insert(argv.end(), {opt + "-program", b->program});
            break;
        }
        case SideKind::recorded: {
            std::string files;
            for (const std::string& f : side->files)
                files += (files.empty() ? "" : ",") + absolute(f);
            argv.insert(argv.end(), {opt, "recorded:" + files});
            if (!side->image.empty())
                argv.insert(argv.end(), {opt + "-image", absolute(side->image)});
            break;
        }
        }
    }
    if (backend)
        argv.insert(argv.end(), {"--timeout", nbtrace::shortest_text(c.request.timeout_s)});
    return argv;
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
            argv.insert(argv.end(), {"--pixel", std::to_string(o.pixels[i].slow),
                                     std::to_string(o.pixels[i].fast)});
    }
    for (const nbimage::PickerSpec& p : r.picks)
        argv.insert(argv.end(), {"--pick", p.to_string()});
    if (r.roi) {
        argv.push_back("--roi");
        for (int v : r.roi->roi_flag_values())
            argv.push_back(std::to_string(v));
    }
    argv.insert(argv.end(), {"--phi-mode", text(r.phi_mode), "--threads", std::to_string(r.threads),
                             "--schedule", text(r.schedule), "--dtype", text(r.dtype), "--rtol",
                             nbtrace::shortest_text(r.diff.rtol)});
    for (const auto& [cls, atol] : r.diff.atol)
        argv.insert(argv.end(), {"--atol", cls + "=" + nbtrace::shortest_text(atol)});
    for (const std::string& k : r.diff.required)
        argv.insert(argv.end(), {"--require", k});
    if (!r.fault.empty())
        argv.insert(argv.end(), {"--inject-fault", r.fault});
    const std::vector<std::string> sides = side_options(c);
    argv.insert(argv.end(), sides.begin(), sides.end());
    argv.insert(argv.end(), {"--initiative", r.initiative, "--"});
    const std::vector<std::string> args = c.the_case.args(kInputsMark);
    argv.insert(argv.end(), args.begin(), args.end());
    return argv;
}

// An in-process side's engine request as run (the switches run_side() gives its engine), with
// its inputs in the bundle.
EngineRequest in_bundle(const BundleContext& c, EngineRequest r, const SideSpec& side) {
    r.args = case_args_with_roi(c.the_case.args(kInputsMark), c.outcome.effective_roi);
    r.schedule = c.outcome.effective_schedule;
    if (side.kind == SideKind::reference) {
        r.phi0_fix = c.request.phi_mode == PhiMode::spec;
    } else {
        r.phi_mode = c.request.phi_mode;
        r.dtype = c.request.dtype;
        r.fault = c.request.fault;
    }
    return r;
}

// One in-process side's command for a pixel: nanobragg_ref or nbsim.
std::vector<std::string> engine_command(const SideSpec& side, const EngineRequest& r, int slow,
                                        int fast) {
    return side.kind == SideKind::reference ? reference_command_line(r, slow, fast)
                                            : simulator_command_line(r, slow, fast);
}

// The words of an argument list a backend ran with, its inputs named in the bundle.
std::vector<std::string> in_bundle(const std::vector<std::string>& argv,
                                   const std::string& inputs_dir_as_run) {
    std::vector<std::string> out;
    for (const std::string& a : argv)
        out.push_back(!inputs_dir_as_run.empty() && a.rfind(inputs_dir_as_run + "/", 0) == 0
                          ? kInputsMark + a.substr(inputs_dir_as_run.size())
                          : a);
    return out;
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

    // each in-process side's engine, one command per traced pixel; each backend as it ran
    for (const auto& [name, side, run] :
         {std::tuple{"A", &c.request.side_a, &o.reference_request},
          std::tuple{"B", &c.request.side_b, &o.simulator_request}}) {
        if (side->kind != SideKind::reference && side->kind != SideKind::simulator)
            continue;
        const EngineRequest r = in_bundle(c, *run, *side);
        out << "\n# Side " << name << ", "
            << (side->kind == SideKind::reference ? "the reference engine (TRACE_C lines on stdout)"
                                                  : "the simulator (TRACE_PY lines on stdout)")
            << ", one command per traced pixel:\n";
        for (const auto& [slow, fast] : o.pixels)
            out << command_text(engine_command(*side, r, slow, fast)) << "\n";
        if (side->kind == SideKind::reference && o.reference_unpatched) {
            EngineRequest unpatched = r;
            unpatched.phi0_fix = false;
            out << "\n# The unpatched reference (the C program's C-PARITY-001 behaviour):\n";
            for (const auto& [slow, fast] : o.pixels)
                out << command_text(reference_command_line(unpatched, slow, fast)) << "\n";
        }
    }
    for (const BackendProvenance& b : o.backends) {
        // the way the harness ran it: a fresh folder, these variables, this argv
        std::vector<std::string> argv{"env"};
        for (const auto& [k, v] : b.environment)
            argv.push_back(k + "=" + v);
        const std::vector<std::string> words = in_bundle(b.argv, c.inputs_dir_as_run);
        argv.insert(argv.end(), words.begin(), words.end());
        out << "\n# Side " << (b.side == "a" ? "A" : "B") << ", backend " << b.backend
            << ", as it ran (in a fresh folder; its stdout is its trace):\n"
            << "(cd \"$(mktemp -d)\" && " << command_text(argv) << ")\n";
    }
    if (c.request.roi && !o.pixels.empty()) {
        // the engines trace one pixel as they compute the ROI: the first traced one
        const auto [slow, fast] = o.pixels.front();
        bool header = false;
        for (const auto& [side, run] : {std::pair{&c.request.side_a, &o.reference_request},
                                        std::pair{&c.request.side_b, &o.simulator_request}}) {
            if (side->kind != SideKind::reference && side->kind != SideKind::simulator)
                continue;
            EngineRequest roi = in_bundle(c, *run, *side);
            roi.traced_only = false;
            if (!header)
                out << "\n# The in-process sides' ROI images (floatimage.bin in the current "
                       "folder):\n";
            header = true;
            out << command_text(engine_command(*side, roi, slow, fast)) << "\n";
        }
    }
    out << "\n# Check this bundle:\n"
           "(cd \"$B\" && sha256sum -c sha256.txt)\n"
           "trace_harness verify \"$B\"\n";
    return out.str();
}

} // namespace harness
