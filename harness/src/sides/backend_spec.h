// A backend: an external program that speaks nanoBragg's flags (the real C program, its traced
// build, the PyTorch port, or a user's own), described by data in a backend file
// (harness/backends/*.json, format "trace_harness-backend" v1, documented in harness/README.md).
// A file says how to invoke the program, which trace dialects it prints, how it is asked for a
// trace pixel, an ROI, a float image, a dtype and a device, how it spells flags that differ from
// the C program's, which flags it lacks, and whether it computes the whole frame whatever the ROI.
#pragma once

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace harness {

// A malformed backend file (message names the file and the field).
class BackendError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

struct FlagRename {
    int args = 0;                // the flag's own arguments, {1}..{args} in `to`
    std::vector<std::string> to; // what the backend is given instead
    std::string why;
};

struct BackendSpec {
    std::string name;
    std::string about;
    std::string source; // where the spec came from (embedded name or file path)
    // the program: an executable, or a directory (a Python package's folder)
    std::string
        program_env; // environment variable naming it when --a-program/--b-program is not given
    std::string program_kind; // "executable" | "directory"
    std::string program_what;
    std::string interpreter;                        // for {interpreter}; empty: none
    std::string interpreter_env;                    // an environment variable that overrides it
    std::vector<std::string> argv;                  // {program}, {interpreter}
    std::map<std::string, std::string> environment; // values may use {program}
    std::vector<std::string> dialects;              // trace dialects it prints; empty: images only
    std::vector<std::string> trace_pixel;           // {slow} {fast}; empty: cannot trace
    std::vector<std::string> roi;                   // {fmin} {fmax} {smin} {smax}
    std::vector<std::string> float_image;           // {file}
    std::vector<std::string> extra_args;
    std::map<std::string, std::vector<std::string>> dtypes; // dtype -> its flags
    std::vector<std::string> device;
    std::map<std::string, FlagRename> renamed_flags;
    std::map<std::string, std::string> lacking_flags; // flag -> why
    bool full_frame_always = false;
    bool phi_carryover = false; // C-PARITY-001: the result depends on threads and region
    // name -> argv ({program}, {interpreter}) printing a version on its first line (env.json)
    std::map<std::string, std::vector<std::string>> versions;

    bool can_trace() const { return !trace_pixel.empty(); }
};

// Parses a backend file's text; `source` names it in errors. Throws BackendError.
BackendSpec parse_backend_spec(const std::string& text, const std::string& source);

// A shipped backend by name (nanobragg-c, nanobragg-c-traced, nanobrag-torch), or nullopt.
std::optional<BackendSpec> shipped_backend(const std::string& name);
std::vector<std::string> shipped_backend_names();

} // namespace harness
