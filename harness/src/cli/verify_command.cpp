#include "cli/verify_command.h"

#include "exit_codes.h"

#include "nbreport/verify.h"
#include "nbreport/verify_render.h"

#include <cstring>
#include <iostream>

namespace harness {

namespace {

constexpr const char* kUsage =
    "usage: trace_harness verify BUNDLE [BUNDLE...]\n\n"
    "Re-checks each evidence bundle: sha256.txt is well-formed, every listed file is present with\n"
    "the listed SHA-256, and no unlisted file is present. (`sha256sum -c sha256.txt` inside the\n"
    "bundle checks the first two.)\n\n"
    "exit codes: 0 every bundle verifies, 1 usage error, 2 not a bundle (no folder or no\n"
    "            sha256.txt), 3 a bundle does not match its manifest, 4 internal error\n";

bool not_a_bundle(const nbreport::VerifyResult& r) {
    for (const nbreport::VerifyProblem& p : r.problems)
        if (p.kind == nbreport::VerifyProblemKind::bundle_not_a_directory ||
            p.kind == nbreport::VerifyProblemKind::manifest_missing)
            return true;
    return false;
}

} // namespace

int run_verify_command(int argc, char** argv) {
    if (argc >= 2 && (!std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h"))) {
        std::cout << kUsage;
        return kExitOk;
    }
    if (argc < 2) {
        std::cerr << "trace_harness verify: usage error: no bundle given\n\n" << kUsage;
        return kExitUsage;
    }
    int worst = kExitOk;
    for (int i = 1; i < argc; ++i) {
        const nbreport::VerifyResult r = nbreport::verify_bundle(argv[i]);
        (r.passed() ? std::cout : std::cerr) << nbreport::render_verify_result(r);
        if (!r.passed())
            worst = std::max(worst, not_a_bundle(r) ? int(kExitInput) : int(kExitParity));
    }
    return worst;
}

} // namespace harness
