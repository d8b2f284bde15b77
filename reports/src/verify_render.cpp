#include "nbreport/verify_render.h"

#include <sstream>

namespace nbreport {

std::string render_verify_result(const VerifyResult& result) {
    std::ostringstream out;
    const std::string bundle = result.bundle.string();
    out << to_string(result.verdict) << ": " << bundle << ": ";
    if (result.verdict == VerifyVerdict::pass)
        out << result.files_matched << " files match sha256.txt\n";
    else
        out << result.problems.size() << (result.problems.size() == 1 ? " problem" : " problems")
            << " (" << result.files_matched << " of " << result.files_listed
            << " listed files match)\n";
    for (const VerifyProblem& problem : result.problems) {
        out << bundle;
        if (!problem.path.empty())
            out << '/' << problem.path;
        if (problem.line)
            out << ':' << *problem.line;
        out << ": error: " << to_string(problem.kind) << ": " << problem.detail << '\n';
    }
    return out.str();
}

} // namespace nbreport
