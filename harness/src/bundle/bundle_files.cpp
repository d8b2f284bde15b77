// Adding the files of a bundle, and env.json's run section.
#include "bundle/bundle_contents.h"

#include "bundle/images_report.h"
#include "nbreport/pretty_json.h"

#include "nbreport/sha256.h"
#include "nbtrace/diff_render.h"
#include "nbtrace/jsonl.h"
#include "nbtrace/registry.h"

#include <boost/json.hpp>

#include <map>
#include <sstream>
#include <tuple>

namespace harness {

namespace {

std::string jsonl(const std::vector<nbtrace::Record>& records) {
    std::ostringstream out;
    nbtrace::write_jsonl(out, records);
    return out.str();
}

// The engines' text names the inputs where they read them (in the staging folder); in the
// bundle they are under inputs/.
std::string as_in_bundle(std::string text, const std::string& inputs_dir_as_run) {
    if (inputs_dir_as_run.empty())
        return text;
    for (std::size_t at = text.find(inputs_dir_as_run); at != std::string::npos;
         at = text.find(inputs_dir_as_run, at))
        text.replace(at, inputs_dir_as_run.size(), "inputs");
    return text;
}

// The two sides and, for each backend run, what ran: program and sha256, argv, the environment
// the harness set, exit status, wall time and peak memory (schema trace_harness-sides v1).
std::string sides_json(const BundleContext& c) {
    namespace json = boost::json;
    const RunOutcome& o = c.outcome;
    json::object doc;
    doc["schema"] = "trace_harness-sides";
    doc["schema_version"] = 1;
    doc["a"] = o.a_label;
    doc["b"] = o.b_label;
    json::array runs;
    for (const BackendProvenance& b : o.backends) {
        json::object r;
        r["backend"] = b.backend;
        r["backend_file"] = b.spec_source;
        r["program"] = b.program;
        r["program_sha256"] = b.program_sha256;
        json::array argv;
        for (const std::string& a : b.argv)
            argv.emplace_back(as_in_bundle(a, c.inputs_dir_as_run));
        r["argv"] = std::move(argv);
        json::object env;
        for (const auto& [k, v] : b.environment)
            env[k] = v;
        r["environment"] = std::move(env);
        r["status"] = b.status;
        r["wall_s"] = b.wall_s;
        r["peak_rss_kb"] = b.peak_rss_kb;
        runs.push_back(std::move(r));
    }
    doc["backend_runs"] = std::move(runs);
    json::array notes;
    for (const std::string& n : o.notes)
        notes.emplace_back(n);
    doc["notes"] = std::move(notes);
    return nbreport::pretty_json(doc);
}

// env.json's sides: each side's name and kind and, for a backend, what ran.
std::vector<nbreport::SideRecord> side_records(const BundleContext& c) {
    std::vector<nbreport::SideRecord> out;
    for (const auto& [letter, spec, label] :
         {std::tuple{"a", &c.request.side_a, c.outcome.a_label},
          std::tuple{"b", &c.request.side_b, c.outcome.b_label}}) {
        nbreport::SideRecord s;
        s.side = letter;
        s.name = label;
        s.kind = to_string(spec->kind);
        for (const BackendProvenance& b : c.outcome.backends)
            if (b.side == letter) {
                s.program = b.program;
                s.program_sha256 = b.program_sha256;
                s.program_git_commit = b.program_git_commit;
                if (!b.interpreter.empty())
                    s.interpreter = b.interpreter;
                s.versions = b.versions;
                std::vector<std::string> argv;
                for (const std::string& a : b.argv)
                    argv.push_back(as_in_bundle(a, c.inputs_dir_as_run));
                s.argv = std::move(argv);
            }
        out.push_back(std::move(s));
    }
    return out;
}

} // namespace

void write_bundle_files(const BundleContext& c, nbreport::BundleWriter& w) {
    const RunOutcome& o = c.outcome;
    w.add_text("commands.txt", commands_txt(c));
    w.add_text("config_effective.json", config_effective_json(c));
    // each side's files carry its name: trace_reference.*, trace_nanobrag-torch.*, ...
    w.add_text("trace_" + o.a_label + ".jsonl", jsonl(o.reference.records));
    w.add_text("trace_" + o.a_label + ".log",
               as_in_bundle(o.reference.legacy_text, c.inputs_dir_as_run));
    w.add_text("trace_" + o.b_label + ".jsonl", jsonl(o.simulator.records));
    w.add_text("trace_" + o.b_label + ".log",
               as_in_bundle(o.simulator.legacy_text, c.inputs_dir_as_run));
    // one file per backend: a backend run once per traced pixel has its runs' stderr in order
    std::map<std::string, std::string> stderr_of;
    for (const BackendProvenance& b : o.backends)
        stderr_of[b.backend] += b.stderr_text;
    for (const auto& [backend, text] : stderr_of)
        if (!text.empty())
            w.add_text("stderr_" + backend + ".log", as_in_bundle(text, c.inputs_dir_as_run));
    w.add_text("sides.json", sides_json(c));
    if (o.reference_unpatched) {
        w.add_text("trace_reference_unpatched.jsonl", jsonl(o.reference_unpatched->records));
        w.add_text("trace_reference_unpatched.log",
                   as_in_bundle(o.reference_unpatched->legacy_text, c.inputs_dir_as_run));
    }
    std::ostringstream tsv;
    nbtrace::render_tsv(o.diff, tsv);
    w.add_text("diff.tsv", tsv.str());
    add_image_files(o, w);
    w.add_text("metrics.json", metrics_json(c));
    w.add_text("summary.md", summary_md(c));
}

void fill_env_record(const BundleContext& c, nbreport::EnvRecord& env) {
    const RunRequest& r = c.request;
    const RunOutcome& o = c.outcome;
    env.run.phi_mode = text(r.phi_mode);
    env.run.dtype = text(r.dtype);
    env.run.threads = r.threads;
    env.run.schedule = text(r.schedule);
    env.run.rtol = r.diff.rtol;
    // every class, so env.json always has the same keys: the registry's atol unless overridden
    for (const nbtrace::ToleranceClass& cls : nbtrace::registry().tolerance_classes()) {
        auto given = r.diff.atol.find(cls.name);
        env.run.atol_by_class[cls.name] = given != r.diff.atol.end() ? given->second : cls.atol;
    }
    env.run.pixels = o.pixels;
    env.run.roi = r.roi;
    env.run.command = r.argv;
    env.sides = side_records(c);
    for (const ResolvedInput& in : c.the_case.inputs)
        env.inputs.push_back(nbreport::InputFile{in.flag, "inputs/" + in.bundle_name,
                                                 in.bytes.size(), nbreport::sha256_hex(in.bytes)});
    // every engine run the harness can make, null when this run did not need it
    auto wall = [](const std::optional<EngineRun>& run) {
        return run ? std::optional<double>(run->wall_s) : std::nullopt;
    };
    env.timing.engine_wall_s["reference"] = o.reference.wall_s;
    env.timing.engine_wall_s["simulator"] = o.simulator.wall_s;
    env.timing.engine_wall_s["reference_unpatched"] = wall(o.reference_unpatched);
    env.timing.engine_wall_s["reference_roi"] = wall(o.reference_image);
    env.timing.engine_wall_s["simulator_roi"] = wall(o.simulator_image);
    env.timing.engine_wall_s["reference_frame"] = frame_wall_s(o, true);
    env.timing.engine_wall_s["simulator_frame"] = frame_wall_s(o, false);
}

} // namespace harness
