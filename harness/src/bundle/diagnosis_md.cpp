#include "bundle/diagnosis_md.h"

#include "bundle/report_text.h"

#include "nbdiag/dtype_matrix.h"
#include "nbdiag/patterns.h"

#include <sstream>

namespace harness {

std::vector<nbdiag::PredictionCheck> carryover_checks(const RunOutcome& o) {
    std::vector<nbdiag::PredictionCheck> out;
    if (!o.carryover)
        return out;
    for (const CarryoverPixel& p : o.carryover->pixels) {
        if (!p.predicted_I_before_scaling || p.spec_I_before_scaling == 0)
            continue;
        nbdiag::PredictionCheck c;
        c.divergence = "C-PARITY-001";
        c.subject = "I_before_scaling at " + pixel_text(p.pixel);
        c.predicted_lo = c.predicted_hi =
            (*p.predicted_I_before_scaling - p.spec_I_before_scaling) / p.spec_I_before_scaling;
        c.observed = (p.c_I_before_scaling - p.spec_I_before_scaling) / p.spec_I_before_scaling;
        c.tolerance = nbdiag::kCarryoverPixelTolerance;
        c.tolerance_reason = "contributions summed in double";
        out.push_back(c);
    }
    return out;
}

std::vector<nbdiag::PredictionCheck> prediction_checks(const RunOutcome& o) {
    std::vector<nbdiag::PredictionCheck> checks = carryover_checks(o);
    if (o.carryover_roi)
        checks.push_back(*o.carryover_roi);
    return checks;
}

std::string diagnosis_md(const RunOutcome& o) {
    std::ostringstream md;
    if (o.diff.failed > 0) {
        md << "\n## Divergence patterns\n\n";
        const std::vector<nbdiag::PatternFinding> found = nbdiag::find_patterns(o.diff);
        if (found.empty())
            md << "None of the known shapes (nbdiag/patterns.h): a logic difference.\n";
        for (const nbdiag::PatternFinding& f : found) {
            md << "- **" << nbdiag::to_string(f.kind) << "**:";
            for (const std::string& k : f.keys)
                md << " " << k;
            md << ". " << f.evidence << "\n";
        }
    }
    const std::vector<nbdiag::PredictionCheck> checks = prediction_checks(o);
    if (!checks.empty()) {
        md << "\n## Predictions checked\n\n";
        for (const nbdiag::PredictionCheck& c : checks)
            md << "- " << c.divergence << ": " << c.verdict_text()
               << (c.details.empty() ? "" : " (" + c.details + ")") << "\n";
    }
    if (!o.dtype_matrices.empty() || !o.dtype_notes.empty()) {
        md << "\n## dtype matrix\n\nEach failing row next to the dtype sensitivity "
              "|f32 - f64|/|f64| of the same key on a side run in both; within precision when "
              "the parity difference is at most "
           << nbdiag::kPrecisionFactor << " x that, else logic.\n\n";
        for (const std::string& n : o.dtype_notes)
            md << "- " << n << "\n";
        for (const nbdiag::DtypeMatrix& m : o.dtype_matrices) {
            md << "\n### Divergences of " << m.diff_name << ": " << m.within_precision
               << " within precision, " << m.logic << " logic\n\n";
            if (!m.rows.empty())
                md << nbdiag::render_dtype_matrix(m);
        }
    }
    return md.str();
}

} // namespace harness
