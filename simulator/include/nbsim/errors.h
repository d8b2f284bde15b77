// Errors and exit codes of nbsim (shared with nanobragg_ref and trace_harness).
//
//   0  success
//   1  usage error: unknown flag, missing or invalid value, NaN or negative size, zero phi steps,
//      ROI or trace pixel outside the detector, no crystal or no structure factors
//   2  input error: missing, unreadable or malformed HKL, matrix, source, -img or -mask file;
//      degenerate physics (zero wavelength, singular matrix, cell of no volume, non-finite
//      values)
//   4  internal error
//
// Every error is reported as ONE line that names the offending flag or file.
#pragma once

#include <stdexcept>
#include <string>

namespace nbsim {

enum class ExitCode : int { success = 0, usage = 1, input = 2, internal = 4 };

// A command-line or configuration problem (exit 1). The message names the flag.
class UsageError : public std::runtime_error {
  public:
    explicit UsageError(const std::string& what) : std::runtime_error(what) {}
};

// A missing, unreadable or malformed input file, or degenerate physics (exit 2). The message names
// the file (or the flag that gave the degenerate value).
class InputError : public std::runtime_error {
  public:
    explicit InputError(const std::string& what) : std::runtime_error(what) {}
};

// `text` with every byte outside printable ASCII (0x20..0x7e) written as \xNN: a message stays
// one line and carries no control or escape sequences from a file name or value.
std::string printable(const std::string& text);

} // namespace nbsim
