// Gate matrices: the located JSON reader, the schema check with file:line errors, path and
// ${VAR} resolution, and the pure parts of expansion (thread-first pixels, shards, sides).
#include "case/located_json.h"
#include "gate/expand.h"
#include "gate/matrix.h"
#include "gate/thread_first.h"

#include "common/golden_paths.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>

using namespace harness;
using namespace harness::gate;
using nbtest::TempDir;

namespace {

// A matrix file with `cases` (JSON text of the array's elements) and the usual header.
std::string write_matrix(const TempDir& dir, const std::string& cases,
                         const std::string& extra = "") {
    const std::string path = (dir.path() / "m.json").string();
    std::ofstream(path) << "{\n"
                           "  \"format\": \"trace_harness-gate-matrix\",\n"
                           "  \"schema_version\": 1,\n"
                           "  \"name\": \"m\",\n"
                           "  \"tolerance_classes\": [\n"
                           "    {\"name\": \"rs64\", \"sides\": [\"reference\", \"simulator\"],\n"
                           "     \"dtype\": \"float64\", \"rtol\": 1e-9, \"why\": \"test\"}\n"
                           "  ],\n"
                        << extra << "  \"cases\": [\n"
                        << cases << "\n  ]\n}\n";
    return path;
}

// The HarnessError message of loading `path` ("" when it loads).
std::string error_of(const std::string& path) {
    try {
        load_matrix(path);
    } catch (const HarnessError& e) {
        return e.message;
    }
    return "";
}

const std::string kArgs =
    "\"args\": [\"-cell\", \"100\", \"100\", \"100\", \"90\", \"90\", \"90\", "
    "\"-default_F\", \"100\", \"-detpixels\", \"40\"]";

} // namespace

TEST_CASE("located JSON: each value's line, syntax errors and duplicates with their line",
          "[gate][matrix]") {
    const LocatedJson doc = parse_located_json("{\n"
                                               "  \"a\": [1,\n"
                                               "        {\"b\": \"x\"}],\n"
                                               "  \"c\":\n"
                                               "    2.5e-10\n"
                                               "}\n");
    CHECK(doc.line_of("") == 1);
    CHECK(doc.line_of("/a") == 2);
    CHECK(doc.line_of("/a/0") == 2);
    CHECK(doc.line_of("/a/1/b") == 3);
    CHECK(doc.line_of("/c") == 4); // a member's line is its key's
    CHECK(doc.line_of("/a/1/b/nothing/here") == 3);
    // numbers are read from their text, correctly rounded
    CHECK(doc.root.at("c").as_double() == 2.5e-10);

    const auto line_of_error = [](const char* text) {
        try {
            parse_located_json(text);
        } catch (const JsonSyntaxError& e) {
            return e.line;
        }
        return 0;
    };
    CHECK(line_of_error("{\n  \"a\": 1,\n  \"b\": }\n") == 3);
    CHECK(line_of_error("{\n  \"a\": 1,\n  \"a\": 2\n}") == 3);
    CHECK(line_of_error("[1, 2,\n") == 2);
}

