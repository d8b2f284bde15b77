// Helpers shared by the simulator tests: golden data paths, float images, a reader for the golden
// TRACE_C logs, running the library on a nanoBragg argument list, and running the nbsim binary.
//
// Tolerances (see close_enough): |ours - golden| <= atol + rtol * |golden|, rtol = 1e-6 (the
// project's parity gate), atol per quantity class for components that are ideally zero (the C
// prints e.g. 6.1e-15 A for a zero component of a rotated cell vector).
#pragma once

#include "nbsim/command_line.h"
#include "nbsim/experiment.h"
#include "nbsim/simulation.h"

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace simtest {

std::string golden_dir();                  // tests/data/golden
std::string supervisor_synth_inputs_dir(); // harness/data/supervisor_synth
// Directory holding A.mat and scaled.hkl: $NB_GOLDEN_INPUTS, else <source>/../shared/golden/
// inputs; nullopt (and a clear WARN from the caller) when absent.
std::optional<std::string> supervisor_real_inputs_dir();
std::string nbsim_binary();

std::vector<float> read_floats(const std::string& path);
std::vector<std::string> split_args(const std::string& command_line);

// The supervisor command (SUP of golden/commands.txt) without -mat/-hkl.
std::string supervisor_geometry_args();
std::string supervisor_synth_args(); // with the embedded A_synth.mat + synth.hkl

struct SimRun {
    nbsim::Experiment ex;
    nbsim::SimulationResult result;
    std::vector<nbtrace::Record> records;
};

// Parses `args` like nbsim does and simulates; traced pixels' records are collected.
SimRun run_sim(const std::string& args, nbsim::RunOptions run,
               const std::vector<nbsim::PixelIndex>& trace = {}, bool trace_only = false);

nbsim::RunOptions c_parity(int threads, nbsim::Schedule schedule = nbsim::Schedule::roi);
nbsim::RunOptions spec(int threads);

// One value of a golden TRACE_C log, with the loop indices its line belongs to (gating of
// traces/registry/dialects.json: per-pass lines at source 0, lattice lines at phi 0 / mosaic 0,
// TRACE_C_PHI lines per phi step at mosaic 0, TRACE_C_SOURCE2 lines at source 2, final lines per
// pixel). Setup-level quantities printed per pass (pix0, fdet, sdet, close distance, reciprocal
// vectors) carry no index.
struct GoldenValue {
    std::string key; // canonical key
    nbtrace::Indices idx;
    std::vector<double> values;
    std::string line; // the log line, for messages
};
std::vector<GoldenValue> read_trace_c(const std::string& path, nbsim::PixelIndex pixel,
                                      int oversample);

using RecordIndex = std::map<std::pair<std::string, nbtrace::Indices>, std::vector<double>>;
RecordIndex index_records(const std::vector<nbtrace::Record>& records);

// atol of a key's quantity class (see the file comment).
double atol_for(const std::string& key);
bool close_enough(double ours, double golden, double atol, double rtol = 1e-6);

// Compares every golden value with our record of the same key and indices; returns the
// mismatches ("line: ours vs golden") and counts the values compared.
// `worst` (if given) receives the largest |ours - golden| / |golden| over values with
// |golden| > atol (the relative error of the ideally-zero components is meaningless).
std::vector<std::string> compare_with_golden(const std::vector<GoldenValue>& golden,
                                             const RecordIndex& ours, int& compared,
                                             double rtol = 1e-6, double* worst = nullptr);

// Result of running the nbsim binary in a fresh scratch directory.
struct ProcessResult {
    int exit_code = -1;
    std::string stdout_text, stderr_text;
    std::vector<std::string> files_left; // files in the scratch directory afterwards
};
ProcessResult run_nbsim(const std::string& args, const std::string& scratch_name);

} // namespace simtest
