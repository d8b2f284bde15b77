#include "nbsim/image_io.h"

#include "nbsim/errors.h"
#include "nbsim/limits.h"
#include "nbsim/text_input.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/uio.h>
#include <system_error>
#include <unistd.h>

#include "temp_cleanup.h"

namespace nbsim {

namespace {

std::string printf_g(const char* fmt, double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, fmt, v);
    return buf;
}

bool host_is_big_endian() {
    const std::uint16_t probe = 0x0102;
    unsigned char first;
    std::memcpy(&first, &probe, 1);
    return first == 0x01;
}

} // namespace

std::optional<double> SmvFile::value_of(const std::string& key) const {
    // Last occurrence of key, then the first '=' after it, then atof (nanoBragg's ValueOf).
    const std::size_t pos = header.rfind(key);
    if (pos == std::string::npos)
        return std::nullopt;
    const std::size_t eq = header.find('=', pos + key.size());
    if (eq == std::string::npos)
        return 0.0;
    return std::atof(header.c_str() + eq + 1);
}

SmvFile read_smv(const std::string& path) {
    const InputFile in(path, "SMV file");
    const std::int64_t file_bytes = in.size();
    if (file_bytes < 512)
        throw InputError(path + ": not an SMV file (shorter than its 512-byte header)");
    SmvFile f;
    f.path = path;
    f.header.assign(512, '\0');
    in.read_at(f.header.data(), 512, 0);
    // The C program recognises an ADSC/SMV frame by its first 12 characters.
    if (f.header.compare(0, 12, "{\nHEADER_BYT") != 0)
        throw InputError(path + ": not an SMV file (no '{ HEADER_BYTES=' header)");
    const auto hb = f.value_of("HEADER_BYTES");
    if (!hb || !(*hb >= 512 && *hb <= (1 << 20)) || *hb > static_cast<double>(file_bytes))
        throw InputError(path + ": SMV header has an invalid HEADER_BYTES");
    const std::size_t header_bytes = static_cast<std::size_t>(*hb);
    if (header_bytes > 512) {
        f.header.assign(header_bytes, '\0');
        in.read_at(f.header.data(), header_bytes, 0);
    }
    const auto w = f.value_of("SIZE1");
    const auto h = f.value_of("SIZE2");
    const auto axis_ok = [](const std::optional<double>& v) {
        return v && *v >= 1 && *v <= limits::kMaxAxisPixels;
    };
    if (!axis_ok(w) || !axis_ok(h))
        throw InputError(path + ": SMV header lacks valid SIZE1/SIZE2 (1.." +
                         std::to_string(limits::kMaxAxisPixels) + " pixels per axis)");
    f.width = static_cast<int>(*w);
    f.height = static_cast<int>(*h);
    const std::size_t n = static_cast<std::size_t>(f.width) * static_cast<std::size_t>(f.height);
    // the pixels must be in the file before anything is allocated for them
    if (static_cast<double>(header_bytes) + 2.0 * static_cast<double>(n) >
        static_cast<double>(file_bytes))
        throw InputError(path + ": SMV file is truncated (" + std::to_string(file_bytes) +
                         " bytes for " + std::to_string(f.width) + "x" + std::to_string(f.height) +
                         " pixels)");
    f.pixels.resize(n);
    in.read_at(f.pixels.data(), 2 * n, static_cast<std::int64_t>(header_bytes));
    return f;
}

std::string format_smv_header(const SmvHeaderValues& h) {
    std::string s = "{\nHEADER_BYTES=512;\nDIM=2;\nBYTE_ORDER=";
    s += host_is_big_endian() ? "big_endian" : "little_endian";
    s += ";\nTYPE=unsigned_short;\n";
    s += "SIZE1=" + std::to_string(h.fast_pixels) + ";\n";
    s += "SIZE2=" + std::to_string(h.slow_pixels) + ";\n";
    auto kv = [&s](const char* key, double v) {
        s += key;
        s += "=" + printf_g("%g", v) + ";\n";
    };
    kv("PIXEL_SIZE", h.pixel_size_mm);
    kv("DISTANCE", h.distance_mm);
    kv("WAVELENGTH", h.wavelength_A);
    kv("BEAM_CENTER_X", h.beam_center_x_mm);
    kv("BEAM_CENTER_Y", h.beam_center_y_mm);
    kv("ADXV_CENTER_X", h.adxv_center_x_mm);
    kv("ADXV_CENTER_Y", h.adxv_center_y_mm);
    kv("MOSFLM_CENTER_X", h.mosflm_center_x_mm);
    kv("MOSFLM_CENTER_Y", h.mosflm_center_y_mm);
    kv("DENZO_X_BEAM", h.denzo_x_beam_mm);
    kv("DENZO_Y_BEAM", h.denzo_y_beam_mm);
    // nanoBragg writes DIALS_ORIGIN without the trailing semicolon.
    s += "DIALS_ORIGIN=" + printf_g("%g", h.dials_origin_mm[0]) + "," +
         printf_g("%g", h.dials_origin_mm[1]) + "," + printf_g("%g", h.dials_origin_mm[2]) + "\n";
    kv("XDS_ORGX", h.xds_orgx);
    kv("XDS_ORGY", h.xds_orgy);
    kv("CLOSE_DISTANCE", h.close_distance_mm);
    kv("PHI", h.phi_deg);
    kv("OSC_START", h.osc_start_deg);
    kv("OSC_RANGE", h.osc_range_deg);
    kv("TWOTHETA", h.twotheta_deg);
    s += "DETECTOR_SN=000;\nBEAMLINE=fake;\n}\f";
    if (s.size() < 512)
        s.append(512 - s.size(), ' ');
    return s;
}

