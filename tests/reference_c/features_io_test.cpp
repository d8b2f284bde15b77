// Input/output features that no golden exercises, checked against values derived by hand from
// nanobragg_model.md §7 and c_reference_behaviour.md §6 (float/SMV/PGM/noise files, -roi, -mask,
// -img header seeding, -printout_pixel and -trace_pixel index order). Pixel values of the derived
// images are computed here from the float image with the documented formulas; header values from
// the hand geometry of §5.
//
// Tolerances: file bytes and integer pixels exactly; header numbers as printed by %g (exact
// strings); the noise photon total within 5 sigma of the float sum (a fixed seed makes it
// deterministic).
#include <catch2/catch.hpp>

#include <cstdint>
#include <cstring>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "common/golden_paths.h"
#include "common/run_command.h"
#include "features_util.h"

using namespace feat;
using nbtest::fs::path;

namespace {

// Runs with all output files in `dir` (absolute paths), so nothing lands in the cwd. The file
// names come first: -pgmfile/-noisefile switch their file on, so a -nopgm/-nonoise in `args`
// must come after them to win (argv order, as in the C program).
nbtest::RefResult run_out(const path& dir, const std::vector<std::string>& args,
                          std::vector<std::pair<int, int>> traced = {}) {
    std::vector<std::string> all{
        "-floatfile", (dir / "float.bin").string(), "-intfile",   (dir / "int.img").string(),
        "-pgmfile",   (dir / "image.pgm").string(), "-noisefile", (dir / "noise.img").string()};
    all.insert(all.end(), args.begin(), args.end());
    nbtest::RefOptions o;
    o.threads = 1;
    o.legacy_trace = false;
    o.write_outputs = true;
    o.extra_trace = std::move(traced);
    nbtest::RefResult r = nbtest::run_ref(all, o);
    INFO("engine error: " << r.error);
    REQUIRE(r.status == NBREF_OK);
    return r;
}

// 6 fast x 4 slow pixels of 0.1 mm at 100 mm (MOSFLM), or of 1 mm at 10 mm (larger angles).
std::vector<std::string> six_by_four(const std::string& pixel_mm = "0.1",
                                     const std::string& distance_mm = "100") {
    return {"-cell",  "100",         "100",       "100",          "90", "90",
            "90",     "-default_F",  "1",         "-lambda",      "1",  "-pixel",
            pixel_mm, "-distance",   distance_mm, "-detpixels_x", "6",  "-detpixels_y",
            "4",      "-oversample", "1",         "-noprogress"};
}

std::vector<uint16_t> smv_pixels(const std::string& bytes, size_t n) {
    REQUIRE(bytes.size() == 512 + 2 * n);
    std::vector<uint16_t> v(n);
    std::memcpy(v.data(), bytes.data() + 512, 2 * n);
    return v;
}

// KEY=value pairs of an SMV header, in order.
std::vector<std::pair<std::string, std::string>> smv_keys(const std::string& header) {
    std::vector<std::pair<std::string, std::string>> out;
    std::istringstream in(header);
    std::string line;
    while (std::getline(in, line)) {
        auto eq = line.find('=');
        if (eq == std::string::npos)
            continue;
        std::string value = line.substr(eq + 1);
        if (!value.empty() && value.back() == ';')
            value.pop_back();
        out.emplace_back(line.substr(0, eq), value);
    }
    return out;
}

std::string smv_header(int fast, int slow, const std::string& extra) {
    std::string h =
        "{\nHEADER_BYTES=512;\nDIM=2;\nBYTE_ORDER=little_endian;\nTYPE=unsigned_short;\n"
        "SIZE1=" +
        std::to_string(fast) + ";\nSIZE2=" + std::to_string(slow) + ";\n" + extra + "}\f";
    h.resize(512, ' ');
    return h;
}

void write_file(const path& p, const std::string& text) {
    std::ofstream out(p, std::ios::binary);
    out << text;
}

float max_of(const std::vector<float>& v) {
    float m = 0;
    for (float x : v)
        if (x > m)
            m = x;
    return m;
}

} // namespace

