// Writing records in the legacy text dialects, in the programs' own format (%.15g) and order, so
// old tools and plain `diff` keep working: TRACE_C (the C program's per-pixel trace) and TRACE_PY
// (the PyTorch port's; nbsim -trace_pixel writes it). Names, units and gating come from the
// registry, read backwards: the value written under a name is canonical / scale.
//
// TRACE_C: per pixel a TRACE_CONFIG line, then per (layer, subS, subF) pass the geometry lines,
// the lattice block, the TRACE_C_PHI lines (the phi 0 one before F_cell), F_cell and the
// TRACE_C_SOURCE2 block, then the final block; DETECTOR_* lines and the oversample line first.
// TRACE_PY: per pixel the pass (0,0,0) lines, lattice and final block, TRACE_PY_SOURCE blocks,
// TRACE_PY_PHI lines (v2 when every v2 field is known) and TRACE_PY_ROTSTAR lines.
// A value a dialect cannot express is not written (WriteReport::unwritten lists its key).
#pragma once

#include "nbtrace/record.h"

#include <cstddef>
#include <ostream>
#include <set>
#include <string>
#include <vector>

namespace nbtrace {

struct WriteReport {
    std::size_t lines = 0;
    std::set<std::string> unwritten; // keys of records the dialect has no line for
};

WriteReport write_trace_c(std::ostream& out, const std::vector<Record>& records);
WriteReport write_trace_py(std::ostream& out, const std::vector<Record>& records);

} // namespace nbtrace
