// nbsim_precision_report: float32 vs float64 on the golden cases.
//
// For each golden case (the three small ones, supervisor_synth's peak ROI, and the original
// supervisor ROI when A.mat / scaled.hkl are found) the simulator runs in c-parity mode with the
// recorded thread count, once with --dtype float64 and once with --dtype float32, tracing the
// golden pixel. It prints, per trace key (grouped by stage), the largest relative difference
// |f32 - f64| / |f64| over all records of that key (values with |f64| < 1e-12 x the key's largest
// |value| are skipped), and for the image the largest relative difference over pixels above
// 1e-6 x max, plus how many pixels exceed 1e-6 and 1e-3.
//
//   nbsim_precision_report <source-dir> [golden-inputs-dir]
// Exit codes: 0 report printed, 1 usage, 2 missing golden data, 4 internal error.
#include "nbsim/command_line.h"
#include "nbsim/experiment.h"
#include "nbsim/simulation.h"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <iterator>
#include <map>
#include <sstream>

namespace fs = std::filesystem;
using namespace nbsim;

namespace {

struct Case {
    std::string name;
    std::string args;
    PixelIndex pixel;
};

std::vector<std::string> split(const std::string& s) {
    std::istringstream in(s);
    return {std::istream_iterator<std::string>(in), std::istream_iterator<std::string>()};
}

struct Run {
    SimulationResult result;
    std::vector<nbtrace::Record> records;
};

Run run(const std::string& args, Dtype dtype, PixelIndex pixel) {
    const CommandLine cl = parse_command_line(split(args), -1);
    std::ostringstream log;
    const Experiment ex = build_experiment(cl.args, log);
    RunOptions o;
    o.phi_mode = PhiMode::c_parity;
    o.threads = 2;
    o.dtype = dtype;
    RecordCollector sink;
    SimulationRequest req;
    req.trace_pixels = {pixel};
    req.sink = &sink;
    Run r;
    r.result = simulate(ex, o, req);
    r.records = sink.take();
    return r;
}

} // namespace

