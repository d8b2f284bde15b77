// libFuzzer target: nbsim's HKL reader (parse_hkl_text, the same code read_hkl_file runs over a
// file) on arbitrary bytes. Every input must end as a table or as an InputError whose message
// names the file on one line; the table's memory goes through the same budget as a real run (an
// 8 x 8 detector: the 2 GiB estimate), and every lookup of the result must be answered.
#include "nbsim/errors.h"
#include "nbsim/limits.h"
#include "nbsim/structure_factors.h"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const nbsim::TableBudget budget = [](double table_bytes) {
        nbsim::MemoryEstimate m;
        m.fast_pixels = m.slow_pixels = 8;
        m.table_bytes = table_bytes;
        nbsim::check_memory(m, false);
    };
    try {
        const nbsim::StructureFactors sf = nbsim::parse_hkl_text(text, "fuzz.hkl", 1.5, budget);
        if (sf.listed <= 0)
            std::abort(); // a table without reflections must have been an error
        // corners, centre and just outside the box
        const int hs[] = {sf.h_min - 1, sf.h_min, (sf.h_min + sf.h_max) / 2, sf.h_max,
                          sf.h_max + 1};
        for (int h : hs)
            for (int k : {sf.k_min, sf.k_max})
                for (int l : {sf.l_min, sf.l_max + 1})
                    if (!std::isfinite(sf.nearest(h, k, l)))
                        std::abort(); // every F read was finite
        const double h = sf.h_min + 2.5, k = sf.k_min + 2.5, l = sf.l_min + 2.5;
        if (nbsim::interpolation_in_range(sf, h, k, l))
            (void)nbsim::interpolate_tricubic(sf, h, k, l);
    } catch (const nbsim::InputError& e) {
        const std::string what = e.what();
        if (what.rfind("fuzz.hkl", 0) != 0 || what.find('\n') != std::string::npos)
            std::abort(); // every input error names the file, on one line
    } catch (const nbsim::UsageError&) {
        // the memory estimate refused the table: allowed
    }
    return 0;
}
