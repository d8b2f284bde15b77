// Where a gate (or gate-merge) writes: the folder is staged next to its final place and renamed
// into place complete, so a gate folder either holds every file or does not exist.
#pragma once

#include "exit_codes.h"

#include <filesystem>
#include <string>

namespace harness::gate {

// Thrown for an --out that cannot be used (exit 2).

class GateFolder {
  public:
    // `out` empty: reports/gate/<UTC stamp>[-n] in the current folder. An existing `out` must be
    // empty, or a previous gate folder when `replace`. Creates the staging folder.
    GateFolder(const std::string& out, bool replace);
    ~GateFolder(); // removes the staging folder unless committed
    GateFolder(const GateFolder&) = delete;
    GateFolder& operator=(const GateFolder&) = delete;

    const std::filesystem::path& staging() const { return staging_; }
    const std::filesystem::path& final_path() const { return final_; }
    // Moves the staging folder into place (replacing the previous gate folder if allowed).
    void commit();

  private:
    std::filesystem::path final_, staging_;
    bool replace_ = false, committed_ = false;
};

} // namespace harness::gate