TEST_CASE("float file: raw float32, slow-major, fast fastest", "[reference][features]") {
    nbtest::TempDir dir("features_float");
    auto r = run_out(dir.path(), plus(six_by_four(), {"-nonoise", "-nopgm"}), {{1, 4}});
    const std::string bytes = nbtest::read_bytes(dir.path() / "float.bin");
    REQUIRE(bytes.size() == 6 * 4 * 4); // no header
    CHECK(std::memcmp(bytes.data(), r.image.data(), bytes.size()) == 0);
    // pixel (slow 1, fast 4) is float number 1*6 + 4 = 10, and it is the traced value
    float v10;
    std::memcpy(&v10, bytes.data() + 10 * 4, 4);
    CHECK(v10 == static_cast<float>(fin(r, "I_pixel_final", 1, 4)));
    CHECK(v10 > 0);
    // and the hand position of that pixel: pix0 = (0.1, 0.0003, -0.0004) for 6 fast x 4 slow
    // (Sbeam = (0.4 + 0.1)/2 + 0.05 = 0.3 mm, Fbeam = (0.6 + 0.1)/2 + 0.05 = 0.4 mm);
    // centre = pix0 + 4.5 px f + 1.5 px s = (0.1, 0.00015, 0.00005)
    check_v3(ev3(r, "pixel_pos", at(1, 4, 0, 0, 0)), {0.1, 0.00015, 0.00005}, 1e-15);
}

TEST_CASE("SMV int file: header keys and values", "[reference][features]") {
    nbtest::TempDir dir("features_smv");
    run_out(dir.path(), plus(six_by_four(),
                             {"-phi", "10", "-osc", "2", "-phisteps", "1", "-nonoise", "-nopgm"}));
    const std::string bytes = nbtest::read_bytes(dir.path() / "int.img");
    REQUIRE(bytes.size() == 512 + 2 * 24);
    const std::string header = bytes.substr(0, 512);
    // MOSFLM, 6 fast x 4 slow of 0.1 mm (§5.2, §5.8, §7.2):
    //   Xbeam = (0.4 + 0.1)/2 = 0.25, Ybeam = (0.6 + 0.1)/2 = 0.35, Sbeam = 0.3, Fbeam = 0.4 mm
    //   ADXV = (Fbeam, detsize_s - Sbeam) = (0.4, 0.1); MOSFLM = (Sbeam - px/2, Fbeam - px/2)
    //   = (0.25, 0.35); DENZO = (Sbeam, Fbeam) = (0.3, 0.4);
    //   pix0 = (0.1, 0.0003, -0.0004) m -> DIALS origin 1000 (pix0_z, pix0_y, -pix0_x)
    //   = (-0.4, 0.3, -100) mm; ORGX = 0.4/0.1 + 0.5 = 4.5, ORGY = 0.3/0.1 + 0.5 = 3.5
    const std::vector<std::pair<std::string, std::string>> want{{"HEADER_BYTES", "512"},
                                                                {"DIM", "2"},
                                                                {"BYTE_ORDER", "little_endian"},
                                                                {"TYPE", "unsigned_short"},
                                                                {"SIZE1", "6"},
                                                                {"SIZE2", "4"},
                                                                {"PIXEL_SIZE", "0.1"},
                                                                {"DISTANCE", "100"},
                                                                {"WAVELENGTH", "1"},
                                                                {"BEAM_CENTER_X", "0.25"},
                                                                {"BEAM_CENTER_Y", "0.35"},
                                                                {"ADXV_CENTER_X", "0.4"},
                                                                {"ADXV_CENTER_Y", "0.1"},
                                                                {"MOSFLM_CENTER_X", "0.25"},
                                                                {"MOSFLM_CENTER_Y", "0.35"},
                                                                {"DENZO_X_BEAM", "0.3"},
                                                                {"DENZO_Y_BEAM", "0.4"},
                                                                {"DIALS_ORIGIN", "-0.4,0.3,-100"},
                                                                {"XDS_ORGX", "4.5"},
                                                                {"XDS_ORGY", "3.5"},
                                                                {"CLOSE_DISTANCE", "100"},
                                                                {"PHI", "10"},
                                                                {"OSC_START", "10"},
                                                                {"OSC_RANGE", "2"},
                                                                {"TWOTHETA", "0"},
                                                                {"DETECTOR_SN", "000"},
                                                                {"BEAMLINE", "fake"}};
    CHECK(smv_keys(header) == want);
    CHECK(header.rfind("{\nHEADER_BYTES=512;\n", 0) == 0);
    CHECK(header.find("DIALS_ORIGIN=-0.4,0.3,-100\n") != std::string::npos); // no ';'
    const size_t end = header.find("}\f");
    REQUIRE(end != std::string::npos);
    CHECK(header.find_first_not_of(' ', end + 2) == std::string::npos); // padded with spaces

    SECTION("DISTANCE with -twotheta 10 is close_distance/r = 100 cos 10 = 98.4808 mm") {
        nbtest::TempDir d2("features_smv_2theta");
        run_out(d2.path(), plus(six_by_four(), {"-twotheta", "10", "-nonoise", "-nopgm"}));
        std::map<std::string, std::string> kv;
        for (auto& p : smv_keys(nbtest::read_bytes(d2.path() / "int.img").substr(0, 512)))
            kv[p.first] = p.second;
        CHECK(kv["DISTANCE"] == "98.4808");
        CHECK(kv["CLOSE_DISTANCE"] == "98.4808");
        CHECK(kv["TWOTHETA"] == "10");
    }
}

