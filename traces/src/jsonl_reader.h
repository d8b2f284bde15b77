// Reading the canonical JSON Lines format (jsonl.h for the schema).
#pragma once

#include "nbtrace/parse.h"

#include <string>
#include <string_view>
#include <vector>

namespace nbtrace::detail {

TraceFile parse_canonical(const std::vector<std::string_view>& lines, const std::string& name,
                          const ParseOptions& options);

} // namespace nbtrace::detail
