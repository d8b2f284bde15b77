#include "nbsim/image_io.h"

#include "nbsim/errors.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <unistd.h>

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
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw InputError(path + ": cannot open SMV file (" + std::strerror(errno) + ")");
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (bytes.size() < 512)
        throw InputError(path + ": not an SMV file (shorter than its 512-byte header)");
    // The C program recognises an ADSC/SMV frame by its first 12 characters.
    if (bytes.compare(0, 12, "{\nHEADER_BYT") != 0)
        throw InputError(path + ": not an SMV file (no '{ HEADER_BYTES=' header)");
    SmvFile f;
    f.path = path;
    f.header = bytes.substr(0, 512);
    const auto hb = f.value_of("HEADER_BYTES");
    const long header_bytes = hb ? static_cast<long>(*hb) : 0;
    if (header_bytes < 1 || static_cast<std::size_t>(header_bytes) > bytes.size())
        throw InputError(path + ": SMV header has an invalid HEADER_BYTES");
    f.header = bytes.substr(0, static_cast<std::size_t>(header_bytes));
    const auto w = f.value_of("SIZE1");
    const auto h = f.value_of("SIZE2");
    f.width = w ? static_cast<int>(*w) : 0;
    f.height = h ? static_cast<int>(*h) : 0;
    if (f.width <= 0 || f.height <= 0)
        throw InputError(path + ": SMV header lacks positive SIZE1/SIZE2");
    const std::size_t n = static_cast<std::size_t>(f.width) * static_cast<std::size_t>(f.height);
    if (bytes.size() < static_cast<std::size_t>(header_bytes) + 2 * n)
        throw InputError(path + ": SMV file is truncated (" + std::to_string(bytes.size()) +
                         " bytes for " + std::to_string(f.width) + "x" + std::to_string(f.height) +
                         " pixels)");
    f.pixels.resize(n);
    std::memcpy(f.pixels.data(), bytes.data() + header_bytes, 2 * n);
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

void write_temp(const std::string& path, const std::string& temp, const std::string& header,
                const void* data, std::size_t size) {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!out)
        throw InputError(path + ": cannot write output file (" + std::strerror(errno) + ")");
    out.write(header.data(), static_cast<std::streamsize>(header.size()));
    out.write(static_cast<const char*>(data), static_cast<std::streamsize>(size));
    out.flush();
    if (!out) {
        out.close();
        std::remove(temp.c_str());
        throw InputError(path + ": write failed");
    }
}

} // namespace

void write_file_atomically(const std::string& path, const std::string& bytes) {
    StagedOutputs out;
    out.add(path, bytes);
    out.commit();
}

StagedOutputs::~StagedOutputs() {
    for (const Staged& s : staged_)
        std::remove(s.temp.c_str());
}

void StagedOutputs::add(const std::string& path, const std::string& bytes) {
    add(path, bytes, nullptr, 0);
}

void StagedOutputs::add(const std::string& path, const std::string& header, const void* data,
                        std::size_t size) {
    const std::string temp = temp_name(path);
    // Registered before writing, so that a partial temp file is removed by the destructor.
    staged_.push_back({path, temp});
    write_temp(path, temp, header, data, size);
}

void StagedOutputs::commit() {
    for (std::size_t i = 0; i < staged_.size(); ++i) {
        if (std::rename(staged_[i].temp.c_str(), staged_[i].path.c_str()) != 0) {
            const std::string why = std::strerror(errno);
            // Undo the files already renamed so that nothing of this run is left behind.
            for (std::size_t j = 0; j < i; ++j)
                std::remove(staged_[j].path.c_str());
            throw InputError(staged_[i].path + ": cannot rename output into place (" + why + ")");
        }
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
