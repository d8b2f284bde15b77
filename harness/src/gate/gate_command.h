// `trace_harness gate MATRIX...`, `trace_harness gate-merge DIR...` and
// `trace_harness cite BUNDLE...` (harness/gates/README.md).
#pragma once

namespace harness {

int run_gate_command(int argc, char** argv);
int run_gate_merge_command(int argc, char** argv);
int run_cite_command(int argc, char** argv);

} // namespace harness
