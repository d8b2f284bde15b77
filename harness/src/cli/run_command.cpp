#include "cli/run_command.h"

#include "bundle/bundle_contents.h"
#include "case/case_inputs.h"
#include "cli/run_cli.h"
#include "compare/carryover_roi.h"
#include "compare/dtype_run.h"
#include "compare/run_pipeline.h"
#include "exit_codes.h"

#include "nbreport/build_info.h"
#include "nbreport/bundle_writer.h"
#include "nbreport/env_capture.h"
#include "nbreport/env_json.h"
#include "nbreport/message_text.h"
#include "nbreport/signal_cleanup.h"

#include <filesystem>
#include <iostream>
#include <system_error>

namespace harness {

namespace fs = std::filesystem;

namespace {

constexpr const char* kName = "trace_harness";

const char* kind_of(int exit_code) {
    switch (exit_code) {
    case kExitUsage:
        return "usage error";
    case kExitInput:
        return "input error";
    default:
        return "internal error";
    }
}

// Removes the bundle folders this run created when it ends without a bundle, so a refused run
// leaves nothing behind (a folder that held anything before is never touched: remove() only
// removes empty folders).
class CreatedFolders {
  public:
    explicit CreatedFolders(const fs::path& initiative_dir) {
        for (fs::path p = initiative_dir; !p.empty() && !fs::exists(p); p = p.parent_path())
            created_.push_back(p);
    }
    void keep() { created_.clear(); }
    ~CreatedFolders() {
        std::error_code ec;
        for (const fs::path& p : created_) // innermost first
            fs::remove(p, ec);
    }

  private:
    std::vector<fs::path> created_;
};

int report(int exit_code, const std::string& message) {
    std::cerr << kName << ": " << kind_of(exit_code) << ": " << nbreport::printable(message)
              << "\n";
    return exit_code;
}

} // namespace

int run_run_command(int argc, char** argv) {
    std::variant<RunRequest, int> parsed = parse_run_command_line(argc, argv);
    if (const int* code = std::get_if<int>(&parsed))
        return *code;
    RunRequest& req = std::get<RunRequest>(parsed);
    nbreport::install_cleanup_signal_handlers(kName); // SIGINT/SIGTERM/crash: staging removed

    nbreport::EnvCaptureOptions env_options;
    env_options.source_dir = nbreport::source_dir_at_build();
    nbreport::EnvRecord env = nbreport::capture_environment(env_options);

    ResolvedCase the_case;
    try {
        the_case = resolve_case(req.case_request);
    } catch (const HarnessError& e) {
        return report(e.exit_code, e.message);
    }
    if (req.pixels.empty() && !req.roi && req.picks.empty())
        req.pixels = the_case.trace_pixels;
    if (req.pixels.empty() && !req.roi && req.picks.empty())
        return report(kExitUsage,
                      "nothing to compare: give --pixel SLOW FAST, --pick and/or --roi");

    const fs::path initiative_dir = fs::path(req.out_root) / req.initiative;
    CreatedFolders created(initiative_dir);
    nbreport::BundleOptions bundle_options;
    bundle_options.root = req.out_root;
    bundle_options.initiative = req.initiative;
    bundle_options.durable = req.durable;
    std::optional<nbreport::BundleWriter> writer;
    try {
        writer.emplace(bundle_options);
        for (const ResolvedInput& in : the_case.inputs)
            writer->add_bytes("inputs/" + in.bundle_name, in.bytes);
    } catch (const std::system_error& e) {
        return report(kExitInput,
                      "--out " + req.out_root + ": cannot write the bundle: " + e.what());
    }

    RunOutcome outcome;
    const std::string inputs_dir = (writer->staging_dir() / "inputs").string();
    try {
        // the engines read the copies in the bundle: the hashed files are the files read
        RunRequest in_staging = req;
        in_staging.work_root = (writer->staging_dir() / "work").string();
        outcome = run_comparison(in_staging, the_case.args(inputs_dir));
        add_dtype_matrix(in_staging, the_case.args(inputs_dir), outcome);
        outcome.carryover_roi = carryover_roi_check(in_staging, outcome);
        std::error_code ec;
        fs::remove_all(writer->staging_dir() / "work", ec);
    } catch (const HarnessError& e) { // the engines read the copies: name the user's files
        std::vector<std::pair<std::string, std::string>> copies;
        for (const ResolvedInput& in : the_case.inputs)
            copies.emplace_back(inputs_dir + "/" + in.bundle_name,
                                in.given.empty() ? "embedded " + in.bundle_name : in.given);
        return report(e.exit_code, nbreport::with_user_paths(e.message, copies));
    }

    // the bundle describes what ran: a C program's region and schedule replace the asked ones
    RunRequest effective = req;
    effective.roi = outcome.effective_roi;
    effective.schedule = outcome.effective_schedule;
    const BundleContext context{effective, the_case, outcome, inputs_dir};
    fs::path bundle;
    try {
        write_bundle_files(context, *writer);
        fill_env_record(context, env);
        nbreport::finish_timing(env);
        writer->add_text("env.json", nbreport::env_to_json_text(env));
        bundle = writer->commit();
        created.keep();
    } catch (const std::system_error& e) {
        return report(kExitInput,
                      "--out " + req.out_root + ": cannot write the bundle: " + e.what());
    }
    std::cout << printed_summary(context, bundle.string()) << std::flush;
    return outcome.passed() ? kExitOk : kExitParity;
}

} // namespace harness
