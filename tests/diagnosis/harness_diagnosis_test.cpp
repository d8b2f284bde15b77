// Self-consistency and negative controls through trace_harness: `diff` of recorded traces of the
// real programs and `run` of the embedded engines. Parity exit codes do not change.
#include "diagnosis_test_data.h"

#include "harness_run.h"

#include <catch2/catch.hpp>

namespace fs = std::filesystem;
using htest::bundle_of;
using htest::read_json;
using htest::run_harness;
using nbtest::EditedCopy;
using nbtest::real_program;

namespace {

// A fresh working folder under the build tree, removed afterwards.
class Work {
  public:
    Work() {
        static int n = 0;
        dir_ = fs::path(NB_BINARY_DIR) / "tests" / "diagnosis" / "scratch" /
               (std::to_string(::getpid()) + "_" + std::to_string(n++));
        fs::create_directories(dir_);
    }
    ~Work() {
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }
    const fs::path& dir() const { return dir_; }

  private:
    fs::path dir_;
};

const boost::json::object& diagnosis_of(const boost::json::value& v) {
    return v.as_object().at("diagnosis").as_object();
}

} // namespace

TEST_CASE("diff: a tap-only fault is instrumentation suspect while parity passes",
          "[harness_diagnosis]") {
    const Work w;
    const std::string original = real_program("simple_cubic/c_trace.log");
    const EditedCopy tap(original, nbtest::kHklLine, nbtest::kHklLineTapFault);
    const fs::path json = w.dir() / "diff.json";
    const nbtest::CommandResult r =
        run_harness({"diff", tap.path(), original, "--controls", "--json", json.string()}, w.dir());
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0); // parity: 1e-8 is inside rtol 1e-6
    CHECK(r.out.find("RESULT: PASS") != std::string::npos);
    CHECK(r.out.find("self-consistency of side A (" + tap.path() + "): INSTRUMENTATION SUSPECT") !=
          std::string::npos);
    CHECK(r.out.find("self-consistency of side B (" + original + "): consistent") !=
          std::string::npos);
    CHECK(r.out.find("OK  self diff of A (no difference)") != std::string::npos);
    const boost::json::value diff_json = read_json(json);
    const boost::json::object& d = diagnosis_of(diff_json);
    REQUIRE(d.at("instrumentation_suspect").as_array().size() == 1);
    CHECK(d.at("first_divergence_note").is_null()); // nothing diverged
    CHECK(d.at("negative_controls").as_array().size() == 2);
}

TEST_CASE("diff: the port's trace is suspect and the first divergence says it rests on it",
          "[harness_diagnosis]") {
    const Work w;
    const nbtest::CommandResult r = run_harness({"diff", real_program("simple_cubic/c_trace.log"),
                                                 real_program("simple_cubic/py_trace.log")},
                                                w.dir());
    INFO(r.out << r.err);
    CHECK(r.exit_code == 3); // the parity verdict as before
    CHECK(r.out.find("first divergence: orientation a_rot") != std::string::npos);
    CHECK(r.out.find("FINDING a_rot: units slip in the printout") != std::string::npos);
    CHECK(r.out.find("NOTE: the first divergence (a_rot) rests on a value printed "
                     "inconsistently by side B") != std::string::npos);
}

TEST_CASE("diff: placeholder words where values belong are a finding", "[harness_diagnosis]") {
    const Work w;
    const EditedCopy tap(real_program("simple_cubic/c_trace.log"),
                         "TRACE_C: polar 0.999764860633072", "TRACE_C: polar NOT_EXTRACTED");
    const nbtest::CommandResult r = run_harness({"diff", tap.path(), tap.path()}, w.dir());
    CHECK(r.out.find("FINDING (placeholder): 1 line(s) print a placeholder word") !=
          std::string::npos);
    CHECK(r.out.find("n/a: the side did not print polar") != std::string::npos);
}

TEST_CASE("run --controls: the switches change the supervisor pixel, the sides are consistent",
          "[harness_diagnosis]") {
    const Work w;
    for (const char* mode : {"spec", "c-parity"}) {
        INFO(mode);
        const nbtest::CommandResult r =
            run_harness({"--pixel", "685", "1039", "--phi-mode", mode, "--controls", "--out",
                         (w.dir() / mode).string(), "--no-fsync"},
                        w.dir());
        INFO(r.out << r.err);
        REQUIRE(r.exit_code == 0);
        CHECK(r.out.find("negative controls: 5 OK, 0 unchanged as the case allows, 0 FAILED") !=
              std::string::npos);
        const boost::json::value metrics = read_json(bundle_of(r, w.dir()) / "metrics.json");
        const boost::json::object& d = diagnosis_of(metrics);
        CHECK(d.at("instrumentation_suspect").as_array().empty());
        for (const boost::json::value& s : d.at("self_consistency").as_array())
            CHECK(s.at("fail").as_int64() == 0);
        for (const boost::json::value& c : d.at("negative_controls").as_array())
            CHECK(c.at("verdict").as_string() == "OK");
    }
}

TEST_CASE("run --controls: a switch the case cannot let act is reported unchanged",
          "[harness_diagnosis]") {
    const Work w;
    // simple_cubic: one phi step at 0, so neither the phi mode nor the phi = 0 fix can matter
    const nbtest::CommandResult r =
        run_harness({"--pixel",    "74",         "84",    "--controls",  "--out", w.dir().string(),
                     "--no-fsync", "--",         "-cell", "100",         "100",   "100",
                     "90",         "90",         "90",    "-default_F",  "100",   "-N",
                     "5",          "-lambda",    "1.0",   "-distance",   "100",   "-pixel",
                     "0.1",        "-detpixels", "128",   "-oversample", "1"},
                    w.dir());
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("control UNCHANGED: phi mode spec -> c-parity (simulator)") !=
          std::string::npos);
    CHECK(r.out.find("negative controls: 3 OK, 2 unchanged as the case allows, 0 FAILED") !=
          std::string::npos);
}
