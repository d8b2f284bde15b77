// `trace_harness cite BUNDLE...`: verifies each bundle and prints its evidence block (cite.h).
#include "gate/gate_command.h"

#include "exit_codes.h"
#include "gate/cite.h"

#include <cstring>
#include <iostream>

namespace harness {

int run_cite_command(int argc, char** argv) {
    if (argc >= 2 && (!std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h"))) {
        std::cout << "usage: trace_harness cite BUNDLE [BUNDLE...]\n\n"
                     "Verifies each evidence bundle and prints a Markdown block to paste into a\n"
                     "findings ledger: verdict, sides, traced pixels, first divergence with both\n"
                     "values, known divergences in effect, the bundle with the sha256 of its\n"
                     "sha256.txt, and the command that re-runs it.\n\n"
                     "exit codes: 0 every bundle cited, 1 usage error, 2 not a bundle, 3 a bundle\n"
                     "            does not match its sha256.txt, 4 internal error\n";
        return kExitOk;
    }
    if (argc < 2) {
        std::cerr << "trace_harness cite: usage error: no bundle given\n";
        return kExitUsage;
    }
    int worst = kExitOk;
    for (int i = 1; i < argc; ++i) {
        try {
            std::cout << (i > 1 ? "\n" : "") << gate::cite_bundle(argv[i], argv[i]);
        } catch (const HarnessError& e) {
            std::cerr << "trace_harness cite: " << (e.exit_code == kExitInput ? "input" : "parity")
                      << " error: " << e.message << "\n";
            worst = std::max(worst, static_cast<int>(e.exit_code));
        }
    }
    return worst;
}

} // namespace harness
