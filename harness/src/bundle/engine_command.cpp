#include "bundle/engine_command.h"

#include <algorithm>

namespace harness {

std::vector<std::string> schedule_args_for_pixel(const EngineRequest& r, int slow, int fast) {
    const bool has_roi = std::find(r.args.begin(), r.args.end(), "-roi") != r.args.end();
    if (!r.traced_only || (r.schedule == Schedule::roi && has_roi))
        return {"--schedule", text(r.schedule)};
    const std::string f = std::to_string(fast), s = std::to_string(slow);
    return {"--schedule", text(Schedule::full_frame), "-roi", f, f, s, s};
}

} // namespace harness
