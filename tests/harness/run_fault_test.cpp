// A deliberately broken comparison must fail (exit 3) and name the right first divergence. The
// simulator is made wrong at one stage (--inject-fault, simulator/README.md); everything upstream
// of that stage is bit-identical there (tests/simulator/fault_injection_test.cpp), so the first
// divergence must be the first key of that stage the fault touches.
#include "harness_run.h"

#include <catch2/catch.hpp>

using namespace htest;
using nbtest::TempDir;

namespace {

struct Break {
    const char* fault;
    const char* stage; // where the first divergence must be
    const char* key;
};

} // namespace

TEST_CASE("a geometry, a lattice and a scaling break each fail at their own stage",
          "[harness][fault]") {
    const Break breaks[] = {{"geometry", "pixel_geometry", "pixel_pos"},
                            {"lattice", "lattice", "F_latt_b"},
                            {"scale", "scale", "polar"}};
    for (const Break& b : breaks) {
        DYNAMIC_SECTION(b.fault) {
            TempDir dir("harness_fault");
            const auto r = run_harness({"--pixel", "685", "1039", "--phi-mode", "c-parity",
                                        "--threads", "2", "--inject-fault", b.fault},
                                       dir.path());
            INFO(r.out << r.err);
            CHECK(r.exit_code == 3);
            // verdict first, naming stage and key
            CHECK(r.out.rfind(std::string("FAIL: first divergence at stage ") + b.stage + ": " +
                                  b.key + " at pixel(s=685,f=1039)",
                              0) == 0);
            const fs::path bundle = bundle_of(r, dir.path());
            REQUIRE(fs::is_directory(bundle)); // a failed comparison still leaves its evidence
            const boost::json::object m = read_json(bundle / "metrics.json").as_object();
            CHECK(m.at("verdict") == "fail");
            CHECK(m.at("exit_code").to_number<int>() == 3);
            CHECK(m.at("first_divergence").at("stage") == b.stage);
            CHECK(m.at("first_divergence").at("key") == b.key);
            // every row upstream of it agrees
            CHECK(m.at("first_divergence").at("upstream_rows").to_number<int>() > 50);
            for (const auto& row : m.at("first_divergence").at("last_upstream").as_array())
                CHECK(row.at("status") == "pass");
            CHECK(nbtest::read_text(bundle / "summary.md").rfind("# trace_harness: FAIL", 0) == 0);
        }
    }
}

TEST_CASE("the same comparison without a fault passes", "[harness][fault]") {
    TempDir dir("harness_fault");
    const auto r = run_harness(
        {"--pixel", "685", "1039", "--phi-mode", "c-parity", "--threads", "2"}, dir.path());
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out.rfind("PASS: ", 0) == 0);
}

TEST_CASE("a tighter tolerance than the engines' agreement fails, never the reverse",
          "[harness][fault]") {
    TempDir dir("harness_fault");
    // the two engines agree to ~1e-10 on this pixel (lattice factors near a zero), not to 1e-15
    const auto r = run_harness(
        {"--pixel", "685", "1039", "--phi-mode", "c-parity", "--threads", "2", "--rtol", "1e-15"},
        dir.path());
    INFO(r.out << r.err);
    CHECK(r.exit_code == 3);
}
