// NPY files (numpy's format description, versions 1.0 to 3.0): the 6-byte magic "\x93NUMPY", a
// major and a minor version byte, the header length (2 bytes little-endian for 1.x, 4 bytes for
// 2.x and 3.x), then a Python dict literal {'descr': ..., 'fortran_order': ..., 'shape': (...)}
// padded with spaces and ended by '\n'; the data follow.
#include "file_layout.h"

#include <cctype>
#include <cstdint>
#include <limits>
#include <map>

namespace nbimage::detail {

namespace {

constexpr char kMagic[] = "\x93NUMPY";
constexpr std::size_t kMagicBytes = 6;

// A reader of the small part of Python literal syntax NPY headers use.
class DictReader {
  public:
    DictReader(const std::string& text, const std::string& name) : s_(text), name_(name) {}

    // key -> raw value text ("'<f4'", "False", "(3, 4)")
    std::map<std::string, std::string> read() {
        std::map<std::string, std::string> out;
        expect('{');
        while (true) {
            skip_space();
            if (peek() == '}') {
                ++i_;
                break;
            }
            const std::string key = read_string();
            expect(':');
            skip_space();
            const std::size_t start = i_;
            if (peek() == '(')
                while (i_ < s_.size() && s_[i_] != ')')
                    ++i_;
            else if (peek() == '\'' || peek() == '"')
                read_string();
            while (i_ < s_.size() && s_[i_] != ',' && s_[i_] != '}')
                ++i_;
            if (i_ >= s_.size())
                bad("unterminated header dict");
            std::string value = s_.substr(start, i_ - start);
            while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back())))
                value.pop_back();
            if (!out.emplace(key, value).second)
                bad("key '" + key + "' twice in the header");
            if (s_[i_] == ',')
                ++i_;
        }
        skip_space();
        if (i_ != s_.size())
            bad("text after the header dict");
        return out;
    }

  private:
    char peek() const { return i_ < s_.size() ? s_[i_] : '\0'; }
    void skip_space() {
        while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_])))
            ++i_;
    }
    void expect(char c) {
        skip_space();
        if (peek() != c)
            bad(std::string("expected '") + c + "' in the header dict");
        ++i_;
    }
    std::string read_string() {
        skip_space();
        const char quote = peek();
        if (quote != '\'' && quote != '"')
            bad("expected a quoted key in the header dict");
        const std::size_t end = s_.find(quote, i_ + 1);
        if (end == std::string::npos)
            bad("unterminated string in the header dict");
        std::string v = s_.substr(i_ + 1, end - i_ - 1);
        i_ = end + 1;
        return v;
    }
    [[noreturn]] void bad(const std::string& what) const { fail(name_, "NPY header: " + what); }

    const std::string& s_;
    const std::string& name_;
    std::size_t i_ = 0;
};

// "(2527, 2463)" -> dimensions; refuses anything but non-negative integers.
std::vector<long long> parse_tuple(const std::string& v, const std::string& name) {
    if (v.size() < 2 || v.front() != '(' || v.back() != ')')
        fail(name, "NPY header: shape " + v + " is not a tuple");
    std::vector<long long> dims;
    std::size_t i = 1;
    while (i + 1 < v.size()) {
        while (i + 1 < v.size() && (std::isspace(static_cast<unsigned char>(v[i])) || v[i] == ','))
            ++i;
        if (i + 1 >= v.size())
            break;
        long long d = 0;
        std::size_t digits = 0;
        while (i + 1 < v.size() && std::isdigit(static_cast<unsigned char>(v[i]))) {
            if (d > std::numeric_limits<int>::max())
                fail(name, "NPY header: dimension too large in shape " + v);
            d = d * 10 + (v[i] - '0');
            ++i;
            ++digits;
        }
        if (digits == 0)
            fail(name, "NPY header: shape " + v + " holds something other than integers");
        if (d > std::numeric_limits<int>::max())
            fail(name, "NPY header: dimension too large in shape " + v);
        dims.push_back(d);
        while (i + 1 < v.size() && std::isspace(static_cast<unsigned char>(v[i])))
            ++i;
        if (i + 1 < v.size() && v[i] != ',')
            fail(name, "NPY header: shape " + v + " is malformed");
    }
    return dims;
}

std::string unquote(const std::string& v) {
    if (v.size() >= 2 && (v.front() == '\'' || v.front() == '"') && v.back() == v.front())
        return v.substr(1, v.size() - 2);
    return v;
}

} // namespace

bool looks_like_npy(const std::string& prefix) {
    return prefix.compare(0, kMagicBytes, kMagic, kMagicBytes) == 0;
}

FileLayout npy_layout(const std::string& prefix, const std::string& name) {
    if (prefix.size() < kMagicBytes + 4)
        fail(name, "NPY file shorter than its preamble");
    const int major = static_cast<unsigned char>(prefix[6]);
    const int minor = static_cast<unsigned char>(prefix[7]);
    if (major < 1 || major > 3 || minor != 0)
        fail(name, "NPY version " + std::to_string(major) + "." + std::to_string(minor) +
                       " is not supported (1.0, 2.0, 3.0)");
    auto byte = [&](std::size_t i) {
        return static_cast<std::uint32_t>(static_cast<unsigned char>(prefix[i]));
    };
    std::size_t header_len = 0, start = 0;
    if (major == 1) {
        header_len = byte(8) | byte(9) << 8;
        start = 10;
    } else {
        if (prefix.size() < 12)
            fail(name, "NPY file shorter than its preamble");
        header_len = byte(8) | byte(9) << 8 | byte(10) << 16 | byte(11) << 24;
        start = 12;
    }
    if (start + header_len > kMaxHeaderBytes)
        fail(name, "NPY header of " + std::to_string(header_len) + " bytes is longer than 1 MiB");
    if (start + header_len > prefix.size())
        fail(name, "NPY file ends inside its header");
    const std::string text = prefix.substr(start, header_len);
    if (text.empty() || text.back() != '\n')
        fail(name, "NPY header does not end with a newline");
    const std::map<std::string, std::string> dict = DictReader(text, name).read();
    for (const char* key : {"descr", "fortran_order", "shape"})
        if (!dict.count(key))
            fail(name, std::string("NPY header lacks '") + key + "'");
    if (dict.size() != 3)
        fail(name, "NPY header has keys other than descr, fortran_order and shape");
    FileLayout l;
    l.format = ImageFormat::npy;
    l.data_offset = start + header_len;
    const std::string descr = unquote(dict.at("descr"));
    if (descr == "<f4")
        l.element = ElementType::float32;
    else if (descr == "<f8")
        l.element = ElementType::float64;
    else
        fail(name, "NPY dtype '" + descr + "' is not supported ('<f4' or '<f8')");
    const std::string order = dict.at("fortran_order");
    if (order == "True")
        fail(name, "NPY array is in Fortran order (only C order is supported)");
    if (order != "False")
        fail(name, "NPY header: fortran_order is '" + order + "', not True or False");
    const std::vector<long long> dims = parse_tuple(dict.at("shape"), name);
    if (dims.size() != 2)
        fail(name, "NPY array has " + std::to_string(dims.size()) +
                       " dimensions; an image has 2 (slow, fast)");
    l.shape = {static_cast<int>(dims[0]), static_cast<int>(dims[1])};
    l.description = "NPY " + std::to_string(major) + ".0, " + descr + ", " + l.shape.to_string();
    return l;
}

} // namespace nbimage::detail
