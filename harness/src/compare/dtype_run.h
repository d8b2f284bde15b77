// --dtype float32,float64: the comparison run again with the float32 dtype, and the divergences
// of both runs labelled "within precision" or "logic" against the dtype sensitivity of a side
// that ran in both (nbdiag/dtype_matrix.h). The reference is float64 only; the simulator and
// backends whose file lists both dtypes run in both.
#pragma once

#include "compare/run_pipeline.h"

namespace harness {

// Whether the side computes in float32 and in float64.
bool runs_both_dtypes(const SideSpec& side);

// Fills outcome.dtype_matrices and dtype_notes; `request` and `args` as given to the float64
// run_comparison. Throws RunError like run_comparison (a side refusing float32).
void add_dtype_matrix(const RunRequest& request, const std::vector<std::string>& args,
                      RunOutcome& outcome);

} // namespace harness
