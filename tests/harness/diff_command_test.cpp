// `trace_harness diff` through the built binary: exit codes, the first-divergence report on the
// golden supervisor traces, the JSON/TSV outputs, and one-line errors for malformed input.
#include "nbtrace/jsonl.h"
#include "nbtrace/parse.h"

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>

namespace fs = std::filesystem;

namespace {

struct Run {
    int code = -1;
    std::string out;
    std::string err;
};

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// A scratch directory per test case, removed afterwards.
class Scratch {
  public:
    Scratch() {
        static int n = 0;
        dir_ = fs::path(NB_BINARY_DIR) / "tests" / "harness" / "scratch" /
               (std::to_string(::getpid()) + "_" + std::to_string(n++));
        fs::create_directories(dir_);
    }
    ~Scratch() {
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }
    fs::path file(const std::string& name, const std::string& content) const {
        const fs::path p = dir_ / name;
        std::ofstream(p, std::ios::binary) << content;
        return p;
    }
    fs::path path(const std::string& name) const { return dir_ / name; }

    // Runs trace_harness with `args` (already quoted), capturing stdout, stderr and the exit code.
    Run run(const std::string& args) const {
        const fs::path out = dir_ / "stdout.txt";
        const fs::path err = dir_ / "stderr.txt";
        const std::string cmd = std::string("'") + TRACE_HARNESS_EXE + "' " + args + " > '" +
                                out.string() + "' 2> '" + err.string() + "'";
        const int status = std::system(cmd.c_str());
        Run r;
        r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        r.out = slurp(out);
        r.err = slurp(err);
        return r;
    }

  private:
    fs::path dir_;
};

std::string q(const fs::path& p) {
    return "'" + p.string() + "'";
}

fs::path golden(const std::string& rel) {
    return fs::path(NB_TEST_DATA_DIR) / "golden" / rel;
}

const fs::path kRoi = golden("supervisor_trace_c.log");
const fs::path kSingle = golden("supervisor_trace_c_single_pixel.log");

std::size_t lines(const std::string& s) {
    std::size_t n = 0;
    for (char c : s)
        n += c == '\n';
    return n;
}

} // namespace

TEST_CASE("diff of the supervisor trace against itself exits 0", "[cli]") {
    const Scratch s;
    const Run r = s.run("diff " + q(kRoi) + " " + q(kRoi));
    CHECK(r.code == 0);
    CHECK(r.err.empty());
    CHECK(r.out.find("RESULT: PASS  117 rows compared, 0 diverge, 0 only in A, 0 only in B\n") !=
          std::string::npos);
    CHECK(r.out.find("FIRST DIVERGENCE") == std::string::npos);
}