TEST_CASE("matrix schema: every mistake is an error naming file:line and the field",
          "[gate][matrix]") {
    TempDir dir("gate_matrix");
    const std::string file = (dir.path() / "m.json").string();
    SECTION("unknown field") {
        write_matrix(dir, "    {\"name\": \"c1\", " + kArgs + ",\n     \"dtype\": [\"float64\"]}");
        CHECK(error_of(file) == file + ":11: cases[0].dtype: unknown field (known: name|"
                                       "description|preset|inputs|args|extra_args|pixels|pick|roi|"
                                       "schedule|phi_modes|dtypes|threads|sides|tolerance|require|"
                                       "expect|needs|labels)");
    }
    SECTION("a value outside its choices") {
        write_matrix(dir, "    {\"name\": \"c1\", " + kArgs +
                              ", \"pixels\": [[1, 2]],\n     \"dtypes\": [\"float64\", "
                              "\"float16\"]}");
        CHECK(error_of(file) ==
              file + ":11: cases[0].dtypes[1]: 'float16' is not one of float64|float32");
    }
    SECTION("no tolerance class for the pair at a dtype") {
        write_matrix(dir, "    {\"name\": \"c1\", " + kArgs +
                              ", \"pixels\": [[1, 2]], \"dtypes\": [\"float32\"]}");
        CHECK(error_of(file) == file + ":10: cases[0]: no tolerance class for sides reference and "
                                       "simulator at float32 (add one to 'tolerance_classes')");
    }
    SECTION("an override without a reason") {
        write_matrix(dir, "    {\"name\": \"c1\", " + kArgs +
                              ", \"pixels\": [[1, 2]],\n     \"tolerance\": {\"rtol\": 1e-3}}");
        CHECK(error_of(file) == file + ":11: cases[0].tolerance: a tolerance override needs a "
                                       "'reason'");
    }
    SECTION("an expectation that is no known divergence") {
        write_matrix(dir, "    {\"name\": \"c1\", " + kArgs +
                              ", \"pixels\": [[1, 2]],\n     \"expect\": \"C-PARITY-999\"}");
        CHECK(error_of(file) == file + ":11: cases[0].expect: 'C-PARITY-999' is neither 'pass' "
                                       "nor an id of harness/known_divergences.json");
    }
    SECTION("a pinned failure without its reason, or at no trace key") {
        write_matrix(dir,
                     "    {\"name\": \"c1\", " + kArgs +
                         ", \"pixels\": [[1, 2]],\n     \"expect\": {\"fail_at\": \"a_rot\"}}");
        CHECK(error_of(file) == file + ":11: cases[0].expect: a pinned failure needs 'fail_at' (a "
                                       "trace key) and 'why'");
        write_matrix(dir, "    {\"name\": \"c1\", " + kArgs +
                              ", \"pixels\": [[1, 2]],\n     \"expect\": {\"fail_at\": "
                              "\"a_rotated\", \"why\": \"metres\"}}");
        CHECK(error_of(file) ==
              file + ":11: cases[0].expect.fail_at: 'a_rotated' is not a trace key");
    }
    SECTION("nothing to compare, a pixel outside the ROI, a bad ROI") {
        write_matrix(dir, "    {\"name\": \"c1\", " + kArgs + "}");
        CHECK(error_of(file) ==
              file + ":10: cases[0]: nothing to compare: give 'pixels', 'pick' or 'roi'");
        write_matrix(dir, "    {\"name\": \"c1\", " + kArgs +
                              ",\n     \"pixels\": [[30, 2]], \"roi\": [0, 9, 0, 9]}");
        CHECK(error_of(file) == file + ":11: cases[0].pixels: pixel [30, 2] lies outside the roi");
        write_matrix(dir, "    {\"name\": \"c1\", " + kArgs + ",\n     \"roi\": [5, 4, 0, 9]}");
        CHECK(error_of(file) == file + ":11: cases[0].roi: needs fmin <= fmax and smin <= smax");
    }
    SECTION("duplicate case names, an unknown trace key, a bad side") {
        write_matrix(dir, "    {\"name\": \"c1\", " + kArgs + ", \"pixels\": [[1, 2]]},\n" +
                              "    {\"name\": \"c1\", " + kArgs + ", \"pixels\": [[1, 2]]}");
        CHECK(error_of(file) == file + ":11: cases[1].name: case 'c1' is defined twice");
        write_matrix(dir, "    {\"name\": \"c1\", " + kArgs +
                              ", \"pixels\": [[1, 2]],\n     \"require\": [\"F_lat\"]}");
        CHECK(error_of(file) == file + ":11: cases[0].require[0]: 'F_lat' is not a trace key");
        write_matrix(dir, "    {\"name\": \"c1\", " + kArgs +
                              ", \"pixels\": [[1, 2]],\n     \"sides\": {\"a\": \"reference\", "
                              "\"b\": {\"backend\": \"simulator\"}}}");
        CHECK(error_of(file) ==
              file + ":11: cases[0].sides.b.backend: 'simulator' is embedded: it takes no program");
    }
    SECTION("header: format, version, syntax") {
        std::ofstream(file) << "{\"format\": \"other\", \"schema_version\": 1, \"name\": \"m\", "
                               "\"cases\": []}";
        CHECK(error_of(file) == file + ":1: format: must be \"trace_harness-gate-matrix\"");
        std::ofstream(file) << "{\n\"format\": \"trace_harness-gate-matrix\",\n"
                               "\"schema_version\": 2, \"name\": \"m\", \"cases\": []}";
        CHECK(error_of(file) == file + ":3: schema_version: this trace_harness reads version 1");
        std::ofstream(file) << "{\n\"format\": \"trace_harness-gate-matrix\",\n,}";
        CHECK(error_of(file).rfind(file + ":3: invalid JSON: ", 0) == 0);
        CHECK(error_of((dir.path() / "absent.json").string()).find("absent.json: cannot read") !=
              std::string::npos);
    }
}

