// Image files: the nanoBragg output formats and the SMV reader for -img / -mask.
//
// Byte layouts (c_reference_behaviour.md section 6, nanobragg_model.md section 7):
//   float image  raw native float32, fast index fastest (idx = slow*fpixels + fast), no header
//   SMV          512-byte ASCII header "{\nHEADER_BYTES=512;\n...}\f" padded with spaces, then
//                native uint16 in the same pixel order
//   PGM          "P5\n<f> <s>\n# pixels scaled by <scale>\n255\n" then one byte per pixel
//
// Every writer writes to "<path>.tmp.<pid>" (header and pixels in one writev) and renames it into
// place, so a failed or interrupted run never leaves a partial file under the requested name.
// Errors throw InputError naming the file. The SMV reader reads in bounded memory: a regular
// file only, HEADER_BYTES 512..1 MiB, at most 2^20 pixels per axis, the pixels present before
// anything is allocated for them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace nbsim {

// A parsed SMV file (used for -img and -mask headers and the mask pixels).
struct SmvFile {
    std::string path;
    std::string header;                // the header_bytes of ASCII header
    int width = 0;                     // SIZE1 (fast)
    int height = 0;                    // SIZE2 (slow)
    std::vector<std::uint16_t> pixels; // width*height, native order as stored (no byte swap: C)

    // nanoBragg's ValueOf(): the number after the '=' that follows the LAST occurrence of key
    // anywhere in the header (so "DISTANCE" can match inside "CLOSE_DISTANCE"); nullopt when
    // the key does not occur.
    std::optional<double> value_of(const std::string& key) const;
};

// Reads an SMV file; throws InputError("<path>: ...") when missing, unreadable or not SMV.
SmvFile read_smv(const std::string& path);

// Values written into the SMV header, all in the header's units (mm, A, deg, pixels).
struct SmvHeaderValues {
    int fast_pixels = 0, slow_pixels = 0;
    double pixel_size_mm = 0, distance_mm = 0, wavelength_A = 0;
    double beam_center_x_mm = 0, beam_center_y_mm = 0;
    double adxv_center_x_mm = 0, adxv_center_y_mm = 0;
    double mosflm_center_x_mm = 0, mosflm_center_y_mm = 0;
    double denzo_x_beam_mm = 0, denzo_y_beam_mm = 0;
    double dials_origin_mm[3] = {0, 0, 0};
    double xds_orgx = 0, xds_orgy = 0;
    double close_distance_mm = 0;
    double phi_deg = 0, osc_start_deg = 0, osc_range_deg = 0, twotheta_deg = 0;
};

// The 512-byte header text nanoBragg writes (keys in its order, %g values).
std::string format_smv_header(const SmvHeaderValues& h);

// Headers of the nanoBragg layouts (the pixels follow as raw native-order bytes).
std::string pgm_header(int fast_pixels, int slow_pixels, double pgm_scale);

// Writes `bytes` to path atomically (temp file + rename); throws InputError on failure.
void write_file_atomically(const std::string& path, const std::string& bytes);

// Several output files that appear together or not at all: each add() writes a temporary file
// next to its destination; commit() renames them all into place. Files not committed (an
// exception, a failed write) are removed by the destructor.
class StagedOutputs {
  public:
    StagedOutputs() = default;
    StagedOutputs(const StagedOutputs&) = delete;
    StagedOutputs& operator=(const StagedOutputs&) = delete;
    ~StagedOutputs();
    void add(const std::string& path, const std::string& bytes); // throws InputError
    // header followed by `size` raw bytes (no copy of the pixel buffer)
    void add(const std::string& path, const std::string& header, const void* data,
             std::size_t size);
    void commit(); // throws InputError
    // Starts removing earlier files at these destinations on a helper thread, so that freeing
    // their cached pages (milliseconds for an image) overlaps the writing; commit() and the
    // destructor wait for it. After a failed run such a file is then absent, never stale or
    // half-written.
    void remove_earlier_files(std::vector<std::string> paths);

  private:
    struct Staged {
        std::string path, temp;
        int slot = -1; // temp_cleanup registration
    };
    std::vector<Staged> staged_;
    std::thread remover_;
};

} // namespace nbsim
