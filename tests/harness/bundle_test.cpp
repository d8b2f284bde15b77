// The evidence bundle of a run: its files, sha256sum -c, trace_harness verify against every
// one-byte change, distinct bundles for runs in the same second, no bundle from a failed or
// killed run, and commands.txt that re-runs.
#include "harness_run.h"

#include "nbreport/manifest.h"

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

using namespace htest;
using nbtest::TempDir;

namespace {

const std::vector<std::string> kPixelRun = {"--pixel",  "685",       "1039", "--phi-mode",
                                            "c-parity", "--threads", "2"};

fs::path run_one(const fs::path& dir, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = kPixelRun;
    args.insert(args.end(), extra.begin(), extra.end());
    const auto r = run_harness(args, dir);
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    return bundle_of(r, dir);
}

std::vector<std::string> listed_files(const fs::path& bundle) {
    std::vector<std::string> out;
    for (const auto& e : nbreport::parse_manifest(nbtest::read_text(bundle / "sha256.txt")).entries)
        out.push_back(e.path);
    return out;
}

// The key paths of a JSON value ("a.b[].c"), to compare schemas. A value that may be null when it
// does not apply (the ROI) contributes its own key only.
void key_paths(const boost::json::value& v, const std::string& at, std::set<std::string>& out) {
    if (at == ".run.roi")
        return;
    if (v.is_object())
        for (const auto& kv : v.as_object()) {
            const std::string p = at + "." + std::string(kv.key());
            out.insert(p);
            key_paths(kv.value(), p, out);
        }
    else if (v.is_array() && !v.as_array().empty())
        key_paths(v.as_array()[0], at + "[]", out);
}

std::set<std::string> top_keys(const boost::json::value& v) {
    std::set<std::string> out;
    for (const auto& kv : v.as_object())
        out.insert(std::string(kv.key()));
    return out;
}

} // namespace

TEST_CASE("a bundle holds the evidence and its manifest lists every file", "[harness][bundle]") {
    TempDir dir("harness_bundle");
    const fs::path b = run_one(dir.path());
    // ROOT/NAME/<UTC stamp>: reports/parity/YYYYMMDDTHHMMSSZ
    CHECK(b.parent_path() == dir.path() / "reports" / "parity");
    CHECK(b.filename().string().size() == 16);
    const std::vector<std::string> listed = listed_files(b);
    for (const char* f :
         {"commands.txt", "env.json", "config_effective.json", "trace_reference.jsonl",
          "trace_reference.log", "trace_simulator.jsonl", "trace_simulator.log", "diff.tsv",
          "metrics.json", "summary.md", "inputs/A_synth.mat", "inputs/synth.hkl"})
        CHECK(std::find(listed.begin(), listed.end(), f) != listed.end());
    // sha256sum itself accepts the manifest
    const auto check =
        nbtest::run_command({"/usr/bin/sha256sum", "-c", "--quiet", "sha256.txt"}, b);
    INFO(check.out << check.err);
    CHECK(check.exit_code == 0);
    const auto verify = run_harness({"verify", b.string()}, dir.path());
    CHECK(verify.exit_code == 0);
    CHECK(verify.out.rfind("PASS", 0) == 0);

    // the inputs are the embedded crystal's files (harness/data/supervisor_synth), hashed in
    // env.json and named in the summary
    const boost::json::object env = read_json(b / "env.json").as_object();
    CHECK(env.at("schema_version").to_number<int>() == 1);
    const std::string mat_sha = "f07a94241ce53f7bca36406e973bd56ad8d9c6dfe03bc3cb6d3f0d32c949fa67";
    CHECK(env.at("inputs").at(0).at("sha256") == mat_sha.c_str());
    CHECK(nbtest::read_bytes(b / "inputs/A_synth.mat") ==
          nbtest::read_bytes(nbtest::synth_inputs_dir() / "A_synth.mat"));
    const std::string summary = nbtest::read_text(b / "summary.md");
    CHECK(summary.rfind("# trace_harness: PASS", 0) == 0);
    CHECK(summary.find(mat_sha) != std::string::npos);
    CHECK(summary.find("(slow 685, fast 1039)") != std::string::npos);
    CHECK(summary.find("embedded") != std::string::npos);
}