int main(int argc, char** argv) try {
    if (argc < 2) {
        std::cerr << "usage: nbsim_precision_report <source-dir> [golden-inputs-dir]\n";
        return 1;
    }
    const std::string src = argv[1];
    const std::string golden = src + "/tests/data/golden";
    if (!fs::exists(golden + "/inputs/P1_synth_R12.hkl")) {
        std::cerr << "nbsim_precision_report: error: " << golden << ": golden data not found\n";
        return 2;
    }
    const std::string hkl = golden + "/inputs/P1_synth_R12.hkl";
    const std::string sup =
        "-nonoise -nointerpolate -oversample 1 -exposure 1 -flux 1e18 -beamsize 1.0 "
        "-spindle_axis -1 0 0 -Xbeam 217.742295 -Ybeam 213.907080 -distance 231.274660 "
        "-lambda 0.976800 -pixel 0.172 -detpixels_x 2463 -detpixels_y 2527 "
        "-odet_vector -0.000088 0.004914 -0.999988 -sdet_vector -0.005998 -0.999970 -0.004913 "
        "-fdet_vector 0.999982 -0.005998 -0.000118 -pix0_vector_mm -216.336293 215.205512 "
        "-230.200866 -beam_vector 0.00051387949 0.0 -0.99999986 -Na 36 -Nb 47 -Nc 29 -osc 0.1 "
        "-phi 0 -phisteps 10 -detector_rotx 0 -detector_roty 0 -detector_rotz 0 -twotheta 0";
    std::vector<Case> cases = {
        {"simple_cubic",
         "-cell 100 100 100 90 90 90 -default_F 100 -N 5 -lambda 1.0 -distance 100 -pixel 0.1 "
         "-detpixels 128 -oversample 1",
         {74, 84}},
        {"triclinic_misset_phi_mosaic",
         "-cell 70 80 90 75 85 95 -misset 10 20 30 -hkl " + hkl +
             " -N 8 -lambda 1.2 -distance 80 -pixel 0.1 -detpixels_x 160 -detpixels_y 128 "
             "-oversample 1 -phi 0 -osc 1 -phisteps 5 -mosaic 0.3 -mosaic_domains 6 "
             "-mosaic_seed 12345",
         {112, 59}},
        {"oversample_sources_polar",
         "-cell 50 60 70 90 90 90 -misset 15 25 35 -hkl " + hkl +
             " -N 5 -lambda 1.0 -dispersion 0.5 -dispsteps 3 -divergence 1.0 -divsteps 3 "
             "-polar 0.95 -distance 100 -pixel 0.1 -detpixels_x 128 -detpixels_y 112 "
             "-oversample 2",
         {13, 114}},
        {"supervisor_synth (full frame, peak)",
         "-mat " + src + "/harness/data/supervisor_synth/A_synth.mat -hkl " + src +
             "/harness/data/supervisor_synth/synth.hkl " + sup,
         {1218, 1227}},
    };
    std::string inputs = argc > 2 ? argv[2] : src + "/../shared/golden/inputs";
    if (fs::exists(inputs + "/A.mat") && fs::exists(inputs + "/scaled.hkl"))
        cases.push_back({"supervisor (A.mat, scaled.hkl; full frame, pixel 685 1039)",
                         "-mat " + inputs + "/A.mat -hkl " + inputs + "/scaled.hkl " + sup,
                         {685, 1039}});
    else
        std::cout << "note: A.mat / scaled.hkl not found in " << inputs
                  << "; the original supervisor case is not reported\n";

    for (const Case& c : cases) {
        const Run a = run(c.args, Dtype::float64, c.pixel);
        const Run b = run(c.args, Dtype::float32, c.pixel);
        std::printf("\n== %s: float32 vs float64 (c-parity, 2 threads), traced pixel (%d, %d)\n",
                    c.name.c_str(), c.pixel.slow, c.pixel.fast);
        // Image.
        double mx = 0;
        for (float v : a.result.image)
            mx = std::max(mx, static_cast<double>(std::fabs(v)));
        double worst = 0;
        long over6 = 0, over3 = 0, gated = 0;
        for (std::size_t i = 0; i < a.result.image.size(); ++i) {
            const double x = a.result.image[i], y = b.result.image[i];
            if (std::fabs(x) <= 1e-6 * mx)
                continue;
            ++gated;
            const double rel = std::fabs(y - x) / std::fabs(x);
            worst = std::max(worst, rel);
            over6 += rel > 1e-6;
            over3 += rel > 1e-3;
        }
        std::printf("  %-22s %-18s max rel %.3g   (%ld of %ld pixels > 1e-6, %ld > 1e-3)\n",
                    "image", "image", worst, over6, gated, over3);
        // Records, per key.
        std::map<std::pair<std::string, nbtrace::Indices>, const nbtrace::Record*> fb;
        for (const nbtrace::Record& r : b.records)
            fb[{r.key, r.idx}] = &r;
        std::map<std::string, double> scale;
        for (const nbtrace::Record& r : a.records)
            for (double v : r.values)
                scale[r.key] = std::max(scale[r.key], std::fabs(v));
        struct Worst {
            std::string stage;
            double rel = 0;
            long n = 0;
        };
        std::map<std::string, Worst> per_key;
        for (const nbtrace::Record& r : a.records) {
            const auto it = fb.find({r.key, r.idx});
            if (it == fb.end())
                continue;
            Worst& w = per_key[r.key];
            w.stage = std::string(nbtrace::to_string(r.stage));
            for (std::size_t k = 0; k < r.values.size() && k < it->second->values.size(); ++k) {
                const double x = r.values[k], y = it->second->values[k];
                if (std::fabs(x) < 1e-12 * scale[r.key])
                    continue;
                w.rel = std::max(w.rel, std::fabs(y - x) / std::fabs(x));
                ++w.n;
            }
        }
        int identical = 0;
        for (const auto& [key, w] : per_key) {
            if (w.n > 0 && w.rel > 0)
                std::printf("  %-22s %-18s max rel %.3g   (%ld values)\n", key.c_str(),
                            w.stage.c_str(), w.rel, w.n);
            else
                ++identical;
        }
        // Geometry, beam, scaling factors and configuration are double in both builds.
        std::printf("  (%d other keys identical: configuration, geometry, beam, scale factors)\n",
                    identical);
    }
    return 0;
} catch (const std::exception& e) {
    std::cerr << "nbsim_precision_report: error: " << e.what() << "\n";
    return 4;
}
