// Writes sample pictures into a folder, for pngcheck (check_pngs.sh) and for people to look at:
// the eight heatmaps of a synthetic full 2527 x 2463 frame pair (Bragg-like spots on a smooth
// background; B with one spot moved and one 10 % brighter), and a per-phi plot of two sides
// whose step 0 differs as C-PARITY-001 makes it.
//
//   nbimage_picture_samples DIR
#include "nbimage/phi_plot.h"
#include "nbimage/pictures.h"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>

using namespace nbimage;
using nbtrace::Region;

namespace {

void write(const std::filesystem::path& p, const std::string& bytes) {
    std::ofstream out(p, std::ios::binary);
    out << bytes;
    if (!out)
        throw std::runtime_error(p.string() + ": cannot write");
}

// Background falling off from the beam centre, plus Gaussian spots of 1.2 px on a 40 px lattice.
std::vector<double> frame(int rows, int cols, int moved_spot_shift) {
    std::vector<double> v(static_cast<std::size_t>(rows) * cols);
    for (int s = 0; s < rows; ++s)
        for (int f = 0; f < cols; ++f) {
            const double r2 = std::pow(s - 1264.0, 2) + std::pow(f - 1231.0, 2);
            v[static_cast<std::size_t>(s) * cols + f] = 0.05 / (1 + r2 / 4e5);
        }
    for (int ps = 60; ps < rows - 60; ps += 40)
        for (int pf = 60; pf < cols - 60; pf += 40) {
            const double height =
                5 + 400 * std::exp(-(std::pow(ps - 1039.0, 2) + std::pow(pf - 685.0, 2)) / 2e5);
            const int shift = (ps == 1060 && pf == 700) ? moved_spot_shift : 0;
            for (int ds = -4; ds <= 4; ++ds)
                for (int df = -4; df <= 4; ++df) {
                    const double g = std::exp(-(ds * ds + (df - shift) * (df - shift)) / 2.88);
                    v[static_cast<std::size_t>(ps + ds) * cols + pf + df] += height * g;
                }
        }
    return v;
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: nbimage_picture_samples DIR\n";
        return 1;
    }
    const std::filesystem::path dir = argv[1];
    std::filesystem::create_directories(dir);
    const Shape shape{2527, 2463};
    std::vector<double> vb = frame(shape.slow, shape.fast, 2);
    vb[static_cast<std::size_t>(1460) * shape.fast + 1100] *= 1.1;
    const Image a(shape, frame(shape.slow, shape.fast, 0), ElementType::float32);
    const Image b(shape, vb, ElementType::float32);
    PictureOptions o;
    o.name_a = "synthetic reference";
    o.name_b = "synthetic, one spot moved 2 px";
    o.marks = {{{1060, 700}, "1"}, {{1460, 1100}, "2"}};
    for (const Picture& p : comparison_pictures(a, b, full_region(shape), o))
        write(dir / p.file_name, p.png);
    for (const Picture& p :
         comparison_pictures(a, b, Region::from_roi_flag(680, 720, 1040, 1080), o))
        write(dir / ("roi_" + p.file_name), p.png);

    PhiPlot plot;
    plot.title = "pixel (slow 685, fast 1039): per-phi Miller indices and contributions";
    plot.a.name = "reference (C-PARITY-001)";
    plot.b.name = "simulator (spec)";
    for (int i = 0; i < 10; ++i) {
        plot.phi_deg.push_back(0.01 * i);
        plot.b.h.push_back(26.23 + 0.0021 * i);
        plot.b.k.push_back(-0.5892 - 0.0020 * i);
        plot.b.l.push_back(-7.858 + 0.0004 * i);
        plot.b.contribution.push_back(1e5 * std::exp(-std::pow((i - 2.0) / 2.5, 2)));
    }
    plot.a = PhiSeries{plot.a.name, plot.b.h, plot.b.k, plot.b.l, plot.b.contribution};
    plot.a.h[0] = plot.b.h[9]; // step 0 carries the vectors of step 9
    plot.a.k[0] = plot.b.k[9];
    plot.a.l[0] = plot.b.l[9];
    plot.a.contribution[0] = plot.b.contribution[9];
    write(dir / "phi_plot.png", phi_plot_png(plot));
    std::cout << "wrote 17 PNG files to " << dir.string() << "\n";
    return 0;
}