TEST_CASE("diff against the single-pixel run exits 3 and names the phi 0 rotated vectors",
          "[cli]") {
    const Scratch s;
    const Run r = s.run("diff " + q(kRoi) + " " + q(kSingle));
    CHECK(r.code == 3);
    CHECK(r.err.empty());
    const std::string& o = r.out;
    // the first divergence: orientation a_rot at phi step 0, with b_rot and c_rot beside it
    const std::size_t first = o.find("FIRST DIVERGENCE:\n  orientation / a_rot "
                                     "(TRACE_C/rot_a_angstroms)  [A]\n  at pixel(s=685,f=1039) "
                                     "layer 0 sub(0,0) source 0 phi 0 mosaic 0\n");
    REQUIRE(first != std::string::npos);
    CHECK(o.find("also diverging in orientation at these indices: b_rot, c_rot") !=
          std::string::npos);
    // then, in pipeline order, the phi 0 Miller index, the lattice factors, the scaling results
    const std::regex k0(
        R"(FAIL +miller +k_frac +pixel\(s=685,f=1039\) layer 0 sub\(0,0\) source 0 )"
        R"(phi 0 mosaic 0 +\[0\] +-0\.607255839576692 +-0\.589167636095369)");
    const std::regex ibs(R"(FAIL +accumulate +I_before_scaling +pixel\(s=685,f=1039\) +\[0\] +)"
                         R"(943654\.80923755 +807189\.768677586)");
    const std::regex ipf(R"(FAIL +scale +I_pixel_final +pixel\(s=685,f=1039\) +\[0\] +)"
                         R"(2\.88139542684698e-07 +2\.4647073117176e-07)");
    std::smatch m;
    const std::size_t table = o.find("DIVERGING ROWS");
    REQUIRE(table != std::string::npos);
    const std::string rows = o.substr(table);
    REQUIRE(std::regex_search(rows, m, k0));
    const auto k0_at = m.position(0);
    REQUIRE(std::regex_search(rows, m, ibs));
    const auto ibs_at = m.position(0);
    REQUIRE(std::regex_search(rows, m, ipf));
    const auto ipf_at = m.position(0);
    REQUIRE(std::regex_search(rows, m, std::regex(R"(FAIL \* +orientation +a_rot )")));
    const auto a_rot_at = static_cast<std::size_t>(m.position(0));
    REQUIRE(std::regex_search(rows, m, std::regex(R"(FAIL +lattice +F_latt_a )")));
    const auto f_latt_at = static_cast<std::size_t>(m.position(0));
    CHECK(a_rot_at < static_cast<std::size_t>(k0_at));
    CHECK(static_cast<std::size_t>(k0_at) < f_latt_at);
    CHECK(f_latt_at < static_cast<std::size_t>(ibs_at));
    CHECK(ibs_at < ipf_at);
    CHECK(o.find("RESULT: FAIL  117 rows compared, 12 diverge") != std::string::npos);
}

TEST_CASE("the json and tsv options write the machine-readable results", "[cli]") {
    const Scratch s;
    const Run r = s.run("diff " + q(kRoi) + " " + q(kSingle) + " --json " + q(s.path("d.json")) +
                        " --tsv " + q(s.path("d.tsv")));
    CHECK(r.code == 3);
    const boost::json::value v = boost::json::parse(slurp(s.path("d.json")));
    CHECK(v.at("passed").as_bool() == false);
    CHECK(v.at("first_divergence").at("key").as_string() == "a_rot");
    CHECK(v.at("first_divergence").at("stage").as_string() == "orientation");
    const std::string tsv = slurp(s.path("d.tsv"));
    CHECK(tsv.rfind("stage\tkey\tindices\tcomponent\t", 0) == 0);
    CHECK(tsv.find("miller\tk_frac\tpixel(s=685,f=1039) layer 0 sub(0,0) source 0 phi 0 mosaic "
                   "0\t0\t-0.607255839576692\t-0.589167636095369\t") != std::string::npos);
    // an output that cannot be written is an I/O error naming the file
    const Run bad =
        s.run("diff " + q(kRoi) + " " + q(kRoi) + " --json " + q(s.path("no/such/dir/d.json")));
    CHECK(bad.code == 2);
    CHECK(bad.err.find("d.json: cannot write") != std::string::npos);
}

TEST_CASE("legacy and canonical inputs are detected per file", "[cli]") {
    const Scratch s;
    std::ostringstream jsonl;
    nbtrace::write_jsonl(jsonl, nbtrace::read_trace_file(kRoi.string()).records);
    const fs::path canonical = s.file("roi.jsonl", jsonl.str());
    const Run r = s.run("diff " + q(kRoi) + " " + q(canonical));
    CHECK(r.code == 0);
    CHECK(s.run("diff " + q(canonical) + " " + q(kSingle)).code == 3);
}

