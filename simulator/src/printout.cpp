#include "printout.h"

#include <cmath>
#include <cstdio>
#include <string>

namespace nbsim {

namespace {

// The record of `key` for `pixel` latest in loop order (indices compare in loop order).
const nbtrace::Record* last_of(const std::vector<nbtrace::Record>& rs, const char* key,
                               PixelIndex pixel) {
    const nbtrace::Record* best = nullptr;
    for (const nbtrace::Record& r : rs) {
        if (r.key != key || r.idx.pixel_slow != pixel.slow || r.idx.pixel_fast != pixel.fast)
            continue;
        if (!best || best->idx < r.idx || best->idx == r.idx)
            best = &r;
    }
    return best;
}

double value(const nbtrace::Record* r, std::size_t i = 0) {
    return r && i < r->values.size() ? r->values[i] : 0.0;
}

} // namespace

void print_printout_block(const Experiment& ex, const std::vector<nbtrace::Record>& rs,
                          PixelIndex p, std::ostream& out) {
    const nbtrace::Record* pos = last_of(rs, "pixel_pos", p);
    const nbtrace::Record* stol = last_of(rs, "stol", p);
    const nbtrace::Record* hkl = last_of(rs, "hkl_frac", p);
    const nbtrace::Record* hkl0 = last_of(rs, "hkl_rounded", p);
    const nbtrace::Record* fcell = last_of(rs, "F_cell", p);
    const nbtrace::Record* flatt = last_of(rs, "F_latt", p);
    const nbtrace::Record* I = last_of(rs, "I_before_scaling", p);
    const nbtrace::Record* polar = last_of(rs, "polar", p);
    const nbtrace::Record* omega = last_of(rs, "omega_pixel", p);
    const nbtrace::Record* capture = last_of(rs, "capture_fraction", p);
    const nbtrace::Record* image = last_of(rs, "image_value", p);
    const nbtrace::Record* a = last_of(rs, "a_rot", p);
    const nbtrace::Record* b = last_of(rs, "b_rot", p);
    const nbtrace::Record* c = last_of(rs, "c_rot", p);
    char buf[256];
    // The second stol is sin(theta)/lambda0 in 1/A with 2theta measured from +x (C's formula).
    const double x = value(pos, 0), y = value(pos, 1), z = value(pos, 2);
    const double twotheta = std::atan2(std::sqrt(y * y + z * z), x);
    std::snprintf(buf, sizeof buf, "%4d %4d : stol = %g or %g\n", p.fast, p.slow, value(stol),
                  std::sin(twotheta / 2.0) / (ex.beam.wavelength_m * 1e10));
    out << buf;
    std::snprintf(buf, sizeof buf, "at %g %g %g\n", x, y, z);
    out << buf;
    std::snprintf(buf, sizeof buf, "hkl= %f %f %f  hkl0= %d %d %d\n", value(hkl, 0), value(hkl, 1),
                  value(hkl, 2), static_cast<int>(value(hkl0, 0)), static_cast<int>(value(hkl0, 1)),
                  static_cast<int>(value(hkl0, 2)));
    out << buf;
    std::snprintf(buf, sizeof buf, " F_cell=%g  F_latt=%g   I = %g\n", value(fcell), value(flatt),
                  value(I));
    out << buf;
    std::snprintf(buf, sizeof buf, "I/steps %15.10g\n", value(I) / ex.sampling.steps);
    out << buf;
    std::snprintf(buf, sizeof buf, "polar   %15.10g\nomega   %15.10g\ncapfrac %15.10g\n",
                  value(polar), value(omega), value(capture));
    out << buf;
    std::snprintf(buf, sizeof buf, "pixel   %15.10g\n", value(image));
    out << buf;
    out << "real-space cell vectors (Angstrom):\n";
    std::snprintf(buf, sizeof buf, "     %-10s  %-10s  %-10s\n", "a", "b", "c");
    out << buf;
    const char* axis[3] = {"X", "Y", "Z"};
    for (int i = 0; i < 3; ++i) {
        std::snprintf(buf, sizeof buf, "%s: %11.8f %11.8f %11.8f\n", axis[i],
                      value(a, static_cast<std::size_t>(i)), value(b, static_cast<std::size_t>(i)),
                      value(c, static_cast<std::size_t>(i)));
        out << buf;
    }
}

} // namespace nbsim
