// The documented limits of a run (README.md "Limits"), value for value those of nanobragg_ref.
//
// Hard limits are UsageErrors (exit 1) naming the flag whatever the options. Memory and work
// estimates are refused above their default limits unless --allow-huge; with it the work is
// still capped at 2^53 evaluations (counters and the normalisation stay exact).
#pragma once

#include <cstdint>

namespace nbsim {

struct Experiment;
struct SimulationRequest;
struct RunOptions;

namespace limits {
inline constexpr int kMaxAxisPixels = 1 << 20; // pixels along each detector axis
inline constexpr int kMaxThreads = 1024;
inline constexpr int kMaxOversample = 1000;
inline constexpr int kMaxPhiSteps = 1000000;
inline constexpr int kMaxMosaicDomains = 1000000;
inline constexpr double kMaxOrientations = 1e7; // phi steps x mosaic domains
inline constexpr int kMaxLayers = 10000;
inline constexpr int kMaxSources = 1000000; // divergence x dispersion grid, or source lines
inline constexpr double kMaxEvaluations = 1e10;
inline constexpr double kMaxEvaluationsHuge = 9007199254740992.0; // 2^53
inline constexpr double kMaxMemoryBytes = 2147483648.0;           // 2 GiB
inline constexpr int kMaxMillerIndex = 1000000;
// Structure-factor tables are dense (nanoBragg's layout) when the index box has at most
// kDenseHklCells cells or at most kDenseCellsPerReflection cells per listed reflection; hashed
// otherwise, so that memory grows with the reflections, not with the index range.
inline constexpr double kDenseHklCells = 4194304.0;
inline constexpr double kDenseCellsPerReflection = 8.0;
// Degenerate physics: the smallest normalised cell volume V / (a b c) accepted, for -cell and
// for the reciprocal vectors of a -mat file.
inline constexpr double kMinCellShape = 1e-6;
} // namespace limits

bool use_dense_table(double box_cells, double reflections);

// Bytes of a dense table (the padded box) or of a hashed one holding `reflections`.
double table_bytes(bool dense, double padded_cells, double reflections);

// What the memory estimate counts (same formula as nanobragg_ref): 8 bytes per detector pixel,
// the structure-factor table, 200 bytes per orientation and 64 per source.
struct MemoryEstimate {
    int fast_pixels = 0, slow_pixels = 0;
    double table_bytes = 0;
    double orientations = 1; // phi steps x mosaic domains
    double sources = 1;
};
// Throws UsageError naming the largest contributor's flags when above kMaxMemoryBytes and not
// allow_huge.
void check_memory(const MemoryEstimate& m, bool allow_huge);

// Evaluations a simulate() call will make: computed pixels (the ROI, or the traced pixels of a
// trace_pixels_only run) x sub-pixels^2 x layers x sources x phi steps x mosaic domains, plus,
// when the run replays skipped pixels' state with a -dmin cut, region pixels x sub-pixels^2 x
// layers x sources.
double estimated_evaluations(const Experiment& ex, const RunOptions& run,
                             const SimulationRequest& req);
// Throws UsageError above kMaxEvaluations (kMaxEvaluationsHuge with allow_huge).
void check_work(const Experiment& ex, const RunOptions& run, const SimulationRequest& req);

} // namespace nbsim
