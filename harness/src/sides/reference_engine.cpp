#include "sides/reference_engine.h"

#include "bundle/engine_command.h"

#include "nbref/nbref.h"
#include "nbtrace/record_set.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>

namespace harness {

namespace {

std::optional<int> index_of(int v) {
    return v < 0 ? std::nullopt : std::optional<int>(v);
}

nbtrace::Indices to_indices(const nbref_indices& i) {
    nbtrace::Indices idx;
    idx.pixel_slow = index_of(i.pixel_slow);
    idx.pixel_fast = index_of(i.pixel_fast);
    idx.layer = index_of(i.layer);
    idx.sub_s = index_of(i.sub_s);
    idx.sub_f = index_of(i.sub_f);
    idx.source = index_of(i.source);
    idx.phi = index_of(i.phi);
    idx.mosaic = index_of(i.mosaic);
    return idx;
}

// Receives the engine's events: every one becomes a record, and the C program's own printer
// writes the TRACE_C text from the same events.
struct Collector {
    nbtrace::RecordSet records{nbtrace::Side::reference};
    nbref_legacy_printer* printer = nullptr;
    std::string error; // first exception thrown while converting (callbacks cannot throw)
};

void on_event(void* user, const nbref_trace_event* ev) {
    auto* c = static_cast<Collector*>(user);
    if (c->printer)
        nbref_legacy_trace(c->printer, ev);
    if (!c->error.empty())
        return;
    try {
        c->records.add(ev->key, to_indices(ev->idx),
                       std::vector<double>(ev->values, ev->values + ev->n));
    } catch (const std::exception& e) {
        c->error = e.what();
    }
}

// An in-memory FILE* for the printer.
struct MemoryStream {
    char* buf = nullptr;
    size_t len = 0;
    FILE* fp = nullptr;
    MemoryStream() : fp(open_memstream(&buf, &len)) {}
    ~MemoryStream() {
        if (fp)
            std::fclose(fp);
        std::free(buf);
    }
    std::string take() {
        std::fflush(fp);
        return std::string(buf, len);
    }
};

std::vector<std::string> engine_argv(const EngineRequest& r) {
    std::vector<std::string> argv{"nanobragg_ref"};
    argv.insert(argv.end(), r.args.begin(), r.args.end());
    argv.insert(argv.end(), {"--threads", std::to_string(r.threads)});
    if (r.phi0_fix)
        argv.push_back("--phi0-fix");
    return argv;
}

} // namespace

std::vector<std::string> reference_command_line(const EngineRequest& r, int slow, int fast) {
    std::vector<std::string> argv = engine_argv(r);
    const std::vector<std::string> schedule = schedule_args_for_pixel(r, slow, fast);
    argv.insert(argv.end(), schedule.begin(), schedule.end());
    argv.insert(argv.end(), {"-trace_pixel", std::to_string(slow), std::to_string(fast)});
    return argv;
}

std::variant<EngineRun, HarnessError> run_reference(const EngineRequest& request) {
    const auto t0 = std::chrono::steady_clock::now();
    std::vector<std::string> argv_s = engine_argv(request);
    argv_s.insert(argv_s.end(), {"--schedule", text(request.schedule)});
    std::vector<const char*> argv;
    for (const auto& a : argv_s)
        argv.push_back(a.c_str());

    MemoryStream text;
    Collector collector;
    std::unique_ptr<nbref_legacy_printer, void (*)(nbref_legacy_printer*)> printer(
        nbref_legacy_printer_new(text.fp), nbref_legacy_printer_free);
    collector.printer = printer.get();

    nbref_create_options opts;
    nbref_create_options_init(&opts);
    opts.trace_fn = on_event;
    opts.trace_user = &collector;
    // the C program's own chatter goes to the same text as the TRACE_C lines, in order: the
    // legacy trace reads like the C program's stdout
    opts.log = text.fp;

    char err[1024] = "";
    nbref_sim* raw = nullptr;
    nbref_status st = nbref_create((int)argv.size(), argv.data(), &opts, &raw, err, sizeof err);
    std::unique_ptr<nbref_sim, void (*)(nbref_sim*)> sim(raw, nbref_destroy);
    for (const auto& [slow, fast] : request.pixels)
        if (st == NBREF_OK && nbref_add_trace_pixel(sim.get(), slow, fast, err, sizeof err))
            return HarnessError{kExitUsage, "--pixel " + std::to_string(slow) + " " +
                                                std::to_string(fast) + ": " + err};
    if (st == NBREF_OK) {
        nbref_set_traced_only(sim.get(), request.traced_only ? 1 : 0);
        st = nbref_run(sim.get(), err, sizeof err);
    }
    if (st != NBREF_OK)
        return HarnessError{static_cast<ExitCode>(st), std::string("reference: ") + err};
    if (!collector.error.empty())
        return HarnessError{kExitInternal, "reference: trace record: " + collector.error};

    EngineRun run;
    const float* img = nbref_image(sim.get(), &run.fast_pixels, &run.slow_pixels);
    for (const auto& [slow, fast] : request.pixels)
        run.traced_values.push_back(img[static_cast<size_t>(slow) * run.fast_pixels + fast]);
    if (!request.traced_only) // a traced-only run's image is the traced pixels, zero elsewhere
        run.image.assign(img, img + static_cast<size_t>(run.fast_pixels) * run.slow_pixels);
    run.threads = nbref_threads(sim.get());
    run.records = collector.records.take();
    run.conflicts = collector.records.conflicts();
    run.legacy_text = text.take();
    run.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return run;
}

} // namespace harness
