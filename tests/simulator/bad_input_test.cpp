// Bad input to the nbsim command: one test per class. Each must give ONE line on stderr that
// names the offending flag or file, the documented exit code (1 usage, 2 input), and leave no
// output file behind (the run happens in an empty scratch directory that must stay empty).
#include "sim_test_support.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

using namespace simtest;

namespace {

// A valid small run; each test breaks one thing.
const std::string kOk = "-cell 100 100 100 90 90 90 -default_F 100 -N 5 -lambda 1.0 "
                        "-distance 100 -pixel 0.1 -detpixels 32 -oversample 1";

std::string scratch_file(const std::string& name, const std::string& content) {
    const std::string dir = std::string(NB_BINARY_DIR) + "/tests/simulator/inputs";
    std::filesystem::create_directories(dir);
    const std::string path = dir + "/" + name;
    std::ofstream(path) << content;
    return path;
}

void expect_error(const std::string& args, const std::string& scratch, int exit_code,
                  const std::string& must_name) {
    const ProcessResult r = run_nbsim(args, scratch);
    INFO("nbsim " << args << "\nstderr: " << r.stderr_text);
    CHECK(r.exit_code == exit_code);
    CHECK(std::count(r.stderr_text.begin(), r.stderr_text.end(), '\n') == 1);
    CHECK(r.stderr_text.find(must_name) != std::string::npos);
    CHECK(r.stderr_text.rfind("nbsim: error: ", 0) == 0);
    CHECK(r.files_left.empty());
}

} // namespace

TEST_CASE("sim bad input: a valid run succeeds and writes its files", "[sim][cli][bad-input]") {
    const ProcessResult r = run_nbsim(kOk + " -nonoise -nopgm -noprogress", "ok_run");
    CHECK(r.exit_code == 0);
    CHECK(r.stderr_text.empty());
    std::vector<std::string> files = r.files_left;
    std::sort(files.begin(), files.end());
    CHECK(files == std::vector<std::string>{"floatimage.bin", "intimage.img"});
}

TEST_CASE("sim bad input: missing HKL file", "[sim][cli][bad-input]") {
    expect_error("-cell 100 100 100 90 90 90 -hkl /nonexistent/missing.hkl -N 5 -detpixels 32",
                 "missing_hkl", 2, "/nonexistent/missing.hkl");
}

TEST_CASE("sim bad input: malformed HKL file", "[sim][cli][bad-input]") {
    const std::string hkl = scratch_file("malformed.hkl", "1 2 3 10.5\n1 2 x 3\n");
    expect_error("-cell 100 100 100 90 90 90 -hkl " + hkl + " -N 5 -detpixels 32", "malformed_hkl",
                 2, hkl + ":2");
}

TEST_CASE("sim bad input: HKL file with a non-integer index", "[sim][cli][bad-input]") {
    const std::string hkl = scratch_file("fractional.hkl", "1 2 3 10.5\n1.5 2 3 3\n");
    expect_error("-cell 100 100 100 90 90 90 -hkl " + hkl + " -N 5 -detpixels 32", "fractional_hkl",
                 2, hkl + ":2");
}

TEST_CASE("sim bad input: missing matrix file", "[sim][cli][bad-input]") {
    expect_error("-mat /nonexistent/A.mat -default_F 10 -detpixels 32", "missing_mat", 2,
                 "/nonexistent/A.mat");
}

TEST_CASE("sim bad input: malformed matrix file", "[sim][cli][bad-input]") {
    const std::string mat = scratch_file("short.mat", "0.01 0 0\n0 0.01 0\n0 0\n");
    expect_error("-mat " + mat + " -default_F 10 -detpixels 32", "malformed_mat", 2, mat);
}

TEST_CASE("sim bad input: missing source file", "[sim][cli][bad-input]") {
    expect_error(kOk + " -sourcefile /nonexistent/sources.txt", "missing_source", 2,
                 "/nonexistent/sources.txt");
}

