// Case expansion: every case of a matrix becomes one run per phi mode x dtype x thread count,
// each a `trace_harness run` command line, or a visible skip when something it needs is absent.
#pragma once

#include "gate/matrix.h"

#include <optional>
#include <string>
#include <vector>

namespace harness::gate {

struct PlannedRun {
    std::string id;   // "features/simple_cubic/spec/float64/t2": the JUnit test case
    std::string slug; // "features.simple_cubic.spec.float64.t2": its bundle folder
    std::string matrix, case_name, phi_mode, dtype;
    int threads = 1;
    std::string side_a, side_b;
    std::string tolerance;  // the class, "+ override: <reason>" when the case departs from it
    std::string expect;     // "pass", a known-divergence id or "fail-at:KEY" (matrix.h)
    std::string expect_why; // what is known of a pinned failure
    std::vector<std::string> labels;
    std::string out_root;              // where `run` writes its bundle (--out)
    std::vector<std::string> run_args; // after "trace_harness": "run", options, [-- flags]
    std::optional<std::string> skip;   // why it cannot run here (input or program absent)
};

// `out_root` is where `run` puts the bundles (relative to the folder it runs in).
std::vector<PlannedRun> expand_matrix(const Matrix& m, const std::string& out_root);

// The `run` options that name the two sides. Nothing for the embedded reference/simulator pair
// (today's `run`); otherwise --a/--b SIDE with --a-program/--b-program PATH, and a recorded side
// as --b recorded --b-trace FILE [--b-image FILE].
std::vector<std::string> side_arguments(const SideSpec& a, const SideSpec& b);

// `--shard K/N`: runs i (0-based, in expansion order) with i % N == K - 1.
struct Shard {
    int k = 1, n = 1;
};
std::optional<Shard> parse_shard(const std::string& text); // nullopt when malformed
std::vector<PlannedRun> select_shard(const std::vector<PlannedRun>& runs, Shard shard);

} // namespace harness::gate
