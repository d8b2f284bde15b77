// The single Catch2 main shared by every test executable.
//
// Exit code 77 means "skipped" to CTest (SKIP_RETURN_CODE, see common/skip_test.h). Catch2
// returns the number of failed assertions, so 77 failures would read as a skip: report 78.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

int main(int argc, char* argv[]) {
    const int failures = Catch::Session().run(argc, argv);
    return failures == 77 ? 78 : failures;
}
