// trace_harness gate, gate-merge and cite through the built binary, on tests/data/gate/small.json:
// 7 runs of a 32 x 32 simple cubic case -- 4 that pass (2 phi modes x 1 and 2 threads, thread-
// first pixels traced), 1 that expects C-PARITY-001 where the sides agree (a failure), 1 whose
// -hkl file is absent (skipped), 1 the engines refuse (-phisteps 0: an error, exit 2).
// The JUnit file is validated with xmllint against tests/harness/junit.xsd and read back by
// tests/harness/junit_consumer.py, as a CI system would.
#include "common/skip_test.h"
#include "harness_run.h"

#include "nbreport/sha256.h"

#include <catch2/catch.hpp>

#include <fstream>

using namespace htest;
using nbtest::TempDir;

namespace {

const fs::path kMatrix = fs::path(NB_TEST_DATA_DIR) / "gate" / "small.json";
const fs::path kXsd = fs::path(NB_SOURCE_DIR) / "tests" / "harness" / "junit.xsd";
const fs::path kConsumer = fs::path(NB_SOURCE_DIR) / "tests" / "harness" / "junit_consumer.py";

struct RunStatus {
    std::string status, message;
};

std::map<std::string, RunStatus> statuses(const fs::path& gate) {
    std::map<std::string, RunStatus> out;
    const boost::json::value m = read_json(gate / "metrics.json");
    for (const boost::json::value& r : m.at("runs").as_array())
        out[std::string(r.at("id").as_string())] = {std::string(r.at("status").as_string()),
                                                    std::string(r.at("message").as_string())};
    return out;
}

// Every run of `gate` with its status and message, in order (what must not depend on sharding).
std::vector<std::string> outcome_lines(const fs::path& gate) {
    std::vector<std::string> out;
    const boost::json::value m = read_json(gate / "metrics.json");
    for (const boost::json::value& r : m.at("runs").as_array())
        out.push_back(std::string(r.at("id").as_string()) + " " +
                      std::string(r.at("status").as_string()) + " " +
                      std::string(r.at("message").as_string()));
    return out;
}

std::optional<std::string> program(const char* name) {
    for (const char* dir : {"/usr/bin", "/bin", "/usr/local/bin"})
        if (fs::exists(fs::path(dir) / name))
            return (fs::path(dir) / name).string();
    return std::nullopt;
}

} // namespace