TEST_CASE("SMV int file pixels: floorf(v scale + adc + 0.5) clipped to 0..65535",
          "[reference][features]") {
    // 1 mm pixels at 10 mm so the pixel values differ by ~25 % across the detector
    nbtest::TempDir dir("features_int");
    auto expect = [](float v, double scale, double adc) {
        double t = v * scale + adc;
        if (t > 65535)
            t = 65535;
        if (t < 0)
            t = 0;
        return static_cast<uint16_t>(std::floor(static_cast<float>(t + 0.5)));
    };
    SECTION("default: scale = 55000/max, adc 40; the brightest pixel is 55040") {
        auto r = run_out(dir.path(), plus(six_by_four("1", "10"), {"-nonoise", "-nopgm"}));
        auto px = smv_pixels(nbtest::read_bytes(dir.path() / "int.img"), 24);
        const double scale = 55000.0 / max_of(r.image);
        int at_max = 0;
        for (size_t i = 0; i < 24; ++i) {
            INFO("pixel " << i);
            CHECK(px[i] == expect(r.image[i], scale, 40));
            at_max += px[i] == 55040;
        }
        CHECK(at_max >= 1);
    }
    SECTION("-scale 60000 -adc 65000: some pixels clip at 65535") {
        auto r = run_out(dir.path(), plus(six_by_four("1", "10"), {"-scale", "60000", "-adc",
                                                                   "65000", "-nonoise", "-nopgm"}));
        auto px = smv_pixels(nbtest::read_bytes(dir.path() / "int.img"), 24);
        int clipped = 0;
        for (size_t i = 0; i < 24; ++i) {
            CHECK(px[i] == expect(r.image[i], 60000, 65000));
            clipped += px[i] == 65535;
        }
        CHECK(clipped >= 1);
        CHECK(clipped < 24);
    }
    SECTION("-adc -50 with -scale 1: negative values clip at 0") {
        run_out(dir.path(),
                plus(six_by_four("1", "10"), {"-scale", "1", "-adc", "-50", "-nonoise", "-nopgm"}));
        for (auto v : smv_pixels(nbtest::read_bytes(dir.path() / "int.img"), 24))
            CHECK(v == 0);
    }
}

