// The (phi step x mosaic domain) orientation table, computed once per run.
//
// For phi step n and mosaic domain m the kernel uses
//   ap_n = R_axis(phi_n) a0            (spindle rotation, Rodrigues)
//   a_nm = U_m ap_n  if the mosaic spread is > 0, else ap_n
// and the same for b and c. Per pixel only the dot products with q remain.
//
// C-PARITY-001 (--phi-mode c-parity): the C program rotates only when phi_n != 0.0 exactly and
// otherwise keeps whatever its OpenMP thread last rotated. Every pass (one run of the phi loop)
// runs the same phi sequence, so the state carried into a pass is the same for every pass
// except the thread's very first:
//   first pass    carried state = the unrotated a0
//   later passes  carried state = R(phi_last) a0, phi_last = the last step whose angle != 0
// and inside a pass a zero-angle step reuses the previous step's vectors (or the carried state
// for the leading zero steps). Two tables therefore describe the emulation completely; nothing
// is stored per pixel (memory O(phi x mosaic)). In spec mode there is one table, with a fresh
// rotation at every step (phi = 0 -> a0).
#pragma once

#include "nbsim/crystal.h"
#include "nbsim/enums.h"
#include "nbsim/mosaic.h"
#include "nbsim/scan.h"

#include <optional>
#include <vector>

namespace nbsim {

struct OrientationTable {
    int phisteps = 0;
    int domains = 0;
    // Per phi step: the spindle-rotated vectors actually used (metres).
    std::vector<Vec3> ap, bp, cp;
    // Per (phi step n, domain m), index n * domains + m: the vectors used for h, k, l (metres).
    std::vector<Vec3> a, b, c;
    // Per phi step: true when the vectors were carried over instead of rotated (c-parity).
    std::vector<bool> carried;

    int entries() const { return phisteps * domains; }
};

struct OrientationTables {
    OrientationTable steady;                    // every pass except a thread's first
    std::optional<OrientationTable> first_pass; // c-parity only, and only when it differs
};

OrientationTables build_orientation_tables(const Crystal& crystal, const Scan& scan,
                                           const MosaicDomains& mosaic, PhiMode mode);

} // namespace nbsim
