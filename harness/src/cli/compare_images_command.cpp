#include "cli/compare_images_command.h"

#include "cli/run_cli.h"
#include "cli/two_inputs_cli.h"
#include "exit_codes.h"

#include "nbimage/image_io.h"
#include "nbimage/metrics_json.h"
#include "nbimage/metrics_text.h"
#include "nbimage/pictures.h"
#include "nbimage/pixel_report.h"
#include "nbreport/pretty_json.h"
#include "nbsim/errors.h"
#include "nbsim/image_io.h"

#include <boost/json.hpp>
#include <boost/program_options.hpp>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

namespace harness {

namespace {

namespace po = boost::program_options;
namespace json = boost::json;
using nbtrace::Pixel;

constexpr const char* kName = "trace_harness compare-images";

struct CompareRequest {
    std::string a, b;
    std::optional<nbimage::Shape> shape;
    std::optional<std::vector<int>> roi; // FMIN FMAX SMIN SMAX
    std::string json_path, png_dir;
    std::vector<nbimage::Threshold> thresholds;
    std::vector<Pixel> pixels;
    std::vector<nbimage::PickerSpec> picks;
    int threads = 1;
    nbimage::MetricsOptions metrics;
    int bench_runs = 0;
};

po::options_description describe_options() {
    po::options_description o("options");
    o.add_options()("help,h", "show this help")(
        "shape", po::value<std::string>()->value_name("SLOWxFAST"),
        "shape of raw float32 files (e.g. 2527x2463); NPY and SMV carry their own")(
        "roi", po::value<std::vector<int>>()->multitoken()->value_name("FMIN FMAX SMIN SMAX"),
        "compare this region only (nanoBragg -roi order: fast first, inclusive)")(
        "json", po::value<std::string>()->value_name("FILE"),
        "write the metrics (schema trace_harness-compare-images v1) to FILE")(
        "png-dir", po::value<std::string>()->value_name("DIR"),
        "write heatmaps of A, B, B - A and |B - A|/|A|, linear and log, into DIR")(
        "max", po::value<std::vector<std::string>>()->composing()->value_name("METRIC=V"),
        "fail (exit 3) unless METRIC <= V (repeatable)")(
        "min", po::value<std::vector<std::string>>()->composing()->value_name("METRIC=V"),
        "fail (exit 3) unless METRIC >= V (repeatable)")(
        "pixel", po::value<std::vector<int>>()->multitoken()->composing()->value_name("SLOW FAST"),
        "report this pixel: value and rank in A and B, nearest local maxima (repeatable)")(
        "pick", po::value<std::vector<std::string>>()->composing()->value_name("PICKER"),
        "report picked pixels: brightest:N (local maxima of A), worst:N (largest relative "
        "difference above the signal floor), thread-first (repeatable)")(
        "threads", po::value<int>()->value_name("N"),
        "thread count of --pick thread-first (default OMP_NUM_THREADS, else the machine's)")(
        "signal-floor-fraction", po::value<double>()->value_name("F"),
        "signal floor = F x max |A| (default 1e-6)")(
        "signal-floor", po::value<double>()->value_name("V"),
        "absolute signal floor (instead of the fraction)")(
        "min-signal-sum", po::value<double>()->value_name("S"),
        "give the sum ratio only when |sum A| >= S (default 1)")(
        "peaks", po::value<int>()->value_name("N"), "peaks per image to match (default 10)")(
        "match-radius", po::value<double>()->value_name("PX"),
        "peak match radius in pixels (default 2)")(
        "bench", po::value<int>()->implicit_value(5)->value_name("RUNS"),
        "compute the metrics RUNS times (default 5) and print the times");
    return o;
}

void print_help(std::ostream& out, const po::options_description& o) {
    out << "usage: " << kName
        << " A B [options]\n\n"
           "Compare two float images of the same shape: raw float32 (nanoBragg -floatfile; give\n"
           "--shape), SMV (-intfile, -noisefile, SMV-float) or NPY. A is the reference. Prints\n"
           "Pearson, RMSE, max |B - A| with its pixel, maxima, sums and their ratio, relative-\n"
           "error percentiles over A's signal pixels and the matching of the brightest peaks.\n\n"
        << o << "\nmetrics for --max/--min: ";
    for (const std::string& n : nbimage::metric_names())
        out << n << (n == nbimage::metric_names().back() ? "\n" : ", ");
    out << "\nexit codes: 0 every threshold met (or none given), 1 usage error, 2 unreadable or\n"
           "            malformed input, images of different shapes, output not writable,\n"
           "            3 a threshold not met or a non-finite pixel, 4 internal error\n";
}

[[noreturn]] void usage_error(const std::string& what) {
    throw po::error(what);
}

void parse_pixels(const po::variables_map& vm, CompareRequest& req) {
    if (!vm.count("pixel"))
        return;
    const std::vector<int> p = vm["pixel"].as<std::vector<int>>();
    if (p.size() % 2 != 0)
        usage_error("--pixel takes SLOW FAST (pairs of integers)");
    for (std::size_t i = 0; i < p.size(); i += 2)
        req.pixels.push_back({p[i], p[i + 1]});
}

std::optional<int> parse_command_line(int argc, char** argv, CompareRequest& req) {
    const po::options_description visible = describe_options();
    po::variables_map vm;
    try {
        std::pair<std::string, std::string> images;
        if (parse_two_inputs(argc, argv, visible, "images", vm, images)) {
            print_help(std::cout, visible);
            return kExitOk;
        }
        req.a = images.first;
        req.b = images.second;
        try {
            if (vm.count("shape"))
                req.shape = nbimage::parse_shape(vm["shape"].as<std::string>());
            const std::pair<const char*, nbimage::Threshold::Bound> bounds[] = {
                {"max", nbimage::Threshold::Bound::at_most},
                {"min", nbimage::Threshold::Bound::at_least}};
            for (const auto& [option, bound] : bounds)
                if (vm.count(option))
                    for (const std::string& t : vm[option].as<std::vector<std::string>>())
                        req.thresholds.push_back(nbimage::parse_threshold(t, bound));
            if (vm.count("pick"))
                for (const std::string& p : vm["pick"].as<std::vector<std::string>>())
                    req.picks.push_back(nbimage::parse_picker(p));
        } catch (const std::invalid_argument& e) {
            usage_error(e.what());
        }
        if (vm.count("roi")) {
            req.roi = vm["roi"].as<std::vector<int>>();
            if (req.roi->size() != 4)
                usage_error("--roi takes FMIN FMAX SMIN SMAX (four integers)");
        }
        parse_pixels(vm, req);
        req.threads = vm.count("threads") ? vm["threads"].as<int>() : default_thread_count();
        if (req.threads < 1 || req.threads > 1024)
            usage_error("--threads " + std::to_string(req.threads) + ": must be 1..1024");
        if (vm.count("json"))
            req.json_path = vm["json"].as<std::string>();
        if (vm.count("png-dir"))
            req.png_dir = vm["png-dir"].as<std::string>();
        nbimage::MetricsOptions& m = req.metrics;
        if (vm.count("signal-floor-fraction"))
            m.signal_floor_fraction = vm["signal-floor-fraction"].as<double>();
        if (vm.count("signal-floor"))
            m.signal_floor = vm["signal-floor"].as<double>();
        if (vm.count("min-signal-sum"))
            m.min_signal_sum = vm["min-signal-sum"].as<double>();
        if (vm.count("peaks"))
            m.peak_count = vm["peaks"].as<int>();
        if (vm.count("match-radius"))
            m.match_radius = vm["match-radius"].as<double>();
        std::string why;
        if (!m.is_valid(&why))
            usage_error(why);
        if (vm.count("bench")) {
            req.bench_runs = vm["bench"].as<int>();
            if (req.bench_runs < 1 || req.bench_runs > 1000)
                usage_error("--bench RUNS must be 1..1000");
        }
    } catch (const po::error& e) {
        std::cerr << kName << ": usage error: " << e.what() << " (try " << kName << " --help)\n";
        return kExitUsage;
    }
    return std::nullopt;
}

json::object input_json(const nbimage::ImageFile& f) {
    return {{"path", f.path},
            {"format", nbimage::to_string(f.format)},
            {"element_type", nbimage::to_string(f.image.element_type())},
            {"description", f.description},
            {"shape", {{"slow", f.image.shape().slow}, {"fast", f.image.shape().fast}}}};
}

// The pixels to report: given ones first, then each picker's, without repeats.
std::vector<std::pair<Pixel, std::string>>
chosen_pixels(const CompareRequest& req, const nbimage::Image& a, const nbimage::Image& b,
              const nbtrace::Region& region, const nbimage::ImageMetrics& m) {
    std::vector<std::pair<Pixel, std::string>> out;
    auto add = [&](Pixel p, const std::string& source) {
        for (const auto& [q, s] : out)
            if (q == p)
                return;
        out.emplace_back(p, source);
    };
    for (Pixel p : req.pixels)
        add(p, "given");
    for (const nbimage::PickerSpec& spec : req.picks) {
        const std::string source = spec.to_string();
        switch (spec.kind) {
        case nbimage::PickerSpec::Kind::brightest:
            for (const nbimage::PixelValue& p :
                 nbimage::pick_brightest(a, region, spec.count, req.metrics.signal_floor_fraction))
                add(p.pixel, source);
            break;
        case nbimage::PickerSpec::Kind::worst:
            for (const nbimage::RelativeDifference& d :
                 nbimage::pick_worst(a, b, region, spec.count, m.relative.floor))
                add(d.pixel, source);
            break;
        case nbimage::PickerSpec::Kind::thread_first:
            for (Pixel p : nbimage::pick_thread_first(a.shape(), region, req.threads))
                add(p, source + " (" + std::to_string(req.threads) + " threads)");
            break;
        }
    }
    return out;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

} // namespace

int run_compare_images_command(int argc, char** argv) {
    CompareRequest req;
    if (const std::optional<int> code = parse_command_line(argc, argv, req))
        return *code;

    nbimage::ImageFile fa, fb;
    const auto t_read = std::chrono::steady_clock::now();
    try {
        fa = nbimage::read_image(req.a, req.shape);
        fb = nbimage::read_image(req.b, req.shape);
    } catch (const nbimage::ImageError& e) {
        const bool usage = e.kind() == nbimage::ImageError::Kind::shape_required;
        std::cerr << kName << (usage ? ": usage error: " : ": error: ") << e.what()
                  << (usage ? " (--shape SLOWxFAST)" : "") << "\n";
        return usage ? kExitUsage : kExitInput;
    }
    const double read_s = seconds_since(t_read);
    const nbimage::Image& a = fa.image;
    const nbimage::Image& b = fb.image;
    if (a.shape() != b.shape()) {
        std::cerr << kName << ": error: " << req.b << ": " << b.shape().to_string() << ", but "
                  << req.a << " is " << a.shape().to_string()
                  << " (images of different shapes are not compared)\n";
        return kExitInput;
    }
    nbtrace::Region region = nbimage::full_region(a.shape());
    if (req.roi)
        region = nbtrace::Region::from_roi_flag((*req.roi)[0], (*req.roi)[1], (*req.roi)[2],
                                                (*req.roi)[3]);
    if (!nbimage::region_within(region, a.shape())) {
        std::cerr << kName << ": usage error: --roi " << region.to_string() << " is not inside "
                  << a.shape().to_string() << "\n";
        return kExitUsage;
    }
    for (Pixel p : req.pixels)
        if (!region.contains(p)) {
            std::cerr << kName << ": usage error: --pixel " << p.to_string()
                      << " is not in the compared region " << region.to_string() << "\n";
            return kExitUsage;
        }

    auto t_metrics = std::chrono::steady_clock::now();
    const nbimage::ImageMetrics m = nbimage::compute_metrics(a, b, region, req.metrics);
    double metrics_s = seconds_since(t_metrics);
    std::vector<double> bench;
    for (int i = 0; i < req.bench_runs; ++i) {
        t_metrics = std::chrono::steady_clock::now();
        (void)nbimage::compute_metrics(a, b, region, req.metrics);
        bench.push_back(seconds_since(t_metrics));
    }

    const std::vector<nbimage::ThresholdCheck> checks =
        nbimage::check_thresholds(m, req.thresholds);
    std::vector<std::string> failures;
    for (const nbimage::ThresholdCheck& c : checks)
        if (!c.passed)
            failures.push_back(c.threshold.to_string() + ": " +
                               (c.value ? nbimage::format_number(*c.value) : "not available"));
    if (m.nonfinite_pixels)
        failures.push_back(std::to_string(m.nonfinite_pixels) + " non-finite pixel(s), first at " +
                           m.first_nonfinite->to_string());
    const int exit_code = failures.empty() ? kExitOk : kExitParity;

    const nbimage::PixelReporter reporter(a, b, region, req.metrics.signal_floor_fraction);
    std::vector<nbimage::PixelReport> reports;
    for (const auto& [p, source] : chosen_pixels(req, a, b, region, m))
        reports.push_back(reporter.report(p, source));

    // outputs are staged and renamed into place together: all of them or none
    nbsim::StagedOutputs outputs;
    json::array picture_names;
    try {
        if (!req.png_dir.empty()) {
            std::filesystem::create_directories(req.png_dir);
            nbimage::PictureOptions po;
            po.name_a = req.a;
            po.name_b = req.b;
            po.signal_floor_fraction = req.metrics.signal_floor_fraction;
            po.signal_floor = req.metrics.signal_floor;
            for (std::size_t i = 0; i < reports.size(); ++i)
                po.marks.push_back({reports[i].pixel, std::to_string(i + 1)});
            if (po.marks.empty() && m.max_abs_delta)
                po.marks.push_back({m.max_abs_delta->pixel, "max|B-A|"});
            for (const nbimage::Picture& pic : nbimage::comparison_pictures(a, b, region, po)) {
                outputs.add((std::filesystem::path(req.png_dir) / pic.file_name).string(), pic.png);
                picture_names.push_back(json::string(pic.file_name));
            }
        }
        if (!req.json_path.empty()) {
            json::array thresholds, pixels, failure_list;
            for (const nbimage::ThresholdCheck& c : checks)
                thresholds.push_back(nbimage::threshold_check_json(c));
            for (const nbimage::PixelReport& r : reports)
                pixels.push_back(nbimage::pixel_report_json(r));
            for (const std::string& f : failures)
                failure_list.push_back(json::string(f));
            const json::object doc{{"schema", "trace_harness-compare-images"},
                                   {"schema_version", 1},
                                   {"verdict", exit_code == kExitOk ? "pass" : "fail"},
                                   {"exit_code", exit_code},
                                   {"failures", failure_list},
                                   {"a", input_json(fa)},
                                   {"b", input_json(fb)},
                                   {"metrics", nbimage::metrics_to_json(m)},
                                   {"thresholds", thresholds},
                                   {"pixels", pixels},
                                   {"pictures", picture_names}};
            outputs.add(req.json_path, nbreport::pretty_json(doc));
        }
        outputs.commit();
    } catch (const nbsim::InputError& e) {
        std::cerr << kName << ": error: " << e.what() << "\n";
        return kExitInput;
    } catch (const std::filesystem::filesystem_error& e) {
        std::cerr << kName << ": error: " << req.png_dir << ": cannot create ("
                  << e.code().message() << ")\n";
        return kExitInput;
    }

    std::ostream& out = std::cout;
    if (exit_code == kExitOk)
        out << (checks.empty() ? "PASS: no thresholds given (metrics only)"
                               : "PASS: " + std::to_string(checks.size()) + " threshold(s) met")
            << "\n";
    else
        out << "FAIL: " << failures.front()
            << (failures.size() > 1 ? " (and " + std::to_string(failures.size() - 1) + " more)"
                                    : "")
            << "\n";
    out << "A: " << fa.path << " (" << fa.description << ")\n";
    out << "B: " << fb.path << " (" << fb.description << ")\n";
    for (const std::string& line : nbimage::metrics_lines(m))
        out << line << "\n";
    for (const nbimage::ThresholdCheck& c : checks)
        out << "threshold " << c.threshold.to_string() << ": "
            << (c.value ? nbimage::format_number(*c.value) : "not available") << " "
            << (c.passed ? "ok" : "FAILED") << "\n";
    for (std::size_t i = 0; i < reports.size(); ++i)
        out << "pixel " << i + 1 << " " << nbimage::describe(reports[i]) << "\n";
    if (!picture_names.empty())
        out << "pictures: " << picture_names.size() << " PNG files in " << req.png_dir << "\n";
    if (req.bench_runs) {
        out << "bench: read both images " << nbimage::format_number(read_s)
            << " s; metrics (first run " << nbimage::format_number(metrics_s) << " s), runs:";
        for (double s : bench)
            out << " " << nbimage::format_number(s);
        out << " s\n";
    }
    return exit_code;
}

} // namespace harness
