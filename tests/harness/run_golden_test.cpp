// trace_harness on the default case with the embedded crystal against the real C program's
// goldens made with the same crystal (tests/data/golden/supervisor_synth): the reference side of
// the bundle must reproduce every value of the golden TRACE_C logs, its ROI image must be the
// golden ROI image bit for bit, and the verdict must be a pass (the simulator agrees).
#include "harness_run.h"

#include "nbtrace/parse.h"

#include <catch2/catch.hpp>

using namespace htest;
using nbtest::TempDir;

namespace {

const fs::path kSynth = nbtest::golden_dir() / "supervisor_synth";

// The golden's values must all be in our trace (none only in the golden) and agree to `rtol`.
void check_reproduces(const fs::path& golden, const fs::path& ours, double rtol) {
    const nbtrace::DiffResult d = diff_with_golden(golden, ours, rtol);
    INFO(golden.filename() << " vs " << ours.filename());
    CHECK(d.passed());
    CHECK(d.failed == 0);
    CHECK(d.only_a == 0);
    CHECK(d.compared >= 100); // the golden peak traces hold 117 comparable records
}

} // namespace

TEST_CASE("the peak pixel in a 21x21 ROI reproduces the C program's trace and ROI image",
          "[harness][golden]") {
    TempDir dir("harness_golden");
    // golden run 2: -roi 1217 1237 1208 1228 -trace_pixel 1218 1227, OMP_NUM_THREADS=2
    const auto r = run_harness({"--pixel", "1218", "1227", "--phi-mode", "c-parity", "--threads",
                                "2", "--schedule", "roi", "--roi", "1217", "1237", "1208", "1228"},
                               dir.path());
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.rfind("PASS", 0) == 0);
    const fs::path b = bundle_of(r, dir.path());
    REQUIRE(fs::is_directory(b));
    check_reproduces(kSynth / "trace_roi_peak.log", b / "trace_reference.jsonl", 1e-12);
    check_reproduces(kSynth / "trace_roi_peak.log", b / "trace_reference.log", 1e-12);
    // 21 x 21 float32 NPY: the C program's ROI image, value for value
    CHECK(npy_equals_raw_float32(b / "roi_reference.npy", kSynth / "roi_peak_float.bin"));
    const boost::json::object m = read_json(b / "metrics.json").as_object();
    CHECK(m.at("verdict") == "pass");
    CHECK(m.at("roi_images").at("pixels").to_number<int>() == 441);
    CHECK(m.at("roi_images").at("passed").as_bool());
}

TEST_CASE("the peak pixel as a one-pixel ROI reproduces the C program's single-pixel trace",
          "[harness][golden]") {
    TempDir dir("harness_golden");
    // golden run 3: -roi 1227 1227 1218 1218: the pixel is its thread's first pass
    const auto r = run_harness({"--pixel", "1218", "1227", "--phi-mode", "c-parity", "--threads",
                                "2", "--schedule", "roi", "--roi", "1227", "1227", "1218", "1218"},
                               dir.path());
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    const fs::path b = bundle_of(r, dir.path());
    check_reproduces(kSynth / "trace_single_peak.log", b / "trace_reference.jsonl", 1e-12);
    // and it is NOT the ROI run's value: phi step 0 differs (C-PARITY-001)
    const nbtrace::DiffResult other =
        diff_with_golden(kSynth / "trace_roi_peak.log", b / "trace_reference.jsonl", 1e-12);
    CHECK_FALSE(other.passed());
}

TEST_CASE("a traced pixel has its full-frame value without computing the frame",
          "[harness][golden]") {
    TempDir dir("harness_golden");
    // the default schedule is the full frame; golden run 1 (full frame, 2 threads) has its
    // maximum 51.00717544555664 (float32) at (1218, 1227) (supervisor_synth/stats.txt)
    const auto r = run_harness(
        {"--pixel", "1218", "1227", "--phi-mode", "c-parity", "--threads", "2"}, dir.path());
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    const fs::path b = bundle_of(r, dir.path());
    const nbtrace::TraceFile t = nbtrace::read_trace_file((b / "trace_reference.jsonl").string());
    bool found = false;
    for (const nbtrace::Record& rec : t.records)
        if (rec.key == "image_value") {
            found = true;
            CHECK(rec.values[0] == 51.00717544555664);
        }
    CHECK(found);
}
