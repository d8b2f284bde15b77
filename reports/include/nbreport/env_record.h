// EnvRecord: what env.json holds -- the environment and parameters of one run, with a fixed schema.
//
// Every field is always written: a value that is unknown or does not apply is JSON null (an
// optional without a value), never a missing key; lists and maps may be empty. The JSON layout,
// key by key, is in env_json.h and reports/README.md. Change kEnvSchemaVersion with the layout.
//
// WARNING: pixels are (slow, fast); the ROI is an nbtrace::Region, written to env.json with
// nanoBragg -roi's names (fmin fmax smin smax), inclusive.
#pragma once

#include "nbtrace/pixel.h"
#include "nbtrace/region.h"

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nbreport {

inline constexpr int kEnvSchemaVersion = 2;

struct ToolInfo {
    std::string name;    // e.g. "trace_harness"
    std::string version; // e.g. "0.1.0"
};

// Where GitInfo::commit and dirty came from: `git` run on the source tree at run time, the values
// baked in when CMake configured the build, or neither.
enum class GitSource { runtime, build, unavailable };

std::string_view to_string(GitSource source);

struct GitInfo {
    std::optional<std::string> commit;       // full hash of HEAD
    std::optional<std::string> short_commit; // its first 12 characters
    std::optional<bool> dirty;               // `git status --porcelain` printed anything
    GitSource source = GitSource::unavailable;
    std::optional<std::string> commit_at_build; // HEAD when CMake configured this binary
    std::optional<bool> dirty_at_build;
};

struct CompilerInfo {
    std::optional<std::string> id;      // CMAKE_<LANG>_COMPILER_ID, e.g. "GNU"
    std::optional<std::string> version; // CMAKE_<LANG>_COMPILER_VERSION, e.g. "12.2.0"
};

// How this binary was built (baked in at configure time).
struct BuildInfo {
    std::optional<std::string> build_type; // CMAKE_BUILD_TYPE
    CompilerInfo c_compiler;
    CompilerInfo cxx_compiler;
    std::optional<std::string> c_flags;   // CMAKE_C_FLAGS + CMAKE_C_FLAGS_<BUILD_TYPE>
    std::optional<std::string> cxx_flags; // CMAKE_CXX_FLAGS + CMAKE_CXX_FLAGS_<BUILD_TYPE>
    bool openmp = false;                  // built with NB_OPENMP
};

struct OpenMpInfo {
    std::optional<int> max_threads;             // omp_get_max_threads(); null without OpenMP
    std::optional<std::string> omp_num_threads; // the OMP_NUM_THREADS variable, verbatim
};

struct OsInfo {
    std::optional<std::string> sysname;     // uname: "Linux"
    std::optional<std::string> release;     // uname: kernel release
    std::optional<std::string> machine;     // uname: "x86_64"
    std::optional<std::string> pretty_name; // PRETTY_NAME of /etc/os-release
};

struct HostInfo {
    std::optional<std::string> hostname;
    std::optional<std::string> cpu_model; // first "model name" of /proc/cpuinfo
    std::optional<int> logical_cores;     // online logical CPUs
    OsInfo os;
};

struct LibraryVersions {
    std::optional<std::string> boost;   // "1.81.0"
    std::optional<std::string> eigen;   // "3.4.0"; null when built without Eigen's headers
    std::optional<std::string> openssl; // OpenSSL_version(OPENSSL_VERSION), the library run with
};

struct TimingInfo {
    std::optional<std::chrono::system_clock::time_point> start_utc;
    std::optional<std::chrono::system_clock::time_point> end_utc; // set by finish_timing()
    std::optional<double> wall_s; // end - start on the steady clock, seconds
    // engine name -> wall time in seconds; null for an engine run that did not happen (so a tool
    // can list all its engine runs and keep env.json's keys the same from run to run)
    std::map<std::string, std::optional<double>> engine_wall_s;
    std::chrono::steady_clock::time_point steady_start{}; // not serialised
};

struct InputFile {
    std::optional<std::string> role; // what the run used it as, e.g. "-mat", "-hkl"
    std::string path;                // as given on the command line; never made absolute
    std::uintmax_t size_bytes = 0;
    std::string sha256;
};

// The run's parameters, filled by the harness. Spellings equal the CLI's (e.g. "c-parity").
struct RunParameters {
    std::optional<std::string> phi_mode;         // "spec" | "c-parity"
    std::optional<std::string> dtype;            // "float64" | "float32"
    std::optional<int> threads;                  // OpenMP threads whose behaviour is reproduced
    std::optional<std::string> schedule;         // "full-frame" | "roi"
    std::optional<double> rtol;                  // |a - b| <= atol + rtol * |ref|
    std::map<std::string, double> atol_by_class; // tolerance class -> atol
    std::vector<nbtrace::Pixel> pixels;
    std::optional<nbtrace::Region> roi; // written with nanoBragg -roi's names fmin fmax smin smax
    std::vector<std::string> command;   // argv of the harness run
};

// One side of the comparison and, for an external program, where it came from.
struct SideRecord {
    std::string side;                          // "a" or "b"
    std::string name;                          // reference, simulator, a backend's name, ...
    std::string kind;                          // "reference" | "simulator" | "backend" | "recorded"
    std::optional<std::string> program;        // the program run (a file or a package folder)
    std::optional<std::string> program_sha256; // of the file, or over the folder's files
    std::optional<std::string> program_git_commit; // HEAD of the git work tree holding it
    std::optional<std::string> interpreter;        // the interpreter that ran it
    std::map<std::string, std::optional<std::string>> versions; // e.g. interpreter, torch
    std::optional<std::vector<std::string>> argv;               // exactly as run
};

struct EnvRecord {
    int schema_version = kEnvSchemaVersion;
    ToolInfo tool;
    GitInfo git;
    BuildInfo build;
    OpenMpInfo openmp;
    HostInfo host;
    LibraryVersions libraries;
    TimingInfo timing;
    std::vector<InputFile> inputs;
    RunParameters run;
    std::vector<SideRecord> sides;
};

} // namespace nbreport
