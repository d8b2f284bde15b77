#include "nbsim/text_input.h"

#include "nbsim/errors.h"

#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <utility>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace nbsim {

namespace {

constexpr std::size_t kReadChunk = std::size_t{1} << 16;

const char* kind_of_file(mode_t mode) {
    if (S_ISFIFO(mode))
        return "a FIFO";
    if (S_ISCHR(mode))
        return "a character device";
    if (S_ISBLK(mode))
        return "a block device";
    if (S_ISDIR(mode))
        return "a folder";
    if (S_ISSOCK(mode))
        return "a socket";
    return "not a regular file";
}

std::string hex_byte(unsigned char c) {
    static const char kHex[] = "0123456789abcdef";
    return std::string("0x") + kHex[c >> 4] + kHex[c & 0xf];
}

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// Length of a case-insensitive match of `word` at the start of `text`, else 0.
std::size_t word_at(std::string_view text, std::string_view word) {
    if (text.size() < word.size())
        return 0;
    for (std::size_t i = 0; i < word.size(); ++i)
        if (static_cast<char>(std::tolower(static_cast<unsigned char>(text[i]))) != word[i])
            return 0;
    return word.size();
}

} // namespace

int open_input_file(const std::string& path, const char* what, std::int64_t* size) {
    // O_NONBLOCK: opening a FIFO must not wait for a writer
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        throw InputError(path + ": cannot open " + what + " (" + std::strerror(errno) + ")");
    struct stat st;
    if (::fstat(fd, &st) != 0) {
        const std::string why = std::strerror(errno);
        ::close(fd);
        throw InputError(path + ": cannot stat " + what + " (" + why + ")");
    }
    if (!S_ISREG(st.st_mode)) {
        ::close(fd);
        throw InputError(path + ": " + what + " is " + kind_of_file(st.st_mode) +
                         ", not a regular file (refused: it could block or never end)");
    }
    if (st.st_size > kMaxInputBytes) {
        ::close(fd);
        throw InputError(path + ": " + what + " has " + std::to_string(st.st_size) +
                         " bytes, more than the " + std::to_string(kMaxInputBytes) + " allowed");
    }
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    if (size)
        *size = st.st_size;
    return fd;
}

InputFile::InputFile(const std::string& path, const char* what) : path_(path) {
    fd_ = open_input_file(path, what, &size_); // in the body: size_ is initialised before it
}

InputFile::~InputFile() {
    ::close(fd_);
}

void InputFile::read_at(void* dst, std::size_t n, std::int64_t offset) const {
    char* out = static_cast<char*>(dst);
    for (std::size_t done = 0; done < n;) {
        const ssize_t r = ::pread(fd_, out + done, n - done,
                                  static_cast<off_t>(offset + static_cast<std::int64_t>(done)));
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            throw InputError(path_ + ": read error (" +
                             (r < 0 ? std::strerror(errno) : "file shorter than expected") + ")");
        done += static_cast<std::size_t>(r);
    }
}

bool input_exists(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return false;
    ::close(fd);
    return true;
}

std::string read_input_bytes(const std::string& path, const char* what) {
    const InputFile in(path, what);
    std::string bytes(static_cast<std::size_t>(in.size()), '\0');
    in.read_at(bytes.data(), bytes.size(), 0);
    return bytes;
}

LineReader LineReader::open(const std::string& path, const char* what) {
    LineReader r;
    r.path_ = path;
    r.fd_ = open_input_file(path, what);
    r.buf_.reset(new char[kReadChunk]);
    return r;
}

LineReader LineReader::from_memory(std::string_view bytes, std::string name) {
    LineReader r;
    r.path_ = std::move(name);
    r.memory_ = bytes;
    return r;
}

LineReader::LineReader(LineReader&& o) noexcept
    : path_(std::move(o.path_)), fd_(std::exchange(o.fd_, -1)), memory_(o.memory_),
      buf_(std::move(o.buf_)), pos_(o.pos_), end_(o.end_), carry_(std::move(o.carry_)),
      line_no_(o.line_no_), eof_(o.eof_) {}

LineReader& LineReader::operator=(LineReader&& o) noexcept {
    if (this != &o) {
        if (fd_ >= 0)
            ::close(fd_);
        path_ = std::move(o.path_);
        fd_ = std::exchange(o.fd_, -1);
        memory_ = o.memory_;
        buf_ = std::move(o.buf_);
        pos_ = o.pos_;
        end_ = o.end_;
        carry_ = std::move(o.carry_);
        line_no_ = o.line_no_;
        eof_ = o.eof_;
    }
    return *this;
}

LineReader::~LineReader() {
    if (fd_ >= 0)
        ::close(fd_);
}

