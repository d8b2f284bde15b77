// `trace_harness gate-merge DIR...`: the gate folders of the shards of one gate (or of separate
// gates) combined into one gate folder: one summary, one JUnit file, one exit code.
#include "gate/gate_command.h"

#include "exit_codes.h"
#include "gate/gate_cli.h"
#include "gate/gate_folder.h"
#include "gate/gate_report.h"

#include <boost/program_options.hpp>

#include <algorithm>
#include <iostream>
#include <map>
#include <set>

namespace harness {

namespace fs = std::filesystem;
namespace po = boost::program_options;
using namespace gate;

namespace {

constexpr const char* kName = "trace_harness gate-merge";

// The shards must be all of 1/N ... N/N, each once.
void check_shards(const std::vector<GateReport>& parts, const std::vector<std::string>& dirs) {
    std::optional<int> n;
    std::set<int> seen;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (!parts[i].shard) {
            if (n)
                throw HarnessError{kExitInput, dirs[i] + ": not a shard, but other folders are"};
            continue;
        }
        if (i > 0 && !n)
            throw HarnessError{kExitInput, dirs[i] + ": a shard, but other folders are not"};
        if (n && *n != parts[i].shard->n)
            throw HarnessError{kExitInput, dirs[i] + ": shard of " +
                                               std::to_string(parts[i].shard->n) + ", others of " +
                                               std::to_string(*n)};
        n = parts[i].shard->n;
        if (!seen.insert(parts[i].shard->k).second)
            throw HarnessError{kExitInput, dirs[i] + ": shard " +
                                               std::to_string(parts[i].shard->k) + "/" +
                                               std::to_string(*n) + " given twice"};
    }
    if (n)
        for (int k = 1; k <= *n; ++k)
            if (!seen.count(k))
                throw HarnessError{kExitInput, "shard " + std::to_string(k) + "/" +
                                                   std::to_string(*n) + " is missing"};
}

GateReport merge(const std::vector<GateReport>& parts, const std::vector<std::string>& dirs,
                 const fs::path& merged_folder, bool require_all) {
    check_shards(parts, dirs);
    GateReport out;
    std::map<std::string, std::string> matrix_sha;
    std::set<std::string> ids;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        const GateReport& p = parts[i];
        for (const MatrixInfo& m : p.matrices) {
            auto [it, added] = matrix_sha.emplace(m.name, m.sha256);
            if (added)
                out.matrices.push_back(m);
            else if (it->second != m.sha256)
                throw HarnessError{kExitInput, dirs[i] + ": matrix " + m.name +
                                                   " differs from the other folders' (sha256)"};
        }
        for (RunResult r : p.runs) {
            if (!ids.insert(r.id).second)
                throw HarnessError{kExitInput,
                                   dirs[i] + ": run " + r.id + " is also in another folder"};
            if (!r.bundle.empty())
                r.bundle = fs::relative(fs::absolute(fs::path(dirs[i]) / r.bundle),
                                        fs::absolute(merged_folder))
                               .generic_string();
            if (require_all && r.status == Status::skipped) {
                r.status = Status::failed;
                r.message += " (--require-all: a skip is a failure)";
            }
            out.runs.push_back(std::move(r));
        }
        out.require_all = out.require_all || p.require_all;
        out.jobs = std::max(out.jobs, p.jobs);
        out.wall_s = std::max(out.wall_s, p.wall_s); // the shards ran side by side
        out.merged_from.push_back(dirs[i]);
    }
    out.require_all = out.require_all || require_all;
    // a merged matrix's runs in expansion order, matrices in the order first seen
    std::stable_sort(out.runs.begin(), out.runs.end(), [&](const RunResult& a, const RunResult& b) {
        if (a.matrix != b.matrix)
            for (const MatrixInfo& m : out.matrices)
                if (m.name == a.matrix || m.name == b.matrix)
                    return m.name == a.matrix;
        return a.order < b.order;
    });
    return out;
}

} // namespace

int run_gate_merge_command(int argc, char** argv) {
    po::options_description options("options");
    options.add_options()("help,h", "show this help");
    add_output_options(options);
    std::vector<std::string> dirs;
    OutputOptions out;
    try {
        const po::variables_map vm = parse_with_positionals(argc, argv, options, "dir");
        if (vm.count("help")) {
            std::cout << "usage: " << kName << " DIR... [options]\n\n"
                      << "Combines gate folders (the shards of one gate: all of 1/N..N/N) into one "
                         "gate folder\nwith one summary.md, metrics.json, index.tsv and "
                         "junit.xml.\n\n"
                      << options
                      << "\nexit codes: as trace_harness gate (0 pass, 1 usage, 2 a side could "
                         "not run or a\n            folder is unreadable or incomplete, 3 a run "
                         "did not meet its expectation)\n";
            return kExitOk;
        }
        if (!vm.count("dir"))
            throw po::error("no gate folder given");
        dirs = vm["dir"].as<std::vector<std::string>>();
        out = output_options(vm);
    } catch (const po::error& e) {
        std::cerr << kName << ": usage error: " << e.what() << " (try " << kName << " --help)\n";
        return kExitUsage;
    }
    try {
        std::vector<GateReport> parts;
        for (const std::string& d : dirs)
            parts.push_back(read_gate_report(d));
        GateFolder folder(out.out, out.replace);
        const GateReport merged = merge(parts, dirs, folder.final_path(), out.require_all);
        write_gate_files(merged, folder.staging());
        folder.commit();
        for (const RunResult& r : merged.runs)
            if (r.status != Status::passed)
                std::cout << to_string(r.status) << ": " << r.id << ": " << r.message << "\n";
        return finish(merged, folder.final_path(), out, false);
    } catch (const HarnessError& e) {
        std::cerr << kName << ": input error: " << e.message << "\n";
        return e.exit_code;
    } catch (const std::system_error& e) {
        std::cerr << kName << ": input error: cannot write the gate folder: " << e.what() << "\n";
    }
    return kExitInput;
}

} // namespace harness
