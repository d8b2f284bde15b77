// The diff engine: two record sets aligned by (canonical key, indices) -- never by position --
// and compared component by component with the mixed tolerance of closeness.h.
//
// The result is data (DiffResult); diff_render.h turns it into a table, JSON or TSV. Rows are in
// report order: pipeline stage, then registry key order, then indices, so the first failing row
// is the first place the two traces disagree and the rows above it are its upstream.
#pragma once

#include "nbtrace/closeness.h"
#include "nbtrace/record.h"

#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace nbtrace {

struct DiffOptions {
    // |a - b| <= atol(class) + rtol*|a| for every component; a tolerance class may pin its own
    // rtol (exact: 0).
    double rtol = 1e-6;
    std::map<std::string, double> atol; // per tolerance class, overriding the registry's
    std::set<std::string> required;     // keys that must be present on both sides
    // Rows compare production values only. A projection made by the diff itself (k_frac taken
    // from hkl_frac[1]) carries origin=derived but is the production value bit for bit; it gates
    // unless this is false.
    bool gate_projections = true;

    // Checks unknown classes/keys and negative tolerances; false with *error set when invalid.
    bool is_valid(std::string* error) const;
};

enum class RowStatus { pass, fail, only_a, only_b };
std::string_view to_string(RowStatus s);

struct DiffRow {
    Stage stage = Stage::config;
    std::string key;
    std::string units;
    std::string tolerance_class;
    Indices idx;
    RowStatus status = RowStatus::pass;
    // Whether the row can fail the diff: both sides production values (or projections, see
    // DiffOptions::gate_projections). A non-gating row is still compared and shown.
    bool gating = true;
    std::optional<Record> a; // as aligned; absent on only_b rows
    std::optional<Record> b;
    bool a_projected = false; // the record was projected by the diff (derive.h)
    bool b_projected = false;
    Tolerance tolerance;
    std::vector<Closeness> components; // one per value when both sides are present
    double max_abs = 0;
    double max_rel = 0;
    int worst = -1; // component with the largest abs error among the failing ones (else among all)
};

struct StageSummary {
    Stage stage = Stage::config;
    std::size_t rows = 0, pass = 0, fail = 0, only_a = 0, only_b = 0;
    double max_abs = 0, max_rel = 0; // over compared rows of the stage
};

struct DiffResult {
    bool ran = false; // a default DiffResult never passes
    std::string a_name, b_name;
    DiffOptions options;
    std::vector<DiffRow> rows;
    std::vector<StageSummary> stages; // every stage, in pipeline order
    // The first gating failing row (rows[0 .. *first_divergence) are its upstream).
    std::optional<std::size_t> first_divergence;
    // The first failing row of any kind, when it comes before first_divergence (a display-only
    // value that already disagrees upstream).
    std::optional<std::size_t> first_difference;
    std::vector<std::string> missing_required; // "KEY absent from both", "KEY at IDX only in A"
    std::size_t compared = 0, failed = 0, failed_gating = 0, only_a = 0, only_b = 0;

    // Ran, compared something, no gating failure, no required key missing.
    bool passed() const;
};

// Throws RecordError when one side holds two different records for one (key, indices) (the
// readers never produce that) or a record of a key the registry does not know.
DiffResult diff_traces(const std::vector<Record>& a, const std::vector<Record>& b,
                       const DiffOptions& options, std::string a_name = "A",
                       std::string b_name = "B");

} // namespace nbtrace
