// The text form of a VerifyResult: the verdict first, then one compiler-style line per problem,
//
//   FAIL: reports/cli/20251008T212459Z: 2 problems (5 of 6 listed files match)
//   reports/cli/20251008T212459Z/sha256.txt:3: error: malformed line: ...
//   reports/cli/20251008T212459Z/diff.tsv: error: hash mismatch: listed 3a7b..., actual 9f00...
#pragma once

#include "nbreport/verify.h"

#include <string>

namespace nbreport {

std::string render_verify_result(const VerifyResult& result);

} // namespace nbreport
