#include "sim_test_support.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>

namespace fs = std::filesystem;

namespace simtest {

std::string golden_dir() {
    return std::string(NB_TEST_DATA_DIR) + "/golden";
}

std::string supervisor_synth_inputs_dir() {
    return std::string(NB_EMBEDDED_DATA_DIR) + "/supervisor_synth";
}

std::optional<std::string> supervisor_real_inputs_dir() {
    std::vector<std::string> candidates;
    if (const char* env = std::getenv("NB_GOLDEN_INPUTS"))
        candidates.emplace_back(env);
    candidates.push_back(std::string(NB_SOURCE_DIR) + "/../shared/golden/inputs");
    for (const std::string& d : candidates)
        if (fs::exists(d + "/A.mat") && fs::exists(d + "/scaled.hkl"))
            return d;
    return std::nullopt;
}

std::string nbsim_binary() {
    return std::string(NB_BINARY_DIR) + "/simulator/nbsim";
}

std::vector<float> read_floats(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw std::runtime_error("cannot read " + path);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<float> v(bytes.size() / sizeof(float));
    std::memcpy(v.data(), bytes.data(), v.size() * sizeof(float));
    return v;
}

std::vector<std::string> split_args(const std::string& s) {
    std::istringstream in(s);
    return {std::istream_iterator<std::string>(in), std::istream_iterator<std::string>()};
}

std::string supervisor_geometry_args() {
    return "-nonoise -nointerpolate -oversample 1 -exposure 1 -flux 1e18 -beamsize 1.0 "
           "-spindle_axis -1 0 0 -Xbeam 217.742295 -Ybeam 213.907080 -distance 231.274660 "
           "-lambda 0.976800 -pixel 0.172 -detpixels_x 2463 -detpixels_y 2527 "
           "-odet_vector -0.000088 0.004914 -0.999988 -sdet_vector -0.005998 -0.999970 -0.004913 "
           "-fdet_vector 0.999982 -0.005998 -0.000118 "
           "-pix0_vector_mm -216.336293 215.205512 -230.200866 "
           "-beam_vector 0.00051387949 0.0 -0.99999986 -Na 36 -Nb 47 -Nc 29 -osc 0.1 -phi 0 "
           "-phisteps 10 -detector_rotx 0 -detector_roty 0 -detector_rotz 0 -twotheta 0";
}

std::string supervisor_synth_args() {
    const std::string d = supervisor_synth_inputs_dir();
    return "-mat " + d + "/A_synth.mat -hkl " + d + "/synth.hkl " + supervisor_geometry_args();
}

SimRun run_sim(const std::string& args, nbsim::RunOptions run,
               const std::vector<nbsim::PixelIndex>& trace, bool trace_only) {
    const nbsim::CommandLine cl = nbsim::parse_command_line(split_args(args), -1);
    std::ostringstream log;
    SimRun r{nbsim::build_experiment(cl.args, log), {}, {}};
    nbsim::RecordCollector sink;
    nbsim::SimulationRequest req;
    req.trace_pixels = trace;
    req.trace_pixels_only = trace_only;
    if (!trace.empty())
        req.sink = &sink;
    r.result = nbsim::simulate(r.ex, run, req);
    r.records = sink.take();
    return r;
}

nbsim::RunOptions c_parity(int threads, nbsim::Schedule schedule) {
    nbsim::RunOptions o;
    o.phi_mode = nbsim::PhiMode::c_parity;
    o.threads = threads;
    o.schedule = schedule;
    return o;
}

nbsim::RunOptions spec(int threads) {
    nbsim::RunOptions o;
    o.phi_mode = nbsim::PhiMode::spec;
    o.threads = threads;
    return o;
}

namespace {

enum class Gate { setup, pass, pass_source0, lattice, final_block };

struct LegacyName {
    const char* key;
    Gate gate;
    double scale;
};

// TRACE_C per-pixel names -> canonical keys (traces/registry/keys.json aliases).
const std::map<std::string, LegacyName>& trace_c_names() {
    static const std::map<std::string, LegacyName> m = {
        {"pix0_vector_meters", {"pix0_vector", Gate::setup, 1}},
        {"fdet_vec", {"fdet_vector", Gate::setup, 1}},
        {"sdet_vec", {"sdet_vector", Gate::setup, 1}},
        {"pixel_pos_meters", {"pixel_pos", Gate::pass, 1}},
        {"R_distance_meters", {"airpath", Gate::pass, 1}},
        {"omega_pixel_sr", {"omega_pixel", Gate::pass, 1}},
        {"close_distance_meters", {"close_distance", Gate::setup, 1}},
        {"obliquity_factor", {"obliquity_factor", Gate::pass, 1}},
        {"diffracted_vec", {"diffracted_vec", Gate::pass, 1}},
        {"incident_vec", {"incident_vec", Gate::pass_source0, 1}},
        {"lambda_meters", {"lambda", Gate::pass_source0, 1}},
        {"scattering_vec_A_inv", {"scattering_vector", Gate::pass_source0, 1}}, // it is 1/m
        {"rot_a_angstroms", {"a_rot", Gate::lattice, 1}},
        {"rot_b_angstroms", {"b_rot", Gate::lattice, 1}},
        {"rot_c_angstroms", {"c_rot", Gate::lattice, 1}},
        {"rot_a_star_A_inv", {"a_star", Gate::setup, 1}},
        {"rot_b_star_A_inv", {"b_star", Gate::setup, 1}},
        {"rot_c_star_A_inv", {"c_star", Gate::setup, 1}},
        {"hkl_frac", {"hkl_frac", Gate::lattice, 1}},
        {"hkl_rounded", {"hkl_rounded", Gate::lattice, 1}},
        {"F_latt_a", {"F_latt_a", Gate::lattice, 1}},
        {"F_latt_b", {"F_latt_b", Gate::lattice, 1}},
        {"F_latt_c", {"F_latt_c", Gate::lattice, 1}},
        {"F_latt", {"F_latt", Gate::lattice, 1}},
        {"F_cell", {"F_cell", Gate::lattice, 1}},
        {"I_before_scaling", {"I_before_scaling", Gate::final_block, 1}},
        {"r_e_meters", {"r_e", Gate::final_block, 1}},
        {"r_e_sqr", {"r_e_sqr", Gate::final_block, 1}},
        {"fluence_photons_per_m2", {"fluence", Gate::final_block, 1}},
        {"steps", {"steps", Gate::final_block, 1}},
        {"capture_fraction", {"capture_fraction", Gate::final_block, 1}},
        {"polar", {"polar", Gate::final_block, 1}},
        {"omega_pixel", {"omega_pixel", Gate::final_block, 1}},
        {"cos_2theta", {"cos_2theta", Gate::final_block, 1}},
        {"I_pixel_final", {"I_pixel_final", Gate::final_block, 1}},
        {"floatimage_accumulated", {"image_value", Gate::final_block, 1}},
    };
    return m;
}

std::vector<double> numbers(std::istringstream& in) {
    std::vector<double> v;
    double x;
    while (in >> x)
        v.push_back(x);
    return v;
}

} // namespace

std::vector<GoldenValue> read_trace_c(const std::string& path, nbsim::PixelIndex pixel,
                                      int oversample) {
    std::ifstream in(path);
    if (!in)
        throw std::runtime_error("cannot read " + path);
    std::vector<GoldenValue> out;
    int pass = -1;
    auto pass_idx = [&](nbtrace::Indices i) {
        const int per_layer = oversample * oversample;
        i.layer = pass / per_layer;
        i.sub_s = (pass % per_layer) / oversample;
        i.sub_f = pass % oversample;
        return i;
    };
    nbtrace::Indices pix;
    pix.pixel_slow = pixel.slow;
    pix.pixel_fast = pixel.fast;
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("TRACE_C: ", 0) == 0) {
            std::istringstream ls(line.substr(9));
            std::string name;
            ls >> name;
            const auto it = trace_c_names().find(name);
            if (it == trace_c_names().end())
                continue; // lambda_angstroms, oversample_* flags: second spellings / config
            if (name == "pix0_vector_meters")
                ++pass; // every pass starts with this line (dialects.json pass_start)
            GoldenValue g;
            g.key = it->second.key;
            g.values = numbers(ls);
            g.line = line;
            switch (it->second.gate) {
            case Gate::setup:
                break;
            case Gate::pass:
                g.idx = pass_idx(pix);
                break;
            case Gate::pass_source0:
                g.idx = pass_idx(pix);
                g.idx.source = 0;
                break;
            case Gate::lattice:
                g.idx = pass_idx(pix);
                g.idx.source = 0;
                g.idx.phi = 0;
                g.idx.mosaic = 0;
                break;
            case Gate::final_block:
                g.idx = pix;
                break;
            }
            out.push_back(g);
        } else if (line.rfind("TRACE_C_PHI ", 0) == 0) {
            // phi_tic=.. phi_deg=.. k_frac=.. F_latt_b=.. F_latt=..
            std::map<std::string, double> f;
            std::istringstream ls(line.substr(12));
            std::string tok;
            while (ls >> tok) {
                const auto eq = tok.find('=');
                f[tok.substr(0, eq)] = std::atof(tok.c_str() + eq + 1);
            }
            nbtrace::Indices i = pass_idx(pix);
            i.source = 0;
            i.phi = static_cast<int>(f["phi_tic"]);
            i.mosaic = 0;
            out.push_back({"k_frac", i, {f["k_frac"]}, line});
            out.push_back({"F_latt_b", i, {f["F_latt_b"]}, line});
            out.push_back({"F_latt", i, {f["F_latt"]}, line});
        } else if (line.rfind("TRACE_C_SOURCE2: ", 0) == 0) {
            std::istringstream ls(line.substr(17));
            std::string name;
            ls >> name;
            nbtrace::Indices i = pass_idx(pix);
            i.source = 2;
            const std::vector<double> v = numbers(ls);
            if (name == "polar" || name == "cos2theta") {
                out.push_back({name == "polar" ? "polar" : "cos_2theta", i, v, line});
                continue;
            }
            i.phi = 0;
            i.mosaic = 0;
            if (name == "F_cell" || name == "F_latt" || name == "I_contribution")
                out.push_back({name, i, v, line});
        }
    }
    return out;
}

