// The dtype matrix on constructed records: a parity difference no larger than twice the key's
// own float32-vs-float64 change is within precision, a larger one (or one on a key the side run
// in both did not print) is logic.
#include "nbdiag/dtype_matrix.h"

#include "record_builders.h"

#include <catch2/catch.hpp>

using namespace nbdiag;
using nbdiagtest::at;
using nbdiagtest::Sides;

TEST_CASE("each failing row labelled against its key's dtype sensitivity", "[dtype]") {
    // the side under test in float64 and float32: I_pixel_final moves by 1e-6, polar by 1e-7
    const double i64 = 446.254110667806, p64 = 0.912575818665327;
    std::vector<nbtrace::Record> f64, f32;
    const auto both = [&](const char* key, double v64, double v32) {
        f64.push_back(nbtrace::make_record(nbtrace::Side::simulator, key, at(), {v64}));
        f32.push_back(nbtrace::make_record(nbtrace::Side::simulator, key, at(), {v32}));
    };
    both("I_pixel_final", i64, i64 * (1 + 1e-6));
    both("polar", p64, p64 * (1 + 1e-7));
    // the parity diff (rtol 1e-6): I_pixel_final off by 1.5e-6 (within 2 x 1e-6), polar by
    // 1e-3 (logic),
    // omega_pixel not printed by the side in float32
    Sides s;
    s.add("I_pixel_final", at(), {i64}, {i64 * (1 + 1.5e-6)});
    s.add("polar", at(), {p64}, {p64 * 1.001});
    s.add("omega_pixel", at(), {4.15867865980257e-07}, {4.15867865980257e-07 * 1.01});
    const DtypeMatrix m = dtype_matrix(s.diff(), "simulator", "float32", f64, f32);
    REQUIRE(m.rows.size() == 3);
    CHECK(m.within_precision == 1);
    CHECK(m.logic == 2);
    for (const DtypeRow& r : m.rows) {
        INFO(r.key);
        CHECK(r.within_precision == (r.key == "I_pixel_final"));
        if (r.key == "I_pixel_final")
            CHECK(*r.sensitivity == Approx(1e-6).epsilon(1e-6));
        if (r.key == "omega_pixel")
            CHECK_FALSE(r.sensitivity);
    }
    CHECK(render_dtype_matrix(m).find("| omega_pixel | pixel(s=10,f=20) | 0.01 | not printed | "
                                      "logic |") != std::string::npos);
}

TEST_CASE("a value the side prints once per pixel is looked up at its own indices", "[dtype]") {
    // the PyTorch port prints close_distance once per pixel; the reference per sub-pixel: the
    // diff compares the port's one value at each of the reference's sub-pixels, and the port's
    // sensitivity is that of its one value (0.1 m moved by 1.49e-8 in float32: 0.1f)
    nbtrace::Indices sub = at();
    sub.layer = 0;
    sub.sub_s = 0;
    sub.sub_f = 1;
    const double d64 = 0.1, d32 = static_cast<float>(0.1);
    Sides s;
    s.a.push_back(nbtrace::make_record(nbtrace::Side::reference, "close_distance", sub, {d64}));
    s.b.push_back(nbtrace::make_record(nbtrace::Side::simulator, "close_distance", at(), {d32}));
    const std::vector<nbtrace::Record> f64 = {
        nbtrace::make_record(nbtrace::Side::simulator, "close_distance", at(), {d64})};
    const std::vector<nbtrace::Record> f32 = {
        nbtrace::make_record(nbtrace::Side::simulator, "close_distance", at(), {d32})};
    const DtypeMatrix m = dtype_matrix(s.diff(), "port", "float32", f64, f32);
    REQUIRE(m.rows.size() == 1);
    CHECK(m.rows[0].idx == sub); // the row is the reference's sub-pixel
    REQUIRE(m.rows[0].sensitivity);
    // |0.1f - 0.1| / 0.1 = 1.49e-8, and the parity difference is that very change
    CHECK(*m.rows[0].sensitivity == Approx(std::fabs(d32 - d64) / d64).epsilon(1e-12));
    CHECK(m.rows[0].within_precision);
}

TEST_CASE("in a float64 run a difference is within precision only at the float64 level",
          "[dtype]") {
    // the port's oversample_sources_polar I_pixel_final: 1.8e-5 off in the float64 run, while
    // float32 moves it by 1.4e-5. Both sides computed in double: the precision the key can lose
    // there is 1.4e-5 x 2^-29 = 2.6e-14, so 1.8e-5 is logic; 3e-14 is within 2 x that
    const double i64 = 33.0274125857844;
    const std::vector<nbtrace::Record> f64 = {
        nbtrace::make_record(nbtrace::Side::simulator, "I_pixel_final", at(), {i64})};
    const std::vector<nbtrace::Record> f32 = {nbtrace::make_record(
        nbtrace::Side::simulator, "I_pixel_final", at(), {i64 * (1 + 1.4e-5)})};
    for (const double off : {1.8e-5, 3e-14}) {
        Sides s;
        s.add("I_pixel_final", at(), {i64}, {i64 * (1 + off)});
        nbtrace::DiffOptions exact;
        exact.rtol = 1e-15; // fail the row whatever its size, to have it labelled
        const DtypeMatrix m64 =
            dtype_matrix(nbtrace::diff_traces(s.a, s.b, exact), "port", "float64", f64, f32);
        const DtypeMatrix m32 =
            dtype_matrix(nbtrace::diff_traces(s.a, s.b, exact), "port", "float32", f64, f32);
        INFO("off by " << off);
        REQUIRE(m64.rows.size() == 1);
        CHECK(m64.dtype == "float64");
        CHECK(m64.rows[0].within_precision == (off < 1e-10));
        CHECK(m32.rows[0].within_precision); // 1.8e-5 <= 2 x 1.4e-5 in a float32 run
    }
}
