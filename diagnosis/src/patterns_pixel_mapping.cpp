// A pixel that moved while the detector frame agrees (patterns.h). A sub-pixel's position is
// pix0 + Fdet fdet + Sdet sdet + Odet odet, with Fdet and Sdet from its (slow, fast, sub-pixel)
// indices; when both sides agree on pix0 and the axes but not on the position, the error is in
// the indices-to-position mapping. Written in side A's frame, in pixels, the move names it:
// (s - f, f - s) is the slow and fast indices swapped; whole numbers, an off-by-n pixel;
// a fraction of a pixel, a sub-pixel centre.
#include "nbdiag/patterns.h"

#include "number_format.h"

#include <array>
#include <cmath>
#include <map>
#include <optional>

namespace nbdiag {

namespace {

using V3 = std::array<double, 3>;

double dot(const V3& x, const V3& y) {
    return x[0] * y[0] + x[1] * y[1] + x[2] * y[2];
}

// The frame both sides must agree on, and the axes side A's move is written in.
struct Frame {
    V3 fast{}, slow{}, normal{};
    double pixel = 0; // pixel edge (m); 0 when not printed: the move stays in metres
    bool has_normal = false;
};

// Side A's frame when every frame key both sides printed agrees and the two in-plane axes were
// compared; nothing otherwise (a moved pix0 or a rotated axis moves every pixel: not this pattern).
std::optional<Frame> agreed_frame(const nbtrace::DiffResult& diff) {
    Frame fr;
    bool fast = false, slow = false;
    for (const nbtrace::DiffRow& row : diff.rows) {
        const bool axis =
            row.key == "fdet_vector" || row.key == "sdet_vector" || row.key == "odet_vector";
        if (!axis && row.key != "pix0_vector" && row.key != "pixel_size")
            continue;
        if (!row.a || !row.b)
            continue;
        for (const nbtrace::Closeness& c : row.components)
            if (!c.close)
                return std::nullopt;
        const std::vector<double>& v = row.a->values;
        if (row.key == "pixel_size")
            fr.pixel = v[0];
        else if (axis && v.size() == 3) {
            const V3 u{v[0], v[1], v[2]};
            if (row.key == "fdet_vector")
                fr.fast = u, fast = true;
            else if (row.key == "sdet_vector")
                fr.slow = u, slow = true;
            else
                fr.normal = u, fr.has_normal = true;
        }
    }
    if (!fast || !slow)
        return std::nullopt;
    return fr;
}

bool whole(double x) {
    return std::fabs(x - std::round(x)) <= kPixelMoveMatch;
}

} // namespace

std::vector<PatternFinding> find_pixel_mapping(const nbtrace::DiffResult& diff) {
    const std::optional<Frame> frame = agreed_frame(diff);
    if (!frame)
        return {};
    const double unit = frame->pixel > 0 ? frame->pixel : 1.0;
    const std::string unit_name = frame->pixel > 0 ? " (pixels)" : " (m)";
    int moved = 0, swapped = 0, integral = 0;
    std::optional<std::string> first;
    for (const nbtrace::DiffRow& row : diff.rows) {
        if (row.key != "pixel_pos" || !row.a || !row.b || row.a->values.size() != 3 ||
            row.b->values.size() != 3)
            continue;
        bool fails = false;
        for (const nbtrace::Closeness& c : row.components)
            fails = fails || !c.close;
        if (!fails)
            continue;
        const std::vector<double>& a = row.a->values;
        const std::vector<double>& b = row.b->values;
        const V3 d{b[0] - a[0], b[1] - a[1], b[2] - a[2]};
        const double df = dot(d, frame->fast) / unit, ds = dot(d, frame->slow) / unit;
        const double dn = frame->has_normal ? dot(d, frame->normal) / unit : 0.0;
        ++moved;
        const bool in_plane = std::fabs(dn) <= kPixelMoveMatch;
        if (frame->pixel > 0 && in_plane && row.idx.pixel_slow && row.idx.pixel_fast) {
            const double s = *row.idx.pixel_slow, f = *row.idx.pixel_fast;
            if (s != f && std::fabs(df - (s - f)) <= kPixelMoveMatch &&
                std::fabs(ds - (f - s)) <= kPixelMoveMatch)
                ++swapped;
        }
        // a whole number of pixels, not none: an index off by that much
        if (frame->pixel > 0 && in_plane && whole(df) && whole(ds) &&
            std::fabs(std::round(df)) + std::fabs(std::round(ds)) > 0)
            ++integral;
        if (!first)
            first = row.idx.to_string() + ": moved" + unit_name + " " + sig3(df) + " along fast, " +
                    sig3(ds) + " along slow" +
                    (frame->has_normal ? ", " + sig3(dn) + " along the normal" : "");
    }
    if (moved == 0)
        return {};
    PatternFinding f;
    f.kind = PatternKind::pixel_mapping;
    f.keys = {"pixel_pos"};
    f.evidence = "pix0 and the detector axes agree, the position of " + std::to_string(moved) +
                 " traced (sub-)pixel(s) does not; " + *first;
    if (swapped == moved)
        f.evidence += "; on every one b sits where a puts the pixel with slow and fast exchanged: "
                      "the slow and fast indices are swapped";
    else if (integral == moved)
        f.evidence += "; a whole number of pixels on every one: an index off by that much";
    else
        f.evidence += "; a fraction of a pixel: the sub-pixel or pixel centre";
    return {f};
}

} // namespace nbdiag
