#include "physics.h"

#include <math.h>

#include "vec3.h"

double nbref_sincg(double x, double N) {
    if (x == 0.0)
        return N;
    return sin(x * N) / sin(x);
}

double nbref_sinc3(double x) {
    if (x == 0.0)
        return 1.0;
    return 3.0 * (sin(x) / x - cos(x)) / (x * x);
}

double nbref_polarization_factor(double kahn_factor, double* incident, double* diffracted,
                                 double* axis) {
    double cos2theta, cos2theta_sqr, sin2theta_sqr;
    double psi = 0;
    double E_in[4], B_in[4];
    double E_out, B_out;

    nbref_unitize(incident, incident);
    nbref_unitize(diffracted, diffracted);
    nbref_unitize(axis, axis);

    cos2theta = nbref_dot_product(incident, diffracted);
    cos2theta_sqr = cos2theta * cos2theta;
    sin2theta_sqr = 1 - cos2theta_sqr;

    if (kahn_factor != 0.0) {
        /* B_in: normal to the polarization axis and the beam; E_in: the E-vector, normal to both */
        nbref_cross_product(axis, incident, B_in);
        nbref_unitize(B_in, B_in);
        nbref_cross_product(incident, B_in, E_in);
        nbref_unitize(E_in, E_in);
        /* angle of the diffracted ray projected onto the incident E-B plane */
        E_out = nbref_dot_product(diffracted, E_in);
        B_out = nbref_dot_product(diffracted, B_in);
        psi = -atan2(B_out, E_out);
    }
    return 0.5 * (1.0 + cos2theta_sqr - kahn_factor * cos(2 * psi) * sin2theta_sqr);
}
