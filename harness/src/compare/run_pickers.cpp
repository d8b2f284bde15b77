#include "compare/run_pickers.h"

#include "compare/run_pipeline.h"

#include "nbimage/metrics_text.h"
#include "nbsim/command_line.h"
#include "nbsim/errors.h"
#include "nbsim/experiment.h"

#include <sstream>

namespace harness {

namespace {

using nbimage::PickerSpec;

std::string where(const ImagePair& images) {
    return images.kind == "roi" ? "the ROI images" : "the full frames";
}

// The case's experiment as nbsim builds it (detector, mask, -dmin), for thread-first.
std::vector<nbtrace::Pixel> thread_first(const EngineRequest& r) {
    std::vector<std::string> argv = r.args;
    argv.insert(argv.end(),
                {"--threads", std::to_string(r.threads), "--schedule", text(r.schedule)});
    try {
        const nbsim::CommandLine cl = nbsim::parse_command_line(argv, -1);
        std::ostringstream log;
        const nbsim::Experiment ex = nbsim::build_experiment(cl.args, log);
        return nbimage::pick_thread_first(ex, cl.run.schedule, r.threads);
    } catch (const nbsim::UsageError& e) {
        throw HarnessError{kExitUsage, std::string("simulator: ") + e.what()};
    } catch (const nbsim::InputError& e) {
        throw HarnessError{kExitInput, std::string("simulator: ") + e.what()};
    }
}

void pick_brightest(const PickerSpec& spec, const ImagePair& images, PickedPixels& out) {
    const auto peaks = nbimage::pick_brightest(images.reference.image, images.region, spec.count);
    std::string found;
    for (const nbimage::PixelValue& p : peaks) {
        out.pixels.push_back(p.pixel);
        out.sources.push_back(spec.to_string());
        found += (found.empty() ? "" : ", ") + p.pixel.to_string() + " " +
                 nbimage::format_number(p.value);
    }
    out.notes.push_back(spec.to_string() + ": " +
                        (peaks.empty() ? "the reference side of " + where(images) +
                                             " has no local maximum above its signal floor"
                                       : "the brightest local maxima of the reference side of " +
                                             where(images) + ": " + found));
}

void pick_worst(const PickerSpec& spec, const ImagePair& images, PickedPixels& out) {
    const auto worst =
        nbimage::pick_worst(images.reference.image, images.simulator.image, images.region,
                            spec.count, images.metrics.relative.floor);
    std::string found;
    for (const nbimage::RelativeDifference& d : worst) {
        if (d.relative == 0) // agreeing pixels are not where the sides disagree most
            break;
        out.pixels.push_back({d.pixel.slow, d.pixel.fast});
        out.sources.push_back(spec.to_string());
        found += (found.empty() ? "" : ", ") + d.pixel.to_string() + " " +
                 nbimage::format_number(d.relative);
    }
    const std::string floor =
        "above the signal floor " + nbimage::format_number(images.metrics.relative.floor);
    out.notes.push_back(
        spec.to_string() + ": " +
        (found.empty()
             ? "the two sides of " + where(images) + " agree exactly at every pixel " + floor +
                   ": nothing to trace"
             : "largest |sim - ref| / |ref| of " + where(images) + " " + floor + ": " + found));
}

} // namespace

bool needs_images(const std::vector<PickerSpec>& picks) {
    for (const PickerSpec& p : picks)
        if (p.kind != PickerSpec::Kind::thread_first)
            return true;
    return false;
}

PickedPixels apply_pickers(const std::vector<PickerSpec>& picks, const ImagePair* images,
                           const EngineRequest& simulator) {
    PickedPixels out;
    for (const PickerSpec& spec : picks) {
        switch (spec.kind) {
        case PickerSpec::Kind::brightest:
            pick_brightest(spec, *images, out);
            break;
        case PickerSpec::Kind::worst:
            pick_worst(spec, *images, out);
            break;
        case PickerSpec::Kind::thread_first: {
            std::string found;
            for (const nbtrace::Pixel& p : thread_first(simulator)) {
                out.pixels.push_back(p);
                out.sources.push_back(spec.to_string());
                found += (found.empty() ? "" : ", ") + p.to_string();
            }
            out.notes.push_back(spec.to_string() + ": the first pixel of each of " +
                                std::to_string(simulator.threads) + " thread(s) in the " +
                                text(simulator.schedule) +
                                " schedule: " + (found.empty() ? "none" : found));
            break;
        }
        }
    }
    return out;
}

void keep_inside_roi(PickedPixels& picked, const nbtrace::Region& roi) {
    PickedPixels kept;
    kept.notes = picked.notes;
    std::string outside;
    for (std::size_t i = 0; i < picked.pixels.size(); ++i) {
        if (roi.contains(picked.pixels[i])) {
            kept.pixels.push_back(picked.pixels[i]);
            kept.sources.push_back(picked.sources[i]);
        } else {
            outside += (outside.empty() ? "" : ", ") + picked.pixels[i].to_string() + " [" +
                       picked.sources[i] + "]";
        }
    }
    if (!outside.empty())
        kept.notes.push_back("outside the ROI the engines compute (fast " +
                             std::to_string(roi.fast_min) + ".." + std::to_string(roi.fast_max) +
                             ", slow " + std::to_string(roi.slow_min) + ".." +
                             std::to_string(roi.slow_max) + "), not traced: " + outside +
                             (outside.find("thread-first") != std::string::npos
                                  ? " (--schedule roi gives the threads' first pixels in the ROI)"
                                  : ""));
    picked = std::move(kept);
}

void add_picked(const PickedPixels& picked, std::vector<nbtrace::Pixel>& pixels,
                std::vector<std::string>& sources) {
    sources.resize(pixels.size(), "given");
    for (std::size_t i = 0; i < picked.pixels.size(); ++i) {
        std::size_t at = 0;
        while (at < pixels.size() && pixels[at] != picked.pixels[i])
            ++at;
        if (at == pixels.size()) {
            pixels.push_back(picked.pixels[i]);
            sources.push_back(picked.sources[i]);
        } else if ((", " + sources[at] + ",").find(", " + picked.sources[i] + ",") ==
                   std::string::npos) {
            sources[at] += ", " + picked.sources[i];
        }
    }
}

} // namespace harness