TEST_CASE("PGM file: header, truncation, -pgmscale (which does not set -scale)",
          "[reference][features]") {
    nbtest::TempDir dir("features_pgm");
    SECTION("-pgmscale 1000") {
        auto r =
            run_out(dir.path(), plus(six_by_four("1", "10"), {"-pgmscale", "1000", "-nonoise"}));
        const std::string pgm = nbtest::read_bytes(dir.path() / "image.pgm");
        const std::string head = "P5\n6 4\n# pixels scaled by 1000\n255\n";
        REQUIRE(pgm.size() == head.size() + 24);
        CHECK(pgm.substr(0, head.size()) == head);
        int fraction_above_half = 0;
        for (size_t i = 0; i < 24; ++i) {
            double t = r.image[i] * 1000.0; // ~6..10: truncation, not rounding
            CHECK(static_cast<unsigned char>(pgm[head.size() + i]) ==
                  static_cast<unsigned char>(static_cast<int>(t > 255 ? 255 : t)));
            fraction_above_half += t - std::floor(t) > 0.5;
        }
        CHECK(fraction_above_half >= 1); // rounding would differ there
        // -pgmscale does NOT set the SMV scale (c_reference_behaviour.md Q1 says it does; the
        // real C program, run here with the same flags, prints intfile_scale = 55000/max_I and
        // pgm_scale = 1000): the int image keeps 55000/max, so its brightest pixel is 55040
        auto px = smv_pixels(nbtest::read_bytes(dir.path() / "int.img"), 24);
        const double auto_scale = 55000.0 / max_of(r.image);
        for (size_t i = 0; i < 24; ++i)
            CHECK(px[i] == static_cast<uint16_t>(
                               std::floor(static_cast<float>(r.image[i] * auto_scale + 40 + 0.5))));
    }
    SECTION("-pgmscale 30000 clips at 255") {
        auto r =
            run_out(dir.path(), plus(six_by_four("1", "10"), {"-pgmscale", "30000", "-nonoise"}));
        const std::string pgm = nbtest::read_bytes(dir.path() / "image.pgm");
        const size_t h = std::string("P5\n6 4\n# pixels scaled by 30000\n255\n").size();
        int clipped = 0;
        for (size_t i = 0; i < 24; ++i) {
            double t = r.image[i] * 30000.0;
            CHECK(static_cast<unsigned char>(pgm[h + i]) == (t >= 255 ? 255 : (int)t));
            clipped += t > 255;
        }
        CHECK(clipped >= 1);
        CHECK(clipped < 24);
    }
    SECTION("default scale 250/(5 rmsd)") {
        auto r = run_out(dir.path(), plus(six_by_four("1", "10"), {"-nonoise"}));
        // §7.6: rmsd = sqrt(sum (x - mean)^2/(N - 1)) over the 24 pixels
        double mean = 0, ss = 0;
        for (float v : r.image)
            mean += v / 24.0;
        for (float v : r.image)
            ss += (v - mean) * (v - mean);
        const double scale = 250 / (5 * std::sqrt(ss / 23));
        const std::string pgm = nbtest::read_bytes(dir.path() / "image.pgm");
        const std::string prefix = "P5\n6 4\n# pixels scaled by ";
        REQUIRE(pgm.rfind(prefix, 0) == 0);
        check_rel(std::stod(pgm.substr(prefix.size())), scale, 1e-5); // printed with %g
    }
}

TEST_CASE("noise file with -seed: reproducible Poisson image", "[reference][features]") {
    // ~1000 photons per pixel: fluence 1.6e34 at 1 mm / 10 mm (r_e^2 fl omega polar ~ 1e3)
    auto args = plus(six_by_four("1", "10"), {"-fluence", "1.6e34", "-nopgm"});
    nbtest::TempDir a("features_noise_a"), b("features_noise_b"), c("features_noise_c");
    auto ra = run_out(a.path(), plus(args, {"-seed", "7"}));
    run_out(b.path(), plus(args, {"-seed", "7"}));
    run_out(c.path(), plus(args, {"-seed", "8"}));
    const std::string na = nbtest::read_bytes(a.path() / "noise.img");
    CHECK(na == nbtest::read_bytes(b.path() / "noise.img"));
    CHECK(na != nbtest::read_bytes(c.path() / "noise.img"));
    // same header as the int image; pixels = Poisson count + adc 40 (truncated)
    CHECK(na.substr(0, 512) == nbtest::read_bytes(a.path() / "int.img").substr(0, 512));
    double photons = 0, expected = 0;
    for (auto v : smv_pixels(na, 24)) {
        CHECK(v >= 40);
        photons += v - 40;
    }
    for (float v : ra.image)
        expected += v;
    REQUIRE(expected > 1e4);
    CHECK(std::fabs(photons - expected) <= 5 * std::sqrt(expected));
    std::ostringstream line;
    line << static_cast<long>(photons) << " photons on noise image";
    CHECK(ra.log.find(line.str()) != std::string::npos);
}

