// Recorded traces and images of the real programs (tests/data/real_programs) for the diagnosis
// tests, and a way to edit one printed line of a copy.
#pragma once

#include "nbdiag/self_consistency.h"

#include "nbtrace/trace_pair.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace nbtest {

inline std::string real_program(const std::string& rel) {
    return std::string(NB_TEST_DATA_DIR) + "/real_programs/" + rel;
}

// One trace file's records, read as one side.
inline std::vector<nbtrace::Record> side_records(const std::string& path) {
    return nbtrace::read_trace_pair({{path}, {}}, {{path}, {}}).a.records;
}

inline nbdiag::SelfConsistency judge_file(const std::string& path,
                                          const nbdiag::SideFacts* extra = nullptr) {
    nbdiag::SideFacts facts = nbdiag::read_side_facts(path);
    if (extra) {
        facts.image_cell = extra->image_cell;
        facts.image_source = extra->image_source;
    }
    nbdiag::SelfConsistency s = nbdiag::check_side(side_records(path), facts);
    s.side = path;
    return s;
}

inline std::vector<const nbdiag::CheckResult*> results_of(const nbdiag::SelfConsistency& s,
                                                          const std::string& check) {
    std::vector<const nbdiag::CheckResult*> out;
    for (const nbdiag::CheckResult& c : s.results)
        if (c.check == check)
            out.push_back(&c);
    return out;
}

// PASS / FAIL / n/a of every result of `check`: "FAIL" when any failed, "PASS" when some passed
// and none failed, "n/a" when none was evaluated, "absent" when the check never ran.
inline std::string verdict_of(const nbdiag::SelfConsistency& s, const std::string& check) {
    const std::vector<const nbdiag::CheckResult*> rs = results_of(s, check);
    if (rs.empty())
        return "absent";
    bool pass = false;
    for (const nbdiag::CheckResult* c : rs) {
        if (c->verdict == nbdiag::CheckVerdict::fail)
            return "FAIL";
        pass = pass || c->verdict == nbdiag::CheckVerdict::pass;
    }
    return pass ? "PASS" : "n/a";
}

inline std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// A copy of `original` with the one line equal to `old_line` replaced by `new_line`, in a fresh
// temporary folder removed with the object.
class EditedCopy {
  public:
    EditedCopy(const std::string& original, const std::string& old_line,
               const std::string& new_line) {
        std::string text = read_text(original);
        const std::size_t at = text.find(old_line + "\n");
        REQUIRE(at != std::string::npos);
        REQUIRE(text.find(old_line + "\n", at + 1) == std::string::npos);
        text.replace(at, old_line.size(), new_line);
        dir_ = std::filesystem::temp_directory_path() /
               ("nbdiag-test-" + std::to_string(reinterpret_cast<std::uintptr_t>(this)) + "-" +
                std::to_string(std::rand()));
        std::filesystem::create_directories(dir_);
        path_ = (dir_ / std::filesystem::path(original).filename()).string();
        std::ofstream(path_, std::ios::binary) << text;
    }
    ~EditedCopy() {
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }
    const std::string& path() const { return path_; }

  private:
    std::filesystem::path dir_;
    std::string path_;
};

// The tap fault of the tests: simple_cubic's printed h = -0.0235167018691306 written as
// -0.0235167021043 (1e-8 relative), in the C program's trace only (its image untouched).
inline const char* const kHklLine =
    "TRACE_C: hkl_frac -0.0235167018691306 -0.949776591332243 1.94954142431355";
inline const char* const kHklLineTapFault =
    "TRACE_C: hkl_frac -0.0235167021043 -0.949776591332243 1.94954142431355";

} // namespace nbtest
