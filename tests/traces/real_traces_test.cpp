// Every trace the nanoBragg C program and its PyTorch port really printed while their maintainers
// chased parity bugs (../shared/real_traces, or $NB_REAL_TRACES) is read and judged:
//  - each file diffs against itself with a PASS (nothing in it is refused or lost), and the
//    lines that gave no compared value are counted by reason;
//  - a copy with one per-pixel value edited never passes, with the pixel named or not.
// The files are another project's data, never copied here: when they are absent this program
// prints SKIPPED and exits 77 (CTest "Skipped"), or fails under NB_REQUIRE_ALL=1.
#define CATCH_CONFIG_RUNNER
#include "nbtrace/diff.h"
#include "nbtrace/trace_pair.h"

#include "common/real_traces_dir.h"

#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace fs = std::filesystem;
using namespace nbtrace;

namespace {

fs::path g_dir;

std::vector<fs::path> trace_files() {
    std::vector<fs::path> out;
    std::ifstream index(g_dir / "index.tsv");
    std::string line;
    std::getline(index, line); // header
    while (std::getline(index, line))
        if (!line.empty())
            out.push_back(g_dir / line.substr(0, line.find('\t')));
    return out;
}

DiffResult self_diff(const fs::path& a, const fs::path& b) {
    const TracePair pair = read_trace_pair({{a.string()}, {}}, {{b.string()}, {}});
    REQUIRE_FALSE(pair.pixel_mismatch);
    DiffResult r = diff_traces(pair.a.records, pair.b.records, {});
    r.a_input = pair.a.summary;
    return r;
}

// A file printing one quantity twice (the port's I_pixel_final and floatimage_accumulated) with
// one copy edited is refused as a conflicting duplicate (trace_harness diff exits 2); otherwise
// the diff must FAIL (exit 3). Neither is a pass.
bool edited_copy_fails(const fs::path& original, const fs::path& edited) {
    try {
        const DiffResult r = self_diff(original, edited);
        return !r.passed() && r.verdict == Verdict::fail;
    } catch (const ParseError& e) {
        return std::string(e.what()).find("conflicting duplicate") != std::string::npos;
    }
}

std::string read_text(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

} // namespace

TEST_CASE("every real trace diffs against itself with a PASS", "[real_traces]") {
    const std::vector<fs::path> files = trace_files();
    // the folder's README: 158 files
    REQUIRE(files.size() == 158);
    std::map<std::string, std::size_t> reasons;
    std::size_t unregistered = 0, lines = 0;
    for (const fs::path& f : files) {
        INFO(f.string());
        const DiffResult r = self_diff(f, f);
        CHECK(r.passed());
        CHECK(r.failed == 0);
        lines += r.a_input.lines;
        unregistered += r.a_input.unregistered_records;
        for (const auto& [reason, n] : r.a_input.lines_not_compared)
            reasons[reason] += n;
    }
    std::printf("%zu files, %zu lines, %zu unregistered records; lines not compared by reason:\n",
                files.size(), lines, unregistered);
    for (const auto& [reason, n] : reasons)
        std::printf("  %-16s %zu\n", reason.c_str(), n);
}

TEST_CASE("a real trace with one per-pixel value edited never passes", "[real_traces]") {
    // I_pixel_final is the value everyone reads; F_cell the first structure-factor value. Edit
    // the last digit before the exponent of the first such line of every file that prints one.
    std::size_t edited = 0;
    for (const fs::path& f : trace_files()) {
        const std::string text = read_text(f);
        for (const char* key : {" I_pixel_final ", " F_cell "}) {
            const std::size_t at = text.find(key);
            if (at == std::string::npos)
                continue;
            const std::size_t end = text.find('\n', at);
            std::string copy = text;
            // the value's first significant digit: 1 -> 2, otherwise -> 1 (a change of >= 10 %)
            std::size_t d = text.find_first_of("123456789", at + std::strlen(key));
            if (d == std::string::npos || d > end)
                continue;
            copy[d] = copy[d] == '1' ? '2' : '1';
            const fs::path tmp =
                fs::temp_directory_path() / ("nb-real-edit-" + std::to_string(edited) + ".log");
            std::ofstream(tmp, std::ios::binary) << copy;
            INFO(f.string() << " edited at " << key);
            CHECK(edited_copy_fails(f, tmp));
            // with the pixel line removed from the edited copy, the copy takes the original's
            // pixel and still fails
            std::string no_pixel;
            std::istringstream lines(copy);
            for (std::string line; std::getline(lines, line);)
                if (line.rfind("TRACE_CONFIG", 0) != 0)
                    no_pixel += line + "\n";
            std::ofstream(tmp, std::ios::binary | std::ios::trunc) << no_pixel;
            CHECK(edited_copy_fails(f, tmp));
            fs::remove(tmp);
            ++edited;
            break;
        }
    }
    std::printf("%zu real traces edited, none passed\n", edited);
    CHECK(edited > 50);
}

int main(int argc, char* argv[]) {
    g_dir = nbtest::find_real_traces();
    if (g_dir.empty())
        return nbtest::real_traces_absent();
    return Catch::Session().run(argc, argv);
}
