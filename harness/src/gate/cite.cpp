#include "gate/cite.h"

#include "bundle/report_text.h"
#include "exit_codes.h"

#include "nbreport/read_file.h"
#include "nbreport/sha256.h"
#include "nbreport/verify.h"

#include <boost/json.hpp>

#include <sstream>

namespace harness::gate {

namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

json::object read_object(const fs::path& p) {
    try {
        json::value v = json::parse(nbreport::read_file(p));
        if (v.is_object())
            return std::move(v.as_object());
    } catch (const std::exception&) {
    }
    throw CiteError{kExitInput, p.string() + ": not a readable JSON object"};
}

std::string text_of(const json::value* v) {
    if (!v || v->is_null())
        return "";
    if (v->is_string())
        return std::string(v->as_string());
    if (v->is_bool())
        return v->as_bool() ? "true" : "false";
    if (v->is_number())
        return exact_text(v->to_number<double>());
    return json::serialize(*v);
}

std::string values_text(const json::value& v) {
    if (!v.is_array())
        return "absent";
    std::string out;
    for (const json::value& x : v.as_array())
        out += (out.empty() ? "" : " ") + text_of(&x);
    return out.size() > 0 && v.as_array().size() > 1 ? "[" + out + "]" : out;
}

// {"pixel_slow": 685, "pixel_fast": 1039, "phi": 0} -> "pixel (685, 1039) phi 0"
std::string indices_text(const json::value& v) {
    if (!v.is_object())
        return "";
    const json::object& o = v.as_object();
    std::string out;
    if (o.contains("pixel_slow") && o.contains("pixel_fast"))
        out = "pixel (slow " + text_of(o.if_contains("pixel_slow")) + ", fast " +
              text_of(o.if_contains("pixel_fast")) + ")";
    for (const auto& m : o)
        if (m.key() != "pixel_slow" && m.key() != "pixel_fast")
            out += (out.empty() ? "" : " ") + std::string(m.key()) + " " + text_of(&m.value());
    return out.empty() ? "set-up (no pixel)" : out;
}

// The line of commands.txt that re-runs the comparison from the bundle's inputs.
std::string rerun_command(const fs::path& bundle) {
    std::istringstream in(nbreport::read_file(bundle / "commands.txt"));
    std::string line;
    bool next = false;
    while (std::getline(in, line)) {
        if (next && !line.empty())
            return line;
        next = line.rfind("# The same comparison from this bundle's inputs", 0) == 0;
    }
    return "";
}

std::string side_text(const json::object& env, const char* which, const std::string& name) {
    // A run that records its sides' programs (env.json "sides") is cited with their hashes.
    if (const json::value* sides = env.if_contains("sides"))
        if (sides->is_object())
            if (const json::value* s = sides->as_object().if_contains(which))
                if (s->is_object()) {
                    const json::object& so = s->as_object();
                    std::string out = name;
                    if (const json::value* p = so.if_contains("program"))
                        out += " (`" + text_of(p) + "`";
                    if (const json::value* h = so.if_contains("sha256"))
                        out += ", sha256 " + text_of(h);
                    return out + (so.contains("program") ? ")" : "");
                }
    return name;
}

} // namespace

