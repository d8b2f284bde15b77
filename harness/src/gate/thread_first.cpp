#include "gate/thread_first.h"

#include "case/case_inputs.h"
#include "compare/run_pipeline.h"

#include "nbref/nbref.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>

namespace harness::gate {

namespace fs = std::filesystem;

namespace {

// The detector size and region from the reference's set-up events.
struct Frame {
    int rows = 0, columns = 0;
    std::vector<double> roi; // fmin fmax smin smax, inclusive
};

void on_event(void* user, const nbref_trace_event* ev) {
    Frame& f = *static_cast<Frame*>(user);
    if (!std::strcmp(ev->key, "detpixels") && ev->n == 2) {
        f.rows = static_cast<int>(ev->values[0]); // (spixels, fpixels)
        f.columns = static_cast<int>(ev->values[1]);
    }
    if (!std::strcmp(ev->key, "roi") && ev->n == 4)
        f.roi.assign(ev->values, ev->values + 4);
}

// A folder for the case's input files while the reference reads them; removed on destruction.
class ScratchInputs {
  public:
    ScratchInputs() {
        std::random_device rd;
        dir_ = fs::temp_directory_path() / ("trace_harness-gate-" + std::to_string(rd()));
        fs::create_directories(dir_);
    }
    ~ScratchInputs() {
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }
    const fs::path& dir() const { return dir_; }

  private:
    fs::path dir_;
};

} // namespace

std::vector<nbtrace::Pixel> thread_first_pixels(int rows, const nbtrace::Region& region,
                                                int threads) {
    std::vector<nbtrace::Pixel> out;
    const int q = rows / threads, r = rows % threads;
    for (int t = 0; t < threads; ++t) {
        const int begin = t * q + std::min(t, r);
        const int end = begin + q + (t < r ? 1 : 0); // one past the block's last row
        const int row = std::max(begin, region.slow_min);
        if (row < end && row <= region.slow_max)
            out.push_back({row, region.fast_min});
    }
    return out;
}

std::vector<nbtrace::Pixel> thread_first_pixels(const Case& c, int threads) {
    CaseRequest request;
    if (c.preset) {
        request.preset = *c.preset;
        request.input_options = c.inputs;
    } else {
        request.command = c.args;
    }
    ResolvedCase resolved;
    try {
        resolved = resolve_case(request);
    } catch (const HarnessError& e) {
        throw HarnessError{kExitInput, "case " + c.name + ": " + e.message};
    }
    ScratchInputs scratch;
    for (const ResolvedInput& in : resolved.inputs)
        std::ofstream(scratch.dir() / in.bundle_name, std::ios::binary) << in.bytes;
    std::optional<nbtrace::Region> roi;
    if (c.roi)
        roi = nbtrace::Region::from_roi_flag((*c.roi)[0], (*c.roi)[1], (*c.roi)[2], (*c.roi)[3]);
    std::vector<std::string> argv{"nanobragg_ref"};
    for (const std::string& a : case_args_with_roi(resolved.args(scratch.dir().string()), roi))
        argv.push_back(a);
    argv.insert(argv.end(), {"--threads", std::to_string(threads), "--schedule", c.schedule});
    std::vector<const char*> cargv;
    for (const std::string& a : argv)
        cargv.push_back(a.c_str());

    Frame frame;
    nbref_create_options options;
    nbref_create_options_init(&options);
    options.trace_fn = on_event;
    options.trace_user = &frame;
    nbref_sim* sim = nullptr;
    char err[512] = "";
    const nbref_status status =
        nbref_create(static_cast<int>(cargv.size()), cargv.data(), &options, &sim, err, sizeof err);
    if (status != NBREF_OK)
        throw HarnessError{kExitInput,
                           "case " + c.name +
                               ": pick thread_first: the reference refuses the case: " + err};
    nbref_destroy(sim);
    if (frame.rows <= 0 || frame.roi.size() != 4)
        throw HarnessError{kExitInput,
                           "case " + c.name +
                               ": pick thread_first: no detector size in the reference's set-up"};
    const bool whole = c.schedule == text(Schedule::full_frame);
    const nbtrace::Region region =
        whole ? nbtrace::Region{0, frame.rows - 1, 0, frame.columns - 1}
              : nbtrace::Region::from_roi_flag(
                    static_cast<int>(frame.roi[0]), static_cast<int>(frame.roi[1]),
                    static_cast<int>(frame.roi[2]), static_cast<int>(frame.roi[3]));
    return thread_first_pixels(frame.rows, region, threads);
}

} // namespace harness::gate
