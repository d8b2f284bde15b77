// The gate folder's own files: metrics.json (schema `trace_harness-gate-metrics`, version 1;
// every run with its outcome, what gate-merge reads back), summary.md, index.tsv (run id,
// status, bundle) and junit.xml. See harness/gates/README.md.
#pragma once

#include "gate/expand.h"
#include "gate/junit_xml.h"
#include "gate/result.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace harness::gate {

struct GateReport {
    std::vector<MatrixInfo> matrices;
    std::vector<RunResult> runs; // in expansion order
    std::optional<Shard> shard;
    bool require_all = false;
    int jobs = 1;
    double wall_s = 0;
    std::vector<std::string> merged_from; // gate-merge: the folders merged (as given)

    // 2 when a side could not run, else 3 when a run did not meet its expectation, else 0.
    int exit_code() const;
    std::size_t count(Status s) const;
};

std::string gate_metrics_json(const GateReport& r);
std::string gate_summary_md(const GateReport& r);
std::string gate_index_tsv(const GateReport& r);

// Writes the four files into `dir`.
void write_gate_files(const GateReport& r, const std::filesystem::path& dir);

// True when `dir` holds a gate's metrics.json (so --replace may remove it).
bool is_gate_folder(const std::filesystem::path& dir);

// Reads a gate folder's metrics.json back; run bundles stay relative to `dir`. Throws
// HarnessError naming the file.
GateReport read_gate_report(const std::filesystem::path& dir);

} // namespace harness::gate