TEST_CASE("matrix: defaults, extra_args, paths relative to the matrix, ${VAR}, absent inputs",
          "[gate][matrix]") {
    TempDir dir("gate_matrix");
    std::ofstream(dir.path() / "present.hkl") << "0 0 0 1\n";
    ::setenv("NB_GATE_TEST_DIR", dir.path().c_str(), 1);
    ::unsetenv("NB_GATE_TEST_UNSET");
    const std::string file = write_matrix(
        dir,
        "    {\"name\": \"rel\", \"extra_args\": [\"-hkl\", \"present.hkl\"]},\n"
        "    {\"name\": \"env\", \"extra_args\": [\"-hkl\", \"${NB_GATE_TEST_DIR}/present.hkl\"],"
        " \"dtypes\": [\"float64\"]},\n"
        "    {\"name\": \"dflt\", \"extra_args\": [\"-mat\", "
        "\"${NB_GATE_TEST_UNSET:-absent.mat}\"]},\n"
        "    {\"name\": \"unset\", \"needs\": [\"${NB_GATE_TEST_UNSET}/x\"]},\n"
        "    {\"name\": \"preset\", \"preset\": \"supervisor\", \"inputs\": {\"--mat\": "
        "\"A.mat\"}}",
        "  \"defaults\": {" + kArgs + ", \"pixels\": [[3, 4]], \"threads\": [1, 3]},\n");
    const Matrix m = load_matrix(file);
    REQUIRE(m.cases.size() == 5);
    const std::string hkl = (dir.path() / "present.hkl").lexically_normal().string();
    CHECK(m.cases[0].args.size() == 13); // the defaults' args, then the case's
    CHECK(m.cases[0].args[11] == "-hkl");
    CHECK(m.cases[0].args[12] == hkl);
    CHECK(m.cases[0].threads == std::vector<int>{1, 3});
    CHECK(m.cases[0].phi_modes == std::vector<std::string>{"spec", "c-parity"});
    CHECK(m.cases[1].args[12] == hkl);
    CHECK(m.cases[2].args[12] == (dir.path() / "absent.mat").lexically_normal().string());
    CHECK(m.cases[3].absent == std::vector<std::string>{"environment variable NB_GATE_TEST_UNSET "
                                                        "is not set"});
    CHECK(m.cases[4].preset == std::optional<std::string>("supervisor"));
    CHECK(m.cases[4].args.empty());

    const std::vector<PlannedRun> runs = expand_matrix(m, "bundles");
    REQUIRE(runs.size() == 5 * 4); // each case: 2 phi modes x 1 dtype x 2 thread counts
    CHECK(runs[0].id == "m/rel/spec/float64/t1");
    CHECK(runs[0].slug == "m.rel.spec.float64.t1");
    CHECK_FALSE(runs[0].skip);
    const std::vector<std::string> head{
        "run",     "--out",   "bundles", "--initiative", runs[0].slug, "--no-fsync", "--phi-mode",
        "spec",    "--dtype", "float64", "--threads",    "1",          "--schedule", "full-frame",
        "--pixel", "3",       "4",       "--rtol",       "1e-09",      "--"};
    CHECK(std::vector<std::string>(runs[0].run_args.begin(), runs[0].run_args.begin() + 20) ==
          head);
    CHECK(runs[8].skip ==
          std::optional<std::string>((dir.path() / "absent.mat").lexically_normal().string() +
                                     " is absent"));
    CHECK(runs[12].skip ==
          std::optional<std::string>("environment variable NB_GATE_TEST_UNSET is not set"));
    // a preset: --preset and the given inputs instead of flags after --
    CHECK(runs[16].skip == std::optional<std::string>(
                               (dir.path() / "A.mat").lexically_normal().string() + " is absent"));
}

