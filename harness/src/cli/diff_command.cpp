#include "cli/diff_command.h"

#include "cli/output_file.h"
#include "cli/tolerance_options.h"
#include "diagnosis/diagnosis_report.h"
#include "exit_codes.h"

#include "nbdiag/patterns.h"
#include "nbtrace/diff.h"
#include "nbtrace/diff_render.h"
#include "nbtrace/parse.h"
#include "nbtrace/trace_pair.h"

#include <boost/program_options.hpp>

#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace harness {

namespace {

namespace po = boost::program_options;

constexpr const char* kName = "trace_harness diff";

// Everything the command line asks for, before any file is read.
struct DiffRequest {
    nbtrace::TraceSideRequest a, b;
    std::string json_path, tsv_path;
    nbtrace::DiffOptions options;
    nbtrace::TracePairOptions pair;
    nbtrace::TableOptions table;
    bool controls = false;                     // --controls: each side diffed against itself
    bool float32_a = false, float32_b = false; // --float32-side: judge with float32 rounding
};

po::options_description describe_options() {
    po::options_description o("options");
    o.add_options()("help,h", "show this help")(
        "json", po::value<std::string>()->value_name("FILE"),
        "write the machine-readable result (schema nbtrace-diff v1) to FILE")(
        "tsv", po::value<std::string>()->value_name("FILE"),
        "write a side-by-side TSV, one line per compared component")(
        "a", po::value<std::vector<std::string>>()->multitoken()->value_name("FILE..."),
        "side A as several files (a trace and its per-phi log); instead of the first "
        "positional")("b",
                      po::value<std::vector<std::string>>()->multitoken()->value_name("FILE..."),
                      "side B as several files; instead of the second positional")(
        "pixel", po::value<std::vector<int>>()->multitoken()->value_name("SLOW FAST"),
        "the pixel of both sides' records that lack one (a log without TRACE_CONFIG)")(
        "pixel-a", po::value<std::vector<int>>()->multitoken()->value_name("SLOW FAST"),
        "the same for side A only")(
        "pixel-b", po::value<std::vector<int>>()->multitoken()->value_name("SLOW FAST"),
        "the same for side B only")(
        "allow-different-pixels",
        "compare sides that traced different pixels (B's pixel read as A's) instead of "
        "failing")("strict",
                   "a key or dialect the registry does not know is an input error (exit 2), "
                   "for traces of our own engines")("all", "list passing rows too")(
        "controls", "negative controls: each side diffed against itself must show no difference")(
        "float32-side", po::value<std::string>()->value_name("a|b|both"),
        "the side(s) computed in float32: self-consistency tolerances use float32 rounding");
    add_tolerance_options(o);
    return o;
}

void print_help(std::ostream& out, const po::options_description& o) {
    out << "usage: " << kName
        << " A B [options]\n\n"
           "Compare two traces: legacy logs of the nanoBragg C program (TRACE_C:, TRACE_C_PHI, "
           "...)\n"
           "or of the PyTorch port (TRACE_PY*), or canonical JSON Lines; the format is detected\n"
           "per file. Records are aligned by (canonical key, loop indices) and compared per\n"
           "component; rows are listed in pipeline order and the first divergence is named.\n"
           "A is the reference side (a in |a-b| <= atol + rtol*|a|). Every line is read:\n"
           "registered keys, unregistered names (kept and compared under their literal name),\n"
           "and lines that are not values (counted by reason). The verdict is PASS only when\n"
           "the coverage set (pixel geometry, Miller indices, lattice factors, F_cell, scaling\n"
           "terms, final intensity) was compared wherever both sides printed it.\n\n"
        << o
        << "\nexit codes: 0 PASS, 1 usage error, 2 unreadable or malformed input,\n"
           "            3 FAIL or INCOMPLETE (a value out of tolerance, a required key missing,\n"
           "              nothing or not enough compared, the sides traced different pixels),\n"
           "            4 internal error\n";
}

[[noreturn]] void usage_error(const std::string& what) {
    throw po::error(what);
}

// Fills the request or returns an exit code (help printed, usage error reported).
std::optional<int> parse_command_line(int argc, char** argv, DiffRequest& req) {
    const po::options_description visible = describe_options();
    po::options_description all = visible;
    all.add_options()("trace", po::value<std::vector<std::string>>(), "input trace");
    po::positional_options_description positional;
    positional.add("trace", -1);
    po::variables_map vm;
    try {
        po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(),
                  vm);
        po::notify(vm);
        if (vm.count("help")) {
            print_help(std::cout, visible);
            return kExitOk;
        }
        const std::vector<std::string> traces = vm.count("trace")
                                                    ? vm["trace"].as<std::vector<std::string>>()
                                                    : std::vector<std::string>{};
        std::size_t next = 0;
        for (auto [side, name] : {std::pair{&req.a, "a"}, std::pair{&req.b, "b"}}) {
            if (vm.count(name))
                side->files = vm[name].as<std::vector<std::string>>();
            else if (next < traces.size())
                side->files = {traces[next++]};
        }
        if (next != traces.size() || req.a.files.empty() || req.b.files.empty())
            usage_error("expected two traces A B (or --a FILE... --b FILE...), got " +
                        std::to_string(traces.size()) + " positional");
        if (vm.count("json"))
            req.json_path = vm["json"].as<std::string>();
        if (vm.count("tsv"))
            req.tsv_path = vm["tsv"].as<std::string>();
        apply_tolerance_options(vm, req.options);
        const auto pixel_of = [&](const char* option) -> std::optional<nbtrace::Pixel> {
            if (!vm.count(option))
                return std::nullopt;
            const std::vector<int> p = vm[option].as<std::vector<int>>();
            if (p.size() != 2 || p[0] < 0 || p[1] < 0)
                usage_error(std::string("--") + option +
                            " takes SLOW FAST (two non-negative integers)");
            return nbtrace::Pixel{p[0], p[1]};
        };
        req.a.pixel = req.b.pixel = pixel_of("pixel");
        if (const auto p = pixel_of("pixel-a"))
            req.a.pixel = p;
        if (const auto p = pixel_of("pixel-b"))
            req.b.pixel = p;
        req.pair.strict = vm.count("strict") > 0;
        req.pair.allow_different_pixels = vm.count("allow-different-pixels") > 0;
        req.table.all_rows = vm.count("all") > 0;
        req.controls = vm.count("controls") > 0;
        if (vm.count("float32-side")) {
            const std::string f = vm["float32-side"].as<std::string>();
            if (f != "a" && f != "b" && f != "both")
                usage_error("--float32-side takes a, b or both, got '" + f + "'");
            req.float32_a = f != "b";
            req.float32_b = f != "a";
        }
    } catch (const po::error& e) {
        std::cerr << kName << ": usage error: " << e.what() << " (try " << kName << " --help)\n";
        return kExitUsage;
    }
    return std::nullopt;
}

