// Removing the staging folders of a run that is interrupted or crashes.
//
// A process that dies before BundleWriter::commit() leaves its hidden staging folder behind; the
// next writer of the same initiative removes it (staging_cleanup.h). A process that installs the
// handlers below removes it itself, at once:
//
//   SIGINT, SIGTERM, SIGHUP, SIGQUIT   the registered folders are removed, then the signal is
//                                      re-raised with its default action (the shell sees the
//                                      usual 128 + signal status)
//   SIGSEGV, SIGBUS, SIGFPE, SIGILL,   the registered folders are removed, one line
//   SIGABRT                            "<program>: internal error: <signal> ..." is written to
//                                      stderr and the process exits 4 (the project's internal
//                                      error). Not installed in sanitizer builds, whose own
//                                      reports are worth more.
//
// A signal the process inherited as ignored (nohup; SIGINT of a background job started by a
// non-interactive shell) stays ignored. Every BundleWriter registers its staging folder while it
// is open. The handlers only use
// async-signal-safe system calls (openat, getdents64, unlinkat, write), so they may run at any
// moment, on any thread; the registry is a fixed table of lock-free slots.
#pragma once

#include <cstddef>
#include <filesystem>

namespace nbreport {

// Folders that can be registered at the same time; a writer beyond that is left to
// remove_stale_staging().
inline constexpr std::size_t kMaxCleanupFolders = 32;

// Registers `dir` (made absolute now, so a later chdir does not matter) for removal by the
// handlers. Returns the slot, or -1 when the table is full or the path too long. Never throws.
int register_cleanup_folder(const std::filesystem::path& dir) noexcept;

// Forgets a slot returned by register_cleanup_folder(); -1 is ignored.
void unregister_cleanup_folder(int slot) noexcept;

// Installs the handlers (once per process; later calls only change the program name used in the
// crash message, which must outlive the process's use of the handlers, e.g. a string literal).
void install_cleanup_signal_handlers(const char* program_name);

// True when install_cleanup_signal_handlers() also handles the crash signals (not in sanitizer
// builds).
bool cleanup_handles_crashes() noexcept;

// Removes every registered folder now (what the handlers do first). For tests and for callers
// with their own handlers. Async-signal-safe.
void remove_registered_folders() noexcept;

} // namespace nbreport