TEST_CASE("thread-first pixels: gcc's static split of the rows, first row in the region",
          "[gate]") {
    using P = std::vector<nbtrace::Pixel>;
    using nbtrace::Region;
    // the supervisor detector, 2527 slow x 2463 fast pixels, and its synth peak ROI
    // (-roi 1217 1237 1208 1228: slow 1208..1228, fast 1217..1237)
    const Region kFrame{0, 2526, 0, 2462};
    const Region kRoi = Region::from_roi_flag(1217, 1237, 1208, 1228);
    // 40 rows, 3 threads: q = 13, r = 1 -> blocks start at 0, 14 (0 + 13 + 1), 27
    CHECK(thread_first_pixels(40, Region{0, 39, 0, 39}, 3) == P{{0, 0}, {14, 0}, {27, 0}});
    // 2527 rows, 2 threads: q = 1263, r = 1 -> 0 and 1264
    CHECK(thread_first_pixels(2527, kFrame, 2) == P{{0, 0}, {1264, 0}});
    // the supervisor_synth peak ROI (slow 1208..1228, fast from 1217), 2 threads: only thread 0
    // holds ROI rows, its first is 1208
    CHECK(thread_first_pixels(2527, kRoi, 2) == P{{1208, 1217}});
    // 3 threads over 2527 rows start at 0, 843, 1685: the ROI lies in thread 1's block
    CHECK(thread_first_pixels(2527, kRoi, 3) == P{{1208, 1217}});
    CHECK(thread_first_pixels(2527, kFrame, 3) == P{{0, 0}, {843, 0}, {1685, 0}});
    // more threads than rows: the extra threads have no rows
    CHECK(thread_first_pixels(2, Region{0, 1, 0, 1}, 4) == P{{0, 0}, {1, 0}});
}

TEST_CASE("thread-first pixels from the reference's set-up of a case", "[gate]") {
    Case c;
    c.name = "t";
    c.args = {"-cell",      "100", "100",          "100", "90",           "90", "90",
              "-default_F", "100", "-detpixels_x", "30",  "-detpixels_y", "40"};
    using P = std::vector<nbtrace::Pixel>;
    CHECK(thread_first_pixels(c, 3) == P{{0, 0}, {14, 0}, {27, 0}});
    c.roi = std::vector<int>{5, 9, 10, 20};
    c.schedule = "roi";
    CHECK(thread_first_pixels(c, 3) == P{{10, 5}, {14, 5}});
    c.args.push_back("-phisteps");
    c.args.push_back("0");
    CHECK_THROWS_AS(thread_first_pixels(c, 2), HarnessError);
}

TEST_CASE("shards: K/N, deterministic and covering every run once", "[gate]") {
    CHECK(parse_shard("1/4")->k == 1);
    CHECK(parse_shard("4/4")->n == 4);
    for (const char* bad : {"0/4", "5/4", "1/0", "a/4", "1/4x", "14", "-1/2", ""})
        CHECK_FALSE(parse_shard(bad));
    std::vector<PlannedRun> runs(10);
    for (std::size_t i = 0; i < runs.size(); ++i)
        runs[i].id = std::to_string(i);
    std::vector<std::string> seen;
    for (int k = 1; k <= 4; ++k)
        for (const PlannedRun& r : select_shard(runs, Shard{k, 4}))
            seen.push_back(r.id);
    CHECK(seen == std::vector<std::string>{"0", "4", "8", "1", "5", "9", "2", "6", "3", "7"});
}

TEST_CASE("sides: today's pair adds nothing to run, other sides are named for run", "[gate]") {
    SideSpec ref, sim, c_traced, recorded;
    ref.name = "reference";
    sim.name = "simulator";
    CHECK(side_arguments(ref, sim).empty());
    CHECK(side_arguments(sim, ref) ==
          std::vector<std::string>{"--a", "simulator", "--b", "reference"});
    c_traced.kind = SideSpec::Kind::backend;
    c_traced.name = "nanobragg-c-traced";
    c_traced.program = "/opt/nb/nanoBragg_traced";
    recorded.kind = SideSpec::Kind::recorded;
    recorded.name = "recorded";
    recorded.trace = "py.log";
    recorded.image = "py.bin";
    // run names a recorded side recorded:TRACE and its image --b-image FILE
    CHECK(side_arguments(c_traced, recorded) ==
          std::vector<std::string>{"--a", "nanobragg-c-traced", "--a-program",
                                   "/opt/nb/nanoBragg_traced", "--b", "recorded:py.log",
                                   "--b-image", "py.bin"});
}
