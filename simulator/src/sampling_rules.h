// nanoBragg's auto-selection rules for sampled quantities: given what the user specified
// (a count, a range, a step; "unset" = count <= 0, range < 0, step <= 0 or < 0), choose the
// rest. Each rule is the C program's, branch for branch (nanobragg_model.md 3.1, 4.2, 5.11, 3.3).
#pragma once

namespace nbsim {

struct SampledRange {
    int count;
    double range;
    double step;
};

// Phi: count = phisteps, range = osc, step = phistep (radians). Only-count gives osc = 1 deg.
SampledRange resolve_phi_sampling(int phisteps, double osc, double phistep);

// Divergence (rad) and dispersion (fraction): only-count gives range = 1.0 (1 rad, 100 %),
// count & range give step = range/(count-1) with count forced >= 2.
SampledRange resolve_divergence_sampling(int count, double range, double step);

// Detector thickness (m): only-count gives 0.5 um in `count` layers (unreachable from the CLI
// since the default thickness is 0, not negative); thickness alone gives 2 layers of T/2;
// thickness and count give step T/(count-1).
SampledRange resolve_thickness_sampling(int count, double thickness, double step);

// The C program's final sanity pass: a non-positive range, step or count means "off":
// count 1, range 0, step 0.
SampledRange sanitise(SampledRange r);

struct MosaicSampling {
    int domains;
    double spread_rad;
};
MosaicSampling resolve_mosaic_sampling(int domains, double spread_rad);

} // namespace nbsim
