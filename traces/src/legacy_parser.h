// The legacy text-trace parser: one pass over the lines of a file in which the dialects of the
// C program (TRACE_C:, TRACE_C_PHI, TRACE_C_SOURCE2, DETECTOR_*, TRACE_CONFIG, its ordinary
// stdout) and of the PyTorch port (TRACE_PY*) may be mixed. All knowledge of names, units and
// gating comes from the registry (dialects.json, keys.json); this file only walks the grammar.
#pragma once

#include "nbtrace/parse.h"

#include <string>
#include <string_view>
#include <vector>

namespace nbtrace::detail {

TraceFile parse_legacy(const std::vector<std::string_view>& lines, const std::string& name,
                       const ParseOptions& options);

} // namespace nbtrace::detail
