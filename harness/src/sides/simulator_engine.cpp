#include "sides/simulator_engine.h"

#include "bundle/engine_command.h"

#include "nbsim/command_line.h"
#include "nbsim/errors.h"
#include "nbsim/experiment.h"
#include "nbsim/simulation.h"
#include "nbtrace/legacy_writer.h"
#include "nbtrace/record_set.h"
#include "nbtrace/registry.h"

#include <chrono>
#include <sstream>

namespace harness {

namespace {

// nbsim's own options for the request but the schedule (the nanoBragg flags come first).
std::vector<std::string> engine_options(const EngineRequest& r) {
    return {"--phi-mode",  text(r.phi_mode), "--dtype",
            text(r.dtype), "--threads",      std::to_string(r.threads)};
}

} // namespace

std::vector<std::string> simulator_command_line(const EngineRequest& r, int slow, int fast) {
    std::vector<std::string> argv{"nbsim"};
    argv.insert(argv.end(), r.args.begin(), r.args.end());
    const std::vector<std::string> own = engine_options(r);
    argv.insert(argv.end(), own.begin(), own.end());
    const std::vector<std::string> schedule = schedule_args_for_pixel(r, slow, fast);
    argv.insert(argv.end(), schedule.begin(), schedule.end());
    if (!r.fault.empty())
        argv.insert(argv.end(), {"--inject-fault", r.fault});
    argv.insert(argv.end(), {"-trace_pixel", std::to_string(slow), std::to_string(fast)});
    return argv;
}

std::variant<EngineRun, HarnessError> run_simulator(const EngineRequest& request) {
    const auto t0 = std::chrono::steady_clock::now();
    std::vector<std::string> argv = request.args;
    const std::vector<std::string> own = engine_options(request);
    argv.insert(argv.end(), own.begin(), own.end());
    argv.insert(argv.end(), {"--schedule", text(request.schedule)});
    if (!request.fault.empty())
        argv.insert(argv.end(), {"--inject-fault", request.fault});

    EngineRun run;
    try {
        // The startup seed only matters for noise and random misset, which the harness never
        // draws from the clock: a fixed seed keeps two runs of one case identical.
        const nbsim::CommandLine cl = nbsim::parse_command_line(argv, -1);
        std::ostringstream log; // the set-up chatter nbsim prints; not part of the comparison
        const nbsim::Experiment ex = nbsim::build_experiment(cl.args, log);
        nbsim::RecordCollector collector;
        nbsim::SimulationRequest req;
        for (const auto& [slow, fast] : request.pixels)
            req.trace_pixels.push_back(nbsim::PixelIndex{slow, fast});
        req.trace_pixels_only = request.traced_only;
        req.sink = &collector;
        req.progress = request.progress;
        nbsim::SimulationResult result = nbsim::simulate(ex, cl.run, req);

        nbtrace::RecordSet records(nbtrace::Side::simulator);
        std::vector<nbtrace::Record> emitted = collector.take();
        std::ostringstream text;
        nbtrace::write_trace_py(text, emitted);
        for (nbtrace::Record& r : emitted)
            records.add(r.key, r.idx, std::move(r.values));
        run.records = records.take();
        run.conflicts = records.conflicts();
        run.legacy_text = text.str();
        run.fast_pixels = result.fast_pixels;
        run.slow_pixels = result.slow_pixels;
        for (const auto& [slow, fast] : request.pixels)
            run.traced_values.push_back(
                result.image[static_cast<std::size_t>(slow) * result.fast_pixels + fast]);
        if (!request.traced_only)
            run.image = std::move(result.image);
        run.threads = result.threads;
    } catch (const nbsim::UsageError& e) {
        return HarnessError{kExitUsage, std::string("simulator: ") + e.what()};
    } catch (const nbsim::InputError& e) {
        return HarnessError{kExitInput, std::string("simulator: ") + e.what()};
    } catch (const nbtrace::RecordError& e) {
        return HarnessError{kExitInternal, std::string("simulator: trace record: ") + e.what()};
    }
    run.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return run;
}

} // namespace harness
