#include "common/skip_test.h"
#include "test_support.h"

#include "nbreport/build_info.h"
#include "nbreport/env_capture.h"
#include "nbreport/env_json.h"
#include "nbreport/read_file.h"
#include "nbreport/sha256.h"

#include <boost/json/parse.hpp>
#include <catch2/catch.hpp>

#include <set>
#include <string>

namespace fs = std::filesystem;
namespace json = boost::json;
using nbreport::capture_environment;
using nbreport::EnvCaptureOptions;
using nbreport::EnvRecord;
using nbreport_test::TempDir;

namespace {

// Every key path of a JSON value: "git/commit", "run/pixels[]/slow", ...
void collect_keys(const json::value& v, const std::string& prefix, std::set<std::string>& out) {
    if (v.is_object()) {
        for (const auto& [key, value] : v.get_object()) {
            const std::string path =
                prefix.empty() ? std::string(key) : prefix + "/" + std::string(key);
            out.insert(path);
            collect_keys(value, path, out);
        }
    } else if (v.is_array()) {
        for (const json::value& element : v.get_array())
            collect_keys(element, prefix + "[]", out);
    }
}

std::set<std::string> key_set(const EnvRecord& record) {
    std::set<std::string> keys;
    // Through the text, as a reader of env.json sees it.
    collect_keys(json::parse(nbreport::env_to_json_text(record)), "", keys);
    return keys;
}

// The same run parameters, inputs and engine times for every capture compared.
void fill_like_a_run(EnvRecord& record, const fs::path& input) {
    record.inputs.push_back(nbreport::describe_input_file(input, "-mat"));
    record.timing.engine_wall_s["reference"] = 0.012;
    record.timing.engine_wall_s["simulator"] = 0.034;
    record.run.phi_mode = "c-parity";
    record.run.dtype = "float64";
    record.run.threads = 2;
    record.run.schedule = "roi";
    record.run.rtol = 1e-6;
    record.run.atol_by_class = {{"geometry", 1e-12}, {"intensity", 1e-30}};
    record.run.pixels = {{685, 1039}, {684, 1039}};
    record.run.roi = nbtrace::Region::from_roi_flag(1029, 1049, 675, 695);
    record.run.command = {"trace_harness", "--pixel", "685", "1039"};
    nbreport::SideRecord reference;
    reference.side = "a";
    reference.name = "reference";
    reference.kind = "reference";
    nbreport::SideRecord port;
    port.side = "b";
    port.name = "nanobrag-torch";
    port.kind = "backend";
    port.program = "src";
    port.program_sha256 = std::string(64, '0');
    port.interpreter = "python3";
    port.versions = {{"interpreter", "3.11.2"}, {"torch", std::nullopt}};
    port.argv = std::vector<std::string>{"python3", "-m", "nanobrag_torch"};
    record.sides = {reference, port};
    nbreport::finish_timing(record);
}

bool git_available() {
    return nbreport_test::shell("git --version >/dev/null 2>&1") == 0;
}

// A one-commit git repository in `dir`.
void make_git_repo(const fs::path& dir) {
    nbreport_test::write_text(dir / "file.txt", "tracked\n");
    const std::string git = "git -C '" + dir.string() +
                            "' -c user.name=test -c user.email=test@example.invalid "
                            "-c commit.gpgsign=false -c init.defaultBranch=main ";
    REQUIRE(nbreport_test::shell(git + "init -q && " + git + "add file.txt && " + git +
                                 "commit -q -m initial") == 0);
}

// The schema, pinned: changing it must change kEnvSchemaVersion and this list together.
const std::set<std::string> kSchemaKeys = {
    "schema_version",
    "tool",
    "tool/name",
    "tool/version",
    "git",
    "git/commit",
    "git/short_commit",
    "git/dirty",
    "git/source",
    "git/commit_at_build",
    "git/dirty_at_build",
    "build",
    "build/build_type",
    "build/c_compiler",
    "build/c_compiler/id",
    "build/c_compiler/version",
    "build/cxx_compiler",
    "build/cxx_compiler/id",
    "build/cxx_compiler/version",
    "build/c_flags",
    "build/cxx_flags",
    "build/openmp",
    "openmp",
    "openmp/max_threads",
    "openmp/omp_num_threads",
    "host",
    "host/hostname",
    "host/cpu_model",
    "host/logical_cores",
    "host/os",
    "host/os/sysname",
    "host/os/release",
    "host/os/machine",
    "host/os/pretty_name",
    "libraries",
    "libraries/boost",
    "libraries/eigen",
    "libraries/openssl",
    "timing",
    "timing/start_utc",
    "timing/end_utc",
    "timing/wall_s",
    "timing/engine_wall_s",
    "timing/engine_wall_s/reference",
    "timing/engine_wall_s/simulator",
    "inputs",
    "inputs[]/role",
    "inputs[]/path",
    "inputs[]/size_bytes",
    "inputs[]/sha256",
    "run",
    "run/phi_mode",
    "run/dtype",
    "run/threads",
    "run/schedule",
    "run/rtol",
    "run/atol_by_class",
    "run/atol_by_class/geometry",
    "run/atol_by_class/intensity",
    "run/pixels",
    "run/pixels[]/slow",
    "run/pixels[]/fast",
    "run/roi",
    "run/roi/fmin",
    "run/roi/fmax",
    "run/roi/smin",
    "run/roi/smax",
    "run/command",
    "sides",
    "sides[]/side",
    "sides[]/name",
    "sides[]/kind",
    "sides[]/program",
    "sides[]/program_sha256",
    "sides[]/program_git_commit",
    "sides[]/interpreter",
    "sides[]/versions",
    "sides[]/versions/interpreter",
    "sides[]/versions/torch",
    "sides[]/argv",
};

} // namespace

