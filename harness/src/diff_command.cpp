#include "diff_command.h"

#include "exit_codes.h"
#include "tolerance_options.h"
#include "two_inputs_cli.h"

#include "nbtrace/diff.h"
#include "nbtrace/diff_render.h"
#include "nbtrace/parse.h"

#include <boost/program_options.hpp>

#include <fstream>
#include <iostream>
#include <string>
#include <vector>

namespace harness {

namespace {

namespace po = boost::program_options;

constexpr const char* kName = "trace_harness diff";

// Everything the command line asks for, before any file is read.
struct DiffRequest {
    std::string a, b;
    std::string json_path, tsv_path;
    nbtrace::DiffOptions options;
    nbtrace::ParseOptions parse;
    nbtrace::TableOptions table;
};

po::options_description describe_options() {
    po::options_description o("options");
    o.add_options()("help,h", "show this help")(
        "json", po::value<std::string>()->value_name("FILE"),
        "write the machine-readable result (schema nbtrace-diff v1) to FILE")(
        "tsv", po::value<std::string>()->value_name("FILE"),
        "write a side-by-side TSV, one line per compared component")(
        "pixel", po::value<std::vector<int>>()->multitoken()->value_name("SLOW FAST"),
        "pixel for records that need one and lack it (a log without TRACE_CONFIG)")(
        "all", "list passing rows too");
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
           "A is the reference side (a in |a-b| <= atol + rtol*|a|).\n\n"
        << o
        << "\nexit codes: 0 all within tolerance, 1 usage error, 2 unreadable or malformed input,\n"
           "            3 parity failure (or a required key missing, or nothing compared),\n"
           "            4 internal error\n";
}

[[noreturn]] void usage_error(const std::string& what) {
    throw po::error(what);
}

// Fills the request or returns an exit code (help printed, usage error reported).
std::optional<int> parse_command_line(int argc, char** argv, DiffRequest& req) {
    const po::options_description visible = describe_options();
    po::variables_map vm;
    try {
        std::pair<std::string, std::string> traces;
        if (parse_two_inputs(argc, argv, visible, "traces", vm, traces)) {
            print_help(std::cout, visible);
            return kExitOk;
        }
        req.a = traces.first;
        req.b = traces.second;
        if (vm.count("json"))
            req.json_path = vm["json"].as<std::string>();
        if (vm.count("tsv"))
            req.tsv_path = vm["tsv"].as<std::string>();
        apply_tolerance_options(vm, req.options);
        if (vm.count("pixel")) {
            const std::vector<int> p = vm["pixel"].as<std::vector<int>>();
            if (p.size() != 2 || p[0] < 0 || p[1] < 0)
                usage_error("--pixel takes SLOW FAST (two non-negative integers)");
            req.parse.pixel = std::make_pair(p[0], p[1]);
        }
        req.table.all_rows = vm.count("all") > 0;
    } catch (const po::error& e) {
        std::cerr << kName << ": usage error: " << e.what() << " (try " << kName << " --help)\n";
        return kExitUsage;
    }
    return std::nullopt;
}

template <class Render>
bool write_file(const std::string& path, Render render) {
    if (path.empty())
        return true;
    std::ofstream out(path);
    if (out)
        render(out);
    out.close();
    if (!out) {
        std::cerr << kName << ": error: " << path << ": cannot write\n";
        return false;
    }
    return true;
}

} // namespace

int run_diff_command(int argc, char** argv) {
    DiffRequest req;
    if (const std::optional<int> code = parse_command_line(argc, argv, req))
        return *code;
    nbtrace::TraceFile a, b;
    try {
        a = nbtrace::read_trace_file(req.a, req.parse);
        b = nbtrace::read_trace_file(req.b, req.parse);
    } catch (const nbtrace::ParseError& e) {
        std::cerr << kName << ": error: " << e.what() << "\n";
        return kExitInput;
    }
    const nbtrace::DiffResult result =
        nbtrace::diff_traces(a.records, b.records, req.options, req.a, req.b);
    nbtrace::render_table(result, std::cout, req.table);
    const bool written =
        write_file(req.json_path, [&](std::ostream& o) { nbtrace::render_json(result, o); }) &&
        write_file(req.tsv_path, [&](std::ostream& o) { nbtrace::render_tsv(result, o); });
    if (!written)
        return kExitInput;
    return result.passed() ? kExitOk : kExitParity;
}

} // namespace harness
