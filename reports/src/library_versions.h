// LibraryVersions for env.json (internal).
#pragma once

#include "nbreport/env_record.h"

namespace nbreport::detail {

LibraryVersions library_versions();

} // namespace nbreport::detail
