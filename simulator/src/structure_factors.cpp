#include "nbsim/structure_factors.h"

#include "nbsim/errors.h"
#include "nbsim/image_io.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>

namespace nbsim {

namespace {

std::size_t grid_size(const StructureFactors& sf) {
    return static_cast<std::size_t>(sf.h_range() + 1) * static_cast<std::size_t>(sf.k_range() + 1) *
           static_cast<std::size_t>(sf.l_range() + 1);
}

std::size_t grid_index(const StructureFactors& sf, int h, int k, int l) {
    return (static_cast<std::size_t>(h - sf.h_min) * static_cast<std::size_t>(sf.k_range() + 1) +
            static_cast<std::size_t>(k - sf.k_min)) *
               static_cast<std::size_t>(sf.l_range() + 1) +
           static_cast<std::size_t>(l - sf.l_min);
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

bool parse_double_token(const std::string& tok, double& out) {
    const char* b = tok.c_str();
    char* e = nullptr;
    out = std::strtod(b, &e);
    return e != b && *e == '\0' && std::isfinite(out);
}

} // namespace

double StructureFactors::nearest(int h, int k, int l) const {
    if (listed > 0 && h <= h_max && h >= h_min && k <= k_max && k >= k_min && l <= l_max &&
        l >= l_min)
        return values[grid_index(*this, h, k, l)];
    return default_F;
}

double StructureFactors::at(int h, int k, int l) const {
    return values[grid_index(*this, h, k, l)];
}

StructureFactors constant_structure_factors(double default_F) {
    StructureFactors sf;
    sf.default_F = default_F;
    return sf;
}

StructureFactors read_hkl_file(const std::string& path, double default_F) {
    std::ifstream in(path);
    if (!in)
        throw InputError(path + ": cannot open HKL file (" + std::strerror(errno) + ")");
    struct Row {
        int h, k, l;
        double F;
    };
    std::vector<Row> rows;
    std::string line;
    long line_no = 0;
    while (std::getline(in, line)) {
        ++line_no;
        std::istringstream ls(line);
        std::vector<std::string> tok{std::istream_iterator<std::string>(ls),
                                     std::istream_iterator<std::string>()};
        if (tok.empty())
            continue;
        const std::string where = path + ":" + std::to_string(line_no);
        if (tok.size() != 4)
            throw InputError(where + ": malformed HKL line (expected 'h k l F', found " +
                             std::to_string(tok.size()) + " fields)");
        double v[4];
        for (int i = 0; i < 4; ++i)
            if (!parse_double_token(tok[static_cast<std::size_t>(i)], v[i]))
                throw InputError(where + ": malformed HKL line (not a number: '" +
                                 tok[static_cast<std::size_t>(i)] + "')");
        for (int i = 0; i < 3; ++i)
            if (v[i] != std::floor(v[i]) || std::fabs(v[i]) > 1e6)
                throw InputError(where + ": malformed HKL line (non-integer index " +
                                 tok[static_cast<std::size_t>(i)] + ")");
        rows.push_back(
            {static_cast<int>(v[0]), static_cast<int>(v[1]), static_cast<int>(v[2]), v[3]});
    }
    if (in.bad())
        throw InputError(path + ": read error");
    if (rows.empty())
        throw InputError(path + ": HKL file lists no reflections");

    StructureFactors sf;
    sf.default_F = default_F;
    sf.h_min = sf.k_min = sf.l_min = 1000000000;
    sf.h_max = sf.k_max = sf.l_max = -1000000000;
    for (const Row& r : rows) {
        sf.h_min = std::min(sf.h_min, r.h);
        sf.k_min = std::min(sf.k_min, r.k);
        sf.l_min = std::min(sf.l_min, r.l);
        sf.h_max = std::max(sf.h_max, r.h);
        sf.k_max = std::max(sf.k_max, r.k);
        sf.l_max = std::max(sf.l_max, r.l);
    }
    sf.listed = static_cast<long>(rows.size());
    sf.values.assign(grid_size(sf), 0.0);
    if (default_F != 0.0) {
        // Pre-fill the listed range (not the padding slots) with default_F, as C does.
        for (int h = sf.h_min; h <= sf.h_max; ++h)
            for (int k = sf.k_min; k <= sf.k_max; ++k)
                for (int l = sf.l_min; l <= sf.l_max; ++l)
                    sf.values[grid_index(sf, h, k, l)] = default_F;
    }
    for (const Row& r : rows)
        sf.values[grid_index(sf, r.h, r.k, r.l)] = r.F;
    return sf;
}

StructureFactors read_fdump_file(const std::string& path, double default_F) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw InputError(path + ": cannot open Fdump file (" + std::strerror(errno) + ")");
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::size_t ff = bytes.find('\f');
    StructureFactors sf;
    sf.default_F = default_F;
    if (ff == std::string::npos ||
        std::sscanf(bytes.c_str(), "%d %d %d %d %d %d", &sf.h_min, &sf.h_max, &sf.k_min, &sf.k_max,
                    &sf.l_min, &sf.l_max) != 6 ||
        sf.h_range() < 1 || sf.k_range() < 1 || sf.l_range() < 1)
        throw InputError(path + ": malformed Fdump header");
    const std::size_t n = grid_size(sf);
    if (bytes.size() < ff + 1 + n * sizeof(double))
        throw InputError(path + ": Fdump file is truncated");
    sf.values.resize(n);
    std::memcpy(sf.values.data(), bytes.data() + ff + 1, n * sizeof(double));
    sf.listed = static_cast<long>(sf.h_range()) * sf.k_range() * sf.l_range();
    return sf;
}

void write_fdump_file(const std::string& path, const StructureFactors& sf) {
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
