#include "sides/backend_run.h"

#include "sides/process.h"
#include "sides/provenance.h"
#include "sides/side_image.h"

#include "nbtrace/parse.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>

namespace harness {

namespace fs = std::filesystem;

namespace {

HarnessError runner_failure(const BackendSpec& spec, const std::string& what) {
    return HarnessError{kExitInput, "backend " + spec.name + ": " + what};
}

std::string substitute(std::string s, const std::map<std::string, std::string>& values) {
    for (const auto& [k, v] : values) {
        const std::string pat = "{" + k + "}";
        for (std::size_t at = s.find(pat); at != std::string::npos; at = s.find(pat, at + v.size()))
            s.replace(at, pat.size(), v);
    }
    return s;
}

std::vector<std::string> expand(const std::vector<std::string>& templ,
                                const std::map<std::string, std::string>& values) {
    std::vector<std::string> out;
    for (const std::string& t : templ)
        out.push_back(substitute(t, values));
    return out;
}

std::string read_all(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// Paths in the case flags that name existing files are made absolute: the backend runs elsewhere.
std::vector<std::string> absolute_inputs(std::vector<std::string> args) {
    std::error_code ec;
    for (std::string& a : args)
        if (!a.empty() && a[0] != '-' && fs::is_regular_file(a, ec))
            a = fs::absolute(a).string();
    return args;
}

} // namespace

std::variant<std::string, HarnessError> resolve_backend_program(const BackendSpec& spec,
                                                                const std::string& given) {
    std::string program = given;
    if (program.empty()) {
        const char* env = std::getenv(spec.program_env.c_str());
        if (!env || !*env)
            return HarnessError{kExitInput, "backend " + spec.name +
                                                ": program not given: pass it with "
                                                "--a-program/--b-program or set $" +
                                                spec.program_env + " (" + spec.program_what + ")"};
        program = env;
    }
    std::error_code ec;
    const bool ok = spec.program_kind == "directory" ? fs::is_directory(program, ec)
                                                     : fs::is_regular_file(program, ec);
    if (!ok)
        return HarnessError{kExitInput,
                            "backend " + spec.name + ": " + program + ": no such " +
                                (spec.program_kind == "directory" ? "directory" : "program")};
    return fs::absolute(program).string();
}

std::variant<std::vector<std::string>, HarnessError>
translate_flags(const BackendSpec& spec, const std::vector<std::string>& args) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (const auto lack = spec.lacking_flags.find(a); lack != spec.lacking_flags.end())
            return HarnessError{kExitUsage, "backend " + spec.name + " lacks the flag " + a + ": " +
                                                lack->second};
        const auto ren = spec.renamed_flags.find(a);
        if (ren == spec.renamed_flags.end()) {
            out.push_back(a);
            continue;
        }
        std::map<std::string, std::string> values;
        for (int k = 1; k <= ren->second.args; ++k) {
            if (i + static_cast<std::size_t>(k) >= args.size())
                return HarnessError{kExitUsage,
                                    a + " needs " + std::to_string(ren->second.args) + " value(s)"};
            values[std::to_string(k)] = args[i + static_cast<std::size_t>(k)];
        }
        const std::vector<std::string> to = expand(ren->second.to, values);
        out.insert(out.end(), to.begin(), to.end());
        i += static_cast<std::size_t>(ren->second.args);
    }
    return out;
}

