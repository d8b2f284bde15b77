// A recorded side with its float image (--a-image): the real C program's own output of the
// simple_cubic golden case (tests/data/real_programs/simple_cubic, traced build, 2 threads, the
// full frame) against the reference. Its trace and image are the C program's; the reference
// reproduces both bit for bit (reference_c/README.md), so the images must agree exactly and the
// recorded I_pixel_final must be the recorded image's cell; an image that is not the trace's is
// reported as such.
#include "harness_run.h"

#include <catch2/catch.hpp>

#include <fstream>

namespace {

namespace fs = std::filesystem;

fs::path recorded_dir() {
    return nbtest::data_dir() / "real_programs" / "simple_cubic";
}

nbtest::CommandResult run_recorded(const fs::path& dir, const fs::path& image) {
    return htest::run_harness(
        {"--pixel",     "74",
         "84",          "--roi",
         "64",          "84",
         "64",          "84",
         "--phi-mode",  "c-parity",
         "--threads",   "2",
         "--rtol",      "1e-12",
         "--a",         "recorded:" + (recorded_dir() / "c_trace.log").string(),
         "--a-image",   image.string(),
         "--b",         "reference",
         "--",          "-cell",
         "100",         "100",
         "100",         "90",
         "90",          "90",
         "-default_F",  "100",
         "-N",          "5",
         "-lambda",     "1.0",
         "-distance",   "100",
         "-pixel",      "0.1",
         "-detpixels",  "128",
         "-oversample", "1"},
        dir);
}

} // namespace

TEST_CASE("a recorded side's image is compared and checked against its own trace", "[sides]") {
    nbtest::TempDir tmp("recorded");
    const fs::path dir = tmp.path();

    const nbtest::CommandResult pass = run_recorded(dir, recorded_dir() / "c_float.bin");
    INFO(pass.out << pass.err);
    CHECK(pass.exit_code == 0);
    CHECK(pass.out.find("PASS: recorded and reference agree") != std::string::npos);
    CHECK(pass.out.find("ROI images: max rel 0,") != std::string::npos);
    const fs::path b = htest::bundle_of(pass, dir);
    CHECK(fs::exists(b / "roi_recorded.npy"));

    // the same trace with an image of zeros: the images differ and the trace does not describe
    // its image
    const fs::path zeros = dir / "zeros.bin";
    std::ofstream(zeros, std::ios::binary) << std::string(128 * 128 * 4, '\0');
    const nbtest::CommandResult fail = run_recorded(dir, zeros);
    CHECK(fail.exit_code == 3);
    CHECK(fail.out.find("recorded: traced value of pixel (slow 74, fast 84) differs from its "
                        "image (this side's trace does not describe its image)") !=
          std::string::npos);

    // a file of the wrong size is an input error naming it
    const fs::path text = recorded_dir() / "commands.txt";
    const nbtest::CommandResult bad = run_recorded(dir, text);
    CHECK(bad.exit_code == 2);
    CHECK(bad.err.find(text.string() + ": ") != std::string::npos);
    CHECK(bad.err.find("bytes are neither 128 fast x 128 slow float32 pixels") !=
          std::string::npos);

    // --a-image belongs to a recorded side
    const nbtest::CommandResult usage = htest::run_harness(
        {"--pixel", "74", "84", "--a", "reference", "--a-image", zeros.string()}, dir);
    CHECK(usage.exit_code == 1);
    CHECK(usage.err.find("--a-image is for a recorded side") != std::string::npos);
}

TEST_CASE("a recorded side without an image: its trace compared, its image value 'no image'",
          "[sides]") {
    // the C program's recorded trace alone (no --a-image, no --roi): the traced pixel's image
    // value exists on the reference's side only; the run still judges the traces (they agree at
    // 1e-12), and says the recorded side has no image instead of stopping (exit 4 before)
    nbtest::TempDir tmp("recorded_no_image");
    const auto r = htest::run_harness(
        {"--pixel",   "74",          "84",
         "--threads", "2",           "--rtol",
         "1e-12",     "--a",         "recorded:" + (recorded_dir() / "c_trace.log").string(),
         "--b",       "reference",   "--",
         "-cell",     "100",         "100",
         "100",       "90",          "90",
         "90",        "-default_F",  "100",
         "-N",        "5",           "-lambda",
         "1.0",       "-distance",   "100",
         "-pixel",    "0.1",         "-detpixels",
         "128",       "-oversample", "1"},
        tmp.path());
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("pixel 1 (slow 74, fast 84) [given]: recorded no image, reference "
                     "99.2275543") != std::string::npos);
    const boost::json::value m = htest::read_json(htest::bundle_of(r, tmp.path()) / "metrics.json");
    const boost::json::object& px = m.at("traced_pixels").as_array().at(0).as_object();
    CHECK(px.at("reference").is_null()); // side A, the recorded one
    CHECK(px.at("simulator").as_double() == Approx(99.2275543212891).epsilon(1e-15));
    CHECK(px.at("relative_difference").is_null());
}
