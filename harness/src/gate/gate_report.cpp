#include "gate/gate_report.h"

#include "bundle/report_text.h"
#include "case/field_reader.h"
#include "exit_codes.h"

#include "nbreport/pretty_json.h"
#include "nbreport/read_file.h"

#include <boost/json.hpp>

#include <fstream>
#include <sstream>
#include <system_error>

namespace harness::gate {

namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

constexpr const char* kSchema = "trace_harness-gate-metrics";

const char* verdict(int exit_code) {
    return exit_code == kExitOk ? "pass" : exit_code == kExitParity ? "fail" : "error";
}

json::array strings(const std::vector<std::string>& v) {
    json::array a;
    for (const std::string& s : v)
        a.emplace_back(s);
    return a;
}

json::object run_json(const RunResult& r) {
    json::value first = nullptr;
    if (!r.first_stage.empty())
        first = json::object{{"stage", r.first_stage}, {"key", r.first_key}};
    return {{"order", r.order},
            {"id", r.id},
            {"slug", r.slug},
            {"matrix", r.matrix},
            {"case", r.case_name},
            {"phi_mode", r.phi_mode},
            {"dtype", r.dtype},
            {"threads", r.threads},
            {"sides", json::object{{"a", r.side_a}, {"b", r.side_b}}},
            {"tolerance", r.tolerance},
            {"expect", r.expect},
            {"labels", strings(r.labels)},
            {"status", to_string(r.status)},
            {"message", r.message},
            {"detail", r.detail},
            {"exit_code", r.exit_code},
            {"wall_s", r.wall_s},
            {"bundle", r.bundle.empty() ? json::value(nullptr) : json::value(r.bundle)},
            {"first_divergence", first},
            {"command", r.command}};
}

std::string str(const json::object& o, const char* k) {
    const json::value& v = o.at(k);
    return v.is_null() ? std::string() : std::string(v.as_string());
}

RunResult run_from_json(const json::object& o) {
    RunResult r;
    r.order = o.at("order").to_number<std::size_t>();
    r.id = str(o, "id");
    r.slug = str(o, "slug");
    r.matrix = str(o, "matrix");
    r.case_name = str(o, "case");
    r.phi_mode = str(o, "phi_mode");
    r.dtype = str(o, "dtype");
    r.threads = o.at("threads").to_number<int>();
    r.side_a = str(o.at("sides").as_object(), "a");
    r.side_b = str(o.at("sides").as_object(), "b");
    r.tolerance = str(o, "tolerance");
    r.expect = str(o, "expect");
    for (const json::value& l : o.at("labels").as_array())
        r.labels.emplace_back(l.as_string());
    const std::string status = str(o, "status");
    bool known = false;
    for (Status s : {Status::passed, Status::failed, Status::error, Status::skipped})
        if (status == to_string(s)) {
            r.status = s;
            known = true;
        }
    if (!known)
        throw std::invalid_argument("unknown status '" + status + "'");
    r.message = str(o, "message");
    r.detail = str(o, "detail");
    r.exit_code = o.at("exit_code").to_number<int>();
    r.wall_s = o.at("wall_s").to_number<double>();
    r.bundle = str(o, "bundle");
    if (const json::object* f = o.at("first_divergence").if_object()) {
        r.first_stage = str(*f, "stage");
        r.first_key = str(*f, "key");
    }
    r.command = str(o, "command");
    return r;
}

// A Markdown table cell: one line, '|' escaped.
std::string cell(const std::string& s) {
    std::string out;
    for (char c : s)
        out += c == '|' ? std::string("\\|") : c == '\n' ? std::string(" ") : std::string(1, c);
    return out;
}

std::string seconds(double s) {
    std::ostringstream o;
    o.setf(std::ios::fixed);
    o.precision(2);
    o << s;
    return o.str();
}

} // namespace

std::size_t GateReport::count(Status s) const {
    std::size_t n = 0;
    for (const RunResult& r : runs)
        n += r.status == s;
    return n;
}

int GateReport::exit_code() const {
    if (count(Status::error))
        return kExitInput;
    if (count(Status::failed))
        return kExitParity;
    return kExitOk;
}

std::string gate_metrics_json(const GateReport& r) {
    json::array matrices, runs;
    for (const MatrixInfo& m : r.matrices)
        matrices.push_back(json::object{{"name", m.name}, {"path", m.path}, {"sha256", m.sha256}});
    for (const RunResult& run : r.runs)
        runs.push_back(run_json(run));
    json::value shard = nullptr;
    if (r.shard)
        shard = json::object{{"k", r.shard->k}, {"n", r.shard->n}};
    const json::object o{{"schema", kSchema},
                         {"schema_version", 1},
                         {"verdict", verdict(r.exit_code())},
                         {"exit_code", r.exit_code()},
                         {"counts", json::object{{"runs", r.runs.size()},
                                                 {"passed", r.count(Status::passed)},
                                                 {"failed", r.count(Status::failed)},
                                                 {"errors", r.count(Status::error)},
                                                 {"skipped", r.count(Status::skipped)}}},
                         {"require_all", r.require_all},
                         {"shard", shard},
                         {"jobs", r.jobs},
                         {"wall_s", r.wall_s},
                         {"merged_from", strings(r.merged_from)},
                         {"matrices", matrices},
                         {"runs", runs}};
    return nbreport::pretty_json(o);
}

