#include "nbsim/orientation_table.h"

namespace nbsim {

namespace {

// a = U v, row by row (nanoBragg's rotate_umat).
Vec3 apply_umat(const Mat3& U, const Vec3& v) {
    return {U(0, 0) * v.x() + U(0, 1) * v.y() + U(0, 2) * v.z(),
            U(1, 0) * v.x() + U(1, 1) * v.y() + U(1, 2) * v.z(),
            U(2, 0) * v.x() + U(2, 1) * v.y() + U(2, 2) * v.z()};
}

struct Triple {
    Vec3 a, b, c;
};

OrientationTable make_table(const std::vector<Triple>& per_phi, const std::vector<bool>& carried,
                            const MosaicDomains& mosaic) {
    OrientationTable t;
    t.phisteps = static_cast<int>(per_phi.size());
    t.domains = mosaic.count();
    t.carried = carried;
    for (const Triple& p : per_phi) {
        t.ap.push_back(p.a);
        t.bp.push_back(p.b);
        t.cp.push_back(p.c);
        for (int m = 0; m < t.domains; ++m) {
            if (mosaic.active()) {
                const Mat3& U = mosaic.umats[static_cast<std::size_t>(m)];
                t.a.push_back(apply_umat(U, p.a));
                t.b.push_back(apply_umat(U, p.b));
                t.c.push_back(apply_umat(U, p.c));
            } else {
                t.a.push_back(p.a);
                t.b.push_back(p.b);
                t.c.push_back(p.c);
            }
        }
    }
    return t;
}

} // namespace

OrientationTables build_orientation_tables(const Crystal& x, const Scan& scan,
                                           const MosaicDomains& mosaic, PhiMode mode) {
    const Triple base{x.real_space_a_m, x.real_space_b_m, x.real_space_c_m};
    auto rotated = [&](int n) {
        const double phi = scan.angle_rad(n);
        return Triple{rotate_about_axis(base.a, scan.rotation_axis, phi),
                      rotate_about_axis(base.b, scan.rotation_axis, phi),
                      rotate_about_axis(base.c, scan.rotation_axis, phi)};
    };
    const int n_phi = scan.phisteps;
    OrientationTables out;

    if (mode == PhiMode::spec) {
        std::vector<Triple> per_phi;
        for (int n = 0; n < n_phi; ++n)
            per_phi.push_back(scan.angle_rad(n) == 0.0 ? base : rotated(n));
        out.steady =
            make_table(per_phi, std::vector<bool>(static_cast<std::size_t>(n_phi), false), mosaic);
        return out;
    }

    // c-parity: replay one pass of the phi loop from a given carried state.
    auto replay = [&](const Triple& carried_in, std::vector<bool>& carried) {
        std::vector<Triple> per_phi;
        Triple state = carried_in;
        carried.assign(static_cast<std::size_t>(n_phi), false);
        for (int n = 0; n < n_phi; ++n) {
            if (scan.angle_rad(n) != 0.0)
                state = rotated(n);
            else
                carried[static_cast<std::size_t>(n)] = true;
            per_phi.push_back(state);
        }
        return per_phi;
    };
    int last_rotated = -1;
    for (int n = 0; n < n_phi; ++n)
        if (scan.angle_rad(n) != 0.0)
            last_rotated = n;
    const Triple steady_in = last_rotated >= 0 ? rotated(last_rotated) : base;

    std::vector<bool> carried_steady, carried_first;
    const std::vector<Triple> steady = replay(steady_in, carried_steady);
    const std::vector<Triple> first = replay(base, carried_first);
    out.steady = make_table(steady, carried_steady, mosaic);
    bool differs = false;
    for (int n = 0; n < n_phi; ++n) {
        const std::size_t i = static_cast<std::size_t>(n);
        differs = differs || steady[i].a != first[i].a || steady[i].b != first[i].b ||
                  steady[i].c != first[i].c;
    }
    if (differs)
        out.first_pass = make_table(first, carried_first, mosaic);
    return out;
}

} // namespace nbsim