TEST_CASE("env.json has the same key set with git, without a repository, and without a source dir",
          "[env]") {
    TempDir dir;
    nbreport_test::write_text(dir.path() / "A.mat", "a matrix\n");

    EnvCaptureOptions no_repo;
    no_repo.source_dir = dir.path(); // a plain folder: git fails there
    EnvRecord without_git = capture_environment(no_repo);
    fill_like_a_run(without_git, dir.path() / "A.mat");

    EnvRecord without_source = capture_environment(EnvCaptureOptions{});
    fill_like_a_run(without_source, dir.path() / "A.mat");

    CHECK(key_set(without_git) == kSchemaKeys);
    CHECK(key_set(without_source) == kSchemaKeys);

    if (git_available()) {
        TempDir repo;
        make_git_repo(repo.path());
        EnvCaptureOptions with_repo;
        with_repo.source_dir = repo.path();
        EnvRecord with_git = capture_environment(with_repo);
        fill_like_a_run(with_git, dir.path() / "A.mat");
        CHECK(with_git.git.source == nbreport::GitSource::runtime);
        CHECK(key_set(with_git) == kSchemaKeys);
    } else {
        WARN("git not installed: the with-git capture was not compared");
    }
}

TEST_CASE("unknown values are null, never absent", "[env]") {
    const EnvRecord bare; // nothing captured at all
    const json::value v = json::parse(nbreport::env_to_json_text(bare));
    CHECK(v.at("schema_version").as_int64() == nbreport::kEnvSchemaVersion);
    CHECK(v.at("git").at("commit").is_null());
    CHECK(v.at("git").at("source").as_string() == "unavailable");
    CHECK(v.at("timing").at("end_utc").is_null());
    CHECK(v.at("run").at("roi").is_null());
    CHECK(v.at("run").at("pixels").as_array().empty());
    CHECK(v.at("libraries").at("eigen").is_null());
    // The bare key set is the full schema minus list elements, map entries and the ROI's fields.
    std::set<std::string> keys;
    collect_keys(v, "", keys);
    std::set<std::string> expected;
    for (const std::string& k : kSchemaKeys)
        if (k.find("[]") == std::string::npos && k.rfind("timing/engine_wall_s/", 0) != 0 &&
            k.rfind("run/atol_by_class/", 0) != 0 && k.rfind("run/roi/", 0) != 0)
            expected.insert(k);
    CHECK(keys == expected);
}

