#include "nbdiag/patterns.h"

namespace nbdiag {

std::string_view to_string(PatternKind k) {
    switch (k) {
    case PatternKind::phi_constant_offset:
        return "constant offset across phi steps (geometry signature)";
    case PatternKind::shared_scale_factor:
        return "one scale factor shared by several keys (units or a normalisation)";
    case PatternKind::power_of_ten:
        return "ratio a power of ten (unit slip)";
    case PatternKind::float32_level:
        return "differences at the float32 level (precision, not logic)";
    case PatternKind::sincg_zero:
        return "large error next to a zero of sincg (hypersensitive pixel, not a bug by itself)";
    case PatternKind::pixel_mapping:
        return "pixel moved while the detector frame agrees (indices-to-position mapping)";
    }
    return "?";
}

std::vector<PatternFinding> find_patterns(const nbtrace::DiffResult& diff) {
    std::vector<PatternFinding> all;
    for (auto detector : {find_phi_constant_offsets, find_shared_scale_factors, find_powers_of_ten,
                          find_float32_level, find_sincg_zeros, find_pixel_mapping})
        for (PatternFinding& f : detector(diff))
            all.push_back(std::move(f));
    return all;
}

std::string render_patterns(const std::vector<PatternFinding>& findings) {
    std::string out = "PATTERNS:\n";
    if (findings.empty())
        out += "  (none)\n";
    for (const PatternFinding& f : findings) {
        out += "  " + std::string(to_string(f.kind)) + ":";
        for (const std::string& k : f.keys)
            out += " " + k;
        out += "\n    " + f.evidence + "\n";
    }
    return out;
}

} // namespace nbdiag
