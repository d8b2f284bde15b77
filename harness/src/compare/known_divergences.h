// The registry of documented C behaviours that differ from the normative model
// (harness/known_divergences.json), and which of them a run's case triggers.
//
// A divergence is reported, never absorbed: the harness lists those in effect in the summary and
// metrics so a reader can tell an expected difference from a new one, but no tolerance changes.
#pragma once

#include "nbtrace/record.h"

#include <string>
#include <vector>

namespace harness {

struct KnownDivergence {
    std::string id; // e.g. "C-PARITY-001"
    std::string title;
    std::string effect;
    std::string engines;                 // "both", "reference" or "mode" (see the JSON's "about")
    std::string trigger_text;            // the trigger, readable, e.g. "flags_any -sourcefile"
    std::vector<std::string> keys;       // trace keys the behaviour changes (may be empty)
    std::vector<std::string> references; // design documents
    std::string mode_note;               // for engines "mode": what the run's phi mode means
};

// The entries whose trigger holds for a run: `args` the nanoBragg flags, `setup` the reference's
// set-up records (config and orientation stage: phi_angle, oversample, ...), `phi_mode` "spec" or
// "c-parity" (selects mode_note). The registry is parsed once; a malformed entry throws
// std::runtime_error naming it.
std::vector<KnownDivergence> divergences_in_effect(const std::vector<std::string>& args,
                                                   const std::vector<nbtrace::Record>& setup,
                                                   const std::string& phi_mode);

// Every entry of the registry, in file order (mode_note empty).
std::vector<KnownDivergence> all_known_divergences();

} // namespace harness