TEST_CASE("sim bad input: malformed source file (a comment line, C-SOURCEFILE-001)",
          "[sim][cli][bad-input]") {
    const std::string src = scratch_file("comment.src", "-10 0 0 1 1e-10\n# second source\n");
    expect_error(kOk + " -sourcefile " + src, "malformed_source", 2, src + ":2");
}

TEST_CASE("sim bad input: missing -img and -mask files", "[sim][cli][bad-input]") {
    expect_error(kOk + " -img /nonexistent/header.img", "missing_img", 2,
                 "/nonexistent/header.img");
    expect_error(kOk + " -mask /nonexistent/mask.img", "missing_mask", 2, "/nonexistent/mask.img");
}

TEST_CASE("sim bad input: a -mask file that is not SMV", "[sim][cli][bad-input]") {
    const std::string mask = scratch_file("not_smv.img", std::string(600, 'x'));
    expect_error(kOk + " -mask " + mask, "not_smv_mask", 2, mask);
}

TEST_CASE("sim bad input: NaN size", "[sim][cli][bad-input]") {
    expect_error(kOk + " -pixel nan", "nan_pixel", 1, "-pixel");
}

TEST_CASE("sim bad input: negative sizes", "[sim][cli][bad-input]") {
    expect_error(kOk + " -distance -100", "negative_distance", 1, "-distance");
    expect_error(kOk + " -xtalsize -0.1", "negative_xtalsize", 1, "-xtalsize");
    expect_error(kOk + " -detpixels -5", "negative_detpixels", 1, "-detpixels");
}

TEST_CASE("sim bad input: zero phi steps", "[sim][cli][bad-input]") {
    // The C program silently turns -phisteps 0 into 1.
    expect_error(kOk + " -phisteps 0", "zero_phisteps", 1, "-phisteps");
    // ceil(osc / phistep) = 0 steps.
    expect_error(kOk + " -osc 0 -phistep 0.1", "zero_phi_range", 1, "phi");
}

TEST_CASE("sim bad input: ROI outside the detector", "[sim][cli][bad-input]") {
    expect_error(kOk + " -roi 0 40 0 10", "roi_outside", 1, "-roi");
}

TEST_CASE("sim bad input: trace pixel outside the detector", "[sim][cli][bad-input]") {
    expect_error(kOk + " -trace_pixel 5 32", "trace_outside", 1, "-trace_pixel");
}

TEST_CASE("sim bad input: unknown flag and missing value", "[sim][cli][bad-input]") {
    // The C program ignores an unknown flag (and its values) silently.
    expect_error(kOk + " -detpixel 64", "unknown_flag", 1, "-detpixel");
    expect_error(kOk + " --phi-mode c-parity --frobnicate", "unknown_long_flag", 1, "--frobnicate");
    expect_error(kOk + " -lambda", "missing_value", 1, "-lambda");
    expect_error(kOk + " -lambda one", "bad_number", 1, "-lambda");
    expect_error(kOk + " --dtype float16", "bad_dtype", 1, "--dtype");
}

TEST_CASE("sim bad input: no crystal, no structure factors", "[sim][cli][bad-input]") {
    expect_error("-default_F 100 -detpixels 32", "no_crystal", 1, "-cell");
    expect_error("-cell 100 100 100 90 90 90 -detpixels 32", "no_structure_factors", 1, "-hkl");
}

TEST_CASE("sim bad input: an output file that cannot be written", "[sim][cli][bad-input]") {
    // The float image is staged first; the int image fails; neither is left behind.
    const ProcessResult r =
        run_nbsim(kOk + " -nonoise -nopgm -intfile /nonexistent/dir/int.img", "unwritable_output");
    INFO(r.stderr_text);
    CHECK(r.exit_code == 2);
    CHECK(r.stderr_text.find("/nonexistent/dir/int.img") != std::string::npos);
    CHECK(r.files_left.empty());
}
