// The files of a trace_harness evidence bundle, written from a run's outcome. Each function
// renders one file; write_bundle_files() adds them all (sha256.txt is written by the writer's
// commit(), last).
//
//   commands.txt           the harness command, the same comparison from the bundle's inputs, and
//                          the equivalent nanobragg_ref and nbsim command lines
//   env.json               environment and run parameters (nbreport schema)
//   config_effective.json  both engines' effective configuration
//   trace_reference.{jsonl,log}, trace_simulator.{jsonl,log}
//                          the traces, canonical and legacy (TRACE_C / TRACE_PY)
//   trace_reference_unpatched.{jsonl,log}   spec mode with C-PARITY-001 in effect
//   diff.tsv               every compared component side by side, in stage order
//   metrics.json           the verdict and numbers (schema in harness/README.md)
//   summary.md             what a person reads first
//   roi_reference.npy, roi_simulator.npy    --roi: the ROI images, float32 NPY of shape
//                          (slow, fast) of the ROI
//   inputs/                every input file the engines read
#pragma once

#include "case/case_inputs.h"
#include "cli/run_request.h"
#include "compare/run_pipeline.h"

#include "nbreport/bundle_writer.h"
#include "nbreport/env_record.h"

#include <string>

namespace harness {

struct BundleContext {
    const RunRequest& request;
    const ResolvedCase& the_case;
    const RunOutcome& outcome;
    std::string inputs_dir_as_run; // where the engines read the inputs (the staging folder's)
};

std::string commands_txt(const BundleContext& c);
std::string config_effective_json(const BundleContext& c);
std::string metrics_json(const BundleContext& c);
std::string summary_md(const BundleContext& c);
// The few lines printed after a run, verdict first; `bundle` is where the bundle went.
std::string printed_summary(const BundleContext& c, const std::string& bundle);

// Fills env.json's run parameters, inputs and engine times.
void fill_env_record(const BundleContext& c, nbreport::EnvRecord& env);

// Adds every file but env.json (written last, after the timing ends) and sha256.txt.
void write_bundle_files(const BundleContext& c, nbreport::BundleWriter& writer);

} // namespace harness
