// `trace_harness verify BUNDLE...`: re-checks bundles against their sha256.txt.
#pragma once

namespace harness {

int run_verify_command(int argc, char** argv);

} // namespace harness