TEST_CASE("gate: one exit code, a bundle per run, a verdict per run", "[gate]") {
    TempDir dir("gate_e2e");
    const auto r = run_harness({"gate", kMatrix.string(), "--out", "g", "--jobs", "2"}, dir.path());
    INFO(r.out << r.err);
    CHECK(r.exit_code == 2); // a side could not run (the refused case)
    const fs::path g = dir.path() / "g";
    for (const char* f : {"summary.md", "metrics.json", "index.tsv", "junit.xml"})
        CHECK(fs::exists(g / f));
    CHECK(staging_in(dir.path()).empty());
    const auto s = statuses(g);
    REQUIRE(s.size() == 7);
    for (const char* id : {"small/agree/spec/float64/t1", "small/agree/spec/float64/t2",
                           "small/agree/c-parity/float64/t1", "small/agree/c-parity/float64/t2"})
        CHECK(s.at(id).status == "passed");
    CHECK(s.at("small/expects_carryover/c-parity/float64/t1").status == "failed");
    CHECK(s.at("small/expects_carryover/c-parity/float64/t1").message ==
          "expected C-PARITY-001, but the sides agree");
    CHECK(s.at("small/input_absent/spec/float64/t1").status == "skipped");
    CHECK(s.at("small/input_absent/spec/float64/t1").message.find("absent.hkl is absent") !=
          std::string::npos);
    CHECK(s.at("small/refused/spec/float64/t1").status == "error");
    CHECK(s.at("small/refused/spec/float64/t1").message.find("zero phi steps") !=
          std::string::npos);

    // each run that ran left a verified bundle; the thread-first pixels of 2 threads over 32
    // rows are (0, 0) and (16, 0), traced next to the case's own pixel
    const boost::json::value m = read_json(g / "metrics.json");
    for (const boost::json::value& run : m.at("runs").as_array()) {
        if (run.at("bundle").is_null())
            continue;
        const fs::path b = g / std::string(run.at("bundle").as_string());
        CHECK(run_harness({"verify", b.string()}, dir.path()).exit_code == 0);
        if (run.at("id") == "small/agree/c-parity/float64/t2") {
            const boost::json::value bm = read_json(b / "metrics.json");
            CHECK(boost::json::serialize(bm.at("pixels")) ==
                  R"([{"slow":10,"fast":12},{"slow":0,"fast":0},{"slow":16,"fast":0}])");
            CHECK(bm.at("tolerance").at("rtol").to_number<double>() == 5e-10);
        }
    }
    // the failing run's citation block is printed and is in the summary
    CHECK(r.out.find("#### Parity evidence: custom, c-parity, float64, 1 thread(s)") !=
          std::string::npos);
    CHECK(nbtest::read_text(g / "summary.md").find("# trace_harness gate: ERROR (exit 2)") == 0);

    SECTION("--require-all makes a skip a failure (exit 3 without errors)") {
        const auto q = run_harness({"gate", kMatrix.string(), "--out", "q", "--case", "agree",
                                    "--case", "input_absent", "--require-all"},
                                   dir.path());
        CHECK(q.exit_code == 3);
        CHECK(statuses(dir.path() / "q").at("small/input_absent/spec/float64/t1").status ==
              "failed");
    }
    SECTION("--skip-exit-code: every run skipped") {
        const auto q = run_harness({"gate", kMatrix.string(), "--out", "q", "--case",
                                    "input_absent", "--skip-exit-code", "77"},
                                   dir.path());
        CHECK(q.exit_code == 77);
        CHECK(q.out.find("every run was skipped") != std::string::npos);
    }
    SECTION("the JUnit file follows the schema (xmllint)") {
        const auto xmllint = program("xmllint");
        if (!xmllint)
            nbtest::skip_test("xmllint not found (Debian package libxml2-utils)");
        const auto v = nbtest::run_command(
            {*xmllint, "--noout", "--schema", kXsd.string(), (g / "junit.xml").string()},
            dir.path());
        INFO(v.out << v.err);
        CHECK(v.exit_code == 0);
    }
    SECTION("a CI-style consumer reads the JUnit file back") {
        const auto python = program("python3");
        if (!python)
            nbtest::skip_test("python3 not found");
        const auto v = nbtest::run_command(
            {*python, kConsumer.string(), (g / "junit.xml").string(), "--counts", "7,1,1,1",
             "--outcome", "small.agree/c-parity/float64/t2=passed", "--outcome",
             "small.expects_carryover/c-parity/float64/t1=failure", "--outcome",
             "small.input_absent/spec/float64/t1=skipped", "--outcome",
             "small.refused/spec/float64/t1=error"},
            dir.path());
        INFO(v.out << v.err);
        CHECK(v.exit_code == 0);
        CHECK(v.out.find("failure: small.expects_carryover/c-parity/float64/t1: expected "
                         "C-PARITY-001, but the sides agree") != std::string::npos);
    }
    SECTION("--shard 1/4 ... 4/4 merged equals the unsharded run") {
        std::vector<std::string> merge{"gate-merge", "--out", "merged"};
        for (int k = 1; k <= 4; ++k) {
            const std::string out = "shard" + std::to_string(k);
            const auto sh = run_harness(
                {"gate", kMatrix.string(), "--out", out, "--shard", std::to_string(k) + "/4"},
                dir.path());
            // shard k holds runs k-1 and k+3 of 0..6: 0 and 4 (pass, failure), 1 and 5 (pass,
            // skip), 2 and 6 (pass, error), 3 (pass)
            CHECK(sh.exit_code == std::vector<int>{3, 0, 2, 0}[static_cast<std::size_t>(k - 1)]);
            merge.push_back(out);
        }
        const auto mg = run_harness(merge, dir.path());
        INFO(mg.out << mg.err);
        CHECK(mg.exit_code == 2);
        CHECK(outcome_lines(dir.path() / "merged") == outcome_lines(g));
        // merged bundle paths lead to the shards' bundles
        const boost::json::value m2 = read_json(dir.path() / "merged" / "metrics.json");
        for (const boost::json::value& run : m2.at("runs").as_array())
            if (!run.at("bundle").is_null())
                CHECK(fs::exists(dir.path() / "merged" / std::string(run.at("bundle").as_string()) /
                                 "sha256.txt"));
        if (const auto python = program("python3")) {
            const auto v = nbtest::run_command({*python, kConsumer.string(),
                                                (dir.path() / "merged" / "junit.xml").string(),
                                                "--same-as", (g / "junit.xml").string()},
                                               dir.path());
            INFO(v.out << v.err);
            CHECK(v.exit_code == 0);
        }
        // an incomplete set of shards is refused
        const auto bad =
            run_harness({"gate-merge", "--out", "bad", "shard1", "shard2", "shard3"}, dir.path());
        CHECK(bad.exit_code == 2);
        CHECK(bad.err == "trace_harness gate-merge: input error: shard 4/4 is missing\n");
        CHECK_FALSE(fs::exists(dir.path() / "bad"));
    }
}

