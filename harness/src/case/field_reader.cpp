#include "case/field_reader.h"

#include "nbreport/read_file.h"

#include <cmath>
#include <set>
#include <system_error>

namespace harness {

namespace json = boost::json;

namespace {

// "/cases/3/dtypes/1" -> "cases[3].dtypes[1]", the way people read it.
std::string readable(const std::string& pointer) {
    std::string out;
    std::size_t start = 1;
    while (start <= pointer.size()) {
        std::size_t end = pointer.find('/', start);
        if (end == std::string::npos)
            end = pointer.size();
        const std::string token = pointer.substr(start, end - start);
        const bool index =
            !token.empty() && token.find_first_not_of("0123456789") == std::string::npos;
        out += index ? "[" + token + "]" : (out.empty() ? "" : ".") + token;
        start = end + 1;
    }
    return out.empty() ? "document" : out;
}

std::string list(std::initializer_list<const char*> items) {
    std::string out;
    for (const char* s : items)
        out += (out.empty() ? "" : "|") + std::string(s);
    return out;
}

} // namespace

LocatedJson read_located_json(const std::string& path, std::string* bytes) {
    std::string text;
    try {
        text = nbreport::read_file(path);
    } catch (const std::system_error& e) {
        throw DataFileError{path + ": cannot read: " + e.code().message()};
    }
    try {
        LocatedJson doc = parse_located_json(text);
        if (bytes)
            *bytes = std::move(text);
        return doc;
    } catch (const JsonSyntaxError& e) {
        throw DataFileError{path + ":" + std::to_string(e.line) + ": " + e.message};
    }
}

void FieldReader::fail(const std::string& pointer, const std::string& what) const {
    throw DataFileError{file_ + ":" + std::to_string(doc_.line_of(pointer)) + ": " +
                        readable(pointer) + ": " + what};
}

const json::object& FieldReader::object(const json::value& v, const std::string& pointer) const {
    if (!v.is_object())
        fail(pointer, "must be an object");
    return v.as_object();
}

const json::array& FieldReader::array(const json::value& v, const std::string& pointer) const {
    if (!v.is_array())
        fail(pointer, "must be an array");
    return v.as_array();
}

void FieldReader::only(const json::object& o, const std::string& pointer,
                       std::initializer_list<const char*> known) const {
    for (const auto& member : o) {
        bool ok = false;
        for (const char* k : known)
            ok = ok || member.key() == k;
        if (!ok)
            fail(at(pointer, std::string(member.key())),
                 "unknown field (known: " + list(known) + ")");
    }
}

std::string FieldReader::text(const json::value& v, const std::string& pointer) const {
    if (!v.is_string() || v.as_string().empty())
        fail(pointer, "must be a non-empty string");
    return std::string(v.as_string());
}

double FieldReader::number(const json::value& v, const std::string& pointer) const {
    if (!v.is_number() || !std::isfinite(v.to_number<double>()))
        fail(pointer, "must be a finite number");
    return v.to_number<double>();
}

int FieldReader::integer(const json::value& v, const std::string& pointer, int min, int max) const {
    const double x = number(v, pointer);
    if (x != std::floor(x) || x < min || x > max)
        fail(pointer, "must be an integer in " + std::to_string(min) + ".." + std::to_string(max));
    return static_cast<int>(x);
}

std::string FieldReader::choice(const json::value& v, const std::string& pointer,
                                std::initializer_list<const char*> allowed) const {
    const std::string s = text(v, pointer);
    for (const char* a : allowed)
        if (s == a)
            return s;
    fail(pointer, "'" + s + "' is not one of " + list(allowed));
}

std::vector<std::string> FieldReader::texts(const json::value& v,
                                            const std::string& pointer) const {
    std::vector<std::string> out;
    const json::array& a = array(v, pointer);
    for (std::size_t i = 0; i < a.size(); ++i)
        out.push_back(text(a[i], at(pointer, i)));
    return out;
}

std::vector<std::string> FieldReader::choices(const json::value& v, const std::string& pointer,
                                              std::initializer_list<const char*> allowed) const {
    const json::array& a = array(v, pointer);
    if (a.empty())
        fail(pointer, "must not be empty");
    std::vector<std::string> out;
    std::set<std::string> seen;
    for (std::size_t i = 0; i < a.size(); ++i) {
        out.push_back(choice(a[i], at(pointer, i), allowed));
        if (!seen.insert(out.back()).second)
            fail(at(pointer, i), "'" + out.back() + "' is listed twice");
    }
    return out;
}

} // namespace harness
