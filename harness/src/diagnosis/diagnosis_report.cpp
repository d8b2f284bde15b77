#include "diagnosis/diagnosis_report.h"

#include <ostream>
#include <sstream>
#include <tuple>

namespace harness {

bool Diagnosis::any_suspect() const {
    for (const nbdiag::SelfConsistency& s : sides)
        if (s.suspect())
            return true;
    return false;
}

nbdiag::SelfConsistency diagnose_side(const std::string& label,
                                      const std::vector<nbtrace::Record>& records,
                                      const nbdiag::SideFacts& facts, bool float32,
                                      const nbtrace::InputSummary* input,
                                      std::optional<nbtrace::Pixel> pixel) {
    nbdiag::CheckOptions options =
        float32 ? nbdiag::float32_check_options() : nbdiag::CheckOptions{};
    options.pixel = pixel;
    nbdiag::SelfConsistency s = nbdiag::check_side(records, facts, options);
    s.side = label;
    if (input) {
        const auto it = input->lines_not_compared.find("placeholder");
        if (it != input->lines_not_compared.end() && it->second > 0)
            s.findings.push_back(
                {"(placeholder)", std::to_string(it->second) +
                                      " line(s) print a placeholder word (NOT_EXTRACTED, N/A, ...) "
                                      "where a measured value belongs"});
    }
    return s;
}

Diagnosis diagnose_pair(const nbtrace::TracePair& pair, bool float32_a, bool float32_b,
                        bool controls) {
    Diagnosis d;
    for (auto [side, name, f32] :
         {std::tuple{&pair.a, "A", float32_a}, std::tuple{&pair.b, "B", float32_b}}) {
        nbdiag::SideFacts facts;
        for (const nbtrace::TraceFile& f : side->files)
            if (const nbdiag::SideFacts got = nbdiag::read_side_facts(f.path); got.n_cells) {
                facts = got;
                break;
            }
        std::string files;
        for (const nbtrace::TraceFile& f : side->files)
            files += (files.empty() ? "" : " + ") + f.path;
        d.sides.push_back(diagnose_side(std::string("side ") + name + " (" + files + ")",
                                        side->records, facts, f32, &side->summary));
        if (controls)
            d.controls.push_back(nbdiag::self_diff_control(name, side->records));
    }
    return d;
}

std::string consistency_verdict(const nbdiag::SelfConsistency& s) {
    if (s.suspect())
        return "suspect";
    return s.count(nbdiag::CheckVerdict::pass) > 0 ? "consistent" : "not checkable";
}

std::string first_divergence_note(const nbtrace::DiffResult& diff, const Diagnosis& d) {
    if (!diff.first_divergence)
        return {};
    const std::string& key = diff.rows[*diff.first_divergence].key;
    std::string sides;
    for (const nbdiag::SelfConsistency& s : d.sides)
        if (s.suspect_keys().count(key))
            sides += (sides.empty() ? "" : ", ") + s.side;
    if (sides.empty())
        return {};
    return "the first divergence (" + key + ") rests on a value printed inconsistently by " +
           sides +
           " (instrumentation suspect): the difference may be in the printout, not in the "
           "computation";
}

void render_diagnosis(const Diagnosis& d, const nbtrace::DiffResult& diff, std::ostream& out) {
    out << "\nSELF-CONSISTENCY (each side against its own printed values; apart from the parity "
           "verdict)\n";
    for (const nbdiag::SelfConsistency& s : d.sides)
        nbdiag::render_self_consistency(s, out);
    if (const std::string note = first_divergence_note(diff, d); !note.empty())
        out << "NOTE: " << note << "\n";
    if (!d.controls.empty() || !d.controls_not_run.empty()) {
        out << "\n";
        nbdiag::render_controls(d.controls, out);
        for (const std::string& n : d.controls_not_run)
            out << "  not run: " << n << "\n";
    }
}

std::vector<std::string> diagnosis_printed_lines(const Diagnosis& d,
                                                 const nbtrace::DiffResult& diff) {
    std::vector<std::string> lines;
    for (const nbdiag::SelfConsistency& s : d.sides) {
        std::string line = "self-consistency of " + s.side + ": ";
        if (!s.suspect()) {
            line += consistency_verdict(s) + " (" +
                    std::to_string(s.count(nbdiag::CheckVerdict::pass)) + " checks pass)";
        } else {
            line += "INSTRUMENTATION SUSPECT (";
            std::string keys;
            for (const std::string& k : s.suspect_keys())
                keys += (keys.empty() ? "" : " ") + k;
            line += keys + ")";
        }
        lines.push_back(line);
    }
    if (const std::string note = first_divergence_note(diff, d); !note.empty())
        lines.push_back("note: " + note);
    std::size_t counts[3] = {0, 0, 0}; // ok, failed, unchanged as expected
    for (const nbdiag::ControlResult& c : d.controls) {
        ++counts[static_cast<int>(c.verdict)];
        if (c.verdict != nbdiag::ControlVerdict::ok)
            lines.push_back("control " + nbdiag::to_string(c.verdict) + ": " + c.name + " (" +
                            c.expectation + "): " + c.detail);
    }
    if (!d.controls.empty())
        lines.push_back("negative controls: " + std::to_string(counts[0]) + " OK, " +
                        std::to_string(counts[2]) + " unchanged as the case allows, " +
                        std::to_string(counts[1]) + " FAILED");
    return lines;
}

std::string diagnosis_markdown(const Diagnosis& d, const nbtrace::DiffResult& diff) {
    std::ostringstream md;
    md << "\n## Self-consistency (apart from the parity verdict)\n\n"
          "Each side's derived values recomputed from its own printed values "
          "(diagnosis/README.md). A side failing a check is *instrumentation suspect*.\n\n```\n";
    for (const nbdiag::SelfConsistency& s : d.sides)
        nbdiag::render_self_consistency(s, md);
    md << "```\n";
    if (const std::string note = first_divergence_note(diff, d); !note.empty())
        md << "\n**Note:** " << note << "\n";
    if (!d.controls.empty() || !d.controls_not_run.empty()) {
        md << "\n## Negative controls\n\n```\n";
        nbdiag::render_controls(d.controls, md);
        for (const std::string& n : d.controls_not_run)
            md << "  not run: " << n << "\n";
        md << "```\n";
    }
    return md.str();
}

boost::json::object diagnosis_json(const Diagnosis& d, const nbtrace::DiffResult& diff) {
    boost::json::object o;
    boost::json::array sides, suspect;
    for (const nbdiag::SelfConsistency& s : d.sides) {
        boost::json::object side = boost::json::parse(nbdiag::self_consistency_json(s)).as_object();
        side["verdict"] = consistency_verdict(s);
        sides.push_back(std::move(side));
        if (s.suspect())
            suspect.emplace_back(s.side);
    }
    o["self_consistency"] = std::move(sides);
    o["instrumentation_suspect"] = std::move(suspect);
    const std::string note = first_divergence_note(diff, d);
    o["first_divergence_note"] =
        note.empty() ? boost::json::value(nullptr) : boost::json::value(note);
    if (!d.controls.empty() || !d.controls_not_run.empty()) {
        o["negative_controls"] = boost::json::parse(nbdiag::controls_json(d.controls));
        boost::json::array not_run;
        for (const std::string& n : d.controls_not_run)
            not_run.emplace_back(n);
        o["controls_not_run"] = std::move(not_run);
    }
    return o;
}

std::string with_diagnosis_member(const std::string& diff_json, const boost::json::object& diag) {
    const std::size_t close = diff_json.rfind('}');
    if (close == std::string::npos)
        return diff_json;
    return diff_json.substr(0, close) + ",\"diagnosis\":" + boost::json::serialize(diag) +
           diff_json.substr(close);
}

} // namespace harness
