// Temporary output files to remove if nbsim is interrupted while writing them.
//
// StagedOutputs writes every output under a temporary name and renames them together. While a
// temporary exists it is registered here, so that the handlers nbsim installs
// (install_temp_cleanup_handlers) unlink it on SIGINT, SIGTERM, SIGHUP or SIGQUIT before the
// process dies of the signal: an interrupted run leaves no file behind. Fixed-size, lock-free
// slots; the handler only calls unlink(), which is async-signal-safe.
#pragma once

#include <string>

namespace nbsim {

// Returns the slot, or -1 when the table is full or the name too long.
int register_temp_file(const std::string& path) noexcept;
void unregister_temp_file(int slot) noexcept;

void install_temp_cleanup_handlers();

} // namespace nbsim
