#include "nbsim/vec3.h"

#include <cmath>

namespace nbsim {

Vec3 rotate_xyz(const Vec3& v, double rx, double ry, double rz) {
    double x = v.x(), y = v.y(), z = v.z();
    if (rx != 0) {
        const double c = std::cos(rx), s = std::sin(rx);
        const double ny = y * c + z * (-s);
        const double nz = y * s + z * c;
        y = ny;
        z = nz;
    }
    if (ry != 0) {
        const double c = std::cos(ry), s = std::sin(ry);
        const double nx = x * c + y * 0.0 + z * s;
        const double nz = x * (-s) + y * 0.0 + z * c;
        x = nx;
        z = nz;
    }
    if (rz != 0) {
        const double c = std::cos(rz), s = std::sin(rz);
        const double nx = x * c + y * (-s);
        const double ny = x * s + y * c;
        x = nx;
        y = ny;
    }
    return {x, y, z};
}

Vec3 rotate_about_axis(const Vec3& v, const Vec3& u, double phi) {
    const double s = std::sin(phi);
    const double c = std::cos(phi);
    const double dot = (u.x() * v.x() + u.y() * v.y() + u.z() * v.z()) * (1.0 - c);
    return {u.x() * dot + v.x() * c + (-u.z() * v.y() + u.y() * v.z()) * s,
            u.y() * dot + v.y() * c + (+u.z() * v.x() - u.x() * v.z()) * s,
            u.z() * dot + v.z() * c + (-u.y() * v.x() + u.x() * v.y()) * s};
}

Vec3 unit_or_zero(const Vec3& v) {
    const double mag = std::sqrt(v.x() * v.x() + v.y() * v.y() + v.z() * v.z());
    if (mag == 0.0)
        return Vec3::Zero();
    return {v.x() / mag, v.y() / mag, v.z() / mag};
}

} // namespace nbsim
