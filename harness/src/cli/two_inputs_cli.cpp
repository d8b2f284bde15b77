#include "cli/two_inputs_cli.h"

#include <vector>

namespace harness {

namespace po = boost::program_options;

bool parse_two_inputs(int argc, char** argv, const po::options_description& visible,
                      const std::string& noun, po::variables_map& vm,
                      std::pair<std::string, std::string>& inputs) {
    po::options_description all = visible;
    all.add_options()("input", po::value<std::vector<std::string>>(), "input A or B");
    po::positional_options_description positional;
    positional.add("input", -1);
    po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(), vm);
    po::notify(vm);
    if (vm.count("help"))
        return true;
    const std::vector<std::string> given =
        vm.count("input") ? vm["input"].as<std::vector<std::string>>() : std::vector<std::string>{};
    if (given.size() != 2)
        throw po::error("expected two " + noun + " A B, got " + std::to_string(given.size()));
    inputs = {given[0], given[1]};
    return false;
}

} // namespace harness
