#include "nbtrace/diff_render.h"

#include "number_text.h"

namespace nbtrace {

namespace {

std::string cell(const std::optional<Record>& r, std::size_t i) {
    return r && i < r->values.size() ? detail::format_shortest(r->values[i]) : "";
}

} // namespace

void render_tsv(const DiffResult& r, std::ostream& out) {
    out << "stage\tkey\tindices\tcomponent\ta\tb\tabs_err\trel_err\tatol\trtol\tstatus\tgating\t"
           "a_as_written\tb_as_written\ta_location\tb_location\n";
    for (const DiffRow& d : r.rows) {
        const std::size_t n = std::max(d.a ? d.a->values.size() : 0, d.b ? d.b->values.size() : 0);
        for (std::size_t i = 0; i < n; ++i) {
            const bool compared = i < d.components.size();
            const std::string status = compared ? (d.components[i].close ? "pass" : "fail")
                                                : std::string(to_string(d.status));
            out << to_string(d.stage) << '\t' << d.key << '\t' << d.idx.to_string() << '\t' << i
                << '\t' << cell(d.a, i) << '\t' << cell(d.b, i) << '\t'
                << (compared ? detail::format_shortest(d.components[i].abs_err) : "") << '\t'
                << (compared ? detail::format_shortest(d.components[i].rel_err) : "") << '\t'
                << detail::format_shortest(d.tolerance.atol) << '\t'
                << detail::format_shortest(d.tolerance.rtol) << '\t' << status << '\t'
                << (d.gating ? "yes" : "no") << '\t' << (d.a ? d.a->source_key : "") << '\t'
                << (d.b ? d.b->source_key : "") << '\t' << (d.a ? d.a->location : "") << '\t'
                << (d.b ? d.b->location : "") << '\n';
        }
    }
}

} // namespace nbtrace
