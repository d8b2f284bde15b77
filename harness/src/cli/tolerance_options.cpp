#include "cli/tolerance_options.h"

#include <string>
#include <vector>

namespace harness {

namespace po = boost::program_options;

namespace {

void parse_atol(const std::string& spec, nbtrace::DiffOptions& options) {
    const std::size_t eq = spec.find('=');
    if (eq == std::string::npos || eq == 0)
        throw po::error("--atol takes CLASS=VALUE, got '" + spec + "'");
    try {
        std::size_t used = 0;
        const std::string value = spec.substr(eq + 1);
        const double v = std::stod(value, &used);
        if (used != value.size())
            throw std::invalid_argument(value);
        options.atol[spec.substr(0, eq)] = v;
    } catch (const std::exception&) {
        throw po::error("--atol value of '" + spec + "' is not a number");
    }
}

} // namespace

void add_tolerance_options(po::options_description& o) {
    o.add_options()("rtol", po::value<double>()->value_name("X"),
                    "relative tolerance (default 1e-6); |ref-sim| <= atol(class) + rtol*|ref|")(
        "atol", po::value<std::vector<std::string>>()->value_name("CLASS=VALUE")->composing(),
        "absolute tolerance of a tolerance class (repeatable), e.g. --atol length_m=1e-12")(
        "require", po::value<std::vector<std::string>>()->value_name("KEY")->composing(),
        "a canonical key that must be present on both sides (repeatable)");
}

void apply_tolerance_options(const po::variables_map& vm, nbtrace::DiffOptions& diff) {
    if (vm.count("rtol"))
        diff.rtol = vm["rtol"].as<double>();
    if (vm.count("atol"))
        for (const std::string& s : vm["atol"].as<std::vector<std::string>>())
            parse_atol(s, diff);
    if (vm.count("require"))
        for (const std::string& k : vm["require"].as<std::vector<std::string>>())
            diff.required.insert(k);
    std::string invalid;
    if (!diff.is_valid(&invalid))
        throw po::error(invalid);
}

} // namespace harness
