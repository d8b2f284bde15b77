// Runs one EngineCase (engine_cases.h) through an engine binary and checks what every bad input
// must give: the case's exit code, exactly one line on stderr that starts with the tool's prefix
// and names the case's input, printable characters only, and no file left behind in the run's
// folder (only the case's own inputs remain).
#pragma once

#include "common/engine_cases.h"
#include "common/golden_paths.h"
#include "common/run_command.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <string>
#include <vector>

namespace nbtest {

inline CommandResult run_engine_case(const std::string& binary, const EngineCase& c,
                                     const fs::path& dir) {
    std::vector<std::string> inputs;
    for (const auto& [name, content] : c.files) {
        std::ofstream(dir / name, std::ios::binary) << content;
        inputs.push_back(name);
    }
    std::vector<std::string> argv;
    if (!c.env.empty()) {
        argv.push_back("/usr/bin/env");
        argv.insert(argv.end(), c.env.begin(), c.env.end());
    }
    argv.push_back(binary);
    argv.insert(argv.end(), c.args.begin(), c.args.end());
    return run_command(argv, dir);
}

inline void check_engine_case(const std::string& binary, const std::string& prefix,
                              const EngineCase& c) {
    TempDir dir("enginecase");
    const CommandResult r = run_engine_case(binary, c, dir.path());
    std::vector<std::string> inputs;
    for (const auto& file : c.files)
        inputs.push_back(file.first);
    std::sort(inputs.begin(), inputs.end());
    INFO("case: " << c.name << "\nstderr: " << r.err);
    CHECK(r.exit_code == c.exit_code);
    REQUIRE(!r.err.empty());
    CHECK(r.err.back() == '\n');
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    CHECK(r.err.rfind(prefix, 0) == 0);
    CHECK(r.err.find(c.must_name) != std::string::npos);
    CHECK(std::all_of(r.err.begin(), r.err.end() - 1,
                      [](char ch) { return ch >= 0x20 && ch <= 0x7e; }));
    CHECK(files_in(dir.path()) == inputs);
}

} // namespace nbtest