TEST_CASE("gate: bad matrices, bad options and a used --out are refused with nothing written",
          "[gate]") {
    TempDir dir("gate_e2e");
    std::ofstream(dir.path() / "bad.json") << "{\n  \"format\": \"trace_harness-gate-matrix\",\n"
                                              "  \"schema_version\": 1,\n  \"name\": 3,\n"
                                              "  \"cases\": []\n}\n";
    auto r = run_harness({"gate", "bad.json", "--out", "g"}, dir.path());
    CHECK(r.exit_code == 2);
    CHECK(r.err == "trace_harness gate: input error: bad.json:4: name: must be a non-empty "
                   "string\n");
    r = run_harness({"gate", kMatrix.string(), "--shard", "5/4"}, dir.path());
    CHECK(r.exit_code == 1);
    r = run_harness({"gate", kMatrix.string(), "--case", "nope"}, dir.path());
    CHECK(r.exit_code == 1);
    CHECK(r.err == "trace_harness gate: usage error: --case nope: no such case\n");
    fs::create_directories(dir.path() / "used");
    std::ofstream(dir.path() / "used" / "keep.txt") << "x";
    r = run_harness({"gate", kMatrix.string(), "--case", "agree", "--out", "used", "--replace"},
                    dir.path());
    CHECK(r.exit_code == 2);
    CHECK(fs::exists(dir.path() / "used" / "keep.txt"));
    CHECK_FALSE(fs::exists(dir.path() / "reports"));
    // --list shows the expansion without running anything
    r = run_harness({"gate", kMatrix.string(), "--list", "--shard", "4/4"}, dir.path());
    CHECK(r.exit_code == 0);
    CHECK(r.out == "small/agree/c-parity/float64/t2\n");
}

TEST_CASE("cite: a verified bundle's evidence block, refused for a changed or missing bundle",
          "[gate][cite]") {
    TempDir dir("gate_cite");
    const auto run = run_harness({"--pixel", "685", "1039", "--phi-mode", "c-parity", "--threads",
                                  "2", "--inject-fault", "lattice", "--out", "o", "--no-fsync"},
                                 dir.path());
    REQUIRE(run.exit_code == 3);
    const fs::path b = bundle_of(run, dir.path());
    const std::string shown = fs::relative(b, dir.path()).string();
    const auto c = run_harness({"cite", shown}, dir.path());
    INFO(c.out << c.err);
    REQUIRE(c.exit_code == 0);
    // the values come from the bundle's metrics.json
    const boost::json::value m = read_json(b / "metrics.json");
    const auto& first = m.at("first_divergence");
    CHECK(first.at("key") == "F_latt_b");
    const std::string block = c.out;
    CHECK(block.rfind("#### Parity evidence: supervisor, c-parity, float64, 2 thread(s): FAIL\n",
                      0) == 0);
    CHECK(block.find("- first divergence: stage `lattice`, `F_latt_b` at pixel (slow 685, fast "
                     "1039) layer 0 sub_s 0 sub_f 0 source 0 phi 0 mosaic 0: reference ") !=
          std::string::npos);
    CHECK(block.find("- traced pixels: (slow 685, fast 1039)\n") != std::string::npos);
    CHECK(block.find("- known divergences in effect: C-PARITY-001, C-DESIGN-FLAW-001, "
                     "C-DESIGN-FLAW-003, Q2-ODET\n") != std::string::npos);
    CHECK(block.find("sha256 of its sha256.txt " + nbreport::sha256_hex(nbtest::read_bytes(
                                                       b / "sha256.txt"))) != std::string::npos);
    CHECK(block.find("- re-run: `B=" + shown +
                     "; trace_harness --pixel 685 1039 --phi-mode "
                     "c-parity --threads 2") != std::string::npos);

    CHECK(run_harness({"cite", "nothing"}, dir.path()).exit_code == 2);
    std::ofstream(b / "summary.md", std::ios::app) << "edited\n";
    const auto changed = run_harness({"cite", shown}, dir.path());
    CHECK(changed.exit_code == 3);
    CHECK(changed.err.find("does not match its sha256.txt") != std::string::npos);
}

