#include "git_probe.h"

#include "nbreport/build_info.h"
#include "run_command.h"

#include <algorithm>

namespace nbreport::detail {

namespace {

constexpr std::size_t kShortCommitChars = 12;

// Variables that would point git at another repository than the one asked about.
const std::vector<std::string> kGitRedirections = {"GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"};
// status must not take the index lock of a tree someone is working in.
const std::vector<std::string> kGitQuiet = {"GIT_OPTIONAL_LOCKS=0", "LC_ALL=C"};

std::optional<std::string> run_git(const std::filesystem::path& dir,
                                   std::vector<std::string> args) {
    std::vector<std::string> argv = {"git", "-C", dir.string()};
    argv.insert(argv.end(), args.begin(), args.end());
    const std::optional<CommandOutput> out = run_command(argv, kGitRedirections, kGitQuiet);
    if (!out || out->exit_code != 0)
        return std::nullopt;
    return out->standard_output;
}

bool is_commit_hash(const std::string& s) {
    return (s.size() == 40 || s.size() == 64) && std::all_of(s.begin(), s.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

std::optional<std::string> short_of(const std::optional<std::string>& commit) {
    if (!commit)
        return std::nullopt;
    return commit->substr(0, kShortCommitChars);
}

} // namespace

GitInfo probe_git(const std::optional<std::filesystem::path>& source_dir) {
    GitInfo info;
    info.commit_at_build = git_commit_at_build();
    info.dirty_at_build = git_dirty_at_build();

    if (source_dir) {
        std::optional<std::string> head = run_git(*source_dir, {"rev-parse", "--verify", "HEAD"});
        if (head) {
            while (!head->empty() && (head->back() == '\n' || head->back() == '\r'))
                head->pop_back();
        }
        const std::optional<std::string> status =
            head ? run_git(*source_dir, {"status", "--porcelain"}) : std::nullopt;
        if (head && is_commit_hash(*head) && status) {
            info.commit = *head;
            info.short_commit = short_of(info.commit);
            info.dirty = !status->empty();
            info.source = GitSource::runtime;
            return info;
        }
    }
    if (info.commit_at_build) {
        info.commit = info.commit_at_build;
        info.short_commit = short_of(info.commit);
        info.dirty = info.dirty_at_build;
        info.source = GitSource::build;
    }
    return info;
}

} // namespace nbreport::detail
