// The command line of a subcommand that compares two inputs, `A B [options]` (diff,
// compare-images).
#pragma once

#include <boost/program_options.hpp>

#include <string>
#include <utility>

namespace harness {

// Parses argv into `vm` with the options of `visible` and exactly two positional arguments
// (`inputs`). Returns true when --help was given (the caller prints its help and exits 0).
// Throws boost::program_options::error for a usage error, including a number of positional
// arguments other than two ("expected two <noun> A B, got N").
bool parse_two_inputs(int argc, char** argv,
                      const boost::program_options::options_description& visible,
                      const std::string& noun, boost::program_options::variables_map& vm,
                      std::pair<std::string, std::string>& inputs);

} // namespace harness