TEST_CASE("nonoise and nopgm suppress those files, in argv order", "[reference][features]") {
    nbtest::TempDir dir("features_files");
    run_out(dir.path(), plus(six_by_four(), {"-nonoise", "-nopgm"}));
    CHECK(nbtest::files_in(dir.path()) == std::vector<std::string>{"float.bin", "int.img"});
    // the file flags switch their file back on: -nonoise before -noisefile is overridden
    nbtest::TempDir late("features_files_late");
    nbtest::RefOptions o;
    o.threads = 1;
    o.legacy_trace = false;
    o.write_outputs = true;
    auto args = plus(six_by_four(),
                     {"-nonoise", "-nopgm", "-floatfile", (late.path() / "float.bin").string(),
                      "-intfile", (late.path() / "int.img").string(), "-noisefile",
                      (late.path() / "noise.img").string()});
    REQUIRE(nbtest::run_ref(args, o).status == NBREF_OK);
    CHECK(nbtest::files_in(late.path()) ==
          std::vector<std::string>{"float.bin", "int.img", "noise.img"});
    nbtest::TempDir all("features_files_all");
    run_out(all.path(), six_by_four());
    CHECK(nbtest::files_in(all.path()) ==
          std::vector<std::string>{"float.bin", "image.pgm", "int.img", "noise.img"});
}

TEST_CASE("roi xmin xmax ymin ymax: fast/slow, inclusive, zero outside in every output",
          "[reference][features]") {
    nbtest::TempDir dir("features_roi");
    auto r = run_out(dir.path(), plus(six_by_four(), {"-roi", "1", "2", "0", "3", "-nopgm"}));
    CHECK(cfg(r, "roi") == std::vector<double>{1, 2, 0, 3});
    auto ints = smv_pixels(nbtest::read_bytes(dir.path() / "int.img"), 24);
    auto noise = smv_pixels(nbtest::read_bytes(dir.path() / "noise.img"), 24);
    for (int s = 0; s < 4; ++s)
        for (int f = 0; f < 6; ++f) {
            INFO("pixel " << s << "," << f);
            const bool inside = f >= 1 && f <= 2; // x = fast 1..2, y = slow 0..3, bounds included
            CHECK((r.pixel(s, f) > 0) == inside);
            CHECK((ints[s * 6 + f] >= 40) == inside); // outside: 0, not the adc offset
            CHECK((noise[s * 6 + f] >= 40) == inside);
        }
}

TEST_CASE("mask: zero pixels skipped, its header seeds the geometry with Y flipped",
          "[reference][features]") {
    nbtest::TempDir dir("features_mask");
    // 6 x 4 mask, zeros at (s 0, f 0), (s 2, f 3), (s 3, f 5)
    std::vector<uint16_t> m(24, 1);
    m[0 * 6 + 0] = m[2 * 6 + 3] = m[3 * 6 + 5] = 0;
    std::string data(reinterpret_cast<const char*>(m.data()), 48);
    const path mask = dir.path() / "mask.img";
    write_file(mask, smv_header(6, 4, "PIXEL_SIZE=0.1;\nBEAM_CENTER_X=0.2;\nBEAM_CENTER_Y=0.1;\n") +
                         data);
    auto r = run({"-cell", "100", "100", "100", "90", "90", "90", "-default_F", "1", "-distance",
                  "100", "-oversample", "1", "-noprogress", "-mask", mask.string()},
                 {{2, 3}, {1, 1}});
    CHECK(cfg(r, "detpixels") == std::vector<double>{4, 6}); // slow, fast from SIZE2, SIZE1
    // §7.8: Xbeam = 0.2 mm; from a mask Ybeam = detsize_s - 0.1 = 0.4 - 0.1 = 0.3 mm
    check_rel(cfg1(r, "Xbeam"), 0.0002, 1e-12);
    check_rel(cfg1(r, "Ybeam"), 0.0003, 1e-12);
    for (int s = 0; s < 4; ++s)
        for (int f = 0; f < 6; ++f) {
            INFO("pixel " << s << "," << f);
            CHECK((r.pixel(s, f) == 0.0f) == (m[s * 6 + f] == 0));
        }
    // a masked pixel is never computed: no trace events at all
    int masked_events = 0;
    for (const auto& e : r.events)
        masked_events += e.idx.pixel_slow == 2 && e.idx.pixel_fast == 3;
    CHECK(masked_events == 0);
    CHECK(fin(r, "I_pixel_final", 1, 1) > 0);
}