RecordIndex index_records(const std::vector<nbtrace::Record>& records) {
    RecordIndex m;
    for (const nbtrace::Record& r : records)
        m[{r.key, r.idx}] = r.values;
    return m;
}

double atol_for(const std::string& key) {
    if (key == "scattering_vector")
        return 1e-3; // 1/m; a zero component carries ~1e-6 1/m of rounding
    if (key == "pixel_pos" || key == "pix0_vector" || key == "close_distance" || key == "airpath")
        return 1e-15; // m
    if (key == "a_star" || key == "b_star" || key == "c_star")
        return 1e-15; // 1/A; the C prints -6.1e-19 for an ideal 0
    return 1e-10;     // Angstrom vector components, Miller indices, F values, unit vectors
}

bool close_enough(double ours, double golden, double atol, double rtol) {
    return std::fabs(ours - golden) <= atol + rtol * std::fabs(golden);
}

std::vector<std::string> compare_with_golden(const std::vector<GoldenValue>& golden,
                                             const RecordIndex& ours, int& compared, double rtol,
                                             double* worst) {
    std::vector<std::string> bad;
    compared = 0;
    for (const GoldenValue& g : golden) {
        std::string key = g.key;
        int component = -1;
        if (key == "k_frac") {
            key = "hkl_frac";
            component = 1;
        }
        const auto it = ours.find({key, g.idx});
        if (it == ours.end()) {
            bad.push_back("missing " + key + " " + g.idx.to_string() + " for: " + g.line);
            continue;
        }
        const std::vector<double>& v = it->second;
        for (std::size_t c = 0; c < g.values.size(); ++c) {
            const double mine = component >= 0 ? v[static_cast<std::size_t>(component)] : v[c];
            ++compared;
            if (worst && std::fabs(g.values[c]) > atol_for(key))
                *worst = std::max(*worst, std::fabs(mine - g.values[c]) / std::fabs(g.values[c]));
            if (!close_enough(mine, g.values[c], atol_for(key), rtol)) {
                char buf[128];
                std::snprintf(buf, sizeof buf, " [%zu]: ours %.15g", c, mine);
                bad.push_back(g.line + buf);
            }
        }
    }
    return bad;
}

ProcessResult run_nbsim(const std::string& args, const std::string& scratch_name) {
    const fs::path dir = fs::path(NB_BINARY_DIR) / "tests" / "simulator" / "scratch" / scratch_name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    const std::string out = (dir / ".stdout").string(), err = (dir / ".stderr").string();
    const std::string cmd = "cd '" + dir.string() + "' && '" + nbsim_binary() + "' " + args +
                            " > '" + out + "' 2> '" + err + "'";
    const int status = std::system(cmd.c_str());
    ProcessResult r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    auto slurp = [](const std::string& p) {
        std::ifstream in(p);
        return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    };
    r.stdout_text = slurp(out);
    r.stderr_text = slurp(err);
    for (const auto& e : fs::directory_iterator(dir)) {
        const std::string name = e.path().filename().string();
        if (name != ".stdout" && name != ".stderr")
            r.files_left.push_back(name);
    }
    return r;
}

} // namespace simtest
