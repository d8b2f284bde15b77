#include "physics_checks.h"

#include <math.h>

nbref_status nbref_check_orientation_matrix(const char* path, const double v[9], nbref_err* err) {
    /* det of the rows; the columns are a*, b*, c* */
    const double det = v[0] * (v[4] * v[8] - v[5] * v[7]) - v[1] * (v[3] * v[8] - v[5] * v[6]) +
                       v[2] * (v[3] * v[7] - v[4] * v[6]);
    const double as = sqrt(v[0] * v[0] + v[3] * v[3] + v[6] * v[6]);
    const double bs = sqrt(v[1] * v[1] + v[4] * v[4] + v[7] * v[7]);
    const double cs = sqrt(v[2] * v[2] + v[5] * v[5] + v[8] * v[8]);
    const double shape = fabs(det) / (as * bs * cs);
    int i, all_zero = 1;
    for (i = 0; i < 9; ++i)
        all_zero &= v[i] == 0.0;
    if (all_zero)
        return nbref_fail(err, NBREF_ERR_INPUT, "%s: orientation matrix is all zeros", path);
    if (!(shape >= NBREF_MIN_CELL_SHAPE))
        return nbref_fail(err, NBREF_ERR_INPUT,
                          "%s: singular orientation matrix (a*, b*, c* nearly coplanar: "
                          "|det| / (|a*| |b*| |c*|) = %.3g, below %g)",
                          path, isnan(shape) ? 0.0 : shape, NBREF_MIN_CELL_SHAPE);
    return NBREF_OK;
}

nbref_status nbref_check_wavelength(const nbref_sim* s, nbref_err* err) {
    const double lambda = s->beam.lambda0;
    const char* origin = "-lambda";
    if (lambda > 0.0 && isfinite(lambda))
        return NBREF_OK;
    /* flags were range-checked when parsed, so the value came from an SMV header */
    if (s->in.imginfilename)
        origin = s->in.imginfilename;
    else if (s->in.maskfilename)
        origin = s->in.maskfilename;
    return nbref_fail(err, NBREF_ERR_INPUT, "%s: wavelength %g A (WAVELENGTH must be positive)",
                      origin, lambda * 1e10);
}