TEST_CASE("malformed input: one-line error with file:line, exit 2", "[cli]") {
    const Scratch s;
    const std::string head = "TRACE_CONFIG: tracing pixel (spixel=685, fpixel=1039)\n"
                             "TRACE_C: pix0_vector_meters -0.216475836204836 0.216343050492215 "
                             "-0.230192414300537\n";
    struct Case {
        const char* name;
        fs::path file;
        std::string expect; // stderr after "trace_harness diff: error: <path>"
    };
    const Case cases[] = {
        {"truncated line", s.file("truncated.log", head + "TRACE_C: fdet_vec 0.999982004873912"),
         ":3: fdet_vec takes 3 values, got 1 (truncated line?)\n"},
        {"non-numeric value", s.file("nonnumeric.log", head + "TRACE_C: R_distance_meters 0.25x\n"),
         ":3: non-numeric value '0.25x' for R_distance_meters\n"},
        {"empty file", s.file("empty.log", ""), ":1: empty file\n"},
        {"missing file", s.path("missing.log"), ": cannot open: No such file or directory\n"},
        {"binary garbage", s.file("garbage.bin", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16)),
         ":1: binary data, not a text trace (byte 0x89 at column 1)\n"},
    };
    for (const Case& c : cases) {
        INFO(c.name);
        // the malformed file on either side
        for (bool first : {true, false}) {
            const Run r =
                s.run("diff " + (first ? q(c.file) + " " + q(kRoi) : q(kRoi) + " " + q(c.file)));
            CHECK(r.code == 2);
            CHECK(r.out.empty());
            CHECK(lines(r.err) == 1);
            CHECK(r.err == "trace_harness diff: error: " + c.file.string() + c.expect);
        }
    }
}

TEST_CASE("usage errors exit 1, --help exits 0", "[cli]") {
    const Scratch s;
    const std::string a = q(kRoi);
    for (const std::string& args :
         {std::string("diff"), "diff " + a, "diff " + a + " " + a + " " + a,
          "diff " + a + " " + a + " --atol length_m", "diff " + a + " " + a + " --atol nope=1",
          "diff " + a + " " + a + " --atol length_m=x", "diff " + a + " " + a + " --rtol -1",
          "diff " + a + " " + a + " --require kfrac", "diff " + a + " " + a + " --pixel 685",
          "diff " + a + " " + a + " --frobnicate", std::string(""), std::string("differ")}) {
        INFO(args);
        const Run r = s.run(args);
        CHECK(r.code == 1);
        CHECK(lines(r.err) >= 1);
        CHECK(r.err.find("usage") != std::string::npos);
    }
    const Run help = s.run("diff --help");
    CHECK(help.code == 0);
    CHECK(help.out.find("exit codes: 0 PASS, 1 usage error, 2 unreadable or malformed input") !=
          std::string::npos);
    CHECK(s.run("--help").code == 0);
}

TEST_CASE("a port trace takes the C trace's pixel, a required one-sided key fails", "[cli]") {
    const Scratch s;
    const fs::path py = fs::path(NB_TEST_DATA_DIR) / "traces" / "py_spec_685_1039.log";
    // the port names no pixel: its records take the C trace's single pixel, so the diff
    // compares as much as with --pixel
    const Run loose = s.run("diff " + q(kSingle) + " " + q(py));
    const Run pinned = s.run("diff " + q(kSingle) + " " + q(py) + " --pixel 685 1039");
    std::smatch m;
    const std::regex compared(R"(RESULT: \w+  (\d+) rows compared)");
    REQUIRE(std::regex_search(loose.out, m, compared));
    const int n_loose = std::stoi(m[1]);
    REQUIRE(std::regex_search(pinned.out, m, compared));
    CHECK(std::stoi(m[1]) == n_loose);
    CHECK(loose.code == 0);
    CHECK(loose.out.find("names no pixel: read as the other side's (slow 685, fast 1039)") !=
          std::string::npos);
    // the fixture carries the C's spec-compliant values in the port's spellings: no divergence
    CHECK(pinned.code == 0);
    // its carried-over sibling (phi step 0 uses the phi_last vectors) parts at the orientation
    const fs::path carry =
        fs::path(NB_TEST_DATA_DIR) / "traces" / "py_carryover_685_1039_rotstar.log";
    const Run carried = s.run("diff " + q(kSingle) + " " + q(carry) + " --pixel 685 1039");
    CHECK(carried.code == 3);
    CHECK(carried.out.find("FIRST DIVERGENCE:\n  orientation / a_rot") != std::string::npos);
    // the port prints no image cell: image_value is one-sided, a failure only when required
    const Run req = s.run("diff " + q(kSingle) + " " + q(py) +
                          " --pixel 685 1039 --require image_value --atol length_m=1e-6");
    CHECK(req.code == 3);
    CHECK(req.out.find("REQUIRED KEYS MISSING:\n  image_value at pixel(s=685,f=1039) only in") !=
          std::string::npos);
}

