// Facts a side printed outside its trace records: the crystal's shape and size from the C
// program's "  parallelpiped xtal: 5x5x5 cells" line; a cell of the side's image file.
#include "nbdiag/self_consistency.h"

#include "nbtrace/dialect.h"

#include <cstdint>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

namespace nbdiag {

SideFacts read_side_facts_text(std::string_view text) {
    SideFacts facts;
    // the shape words the C program prints before " xtal:" (nanobragg_model.md 6.5 shapes)
    const struct {
        const char* pattern;
        int shape;
    } shapes[] = {{"  parallelpiped xtal: %dx%dx%d cells", 0},
                  {"  ellipsoidal xtal: %dx%dx%d cells", 1},
                  {"  gaussian xtal: %dx%dx%d cells", 2},
                  {"  tophat-spot xtal: %dx%dx%d cells", 3}};
    for (std::size_t at = text.find(" xtal: "); at != std::string_view::npos;
         at = text.find(" xtal: ", at + 1)) {
        const std::size_t begin = text.rfind('\n', at);
        const std::size_t start = begin == std::string_view::npos ? 0 : begin + 1;
        std::size_t end = text.find('\n', at);
        if (end == std::string_view::npos)
            end = text.size();
        std::string_view line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        for (const auto& s : shapes) {
            std::vector<std::string> got;
            if (!nbtrace::match_pattern(s.pattern, line, &got) || got.size() != 3)
                continue;
            facts.n_cells =
                std::vector<int>{std::stoi(got[0]), std::stoi(got[1]), std::stoi(got[2])};
            facts.xtal_shape = s.shape;
            return facts;
        }
    }
    return facts;
}

SideFacts read_side_facts(const std::string& trace_path) {
    std::ifstream in(trace_path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return read_side_facts_text(text.str());
}

std::optional<double> read_float_image_cell(const std::string& path, int fast_pixels, int slow,
                                            int fast, int slow0, int fast0) {
    if (fast_pixels <= 0 || slow < slow0 || fast < fast0 || fast - fast0 >= fast_pixels)
        return std::nullopt;
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return std::nullopt;
    const std::uint64_t cell =
        std::uint64_t(slow - slow0) * std::uint64_t(fast_pixels) + std::uint64_t(fast - fast0);
    in.seekg(static_cast<std::streamoff>(cell * 4));
    unsigned char b[4];
    if (!in.read(reinterpret_cast<char*>(b), 4))
        return std::nullopt;
    // little-endian float32, whatever the host
    const std::uint32_t bits = std::uint32_t(b[0]) | std::uint32_t(b[1]) << 8 |
                               std::uint32_t(b[2]) << 16 | std::uint32_t(b[3]) << 24;
    float v;
    std::memcpy(&v, &bits, 4);
    return double(v);
}

} // namespace nbdiag
