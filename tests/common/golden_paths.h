// Where tests find their data: the committed goldens, the embedded default crystal, and the two
// supervisor inputs that must never be committed (A.mat, scaled.hkl).
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace nbtest {

namespace fs = std::filesystem;

inline fs::path data_dir() {
    return fs::path(NB_TEST_DATA_DIR);
}
inline fs::path golden_dir() {
    return data_dir() / "golden";
}
inline fs::path embedded_dir() {
    return fs::path(NB_EMBEDDED_DATA_DIR);
}
inline fs::path synth_inputs_dir() {
    return embedded_dir() / "supervisor_synth";
}

// A.mat and scaled.hkl of the real supervisor case: $NB_GOLDEN_INPUTS, then ../shared/golden/inputs
// beside the checkout. Returns nothing when either file is missing.
std::optional<fs::path> real_supervisor_inputs();

// The message tests print when the real inputs are absent.
std::string real_inputs_absent_message();

// A fresh, empty temporary directory (removed by the destructor).
class TempDir {
  public:
    explicit TempDir(const std::string& tag);
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const fs::path& path() const { return path_; }

  private:
    fs::path path_;
};

std::string read_text(const fs::path& p);

// Every occurrence of `from` replaced by `to` (maps this checkout's paths onto a golden run's).
std::string replace_all(std::string s, const std::string& from, const std::string& to);
std::string read_bytes(const fs::path& p);

} // namespace nbtest
