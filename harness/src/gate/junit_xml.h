// The gate's JUnit XML (written with libxml2's xmlwriter): one <testsuite> per matrix, one
// <testcase> per run (classname "<matrix>.<case>", name "<phi mode>/<dtype>/t<threads>"), with
// <failure> (the first divergence; the citation block as text), <error> (a side could not run)
// or <skipped>. The schema it follows is tests/harness/junit.xsd.
#pragma once

#include "gate/result.h"

#include <string>
#include <vector>

namespace harness::gate {

struct MatrixInfo {
    std::string name, path, sha256;
};

std::string junit_xml(const std::vector<RunResult>& results,
                      const std::vector<MatrixInfo>& matrices, double wall_s);

// `text` with every byte that XML 1.0 cannot carry (control characters other than tab and line
// breaks, malformed UTF-8) replaced by '?'.
std::string xml_safe(const std::string& text);

} // namespace harness::gate
