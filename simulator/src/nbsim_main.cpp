// nbsim: the nanoBragg command line on the simulator library.
//
// Exit codes: 0 success, 1 usage error, 2 input error, 4 internal error. Every error is one line
// on stderr naming the flag or file; no output file is left behind.
#include "nbsim/command_line.h"
#include "nbsim/errors.h"
#include "nbsim/experiment.h"
#include "nbsim/run_outputs.h"
#include "nbsim/simulation.h"
#include "nbtrace/legacy_writer.h"
#include "printout.h"
#include "temp_cleanup.h"

#include <algorithm>
#include <ctime>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

namespace {

int run(int argc, char** argv) {
    using namespace nbsim;
    std::vector<std::string> args(argv + 1, argv + argc);
    const long startup_seed = -static_cast<long>(std::time(nullptr));
    const CommandLine cl = parse_command_line(args, startup_seed);
    if (cl.help) {
        std::cout << usage_text();
        return 0;
    }
    std::ostream& log = std::cout;
    log << "nbsim nanocrystal diffraction simulator (libnbsim; phi-mode "
        << to_string(cl.run.phi_mode) << ", dtype " << to_string(cl.run.dtype) << ", schedule "
        << to_string(cl.run.schedule) << ")\n";
    Experiment ex = build_experiment(cl.args, log);

    RecordCollector records;
    SimulationRequest req;
    req.trace_pixels = cl.args.trace_pixels;
    // -printout_pixel F S: that pixel is traced too (its block is rebuilt from the records).
    const bool printout_pixel =
        cl.args.printout && cl.args.printout_fpixel >= 0 && cl.args.printout_spixel >= 0;
    const PixelIndex printed{cl.args.printout_spixel, cl.args.printout_fpixel};
    if (printout_pixel)
        req.trace_pixels.push_back(printed);
    if (!req.trace_pixels.empty())
        req.sink = &records;
    if (cl.args.progress && !cl.args.printout)
        req.progress = &log;
    for (const PixelIndex& p : cl.args.trace_pixels)
        log << "TRACE_CONFIG: tracing pixel (spixel=" << p.slow << ", fpixel=" << p.fast << ")\n";
    if (cl.args.printout && !printout_pixel)
        log << "WARNING: -printout without -printout_pixel F S prints no per-pixel lines in "
               "nbsim (every pixel would go through the traced kernel); use -printout_pixel\n";

    const SimulationResult result = simulate(ex, cl.run, req);
    log << "  threads: " << result.threads << ", kernel " << result.kernel_seconds << " s, "
        << result.evaluations << " evaluations, "
        << result.evaluations / std::max(result.kernel_seconds, 1e-9) / 1e9 << " G evaluations/s\n";
    if (req.sink) {
        std::vector<nbtrace::Record> rs = records.take();
        if (printout_pixel)
            print_printout_block(ex, rs, printed, log);
        // TRACE_PY lines (traces/ legacy writer) for the -trace_pixel pixels only.
        std::vector<nbtrace::Record> traced;
        for (nbtrace::Record& r : rs) {
            bool keep = !r.idx.pixel_slow;
            for (const PixelIndex& p : cl.args.trace_pixels)
                keep = keep || (r.idx.pixel_slow == p.slow && r.idx.pixel_fast == p.fast);
            if (keep)
                traced.push_back(std::move(r));
        }
        if (!cl.args.trace_pixels.empty())
            nbtrace::write_trace_py(log, traced);
    }
    NrRandom rng = ex.rng;
    write_run_outputs(cl.args, ex, result, rng, log);
    log.flush();
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    using nbsim::printable;
    nbsim::install_temp_cleanup_handlers();
    try {
        return run(argc, argv);
    } catch (const nbsim::UsageError& e) {
        std::cout.flush();
        std::cerr << "nbsim: error: " << printable(e.what()) << "\n";
        return static_cast<int>(nbsim::ExitCode::usage);
    } catch (const nbsim::InputError& e) {
        std::cout.flush();
        std::cerr << "nbsim: error: " << printable(e.what()) << "\n";
        return static_cast<int>(nbsim::ExitCode::input);
    } catch (const std::bad_alloc&) {
        std::cerr << "nbsim: error: out of memory\n";
        return static_cast<int>(nbsim::ExitCode::internal);
    } catch (const std::exception& e) {
        std::cerr << "nbsim: error: internal: " << printable(e.what()) << "\n";
        return static_cast<int>(nbsim::ExitCode::internal);
    }
}
