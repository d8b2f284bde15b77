#include "bundle/images_report.h"

#include "bundle/report_text.h"

#include "nbimage/image_io.h"
#include "nbimage/metrics_json.h"
#include "nbimage/metrics_text.h"

#include <boost/json.hpp>

#include <algorithm>
#include <sstream>

namespace harness {

namespace {

namespace json = boost::json;

// A traced pixel's image value on one side, or why there is none.
std::string value_text(const std::optional<double>& v) {
    return v ? number_text(*v, 9) : "no image";
}

std::string file_of(const ImagePair& p, const char* side) {
    return (p.kind == "roi" ? "roi_" : "frame_") + std::string(side) + ".npy";
}

// The pair's region of one side as its own image (the ROI), or the whole frame.
nbimage::Image cropped(const nbimage::Image& image, const nbtrace::Region& r) {
    if (nbimage::is_full_region(r, image.shape()))
        return image;
    std::vector<double> values;
    values.reserve(r.pixel_count());
    for (int s = r.slow_min; s <= r.slow_max; ++s)
        values.insert(values.end(), image.row(s) + r.fast_min, image.row(s) + r.fast_max + 1);
    return nbimage::Image({r.rows(), r.columns()}, std::move(values), image.element_type());
}

const BundlePicture* phi_plot_of(const RunOutcome& o, std::size_t pixel) {
    for (const BundlePicture& p : o.pictures.phi_plots)
        if (p.pixel == static_cast<int>(pixel))
            return &p;
    return nullptr;
}

json::value side_json(const SideImage& s, const std::string& file) {
    return json::object{{"file", file}, {"engine", s.engine}, {"wall_s", s.wall_s}};
}

json::value pair_json(const RunOutcome& o) {
    if (!o.images.pair)
        return nullptr;
    const ImagePair& p = *o.images.pair;
    json::array checks, pictures;
    for (const StandinCheck& c : o.images.standin_checks)
        checks.push_back(json::object{{"slow", c.pixel.slow},
                                      {"fast", c.pixel.fast},
                                      {"traced", c.traced},
                                      {"frame", c.frame},
                                      {"relative", c.relative}});
    for (const BundlePicture& pic : o.pictures.heatmaps)
        pictures.push_back(json::object{{"file", pic.path}, {"caption", pic.caption}});
    return json::object{{"kind", p.kind},
                        {"reference", side_json(p.reference, file_of(p, o.a_label.c_str()))},
                        {"simulator", side_json(p.simulator, file_of(p, o.b_label.c_str()))},
                        {"reference_by_standin", p.reference_by_standin},
                        {"standin_checks", checks},
                        {"metrics", nbimage::metrics_to_json(p.metrics)},
                        {"pictures", pictures}};
}

json::value first_divergence_json(const RunOutcome& o, const TracedPixel& t) {
    if (!t.first_divergence)
        return nullptr;
    const nbtrace::DiffRow& r = o.diff.rows[*t.first_divergence];
    return json::object{{"stage", nbtrace::to_string(r.stage)},
                        {"key", r.key},
                        {"idx", nbtrace::indices_object(r.idx)}};
}

json::value in_images_json(const TracedPixel& t) {
    if (!t.in_images)
        return nullptr;
    const json::object r = nbimage::pixel_report_json(*t.in_images);
    return json::object{{"reference", r.at("a")}, {"simulator", r.at("b")}};
}

double relative(double reference, double simulator) {
    return reference == simulator ? 0 : std::fabs(simulator - reference) / std::fabs(reference);
}

std::string g(double v) {
    return nbimage::format_number(v);
}

std::string rank_text(const nbimage::PixelSide& s) {
    return std::to_string(s.rank.rank) + " of " + std::to_string(s.rank.pixels);
}

std::string nearest_text(const nbimage::PixelSide& s) {
    if (!s.nearest_maximum)
        return "none above the signal floor";
    const nbimage::NearestMaximum& n = *s.nearest_maximum;
    return g(n.maximum.value) + " at " + n.maximum.pixel.to_string() + ", " + g(n.distance) + " px";
}

} // namespace

std::string detector_text(const RunOutcome& o) {
    return std::to_string(o.reference.fast_pixels) + " fast × " +
           std::to_string(o.reference.slow_pixels) + " slow";
}

std::optional<double> frame_wall_s(const RunOutcome& o, bool reference) {
    if (!o.images.pair || o.images.pair->kind != "full_frame")
        return std::nullopt;
    const SideImage& side = reference ? o.images.pair->reference : o.images.pair->simulator;
    return side.wall_s > 0 ? std::optional<double>(side.wall_s) : std::nullopt;
}

void add_image_files(const RunOutcome& o, nbreport::BundleWriter& w) {
    if (o.images.pair) {
        const ImagePair& p = *o.images.pair;
        w.add_bytes(file_of(p, o.a_label.c_str()),
                    nbimage::encode_npy(cropped(p.reference.image, p.region)));
        w.add_bytes(file_of(p, o.b_label.c_str()),
                    nbimage::encode_npy(cropped(p.simulator.image, p.region)));
    }
    for (const BundlePicture& pic : o.pictures.heatmaps)
        w.add_bytes(pic.path, pic.png);
    for (const BundlePicture& pic : o.pictures.phi_plots)
        w.add_bytes(pic.path, pic.png);
}

void add_images_json(const RunOutcome& o, json::object& m) {
    m["detector"] =
        json::object{{"slow", o.reference.slow_pixels}, {"fast", o.reference.fast_pixels}};
    m["images"] = pair_json(o);
    json::array picks, pixels;
    for (const std::string& n : o.picks)
        picks.push_back(json::string(n));
    m["picks"] = picks;
    for (std::size_t i = 0; i < o.images.pixels.size(); ++i) {
        const TracedPixel& t = o.images.pixels[i];
        const BundlePicture* plot = phi_plot_of(o, i);
        pixels.push_back(json::object{
            {"slow", t.pixel.slow},
            {"fast", t.pixel.fast},
            {"source", t.source},
            {"reference", t.reference ? json::value(*t.reference) : json::value(nullptr)},
            {"simulator", t.simulator ? json::value(*t.simulator) : json::value(nullptr)},
            {"relative_difference",
             !t.reference || !t.simulator || (*t.reference == 0 && *t.simulator != 0)
                 ? json::value(nullptr)
                 : json::value(relative(*t.reference, *t.simulator))},
            {"first_divergence", first_divergence_json(o, t)},
            {"images", in_images_json(t)},
            {"phi_plot", plot ? json::value(plot->path) : json::value(nullptr)}});
    }
    m["traced_pixels"] = pixels;
}

std::string images_md(const RunOutcome& o) {
    std::ostringstream md;
    md << "\n## Traced pixels\n\n";
    if (o.images.pixels.empty())
        md << "No pixel was traced.\n";
    else {
        md << "Values from the traced runs; rank (1 = brightest) and nearest local maximum in "
              "the images when the pixel lies in them.\n\n"
           << "| # | pixel | chosen by | A: " << o.a_label << " | B: " << o.b_label
           << " | rank in A, B image | nearest local maximum (A's image) | first divergence at "
              "this pixel | phi plot |\n|---|---|---|---|---|---|---|---|---|\n";
        for (std::size_t i = 0; i < o.images.pixels.size(); ++i) {
            const TracedPixel& t = o.images.pixels[i];
            md << "| " << i + 1 << " | " << pixel_text(t.pixel) << " | " << t.source << " | "
               << value_text(t.reference) << " | " << value_text(t.simulator) << " | ";
            if (t.in_images)
                md << rank_text(t.in_images->a) << ", " << rank_text(t.in_images->b) << " | "
                   << nearest_text(t.in_images->a);
            else
                md << "not in the images | -";
            md << " | ";
            if (t.first_divergence) {
                const nbtrace::DiffRow& r = o.diff.rows[*t.first_divergence];
                md << nbtrace::to_string(r.stage) << " " << r.key;
            } else
                md << "none";
            const BundlePicture* plot = phi_plot_of(o, i);
            md << " | " << (plot ? "[" + plot->path + "](" + plot->path + ")" : "-") << " |\n";
        }
    }
    for (const std::string& n : o.pictures.notes)
        md << "\nNote: " << n << ".\n";
    if (!o.picks.empty()) {
        md << "\nPickers:\n\n";
        for (const std::string& n : o.picks)
            md << "- " << n << "\n";
    }

    if (!o.images.pair)
        return md.str();
    const ImagePair& p = *o.images.pair;
    md << "\n## Images (" << (p.kind == "roi" ? "ROI" : "full frame") << ")\n\n"
       << "| side | computed by | file |\n|---|---|---|\n"
       << "| A: " << o.a_label << " | " << p.reference.engine << " | `"
       << file_of(p, o.a_label.c_str()) << "` |\n"
       << "| B: " << o.b_label << " | " << p.simulator.engine << " | `"
       << file_of(p, o.b_label.c_str()) << "` |\n";
    if (p.reference_by_standin) {
        std::size_t equal = 0;
        double largest = 0;
        for (const StandinCheck& c : o.images.standin_checks) {
            equal += c.relative == 0;
            largest = std::max(largest, c.relative);
        }
        md << "\nThe reference side's frame is computed by nbsim, the fastest engine that gives "
              "the reference's image (they agree to float32 rounding). Checked at the traced "
              "pixels: the reference engine's traced value equals the frame's at "
           << equal << " of " << o.images.standin_checks.size() << " (largest relative difference "
           << number_text(largest, 3) << "; metrics.json `images.standin_checks`).\n";
    }
    md << "\nMetrics (A = " << o.a_label << ", B = " << o.b_label
       << "; definitions in images/README.md, numbers in metrics.json `images.metrics`):\n\n";
    for (const std::string& line : nbimage::metrics_lines(p.metrics))
        md << "- " << line << "\n";
    if (!o.pictures.heatmaps.empty()) {
        md << "\nPictures (traced pixels marked with their number; slow grows downwards):\n\n";
        for (const BundlePicture& pic : o.pictures.heatmaps)
            md << "- [" << pic.path << "](" << pic.path << "): " << pic.caption << "\n";
        md << "\n![" << o.a_label << ", log scale](pictures/a_log.png)\n";
    }
    return md.str();
}

std::vector<std::string> images_printed_lines(const RunOutcome& o) {
    std::vector<std::string> out;
    if (o.images.pair && o.images.pair->kind == "full_frame") {
        const ImagePair& p = *o.images.pair;
        out.push_back("full frames: side A (" + o.a_label + ") by " + p.reference.engine + " (" +
                      number_text(p.reference.wall_s, 3) + " s); side B (" + o.b_label + ") by " +
                      p.simulator.engine);
    }
    for (const std::string& n : o.picks)
        out.push_back("pick: " + n);
    for (std::size_t i = 0; i < o.images.pixels.size(); ++i) {
        const TracedPixel& t = o.images.pixels[i];
        std::string line = "pixel " + std::to_string(i + 1) + " " + pixel_text(t.pixel) + " [" +
                           t.source + "]: " + o.a_label + " " + value_text(t.reference);
        if (t.in_images)
            line += " (rank " + rank_text(t.in_images->a) + ")";
        line += ", " + o.b_label + " " + value_text(t.simulator);
        if (t.in_images)
            line += " (rank " + rank_text(t.in_images->b) + ")";
        if (t.first_divergence) {
            const nbtrace::DiffRow& r = o.diff.rows[*t.first_divergence];
            line += "; first divergence at this pixel " + std::string(nbtrace::to_string(r.stage)) +
                    " " + r.key;
        }
        out.push_back(line);
    }
    return out;
}

} // namespace harness
