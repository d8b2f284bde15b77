// A test that cannot run its subject (an input or a program is absent) says so instead of
// passing: it prints "SKIPPED: <reason>" and ends its process with exit code 77, which CTest
// reports as "Skipped" (every Catch2 test is registered with SKIP_RETURN_CODE 77; the shared main
// never returns 77 for failures). With NB_REQUIRE_ALL=1 in the environment the test fails
// instead, so a CI that has every input can insist on running everything.
//
// Catch2 discovered tests run one test case per process, so ending the process ends only this
// test case.
#pragma once

#include <catch2/catch.hpp>

#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>

namespace nbtest {

[[noreturn]] inline void skip_test(const std::string& reason) {
    const char* require_all = std::getenv("NB_REQUIRE_ALL");
    if (require_all && !std::strcmp(require_all, "1"))
        FAIL("NB_REQUIRE_ALL=1 and this test cannot run: " << reason);
    std::cout << "SKIPPED: " << reason << std::endl;
    std::exit(77);
}

} // namespace nbtest
