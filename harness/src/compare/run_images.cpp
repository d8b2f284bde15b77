#include "compare/run_images.h"

#include "compare/run_pipeline.h"
#include "sides/progress_line.h"
#include "sides/simulator_engine.h"

#include <chrono>
#include <cmath>

namespace harness {

namespace {

nbimage::Image whole_detector(const EngineRun& run) {
    return nbimage::Image::from_float32({run.slow_pixels, run.fast_pixels}, run.image);
}

// "nbsim float64 c-parity, 2 threads, full-frame schedule"
std::string nbsim_text(const EngineRequest& r) {
    std::string t = "nbsim " + text(r.dtype) + " " + text(r.phi_mode) + ", " +
                    std::to_string(r.threads) + " thread(s), " + text(r.schedule) + " schedule";
    if (!r.fault.empty())
        t += ", injected fault " + r.fault;
    return t;
}

SideImage frame_of(EngineRequest request, const std::string& side) {
    request.traced_only = false;
    request.pixels.clear();
    // short enough for one terminal line: the summary says the rest
    ProgressLine progress("nbsim: " + side + " frame" +
                          (request.fault.empty() ? "" : " (fault " + request.fault + ")"));
    request.progress = progress.stream();
    const auto t0 = std::chrono::steady_clock::now();
    std::variant<EngineRun, HarnessError> run = run_simulator(request);
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    progress.done(wall);
    if (auto* e = std::get_if<HarnessError>(&run))
        throw *e;
    SideImage out;
    out.image = whole_detector(std::get<EngineRun>(run));
    out.wall_s = wall;
    return out;
}

nbimage::ImageMetrics metrics_of(const ImagePair& p) {
    return nbimage::compute_metrics(p.reference.image, p.simulator.image, p.region);
}

} // namespace

ImagePair roi_pair(const EngineRun& reference, const EngineRun& simulator,
                   const nbtrace::Region& roi) {
    ImagePair p;
    p.kind = "roi";
    p.region = roi;
    p.reference = {whole_detector(reference), "nanobragg_ref (the reference engine)",
                   reference.wall_s};
    p.simulator = {whole_detector(simulator), "nbsim (the simulator)", simulator.wall_s};
    p.metrics = metrics_of(p);
    return p;
}

ImagePair full_frame_pair(const EngineRequest& simulator) {
    ImagePair p;
    p.kind = "full_frame";
    p.reference_by_standin = true;
    EngineRequest standin = simulator;
    standin.dtype = Dtype::float64;
    standin.fault.clear();
    p.reference = frame_of(standin, "reference");
    p.reference.engine = nbsim_text(standin) + ", standing in for the reference engine";
    if (simulator.dtype == Dtype::float64 && simulator.fault.empty()) {
        // the simulator as the run asks for it is this very computation: not repeated
        p.simulator = p.reference;
        p.simulator.engine = nbsim_text(simulator) +
                             " (the simulator; the same computation as the reference side's "
                             "frame, made once)";
        p.simulator.wall_s = 0;
    } else {
        p.simulator = frame_of(simulator, "simulator");
        p.simulator.engine = nbsim_text(simulator) + " (the simulator)";
    }
    p.region = nbimage::full_region(p.reference.image.shape());
    p.metrics = metrics_of(p);
    return p;
}

void describe_traced_pixels(RunImages& images, const std::vector<nbtrace::Pixel>& pixels,
                            const std::vector<std::string>& sources, const EngineRun& reference,
                            const EngineRun& simulator, const nbtrace::DiffResult& diff) {
    std::optional<nbimage::PixelReporter> reporter;
    if (images.pair)
        reporter.emplace(images.pair->reference.image, images.pair->simulator.image,
                         images.pair->region);
    images.pixels.clear();
    images.standin_checks.clear();
    for (std::size_t i = 0; i < pixels.size(); ++i) {
        TracedPixel t;
        t.pixel = pixels[i];
        t.source = i < sources.size() ? sources[i] : "given";
        if (i < reference.traced_values.size())
            t.reference = reference.traced_values[i];
        if (i < simulator.traced_values.size())
            t.simulator = simulator.traced_values[i];
        for (std::size_t r = 0; r < diff.rows.size() && !t.first_divergence; ++r) {
            const nbtrace::DiffRow& row = diff.rows[r];
            if (row.status == nbtrace::RowStatus::fail && row.gating &&
                row.idx.pixel_slow == t.pixel.slow && row.idx.pixel_fast == t.pixel.fast)
                t.first_divergence = r;
        }
        const nbtrace::Pixel& p = pixels[i];
        if (reporter && images.pair->region.contains(p)) {
            t.in_images = reporter->report(p, t.source);
            if (images.pair->reference_by_standin && t.reference) {
                StandinCheck c{t.pixel, *t.reference, images.pair->reference.image.at(p), 0};
                const double d = std::fabs(c.frame - c.traced);
                c.relative = d == 0 ? 0 : d / std::fabs(c.traced);
                images.standin_checks.push_back(c);
            }
        }
        images.pixels.push_back(std::move(t));
    }
}

std::vector<std::string> image_failures(const RunImages& images, double rtol) {
    std::vector<std::string> out;
    for (const StandinCheck& c : images.standin_checks)
        if (!(c.relative <= rtol)) // NaN fails too
            out.push_back(
                "the frame the pixels were picked on is not the reference's image at (slow " +
                std::to_string(c.pixel.slow) + ", fast " + std::to_string(c.pixel.fast) + ")");
    return out;
}

} // namespace harness