bool LineReader::refill() {
    if (eof_)
        return false;
    if (fd_ < 0) { // memory: everything at once
        eof_ = true;
        return false;
    }
    for (;;) {
        const ssize_t n = ::read(fd_, buf_.get(), kReadChunk);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            throw InputError(path_ + ": read error (" + std::strerror(errno) + ")");
        pos_ = 0;
        end_ = static_cast<std::size_t>(n);
        if (n == 0)
            eof_ = true;
        return n > 0;
    }
}

bool LineReader::next(std::string_view& line) {
    carry_.clear();
    bool any = false;
    for (;;) {
        const char* data = fd_ < 0 ? memory_.data() : buf_.get();
        std::size_t begin = fd_ < 0 ? 0 : pos_;
        std::size_t stop = fd_ < 0 ? memory_.size() : end_;
        if (begin == stop) {
            if (fd_ < 0)
                eof_ = true;
            if (fd_ < 0 || !refill())
                break;
            continue;
        }
        if (!any) {
            any = true;
            ++line_no_;
        }
        // find the newline, then check every byte before it
        const void* nl = std::memchr(data + begin, '\n', stop - begin);
        const std::size_t i =
            nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - data) : stop;
        for (std::size_t j = begin; j < i; ++j)
            if (!is_text_byte(static_cast<unsigned char>(data[j])))
                throw InputError(path_ + ":" + std::to_string(line_no_) + ": binary data (byte " +
                                 hex_byte(static_cast<unsigned char>(data[j])) +
                                 "; not a text file)");
        const std::size_t piece = i - begin;
        if (carry_.size() + piece > kMaxLineBytes)
            throw InputError(path_ + ":" + std::to_string(line_no_) + ": line longer than " +
                             std::to_string(kMaxLineBytes) + " bytes");
        const bool newline = i < stop;
        if (fd_ < 0) {
            memory_.remove_prefix(newline ? i + 1 : i);
            line = std::string_view(data + begin, piece);
            return true;
        }
        pos_ = newline ? i + 1 : i;
        if (newline && carry_.empty()) {
            line = std::string_view(data + begin, piece);
            return true;
        }
        carry_.append(data + begin, piece);
        if (newline)
            break;
    }
    if (!any)
        return false;
    line = carry_;
    return true;
}

std::string printable(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        const unsigned char u = static_cast<unsigned char>(c);
        if (u >= 0x20 && u <= 0x7e)
            out.push_back(c);
        else
            out += "\\x" + hex_byte(u).substr(2);
    }
    return out;
}

std::size_t scan_number(std::string_view text, double& value, bool& nonfinite) {
    nonfinite = false;
    std::size_t q = 0;
    if (q < text.size() && (text[q] == '+' || text[q] == '-'))
        ++q;
    if (q < text.size() && !is_digit(text[q]) && text[q] != '.') { // only the words remain
        static constexpr std::string_view kWords[] = {"infinity", "inf", "nan"};
        for (std::string_view word : kWords)
            if (std::size_t w = word_at(text.substr(q), word)) {
                nonfinite = true;
                return q + w;
            }
        return 0;
    }
    const std::size_t mantissa = q;
    std::uint64_t whole = 0; // the integer part, exact while it has at most 15 digits
    while (q < text.size() && is_digit(text[q]))
        whole = whole * 10 + static_cast<std::uint64_t>(text[q++] - '0');
    std::size_t digits = q - mantissa;
    const bool plain_integer =
        digits > 0 && digits <= 15 &&
        (q == text.size() || (text[q] != '.' && text[q] != 'e' && text[q] != 'E'));
    if (plain_integer) { // Miller indices: exact without a float parse (-0 stays -0.0)
        value = text[0] == '-' ? -static_cast<double>(whole) : static_cast<double>(whole);
        return q;
    }
    if (q < text.size() && text[q] == '.') {
        ++q;
        const std::size_t frac = q;
        while (q < text.size() && is_digit(text[q]))
            ++q;
        digits += q - frac;
    }
    if (digits == 0)
        return 0;
    if (q < text.size() && (text[q] == 'e' || text[q] == 'E')) {
        std::size_t e = q + 1;
        if (e < text.size() && (text[e] == '+' || text[e] == '-'))
            ++e;
        if (e >= text.size() || !is_digit(text[e]))
            return 0;
        while (e < text.size() && is_digit(text[e]))
            ++e;
        q = e;
    }
    // from_chars takes no leading '+'; the grammar above has checked the rest
    const std::size_t skip = text[0] == '+' ? 1 : 0;
    const auto res = std::from_chars(text.data() + skip, text.data() + q, value);
    if (res.ec == std::errc::result_out_of_range) // what strtod gives: +-inf or a (sub)normal
        value = std::strtod(std::string(text.substr(0, q)).c_str(), nullptr);
    nonfinite = !std::isfinite(value);
    return q;
}

} // namespace nbsim
