#include "gate/gate_folder.h"

#include "gate/gate_report.h"

#include "nbreport/utc_time.h"

#include <chrono>
#include <system_error>
#include <unistd.h>

namespace harness::gate {

namespace fs = std::filesystem;

namespace {

bool empty_folder(const fs::path& p) {
    std::error_code ec;
    return fs::is_directory(p, ec) && fs::is_empty(p, ec);
}

} // namespace

GateFolder::GateFolder(const std::string& out, bool replace) : replace_(replace) {
    if (out.empty()) {
        const fs::path base =
            fs::path("reports") / "gate" / nbreport::utc_stamp(std::chrono::system_clock::now());
        final_ = base;
        for (int n = 2; fs::exists(final_); ++n)
            final_ = base.string() + "-" + std::to_string(n);
    } else {
        final_ = fs::path(out).lexically_normal();
        if (final_.filename().empty())
            final_ = final_.parent_path();
        if (fs::exists(final_) && !empty_folder(final_) && !(replace && is_gate_folder(final_)))
            throw HarnessError{kExitInput,
                               "--out " + out + ": exists and is not empty" +
                                   (replace ? std::string(" and is not a gate folder")
                                            : std::string(" (--replace replaces a previous "
                                                          "gate folder)"))};
    }
    staging_ = final_.parent_path() /
               ("." + final_.filename().string() + ".staging-" + std::to_string(::getpid()));
    std::error_code ec;
    fs::create_directories(staging_, ec);
    if (ec)
        throw HarnessError{kExitInput, "--out " + final_.string() + ": cannot create " +
                                           staging_.string() + ": " + ec.message()};
}

GateFolder::~GateFolder() {
    if (committed_)
        return;
    std::error_code ec;
    fs::remove_all(staging_, ec);
}

void GateFolder::commit() {
    std::error_code ec;
    if (fs::exists(final_))
        fs::remove_all(final_, ec); // empty, or a previous gate folder with --replace
    if (ec)
        throw HarnessError{kExitInput, final_.string() + ": cannot replace: " + ec.message()};
    fs::rename(staging_, final_, ec);
    if (ec)
        throw HarnessError{kExitInput,
                           final_.string() +
                               ": cannot move the gate folder into place: " + ec.message()};
    committed_ = true;
}

} // namespace harness::gate
