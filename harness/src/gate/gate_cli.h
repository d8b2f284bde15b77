// What `trace_harness gate` and `gate-merge` share on their command lines and at their end: the
// gate folder options, --require-all (or NB_REQUIRE_ALL=1), --skip-exit-code, and the closing
// report (runs that did not pass, the verdict line, the folder, the exit code).
#pragma once

#include "gate/gate_report.h"

#include <boost/program_options.hpp>

#include <filesystem>
#include <optional>
#include <string>

namespace harness::gate {

struct OutputOptions {
    std::string out; // "" = reports/gate/<UTC stamp>
    bool replace = false;
    bool require_all = false;
    std::optional<int> skip_exit_code;
};

// Adds --out, --replace, --require-all and --skip-exit-code.
void add_output_options(boost::program_options::options_description& o);
// Reads them back (po::error for a bad value).
OutputOptions output_options(const boost::program_options::variables_map& vm);

// Parses argv with the `visible` options; every other argument is collected under `positional`.
boost::program_options::variables_map
parse_with_positionals(int argc, char** argv,
                       const boost::program_options::options_description& visible,
                       const char* positional);

// Prints the citation block of each failed run (when `cite`), one line per run that did not
// pass, the verdict line and the gate folder; returns the exit code: the report's, or
// --skip-exit-code when every run was skipped.
int finish(const GateReport& r, const std::filesystem::path& folder, const OutputOptions& o,
           bool cite);

} // namespace harness::gate
