#include "cli/run_cli.h"

#include "sides/side.h"

#include "case/preset.h"
#include "cli/tolerance_options.h"
#include "exit_codes.h"

#include "nbreport/bundle_path.h"

#include <boost/program_options.hpp>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <thread>
#include <tuple>

namespace harness {

namespace {

namespace po = boost::program_options;

constexpr const char* kName = "trace_harness";

po::options_description describe_options() {
    po::options_description what("what to compare");
    what.add_options()(
        "pixel", po::value<std::vector<int>>()->multitoken()->composing()->value_name("SLOW FAST"),
        "trace this pixel (repeatable); slow (row) first, as -trace_pixel")(
        "roi", po::value<std::vector<int>>()->multitoken()->value_name("FMIN FMAX SMIN SMAX"),
        "also compute and compare this region (nanoBragg -roi order, inclusive); without "
        "--pixel its brightest pixel is traced")(
        "pick", po::value<std::vector<std::string>>()->composing()->value_name("PICKER"),
        "also trace picked pixels (repeatable): brightest:N (local maxima of the reference "
        "image), worst:N (largest relative difference between the sides), thread-first (each "
        "thread's first pixel); on the --roi images, else on full frames computed by nbsim")(

        "preset", po::value<std::string>()->value_name("NAME|FILE"),
        "the case to simulate: an embedded preset (default supervisor; --list-presets) or a "
        "preset file's path")(
        "mat", po::value<std::string>()->value_name("FILE"),
        "orientation matrix for the preset (default: ./A.mat, else the embedded crystal)")(
        "hkl", po::value<std::string>()->value_name("FILE"),
        "structure factors for the preset (default: ./scaled.hkl, else the embedded crystal)")(
        "list-presets", "list the presets and exit");
    po::options_description sides("the two sides (harness/README.md: Sides)");
    sides.add_options()("a", po::value<std::string>()->value_name("SIDE"),
                        "side A (default reference): reference, simulator, a backend "
                        "(nanobragg-c, nanobragg-c-traced, nanobrag-torch, or a backend file "
                        "*.json), or recorded:TRACE[,TRACE]")(
        "b", po::value<std::string>()->value_name("SIDE"), "side B (default simulator)")(
        "a-program", po::value<std::string>()->value_name("PATH"),
        "side A's program (else the environment variable its backend file names)")(
        "b-program", po::value<std::string>()->value_name("PATH"), "side B's program")(
        "a-image", po::value<std::string>()->value_name("FILE"),
        "a recorded side A's float image (nanoBragg -floatfile: the frame, or the ROI's crop)")(
        "b-image", po::value<std::string>()->value_name("FILE"), "a recorded side B's float image")(
        "timeout", po::value<double>()->value_name("SECONDS"),
        "a backend running longer is killed and the run ends with exit 2 (default 600)");
    po::options_description how("how to run the engines");
    how.add_options()("phi-mode", po::value<std::string>()->value_name("spec|c-parity"),
                      "spec (default): the model, the reference with its phi = 0 fix; "
                      "c-parity: both reproduce C-PARITY-001")(
        "threads", po::value<int>()->value_name("N"),
        "OpenMP thread count whose C-PARITY-001 behaviour is reproduced (default "
        "OMP_NUM_THREADS, else the machine's)")(
        "schedule", po::value<std::string>()->value_name("full-frame|roi"),
        "loop order that defines each thread's first pass (default full-frame: a traced pixel "
        "has its full-frame value)")("dtype",
                                     po::value<std::string>()->value_name("float64|float32"),
                                     "precision of the simulator's kernel (default float64); "
                                     "float32,float64: the dtype matrix (the run in both, each "
                                     "divergence labelled within precision or logic)");
    po::options_description gate("gate");
    add_tolerance_options(gate);
    po::options_description out("evidence bundle");
    out.add_options()("out", po::value<std::string>()->value_name("ROOT"),
                      "bundle root (default reports/ in the current directory)")(
        "initiative", po::value<std::string>()->value_name("NAME"),
        "bundle folder under ROOT (default parity); bundles go to ROOT/NAME/<UTC stamp>/")(
        "no-fsync", "do not fsync the bundle before it is moved into place")(
        "controls", "negative controls: each side diffed against itself, and an in-process "
                    "side's switches (phi mode, dtype, phi = 0 fix) flipped and run again on the "
                    "traced pixels; reported apart from the verdict");
    po::options_description testing("testing the harness itself");
    testing.add_options()("inject-fault",
                          po::value<std::string>()->value_name("geometry|lattice|scale"),
                          "make the simulator wrong at one stage (the verdict must be a failure "
                          "naming that stage)");
    po::options_description all;
    all.add_options()("help,h", "show this help");
    all.add(what).add(sides).add(how).add(gate).add(out).add(testing);
    return all;
}

void print_help(std::ostream& o, const po::options_description& d) {
    o << "usage: " << kName << " [run] [options] [-- NANOBRAGG_FLAGS...]\n\n"
      << "Runs the reference (nanoBragg C re-creation) and the simulator in-process on the same\n"
         "nanoBragg command line, traces the chosen pixels through both (without computing the\n"
         "full frame), diffs the effective configurations and the traces stage by stage, and\n"
         "writes an evidence bundle. The case is a preset (default supervisor) or the nanoBragg\n"
         "flags given after `--`.\n\n"
         "Example: "
      << kName << " --pixel 685 1039 --phi-mode c-parity\n\n"
      << d
      << "\nexit codes: 0 parity within tolerance, 1 usage error, 2 input error, 3 parity "
         "failure,\n            4 internal error\n";
}

void print_presets(std::ostream& o) {
    for (const Preset& p : load_presets())
        o << p.name << ": " << p.description << "\n";
}

// The mode `option` names, spelled as its one string table spells it (run_modes.h).
template <typename Mode, std::size_t N>
Mode mode_choice(const po::variables_map& vm, const char* option, const std::array<Mode, N>& modes,
                 Mode fallback) {
    if (!vm.count(option))
        return fallback;
    const std::string v = vm[option].as<std::string>();
    for (Mode m : modes)
        if (v == text(m))
            return m;
    std::string list;
    for (const std::string& name : texts_of(modes))
        list += (list.empty() ? "" : "|") + name;
    throw po::error(std::string("--") + option + " takes " + list + ", got '" + v + "'");
}

std::string choice(const po::variables_map& vm, const char* option,
                   std::initializer_list<const char*> allowed, const char* fallback) {
    if (!vm.count(option))
        return fallback;
    const std::string v = vm[option].as<std::string>();
    std::string list;
    for (const char* a : allowed) {
        if (v == a)
            return v;
        list += std::string(list.empty() ? "" : "|") + a;
    }
    throw po::error(std::string("--") + option + " takes " + list + ", got '" + v + "'");
}

void fill_request(const po::variables_map& vm, RunRequest& req) {
    if (vm.count("pixel")) {
        const std::vector<int> p = vm["pixel"].as<std::vector<int>>();
        if (p.size() % 2 != 0)
            throw po::error("--pixel takes SLOW FAST (two integers per pixel)");
        for (std::size_t i = 0; i < p.size(); i += 2) {
            if (p[i] < 0 || p[i + 1] < 0)
                throw po::error("--pixel " + std::to_string(p[i]) + " " + std::to_string(p[i + 1]) +
                                ": pixel indices are >= 0");
            req.pixels.push_back({p[i], p[i + 1]});
        }
    }
    if (vm.count("roi")) {
        const std::vector<int> r = vm["roi"].as<std::vector<int>>();
        if (r.size() != 4)
            throw po::error("--roi takes FMIN FMAX SMIN SMAX (four integers)");
        if (r[0] < 0 || r[2] < 0 || r[0] > r[1] || r[2] > r[3])
            throw po::error("--roi " + std::to_string(r[0]) + " " + std::to_string(r[1]) + " " +
                            std::to_string(r[2]) + " " + std::to_string(r[3]) +
                            ": needs 0 <= FMIN <= FMAX and 0 <= SMIN <= SMAX");
        req.roi = nbtrace::Region::from_roi_flag(r[0], r[1], r[2], r[3]);
        for (const nbtrace::Pixel& p : req.pixels)
            if (!req.roi->contains(p))
                throw po::error("--pixel " + std::to_string(p.slow) + " " + std::to_string(p.fast) +
                                ": outside --roi (traced pixels must lie in the compared region)");
    }
    if (vm.count("pick"))
        for (const std::string& p : vm["pick"].as<std::vector<std::string>>()) {
            try {
                req.picks.push_back(nbimage::parse_picker(p));
            } catch (const std::invalid_argument& e) {
                throw po::error(std::string("--pick: ") + e.what());
            }
        }
    if (req.pixels.empty() && !req.roi && req.picks.empty() && !req.case_request.command)
        throw po::error("nothing to compare: give --pixel SLOW FAST, --pick and/or --roi");
    if (vm.count("threads")) {
        req.threads = vm["threads"].as<int>();
        if (req.threads < 1 || req.threads > 1024)
            throw po::error("--threads " + std::to_string(req.threads) + ": must be 1..1024");
    } else {
        req.threads = default_thread_count();
    }
    req.schedule = mode_choice(vm, "schedule", kSchedules, Schedule::full_frame);
    req.phi_mode = mode_choice(vm, "phi-mode", kPhiModes, PhiMode::spec);
    // --dtype float32,float64 (either order): the dtype matrix, float64 giving the verdict
    if (vm.count("dtype") && (vm["dtype"].as<std::string>() == "float32,float64" ||
                              vm["dtype"].as<std::string>() == "float64,float32")) {
        req.dtype = Dtype::float64;
        req.dtype_matrix = true;
    } else
        req.dtype = mode_choice(vm, "dtype", kDtypes, Dtype::float64);
    req.fault = choice(vm, "inject-fault", {"geometry", "lattice", "scale"}, "");
    if (vm.count("preset"))
        req.case_request.preset = vm["preset"].as<std::string>();
    for (const char* opt : {"mat", "hkl"})
        if (vm.count(opt))
            req.case_request.input_options[std::string("--") + opt] = vm[opt].as<std::string>();
    if (req.case_request.command && (vm.count("preset") || vm.count("mat") || vm.count("hkl")))
        throw po::error("--preset, --mat and --hkl choose a preset's inputs; they cannot be "
                        "combined with a command line after --");
    if (vm.count("out"))
        req.out_root = vm["out"].as<std::string>();
    if (req.out_root.empty())
        throw po::error("--out: empty path");
    if (vm.count("initiative"))
        req.initiative = vm["initiative"].as<std::string>();
    if (auto bad = nbreport::initiative_name_error(req.initiative))
        throw po::error("--initiative '" + req.initiative + "': " + *bad);
    req.durable = !vm.count("no-fsync");
    req.controls = vm.count("controls") > 0;
    apply_tolerance_options(vm, req.diff);
    for (auto [side, name, program, image] :
         {std::tuple{&req.side_a, "a", "a-program", "a-image"},
          std::tuple{&req.side_b, "b", "b-program", "b-image"}}) {
        try {
            if (vm.count(name))
                *side = parse_side(vm[name].as<std::string>());
        } catch (const std::invalid_argument& e) {
            throw po::error(std::string("--") + name + ": " + e.what());
        } catch (const BackendError& e) {
            throw po::error(std::string("--") + name + ": " + e.what());
        }
        if (vm.count(program)) {
            if (side->kind != SideKind::backend)
                throw po::error(std::string("--") + program + " is for a backend side");
            side->program = vm[program].as<std::string>();
        }
        if (vm.count(image)) {
            if (side->kind != SideKind::recorded)
                throw po::error(std::string("--") + image + " is for a recorded side");
            side->image = vm[image].as<std::string>();
        }
    }
    if (vm.count("timeout")) {
        req.timeout_s = vm["timeout"].as<double>();
        if (!(req.timeout_s > 0) || !std::isfinite(req.timeout_s))
            throw po::error("--timeout must be a number of seconds > 0");
    }
}

} // namespace

int default_thread_count() {
    if (const char* env = std::getenv("OMP_NUM_THREADS")) {
        // OMP_NUM_THREADS may be a list ("4,2"); the outer level is the first entry
        char* end = nullptr;
        const long n = std::strtol(env, &end, 10);
        if (end != env && (*end == '\0' || *end == ',') && n >= 1 && n <= 1024)
            return static_cast<int>(n);
        if (end != env && n > 1024)
            throw po::error(std::string("OMP_NUM_THREADS=") + env + ": more than 1024 threads");
    }
    const unsigned hw = std::thread::hardware_concurrency();
    return hw ? static_cast<int>(hw) : 1;
}

std::variant<RunRequest, int> parse_run_command_line(int argc, char** argv) {
    RunRequest req;
    req.argv.emplace_back("trace_harness");
    for (int i = 1; i < argc; ++i)
        req.argv.emplace_back(argv[i]);
    int split = argc;
    for (int i = 1; i < argc; ++i)
        if (!std::strcmp(argv[i], "--")) {
            split = i;
            req.case_request.command = std::vector<std::string>(argv + i + 1, argv + argc);
            break;
        }
    const po::options_description options = describe_options();
    try {
        po::variables_map vm;
        po::store(po::command_line_parser(split, argv).options(options).run(), vm);
        po::notify(vm);
        if (vm.count("help")) {
            print_help(std::cout, options);
            return kExitOk;
        }
        if (vm.count("list-presets")) {
            print_presets(std::cout);
            return kExitOk;
        }
        if (req.case_request.command && req.case_request.command->empty())
            throw po::error("no nanoBragg flags after --");
        fill_request(vm, req);
    } catch (const po::error& e) {
        std::cerr << kName << ": usage error: " << e.what() << " (try " << kName << " --help)\n";
        return kExitUsage;
    }
    return req;
}

} // namespace harness
