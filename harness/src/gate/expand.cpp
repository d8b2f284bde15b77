#include "gate/expand.h"

#include "bundle/report_text.h"
#include "gate/thread_first.h"

#include <algorithm>
#include <filesystem>
#include <map>

namespace harness::gate {

namespace fs = std::filesystem;

namespace {

void add_side(std::vector<std::string>& out, const char* which, const SideSpec& s) {
    const std::string opt = std::string("--") + which;
    switch (s.kind) {
    case SideSpec::Kind::embedded:
        out.insert(out.end(), {opt, s.name});
        break;
    case SideSpec::Kind::backend:
        out.insert(out.end(), {opt, s.file.empty() ? s.name : s.file});
        if (!s.program.empty())
            out.insert(out.end(), {opt + "-program", s.program});
        break;
    case SideSpec::Kind::recorded:
        // trace_harness run --a recorded:TRACE [--a-image FILE]
        out.insert(out.end(), {opt, "recorded:" + s.trace});
        if (!s.image.empty())
            out.insert(out.end(), {opt + "-image", s.image});
        break;
    }
}

// Why the case cannot run here: an unset variable, or a file it reads or runs that is absent.
std::optional<std::string> absent_reason(const Case& c) {
    std::vector<std::string> reasons = c.absent;
    for (const std::string& f : c.files)
        if (!f.empty() && !fs::exists(f))
            reasons.push_back(f + " is absent");
    if (reasons.empty())
        return std::nullopt;
    std::string text;
    for (const std::string& r : reasons)
        text += (text.empty() ? "" : "; ") + r;
    return text;
}

struct Tolerance {
    std::string name;
    double rtol = 0;
    std::map<std::string, double> atol;
};

Tolerance tolerance_of(const Matrix& m, const Case& c, const std::string& dtype) {
    const ToleranceClass* cls = c.tolerance && c.tolerance->class_name
                                    ? m.class_named(*c.tolerance->class_name)
                                    : m.class_for(c.a.label(), c.b.label(), dtype);
    Tolerance t{cls->name, cls->rtol, cls->atol};
    if (c.tolerance) {
        if (c.tolerance->rtol)
            t.rtol = *c.tolerance->rtol;
        for (const auto& [k, v] : c.tolerance->atol)
            t.atol[k] = v;
        t.name += " + override: " + c.tolerance->reason;
    }
    return t;
}

// The `run` command line of one run: every option explicit.
std::vector<std::string> run_arguments(const Case& c, const PlannedRun& r, const Tolerance& tol,
                                       const std::vector<nbtrace::Pixel>& picked) {
    std::vector<std::string> a = {"run",          "--out",     r.out_root,
                                  "--initiative", r.slug,      "--no-fsync",
                                  "--phi-mode",   r.phi_mode,  "--dtype",
                                  r.dtype,        "--threads", std::to_string(r.threads),
                                  "--schedule",   c.schedule};
    std::vector<nbtrace::Pixel> pixels = c.pixels;
    for (const auto& p : picked)
        if (std::find(pixels.begin(), pixels.end(), p) == pixels.end())
            pixels.push_back(p);
    for (const auto& [slow, fast] : pixels)
        a.insert(a.end(), {"--pixel", std::to_string(slow), std::to_string(fast)});
    if (c.roi)
        a.insert(a.end(), {"--roi", std::to_string((*c.roi)[0]), std::to_string((*c.roi)[1]),
                           std::to_string((*c.roi)[2]), std::to_string((*c.roi)[3])});
    a.insert(a.end(), {"--rtol", nbtrace::shortest_text(tol.rtol)});
    for (const auto& [cls, v] : tol.atol)
        a.insert(a.end(), {"--atol", cls + "=" + nbtrace::shortest_text(v)});
    for (const std::string& k : c.require)
        a.insert(a.end(), {"--require", k});
    const std::vector<std::string> sides = side_arguments(c.a, c.b);
    a.insert(a.end(), sides.begin(), sides.end());
    if (c.preset) {
        a.insert(a.end(), {"--preset", *c.preset});
        for (const auto& [opt, path] : c.inputs)
            a.insert(a.end(), {opt, path});
    } else {
        a.push_back("--");
        a.insert(a.end(), c.args.begin(), c.args.end());
    }
    return a;
}

} // namespace

std::vector<std::string> side_arguments(const SideSpec& a, const SideSpec& b) {
    if (a.kind == SideSpec::Kind::embedded && b.kind == SideSpec::Kind::embedded &&
        a.name == "reference" && b.name == "simulator")
        return {};
    std::vector<std::string> out;
    add_side(out, "a", a);
    add_side(out, "b", b);
    return out;
}

std::vector<PlannedRun> expand_matrix(const Matrix& m, const std::string& out_root) {
    std::vector<PlannedRun> runs;
    for (const Case& c : m.cases) {
        const std::optional<std::string> skip = absent_reason(c);
        std::map<int, std::vector<nbtrace::Pixel>> first_pixels; // per thread count
        for (const std::string& phi : c.phi_modes)
            for (const std::string& dtype : c.dtypes)
                for (int threads : c.threads) {
                    PlannedRun r;
                    r.matrix = m.name;
                    r.case_name = c.name;
                    r.phi_mode = phi;
                    r.dtype = dtype;
                    r.threads = threads;
                    const std::string t = "t" + std::to_string(threads);
                    r.id = m.name + "/" + c.name + "/" + phi + "/" + dtype + "/" + t;
                    r.slug = m.name + "." + c.name + "." + phi + "." + dtype + "." + t;
                    r.side_a = c.a.label();
                    r.side_b = c.b.label();
                    r.expect = c.expect;
                    r.expect_why = c.expect_why;
                    r.labels = c.labels;
                    r.skip = skip;
                    r.out_root = out_root;
                    const Tolerance tol = tolerance_of(m, c, dtype);
                    r.tolerance = tol.name;
                    if (!skip) {
                        if (std::count(c.pick.begin(), c.pick.end(), "thread_first") &&
                            !first_pixels.count(threads))
                            first_pixels[threads] = thread_first_pixels(c, threads);
                        r.run_args = run_arguments(c, r, tol, first_pixels[threads]);
                    }
                    runs.push_back(std::move(r));
                }
    }
    return runs;
}

std::optional<Shard> parse_shard(const std::string& text) {
    const std::size_t slash = text.find('/');
    if (slash == std::string::npos)
        return std::nullopt;
    try {
        std::size_t used_k = 0, used_n = 0;
        const std::string ks = text.substr(0, slash), ns = text.substr(slash + 1);
        const int k = std::stoi(ks, &used_k), n = std::stoi(ns, &used_n);
        if (used_k != ks.size() || used_n != ns.size() || n < 1 || k < 1 || k > n)
            return std::nullopt;
        return Shard{k, n};
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

std::vector<PlannedRun> select_shard(const std::vector<PlannedRun>& runs, Shard shard) {
    std::vector<PlannedRun> out;
    for (std::size_t i = 0; i < runs.size(); ++i)
        if (static_cast<int>(i % static_cast<std::size_t>(shard.n)) == shard.k - 1)
            out.push_back(runs[i]);
    return out;
}

} // namespace harness::gate