TEST_CASE("sides that traced different pixels fail with exit 3, naming both", "[cli]") {
    const Scratch s;
    // the golden traces of (slow 685, fast 1039) and of the synthetic crystal's peak pixel
    const std::string a = q(kSingle);
    const std::string b =
        q(fs::path(NB_TEST_DATA_DIR) / "golden" / "supervisor_synth" / "trace_single_peak.log");
    const Run r = s.run("diff " + a + " " + b);
    CHECK(r.code == 3);
    CHECK(r.out.empty()); // no table: nothing comparable
    CHECK(r.err.find("the sides traced different pixels: (slow 685, fast 1039) vs (slow ") !=
          std::string::npos);
    // allowed: compared, B's pixel read as A's, and the report says so
    const Run allowed = s.run("diff " + a + " " + b + " --allow-different-pixels");
    CHECK(allowed.code == 3); // different crystals: they disagree
    CHECK(allowed.out.find("(allowed: B's pixel compared as A's)") != std::string::npos);
    // a pixel given for a side that its trace contradicts
    const Run given = s.run("diff " + a + " " + a + " --pixel-b 1 2");
    CHECK(given.code == 3);
    CHECK(given.err.find("B traced (slow 685, fast 1039), not the pixel given for it, (slow 1, "
                         "fast 2)") != std::string::npos);
}

TEST_CASE("hostile trace inputs: one-line errors with their documented codes", "[cli]") {
    const Scratch s;
    // an edited C header line whose oversample squared overflows 32 bits (once a SIGSEGV)
    const fs::path os = s.file("os.log", "  46341x46341 pixel oversample steps\n"
                                         "TRACE_C: pix0_vector_meters 0.1 0.2 0.3\n");
    const Run r1 = s.run("diff " + q(os) + " " + q(os));
    CHECK(r1.code == 2);
    CHECK(r1.err == "trace_harness diff: error: " + os.string() +
                        ":1: oversample 46341 is out of range (1..46340)\n");
    // a character device is refused before a byte is read (once read to exhaustion of memory)
    const Run r2 = s.run("diff /dev/zero " + q(kSingle));
    CHECK(r2.code == 2);
    CHECK(r2.err == "trace_harness diff: error: /dev/zero: not a trace file: a device or socket, "
                    "not a regular file or pipe\n");
    for (const char* bad : {"inf", "nan", "-1"}) {
        const Run r3 = s.run("diff " + q(kSingle) + " " + q(kSingle) + " --rtol " + bad);
        CHECK(r3.code == 1);
        CHECK(r3.err.find("rtol must be a finite number >= 0") != std::string::npos);
    }
    const Run r4 = s.run("diff " + q(kSingle) + " " + q(kSingle) + " --atol length_m=inf");
    CHECK(r4.code == 1);
    CHECK(r4.err.find("atol of length_m must be a finite number >= 0") != std::string::npos);
}

TEST_CASE("a file of unregistered names only is compared under their literal names", "[cli]") {
    const Scratch s;
    const fs::path a = s.file("a.log", "TRACE_C: Xbeam 0.0612\nTRACE_C: distance 0.1\n");
    const fs::path b = s.file("b.log", "TRACE_C: Xbeam 0.0612\nTRACE_C: distance 0.2\n");
    const Run same = s.run("diff " + q(a) + " " + q(a));
    CHECK(same.code == 0);
    const Run differ = s.run("diff " + q(a) + " " + q(b));
    CHECK(differ.code == 3);
    CHECK(differ.out.find("unregistered  distance (TRACE_C/distance)") != std::string::npos);
    CHECK(s.run("diff " + q(a) + " " + q(a) + " --strict").code == 2);
}
