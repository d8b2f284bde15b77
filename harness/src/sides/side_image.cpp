#include "sides/side_image.h"

#include <filesystem>
#include <fstream>

namespace harness {

std::optional<std::string> read_side_image(const std::string& path,
                                           const std::optional<nbtrace::Region>& roi,
                                           const std::vector<nbtrace::Pixel>& pixels,
                                           EngineRun& run) {
    std::optional<std::pair<int, int>> shape; // (slow, fast) as the trace states them
    for (const nbtrace::Record& rec : run.records)
        if (rec.key == "detpixels" && rec.values.size() == 2)
            shape =
                std::make_pair(static_cast<int>(rec.values[0]), static_cast<int>(rec.values[1]));
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
        return path + ": no such image file";
    if (!shape)
        return "its trace does not say the detector size; cannot read its image " + path;
    run.slow_pixels = shape->first;
    run.fast_pixels = shape->second;
    const std::uintmax_t bytes = std::filesystem::file_size(path, ec);
    const std::uintmax_t frame = static_cast<std::uintmax_t>(run.slow_pixels) * run.fast_pixels;
    const std::uintmax_t crop = roi ? static_cast<std::uintmax_t>(roi->pixel_count()) : 0;
    if (bytes != frame * 4 && (!roi || bytes != crop * 4))
        return path + ": " + std::to_string(bytes) + " bytes are neither " +
               std::to_string(run.fast_pixels) + " fast x " + std::to_string(run.slow_pixels) +
               " slow float32 pixels" +
               (roi ? " nor the ROI's " + std::to_string(crop) + " pixel(s)" : "");
    if (roi && (roi->slow_max >= run.slow_pixels || roi->fast_max >= run.fast_pixels))
        return "the ROI does not lie on the image's detector";
    for (const auto& [slow, fast] : pixels)
        if (slow >= run.slow_pixels || fast >= run.fast_pixels)
            return "a traced pixel does not lie on the image's detector";
    run.image.assign(frame, 0.0f);
    std::ifstream in(path, std::ios::binary);
    if (bytes == frame * 4) {
        in.read(reinterpret_cast<char*>(run.image.data()), static_cast<std::streamsize>(bytes));
    } else {
        const int width = roi->columns();
        for (int s = roi->slow_min; s <= roi->slow_max; ++s)
            in.read(reinterpret_cast<char*>(
                        &run.image[static_cast<std::size_t>(s) * run.fast_pixels + roi->fast_min]),
                    static_cast<std::streamsize>(width * sizeof(float)));
    }
    if (!in)
        return path + ": cannot be read";
    run.traced_values.clear();
    for (const auto& [slow, fast] : pixels)
        run.traced_values.push_back(
            run.image[static_cast<std::size_t>(slow) * run.fast_pixels + fast]);
    return std::nullopt;
}

} // namespace harness
