#include "gate/gate_command.h"

#include "exit_codes.h"
#include "gate/expand.h"
#include "gate/gate_cli.h"
#include "gate/gate_folder.h"
#include "gate/gate_report.h"
#include "gate/scheduler.h"

#include "nbreport/read_file.h"

#include <boost/program_options.hpp>

#include <chrono>
#include <iostream>
#include <set>
#include <thread>
#include <unistd.h>

namespace harness {

namespace fs = std::filesystem;
namespace po = boost::program_options;
using namespace gate;

namespace {

constexpr const char* kName = "trace_harness gate";
constexpr const char* kBundles = "bundles"; // run bundles, under the gate folder
constexpr const char* kLogs = "logs";       // stdout/stderr of each run

struct GateOptions {
    std::vector<std::string> matrices;
    OutputOptions output;
    int jobs = 1;
    std::optional<Shard> shard;
    std::vector<std::string> cases;
    double timeout_s = 600;
    bool list = false;
};

po::options_description gate_options() {
    po::options_description o("options");
    o.add_options()("help,h", "show this help")(
        "jobs,j", po::value<int>()->value_name("N"),
        "runs at the same time (default: the machine's logical processors)")(
        "shard", po::value<std::string>()->value_name("K/N"),
        "run only shard K of N (runs i with i mod N = K-1, in expansion order)")(
        "case", po::value<std::vector<std::string>>()->value_name("NAME")->composing(),
        "run only this case (repeatable)")(
        "timeout", po::value<double>()->value_name("SECONDS"),
        "kill a run still going after this long (default 600): an error")(
        "list", "print the runs (and why any would be skipped) and exit");
    add_output_options(o);
    return o;
}

void print_gate_help(std::ostream& out, const po::options_description& o) {
    out << "usage: " << kName << " MATRIX... [options]\n\n"
        << "Runs every case of the gate matrices (JSON, harness/gates/README.md): one\n"
           "`trace_harness run` per case x phi mode x dtype x thread count, in parallel, each\n"
           "writing its bundle into the gate folder, which also gets summary.md, metrics.json,\n"
           "index.tsv and junit.xml.\n\n"
        << o
        << "\nexit codes: 0 every run met its expectation, 1 usage error, 2 a side could not run\n"
           "            or a matrix is unreadable/invalid (file:line), 3 a run did not meet its\n"
           "            expectation (or was skipped under --require-all), 4 internal error\n";
}

std::variant<GateOptions, int> parse_gate_options(int argc, char** argv) {
    const po::options_description options = gate_options();
    GateOptions g;
    try {
        const po::variables_map vm = parse_with_positionals(argc, argv, options, "matrix");
        if (vm.count("help")) {
            print_gate_help(std::cout, options);
            return kExitOk;
        }
        if (!vm.count("matrix"))
            throw po::error("no matrix given");
        g.matrices = vm["matrix"].as<std::vector<std::string>>();
        g.output = output_options(vm);
        const unsigned hw = std::thread::hardware_concurrency();
        g.jobs = vm.count("jobs") ? vm["jobs"].as<int>() : (hw ? static_cast<int>(hw) : 1);
        if (g.jobs < 1 || g.jobs > 1024)
            throw po::error("--jobs " + std::to_string(g.jobs) + ": must be 1..1024");
        if (vm.count("shard")) {
            g.shard = parse_shard(vm["shard"].as<std::string>());
            if (!g.shard)
                throw po::error("--shard takes K/N with 1 <= K <= N, got '" +
                                vm["shard"].as<std::string>() + "'");
        }
        if (vm.count("case"))
            g.cases = vm["case"].as<std::vector<std::string>>();
        if (vm.count("timeout")) {
            g.timeout_s = vm["timeout"].as<double>();
            if (!(g.timeout_s > 0))
                throw po::error("--timeout: must be > 0");
        }
        g.list = vm.count("list") > 0;
    } catch (const po::error& e) {
        std::cerr << kName << ": usage error: " << e.what() << " (try " << kName << " --help)\n";
        return kExitUsage;
    }
    return g;
}

// The trace_harness executable running now: the gate runs `run` with the same build.
std::string self_executable() {
    std::error_code ec;
    const fs::path p = fs::read_symlink("/proc/self/exe", ec);
    if (ec)
        throw std::system_error(ec, "/proc/self/exe");
    return p.string();
}

std::string read_or_empty(const fs::path& p) {
    try {
        return nbreport::read_file(p);
    } catch (const std::exception&) {
        return "";
    }
}

} // namespace

int run_gate_command(int argc, char** argv) {
    std::variant<GateOptions, int> parsed = parse_gate_options(argc, argv);
    if (const int* code = std::get_if<int>(&parsed))
        return *code;
    const GateOptions& opt = std::get<GateOptions>(parsed);

    std::vector<Matrix> matrices;
    std::vector<PlannedRun> planned;
    GateReport report;
    try {
        std::set<std::string> names;
        for (const std::string& path : opt.matrices) {
            matrices.push_back(load_matrix(path));
            if (!names.insert(matrices.back().name).second)
                throw HarnessError{kExitInput,
                                   path + ": a second matrix named '" + matrices.back().name + "'"};
        }
        for (const std::string& c : opt.cases) {
            bool found = false;
            for (const Matrix& m : matrices)
                for (const Case& k : m.cases)
                    found = found || k.name == c;
            if (!found) {
                std::cerr << kName << ": usage error: --case " << c << ": no such case\n";
                return kExitUsage;
            }
        }
        for (Matrix& m : matrices) {
            if (!opt.cases.empty())
                m.cases.erase(std::remove_if(m.cases.begin(), m.cases.end(),
                                             [&](const Case& k) {
                                                 return std::find(opt.cases.begin(),
                                                                  opt.cases.end(),
                                                                  k.name) == opt.cases.end();
                                             }),
                              m.cases.end());
            const std::vector<PlannedRun> runs = expand_matrix(m, kBundles);
            planned.insert(planned.end(), runs.begin(), runs.end());
            report.matrices.push_back(MatrixInfo{m.name, m.path, m.sha256});
        }
    } catch (const HarnessError& e) {
        std::cerr << kName << ": input error: " << e.message << "\n";
        return kExitInput;
    }
    // the order of every run in the unsharded expansion, kept through sharding for gate-merge
    std::vector<std::size_t> order;
    std::vector<PlannedRun> selected;
    for (std::size_t i = 0; i < planned.size(); ++i)
        if (!opt.shard || static_cast<int>(i % opt.shard->n) == opt.shard->k - 1) {
            selected.push_back(planned[i]);
            order.push_back(i);
        }
    if (opt.list) {
        for (const PlannedRun& r : selected)
            std::cout << r.id << (r.skip ? "  (skipped: " + *r.skip + ")" : "") << "\n";
        return kExitOk;
    }

    std::optional<GateFolder> folder;
    try {
        folder.emplace(opt.output.out, opt.output.replace);
        fs::create_directories(folder->staging() / kLogs);
    } catch (const HarnessError& e) {
        std::cerr << kName << ": input error: " << e.message << "\n";
        return kExitInput;
    }
    report.shard = opt.shard;
    report.require_all = opt.output.require_all;
    report.jobs = opt.jobs;
    report.runs.resize(selected.size());
    const auto start = std::chrono::steady_clock::now();

    std::vector<Job> jobs;
    std::vector<std::size_t> job_run; // job -> index in selected
    const std::string self = self_executable();
    for (std::size_t i = 0; i < selected.size(); ++i) {
        if (selected[i].skip) {
            report.runs[i] = skipped_result(selected[i], order[i], opt.output.require_all);
            continue;
        }
        Job j;
        j.argv.push_back(self);
        j.argv.insert(j.argv.end(), selected[i].run_args.begin(), selected[i].run_args.end());
        j.stdout_file = folder->staging() / kLogs / (selected[i].slug + ".stdout");
        j.stderr_file = folder->staging() / kLogs / (selected[i].slug + ".stderr");
        jobs.push_back(std::move(j));
        job_run.push_back(i);
    }
    run_jobs(
        jobs, folder->staging(), opt.jobs, opt.timeout_s, [&](std::size_t j, const JobOutcome& o) {
            const std::size_t i = job_run[j];
            RunOutput out{o.exit_code, o.wall_s, read_or_empty(jobs[j].stdout_file),
                          read_or_empty(jobs[j].stderr_file)};
            if (o.timed_out)
                out.stderr_text +=
                    "killed after --timeout " + std::to_string(opt.timeout_s) + " s\n";
            RunResult r = judge_run(selected[i], order[i], out, folder->staging());
            if (r.status != Status::passed)
                std::cout << to_string(r.status) << ": " << r.id << ": " << r.message << std::endl;
            report.runs[i] = std::move(r);
        });
    report.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    try {
        write_gate_files(report, folder->staging());
        folder->commit();
    } catch (const std::system_error& e) {
        std::cerr << kName << ": input error: cannot write the gate folder: " << e.what() << "\n";
        return kExitInput;
    } catch (const HarnessError& e) {
        std::cerr << kName << ": input error: " << e.message << "\n";
        return kExitInput;
    }
    return finish(report, folder->final_path(), opt.output, true);
}

} // namespace harness
