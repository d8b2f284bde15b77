// One run of a backend (backend_spec.h) as the harness asks for it: the case's nanoBragg flags
// translated to the backend's spelling (a flag it lacks is refused before anything runs), its
// trace pixel, dtype, device and float image added, run in a fresh working directory with
// OMP_NUM_THREADS fixed and a time limit, its stdout read as a trace and its float image read
// back. A backend that cannot be found, fails, hangs, prints no trace, traces another pixel or
// writes no image is a runner failure (exit 2), never a parity verdict.
#pragma once

#include "sides/backend_spec.h"
#include "sides/engine_run.h"

#include <optional>
#include <string>
#include <variant>

namespace harness {

struct BackendRequest {
    std::string program;    // --a-program/--b-program; empty: the backend's environment variable
    std::string workdir;    // a fresh, empty directory for this run
    double timeout_s = 600; // --timeout
    std::string dtype = "float64";
};

// What the harness records about a backend run (env.json).
struct BackendProvenance {
    std::string backend, spec_source, program, program_sha256;
    std::vector<std::string> argv;
    std::map<std::string, std::string> environment; // what the harness set
    std::string status;                             // "exit status 0", ...
    double wall_s = 0;
    long peak_rss_kb = 0;
    std::string stdout_text, stderr_text;
};

struct BackendRun {
    EngineRun run;
    BackendProvenance provenance;
};

// The program a backend will run (from the request or its environment variable), or an error
// naming what to set.
std::variant<std::string, EngineError> resolve_backend_program(const BackendSpec& spec,
                                                               const std::string& given);

// The case flags in the backend's spelling; a flag it lacks is a usage error naming the flag and
// the backend.
std::variant<std::vector<std::string>, EngineError>
translate_flags(const BackendSpec& spec, const std::vector<std::string>& args);

std::variant<BackendRun, EngineError>
run_backend(const BackendSpec& spec, const BackendRequest& backend, const EngineRequest& request);

} // namespace harness
