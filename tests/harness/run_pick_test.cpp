// trace_harness --pick: pixels picked on full frames or ROI images are traced like --pixel pixels,
// with their values, ranks, the images' metrics, pictures and per-phi plots in the bundle.
// Expected values come from the real C program's runs with the embedded crystal
// (tests/data/golden/supervisor_synth/stats.txt: full frame, 2 threads, its top-10 pixels) and
// from the injected faults, whose stage is known (tests/simulator/fault_injection_test.cpp).
#include "harness_run.h"

#include "nbimage/image_io.h"
#include "nbtrace/parse.h"
#include "nbtrace/pixel.h"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace htest;
using nbtest::TempDir;

namespace {

namespace json = boost::json;

struct Golden {
    int slow, fast;
    double value;
};
// stats.txt, "top-10 pixels": the C program's three brightest pixels, exact float32 values
const Golden kTop3[] = {{1218, 1227, 51.00717544555664},
                        {977, 1288, 38.74167251586914},
                        {1422, 1356, 30.52238655090332}};
constexpr long kDetectorPixels = 2527L * 2463L; // 6224001

fs::path run_ok(const TempDir& dir, const std::vector<std::string>& args, int exit_code = 0) {
    const auto r = run_harness(args, dir.path());
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == exit_code);
    CHECK(r.err.empty()); // the progress line is for terminals only
    CHECK(r.out.find("detector 2463 fast × 2527 slow") != std::string::npos);
    const fs::path b = bundle_of(r, dir.path());
    REQUIRE(fs::is_directory(b));
    return b;
}

int as_int(const json::value& v) {
    return v.to_number<int>();
}

// The reference trace's hkl_frac at (slow, fast), phi step `phi`.
std::vector<double> hkl_at(const fs::path& trace, int slow, int fast, int phi) {
    for (const nbtrace::Record& r : nbtrace::read_trace_file(trace.string()).records)
        if (r.key == "hkl_frac" && r.idx.pixel_slow == slow && r.idx.pixel_fast == fast &&
            r.idx.phi == phi)
            return r.values;
    return {};
}

} // namespace

TEST_CASE("pick brightest:3 traces the C program's three brightest pixels of the full frame",
          "[harness][pick]") {
    TempDir dir("harness_pick");
    const fs::path b = run_ok(
        dir, {"--pick", "brightest:3", "--phi-mode", "c-parity", "--threads", "2", "--no-fsync"});
    const json::object m = read_json(b / "metrics.json").as_object();
    CHECK(m.at("pixel_choice") == "picked");
    CHECK(as_int(m.at("detector").at("slow")) == 2527);
    CHECK(as_int(m.at("detector").at("fast")) == 2463);
    const json::array& traced = m.at("traced_pixels").as_array();
    REQUIRE(traced.size() == 3);
    for (std::size_t i = 0; i < 3; ++i) {
        const json::value& t = traced[i];
        INFO("pixel " << i + 1);
        CHECK(as_int(t.at("slow")) == kTop3[i].slow);
        CHECK(as_int(t.at("fast")) == kTop3[i].fast);
        CHECK(t.at("source") == "brightest:3");
        // the reference engine's traced value is the C program's full-frame value, bit for bit
        CHECK(t.at("reference").to_number<double>() == kTop3[i].value);
        CHECK(as_int(t.at("images").at("reference").at("rank")) == static_cast<int>(i) + 1);
        CHECK(t.at("images").at("reference").at("of").to_number<long>() == kDetectorPixels);
        CHECK(t.at("first_divergence").is_null());
        CHECK(fs::exists(b / t.at("phi_plot").as_string().c_str()));
    }
    const json::object& images = m.at("images").as_object();
    CHECK(images.at("kind") == "full_frame");
    CHECK(images.at("reference_by_standin").as_bool());
    CHECK(images.at("metrics").at("schema") == "nbimage-metrics");
    CHECK(images.at("metrics").at("maxima").at("a").at("value").to_number<double>() ==
          kTop3[0].value);
    // the stand-in's frame is the reference's image at every traced pixel
    for (const json::value& c : images.at("standin_checks").as_array())
        CHECK(c.at("relative").to_number<double>() <= 1e-6);

    // the frame in the bundle: self-describing float32, the C program's sum (stats.txt,
    // "sum(float64) 855.282983", 9 digits; nbsim differs from C by float32 rounding only)
    const nbimage::ImageFile frame = nbimage::read_image((b / "frame_reference.npy").string());
    CHECK(frame.format == nbimage::ImageFormat::npy);
    CHECK(frame.image.element_type() == nbimage::ElementType::float32);
    CHECK(frame.image.shape() == nbimage::Shape{2527, 2463});
    CHECK(frame.image.at(1218, 1227) == kTop3[0].value);
    double sum = 0;
    for (double v : frame.image.values())
        sum += v;
    CHECK(sum == Approx(855.282983).epsilon(1e-8));

    const std::string summary = nbtest::read_text(b / "summary.md");
    CHECK(summary.find("| detector | 2463 fast × 2527 slow |") != std::string::npos);
    CHECK(summary.find("](pictures/relative_delta_log.png)") != std::string::npos);
    CHECK(summary.find("](pictures/phi_1_slow1218_fast1227.png)") != std::string::npos);
    CHECK(summary.find("standing in for the reference engine") != std::string::npos);
    CHECK(run_harness({"verify", b.string()}, dir.path()).exit_code == 0);
}

