// Checked reading of a located JSON data file (gate matrices, preset files): each accessor takes
// the value and its JSON pointer and throws DataFileError("file:line: <where>: <what>") when the
// value has the wrong shape.
#pragma once

#include "case/located_json.h"

#include <boost/json.hpp>

#include <initializer_list>
#include <string>
#include <vector>

namespace harness {

// An unreadable or invalid data file; the message names file:line (exit 2, input error).
struct DataFileError {
    std::string message;
};

// Reads and parses `path` (DataFileError on an unreadable file or a syntax error).
LocatedJson read_located_json(const std::string& path, std::string* bytes = nullptr);

class FieldReader {
  public:
    FieldReader(const LocatedJson& doc, std::string file) : doc_(doc), file_(std::move(file)) {}

    // Throws DataFileError("file:line: field: what").
    [[noreturn]] void fail(const std::string& pointer, const std::string& what) const;

    const boost::json::object& object(const boost::json::value& v,
                                      const std::string& pointer) const;
    const boost::json::array& array(const boost::json::value& v, const std::string& pointer) const;
    // Every member name of `o` is one of `known` (a misspelt field must not be ignored).
    void only(const boost::json::object& o, const std::string& pointer,
              std::initializer_list<const char*> known) const;
    std::string text(const boost::json::value& v, const std::string& pointer) const; // non-empty
    double number(const boost::json::value& v, const std::string& pointer) const;
    int integer(const boost::json::value& v, const std::string& pointer, int min, int max) const;
    std::string choice(const boost::json::value& v, const std::string& pointer,
                       std::initializer_list<const char*> allowed) const;
    std::vector<std::string> texts(const boost::json::value& v, const std::string& pointer) const;
    // A non-empty array of distinct values from `allowed`.
    std::vector<std::string> choices(const boost::json::value& v, const std::string& pointer,
                                     std::initializer_list<const char*> allowed) const;

    int line_of(const std::string& pointer) const { return doc_.line_of(pointer); }

    // The member `name` of `o` or nullptr; `pointer` of the object.
    static const boost::json::value* member(const boost::json::object& o, const char* name) {
        return o.if_contains(name);
    }
    static std::string at(const std::string& pointer, const std::string& name) {
        return pointer + "/" + name;
    }
    static std::string at(const std::string& pointer, std::size_t index) {
        return pointer + "/" + std::to_string(index);
    }

  private:
    const LocatedJson& doc_;
    std::string file_;
};

} // namespace harness