TEST_CASE("git values come from the source tree at run time when it is a repository", "[env]") {
    if (!git_available())
        nbtest::skip_test("git not installed");
    TempDir repo;
    make_git_repo(repo.path());
    EnvCaptureOptions options;
    options.source_dir = repo.path();

    const EnvRecord clean = capture_environment(options);
    REQUIRE(clean.git.source == nbreport::GitSource::runtime);
    REQUIRE(clean.git.commit);
    CHECK(clean.git.commit->size() == 40);
    CHECK(*clean.git.short_commit == clean.git.commit->substr(0, 12));
    CHECK(clean.git.dirty == false);

    nbreport_test::write_text(repo.path() / "untracked.txt", "x\n");
    const EnvRecord dirty = capture_environment(options);
    CHECK(dirty.git.commit == clean.git.commit);
    CHECK(dirty.git.dirty == true);
}

TEST_CASE("without a repository git falls back to the configure-time values and says so", "[env]") {
    TempDir not_a_repo;
    EnvCaptureOptions options;
    options.source_dir = not_a_repo.path();
    const EnvRecord record = capture_environment(options);
    CHECK(record.git.commit_at_build == nbreport::git_commit_at_build());
    if (nbreport::git_commit_at_build()) {
        CHECK(record.git.source == nbreport::GitSource::build);
        CHECK(record.git.commit == nbreport::git_commit_at_build());
    } else {
        CHECK(record.git.source == nbreport::GitSource::unavailable);
        CHECK_FALSE(record.git.commit);
        CHECK_FALSE(record.git.dirty);
    }
}

TEST_CASE("capture fills the build, host and library values of this machine", "[env]") {
    const EnvRecord r = capture_environment(EnvCaptureOptions{});
    CHECK(r.tool.name == "trace_harness");
    CHECK(r.tool.version == nbreport::project_version());
    CHECK(r.build.cxx_compiler.id);
    CHECK(r.build.cxx_flags);
    CHECK(r.host.os.sysname == "Linux");
    CHECK(r.host.logical_cores.value_or(0) >= 1);
    CHECK(r.libraries.boost.value_or("").rfind("1.", 0) == 0);
    CHECK_THAT(r.libraries.openssl.value_or(""), Catch::StartsWith("OpenSSL"));
    CHECK(r.timing.start_utc);
    CHECK_FALSE(r.timing.end_utc);
}

TEST_CASE("input files keep the path as given, with size and sha256", "[env]") {
    TempDir dir;
    nbreport_test::write_text(dir.path() / "A.mat", "a matrix\n");
    const fs::path saved = fs::current_path();
    fs::current_path(dir.path());
    const nbreport::InputFile input = nbreport::describe_input_file("A.mat", "-mat");
    fs::current_path(saved);
    CHECK(input.path == "A.mat"); // never this machine's absolute path
    CHECK(input.role == "-mat");
    CHECK(input.size_bytes == 9);
    CHECK(input.sha256 == nbreport::sha256_hex("a matrix\n"));
}

TEST_CASE("env.json text: pretty, stable key order, times in ISO 8601 with Z", "[env]") {
    EnvRecord r;
    r.timing.start_utc = std::chrono::system_clock::time_point{std::chrono::seconds{1759958699}};
    r.run.pixels = {{685, 1039}};
    const std::string text = nbreport::env_to_json_text(r);
    CHECK_THAT(text, Catch::StartsWith("{\n  \"schema_version\": 2,\n  \"tool\": {\n"));
    CHECK_THAT(text, Catch::Contains("\"start_utc\": \"2025-10-08T21:24:59.000Z\""));
    CHECK_THAT(text, Catch::Contains("{\n        \"slow\": 685,\n        \"fast\": 1039\n      }"));
    CHECK(text == nbreport::env_to_json_text(r)); // deterministic
    // Top-level keys in the documented order.
    const json::object o = json::parse(text).as_object();
    std::string order;
    for (const auto& kv : o)
        order += std::string(kv.key()) + " ";
    CHECK(order == "schema_version tool git build openmp host libraries timing inputs run sides ");
}