TEST_CASE("changing one byte of any file makes verify fail", "[harness][bundle]") {
    TempDir dir("harness_bundle");
    const fs::path b = run_one(dir.path());
    std::vector<std::string> files = listed_files(b);
    files.push_back("sha256.txt");
    for (const std::string& f : files) {
        DYNAMIC_SECTION(f) {
            const fs::path copy = dir.path() / "copy";
            fs::remove_all(copy);
            fs::copy(b, copy, fs::copy_options::recursive);
            std::string bytes = nbtest::read_bytes(copy / f);
            REQUIRE(!bytes.empty());
            bytes[bytes.size() / 2] ^= 0x01;
            std::ofstream(copy / f, std::ios::binary | std::ios::trunc) << bytes;
            const auto v = run_harness({"verify", copy.string()}, dir.path());
            INFO(v.out << v.err);
            CHECK(v.exit_code == 3);
            CHECK(v.err.rfind("FAIL", 0) == 0);
            // a changed manifest line is reported at the entry it now mismatches
            if (f != "sha256.txt")
                CHECK(v.err.find(f) != std::string::npos);
        }
    }
}

TEST_CASE("verify: an added file fails, a folder without a manifest is not a bundle",
          "[harness][bundle]") {
    TempDir dir("harness_bundle");
    const fs::path b = run_one(dir.path());
    std::ofstream(b / "extra.txt") << "not listed\n";
    CHECK(run_harness({"verify", b.string()}, dir.path()).exit_code == 3);
    CHECK(run_harness({"verify", dir.path().string()}, dir.path()).exit_code == 2);
    CHECK(run_harness({"verify"}, dir.path()).exit_code == 1);
}

