#include "nbsim/c_parity_schedule.h"

#include <algorithm>
#include <cmath>

namespace nbsim {

std::vector<RowBlock> static_row_blocks(int rows, int threads) {
    std::vector<RowBlock> blocks;
    if (threads < 1)
        threads = 1;
    const int q = rows / threads;
    const int r = rows % threads;
    for (int t = 0; t < threads; ++t) {
        RowBlock b;
        b.row_count = q + (t < r ? 1 : 0);
        b.first_row = t * q + std::min(t, r);
        blocks.push_back(b);
    }
    return blocks;
}

PixelRegion schedule_region(const Detector& det, Schedule schedule) {
    if (schedule == Schedule::roi)
        return det.roi;
    PixelRegion full;
    full.fast_min = 0;
    full.fast_max = det.fast_pixels - 1;
    full.slow_min = 0;
    full.slow_max = det.slow_pixels - 1;
    return full;
}

bool pixel_has_pass(const Experiment& ex, int slow, int fast) {
    const double dmin = ex.sampling.dmin_m;
    if (!(dmin > 0.0))
        return true;
    const Detector& det = ex.detector;
    const int os = ex.sampling.oversample;
    const double sub = ex.sampling.subpixel_size_m;
    for (int t = 0; t < det.layers.count; ++t) {
        const double Odet = t * det.layers.step_m;
        for (int ss = 0; ss < os; ++ss) {
            for (int sf = 0; sf < os; ++sf) {
                const double Fdet = sub * (fast * os + sf) + sub / 2.0;
                const double Sdet = sub * (slow * os + ss) + sub / 2.0;
                Vec3 pos = Fdet * det.fast_axis + Sdet * det.slow_axis + Odet * det.normal_axis +
                           det.origin_m;
                if (det.curved) {
                    const Vec3 v = det.distance_m * ex.beam.beam_vector;
                    const Vec3 nv = rotate_about_axis(v, det.slow_axis, pos.y() / det.distance_m);
                    pos = rotate_about_axis(nv, det.fast_axis, pos.z() / det.distance_m);
                }
                const Vec3 d = pos / pos.norm();
                for (const Source& src : ex.beam.sources) {
                    const Vec3 q = (d + src.direction) / src.wavelength_m;
                    const double stol = 0.5 * q.norm();
                    if (!(stol > 0.0 && dmin > 0.5 / stol))
                        return true;
                }
            }
        }
    }
    return false;
}

std::vector<PixelIndex> first_pass_pixels(const Experiment& ex, Schedule schedule, int threads) {
    const Detector& det = ex.detector;
    const PixelRegion region = schedule_region(det, schedule);
    std::vector<PixelIndex> out;
    for (const RowBlock& b : static_row_blocks(det.slow_pixels, threads)) {
        bool found = false;
        const int row_end = b.first_row + b.row_count;
        for (int s = std::max(b.first_row, region.slow_min);
             s < row_end && s <= region.slow_max && !found; ++s) {
            for (int f = region.fast_min; f <= region.fast_max; ++f) {
                if (det.masked(s, f) || !pixel_has_pass(ex, s, f))
                    continue;
                out.push_back({s, f});
                found = true;
                break;
            }
        }
    }
    return out;
}

} // namespace nbsim
