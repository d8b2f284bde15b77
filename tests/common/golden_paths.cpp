#include "golden_paths.h"

#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

namespace nbtest {

std::optional<fs::path> real_supervisor_inputs() {
    std::vector<fs::path> candidates;
    if (const char* env = std::getenv("NB_GOLDEN_INPUTS"))
        candidates.emplace_back(env);
    candidates.push_back(fs::path(NB_SOURCE_DIR) / ".." / "shared" / "golden" / "inputs");
    for (const auto& dir : candidates)
        if (fs::is_regular_file(dir / "A.mat") && fs::is_regular_file(dir / "scaled.hkl"))
            return fs::weakly_canonical(dir);
    return std::nullopt;
}

std::string real_inputs_absent_message() {
    return "real supervisor inputs A.mat and scaled.hkl not found (set NB_GOLDEN_INPUTS to the "
           "folder holding them, or place the shared golden set beside the checkout); these "
           "checks did not run";
}

TempDir::TempDir(const std::string& tag) {
    std::random_device rd;
    for (int attempt = 0; attempt < 100; ++attempt) {
        fs::path p = fs::temp_directory_path() /
                     ("nbtest-" + tag + "-" + std::to_string(rd()) + std::to_string(attempt));
        if (fs::create_directory(p)) {
            path_ = p;
            return;
        }
    }
    throw std::runtime_error("cannot create a temporary directory");
}

TempDir::~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
}

std::string read_bytes(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in)
        throw std::runtime_error("cannot read " + p.string());
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string read_text(const fs::path& p) {
    return read_bytes(p);
}

} // namespace nbtest

namespace nbtest {

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
    for (size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size())
        s.replace(pos, from.size(), to);
    return s;
}

} // namespace nbtest
