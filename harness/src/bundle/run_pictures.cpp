#include "bundle/run_pictures.h"

#include "bundle/report_text.h"

#include "nbimage/phi_plot.h"
#include "nbimage/pictures.h"

#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>

namespace harness {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The pass a per-phi record belongs to: its indices without pixel and phi step.
nbtrace::Indices pass_of(const nbtrace::Record& r) {
    nbtrace::Indices idx = r.idx;
    idx.pixel_slow.reset();
    idx.pixel_fast.reset();
    idx.phi.reset();
    return idx;
}

bool per_phi_at(const nbtrace::Record& r, int slow, int fast) {
    return r.idx.phi && r.idx.pixel_slow == slow && r.idx.pixel_fast == fast &&
           (r.key == "hkl_frac" || r.key == "I_contribution");
}

nbimage::PhiSeries series(const std::string& name, const std::vector<nbtrace::Record>& records,
                          int slow, int fast, const PhiPass& pass) {
    nbimage::PhiSeries s;
    s.name = name;
    const auto n = static_cast<std::size_t>(pass.steps);
    s.h.assign(n, kNaN);
    s.k.assign(n, kNaN);
    s.l.assign(n, kNaN);
    s.contribution.assign(n, kNaN);
    for (const nbtrace::Record& r : records) {
        if (!per_phi_at(r, slow, fast) || pass_of(r) != pass.pass || *r.idx.phi >= pass.steps)
            continue;
        const auto i = static_cast<std::size_t>(*r.idx.phi);
        if (r.key == "hkl_frac" && r.values.size() == 3) {
            s.h[i] = r.values[0];
            s.k[i] = r.values[1];
            s.l[i] = r.values[2];
        } else if (r.key == "I_contribution" && !r.values.empty()) {
            s.contribution[i] = r.values[0];
        }
    }
    return s;
}

// "source 0, mosaic 0" (the indices the pass has)
std::string pass_text(const nbtrace::Indices& pass) {
    const std::string t = pass.to_string();
    return t == "-" ? "" : ", " + t;
}

std::vector<double> phi_angles(const std::vector<nbtrace::Record>& reference, int steps) {
    std::vector<double> deg(static_cast<std::size_t>(steps), kNaN);
    for (const nbtrace::Record& r : reference)
        if (r.key == "phi_angle" && !r.idx.pixel_slow && r.idx.phi && *r.idx.phi < steps &&
            !r.values.empty())
            deg[static_cast<std::size_t>(*r.idx.phi)] = r.values[0];
    for (double d : deg)
        if (std::isnan(d))
            return {}; // angles of some steps unknown: steps only
    return deg;
}

} // namespace

PhiPass choose_phi_pass(const std::vector<nbtrace::Record>& pass_from, int slow, int fast) {
    std::map<nbtrace::Indices, double> contribution; // per pass, summed over phi
    PhiPass out;
    for (const nbtrace::Record& r : pass_from) {
        if (!per_phi_at(r, slow, fast))
            continue;
        out.steps = std::max(out.steps, *r.idx.phi + 1);
        double& sum = contribution[pass_of(r)];
        if (r.key == "I_contribution" && !r.values.empty() && std::isfinite(r.values[0]))
            sum += r.values[0];
    }
    double best = -1;
    for (const auto& [pass, sum] : contribution) // in index order: the first pass wins ties
        if (sum > best) {
            best = sum;
            out.pass = pass;
        }
    return out;
}

RunPictures render_pictures(const RunImages& images, const std::vector<nbtrace::Pixel>& pixels,
                            const std::vector<nbtrace::Record>& reference,
                            const std::vector<nbtrace::Record>& simulator) {
    RunPictures out;
    if (images.pair) {
        const ImagePair& p = *images.pair;
        nbimage::PictureOptions options;
        options.name_a = "reference";
        options.name_b = "simulator";
        for (std::size_t i = 0; i < pixels.size(); ++i) {
            const nbtrace::Pixel& px = pixels[i];
            if (p.region.contains(px))
                options.marks.push_back({px, std::to_string(i + 1)});
        }
        for (nbimage::Picture& pic :
             nbimage::comparison_pictures(p.reference.image, p.simulator.image, p.region, options))
            out.heatmaps.push_back(
                {"pictures/" + pic.file_name, std::move(pic.caption), std::move(pic.png), -1});
    }
    for (std::size_t i = 0; i < pixels.size(); ++i) {
        const auto [slow, fast] = pixels[i];
        const PhiPass pass = choose_phi_pass(reference, slow, fast);
        if (pass.steps == 0) {
            out.notes.push_back("no per-phi records at " + pixel_text(slow, fast) +
                                ": no phi plot");
            continue;
        }
        nbimage::PhiPlot plot;
        plot.title = "pixel " + pixel_text(slow, fast) + pass_text(pass.pass);
        plot.phi_deg = phi_angles(reference, pass.steps);
        plot.a = series("reference", reference, slow, fast, pass);
        plot.b = series("simulator", simulator, slow, fast, pass);
        BundlePicture pic;
        pic.path = "pictures/phi_" + std::to_string(i + 1) + "_slow" + std::to_string(slow) +
                   "_fast" + std::to_string(fast) + ".png";
        pic.caption = "h, k, l (fractional) and the contribution of each phi step at " +
                      pixel_text(slow, fast) + pass_text(pass.pass) + ", both sides";
        pic.pixel = static_cast<int>(i);
        try {
            pic.png = nbimage::phi_plot_png(plot);
        } catch (const std::invalid_argument& e) {
            out.notes.push_back("no phi plot at " + pixel_text(slow, fast) + ": " + e.what());
            continue;
        }
        out.phi_plots.push_back(std::move(pic));
    }
    return out;
}

} // namespace harness