TEST_CASE("gate: a pinned known failure passes only where it is, and a fix is noticed", "[gate]") {
    // the PyTorch port's recorded simple_cubic trace (tests/data/real_programs) first parts
    // from the reference, at this class's 1e-12, at a_star: its reciprocal vectors are float32
    // numbers (0.00999999977648258 for 0.01), a_rot (in metres) follows; the C program's
    // recorded trace of the same case agrees with the reference at 1e-12
    TempDir dir("gate_pinned");
    const fs::path data = fs::path(NB_TEST_DATA_DIR) / "real_programs" / "simple_cubic";
    const std::string args = R"(["-cell", "100", "100", "100", "90", "90", "90", "-default_F",
        "100", "-N", "5", "-lambda", "1.0", "-distance", "100", "-pixel", "0.1", "-detpixels",
        "128", "-oversample", "1"])";
    const auto recorded = [&](const char* file) {
        return R"({"recorded": {"trace": ")" + (data / file).string() + R"("}})";
    };
    const auto pinned = [&](const char* name, const char* file, const char* key) {
        return R"({"name": ")" + std::string(name) + R"(", "sides": {"a": )" + recorded(file) +
               R"(, "b": "reference"}, "args": )" + args +
               R"(, "pixels": [[74, 84]], "phi_modes": ["spec"], "threads": [2],
               "expect": {"fail_at": ")" +
               key + R"(", "why": "the port's reciprocal cell is float32"}})";
    };
    {
        std::ofstream m(dir.path() / "pinned.json");
        m << R"({"format": "trace_harness-gate-matrix", "schema_version": 1, "name": "pinned",
            "tolerance_classes": [{"name": "recorded", "sides": ["recorded", "reference"],
            "dtype": "float64", "rtol": 1e-12, "why": "the C program's %.15g trace"}],
            "cases": [)"
          << pinned("port_at_a_star", "py_trace.log", "a_star") << ","
          << pinned("port_at_a_rot", "py_trace.log", "a_rot") << ","
          << pinned("c_program", "c_trace.log", "a_rot") << "]}";
    }
    const auto r = run_harness({"gate", "pinned.json", "--out", "g", "--jobs", "2"}, dir.path());
    INFO(r.out << r.err);
    CHECK(r.exit_code == 3); // two of the three runs did not meet their expectation
    const auto s = statuses(dir.path() / "g");
    REQUIRE(s.size() == 3);
    CHECK(s.at("pinned/port_at_a_star/spec/float64/t2").status == "passed");
    CHECK(s.at("pinned/port_at_a_star/spec/float64/t2").message ==
          "pinned known failure: first divergence at a_star as expected (the port's reciprocal "
          "cell is float32)");
    CHECK(s.at("pinned/port_at_a_rot/spec/float64/t2").status == "failed");
    CHECK(s.at("pinned/port_at_a_rot/spec/float64/t2").message ==
          "expected the pinned failure at a_rot, observed the first divergence at a_star");
    CHECK(s.at("pinned/c_program/spec/float64/t2").status == "failed");
    CHECK(s.at("pinned/c_program/spec/float64/t2").message ==
          "expected the pinned failure at a_rot, but the sides agree: fixed? (pinned because the "
          "port's reciprocal cell is float32)");
}
