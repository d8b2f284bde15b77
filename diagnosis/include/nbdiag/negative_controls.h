// Negative controls: does the comparison see nothing where there is nothing, and something
// where there must be something?
//
//   self diff  a side's records diffed against themselves: the diff must PASS with no value
//              differing (a diff engine or reader that invents differences is caught here);
//   switch     the same side run with one switch flipped (phi mode spec vs c-parity, float32 vs
//              float64, the reference's phi = 0 fix): when the switch should change the
//              results it must change at least one printed value; a switch that changes
//              nothing is reported as UNCHANGED (a mode flag that silently did nothing was
//              once reported as success).
#pragma once

#include "nbtrace/record.h"

#include <iosfwd>
#include <string>
#include <vector>

namespace nbdiag {

enum class ControlVerdict { ok, failed, unchanged_expected };
std::string to_string(ControlVerdict v);

struct ControlResult {
    std::string name;        // "self diff of A", "switch phi mode spec -> c-parity (B)"
    std::string expectation; // "no difference", "must change", "no change expected: ..."
    ControlVerdict verdict = ControlVerdict::failed;
    std::size_t compared = 0; // values (key, loop position) present in both runs
    std::size_t changed = 0;  // of which differ in at least one bit
    std::string detail;       // the largest change, the outcome keys before and after
    bool ok() const { return verdict != ControlVerdict::failed; }
};

// The records diffed against themselves with the default diff options: PASS and zero changed
// values, else failed.
ControlResult self_diff_control(const std::string& side_label,
                                const std::vector<nbtrace::Record>& records);

// `off` and `on`: the same side's records with the switch off and on. `should_change` says
// whether the case lets the switch act (e.g. the phi mode cannot matter when every phi is 0):
// true and nothing changed is failed; false and nothing changed is unchanged_expected (reported,
// with `why_no_change`); a change is ok either way.
ControlResult switch_control(const std::string& name, const std::vector<nbtrace::Record>& off,
                             const std::vector<nbtrace::Record>& on, bool should_change,
                             const std::string& why_no_change = {});

// True when the records' phi steps (phi_angle) include phi = 0 and a nonzero angle: only then can
// the phi = 0 carry-over (C-PARITY-001) act -- the C program skips the rotation at phi = 0 and
// keeps the last one, which is the identity when every phi is 0 and never stale when none is.
bool carryover_can_act(const std::vector<nbtrace::Record>& records);

void render_controls(const std::vector<ControlResult>& controls, std::ostream& out);
std::string controls_json(const std::vector<ControlResult>& controls);

} // namespace nbdiag
