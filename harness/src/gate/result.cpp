#include "gate/result.h"

#include "bundle/report_text.h"
#include "compare/known_divergences.h"
#include "exit_codes.h"
#include "gate/cite.h"

#include "nbreport/read_file.h"

#include <boost/json.hpp>

#include <algorithm>
#include <set>
#include <sstream>

namespace harness::gate {

namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

std::string command_of(const PlannedRun& plan) {
    std::string out = "trace_harness";
    for (const std::string& a : plan.run_args)
        out += " " + shell_quote(a);
    return out;
}

RunResult from_plan(const PlannedRun& plan, std::size_t order) {
    RunResult r;
    r.order = order;
    r.id = plan.id;
    r.slug = plan.slug;
    r.matrix = plan.matrix;
    r.case_name = plan.case_name;
    r.phi_mode = plan.phi_mode;
    r.dtype = plan.dtype;
    r.threads = plan.threads;
    r.side_a = plan.side_a;
    r.side_b = plan.side_b;
    r.tolerance = plan.tolerance;
    r.expect = plan.expect;
    r.labels = plan.labels;
    r.command = plan.run_args.empty() ? "" : command_of(plan);
    return r;
}

// The run's bundle: the one folder `run` created under bundles/<slug>/.
fs::path find_bundle(const fs::path& initiative_dir) {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(initiative_dir, ec))
        if (e.is_directory() && e.path().filename().string()[0] != '.')
            return e.path();
    return {};
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        if (!line.empty())
            out.push_back(line);
    return out;
}

// Keys of the gating rows diff.tsv marks as failing (stage key indices component a b ... status
// gating ...).
std::vector<std::string> failing_keys(const fs::path& diff_tsv) {
    std::set<std::string> keys;
    std::istringstream in(nbreport::read_file(diff_tsv));
    std::string line;
    std::getline(in, line); // header
    while (std::getline(in, line)) {
        std::vector<std::string> cols;
        std::istringstream row(line);
        for (std::string c; std::getline(row, c, '\t');)
            cols.push_back(c);
        if (cols.size() > 11 && cols[11] == "yes" && cols[10] != "pass")
            keys.insert(cols[1]);
    }
    return {keys.begin(), keys.end()};
}

} // namespace

const char* to_string(Status s) {
    switch (s) {
    case Status::passed:
        return "passed";
    case Status::failed:
        return "failed";
    case Status::error:
        return "error";
    case Status::skipped:
        return "skipped";
    }
    return "?";
}

RunResult skipped_result(const PlannedRun& plan, std::size_t order, bool require_all) {
    RunResult r = from_plan(plan, order);
    r.status = require_all ? Status::failed : Status::skipped;
    r.message = "skipped: " + plan.skip.value_or("not run") +
                (require_all ? " (--require-all: a skip is a failure)" : "");
    return r;
}

std::string unexplained_by(const std::string& expect, const std::vector<std::string>& failures,
                           const std::vector<std::string>& keys) {
    std::vector<std::string> affected;
    for (const KnownDivergence& d : all_known_divergences())
        if (d.id == expect)
            affected = d.keys;
    const auto explains = [&](const std::string& key) {
        return std::find(affected.begin(), affected.end(), key) != affected.end();
    };
    std::vector<std::string> other;
    for (const std::string& k : keys)
        if (!explains(k))
            other.push_back("a difference in " + k);
    for (const std::string& f : failures) {
        const bool divergence = f.rfind("first divergence: ", 0) == 0;
        const bool roi = f.rfind("ROI images: ", 0) == 0 && explains("image_value");
        if (!divergence && !roi)
            other.push_back(f);
    }
    std::string out;
    for (const std::string& o : other)
        out += (out.empty() ? "" : "; ") + o;
    return out;
}

