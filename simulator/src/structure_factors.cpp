#include "nbsim/structure_factors.h"

#include "nbsim/errors.h"
#include "nbsim/image_io.h"
#include "nbsim/limits.h"
#include "nbsim/text_input.h"

#include "huge_pages.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <unistd.h>

namespace nbsim {

namespace {

std::size_t grid_index(const StructureFactors& sf, int h, int k, int l) {
    return (static_cast<std::size_t>(h - sf.h_min) * static_cast<std::size_t>(sf.k_range() + 1) +
            static_cast<std::size_t>(k - sf.k_min)) *
               static_cast<std::size_t>(sf.l_range() + 1) +
           static_cast<std::size_t>(l - sf.l_min);
}

double padded_cells(const StructureFactors& sf) {
    return (static_cast<double>(sf.h_range()) + 1) * (static_cast<double>(sf.k_range()) + 1) *
           (static_cast<double>(sf.l_range()) + 1);
}

double box_cells(const StructureFactors& sf) {
    return static_cast<double>(sf.h_range()) * sf.k_range() * static_cast<double>(sf.l_range());
}

// 4-point Lagrange interpolation through (xa[i], ya[i]) at x, term by term as nanoBragg's polint.
double polint(const double* xa, const double* ya, double x) {
    const double x0 = (x - xa[1]) * (x - xa[2]) * (x - xa[3]) * ya[0] /
                      ((xa[0] - xa[1]) * (xa[0] - xa[2]) * (xa[0] - xa[3]));
    const double x1 = (x - xa[0]) * (x - xa[2]) * (x - xa[3]) * ya[1] /
                      ((xa[1] - xa[0]) * (xa[1] - xa[2]) * (xa[1] - xa[3]));
    const double x2 = (x - xa[0]) * (x - xa[1]) * (x - xa[3]) * ya[2] /
                      ((xa[2] - xa[0]) * (xa[2] - xa[1]) * (xa[2] - xa[3]));
    const double x3 = (x - xa[0]) * (x - xa[1]) * (x - xa[2]) * ya[3] /
                      ((xa[3] - xa[0]) * (xa[3] - xa[1]) * (xa[3] - xa[2]));
    return x0 + x1 + x2 + x3;
}

bool is_blank(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

struct Reflection {
    int h, k, l;
    double F;
};

// One "h k l F" line: false for a blank line; throws InputError for anything but four finite
// numbers with integral indices.
bool parse_hkl_line(std::string_view line, const LineReader& r, Reflection& out) {
    double v[4];
    int n = 0;
    std::size_t p = 0;
    auto where = [&r] { return r.path() + ":" + std::to_string(r.line_number()); };
    for (;;) {
        while (p < line.size() && is_blank(line[p]))
            ++p;
        if (p == line.size())
            break;
        if (n == 4)
            throw InputError(where() + ": malformed HKL line (more than 4 numbers; expected 'h k "
                                       "l F')");
        bool nonfinite = false;
        const std::size_t len = scan_number(line.substr(p), v[n], nonfinite);
        if (len == 0 || (p + len < line.size() && !is_blank(line[p + len])))
            throw InputError(where() + ": malformed HKL line (not a number; expected 'h k l F')");
        if (nonfinite)
            throw InputError(where() + ": non-finite value (expected 'h k l F')");
        ++n;
        p += len;
    }
    if (n == 0)
        return false;
    if (n != 4)
        throw InputError(where() + ": malformed HKL line (" + std::to_string(n) +
                         " numbers; expected 'h k l F')");
    for (int i = 0; i < 3; ++i) {
        if (v[i] != std::floor(v[i]))
            throw InputError(where() + ": malformed HKL line (non-integer index " +
                             std::to_string(v[i]) + ")");
        if (std::fabs(v[i]) > limits::kMaxMillerIndex)
            throw InputError(where() + ": Miller index beyond +-" +
                             std::to_string(limits::kMaxMillerIndex));
    }
    out = {static_cast<int>(v[0]), static_cast<int>(v[1]), static_cast<int>(v[2]), v[3]};
    return true;
}

// Both passes over an HKL input; `open_reader` gives a fresh reader from the start.
// Reflections the first pass keeps so that a file of at most this many is read once (24 bytes
// each: 24 MiB); a longer file is read a second time to fill the table, so that memory never
// grows with the file beyond the table itself and this bound.
constexpr std::size_t kKeptReflections = std::size_t{1} << 20;

// Both passes over an HKL input; `open_reader` gives a fresh reader from the start.
template <typename OpenReader>
StructureFactors read_hkl(const OpenReader& open_reader, const std::string& name, double default_F,
                          const TableBudget& budget) {
    StructureFactors sf;
    sf.default_F = default_F;
    sf.h_min = sf.k_min = sf.l_min = 1000000000;
    sf.h_max = sf.k_max = sf.l_max = -1000000000;
    long count = 0;
    Reflection r{};
    std::string_view line;
    std::vector<Reflection> kept;
    bool all_kept = true;
    {
        LineReader in = open_reader();
        while (in.next(line))
            if (parse_hkl_line(line, in, r)) {
                sf.h_min = std::min(sf.h_min, r.h);
                sf.k_min = std::min(sf.k_min, r.k);
                sf.l_min = std::min(sf.l_min, r.l);
                sf.h_max = std::max(sf.h_max, r.h);
                sf.k_max = std::max(sf.k_max, r.k);
                sf.l_max = std::max(sf.l_max, r.l);
                ++count;
                if (all_kept && kept.size() < kKeptReflections) {
                    kept.push_back(r);
                } else if (all_kept) {
                    all_kept = false;
                    std::vector<Reflection>().swap(kept);
                }
            }
    }
    if (count == 0)
        throw InputError(name + ": HKL file lists no reflections");
    sf.listed = count;
    const bool dense = use_dense_table(box_cells(sf), static_cast<double>(count));
    if (budget)
        budget(table_bytes(dense, padded_cells(sf), static_cast<double>(count)));
    if (dense) {
        const std::size_t cells = static_cast<std::size_t>(padded_cells(sf));
        sf.values.reserve(cells);
        advise_huge_pages(sf.values.data(), cells * sizeof(double));
        sf.values.assign(cells, 0.0);
        if (default_F != 0.0) // pre-fill the listed range (not the padding slots), as C does
            for (int h = sf.h_min; h <= sf.h_max; ++h)
                for (int k = sf.k_min; k <= sf.k_max; ++k)
                    for (int l = sf.l_min; l <= sf.l_max; ++l)
                        sf.values[grid_index(sf, h, k, l)] = default_F;
    } else {
        sf.hashed = HashedReflections(static_cast<std::size_t>(count));
    }
    // in file order, so that a repeated reflection keeps its last value (C)
    auto store = [&](const Reflection& x) {
        if (dense)
            sf.values[grid_index(sf, x.h, x.k, x.l)] = x.F;
        else
            sf.hashed.put(x.h, x.k, x.l, x.F);
    };
    if (all_kept) {
        for (const Reflection& x : kept)
            store(x);
        return sf;
    }
    LineReader in = open_reader();
    while (in.next(line))
        if (parse_hkl_line(line, in, r))
            store(r);
    return sf;
}

} // namespace

double StructureFactors::nearest(int h, int k, int l) const {
    if (listed > 0 && h <= h_max && h >= h_min && k <= k_max && k >= k_min && l <= l_max &&
        l >= l_min)
        return at(h, k, l);
    return default_F;
}

StructureFactors constant_structure_factors(double default_F) {
    StructureFactors sf;
    sf.default_F = default_F;
    return sf;
}

StructureFactors read_hkl_file(const std::string& path, double default_F,
                               const TableBudget& budget) {
    return read_hkl([&path] { return LineReader::open(path, "HKL file"); }, path, default_F,
                    budget);
}

StructureFactors parse_hkl_text(std::string_view text, const std::string& name, double default_F,
                                const TableBudget& budget) {
    return read_hkl([&] { return LineReader::from_memory(text, name); }, name, default_F, budget);
}

StructureFactors read_fdump_file(const std::string& path, double default_F,
                                 const TableBudget& budget) {
    const InputFile in(path, "Fdump file");
    // the header is short text: six numbers, "\n\f"
    char head[129] = {0};
    in.read_at(head, static_cast<std::size_t>(std::min<std::int64_t>(128, in.size())), 0);
    const char* ff = static_cast<const char*>(std::memchr(head, '\f', 128));
    StructureFactors sf;
    sf.default_F = default_F;
    if (!ff ||
        std::sscanf(head, "%9d %9d %9d %9d %9d %9d", &sf.h_min, &sf.h_max, &sf.k_min, &sf.k_max,
                    &sf.l_min, &sf.l_max) != 6 ||
        sf.h_range() < 1 || sf.k_range() < 1 || sf.l_range() < 1)
        throw InputError(path + ": malformed Fdump header");
    const std::int64_t offset = ff - head + 1;
    const double cells = padded_cells(sf);
    if (8.0 * cells > static_cast<double>(in.size() - offset))
        throw InputError(path + ": Fdump file is truncated (its header's index ranges need " +
                         std::to_string(static_cast<long long>(8.0 * cells)) + " bytes)");
    if (budget)
        budget(table_bytes(true, cells, 0));
    const std::size_t n = static_cast<std::size_t>(cells);
    sf.values.resize(n);
    in.read_at(sf.values.data(), n * sizeof(double), offset);
    for (std::size_t i = 0; i < n; ++i)
        if (!std::isfinite(sf.values[i])) {
            const std::size_t l_span = static_cast<std::size_t>(sf.l_range()) + 1;
            const std::size_t k_span = static_cast<std::size_t>(sf.k_range()) + 1;
            throw InputError(path + ": non-finite structure factor at h k l = " +
                             std::to_string(sf.h_min + static_cast<long>(i / l_span / k_span)) +
                             " " +
                             std::to_string(sf.k_min + static_cast<long>(i / l_span % k_span)) +
                             " " + std::to_string(sf.l_min + static_cast<long>(i % l_span)));
        }
    sf.listed = static_cast<long>(sf.h_range()) * sf.k_range() * sf.l_range();
    return sf;
}

void write_fdump_file(const std::string& path, const StructureFactors& sf) {
    if (!sf.dense())
        throw InputError(path + ": a hashed structure-factor table cannot be dumped");
    char head[128];
    std::snprintf(head, sizeof head, "%d %d %d %d %d %d\n\f", sf.h_min, sf.h_max, sf.k_min,
                  sf.k_max, sf.l_min, sf.l_max);
    std::string bytes = head;
    const std::size_t off = bytes.size();
    bytes.resize(off + sf.values.size() * sizeof(double));
    std::memcpy(bytes.data() + off, sf.values.data(), sf.values.size() * sizeof(double));
    write_file_atomically(path, bytes);
}

bool interpolation_in_range(const StructureFactors& sf, double h, double k, double l) {
    return !(((h - sf.h_min + 3) > sf.h_range()) || (h - 2 < sf.h_min) ||
             ((k - sf.k_min + 3) > sf.k_range()) || (k - 2 < sf.k_min) ||
             ((l - sf.l_min + 3) > sf.l_range()) || (l - 2 < sf.l_min));
}

double interpolate_tricubic(const StructureFactors& sf, double h, double k, double l) {
    const int hf = static_cast<int>(std::floor(h));
    const int kf = static_cast<int>(std::floor(k));
    const int lf = static_cast<int>(std::floor(l));
    double hn[4], kn[4], ln[4];
    for (int i = 0; i < 4; ++i) {
        hn[i] = hf - 1 + i;
        kn[i] = kf - 1 + i;
        ln[i] = lf - 1 + i;
    }
    double along_k[4];
    for (int i1 = 0; i1 < 4; ++i1) {
        double along_l[4];
        for (int i2 = 0; i2 < 4; ++i2) {
            double y[4];
            for (int i3 = 0; i3 < 4; ++i3)
                y[i3] = sf.at(hf - 1 + i1, kf - 1 + i2, lf - 1 + i3);
            along_l[i2] = polint(ln, y, l);
        }
        along_k[i1] = polint(kn, along_l, k);
    }
    return polint(hn, along_k, h);
}

} // namespace nbsim
