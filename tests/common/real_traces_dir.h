// Where the real programs' trace logs are (../shared/real_traces beside the checkout, or
// $NB_REAL_TRACES), for the test programs that walk them. They are another project's data,
// never copied here: when absent such a program prints SKIPPED and exits 77 (CTest "Skipped"),
// or 1 under NB_REQUIRE_ALL=1.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace nbtest {

// The folder holding index.tsv, or an empty path.
inline std::filesystem::path find_real_traces() {
    namespace fs = std::filesystem;
    if (const char* env = std::getenv("NB_REAL_TRACES"))
        if (fs::is_regular_file(fs::path(env) / "index.tsv"))
            return env;
    const fs::path beside = fs::path(NB_SOURCE_DIR) / ".." / "shared" / "real_traces";
    return fs::is_regular_file(beside / "index.tsv") ? beside : fs::path();
}

// The exit code of a test program whose real traces are absent (it says why).
inline int real_traces_absent() {
    std::printf("SKIPPED: the real trace logs (../shared/real_traces or $NB_REAL_TRACES) are "
                "not here; these checks did not run\n");
    const char* require = std::getenv("NB_REQUIRE_ALL");
    return require && std::string(require) == "1" ? 1 : 77;
}

} // namespace nbtest
