// Helpers shared by the features_*_test.cpp files: hand-calculation vector algebra (the formulas of
// nanobragg_model.md written out independently of reference_c/), lookup of configuration and
// per-pixel trace events, and the small command lines the tests start from.
#pragma once

#include <catch2/catch.hpp>

#include <array>
#include <cmath>
#include <initializer_list>
#include <string>
#include <vector>

#include "ref_runner.h"

namespace feat {

// ---------------------------------------------------------------------------------------------
// Constants of the model (nanobragg_model.md §1.1)
constexpr double kPi = 3.14159265358979323846;
constexpr double kReSqr = 7.94079248018965e-30; // r_e^2, m^2
constexpr double kAvogadro = 6.02214179e23;
constexpr double kDefaultFluence = 125932015286227086360700780544.0; // §1.3

inline double rad(double deg) {
    return deg * kPi / 180.0;
}

// ---------------------------------------------------------------------------------------------
// 3-vectors and 3x3 matrices, for the hand calculations
using V3 = std::array<double, 3>;
using M3 = std::array<V3, 3>; // rows

inline V3 operator+(const V3& a, const V3& b) {
    return {a[0] + b[0], a[1] + b[1], a[2] + b[2]};
}
inline V3 operator-(const V3& a, const V3& b) {
    return {a[0] - b[0], a[1] - b[1], a[2] - b[2]};
}
inline V3 operator*(double k, const V3& a) {
    return {k * a[0], k * a[1], k * a[2]};
}
inline double dot(const V3& a, const V3& b) {
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}
inline V3 cross(const V3& a, const V3& b) {
    return {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
}
inline double norm(const V3& a) {
    return std::sqrt(dot(a, a));
}
inline V3 unit(const V3& a) {
    return (1.0 / norm(a)) * a;
}

inline V3 mul(const M3& m, const V3& v) {
    return {dot(m[0], v), dot(m[1], v), dot(m[2], v)};
}
inline M3 mul(const M3& a, const M3& b) {
    M3 r{};
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j)
            r[i][j] = a[i][0] * b[0][j] + a[i][1] * b[1][j] + a[i][2] * b[2][j];
    return r;
}
inline M3 transpose(const M3& m) {
    M3 r{};
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j)
            r[i][j] = m[j][i];
    return r;
}
inline double det(const M3& m) {
    return dot(m[0], cross(m[1], m[2]));
}

// Right-handed rotations about the lab axes (nanobragg_model.md §2.4), angles in degrees.
inline M3 Rx(double deg) {
    double c = std::cos(rad(deg)), s = std::sin(rad(deg));
    return {V3{1, 0, 0}, V3{0, c, -s}, V3{0, s, c}};
}
inline M3 Ry(double deg) {
    double c = std::cos(rad(deg)), s = std::sin(rad(deg));
    return {V3{c, 0, s}, V3{0, 1, 0}, V3{-s, 0, c}};
}
inline M3 Rz(double deg) {
    double c = std::cos(rad(deg)), s = std::sin(rad(deg));
    return {V3{c, -s, 0}, V3{s, c, 0}, V3{0, 0, 1}};
}
// rotate(v, rx, ry, rz) = Rz·Ry·Rx·v (§2.4, §5.5)
inline V3 rotate_xyz(const V3& v, double rx, double ry, double rz) {
    return mul(Rz(rz), mul(Ry(ry), mul(Rx(rx), v)));
}
// Rodrigues about a unit axis u (§3.2): v cos φ + (u×v) sin φ + u (u·v)(1 − cos φ)
inline V3 rodrigues(const V3& v, const V3& u, double deg) {
    double c = std::cos(rad(deg)), s = std::sin(rad(deg));
    return c * v + s * cross(u, v) + (dot(u, v) * (1 - c)) * u;
}

// ---------------------------------------------------------------------------------------------
// Events
inline nbref_indices at(int slow, int fast, int layer = -1, int sub_s = -1, int sub_f = -1,
                        int source = -1, int phi = -1, int mosaic = -1) {
    nbref_indices i;
    i.pixel_slow = slow, i.pixel_fast = fast, i.layer = layer, i.sub_s = sub_s, i.sub_f = sub_f;
    i.source = source, i.phi = phi, i.mosaic = mosaic;
    return i;
}
inline nbref_indices none() {
    return at(-1, -1);
}

inline bool same(const nbref_indices& a, const nbref_indices& b) {
    return a.pixel_slow == b.pixel_slow && a.pixel_fast == b.pixel_fast && a.layer == b.layer &&
           a.sub_s == b.sub_s && a.sub_f == b.sub_f && a.source == b.source && a.phi == b.phi &&
           a.mosaic == b.mosaic;
}

// All events with this key at exactly these indices (-1 must be -1).
inline std::vector<const nbtest::RefEvent*> all_at(const nbtest::RefResult& r,
                                                   const std::string& key, const nbref_indices& w) {
    std::vector<const nbtest::RefEvent*> out;
    for (const auto& e : r.events)
        if (e.key == key && same(e.idx, w))
            out.push_back(&e);
    return out;
}

