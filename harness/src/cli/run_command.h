// `trace_harness [run]`: the main job. See run_cli.cpp for the options, run_pipeline.h for what
// is compared and bundle_contents.h for the evidence written.
#pragma once

namespace harness {

int run_run_command(int argc, char** argv);

} // namespace harness
