// The supervisor command with the project's embedded crystal (A_synth.mat, synth.hkl) against the
// real C program's runs in tests/data/golden/supervisor_synth (commands.txt there; 2 threads):
// the full frame's sha256 and crop, the 21x21 ROI trace of the peak (C-PARITY-001 active) and the
// one-pixel ROI trace (spec-compliant phi step 0), each with its stdout.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "common/golden_paths.h"
#include "common/sha256_hex.h"
#include "common/supervisor_args.h"
#include "ref_runner.h"

using namespace nbtest;

namespace {

constexpr int kF = 2463, kS = 2527; // fast x slow pixels

std::vector<std::string> synth_args() {
    return supervisor_args((synth_inputs_dir() / "A_synth.mat").string(),
                           (synth_inputs_dir() / "synth.hkl").string());
}

// Runs with outputs in a temp dir and returns the stdout mapped to the golden run's file names.
struct SynthRun {
    RefResult r;
    std::string log;
};

SynthRun run_synth(const std::vector<std::string>& extra, const std::string& floatname) {
    TempDir tmp("synth");
    std::vector<std::string> args = synth_args();
    const std::string out = tmp.path().string() + "/";
    args.insert(args.end(), extra.begin(), extra.end());
    const std::vector<std::string> outputs{
        "-floatfile", out + floatname,   "-intfile", out + "intimage.img",
        "-pgmfile",   out + "image.pgm", "-dump",    out + "Fdump.bin"};
    args.insert(args.end(), outputs.begin(), outputs.end());
    RefOptions opts;
    opts.threads = 2;
    opts.write_outputs = true;
    opts.write_fdump = true;
    SynthRun run{run_ref(args, opts), ""};
    run.log = replace_all(replace_all(run.r.log, out, ""), synth_inputs_dir().string(), "inputs");
    return run;
}

void check_roi_image(const RefResult& r, const fs::path& golden, int s0, int f0, int n) {
    const std::string g = read_bytes(golden);
    REQUIRE(g.size() == (size_t)n * n * 4);
    int differing = 0;
    for (int s = 0; s < n; ++s)
        for (int f = 0; f < n; ++f) {
            float ours = r.pixel(s0 + s, f0 + f);
            if (std::memcmp(&ours, g.data() + 4 * (s * n + f), 4) != 0)
                ++differing;
        }
    CHECK(differing == 0);
}

} // namespace

TEST_CASE("supervisor_synth: 21x21 ROI trace of the peak reproduces the C program",
          "[reference][golden][supervisor]") {
    // ROI fast 1217..1237, slow 1208..1228 around the maximum (slow 1218, fast 1227)
    SynthRun run = run_synth(
        {"-roi", "1217", "1237", "1208", "1228", "-trace_pixel", "1218", "1227"}, "img_roi.bin");
    REQUIRE(run.r.status == NBREF_OK);
    CHECK(run.log == read_text(golden_dir() / "supervisor_synth" / "trace_roi_peak.log"));
    check_roi_image(run.r, golden_dir() / "supervisor_synth" / "roi_peak_float.bin", 1208, 1217,
                    21);
    // C-PARITY-001 is active here: phi step 0 carries the phi = 0.09 deg vectors
    // (golden: k_frac(tic 0) == k_frac(tic 9) = 1.99330077422118)
    auto where = any();
    where.pixel_slow = 1218, where.pixel_fast = 1227, where.mosaic = 0;
    auto hkl = run.r.find("hkl_frac", where);
    REQUIRE(hkl.size() == 10);
    CHECK(hkl[0]->v[1] == hkl[9]->v[1]);
    CHECK(hkl[0]->v[1] == Approx(1.99330077422118).epsilon(1e-14));
}

TEST_CASE("supervisor_synth: one-pixel ROI trace is the first pass of its thread",
          "[reference][golden][supervisor]") {
    SynthRun run = run_synth(
        {"-roi", "1227", "1227", "1218", "1218", "-trace_pixel", "1218", "1227"}, "img_single.bin");
    REQUIRE(run.r.status == NBREF_OK);
    CHECK(run.log == read_text(golden_dir() / "supervisor_synth" / "trace_single_peak.log"));
    // golden: unrotated phi step 0, k_frac = 1.99158231106036, I_pixel_final 49.9754197049245
    auto where = any();
    where.pixel_slow = 1218, where.pixel_fast = 1227, where.phi = 0, where.mosaic = 0;
    auto hkl = run.r.find("hkl_frac", where);
    REQUIRE(hkl.size() == 1);
    CHECK(hkl[0]->v[1] == Approx(1.99158231106036).epsilon(1e-14));
    CHECK(run.r.pixel_value("I_pixel_final", 1218, 1227).v[0] ==
          Approx(49.9754197049245).epsilon(1e-14));
}

TEST_CASE("supervisor_synth: full frame is bit-identical to the C program's",
          "[reference][golden][supervisor][fullframe]") {
    SynthRun run = run_synth({}, "img.bin");
    REQUIRE(run.r.status == NBREF_OK);
    // stats.txt: sha256 img.bin 06c8ffdb...
    CHECK(sha256_hex(run.r.image.data(), run.r.image.size() * sizeof(float)) ==
          "06c8ffdbbf37967e98e20d5c7c3d04d27531f092bc13a4fafc7bfbb3ee9f2ac9");
    check_roi_image(run.r, golden_dir() / "supervisor_synth" / "crop_s1168-1268_f1177-1277.bin",
                    1168, 1177, 101);
    // stdout: the same lines in the same order, except that the two threads' progress lines
    // interleave by timing; those are compared as a multiset.
    auto split = [](const std::string& text) {
        std::vector<std::string> ordered, progress;
        for (const auto& l : lines_starting_with(text, {""}))
            (l.find("% done") != std::string::npos ? progress : ordered).push_back(l);
        std::sort(progress.begin(), progress.end());
        return std::make_pair(ordered, progress);
    };
    auto ours = split(run.log);
    auto golden = split(read_text(golden_dir() / "supervisor_synth" / "full_stdout.log"));
    CHECK(ours.first == golden.first);
    CHECK(ours.second == golden.second);
    (void)kF, (void)kS;
}
