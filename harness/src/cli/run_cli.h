// The command line of `trace_harness [run]`.
#pragma once

#include "cli/run_request.h"

#include <variant>

namespace harness {

// Parses argv (argv[0] is "run" or the program name). Returns the request, or the exit code to
// return at once (help printed: 0; usage error reported on stderr: 1).
std::variant<RunRequest, int> parse_run_command_line(int argc, char** argv);

// The thread count --threads defaults to: OMP_NUM_THREADS (its first entry) when set and valid,
// else the machine's logical processors. Throws boost::program_options::error (a usage error)
// when OMP_NUM_THREADS asks for more than 1024.
int default_thread_count();

} // namespace harness