std::string gate_summary_md(const GateReport& r) {
    std::ostringstream out;
    const int code = r.exit_code();
    out << "# trace_harness gate: "
        << (code == kExitOk       ? "PASS"
            : code == kExitParity ? "FAIL"
                                  : "ERROR")
        << " (exit " << code << ")\n\n| | |\n|---|---|\n";
    for (const MatrixInfo& m : r.matrices)
        out << "| matrix | " << cell(m.name) << ": `" << cell(m.path) << "`, sha256 " << m.sha256
            << " |\n";
    out << "| runs | " << r.runs.size() << ": " << r.count(Status::passed) << " passed, "
        << r.count(Status::failed) << " failed, " << r.count(Status::error) << " error(s), "
        << r.count(Status::skipped) << " skipped |\n";
    if (r.shard)
        out << "| shard | " << r.shard->k << "/" << r.shard->n << " |\n";
    if (!r.merged_from.empty()) {
        out << "| merged from |";
        for (const std::string& m : r.merged_from)
            out << " `" << cell(m) << "`";
        out << " |\n";
    }
    out << "| skips | " << (r.require_all ? "failures (--require-all)" : "reported, not failures")
        << " |\n| jobs, wall time | " << r.jobs << ", " << seconds(r.wall_s) << " s |\n";

    bool any = false;
    for (const RunResult& run : r.runs)
        if (run.status != Status::passed) {
            if (!any)
                out << "\n## Runs that did not pass\n\n| run | status | what | bundle |\n"
                       "|---|---|---|---|\n";
            any = true;
            out << "| " << cell(run.id) << " | " << to_string(run.status) << " | "
                << cell(run.message) << " | " << (run.bundle.empty() ? "" : "`" + run.bundle + "`")
                << " |\n";
        }
    for (const RunResult& run : r.runs)
        if (run.status == Status::failed || run.status == Status::error)
            out << "\n### " << run.id << "\n\n"
                << (run.status == Status::failed ? run.detail : "```\n" + run.detail + "```\n");

    out << "\n## All runs\n\n| run | status | wall s | sides | tolerance | first divergence | "
           "bundle |\n|---|---|---|---|---|---|---|\n";
    for (const RunResult& run : r.runs)
        out << "| " << cell(run.id) << " | " << to_string(run.status) << " | "
            << seconds(run.wall_s) << " | " << run.side_a << " / " << run.side_b << " | "
            << cell(run.tolerance) << " | "
            << (run.first_stage.empty() ? "" : run.first_stage + ": " + run.first_key) << " | "
            << (run.bundle.empty() ? "" : "`" + run.bundle + "`") << " |\n";
    return out.str();
}

std::string gate_index_tsv(const GateReport& r) {
    std::string out = "id\tstatus\texit_code\tbundle\n";
    for (const RunResult& run : r.runs)
        out += run.id + "\t" + to_string(run.status) + "\t" + std::to_string(run.exit_code) + "\t" +
               run.bundle + "\n";
    return out;
}

void write_gate_files(const GateReport& r, const fs::path& dir) {
    const std::pair<const char*, std::string> files[] = {
        {"metrics.json", gate_metrics_json(r)},
        {"summary.md", gate_summary_md(r)},
        {"index.tsv", gate_index_tsv(r)},
        {"junit.xml", junit_xml(r.runs, r.matrices, r.wall_s)}};
    for (const auto& [name, text] : files) {
        std::ofstream out(dir / name, std::ios::binary);
        out << text;
        out.close();
        if (!out)
            throw std::system_error(errno, std::generic_category(), (dir / name).string());
    }
}

bool is_gate_folder(const fs::path& dir) {
    try {
        const json::value v = json::parse(nbreport::read_file(dir / "metrics.json"));
        return v.is_object() && v.as_object().contains("schema") && v.at("schema") == kSchema;
    } catch (const std::exception&) {
        return false;
    }
}

GateReport read_gate_report(const fs::path& dir) {
    const fs::path file = dir / "metrics.json";
    try {
        const json::object o = json::parse(nbreport::read_file(file)).as_object();
        if (!o.contains("schema") || o.at("schema") != kSchema)
            throw std::invalid_argument(std::string("not a gate's metrics.json (schema ") +
                                        kSchema + ")");
        if (o.at("schema_version") != 1)
            throw std::invalid_argument("schema_version is not 1");
        GateReport r;
        for (const json::value& m : o.at("matrices").as_array())
            r.matrices.push_back(MatrixInfo{str(m.as_object(), "name"), str(m.as_object(), "path"),
                                            str(m.as_object(), "sha256")});
        for (const json::value& run : o.at("runs").as_array())
            r.runs.push_back(run_from_json(run.as_object()));
        if (const json::object* s = o.at("shard").if_object())
            r.shard = Shard{s->at("k").to_number<int>(), s->at("n").to_number<int>()};
        r.require_all = o.at("require_all").as_bool();
        r.jobs = o.at("jobs").to_number<int>();
        r.wall_s = o.at("wall_s").to_number<double>();
        return r;
    } catch (const std::system_error& e) {
        throw DataFileError{file.string() + ": cannot read: " + e.code().message()};
    } catch (const std::exception& e) {
        throw DataFileError{file.string() + ": " + e.what()};
    }
}

} // namespace harness::gate