// The single event with this key at exactly these indices.
inline std::vector<double> ev(const nbtest::RefResult& r, const std::string& key,
                              const nbref_indices& w) {
    auto found = all_at(r, key, w);
    INFO("event " << key << " at (" << w.pixel_slow << "," << w.pixel_fast << ") layer " << w.layer
                  << " sub " << w.sub_s << "," << w.sub_f << " source " << w.source << " phi "
                  << w.phi << " mosaic " << w.mosaic);
    REQUIRE(found.size() == 1);
    return found[0]->v;
}
inline double ev1(const nbtest::RefResult& r, const std::string& key, const nbref_indices& w) {
    auto v = ev(r, key, w);
    REQUIRE(v.size() == 1);
    return v[0];
}
inline V3 ev3(const nbtest::RefResult& r, const std::string& key, const nbref_indices& w) {
    auto v = ev(r, key, w);
    REQUIRE(v.size() == 3);
    return {v[0], v[1], v[2]};
}
// Configuration events (delivered once by nbref_create with no indices).
inline std::vector<double> cfg(const nbtest::RefResult& r, const std::string& key) {
    return ev(r, key, none());
}
inline double cfg1(const nbtest::RefResult& r, const std::string& key) {
    return ev1(r, key, none());
}
inline V3 cfg3(const nbtest::RefResult& r, const std::string& key) {
    return ev3(r, key, none());
}
// A pixel's final (pixel-level) value.
inline double fin(const nbtest::RefResult& r, const std::string& key, int slow, int fast) {
    return ev1(r, key, at(slow, fast));
}

// Vector comparison with an absolute tolerance per component.
inline void check_v3(const V3& got, const V3& want, double abs_tol) {
    INFO("got (" << got[0] << ", " << got[1] << ", " << got[2] << ") want (" << want[0] << ", "
                 << want[1] << ", " << want[2] << ")");
    for (int k = 0; k < 3; ++k)
        CHECK(std::fabs(got[k] - want[k]) <= abs_tol);
}
// Relative comparison: |got - want| <= rel * |want|.
inline void check_rel(double got, double want, double rel) {
    INFO("got " << got << " want " << want);
    CHECK(std::fabs(got - want) <= rel * std::fabs(want));
}

// ---------------------------------------------------------------------------------------------
// Running the engine
inline nbtest::RefResult run(const std::vector<std::string>& args,
                             std::vector<std::pair<int, int>> traced = {}, int threads = 1) {
    nbtest::RefOptions o;
    o.threads = threads;
    o.legacy_trace = false;
    o.extra_trace = std::move(traced);
    nbtest::RefResult r = nbtest::run_ref(args, o);
    INFO("engine error: " << r.error);
    REQUIRE(r.status == NBREF_OK);
    return r;
}

inline std::vector<std::string> plus(std::vector<std::string> v,
                                     std::initializer_list<std::string> extra) {
    v.insert(v.end(), extra.begin(), extra.end());
    return v;
}

// A cubic crystal (default_F, N = 1 unless added), MOSFLM, lambda 1 A, oversample 1 (the automatic
// oversample would depend on the crystal size), a small detector.
inline std::vector<std::string> cubic(double cell_A = 100, int pixels = 8, double pixel_mm = 0.1,
                                      double distance_mm = 100) {
    const std::string a = std::to_string(cell_A);
    return {"-cell",
            a,
            a,
            a,
            "90",
            "90",
            "90",
            "-default_F",
            "1",
            "-lambda",
            "1",
            "-pixel",
            std::to_string(pixel_mm),
            "-distance",
            std::to_string(distance_mm),
            "-detpixels",
            std::to_string(pixels),
            "-oversample",
            "1",
            "-noprogress"};
}

// MOSFLM default geometry of an n x n detector without rotations (§5.2, §5.7):
//   Xbeam = Ybeam = (n px + px)/2, Fbeam = Sbeam = Xbeam + px/2 = n px/2 + px,
//   pix0 = -Fbeam f - Sbeam s + distance b with f = (0,0,1), s = (0,-1,0), b = (1,0,0)
//        = (distance, n px/2 + px, -(n px/2 + px)).
struct Mosflm {
    double px, dist;
    int n;
    V3 f{0, 0, 1}, s{0, -1, 0}, o{1, 0, 0}, b{1, 0, 0};
    Mosflm(double px_m, double dist_m, int pixels) : px(px_m), dist(dist_m), n(pixels) {}
    double beam() const { return n * px / 2 + px; }
    V3 pix0() const { return {dist, beam(), -beam()}; }
    // centre of sub-pixel (subS, subF) of pixel (slow, fast), layer offset Odet (§5.9)
    V3 pos(int slow, int fast, int os = 1, int subS = 0, int subF = 0, double Odet = 0) const {
        double sub = px / os;
        double Fdet = sub * (fast * os + subF) + sub / 2;
        double Sdet = sub * (slow * os + subS) + sub / 2;
        return pix0() + Fdet * f + Sdet * s + Odet * o;
    }
};

} // namespace feat
