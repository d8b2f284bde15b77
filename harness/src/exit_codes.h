// Exit codes of every trace_harness subcommand. A failed parity check is never 0.
//
//   0  ok: everything compared is within tolerance
//   1  usage error (bad or missing option, unknown subcommand)
//   2  input error: a file is missing, unreadable, empty, binary or malformed
//      (the message names file:line), or an output file cannot be written
//   3  parity failure: a value outside tolerance, a required key missing, nothing compared
//   4  internal error (a bug: please report with the command line)
#pragma once

#include <string>

namespace harness {

enum ExitCode : int {
    kExitOk = 0,
    kExitUsage = 1,
    kExitInput = 2,
    kExitParity = 3,
    kExitInternal = 4,
};

// What ends a subcommand (or one of its steps) before its verdict: the exit code it returns and
// a one-line message naming the input or the program at fault. The one error type of harness/.
struct HarnessError {
    ExitCode exit_code;
    std::string message;
};

} // namespace harness
