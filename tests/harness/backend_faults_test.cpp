// A backend that is missing, fails, hangs, prints no trace, traces another pixel, writes no image
// or is given a flag it lacks ends the run with a runner failure (exit 2; a lacking flag is a
// usage error, exit 1) and a one-line message naming the backend: never a parity verdict. The
// backends here are small shell scripts described by backend files written by the test.
#include "harness_run.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace {

namespace fs = std::filesystem;

// A backend file for `program` (dialect TRACE_C, traces with -trace_pixel S F, image -floatfile).
// `more` adds fields ("interpreter", "versions", ...) and may replace "argv".
std::string backend_file(const fs::path& dir, const std::string& name,
                         const std::string& lacking = "{}", const std::string& more = "") {
    const fs::path p = dir / (name + ".json");
    std::ofstream(p) << R"({"format": "trace_harness-backend", "schema_version": 1, "name": ")"
                     << name << R"(", "program": {"env": "NB_TEST_FAKE_BIN", "kind": "executable"},
      )" << (more.empty() ? R"("argv": ["{program}"])" : more)
                     << R"(, "environment": {}, "dialects": ["TRACE_C"],
      "trace_pixel": ["-trace_pixel", "{slow}", "{fast}"], "roi": ["-roi", "{fmin}", "{fmax}", "{smin}", "{smax}"],
      "float_image": ["-floatfile", "{file}"], "extra_args": [], "dtypes": {"float64": []},
      "device": [], "renamed_flags": {}, "lacking_flags": )"
                     << lacking << R"(, "full_frame_always": false, "phi_carryover": false})";
    return p.string();
}

// A fake program: `body` is a bash script; $GOLDEN is the golden simple_cubic trace (a real
// TRACE_C log of pixel (slow 74, fast 84), detector 128 x 128).
fs::path script(const fs::path& dir, const std::string& name, const std::string& body) {
    const fs::path p = dir / name;
    std::ofstream(p) << "#!/bin/bash\nGOLDEN="
                     << nbtest::golden_dir() / "simple_cubic" / "trace.log"
                     << "\n"
                     << body << "\n";
    fs::permissions(p, fs::perms::owner_all);
    return p;
}

// writes a 128 x 128 float32 image of zeros as the -floatfile argument
const std::string kWriteImage =
    R"(for ((i=1; i<=$#; i++)); do if [ "${!i}" = -floatfile ]; then j=$((i+1)); )"
    R"(head -c 65536 /dev/zero > "${!j}"; fi; done)";

const std::vector<std::string> kCase = {
    "--",         "-cell", "100",        "100", "100",         "90",  "90",        "90",
    "-default_F", "100",   "-N",         "5",   "-lambda",     "1.0", "-distance", "100",
    "-pixel",     "0.1",   "-detpixels", "128", "-oversample", "1"};

nbtest::CommandResult run(const fs::path& dir, const std::string& backend, const fs::path& program,
                          std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {
        "--pixel", "74", "84", "--a", backend, "--a-program", program.string(), "--b", "reference"};
    args.insert(args.end(), extra.begin(), extra.end());
    args.insert(args.end(), kCase.begin(), kCase.end());
    return htest::run_harness(args, dir);
}

} // namespace

TEST_CASE("backend faults end the run with exit 2 and the backend's own words", "[sides]") {
    nbtest::TempDir tmp("faults");
    const fs::path dir = tmp.path();
    struct Fault {
        const char* name;
        std::string body;
        std::vector<std::string> extra;
        std::string expect;
    };
    const std::vector<Fault> faults = {
        {"fails",
         "echo 'cannot read the matrix' >&2; exit 3",
         {},
         "exit status 3; stderr: cannot read the matrix"},
        {"hangs", "sleep 30", {"--timeout", "0.5"}, "timed out after"},
        {"silent", kWriteImage, {}, "printed no trace it could read"},
        {"other_pixel",
         "sed 's/spixel=74, fpixel=84/spixel=10, fpixel=20/' \"$GOLDEN\"; " + kWriteImage,
         {},
         "traced another pixel: (slow 10, fast 20), not (slow 74, fast 84)"},
        {"no_image", "cat \"$GOLDEN\"", {}, "wrote no float image"},
    };
    for (const Fault& f : faults) {
        INFO(f.name);
        const fs::path program = script(dir, f.name, f.body);
        const std::string backend = backend_file(dir, f.name);
        const nbtest::CommandResult r = run(dir, backend, program, f.extra);
        CHECK(r.exit_code == 2);
        CHECK(r.err.find("backend " + std::string(f.name) + ": " + f.expect) != std::string::npos);
        CHECK(r.out.find("PASS") == std::string::npos);
        CHECK(r.out.find("FAIL") == std::string::npos);
        CHECK(htest::bundles_in(dir / "reports" / "parity").empty());
    }
    // a missing program
    const std::string backend = backend_file(dir, "missing");
    const nbtest::CommandResult r = run(dir, backend, dir / "nope");
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("backend missing: " + (dir / "nope").string() + ": no such program") !=
          std::string::npos);
}

TEST_CASE("a flag the backend lacks is refused before anything runs", "[sides]") {
    nbtest::TempDir tmp("lacking");
    const fs::path dir = tmp.path();
    const fs::path marker = dir / "ran";
    const fs::path program = script(dir, "lacks", "touch " + marker.string());
    const std::string backend =
        backend_file(dir, "lacks", R"({"-N": "this backend has no crystal size"})");
    const nbtest::CommandResult r = run(dir, backend, program);
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("backend lacks lacks the flag -N: this backend has no crystal size") !=
          std::string::npos);
    CHECK_FALSE(fs::exists(marker));
}

