// Each side judged against itself (diagnosis/README.md) and the negative controls, as the
// harness shows them: apart from the parity verdict, with a note when the first divergence rests
// on a key a side printed inconsistently.
#pragma once

#include "nbdiag/negative_controls.h"
#include "nbdiag/self_consistency.h"

#include "nbtrace/diff.h"
#include "nbtrace/pixel.h"
#include "nbtrace/trace_pair.h"

#include <boost/json.hpp>

#include <iosfwd>
#include <string>
#include <vector>

namespace harness {

struct Diagnosis {
    std::vector<nbdiag::SelfConsistency> sides;  // side A's pixels, then side B's
    std::vector<nbdiag::ControlResult> controls; // --controls
    std::vector<std::string> controls_not_run;   // switches not tried, with the reason
    bool any_suspect() const;
};

// One side at one pixel. Placeholder words the side printed where values belong (`input`'s
// lines not compared as "placeholder") are a finding.
nbdiag::SelfConsistency diagnose_side(const std::string& label,
                                      const std::vector<nbtrace::Record>& records,
                                      const nbdiag::SideFacts& facts, bool float32,
                                      const nbtrace::InputSummary* input = nullptr,
                                      std::optional<nbtrace::Pixel> pixel = {});

// Both sides of a recorded pair (trace_harness diff): facts from each side's files, the
// placeholder counts of its input; with `controls`, each side diffed against itself.
Diagnosis diagnose_pair(const nbtrace::TracePair& pair, bool float32_a, bool float32_b,
                        bool controls);

// "suspect" (a check failed or a finding), "consistent" (at least one check passed, none
// failed) or "not checkable" (nothing the side printed could be checked).
std::string consistency_verdict(const nbdiag::SelfConsistency& s);

// "the first divergence (hkl_frac) rests on values side B printed inconsistently: ..." when the
// first divergence's key is a suspect key of a side; empty otherwise.
std::string first_divergence_note(const nbtrace::DiffResult& diff, const Diagnosis& d);

// Text for the terminal (trace_harness diff, run).
void render_diagnosis(const Diagnosis& d, const nbtrace::DiffResult& diff, std::ostream& out);
// The few lines trace_harness run prints: each side consistent or suspect (with its suspect
// keys), the first-divergence note, the controls that did not come out OK.
std::vector<std::string> diagnosis_printed_lines(const Diagnosis& d,
                                                 const nbtrace::DiffResult& diff);
// A section of summary.md.
std::string diagnosis_markdown(const Diagnosis& d, const nbtrace::DiffResult& diff);
// {"self_consistency": [{..., "verdict"}], "instrumentation_suspect": [...],
// "first_divergence_note": ...,
//  "negative_controls": [...]} for metrics.json and the diff JSON.
boost::json::object diagnosis_json(const Diagnosis& d, const nbtrace::DiffResult& diff);
// The diff JSON text (one object) with a "diagnosis" member added last, the diff's own text
// untouched (its numbers are exact text).
std::string with_diagnosis_member(const std::string& diff_json, const boost::json::object& diag);

} // namespace harness