std::string cite_bundle(const fs::path& bundle, const std::string& shown) {
    const nbreport::VerifyResult verified = nbreport::verify_bundle(bundle);
    if (!verified.passed()) {
        bool missing = false;
        for (const nbreport::VerifyProblem& p : verified.problems)
            missing = missing || p.kind == nbreport::VerifyProblemKind::bundle_not_a_directory ||
                      p.kind == nbreport::VerifyProblemKind::manifest_missing;
        const std::string what =
            verified.problems.empty()
                ? std::string("does not verify")
                : std::string(nbreport::to_string(verified.problems.front().kind)) + " " +
                      verified.problems.front().path;
        throw CiteError{missing ? kExitInput : kExitParity,
                        shown + ": " +
                            (missing ? "not an evidence bundle (" + what + ")"
                                     : "does not match its sha256.txt (" + what + ")")};
    }
    const json::object m = read_object(bundle / "metrics.json");
    const json::object env = read_object(bundle / "env.json");
    const std::string manifest_sha = nbreport::sha256_file_hex(bundle / "sha256.txt");

    const std::string verdict = text_of(m.if_contains("verdict"));
    std::string a = "reference", b = "simulator";
    if (const json::value* s = m.if_contains("sides"); s && s->is_object()) {
        a = text_of(s->as_object().if_contains("a"));
        b = text_of(s->as_object().if_contains("b"));
    }
    std::ostringstream out;
    out << "#### Parity evidence: " << text_of(m.if_contains("case")) << ", "
        << text_of(m.if_contains("phi_mode")) << ", " << text_of(m.if_contains("dtype")) << ", "
        << text_of(m.if_contains("threads"))
        << " thread(s): " << (verdict == "pass" ? "PASS" : "FAIL") << "\n\n";
    out << "- verdict: " << (verdict == "pass" ? "PASS" : "FAIL") << " (exit "
        << text_of(m.if_contains("exit_code")) << "); the bundle verifies against its sha256.txt ("
        << verified.files_listed << " files)\n";
    for (const json::value& f : m.at("failures").as_array())
        out << "  - " << text_of(&f) << "\n";
    const json::object* git = env.if_contains("git") ? env.at("git").if_object() : nullptr;
    const json::object* tool = env.if_contains("tool") ? env.at("tool").if_object() : nullptr;
    std::string build = tool ? "trace_harness " + text_of(tool->if_contains("version")) : "";
    const std::string commit = git ? text_of(git->if_contains("short_commit")) : "";
    if (!commit.empty()) // null outside a git checkout
        build +=
            " at git " + commit + (text_of(git->if_contains("dirty")) == "true" ? " (dirty)" : "");
    out << "- sides: A = " << side_text(env, "a", a) << ", B = " << side_text(env, "b", b);
    if (!env.contains("sides"))
        out << " (both embedded in " << build << ")";
    out << "\n";
    const json::object& tol = m.at("tolerance").as_object();
    out << "- run: phi-mode " << text_of(m.if_contains("phi_mode")) << ", dtype "
        << text_of(m.if_contains("dtype")) << ", " << text_of(m.if_contains("threads"))
        << " thread(s), " << text_of(m.if_contains("schedule")) << " schedule, rtol "
        << text_of(tol.if_contains("rtol"));
    if (const json::value* ov = tol.if_contains("atol_overrides"); ov && ov->is_object())
        for (const auto& o : ov->as_object())
            out << ", atol " << std::string(o.key()) << "=" << text_of(&o.value());
    out << "\n- traced pixels:";
    for (const json::value& p : m.at("pixels").as_array())
        out << " (slow " << text_of(p.as_object().if_contains("slow")) << ", fast "
            << text_of(p.as_object().if_contains("fast")) << ")";
    out << "\n";
    const json::value& first = m.at("first_divergence");
    if (first.is_object()) {
        const json::object& f = first.as_object();
        out << "- first divergence: stage `" << text_of(f.if_contains("stage")) << "`, `"
            << text_of(f.if_contains("key")) << "` at " << indices_text(f.at("idx")) << ": " << a
            << " " << values_text(f.at("reference")) << ", " << b << " "
            << values_text(f.at("simulator")) << " (abs " << text_of(f.if_contains("abs_error"))
            << ", rel " << text_of(f.if_contains("rel_error")) << "; class "
            << text_of(f.if_contains("tolerance_class")) << ", atol "
            << text_of(f.if_contains("atol")) << ", rtol " << text_of(f.if_contains("rtol"))
            << ")\n";
    } else {
        out << "- first divergence: none\n";
    }
    std::string known;
    for (const json::value& d : m.at("known_divergences").as_array())
        known += (known.empty() ? "" : ", ") + text_of(d.as_object().if_contains("id"));
    out << "- known divergences in effect: " << (known.empty() ? "none" : known) << "\n";
    out << "- bundle: `" << shown << "`, sha256 of its sha256.txt " << manifest_sha << "\n";
    const std::string rerun = rerun_command(bundle);
    if (!rerun.empty())
        out << "- re-run: `B=" << shell_quote(shown) << "; " << rerun << "`\n";
    return out.str();
}

} // namespace harness::gate