namespace {

std::string temp_name(const std::string& path) {
    return path + ".tmp." + std::to_string(static_cast<long>(::getpid()));
}

// Header and pixels in one buffered write (writev), then close with its error checked: a full
// disk shows up here, never as a truncated file under the output's name.
void write_temp(const std::string& path, const std::string& temp, const std::string& header,
                const void* data, std::size_t size) {
    const int fd =
        ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd < 0)
        throw InputError(path + ": cannot write output file (" + std::strerror(errno) + ")");
    iovec parts[2] = {{const_cast<char*>(header.data()), header.size()},
                      {const_cast<void*>(data), size}};
    int first = 0;
    while (first < 2) {
        const ssize_t n = ::writev(fd, parts + first, 2 - first);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            const std::string why = n < 0 ? std::strerror(errno) : "no progress";
            ::close(fd);
            throw InputError(path + ": write failed (" + why + ")");
        }
        std::size_t left = static_cast<std::size_t>(n);
        while (first < 2 && left >= parts[first].iov_len)
            left -= parts[first++].iov_len;
        if (first < 2) {
            parts[first].iov_base = static_cast<char*>(parts[first].iov_base) + left;
            parts[first].iov_len -= left;
        }
        while (first < 2 && parts[first].iov_len == 0)
            ++first;
    }
    if (::close(fd) != 0)
        throw InputError(path + ": write failed (" + std::strerror(errno) + ")");
}

} // namespace

void write_file_atomically(const std::string& path, const std::string& bytes) {
    StagedOutputs out;
    out.add(path, bytes);
    out.commit();
}

StagedOutputs::~StagedOutputs() {
    if (remover_.joinable())
        remover_.join();
    for (const Staged& s : staged_) {
        std::remove(s.temp.c_str());
        unregister_temp_file(s.slot);
    }
}

void StagedOutputs::add(const std::string& path, const std::string& bytes) {
    add(path, bytes, nullptr, 0);
}

void StagedOutputs::add(const std::string& path, const std::string& header, const void* data,
                        std::size_t size) {
    const std::string temp = temp_name(path);
    // Registered before writing, so that a partial temp file is removed by the destructor (or
    // by the signal handlers of temp_cleanup.h).
    staged_.push_back({path, temp, register_temp_file(temp)});
    write_temp(path, temp, header, data, size);
}

void StagedOutputs::remove_earlier_files(std::vector<std::string> paths) {
    if (remover_.joinable())
        remover_.join();
    try {
        remover_ = std::thread([paths = std::move(paths)] {
            for (const std::string& p : paths)
                ::unlink(p.c_str());
        });
    } catch (const std::system_error&) {
        // no thread: commit() removes them one by one
    }
}

void StagedOutputs::commit() {
    if (remover_.joinable())
        remover_.join();
    for (std::size_t i = 0; i < staged_.size(); ++i) {
        // An earlier output of the same name is removed first: renaming over an existing file
        // makes ext4 write the new file's data back synchronously (its "replace via rename"
        // safeguard, ~15 ms per image). The file is then absent or complete at every moment.
        ::unlink(staged_[i].path.c_str());
        if (std::rename(staged_[i].temp.c_str(), staged_[i].path.c_str()) != 0) {
            const std::string why = std::strerror(errno);
            // Undo the files already renamed so that nothing of this run is left behind.
            for (std::size_t j = 0; j < i; ++j)
                std::remove(staged_[j].path.c_str());
            throw InputError(staged_[i].path + ": cannot rename output into place (" + why + ")");
        }
        unregister_temp_file(staged_[i].slot);
        staged_[i].slot = -1;
    }
    staged_.clear();
}

std::string pgm_header(int fast_pixels, int slow_pixels, double pgm_scale) {
    char buf[128];
    std::snprintf(buf, sizeof buf, "P5\n%d %d\n# pixels scaled by %g\n255\n", fast_pixels,
                  slow_pixels, pgm_scale);
    return buf;
}

} // namespace nbsim
