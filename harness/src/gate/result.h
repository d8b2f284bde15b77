// What one run of a gate came to, read from the `trace_harness run` it started: its exit code,
// its bundle's metrics.json and diff.tsv, judged against the case's expectation.
#pragma once

#include "gate/expand.h"

#include <filesystem>
#include <string>
#include <vector>

namespace harness::gate {

enum class Status { passed, failed, error, skipped };
const char* to_string(Status s);

struct RunResult {
    // the plan
    std::size_t order = 0; // position in the unsharded expansion (merge sorts by it)
    std::string id, slug, matrix, case_name, phi_mode, dtype;
    int threads = 1;
    std::string side_a, side_b, tolerance, expect;
    std::vector<std::string> labels;
    std::string command; // "trace_harness run ..." as the gate ran it, shell-quoted

    // the outcome
    Status status = Status::skipped;
    std::string message; // one line: the first divergence, the error, the skip reason
    std::string detail;  // several lines: the citation block, or the last lines of stderr
    int exit_code = -1;  // of `run` (-1: not run or killed by a signal)
    double wall_s = 0;
    std::string bundle;      // relative to the gate folder ("" when none)
    std::string first_stage; // of the first divergence ("" when none)
    std::string first_key;
};

// A result for a run that was not started (status skipped; failed under --require-all).
RunResult skipped_result(const PlannedRun& plan, std::size_t order, bool require_all);

// What a finished run left: exit code, wall time, what it printed.
struct RunOutput {
    int exit_code = -1;
    double wall_s = 0;
    std::string stdout_text, stderr_text;
};

// Judges a finished run. `gate_dir`: the folder the run ran in (bundles under it).
RunResult judge_run(const PlannedRun& plan, std::size_t order, const RunOutput& output,
                    const std::filesystem::path& gate_dir);

// The expectation `expect` (a known-divergence id) against a failed run's observations: every
// failure reason and every failing gating row of diff.tsv must belong to that divergence (its
// keys; ROI image failures when it changes image_value). Returns "" when met, else what else
// was observed.
std::string unexplained_by(const std::string& expect, const std::vector<std::string>& failures,
                           const std::vector<std::string>& failing_keys);

} // namespace harness::gate
