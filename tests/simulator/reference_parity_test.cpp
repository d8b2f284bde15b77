// The simulator against the reference engine (nanobragg_ref, run as a process; its source is never
// read), one small case per feature the goldens do not exercise, in both phi modes:
//   c-parity  vs nanobragg_ref             (the C program's behaviour, same thread count)
//   spec      vs nanobragg_ref --phi0-fix  (fresh rotation at phi = 0)
// Gate: every pixel above 1e-6 x max agrees to <= 1e-6 relative, and every TRACE_C value the
// reference prints for the brightest pixel (traced on both sides) agrees to <= 1e-6 relative.
//
// The binary is $NB_REF_BIN, else <build>/reference_c/nanobragg_ref; when neither exists the test
// is reported skipped (a failure with NB_REQUIRE_ALL=1).
#include "common/skip_test.h"
#include "sim_test_support.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <sys/wait.h>

namespace fs = std::filesystem;
using namespace simtest;

namespace {

std::optional<std::string> reference_binary() {
    if (const char* env = std::getenv("NB_REF_BIN"))
        if (fs::exists(env))
            return std::string(env);
    const std::string built = std::string(NB_BINARY_DIR) + "/reference_c/nanobragg_ref";
    if (fs::exists(built))
        return built;
    return std::nullopt;
}

std::string scratch_of(const std::string& name) {
    return (fs::path(NB_BINARY_DIR) / "tests" / "simulator" / "scratch" / ("ref_" + name)).string();
}

// Runs nanobragg_ref in a scratch directory; returns its float image (its stdout is log.txt).
std::vector<float> run_reference(const std::string& bin, const std::string& args,
                                 const std::string& extra, const std::string& name) {
    const fs::path dir =
        fs::path(NB_BINARY_DIR) / "tests" / "simulator" / "scratch" / ("ref_" + name);
    fs::remove_all(dir);
    fs::create_directories(dir);
    const std::string cmd = "cd '" + dir.string() + "' && '" + bin + "' " + args + " " + extra +
                            " -floatfile float.bin -intfile int.img -nopgm -nonoise -noprogress"
                            " > log.txt 2>&1";
    const int status = std::system(cmd.c_str());
    REQUIRE(WIFEXITED(status));
    INFO("nanobragg_ref " << args);
    REQUIRE(WEXITSTATUS(status) == 0);
    return read_floats((dir / "float.bin").string());
}

struct FeatureCase {
    const char* name;
    std::string extra;
    int threads;
};

} // namespace

