#include "exact_json.h"

#include "number_text.h"

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/value_stack.hpp>

namespace nbtrace::detail {

namespace {

namespace json = boost::json;

// The handler of boost::json::parser, except that doubles are re-converted from their text.
// Integers keep Boost's conversion: integer parsing is exact.
struct ExactHandler {
    static constexpr std::size_t max_object_size = json::object::max_size();
    static constexpr std::size_t max_array_size = json::array::max_size();
    static constexpr std::size_t max_key_size = json::string::max_size();
    static constexpr std::size_t max_string_size = json::string::max_size();

    json::value_stack st;
    std::string number; // text of the number being parsed, when it arrives in parts

    bool on_document_begin(json::error_code&) { return true; }
    bool on_document_end(json::error_code&) { return true; }
    bool on_object_begin(json::error_code&) { return true; }
    bool on_object_end(std::size_t n, json::error_code&) {
        st.push_object(n);
        return true;
    }
    bool on_array_begin(json::error_code&) { return true; }
    bool on_array_end(std::size_t n, json::error_code&) {
        st.push_array(n);
        return true;
    }
    bool on_key_part(json::string_view s, std::size_t, json::error_code&) {
        st.push_chars(s);
        return true;
    }
    bool on_key(json::string_view s, std::size_t, json::error_code&) {
        st.push_key(s);
        return true;
    }
    bool on_string_part(json::string_view s, std::size_t, json::error_code&) {
        st.push_chars(s);
        return true;
    }
    bool on_string(json::string_view s, std::size_t, json::error_code&) {
        st.push_string(s);
        return true;
    }
    bool on_number_part(json::string_view s, json::error_code&) {
        number.append(s.data(), s.size());
        return true;
    }
    bool on_int64(std::int64_t i, json::string_view s, json::error_code&) {
        number.append(s.data(), s.size());
        // "-0" is an integer to JSON but the double -0.0 to us: keep the sign bit
        if (i == 0 && !number.empty() && number.front() == '-')
            st.push_double(-0.0);
        else
            st.push_int64(i);
        number.clear();
        return true;
    }
    bool on_uint64(std::uint64_t u, json::string_view, json::error_code&) {
        number.clear();
        st.push_uint64(u);
        return true;
    }
    bool on_double(double, json::string_view s, json::error_code& ec) {
        number.append(s.data(), s.size());
        const std::optional<double> d = parse_double(number);
        number.clear();
        if (!d) {
            ec = json::error::syntax; // cannot happen for text Boost accepted as a number
            return false;
        }
        st.push_double(*d);
        return true;
    }
    bool on_bool(bool b, json::error_code&) {
        st.push_bool(b);
        return true;
    }
    bool on_null(json::error_code&) {
        st.push_null();
        return true;
    }
    bool on_comment_part(json::string_view, json::error_code&) { return true; }
    bool on_comment(json::string_view, json::error_code&) { return true; }
};

} // namespace

json::value parse_json_exact(std::string_view text, std::string* error) {
    json::basic_parser<ExactHandler> parser{json::parse_options{}};
    parser.handler().st.reset();
    json::error_code ec;
    const std::size_t used = parser.write_some(false, text.data(), text.size(), ec);
    if (!ec && used != text.size())
        ec = json::error::extra_data;
    if (ec) {
        if (error)
            *error = ec.message() + " at byte " + std::to_string(used);
        return nullptr;
    }
    if (error)
        error->clear();
    return parser.handler().st.release();
}

} // namespace nbtrace::detail
