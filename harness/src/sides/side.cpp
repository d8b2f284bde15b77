#include "sides/side.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace harness {

const char* to_string(SideKind kind) {
    switch (kind) {
    case SideKind::reference:
        return "reference";
    case SideKind::simulator:
        return "simulator";
    case SideKind::backend:
        return "backend";
    case SideKind::recorded:
        return "recorded";
    }
    return "?";
}

SideSpec parse_side(const std::string& text) {
    SideSpec s;
    s.label = text;
    if (text == "reference") {
        s.kind = SideKind::reference;
        return s;
    }
    if (text == "simulator") {
        s.kind = SideKind::simulator;
        return s;
    }
    const std::string recorded = "recorded:";
    if (text.rfind(recorded, 0) == 0) {
        s.kind = SideKind::recorded;
        s.label = "recorded";
        std::string rest = text.substr(recorded.size());
        for (std::size_t at = 0; at <= rest.size();) {
            const std::size_t comma = rest.find(',', at);
            const std::string f =
                rest.substr(at, comma == std::string::npos ? std::string::npos : comma - at);
            if (!f.empty())
                s.files.push_back(f);
            if (comma == std::string::npos)
                break;
            at = comma + 1;
        }
        if (s.files.empty())
            throw std::invalid_argument("recorded: needs trace files, e.g. recorded:c.log");
        return s;
    }
    if (std::optional<BackendSpec> b = shipped_backend(text)) {
        s.kind = SideKind::backend;
        s.backend = std::move(b);
        return s;
    }
    std::error_code ec;
    if (text.size() > 5 && text.substr(text.size() - 5) == ".json" &&
        std::filesystem::is_regular_file(text, ec)) {
        std::ifstream in(text, std::ios::binary);
        std::ostringstream body;
        body << in.rdbuf();
        s.kind = SideKind::backend;
        s.backend = parse_backend_spec(body.str(), text);
        s.label = s.backend->name;
        return s;
    }
    std::string known = "reference, simulator, recorded:FILE[,FILE]";
    for (const std::string& n : shipped_backend_names())
        known += ", " + n;
    throw std::invalid_argument("unknown side '" + text + "' (known: " + known +
                                ", or a backend file *.json)");
}

} // namespace harness