TEST_CASE("img: header seeds pixel, distance, wavelength, beam centre, flags override",
          "[reference][features]") {
    nbtest::TempDir dir("features_img");
    const path img = dir.path() / "in.img";
    write_file(img, smv_header(6, 4,
                               "PIXEL_SIZE=0.2;\nDISTANCE=150;\nWAVELENGTH=1.5;\n"
                               "BEAM_CENTER_X=0.5;\nBEAM_CENTER_Y=0.3;\n") +
                        std::string(48, '\0'));
    const std::vector<std::string> xtal{"-cell", "100",         "100", "100",
                                        "90",    "90",          "90",  "-default_F",
                                        "1",     "-oversample", "1",   "-noprogress"};
    SECTION("header values") {
        auto r = run(plus(xtal, {"-img", img.string()}));
        CHECK(cfg(r, "detpixels") == std::vector<double>{4, 6});
        check_rel(cfg1(r, "pixel_size"), 0.0002, 1e-12);
        check_rel(cfg1(r, "distance"), 0.15, 1e-12);
        check_rel(cfg1(r, "lambda0"), 1.5e-10, 1e-12);
        check_rel(cfg1(r, "Xbeam"), 0.0005, 1e-12);
        check_rel(cfg1(r, "Ybeam"), 0.0003, 1e-12); // no flip for -img
        // MOSFLM: Fbeam = Ybeam + px/2 = 0.4 mm, Sbeam = Xbeam + px/2 = 0.6 mm
        // pix0 = (0.15, 0.0006, -0.0004)
        check_v3(cfg3(r, "pix0_vector"), {0.15, 0.0006, -0.0004}, 1e-15);
    }
    SECTION("flags override the header, before or after -img") {
        for (bool before : {true, false}) {
            INFO("flags before -img: " << before);
            const std::vector<std::string> flags{"-distance", "120",    "-lambda",
                                                 "2",         "-pixel", "0.1"};
            const std::vector<std::string> image{"-img", img.string()};
            auto args = xtal;
            for (const auto* part :
                 before ? std::vector{&flags, &image} : std::vector{&image, &flags})
                args.insert(args.end(), part->begin(), part->end());
            auto r = run(args);
            check_rel(cfg1(r, "distance"), 0.12, 1e-12);
            check_rel(cfg1(r, "lambda0"), 2e-10, 1e-12);
            check_rel(cfg1(r, "pixel_size"), 0.0001, 1e-12);
            check_rel(cfg1(r, "Xbeam"), 0.0005, 1e-12); // not overridden: still the header's
        }
    }
}

TEST_CASE("printout_pixel takes fast then slow, trace_pixel slow then fast",
          "[reference][features]") {
    // 6 fast x 4 slow: (fast 4, slow 1) exists, (fast 1, slow 4) does not
    auto r = run(plus(six_by_four(), {"-printout_pixel", "4", "1", "-trace_pixel", "1", "4"}));
    // the printout block of exactly one pixel, "%4d %4d" = fast slow
    CHECK(r.log.find("   4    1 : stol = ") != std::string::npos);
    size_t blocks = 0;
    for (size_t p = r.log.find(" : stol = "); p != std::string::npos;
         p = r.log.find(" : stol = ", p + 1))
        ++blocks;
    CHECK(blocks == 1);
    // "at x y z": pixel_pos of (slow 1, fast 4) = (0.1, 0.00015, 5e-05) (see -floatfile test)
    CHECK(r.log.find("at 0.1 0.00015 5e-05\n") != std::string::npos);
    // "I/steps": one unit term (N = 1, default_F 1) over 1 step
    CHECK(r.log.find("I/steps               1\n") != std::string::npos);
    // the traced pixel is (slow 1, fast 4), and only that one
    std::set<std::pair<int, int>> traced;
    for (const auto& e : r.events)
        if (e.idx.pixel_slow >= 0)
            traced.insert({e.idx.pixel_slow, e.idx.pixel_fast});
    CHECK(traced == std::set<std::pair<int, int>>{{1, 4}});
    CHECK(static_cast<float>(fin(r, "I_pixel_final", 1, 4)) == r.pixel(1, 4));
    // -dump_pixel is the same flag
    auto dump = run(plus(six_by_four(), {"-dump_pixel", "1", "4"}));
    CHECK(all_at(dump, "I_pixel_final", at(1, 4)).size() == 1);
    // swapping the -trace_pixel arguments names a pixel off this detector: a usage error
    nbtest::RefOptions o;
    o.legacy_trace = false;
    CHECK(nbtest::run_ref(plus(six_by_four(), {"-trace_pixel", "4", "1"}), o).status ==
          NBREF_ERR_USAGE);
}
