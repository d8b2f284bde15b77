#include "ref_runner.h"

#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <stdexcept>

namespace nbtest {

namespace {

struct Capture {
    std::vector<RefEvent>* events;
    nbref_legacy_printer* printer;
};

void record(void* user, const nbref_trace_event* ev) {
    auto* c = static_cast<Capture*>(user);
    c->events->push_back(
        RefEvent{ev->key, ev->idx, std::vector<double>(ev->values, ev->values + ev->n)});
    if (c->printer)
        nbref_legacy_trace(c->printer, ev);
}

bool matches(const nbref_indices& i, const nbref_indices& w) {
    auto ok = [](int have, int want) { return want < 0 || have == want; };
    return ok(i.pixel_slow, w.pixel_slow) && ok(i.pixel_fast, w.pixel_fast) &&
           ok(i.layer, w.layer) && ok(i.sub_s, w.sub_s) && ok(i.sub_f, w.sub_f) &&
           ok(i.source, w.source) && ok(i.phi, w.phi) && ok(i.mosaic, w.mosaic);
}

} // namespace

nbref_indices any() {
    nbref_indices i;
    i.pixel_slow = i.pixel_fast = i.layer = i.sub_s = i.sub_f = i.source = i.phi = i.mosaic = -1;
    return i;
}

std::vector<const RefEvent*> RefResult::find(const std::string& key,
                                             const nbref_indices& where) const {
    std::vector<const RefEvent*> out;
    for (const auto& e : events)
        if (e.key == key && matches(e.idx, where))
            out.push_back(&e);
    return out;
}

const RefEvent& RefResult::pixel_value(const std::string& key, int slow, int fast) const {
    for (const auto& e : events)
        if (e.key == key && e.idx.pixel_slow == slow && e.idx.pixel_fast == fast &&
            e.idx.layer < 0 && e.idx.source < 0 && e.idx.phi < 0)
            return e;
    throw std::runtime_error("no pixel-level event " + key);
}

RefResult run_ref(const std::vector<std::string>& args, const RefOptions& opts) {
    RefResult r;
    std::vector<std::string> argv_s{"nanobragg_ref"};
    argv_s.insert(argv_s.end(), args.begin(), args.end());
    argv_s.push_back("--threads");
    argv_s.push_back(std::to_string(opts.threads));
    if (!opts.schedule.empty()) {
        argv_s.push_back("--schedule");
        argv_s.push_back(opts.schedule);
    }
    if (opts.phi0_fix)
        argv_s.push_back("--phi0-fix");
    std::vector<const char*> argv;
    for (const auto& a : argv_s)
        argv.push_back(a.c_str());

    char* buf = nullptr;
    size_t len = 0;
    FILE* log = open_memstream(&buf, &len);
    Capture cap{&r.events, opts.legacy_trace ? nbref_legacy_printer_new(log) : nullptr};
    nbref_create_options co;
    nbref_create_options_init(&co);
    co.log = log;
    co.trace_fn = record;
    co.trace_user = &cap;
    co.write_fdump = opts.write_fdump ? 1 : 0;

    char err[1024] = "";
    nbref_sim* sim = nullptr;
    r.status = nbref_create((int)argv.size(), argv.data(), &co, &sim, err, sizeof err);
    for (const auto& p : opts.extra_trace)
        if (r.status == NBREF_OK)
            r.status = nbref_add_trace_pixel(sim, p.first, p.second, err, sizeof err);
    if (r.status == NBREF_OK && opts.traced_only)
        nbref_set_traced_only(sim, 1);
    if (r.status == NBREF_OK)
        r.status = nbref_run(sim, err, sizeof err);
    if (r.status == NBREF_OK && opts.write_outputs)
        r.status = nbref_write_outputs(sim, err, sizeof err);
    if (r.status == NBREF_OK) {
        const float* img = nbref_image(sim, &r.fpixels, &r.spixels);
        r.image.assign(img, img + (size_t)r.fpixels * r.spixels);
    }
    r.error = err;
    nbref_destroy(sim);
    if (cap.printer)
        nbref_legacy_printer_free(cap.printer);
    std::fclose(log);
    r.log.assign(buf, len);
    std::free(buf);
    return r;
}

std::vector<std::string> lines_starting_with(const std::string& text,
                                             const std::vector<std::string>& prefixes) {
    std::vector<std::string> out;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line))
        for (const auto& p : prefixes)
            if (line.rfind(p, 0) == 0) {
                out.push_back(line);
                break;
            }
    return out;
}

} // namespace nbtest
