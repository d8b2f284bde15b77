// Merging the records of one trace: one record per (key, indices).
//
// The legacy traces print many values more than once (a detector vector per pass, F_latt_b in the
// lattice block and again in the phi_tic 0 TRACE_C_PHI line). Identical duplicates collapse; a
// duplicate with a different value is an error naming both lines, unless the registry marks the
// spelling as a second one (agree_rtol: lambda_angstroms vs lambda_meters), which is only checked.
#pragma once

#include "nbtrace/parse.h"
#include "nbtrace/record.h"

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace nbtrace::detail {

class RecordCollector {
  public:
    // Throws ParseError (at r.location) when r conflicts with a record kept earlier.
    void add(Record r, std::optional<double> agree_rtol = std::nullopt);
    // Checks the second spellings and returns the records in order of first appearance.
    std::vector<Record> finish(ParseStats& stats);

  private:
    struct Slot {
        std::optional<Record> primary;
        std::vector<std::pair<Record, double>> secondary; // record, agree_rtol
    };
    std::vector<Slot> slots_;
    std::map<std::pair<std::string, Indices>, std::size_t> index_;
    std::size_t collapsed_ = 0;
};

// Same values: bit-for-bit, except that NaN equals NaN and -0 equals 0.
bool identical_values(const std::vector<double>& a, const std::vector<double>& b);

} // namespace nbtrace::detail
