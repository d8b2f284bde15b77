#include "interpolation_switch.h"

#include "nbsim/c_parity_schedule.h"

#include <algorithm>
#include <cmath>

namespace nbsim {

namespace {

// The unit diffracted vectors of pixel (slow, fast) in pass order (layer, sub S, sub F), computed
// with the kernel's formulas.
std::vector<Vec3> pass_directions(const Experiment& ex, int slow, int fast) {
    const Detector& det = ex.detector;
    const int os = ex.sampling.oversample;
    const double sub = ex.sampling.subpixel_size_m;
    std::vector<Vec3> out;
    for (int t = 0; t < det.layers.count; ++t) {
        const double Odet = t * det.layers.step_m;
        for (int ss = 0; ss < os; ++ss)
            for (int sf = 0; sf < os; ++sf) {
                const double Fdet = sub * (fast * os + sf) + sub / 2.0;
                const double Sdet = sub * (slow * os + ss) + sub / 2.0;
                const Vec3& f = det.fast_axis;
                const Vec3& s = det.slow_axis;
                const Vec3& o = det.normal_axis;
                const Vec3& p0 = det.origin_m;
                double x = Fdet * f.x() + Sdet * s.x() + Odet * o.x() + p0.x();
                double y = Fdet * f.y() + Sdet * s.y() + Odet * o.y() + p0.y();
                double z = Fdet * f.z() + Sdet * s.z() + Odet * o.z() + p0.z();
                if (det.curved) {
                    const Vec3 v = det.distance_m * ex.beam.beam_vector;
                    const Vec3 nv = rotate_about_axis(v, s, y / det.distance_m);
                    const Vec3 pv = rotate_about_axis(nv, f, z / det.distance_m);
                    x = pv.x();
                    y = pv.y();
                    z = pv.z();
                }
                const double r = std::sqrt(x * x + y * y + z * z);
                out.emplace_back(x / r, y / r, z / r);
            }
    }
    return out;
}

// A top-hat spot has F_latt == 0 outside its radius, and such a term is skipped (without water)
// before the structure factor is looked up; the other shapes are practically never exactly 0.
bool skipped_tophat(const Experiment& ex, double h, double k, double l) {
    const Crystal& x = ex.crystal;
    if (x.shape != CrystalShape::tophat || ex.sampling.water_size_m != 0.0)
        return false;
    const double dh = h - std::ceil(h - 0.5), dk = k - std::ceil(k - 0.5),
                 dl = l - std::ceil(l - 0.5);
    const Vec3 d =
        dh * x.reciprocal_a_per_A + dk * x.reciprocal_b_per_A + dl * x.reciprocal_c_per_A;
    const double rad_star_sqr =
        (d.x() * d.x() + d.y() * d.y() + d.z() * d.z()) * x.Na * x.Na * x.Nb * x.Nb * x.Nc * x.Nc;
    return !(rad_star_sqr * x.fudge < 0.3969);
}

struct PixelWalk {
    std::int64_t evaluations = 0;    // evaluations of the pixel
    std::int64_t first_failure = -1; // evaluation index of the first out-of-range one, or -1
};

// Walks one pixel: counts its evaluations and (if `probe`) finds its first out-of-range one.
PixelWalk walk_pixel(const Experiment& ex, const OrientationTables& tables, int slow, int fast,
                     bool first_pass_pixel, bool probe) {
    PixelWalk w;
    const int entries = tables.steady.entries();
    bool first_pending = first_pass_pixel && tables.first_pass.has_value();
    const double dmin = ex.sampling.dmin_m;
    for (const Vec3& d : pass_directions(ex, slow, fast)) {
        for (const Source& src : ex.beam.sources) {
            const double lambda = src.wavelength_m;
            const double ix = -src.direction.x(), iy = -src.direction.y(), iz = -src.direction.z();
            const double sx = (d.x() - ix) / lambda, sy = (d.y() - iy) / lambda,
                         sz = (d.z() - iz) / lambda;
            const double stol = 0.5 * std::sqrt(sx * sx + sy * sy + sz * sz);
            if (dmin > 0.0 && stol > 0.0 && dmin > 0.5 / stol)
                continue;
            const OrientationTable& tab = first_pending ? *tables.first_pass : tables.steady;
            first_pending = false;
            if (probe && w.first_failure < 0) {
                for (int e = 0; e < entries; ++e) {
                    const std::size_t u = static_cast<std::size_t>(e);
                    const double h = tab.a[u].x() * sx + tab.a[u].y() * sy + tab.a[u].z() * sz;
                    const double k = tab.b[u].x() * sx + tab.b[u].y() * sy + tab.b[u].z() * sz;
                    const double l = tab.c[u].x() * sx + tab.c[u].y() * sy + tab.c[u].z() * sz;
                    if (skipped_tophat(ex, h, k, l))
                        continue; // F_latt == 0 skips the term before the range test (C)
                    if (!interpolation_in_range(ex.structure_factors, h, k, l)) {
                        w.first_failure = w.evaluations + e;
                        break;
                    }
                }
            }
            w.evaluations += entries;
        }
    }
    return w;
}

bool before(const PixelIndex& a, const PixelIndex& b) {
    return a.slow != b.slow ? a.slow < b.slow : a.fast < b.fast;
}

} // namespace

std::int64_t InterpolationSwitch::cutoff(int slow, int fast) const {
    if (!enabled)
        return 0;
    if (time == kNever)
        return kNever;
    for (const Block& b : blocks) {
        if (slow < b.first_row || slow >= b.first_row + b.row_count)
            continue;
        if (!b.crosses)
            return kNever;
        const PixelIndex p{slow, fast};
        if (before(p, b.pixel))
            return kNever;
        return p == b.pixel ? b.local : 0;
    }
    return kNever;
}

InterpolationSwitch find_interpolation_switch(const Experiment& ex, const OrientationTables& tables,
                                              Schedule schedule, int threads,
                                              const std::vector<PixelIndex>& first_pass) {
    InterpolationSwitch sw;
    sw.enabled = ex.sampling.interpolate;
    if (!sw.enabled)
        return sw;
    const Detector& det = ex.detector;
    const PixelRegion region = schedule_region(det, schedule);
    const std::vector<RowBlock> rb = static_row_blocks(det.slow_pixels, threads);
    auto is_first = [&](int s, int f) {
        return std::find(first_pass.begin(), first_pass.end(), PixelIndex{s, f}) !=
               first_pass.end();
    };
    // Visits the region pixels of a block in the thread's order; stops when fn returns false.
    auto for_each_pixel = [&](const RowBlock& b, auto&& fn) {
        for (int s = std::max(b.first_row, region.slow_min);
             s < b.first_row + b.row_count && s <= region.slow_max; ++s)
            for (int f = region.fast_min; f <= region.fast_max; ++f) {
                if (det.masked(s, f))
                    continue;
                if (!fn(s, f))
                    return;
            }
    };

    // Pass 1: each block's first failure time.
    std::vector<std::int64_t> failure(rb.size(), InterpolationSwitch::kNever);
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
    for (std::size_t bi = 0; bi < rb.size(); ++bi) {
        std::int64_t time = 0;
        for_each_pixel(rb[bi], [&](int s, int f) {
            const PixelWalk w = walk_pixel(ex, tables, s, f, is_first(s, f), true);
            if (w.first_failure >= 0) {
                failure[bi] = time + w.first_failure;
                return false;
            }
            time += w.evaluations;
            return true;
        });
    }
    sw.time = *std::min_element(failure.begin(), failure.end());

    // Pass 2: in every block, the pixel whose evaluations straddle the switch time.
    for (const RowBlock& b : rb) {
        InterpolationSwitch::Block blk;
        blk.first_row = b.first_row;
        blk.row_count = b.row_count;
        if (sw.time != InterpolationSwitch::kNever) {
            std::int64_t time = 0;
            for_each_pixel(b, [&](int s, int f) {
                const PixelWalk w = walk_pixel(ex, tables, s, f, is_first(s, f), false);
                if (time + w.evaluations > sw.time) {
                    blk.crosses = true;
                    blk.pixel = {s, f};
                    blk.local = sw.time - time;
                    return false;
                }
                time += w.evaluations;
                return true;
            });
        }
        sw.blocks.push_back(blk);
    }
    return sw;
}

} // namespace nbsim
