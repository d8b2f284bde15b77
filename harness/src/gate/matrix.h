// A gate matrix: parity cases as data (schema `trace_harness-gate-matrix`, version 1, documented
// in harness/gates/README.md). Loading checks the whole schema and names file:line on error.
#pragma once

#include "case/field_reader.h"
#include "run_modes.h"

#include "nbtrace/pixel.h"

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace harness::gate {

// One side of a comparison, as the matrix names it. Today `trace_harness run` compares the
// embedded `reference` and `simulator`; a backend (`nanobragg-c`, `nanobragg-c-traced`,
// `nanobrag-torch`, or a backend file given by path) and recorded output are carried through
// to `run` unchanged (see side_arguments() in expand.h).
struct SideSpec {
    enum class Kind { embedded, backend, recorded };
    Kind kind = Kind::embedded;
    std::string name;    // "reference", "simulator", a backend name, a backend file's stem, or
                         // "recorded"; what tolerance classes name
    std::string file;    // backend given by path: the backend file (after ${VAR} expansion)
    std::string program; // backend: program path (after ${VAR} expansion); "" = the backend's own
    std::string program_variable; // the ${VAR} the program came from, for skip messages
    std::string trace, image;     // recorded: files (after expansion)

    std::string label() const; // the name
};

// Tolerances of one pair of sides at one dtype: rtol plus absolute floors per tolerance class of
// the key registry (traces/registry/keys.json), each with the measurement that justifies it.
struct ToleranceClass {
    std::string name;
    std::pair<std::string, std::string> sides; // unordered pair
    std::string dtype;                         // "float64" | "float32"
    double rtol = 1e-6;
    std::map<std::string, double> atol; // registry class -> atol; others keep the registry's
    std::string why;
};

// A case's departure from its pair's class: another class and/or explicit values, with a reason.
struct ToleranceOverride {
    std::optional<std::string> class_name;
    std::optional<double> rtol;
    std::map<std::string, double> atol;
    std::string reason;
};

struct Case {
    std::string name;
    std::string description;
    int line = 0; // where the case starts in the matrix file

    // what to simulate: a preset (a name or a file path) with its inputs, or a command line
    std::optional<std::string> preset;
    std::map<std::string, std::string> inputs; // "--mat" -> path (preset inputs)
    std::vector<std::string> args; // nanoBragg flags (paths resolved), "extra_args" appended

    // what to trace and compare
    std::vector<nbtrace::Pixel> pixels;  // (slow, fast)
    std::vector<std::string> pick;       // pickers: "thread_first"
    std::optional<std::vector<int>> roi; // fmin fmax smin smax
    std::string schedule = text(Schedule::full_frame);

    // the expansion
    std::vector<std::string> phi_modes{"spec", "c-parity"};
    std::vector<std::string> dtypes{"float64"};
    std::vector<int> threads{2};

    SideSpec a, b;
    std::optional<ToleranceOverride> tolerance;
    std::vector<std::string> require; // keys that must be present on both sides
    // "pass", a known-divergence id, or "fail-at:KEY": a pinned known failure of a program
    // under test (its first divergence must be at KEY; expect_why says what is known of it)
    std::string expect = "pass";
    std::string expect_why;
    std::vector<std::string> needs; // files that must exist, else the case is skipped
    std::vector<std::string> labels;

    // Why the case cannot run here, found while loading (an unset ${VAR}); files that do not
    // exist are found when the case is expanded.
    std::vector<std::string> absent;
    // Files the case reads or runs (inputs, needs, programs, recorded output): each must exist.
    std::vector<std::string> files;
};

// The prefix of a pinned failure's expectation: "fail-at:a_rot".
inline constexpr const char* kFailAt = "fail-at:";

struct Matrix {
    std::string path;   // as given on the command line
    std::string sha256; // of the file's bytes
    std::string name;
    std::string description;
    std::vector<ToleranceClass> tolerance_classes;
    std::vector<Case> cases;

    // The class for a pair of sides (in either order) at a dtype, or nullptr.
    const ToleranceClass* class_for(const std::string& a, const std::string& b,
                                    const std::string& dtype) const;
    const ToleranceClass* class_named(const std::string& name) const;
};

// Unreadable or invalid matrix: `file:line: what` (exit 2).

// Reads and checks a matrix. Relative paths in it (inputs, -hkl/-mat/... values, needs, backend
// programs, recorded files, preset files) are relative to the matrix file's folder; ${VAR} and
// ${VAR:-default} are taken from the environment. Throws HarnessError.
Matrix load_matrix(const std::string& path);

} // namespace harness::gate
