// trace_harness diff A B: compare two traces of any supported dialect or the canonical format.
#pragma once

namespace harness {

// argv[0] is "diff". Returns an exit code of exit_codes.h.
int run_diff_command(int argc, char** argv);

} // namespace harness
