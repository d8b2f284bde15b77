// Reading the user's input files in bounded memory (shared rules with nanobragg_ref).
//
// Every input (HKL, matrix, source, Fdump, SMV image and mask) must be a regular file of at most
// kMaxInputBytes: a FIFO, a character device such as /dev/zero, a socket or a folder is refused
// up front, without reading a byte (it could block or never end). Text inputs are read line by
// line through a fixed buffer: a line longer than kMaxLineBytes, or a byte no text file holds
// (NUL, another control character than tab, CR, VT, FF, anything above 0x7e), is an InputError
// naming file and line. Numbers are parsed with std::from_chars after a grammar check that both
// engines share (scan_number).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace nbsim {

inline constexpr std::int64_t kMaxInputBytes = std::int64_t{1} << 30;
inline constexpr std::size_t kMaxLineBytes = 4096;

// Opens `path` for reading after the checks above; `what` names the role ("HKL file"). Returns
// the descriptor (the caller closes it); *size gets the file's size. Throws InputError.
int open_input_file(const std::string& path, const char* what, std::int64_t* size = nullptr);

// A binary input opened with open_input_file, closed on destruction; read_at reads exactly n
// bytes at an offset or throws InputError "<path>: read error ...".
class InputFile {
  public:
    InputFile(const std::string& path, const char* what);
    ~InputFile();
    InputFile(const InputFile&) = delete;
    InputFile& operator=(const InputFile&) = delete;
    std::int64_t size() const { return size_; }
    void read_at(void* dst, std::size_t n, std::int64_t offset) const;

  private:
    std::string path_;
    int fd_ = -1;
    std::int64_t size_ = 0;
};

// True when something exists at `path` (probed without blocking on a FIFO).
bool input_exists(const std::string& path);

// The whole content of an input file (binary inputs: Fdump, SMV), after the same checks.
std::string read_input_bytes(const std::string& path, const char* what);

// True when byte c may appear in a text input.
inline bool is_text_byte(unsigned char c) {
    return (c >= 0x20 && c < 0x7f) || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

// Line-by-line reading of a text input, from a file or (fuzzing, tests) from memory.
class LineReader {
  public:
    static LineReader open(const std::string& path, const char* what); // throws InputError
    static LineReader from_memory(std::string_view bytes, std::string name);
    LineReader(LineReader&&) noexcept;
    LineReader& operator=(LineReader&&) noexcept;
    ~LineReader();

    // The next line without its newline (valid until the next call); false at end of input.
    // Throws InputError "<path>:<line>: ..." for a too long line, binary data or a read error.
    bool next(std::string_view& line);
    long line_number() const { return line_no_; }
    const std::string& path() const { return path_; }

  private:
    LineReader() = default;
    bool refill();

    std::string path_;
    int fd_ = -1;                 // -1: reading from memory
    std::string_view memory_;     // the unread part of an in-memory input
    std::unique_ptr<char[]> buf_; // file reads
    std::size_t pos_ = 0, end_ = 0;
    std::string carry_; // a line that spans two reads
    long line_no_ = 0;
    bool eof_ = false;
};

// One number token at the start of `text`, in the grammar both engines accept:
// [+-] digits [. digits] [(e|E) [+-] digits] with at least one mantissa digit (no hex, no digit
// separators), or the words nan, inf, infinity (any case, signed). Returns the token's length,
// 0 when `text` does not start with a number. `nonfinite` is set for the words and for values
// that overflow; `value` gets the correctly rounded value otherwise.
std::size_t scan_number(std::string_view text, double& value, bool& nonfinite);

} // namespace nbsim