TEST_CASE("pick worst:3 with an injected fault traces pixels that diverge at its stage",
          "[harness][pick][fault]") {
    const std::pair<const char*, const char*> faults[] = {
        {"geometry", "pixel_geometry"}, {"lattice", "lattice"}, {"scale", "scale"}};
    for (const auto& [fault, stage] : faults) {
        DYNAMIC_SECTION(fault) {
            TempDir dir("harness_pick");
            const fs::path b = run_ok(dir,
                                      {"--pick", "worst:3", "--phi-mode", "c-parity", "--threads",
                                       "2", "--inject-fault", fault, "--no-fsync"},
                                      3);
            const json::object m = read_json(b / "metrics.json").as_object();
            const json::array& traced = m.at("traced_pixels").as_array();
            REQUIRE(traced.size() == 3);
            for (const json::value& t : traced) {
                INFO("(" << t.at("slow") << ", " << t.at("fast") << ")");
                CHECK(t.at("source") == "worst:3");
                REQUIRE(t.at("first_divergence").is_object());
                CHECK(t.at("first_divergence").at("stage") == stage);
                CHECK(t.at("relative_difference").to_number<double>() > 1e-6);
            }
            // the simulator's frame is computed with the fault, the reference's without
            const json::object& images = m.at("images").as_object();
            CHECK(images.at("simulator")
                      .at("engine")
                      .as_string()
                      .find(std::string("injected fault ") + fault) != json::string::npos);
            CHECK(images.at("metrics").at("relative_error").at("max").to_number<double>() > 1e-6);
        }
    }
}

TEST_CASE("pick thread-first traces each thread's first pixel, worst on equal frames none",
          "[harness][pick]") {
    TempDir dir("harness_pick");
    const fs::path b =
        run_ok(dir, {"--pixel", "685", "1039", "--pick", "thread-first", "--pick", "worst:2",
                     "--phi-mode", "c-parity", "--threads", "2", "--no-fsync"});
    const json::object m = read_json(b / "metrics.json").as_object();
    const json::array& traced = m.at("traced_pixels").as_array();
    REQUIRE(traced.size() == 3);
    // gcc's static split of 2527 rows over 2 threads: rows 0..1263 and 1264..2526; each thread
    // starts at the first pixel of its block
    const nbtrace::Pixel expected[] = {{685, 1039}, {0, 0}, {1264, 0}};
    for (std::size_t i = 0; i < 3; ++i) {
        CHECK(as_int(traced[i].at("slow")) == expected[i].slow);
        CHECK(as_int(traced[i].at("fast")) == expected[i].fast);
    }
    CHECK(traced[0].at("source") == "given");
    CHECK(traced[1].at("source") == "thread-first");
    // C-PARITY-001: phi step 0 of a thread's first pass uses the unrotated crystal; every other
    // pass reuses the vectors of step 9 (the last step its thread rotated)
    const fs::path trace = b / "trace_reference.jsonl";
    CHECK(hkl_at(trace, 0, 0, 0) != hkl_at(trace, 0, 0, 9));
    CHECK(hkl_at(trace, 685, 1039, 0) == hkl_at(trace, 685, 1039, 9));
    // the simulator's frame is the reference side's own computation here: nothing differs
    const json::array& picks = m.at("picks").as_array();
    REQUIRE(picks.size() == 2);
    CHECK(picks[1].as_string().find("agree exactly") != json::string::npos);
}

