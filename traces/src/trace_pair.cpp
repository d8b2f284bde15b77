#include "nbtrace/trace_pair.h"

#include "record_collector.h"

#include <map>
#include <tuple>

namespace nbtrace {

namespace {

std::set<Pixel> pixels_of(const std::vector<Record>& records) {
    std::set<Pixel> out;
    for (const Record& r : records)
        if (r.idx.pixel_slow && r.idx.pixel_fast)
            out.insert(Pixel{*r.idx.pixel_slow, *r.idx.pixel_fast});
    return out;
}

std::string describe(const std::set<Pixel>& pixels) {
    std::string s;
    for (const Pixel& p : pixels)
        s += (s.empty() ? "" : ", ") + p.to_string();
    return s;
}

TraceFile read_one(const std::string& path, std::optional<Pixel> pixel, bool strict) {
    ParseOptions o;
    o.strict = strict;
    o.pixel = pixel;
    return read_trace_file(path, o);
}

// Reads every file of a side; a file that names no pixel is read again with `fallback` (the
// caller's pixel, the side's single pixel or the other side's).
void read_side(TraceSide& side, const TraceSideRequest& req, bool strict) {
    side.files.clear();
    for (const std::string& f : req.files)
        side.files.push_back(read_one(f, req.pixel, strict));
    side.pixels.clear();
    for (const TraceFile& f : side.files)
        for (const Pixel& p : pixels_of(f.records))
            side.pixels.insert(p);
    side.summary.pixel_origin = side.pixels.empty() ? "" : "trace";
    if (req.pixel && side.pixels.size() <= 1) {
        if (side.pixels.empty() || *side.pixels.begin() == *req.pixel)
            side.summary.pixel_origin = side.pixels.empty() ? "--pixel" : "trace and --pixel";
    }
}

void reread_pixelless(TraceSide& side, const TraceSideRequest& req, Pixel pixel, bool strict) {
    for (std::size_t i = 0; i < side.files.size(); ++i)
        if (pixels_of(side.files[i].records).empty())
            side.files[i] = read_one(req.files[i], pixel, strict);
    side.pixels.insert(pixel);
}

// Merges the files' records: identical duplicates collapse, a conflict between two files of one
// side is an error naming both lines.
void merge(TraceSide& side) {
    detail::RecordCollector collector;
    ParseStats stats;
    for (TraceFile& f : side.files)
        for (Record& r : f.records)
            collector.add(r);
    side.records = collector.finish(stats);
    InputSummary& s = side.summary;
    s.files.clear();
    s.lines = 0;
    s.lines_not_compared.clear();
    s.unregistered_records = 0;
    for (const TraceFile& f : side.files) {
        s.files.push_back(f.path);
        s.lines += f.stats.lines;
        for (const auto& [reason, n] : f.stats.skipped)
            s.lines_not_compared[reason] += n;
        s.unregistered_records += f.stats.unregistered;
    }
    s.pixels.assign(side.pixels.begin(), side.pixels.end());
}

void rename_pixel(std::vector<Record>& records, Pixel from, Pixel to) {
    for (Record& r : records)
        if (r.idx.pixel_slow == from.slow && r.idx.pixel_fast == from.fast) {
            r.idx.pixel_slow = to.slow;
            r.idx.pixel_fast = to.fast;
        }
}

} // namespace

TracePair read_trace_pair(const TraceSideRequest& a, const TraceSideRequest& b,
                          const TracePairOptions& options) {
    TracePair out;
    read_side(out.a, a, options.strict);
    read_side(out.b, b, options.strict);
    for (auto [side, req, name] : {std::tuple{&out.a, &a, "A"}, std::tuple{&out.b, &b, "B"}})
        if (req->pixel && !side->pixels.empty() && !side->pixels.count(*req->pixel)) {
            out.pixel_mismatch = std::string(name) + " traced " + describe(side->pixels) +
                                 ", not the pixel given for it, " + req->pixel->to_string();
            merge(out.a);
            merge(out.b);
            return out;
        }
    // within a side: a file without a pixel belongs to the side's single pixel
    for (auto [side, req] : {std::pair{&out.a, &a}, std::pair{&out.b, &b}})
        if (side->pixels.size() == 1)
            reread_pixelless(*side, *req, *side->pixels.begin(), options.strict);
    // a side without any pixel takes the other side's single one
    const auto borrow = [&](TraceSide& mine, const TraceSideRequest& req, const TraceSide& other,
                            const char* name) {
        if (!mine.pixels.empty() || other.pixels.size() != 1)
            return;
        const Pixel p = *other.pixels.begin();
        reread_pixelless(mine, req, p, options.strict);
        mine.summary.pixel_origin = "the other side";
        out.pixel_note =
            std::string(name) + " names no pixel: read as the other side's " + p.to_string();
    };
    borrow(out.a, a, out.b, "A");
    borrow(out.b, b, out.a, "B");
    merge(out.a);
    merge(out.b);
    if (!out.a.pixels.empty() && !out.b.pixels.empty() && out.a.pixels != out.b.pixels) {
        const std::string what = "the sides traced different pixels: " + describe(out.a.pixels) +
                                 " vs " + describe(out.b.pixels);
        if (options.allow_different_pixels && out.a.pixels.size() == 1 &&
            out.b.pixels.size() == 1) {
            rename_pixel(out.b.records, *out.b.pixels.begin(), *out.a.pixels.begin());
            out.pixel_note = what + " (allowed: B's pixel compared as A's)";
        } else {
            out.pixel_mismatch = what;
        }
    }
    return out;
}

} // namespace nbtrace
