// trace_harness: the parity trace-and-audit harness for nanoBragg. One subcommand per verb;
// main() only dispatches (add a row to kSubcommands for a new verb). Exit codes: exit_codes.h.
#include "cli/compare_images_command.h"
#include "cli/diff_command.h"
#include "cli/run_command.h"
#include "cli/verify_command.h"
#include "exit_codes.h"
#include "gate/gate_command.h"

#include <cstring>
#include <exception>
#include <iostream>
#include <new>

namespace {

struct Subcommand {
    const char* name;
    const char* summary;
    int (*run)(int argc, char** argv);
};

constexpr Subcommand kSubcommands[] = {
    {"run", "run both engines on pixels/ROIs, diff stage by stage, write a bundle (default)",
     harness::run_run_command},
    {"diff", "compare two traces (legacy TRACE_C/TRACE_PY logs or canonical JSONL)",
     harness::run_diff_command},
    {"verify", "re-check evidence bundles against their sha256.txt", harness::run_verify_command},
    {"compare-images", "metrics of two float images (frame or ROI), thresholds, pictures",
     harness::run_compare_images_command},
    {"gate", "run the cases of gate matrices: bundles, summary, JUnit XML, one exit code",
     harness::run_gate_command},
    {"gate-merge", "combine the gate folders of shards into one", harness::run_gate_merge_command},
    {"cite", "verify bundles and print their evidence blocks (Markdown)",
     harness::run_cite_command},
};

void print_usage(std::ostream& out) {
    out << "usage: trace_harness [run] [options] [-- NANOBRAGG_FLAGS]   e.g. trace_harness --pixel "
           "685 1039 --phi-mode c-parity\n"
           "       trace_harness <subcommand> [options]   (trace_harness <subcommand> --help)\n\n"
           "subcommands:\n";
    for (const Subcommand& s : kSubcommands)
        out << "  " << s.name << "  " << s.summary << "\n";
    out << "\nexit codes: 0 ok, 1 usage error, 2 unreadable/malformed input, 3 parity failure, "
           "4 internal error\n";
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        print_usage(std::cerr);
        return harness::kExitUsage;
    }
    if (!std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h")) {
        print_usage(std::cout);
        return harness::kExitOk;
    }
    // an option first means the default subcommand: trace_harness --pixel 685 1039 ...
    const bool implicit_run = argv[1][0] == '-';
    for (const Subcommand& s : kSubcommands)
        if (implicit_run ? !std::strcmp(s.name, "run") : !std::strcmp(argv[1], s.name)) {
            try {
                return implicit_run ? s.run(argc, argv) : s.run(argc - 1, argv + 1);
            } catch (const std::bad_alloc&) {
                std::cerr << "trace_harness " << s.name << ": internal error: out of memory\n";
                return harness::kExitInternal;
            } catch (const std::exception& e) {
                std::cerr << "trace_harness " << s.name << ": internal error: " << e.what() << "\n";
                return harness::kExitInternal;
            }
        }
    std::cerr << "trace_harness: usage error: unknown subcommand '" << argv[1]
              << "' (try trace_harness --help)\n";
    return harness::kExitUsage;
}
