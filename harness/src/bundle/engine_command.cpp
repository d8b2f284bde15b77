#include "bundle/engine_command.h"

#include <algorithm>

namespace harness {

std::vector<std::string> schedule_args_for_pixel(const EngineRequest& r, int slow, int fast) {
    const bool has_roi = std::find(r.args.begin(), r.args.end(), "-roi") != r.args.end();
    if (!r.traced_only || (!r.full_frame_schedule && has_roi))
        return {"--schedule", r.full_frame_schedule ? "full-frame" : "roi"};
    const std::string f = std::to_string(fast), s = std::to_string(slow);
    return {"--schedule", "full-frame", "-roi", f, f, s, s};
}

} // namespace harness