// The UTC stamp a bundle made `offset_s` seconds from now is named by: YYYYMMDDTHHMMSSZ.
std::string utc_stamp(int offset_s) {
    const std::time_t t = std::time(nullptr) + offset_s;
    std::tm tm{};
    gmtime_r(&t, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y%m%dT%H%M%SZ", &tm);
    return text;
}

TEST_CASE("two runs in the same second give two bundles", "[harness][bundle]") {
    TempDir dir("harness_bundle");
    // A second run in the same second as the first. A run takes well under a second on a quiet
    // machine but not under a sanitizer on a loaded one, so the collision is made certain: the
    // first run's bundle exists, and the stamps of every second the second run could start in
    // (the next 10 minutes) are taken by empty folders as if earlier runs had made them.
    const fs::path first = run_one(dir.path());
    for (int s = -1; s <= 600; ++s)
        fs::create_directories(dir.path() / "reports" / "parity" / utc_stamp(s));
    const fs::path second = run_one(dir.path());
    const std::string b = second.filename().string();
    INFO(first << " and " << second);
    CHECK(first != second);
    REQUIRE(b.size() > 16);
    CHECK(b[16] == '-'); // <stamp>-N: the first free name
    CHECK(fs::exists(first / "sha256.txt"));
    CHECK(fs::exists(second / "sha256.txt"));
    CHECK(run_harness({"verify", first.string(), second.string()}, dir.path()).exit_code == 0);
}

TEST_CASE("a run that fails after the bundle was started leaves nothing", "[harness][bundle]") {
    TempDir dir("harness_bundle");
    // the engines read their inputs from the staged bundle and reject the malformed HKL file:
    // the staging folder is removed and the folders this run created with it
    std::ofstream(dir.path() / "bad.hkl") << "1 2 3 100\n4 5 x 7\n";
    const auto r =
        run_harness({"--pixel", "10", "10", "--", "-cell", "50", "50", "50", "90", "90", "90",
                     "-hkl", "bad.hkl", "-N", "3", "-detpixels", "32", "-distance", "100"},
                    dir.path());
    INFO(r.out << r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("bad.hkl") != std::string::npos);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    CHECK_FALSE(fs::exists(dir.path() / "reports"));
}

TEST_CASE("a killed run leaves no bundle, and the next run clears its staging folder",
          "[harness][bundle]") {
    TempDir dir("harness_bundle");
    // a run long enough to be killed in the middle: a 2463 x 600 ROI through both engines
    const pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        if (chdir(dir.path().c_str()) != 0)
            _exit(127);
        const int devnull = open("/dev/null", O_WRONLY);
        dup2(devnull, 1);
        dup2(devnull, 2);
        execl(TRACE_HARNESS_EXE, TRACE_HARNESS_EXE, "--roi", "0", "2462", "0", "599", "--threads",
              "2", static_cast<char*>(nullptr));
        _exit(127);
    }
    const fs::path initiative = dir.path() / "reports" / "parity";
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (staging_in(initiative).empty() && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    std::this_thread::sleep_for(std::chrono::milliseconds(100)); // inside the engines by now
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    REQUIRE(WIFSIGNALED(status)); // killed, not finished
    CHECK(bundles_in(initiative).empty());
    CHECK(staging_in(initiative).size() == 1); // hidden, never taken for a bundle

    const fs::path b = run_one(dir.path());
    CHECK(bundles_in(initiative) == std::vector<fs::path>{b});
    CHECK(staging_in(initiative).empty()); // its process is gone: removed
}

TEST_CASE("env.json and metrics.json keep the same keys whatever the run", "[harness][bundle]") {
    TempDir dir("harness_bundle");
    const fs::path plain = run_one(dir.path());
    const auto spec_run = run_harness({"--pixel", "685", "1039", "--phi-mode", "spec", "--roi",
                                       "1030", "1040", "680", "690", "--atol", "photons=1e-19"},
                                      dir.path());
    REQUIRE(spec_run.exit_code == 0);
    const fs::path other = bundle_of(spec_run, dir.path());
    std::set<std::string> a, b;
    key_paths(read_json(plain / "env.json"), "", a);
    key_paths(read_json(other / "env.json"), "", b);
    CHECK(a == b);
    CHECK(top_keys(read_json(plain / "metrics.json")) ==
          top_keys(read_json(other / "metrics.json")));
    TempDir fail_dir("harness_bundle");
    const auto r =
        run_harness({"--pixel", "685", "1039", "--inject-fault", "lattice"}, fail_dir.path());
    REQUIRE(r.exit_code == 3);
    CHECK(top_keys(read_json(plain / "metrics.json")) ==
          top_keys(read_json(bundle_of(r, fail_dir.path()) / "metrics.json")));
}

TEST_CASE("commands.txt re-runs the comparison and the engines from the bundle",
          "[harness][bundle]") {
    TempDir dir("harness_bundle");
    const fs::path b = run_one(dir.path());
    const std::string commands = nbtest::read_text(b / "commands.txt");
    // the lines that are commands (not comments, not blank)
    std::vector<std::string> lines;
    std::istringstream in(commands);
    for (std::string line; std::getline(in, line);)
        if (!line.empty() && line[0] != '#')
            lines.push_back(line);
    REQUIRE(lines.size() >= 5);
    TempDir scratch("harness_rerun");
    const std::string path = fs::path(TRACE_HARNESS_EXE).parent_path().string() + ":" +
                             fs::path(NBREF_BINARY).parent_path().string() + ":" +
                             fs::path(NBSIM_BINARY).parent_path().string() + ":/usr/bin:/bin";
    auto sh = [&](const std::string& line) {
        return nbtest::run_command(
            {"/bin/sh", "-c", "B='" + fs::absolute(b).string() + "'; PATH='" + path + "'; " + line},
            scratch.path());
    };
    // [1] the same comparison from the bundle's inputs: the same verdict
    const auto again = sh(lines[1]);
    INFO(lines[1] << "\n" << again.out << again.err);
    CHECK(again.exit_code == 0);
    CHECK(again.out.rfind("PASS", 0) == 0);
    // [2] nanobragg_ref and [3] nbsim for the traced pixel print the same final value
    const auto ref = sh(lines[2]);
    const auto sim = sh(lines[3]);
    CHECK(ref.exit_code == 0);
    CHECK(sim.exit_code == 0);
    const std::string line = "TRACE_C: I_pixel_final ";
    const std::string ours = nbtest::read_text(b / "trace_reference.log");
    const auto value_of = [&](const std::string& text, const std::string& tag) {
        const std::size_t at = text.find(tag);
        return at == std::string::npos ? std::string() : text.substr(at, text.find('\n', at) - at);
    };
    CHECK(!value_of(ours, line).empty());
    CHECK(value_of(ref.out, line) == value_of(ours, line));
    CHECK(value_of(sim.out, "TRACE_PY: I_pixel_final ") ==
          value_of(nbtest::read_text(b / "trace_simulator.log"), "TRACE_PY: I_pixel_final "));
    // the bundle is untouched by all this
    CHECK(sh("cd \"$B\" && sha256sum -c --quiet sha256.txt").exit_code == 0);
}
