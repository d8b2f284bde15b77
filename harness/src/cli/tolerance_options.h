// The tolerance options shared by `trace_harness diff` and `trace_harness run`:
// --rtol X, --atol CLASS=VALUE (repeatable), --require KEY (repeatable).
#pragma once

#include "nbtrace/diff.h"

#include <boost/program_options.hpp>

namespace harness {

void add_tolerance_options(boost::program_options::options_description& options);

// Applies the parsed options to `diff`; throws boost::program_options::error naming the option
// for a malformed --atol, an unknown class or key, or a negative tolerance.
void apply_tolerance_options(const boost::program_options::variables_map& vm,
                             nbtrace::DiffOptions& diff);

} // namespace harness