TEST_CASE("sim vs nanobragg_ref: one case per feature, c-parity and spec", "[sim][reference]") {
    const auto bin = reference_binary();
    if (!bin)
        nbtest::skip_test("nanobragg_ref not found ($NB_REF_BIN or <build>/reference_c/"
                          "nanobragg_ref); build with NB_BUILD_REFERENCE=ON");
    const std::string hkl = golden_dir() + "/inputs/P1_synth_R12.hkl";
    const std::string base = "-cell 60 70 80 90 90 90 -misset 5 10 15 -hkl " + hkl +
                             " -N 4 -lambda 1.0 -distance 80 -pixel 0.1 -detpixels_x 48 "
                             "-detpixels_y 40 -oversample 1 -phi 0 -osc 0.4 -phisteps 4";
    // Interpolation runs use one thread: with several the C program's shared switch races.
    const std::vector<FeatureCase> cases = {
        {"xds", "-xds -pixel 0.4 -twotheta 10 -detector_rotx 2 -detector_roty 3 -detector_rotz 4",
         2},
        {"dials", "-dials -ORGX 20 -ORGY 15", 2},
        {"adxv", "-adxv -Xbeam 2 -Ybeam 3 -twotheta 5", 2},
        {"denzo", "-denzo -detector_rotz 3", 2},
        {"mosflm_twotheta", "-twotheta 10 -detector_rotx 1", 2},
        {"custom_vectors",
         "-fdet_vector 0 0 1 -sdet_vector 0 -1 0 -odet_vector 1 0 0 "
         "-beam_vector 1 0 0 -Xbeam 2 -Ybeam 2 -pivot sample -twotheta 3",
         2},
        {"twotheta_axis", "-twotheta_axis 0 1 0", 2},
        {"close_distance", "-close_distance 70 -xds", 2},
        {"thickness_layers", "-detector_abs 500 -detector_thick 450 -thicksteps 5", 2},
        {"thickness_only", "-detector_thick 100", 2},
        {"curved", "-curved_det", 2}, // followed by --threads: the C needs a next token
        {"point_pixel", "-point_pixel", 2},
        {"round_xtal", "-round_xtal", 2},
        {"gauss_xtal", "-gauss_xtal", 2},
        {"tophat", "-tophat_spots -fudge 2", 2},
        {"interpolate", "-interpolate -N 2", 1},
        {"dmin", "-dmin 4", 2},
        {"water", "-water 50", 2},
        {"oversample_thick", "-oversample 2 -detector_thick 100 -thicksteps 3 -oversample_thick",
         2},
        {"oversample_polar", "-oversample 2 -oversample_polar -polar 0.5", 2},
        {"oversample_omega", "-oversample 2 -oversample_omega", 2},
        {"roi", "-roi 5 20 3 30", 2},
        {"phi_zero_inside", "-phi -0.2 -phistep 0.1 -phisteps 5", 2},
        {"flux", "-flux 1e12 -exposure 2 -beamsize 0.05", 2},
        {"energy", "-energy 9000", 2},
        {"divergence_square", "-divergence 2 -divsteps 4 -square_div -dispersion 1 -dispsteps 2",
         2},
        {"hv_divergence", "-hdivrange 1 -hdivstep 0.4 -vdivrange 0.5 -vdivsteps 3", 2},
        {"nopolar", "-nopolar", 2},
        {"mosaic_auto_domains", "-mosaic 0.5", 2},
        {"misset_random", "-misset random -misset_seed 99", 2},
        {"threads_3", "-mosaic 0.2 -mosaic_domains 3", 3},
    };
    for (const FeatureCase& c : cases) {
        const std::string args = base + " " + c.extra;
        for (const bool c_mode : {true, false}) {
            const std::string mode = c_mode ? "c-parity" : "spec";
            // The brightest pixel of a first simulator run is traced on both sides.
            const SimRun probe = run_sim(args, c_mode ? c_parity(c.threads) : spec(c.threads));
            const auto peak =
                std::max_element(probe.result.image.begin(), probe.result.image.end());
            const long idx = peak - probe.result.image.begin();
            const nbsim::PixelIndex tp{static_cast<int>(idx / 48), static_cast<int>(idx % 48)};
            const std::string traced =
                " -trace_pixel " + std::to_string(tp.slow) + " " + std::to_string(tp.fast);
            const std::string name = std::string(c.name) + "_" + mode;
            const std::vector<float> ref = run_reference(
                *bin, args + traced,
                "--threads " + std::to_string(c.threads) + (c_mode ? "" : " --phi0-fix"), name);
            const SimRun r = run_sim(args, c_mode ? c_parity(c.threads) : spec(c.threads), {tp});
            int compared = 0;
            const auto bad = compare_with_golden(
                read_trace_c(scratch_of(name) + "/log.txt", tp, r.ex.sampling.oversample),
                index_records(r.records), compared);
            INFO(c.name << " (" << mode << "): trace of pixel (" << tp.slow << ", " << tp.fast
                        << "), " << compared << " values compared");
            for (const std::string& m : bad)
                FAIL_CHECK(m);
            CHECK(compared > 30);
            REQUIRE(ref.size() == r.result.image.size());
            double mx = 0;
            for (float v : ref)
                mx = std::max(mx, static_cast<double>(std::fabs(v)));
            long over = 0;
            double worst = 0;
            for (std::size_t i = 0; i < ref.size(); ++i) {
                if (std::fabs(ref[i]) <= 1e-6 * mx)
                    continue;
                const double rel =
                    std::fabs(static_cast<double>(r.result.image[i]) - ref[i]) / std::fabs(ref[i]);
                worst = std::max(worst, rel);
                over += rel > 1e-6;
            }
            INFO(c.name << " (" << mode << "): max " << mx << ", worst relative difference "
                        << worst);
            CHECK(over == 0);
            CHECK(mx > 0);
        }
    }
}
