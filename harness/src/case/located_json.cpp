#include "case/located_json.h"

#include <boost/json/basic_parser_impl.hpp>

#include <charconv>
#include <vector>

namespace harness {

namespace {

namespace json = boost::json;

// JSON pointer escaping (RFC 6901): '~' -> "~0", '/' -> "~1".
std::string pointer_token(std::string_view key) {
    std::string out;
    for (char c : key)
        out += c == '~' ? std::string("~0") : c == '/' ? std::string("~1") : std::string(1, c);
    return out;
}

// Builds the document from the parser's events. The parser is fed one byte at a time, so `line`
// is the line of the byte that triggered each event.
struct Builder {
    struct Open {
        json::value value; // an object or an array
        std::string pointer;
        std::string key; // an object's pending member name
        int key_line = 0;
    };

    static constexpr std::size_t max_array_size = -1;
    static constexpr std::size_t max_object_size = -1;
    static constexpr std::size_t max_string_size = -1;
    static constexpr std::size_t max_key_size = -1;

    int line = 1;
    LocatedJson doc;
    std::vector<Open> open;
    std::string part; // text of the string, key or number being read
    int part_line = 0;

    void begin_part() {
        if (part_line == 0)
            part_line = line;
    }
    // The pointer and line of the value that starts now (or started at part_line).
    std::pair<std::string, int> place() {
        const int start = part_line ? part_line : line;
        if (open.empty())
            return {"", start};
        Open& o = open.back();
        if (o.value.is_object())
            return {o.pointer + "/" + pointer_token(o.key), o.key_line};
        return {o.pointer + "/" + std::to_string(o.value.as_array().size()), start};
    }
    void put(json::value v) {
        const auto [pointer, at] = place();
        doc.lines[pointer] = at;
        part.clear();
        part_line = 0;
        if (open.empty()) {
            doc.root = std::move(v);
            return;
        }
        Open& o = open.back();
        if (o.value.is_object())
            o.value.as_object()[o.key] = std::move(v);
        else
            o.value.as_array().push_back(std::move(v));
    }
    void begin(json::value v) {
        const auto [pointer, at] = place();
        doc.lines[pointer] = at;
        open.push_back(Open{std::move(v), pointer, {}, 0});
    }
    void end() {
        Open o = std::move(open.back());
        open.pop_back();
        // put() records the line again: keep the one of the opening bracket (or key)
        const int at = doc.lines[o.pointer];
        put(std::move(o.value));
        doc.lines[o.pointer] = at;
    }
    bool number(std::string_view last) {
        part.append(last.data(), last.size());
        double v = 0;
        const auto [ptr, ec] =
            std::from_chars(part.data(), part.data() + part.size(), v, std::chars_format::general);
        if (ec != std::errc() || ptr != part.data() + part.size())
            return false;
        put(v);
        return true;
    }

    bool on_document_begin(json::error_code&) { return true; }
    bool on_document_end(json::error_code&) { return true; }
    bool on_array_begin(json::error_code&) {
        begin(json::array());
        return true;
    }
    bool on_array_end(std::size_t, json::error_code&) {
        end();
        return true;
    }
    bool on_object_begin(json::error_code&) {
        begin(json::object());
        return true;
    }
    bool on_object_end(std::size_t, json::error_code&) {
        end();
        return true;
    }
    bool on_string_part(json::string_view s, std::size_t, json::error_code&) {
        begin_part();
        part.append(s.data(), s.size());
        return true;
    }
    bool on_string(json::string_view s, std::size_t, json::error_code&) {
        begin_part();
        part.append(s.data(), s.size());
        put(json::string(part));
        return true;
    }
    bool on_key_part(json::string_view s, std::size_t, json::error_code&) {
        begin_part();
        part.append(s.data(), s.size());
        return true;
    }
    bool on_key(json::string_view s, std::size_t, json::error_code& ec) {
        begin_part();
        part.append(s.data(), s.size());
        Open& o = open.back();
        if (o.value.as_object().contains(part)) {
            ec = json::error::syntax;
            part = "duplicate member \"" + part + "\"";
            return false;
        }
        o.key = part;
        o.key_line = part_line;
        part.clear();
        part_line = 0;
        return true;
    }
    bool on_number_part(json::string_view s, json::error_code&) {
        begin_part();
        part.append(s.data(), s.size());
        return true;
    }
    bool on_int64(std::int64_t, json::string_view s, json::error_code&) { return number(s); }
    bool on_uint64(std::uint64_t, json::string_view s, json::error_code&) { return number(s); }
    bool on_double(double, json::string_view s, json::error_code&) { return number(s); }
    bool on_bool(bool b, json::error_code&) {
        put(b);
        return true;
    }
    bool on_null(json::error_code&) {
        put(nullptr);
        return true;
    }
    bool on_comment_part(json::string_view, json::error_code&) { return true; }
    bool on_comment(json::string_view, json::error_code&) { return true; }
};

} // namespace

int LocatedJson::line_of(const std::string& pointer) const {
    for (std::string p = pointer;; p = p.substr(0, p.rfind('/'))) {
        auto it = lines.find(p);
        if (it != lines.end())
            return it->second;
        if (p.empty())
            return 1;
    }
}

LocatedJson parse_located_json(std::string_view text) {
    json::basic_parser<Builder> parser{json::parse_options{}};
    Builder& b = parser.handler();
    json::error_code ec;
    // One byte at a time: every event then happens while its own byte is being read.
    for (std::size_t i = 0; i < text.size(); ++i) {
        parser.write_some(true, text.data() + i, 1, ec);
        if (ec) {
            const std::string what =
                b.part.rfind("duplicate member", 0) == 0 ? b.part : ec.message();
            throw JsonSyntaxError{b.line, "invalid JSON: " + what};
        }
        if (text[i] == '\n')
            ++b.line;
    }
    parser.write_some(false, nullptr, 0, ec);
    if (ec || !parser.done())
        throw JsonSyntaxError{b.line, "invalid JSON: " +
                                          (ec ? ec.message() : std::string("incomplete document"))};
    return std::move(b.doc);
}

} // namespace harness
