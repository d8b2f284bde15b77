#include "beam_sources.h"

#include "nbsim/errors.h"
#include "nbsim/limits.h"
#include "nbsim/text_input.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>

namespace nbsim {

namespace {
constexpr double kSourceDistance_m = 10.0; // not settable (the C flag is commented out)
}

std::vector<Source> read_source_file(const std::string& path, const Vec3& beam, double lambda0_m) {
    LineReader in = LineReader::open(path, "source file");
    std::vector<Source> out;
    std::string_view line;
    // the C program's separators, plus the other whitespace a text line may hold
    const std::string_view delimiters = " \t,;:!\r\v\f";
    while (in.next(line)) {
        const std::string where = path + ":" + std::to_string(in.line_number());
        double vals[5];
        std::size_t n = 0;
        std::size_t pos = line.find_first_not_of(delimiters);
        while (pos != std::string_view::npos) {
            if (n == 5)
                throw InputError(where + ": malformed source line (more than 5 numbers)");
            bool nonfinite = false;
            const std::size_t len = scan_number(line.substr(pos), vals[n], nonfinite);
            if (len == 0 ||
                (pos + len < line.size() && delimiters.find(line[pos + len]) == std::string::npos))
                throw InputError(where + ": malformed source line (not a number)");
            if (nonfinite)
                throw InputError(where + ": non-finite value");
            ++n;
            pos = line.find_first_not_of(delimiters, pos + len);
        }
        if (n == 0)
            continue;
        if (out.size() == static_cast<std::size_t>(limits::kMaxSources))
            throw UsageError("-sourcefile " + path + ": more than the " +
                             std::to_string(limits::kMaxSources) + " sources allowed");
        Source s;
        const Vec3 def = -kSourceDistance_m * beam;
        Vec3 p = def;
        for (std::size_t i = 0; i < 3 && i < n; ++i)
            p[static_cast<int>(i)] = vals[i];
        if (p.norm() == 0.0)
            throw InputError(where + ": source at the sample position (zero direction)");
        s.direction = p;
        s.weight = n > 3 ? vals[3] : 1.0;
        s.wavelength_m = n > 4 ? vals[4] : lambda0_m;
        if (!(s.wavelength_m > 0))
            throw InputError(where + ": wavelength must be positive");
        out.push_back(s);
    }
    if (out.empty())
        throw InputError(path + ": source file lists no sources");
    return out;
}

void generate_sources(Beam& beam, bool round_div) {
    beam.sources.clear();
    int kept = 0;
    for (int ih = 0; ih < beam.hdivsteps; ++ih) {
        for (int iv = 0; iv < beam.vdivsteps; ++iv) {
            const double hdiv = beam.hdivstep_rad * ih - beam.hdivrange_rad / 2.0;
            const double vdiv = beam.vdivstep_rad * iv - beam.vdivrange_rad / 2.0;
            // Elliptical trimming; a zero range gives NaN and the point is kept.
            double test = (hdiv * hdiv -
                           beam.hdivstep_rad * beam.hdivstep_rad / 4.0 * (1 - beam.hdivsteps % 2)) /
                          beam.hdivrange_rad / beam.hdivrange_rad;
            test += (vdiv * vdiv -
                     beam.vdivstep_rad * beam.vdivstep_rad / 4.0 * (1 - beam.vdivsteps % 2)) /
                    beam.vdivrange_rad / beam.vdivrange_rad;
            if (round_div && test * 4.0 > 1.1)
                continue;
            ++kept;
            const Vec3 start = -kSourceDistance_m * beam.beam_vector;
            const Vec3 v1 = rotate_about_axis(start, beam.polarization_axis, vdiv);
            const Vec3 v2 = rotate_about_axis(v1, beam.vertical_axis, hdiv);
            for (int id = 0; id < beam.dispsteps; ++id) {
                Source s;
                s.direction = v2;
                s.wavelength_m =
                    beam.wavelength_m * (1.0 + beam.dispstep * id - beam.dispersion / 2.0);
                s.weight = 1.0; // C stores 1/sources here; it is never used
                beam.sources.push_back(s);
            }
        }
    }
    beam.divergence_points = kept;
    const double w = beam.sources.empty() ? 0.0 : 1.0 / static_cast<double>(beam.sources.size());
    for (Source& s : beam.sources)
        s.weight = w;
}

void normalise_source_directions(Beam& beam) {
    for (Source& s : beam.sources)
        s.direction = unit_or_zero(s.direction);
}

} // namespace nbsim