TEST_CASE("pick on a ROI picks on both engines' ROI images", "[harness][pick]") {
    TempDir dir("harness_pick");
    // golden run 2's ROI: its brightest pixel is the frame's brightest, (1218, 1227)
    const fs::path b =
        run_ok(dir, {"--roi", "1217", "1237", "1208", "1228", "--pixel", "1218", "1227", "--pick",
                     "brightest:1", "--pick", "thread-first", "--phi-mode", "c-parity", "--threads",
                     "2", "--schedule", "roi", "--no-fsync"});
    const json::object m = read_json(b / "metrics.json").as_object();
    const json::array& traced = m.at("traced_pixels").as_array();
    REQUIRE(traced.size() == 2);
    // thread-first with --schedule roi: rows 1208..1228 all lie in thread 0's block (0..1263), so
    // the ROI's first pixel; its value is the golden ROI run's (fresh phi = 0 vectors there)
    const nbimage::ImageFile golden_roi = nbimage::read_image(
        (nbtest::golden_dir() / "supervisor_synth" / "roi_peak_float.bin").string(),
        nbimage::Shape{21, 21});
    CHECK(as_int(traced[1].at("slow")) == 1208);
    CHECK(as_int(traced[1].at("fast")) == 1217);
    CHECK(traced[1].at("source") == "thread-first");
    CHECK(traced[1].at("reference").to_number<double>() == golden_roi.image.at(0, 0));
    // given and picked: traced once, both sources named
    CHECK(traced[0].at("source") == "given, brightest:1");
    CHECK(as_int(traced[0].at("slow")) == 1218);
    CHECK(as_int(traced[0].at("fast")) == 1227);
    CHECK(traced[0].at("reference").to_number<double>() == kTop3[0].value);
    CHECK(as_int(traced[0].at("images").at("reference").at("rank")) == 1);
    CHECK(as_int(traced[0].at("images").at("reference").at("of")) == 441);
    const json::object& images = m.at("images").as_object();
    CHECK(images.at("kind") == "roi");
    CHECK_FALSE(images.at("reference_by_standin").as_bool());
    CHECK(images.at("reference").at("engine").as_string().find("nanobragg_ref") !=
          json::string::npos);
    CHECK(as_int(images.at("metrics").at("pixels")) == 441);
    CHECK(npy_equals_raw_float32(b / "roi_reference.npy",
                                 nbtest::golden_dir() / "supervisor_synth" / "roi_peak_float.bin"));
}

TEST_CASE("picked pixels outside the ROI are not traced, and the verdict says no pixel was",
          "[harness][pick]") {
    TempDir dir("harness_pick");
    // the full-frame schedule's first pixels, (0, 0) and (1264, 0), lie outside this ROI; spec
    // mode, where C-PARITY-001's report would need a traced pixel
    const auto r = run_harness({"--roi", "1217", "1237", "1208", "1228", "--pick", "thread-first",
                                "--threads", "2", "--no-fsync"},
                               dir.path());
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.rfind("PASS: reference and simulator agree on the configuration", 0) == 0);
    CHECK(r.out.find("no pixel traced") != std::string::npos);
    const json::object m = read_json(bundle_of(r, dir.path()) / "metrics.json").as_object();
    CHECK(m.at("traced_pixels").as_array().empty());
    const json::array& picks = m.at("picks").as_array();
    REQUIRE(picks.size() == 2);
    CHECK(picks[1].as_string().find("(slow 0, fast 0) [thread-first]") != json::string::npos);
}