TEST_CASE("a backend that behaves is compared like an engine", "[sides]") {
    // the fake program prints the real C program's golden trace of (74, 84) and the golden float
    // image: it is the C program, recorded; against the reference in c-parity mode it passes
    nbtest::TempDir tmp("replay");
    const fs::path dir = tmp.path();
    const fs::path image = nbtest::golden_dir() / "simple_cubic" / "float.bin";
    const fs::path program =
        script(dir, "replay",
               "cat \"$GOLDEN\"; for ((i=1; i<=$#; i++)); do if [ \"${!i}\" = -floatfile ]; then "
               "j=$((i+1)); cp " +
                   image.string() + " \"${!j}\"; fi; done");
    // run through an interpreter, with two version probes: one that answers, one that fails
    const std::string backend =
        backend_file(dir, "replay", "{}",
                     R"("interpreter": "/bin/bash", "argv": ["{interpreter}", "{program}"],
           "versions": {"tool": ["/bin/sh", "-c", "echo 1.2.3"], "broken": ["/bin/false"]})");
    // the program's folder is a git work tree: its HEAD is the program's commit
    const bool git =
        nbtest::run_command({"/usr/bin/env", "git", "init", "-q", dir.string()}, dir).exit_code ==
            0 &&
        nbtest::run_command({"/usr/bin/env", "git", "-c", "user.name=t", "-c",
                             "user.email=t@t.invalid", "-c", "commit.gpgsign=false", "commit", "-q",
                             "--allow-empty", "-m", "x"},
                            dir)
                .exit_code == 0;
    const nbtest::CommandResult r = run(dir, backend, program,
                                        {"--phi-mode", "c-parity", "--rtol", "1e-12", "--roi", "0",
                                         "127", "0", "127", "--threads", "2"});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("PASS: replay and reference agree") != std::string::npos);
    const fs::path b = htest::bundle_of(r, dir);
    CHECK(fs::exists(b / "trace_replay.log"));
    CHECK(fs::exists(b / "roi_replay.npy"));
    CHECK(fs::exists(b / "sides.json"));

    // env.json: what ran on side A, checked against sha256sum and git themselves
    const boost::json::object env = htest::read_json(b / "env.json").as_object();
    const boost::json::object& a = env.at("sides").at(0).as_object();
    CHECK(a.at("side") == "a");
    CHECK(a.at("name") == "replay");
    CHECK(a.at("kind") == "backend");
    CHECK(a.at("program") == fs::absolute(program).string().c_str());
    const std::string sha =
        nbtest::run_command({"/usr/bin/env", "sha256sum", program.string()}, dir).out;
    CHECK(a.at("program_sha256") == sha.substr(0, 64).c_str());
    CHECK(a.at("interpreter") == "/bin/bash");
    CHECK(a.at("versions").at("tool") == "1.2.3");
    CHECK(a.at("versions").at("broken").is_null());
    const boost::json::array& argv = a.at("argv").as_array();
    REQUIRE(argv.size() > 4);
    CHECK(argv.at(0) == "/bin/bash");
    CHECK(argv.at(1) == fs::absolute(program).string().c_str());
    CHECK(std::find(argv.begin(), argv.end(), boost::json::value("-trace_pixel")) != argv.end());
    if (git) {
        std::string head =
            nbtest::run_command({"/usr/bin/env", "git", "rev-parse", "HEAD"}, dir).out;
        head.resize(40);
        CHECK(a.at("program_git_commit") == head.c_str());
    }
    // commands.txt: the comparison again from the bundle, with the same sides, gives the same
    // verdict; the backend's line runs it as the harness did (env, argv, a fresh folder)
    std::vector<std::string> lines;
    {
        std::istringstream in(nbtest::read_text(b / "commands.txt"));
        for (std::string line; std::getline(in, line);)
            if (!line.empty() && line[0] != '#')
                lines.push_back(line);
    }
    REQUIRE(lines.size() >= 4);
    CHECK(lines[1].find("--a " + fs::absolute(backend).string() + " --a-program " +
                        fs::absolute(program).string()) != std::string::npos);
    const std::string path = fs::path(TRACE_HARNESS_EXE).parent_path().string() + ":/usr/bin:/bin";
    auto sh = [&](const std::string& line) {
        return nbtest::run_command(
            {"/bin/sh", "-c", "B='" + fs::absolute(b).string() + "'; PATH='" + path + "'; " + line},
            dir);
    };
    const nbtest::CommandResult again = sh(lines[1]);
    INFO(lines[1] << "\n" << again.out << again.err);
    CHECK(again.exit_code == 0);
    CHECK(again.out.rfind("PASS: replay and reference agree", 0) == 0);
    const auto backend_line = std::find_if(lines.begin(), lines.end(), [](const std::string& l) {
        return l.rfind("(cd \"$(mktemp -d)\" && env OMP_NUM_THREADS=2 /bin/bash ", 0) == 0;
    });
    REQUIRE(backend_line != lines.end());
    const nbtest::CommandResult replayed = sh(*backend_line);
    CHECK(replayed.exit_code == 0);
    CHECK(replayed.out == nbtest::read_text(b / "trace_replay.log"));

    // side B is the in-process reference: nothing external ran
    const boost::json::object& ref = env.at("sides").at(1).as_object();
    CHECK(ref.at("kind") == "reference");
    CHECK(ref.at("program").is_null());
    CHECK(ref.at("argv").is_null());
}