RunResult judge_run(const PlannedRun& plan, std::size_t order, const RunOutput& output,
                    const fs::path& gate_dir) {
    RunResult r = from_plan(plan, order);
    const int exit_code = output.exit_code;
    r.exit_code = exit_code;
    r.wall_s = output.wall_s;
    if (exit_code != kExitOk && exit_code != kExitParity) {
        const std::vector<std::string> lines = lines_of(output.stderr_text);
        r.status = Status::error;
        r.message = "a side could not run (exit " +
                    (exit_code < 0 ? std::string("by signal") : std::to_string(exit_code)) +
                    "): " + (lines.empty() ? std::string("no message") : lines.back());
        for (std::size_t i = lines.size() > 20 ? lines.size() - 20 : 0; i < lines.size(); ++i)
            r.detail += lines[i] + "\n";
        return r;
    }
    const fs::path bundle = find_bundle(gate_dir / plan.out_root / plan.slug);
    if (bundle.empty()) {
        r.status = Status::error;
        r.message = "run exited " + std::to_string(exit_code) + " but left no bundle";
        return r;
    }
    r.bundle = fs::relative(bundle, gate_dir).generic_string();
    json::object metrics;
    try {
        metrics = json::parse(nbreport::read_file(bundle / "metrics.json")).as_object();
    } catch (const std::exception& e) {
        r.status = Status::error;
        r.message = r.bundle + "/metrics.json: unreadable: " + e.what();
        return r;
    }
    std::vector<std::string> failures;
    for (const json::value& f : metrics.at("failures").as_array())
        failures.emplace_back(f.as_string());
    if (const json::object* first = metrics.at("first_divergence").if_object()) {
        r.first_stage = std::string(first->at("stage").as_string());
        r.first_key = std::string(first->at("key").as_string());
    }
    bool in_effect = false;
    for (const json::value& d : metrics.at("known_divergences").as_array())
        in_effect = in_effect || d.at("id").as_string() == plan.expect;

    if (plan.expect == "pass") {
        // run's verdict line: "FAIL: first divergence at stage S: KEY at IDX: reference A vs ..."
        const std::vector<std::string> printed = lines_of(output.stdout_text);
        const bool verdict_line = !printed.empty() && printed.front().rfind("FAIL: ", 0) == 0;
        r.status = exit_code == kExitOk ? Status::passed : Status::failed;
        r.message = exit_code == kExitOk ? "pass"
                    : verdict_line       ? printed.front().substr(6)
                    : failures.empty()   ? "parity failure"
                                         : failures.front();
    } else if (plan.expect.rfind(kFailAt, 0) == 0) {
        // a known failure of the program under test, pinned at the key where it shows first:
        // the gate notices both a fix (the sides agree) and any change of the failure
        const std::string key = plan.expect.substr(std::string(kFailAt).size());
        if (exit_code == kExitOk) {
            r.status = Status::failed;
            r.message = "expected the pinned failure at " + key +
                        ", but the sides agree: fixed? (pinned because " + plan.expect_why + ")";
        } else if (r.first_key != key) {
            r.status = Status::failed;
            r.message = "expected the pinned failure at " + key +
                        ", observed the first divergence " +
                        (!r.first_key.empty() ? "at " + r.first_key
                         : failures.empty()   ? std::string("nowhere")
                                              : "nowhere (" + failures.front() + ")");
        } else {
            r.status = Status::passed;
            r.message = "pinned known failure: first divergence at " + key + " as expected (" +
                        plan.expect_why + ")";
        }
    } else if (exit_code == kExitOk) {
        r.status = Status::failed;
        r.message = "expected " + plan.expect + ", but the sides agree";
    } else {
        const std::string other =
            in_effect ? unexplained_by(plan.expect, failures, failing_keys(bundle / "diff.tsv"))
                      : plan.expect + " is not in effect for this case";
        r.status = other.empty() ? Status::passed : Status::failed;
        r.message = other.empty() ? "observed " + plan.expect + " as expected, nothing else"
                                  : "expected " + plan.expect + " only; also observed: " + other;
    }
    if (r.status == Status::failed) {
        try {
            r.detail = cite_bundle(bundle, r.bundle);
        } catch (const HarnessError& e) {
            r.detail = e.message + "\n";
        }
    }
    return r;
}

} // namespace harness::gate
