// Writing an output the user named (--json FILE, --tsv FILE): the whole text goes to a hidden
// temporary file beside it, which then replaces FILE in one rename. A full disk or an error
// leaves FILE as it was (absent or the previous complete version), never truncated.
#pragma once

#include <string>
#include <string_view>

namespace harness {

// False with *error set ("FILE: cannot write: reason") on failure; the temporary is removed.
bool write_output_file(const std::string& path, std::string_view text, std::string* error);

} // namespace harness