template <class Render>
bool write_output(const std::string& path, Render render) {
    if (path.empty())
        return true;
    std::ostringstream text;
    render(text);
    std::string error;
    if (!write_output_file(path, text.str(), &error)) {
        std::cerr << kName << ": error: " << error << "\n";
        return false;
    }
    return true;
}

std::string side_name(const nbtrace::TraceSideRequest& s) {
    std::string n;
    for (const std::string& f : s.files)
        n += (n.empty() ? "" : " + ") + f;
    return n;
}

} // namespace

int run_diff_command(int argc, char** argv) {
    DiffRequest req;
    if (const std::optional<int> code = parse_command_line(argc, argv, req))
        return *code;
    nbtrace::TracePair pair;
    try {
        pair = nbtrace::read_trace_pair(req.a, req.b, req.pair);
    } catch (const nbtrace::ParseError& e) {
        std::cerr << kName << ": error: " << e.what() << "\n";
        return kExitInput;
    }
    if (pair.pixel_mismatch) {
        // comparing two pixels' records would compare different things: no table, no verdict
        std::cerr << kName << ": " << *pair.pixel_mismatch
                  << " (--allow-different-pixels compares them anyway)\n";
        return kExitParity;
    }
    nbtrace::DiffResult result = nbtrace::diff_traces(pair.a.records, pair.b.records, req.options,
                                                      side_name(req.a), side_name(req.b));
    result.a_input = pair.a.summary;
    result.b_input = pair.b.summary;
    if (pair.pixel_note)
        result.config_notes.insert(result.config_notes.begin(), *pair.pixel_note);
    nbtrace::render_table(result, std::cout, req.table);
    const Diagnosis diagnosis = diagnose_pair(pair, req.float32_a, req.float32_b, req.controls);
    render_diagnosis(diagnosis, result, std::cout);
    if (result.failed > 0) // what the shape of the differences suggests (nbdiag/patterns.h)
        std::cout << "\n" << nbdiag::render_patterns(nbdiag::find_patterns(result));
    const bool written =
        write_output(req.json_path,
                     [&](std::ostream& o) {
                         std::ostringstream diff_json;
                         nbtrace::render_json(result, diff_json);
                         o << with_diagnosis_member(diff_json.str(),
                                                    diagnosis_json(diagnosis, result));
                     }) &&
        write_output(req.tsv_path, [&](std::ostream& o) { nbtrace::render_tsv(result, o); });
    if (!written)
        return kExitInput;
    return result.passed() ? kExitOk : kExitParity;
}

} // namespace harness