std::variant<BackendRun, HarnessError>
run_backend(const BackendSpec& spec, const BackendRequest& backend, const EngineRequest& request) {
    const auto program = resolve_backend_program(spec, backend.program);
    if (const auto* e = std::get_if<HarnessError>(&program))
        return *e;
    if (!request.pixels.empty() && !spec.can_trace())
        return HarnessError{kExitUsage, "backend " + spec.name +
                                            " prints no trace: it can only be "
                                            "compared by its image (give --roi, "
                                            "no --pixel)"};
    if (request.pixels.size() > 1)
        return HarnessError{kExitUsage, "backend " + spec.name +
                                            " traces one pixel per run: give one "
                                            "--pixel"};
    const auto dtype = spec.dtypes.find(text(backend.dtype));
    if (dtype == spec.dtypes.end())
        return HarnessError{kExitUsage,
                            "backend " + spec.name + " has no dtype " + text(backend.dtype)};
    const auto flags = translate_flags(spec, absolute_inputs(request.args));
    if (const auto* e = std::get_if<HarnessError>(&flags))
        return *e;

    BackendRun out;
    BackendProvenance& p = out.provenance;
    p.backend = spec.name;
    p.spec_source = spec.source;
    p.program = std::get<std::string>(program);
    const std::string image = (fs::path(backend.workdir) / "float.bin").string();
    // the program runs in its working directory: its image is named relative to it
    std::string interpreter = spec.interpreter;
    if (!spec.interpreter_env.empty())
        if (const char* env = std::getenv(spec.interpreter_env.c_str()); env && *env)
            interpreter = env;
    p.interpreter = interpreter;
    std::map<std::string, std::string> values{
        {"program", p.program}, {"interpreter", interpreter}, {"file", "float.bin"}};
    p.argv = expand(spec.argv, values);
    const auto& f = std::get<std::vector<std::string>>(flags);
    p.argv.insert(p.argv.end(), f.begin(), f.end());
    if (!request.pixels.empty()) {
        values["slow"] = std::to_string(request.pixels.front().slow);
        values["fast"] = std::to_string(request.pixels.front().fast);
        const std::vector<std::string> t = expand(spec.trace_pixel, values);
        p.argv.insert(p.argv.end(), t.begin(), t.end());
    }
    for (const std::vector<std::string>* extra :
         {&dtype->second, &spec.device, &spec.extra_args, &spec.float_image}) {
        const std::vector<std::string> e = expand(*extra, values);
        p.argv.insert(p.argv.end(), e.begin(), e.end());
    }
    for (const auto& [k, v] : spec.environment)
        p.environment[k] = substitute(v, values);
    p.environment["OMP_NUM_THREADS"] = std::to_string(request.threads);
    // where the program came from, found while it runs (the version probes start interpreters)
    std::map<std::string, std::vector<std::string>> probes;
    for (const auto& [name, argv] : spec.versions)
        probes[name] = expand(argv, values);
    std::future<void> provenance = std::async(std::launch::async, [&p, &probes, &backend] {
        p.program_sha256 = program_digest(p.program);
        p.program_git_commit = git_commit_of(p.program, backend.workdir, backend.timeout_s);
        p.versions = probe_versions(probes, backend.workdir, backend.timeout_s);
    });

    ProcessRequest pr;
    pr.argv = p.argv;
    pr.workdir = backend.workdir;
    pr.env_set = p.environment;
    pr.stdout_path = (fs::path(backend.workdir) / "stdout.log").string();
    pr.stderr_path = (fs::path(backend.workdir) / "stderr.log").string();
    pr.timeout_s = backend.timeout_s;
    pr.progress_label = spec.name;
    const ProcessResult r = run_process(pr);
    provenance.get();
    p.status = r.describe();
    p.wall_s = r.wall_s;
    p.peak_rss_kb = r.peak_rss_kb;
    if (r.started) {
        p.stdout_text = read_all(pr.stdout_path);
        p.stderr_text = read_all(pr.stderr_path);
    }
    if (!r.ok()) {
        const std::string tail = r.started ? last_lines(pr.stderr_path, 3) : "";
        return runner_failure(spec, r.describe() + (tail.empty() ? "" : "; stderr: " + tail));
    }

    EngineRun& run = out.run;
    run.wall_s = r.wall_s;
    run.threads = request.threads;
    run.legacy_text = p.stdout_text;
    // the trace
    nbtrace::TraceFile trace;
    try {
        nbtrace::ParseOptions po;
        if (!request.pixels.empty())
            po.pixel = request.pixels.front();
        if (backend.dtype == Dtype::float32) // its spellings of one value agree to float32 only
            po.min_agree_rtol = nbtrace::kFloat32AgreeRtol;
        trace = nbtrace::parse_trace_text(p.stdout_text.empty() ? std::string("\n") : p.stdout_text,
                                          spec.name + " stdout", po);
    } catch (const nbtrace::ParseError& e) {
        if (spec.can_trace() && !request.pixels.empty())
            return runner_failure(spec, "printed no trace it could read: " + std::string(e.what()));
    }
    if (spec.can_trace() && !request.pixels.empty()) {
        bool any_pixel = false;
        for (const nbtrace::Record& rec : trace.records)
            if (rec.idx.pixel_slow) {
                if (*rec.idx.pixel_slow != request.pixels.front().slow ||
                    *rec.idx.pixel_fast != request.pixels.front().fast)
                    return runner_failure(
                        spec, "traced another pixel: (slow " + std::to_string(*rec.idx.pixel_slow) +
                                  ", fast " + std::to_string(*rec.idx.pixel_fast) +
                                  "), not (slow " + std::to_string(request.pixels.front().slow) +
                                  ", fast " + std::to_string(request.pixels.front().fast) + ")");
                any_pixel = true;
            }
        if (!any_pixel)
            return runner_failure(spec, "printed no per-pixel trace lines");
    }
    run.records = trace.records;
    // the image: the whole frame, the detector size the backend states
    std::error_code ec;
    if (!fs::is_regular_file(image, ec))
        return runner_failure(spec, "wrote no float image (" + spec.float_image.front() + ")");
    if (const auto why = read_side_image(image, std::nullopt, request.pixels, run))
        return runner_failure(spec, "float image: " + *why);
    return out;
}

} // namespace harness
