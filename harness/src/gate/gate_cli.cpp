#include "gate/gate_cli.h"

#include "exit_codes.h"
#include "gate/matrix.h"

#include <algorithm>
#include <cstdlib>
#include <iostream>

namespace harness::gate {

namespace po = boost::program_options;

void add_output_options(po::options_description& o) {
    o.add_options()("out", po::value<std::string>()->value_name("DIR"),
                    "the gate folder (default reports/gate/<UTC stamp>); it must not exist or "
                    "be empty")("replace", "replace --out when it is a previous gate folder")(
        "require-all",
        "a skipped run (input or program absent) is a failure (also with NB_REQUIRE_ALL=1)")(
        "skip-exit-code", po::value<int>()->value_name("N"),
        "exit N (5..255) when every run was skipped, e.g. 77 for CTest's SKIP_RETURN_CODE");
}

OutputOptions output_options(const po::variables_map& vm) {
    OutputOptions o;
    if (vm.count("out")) {
        o.out = vm["out"].as<std::string>();
        if (o.out.empty())
            throw po::error("--out: empty path");
    }
    o.replace = vm.count("replace") > 0;
    const char* env = std::getenv("NB_REQUIRE_ALL");
    o.require_all = vm.count("require-all") > 0 || (env && std::string(env) == "1");
    if (vm.count("skip-exit-code")) {
        o.skip_exit_code = vm["skip-exit-code"].as<int>();
        if (*o.skip_exit_code < 5 || *o.skip_exit_code > 255)
            throw po::error("--skip-exit-code: 5..255 (0..4 are the exit-code table's)");
    }
    return o;
}

po::variables_map parse_with_positionals(int argc, char** argv,
                                         const po::options_description& visible,
                                         const char* positional) {
    po::options_description all;
    all.add(visible).add_options()(positional, po::value<std::vector<std::string>>());
    po::positional_options_description p;
    p.add(positional, -1);
    po::variables_map vm;
    po::store(po::command_line_parser(argc, argv).options(all).positional(p).run(), vm);
    po::notify(vm);
    return vm;
}

int finish(const GateReport& r, const std::filesystem::path& folder, const OutputOptions& o,
           bool cite) {
    if (cite)
        for (const RunResult& run : r.runs)
            if (run.status == Status::failed && !run.detail.empty())
                std::cout << "\n" << run.detail;
    const int code = r.exit_code();
    std::cout << "\n"
              << (code == kExitOk       ? "PASS"
                  : code == kExitParity ? "FAIL"
                                        : "ERROR")
              << ": " << r.runs.size() << " run(s): " << r.count(Status::passed) << " passed";
    // a pinned known failure "passes" by failing where it was pinned: never counted as agreement
    const std::size_t pinned = std::count_if(r.runs.begin(), r.runs.end(), [](const RunResult& x) {
        return x.status == Status::passed && x.expect.rfind(kFailAt, 0) == 0;
    });
    if (pinned > 0)
        std::cout << " (" << pinned << " of them as the pinned known failure they expect)";
    std::cout << ", " << r.count(Status::failed) << " failed, " << r.count(Status::error)
              << " error(s), " << r.count(Status::skipped) << " skipped";
    if (r.wall_s > 0)
        std::cout << " in " << static_cast<int>(r.wall_s * 100 + 0.5) / 100.0 << " s";
    std::cout << "\ngate folder: " << folder.string() << "\n";
    const bool all_skipped = !r.runs.empty() && r.count(Status::skipped) == r.runs.size();
    if (all_skipped)
        std::cout << "every run was skipped\n";
    return all_skipped && o.skip_exit_code ? *o.skip_exit_code : code;
}

} // namespace harness::gate
