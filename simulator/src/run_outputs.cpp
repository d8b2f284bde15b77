#include "nbsim/run_outputs.h"

#include "huge_pages.h"
#include "image_conversion.h"
#include "nbsim/image_io.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>

namespace nbsim {

namespace {

constexpr double kRTD = 180.0 * M_1_PI;

SmvHeaderValues header_of(const Experiment& ex) {
    const Detector& d = ex.detector;
    const double px = d.pixel_size_m;
    SmvHeaderValues h;
    h.fast_pixels = d.fast_pixels;
    h.slow_pixels = d.slow_pixels;
    h.pixel_size_mm = px * 1000.0;
    h.distance_mm = d.distance_m * 1000.0;
    h.wavelength_A = ex.beam.wavelength_m * 1e10;
    h.beam_center_x_mm = d.Xbeam_m * 1000.0;
    h.beam_center_y_mm = d.Ybeam_m * 1000;
    h.adxv_center_x_mm = d.Fbeam_m * 1000.0;
    h.adxv_center_y_mm = (d.detsize_s_m - d.Sbeam_m) * 1000;
    h.mosflm_center_x_mm = (d.Sbeam_m - 0.5 * px) * 1000.0;
    h.mosflm_center_y_mm = (d.Fbeam_m - 0.5 * px) * 1000;
    h.denzo_x_beam_mm = (d.Sbeam_m - 0.0 * px) * 1000.0;
    h.denzo_y_beam_mm = (d.Fbeam_m - 0.0 * px) * 1000;
    h.dials_origin_mm[0] = d.dials_origin_mm.x();
    h.dials_origin_mm[1] = d.dials_origin_mm.y();
    h.dials_origin_mm[2] = d.dials_origin_mm.z();
    h.xds_orgx = d.orgx_px;
    h.xds_orgy = d.orgy_px;
    h.close_distance_mm = d.close_distance_m * 1000.0;
    h.phi_deg = ex.scan.phi0_rad * kRTD;
    h.osc_start_deg = ex.scan.phi0_rad * kRTD;
    h.osc_range_deg = ex.scan.osc_rad * kRTD;
    h.twotheta_deg = d.twotheta_rad * kRTD;
    return h;
}

// An output image of the detector's size: each ROI pixel of the float image converted by
// `convert_run(in, out, count)`, 0 elsewhere. Rows are converted in parallel (each pixel on its
// own: the result does not depend on the thread count); the buffer is not zeroed first, every
// pixel is written once.
template <typename T, typename ConvertRun>
std::unique_ptr<T[]> roi_image(const Detector& det, int threads, const ConvertRun& convert_run,
                               const std::vector<float>& img) {
    (void)threads; // used by the OpenMP loop only
    const PixelRegion& roi = det.roi;
    const std::size_t F = static_cast<std::size_t>(det.fast_pixels);
    const std::size_t n = F * static_cast<std::size_t>(det.slow_pixels);
    std::unique_ptr<T[]> out(new T[n]);
    advise_huge_pages(out.get(), n * sizeof(T));
#pragma omp parallel for schedule(static) num_threads(threads)
    for (int s = 0; s < det.slow_pixels; ++s) {
        T* row = out.get() + static_cast<std::size_t>(s) * F;
        const float* in = img.data() + static_cast<std::size_t>(s) * F;
        if (s < roi.slow_min || s > roi.slow_max) {
            std::fill(row, row + F, T(0));
            continue;
        }
        const int lo = std::max(roi.fast_min, 0), hi = std::min(roi.fast_max, det.fast_pixels - 1);
        std::fill(row, row + lo, T(0));
        if (hi >= lo)
            convert_run(in + lo, row + lo, hi - lo + 1);
        std::fill(row + hi + 1, row + F, T(0));
    }
    return out;
}

std::string fmt(const char* f, double a) {
    char buf[256];
    std::snprintf(buf, sizeof buf, f, a);
    return buf;
}

} // namespace

void write_run_outputs(const NanoBraggArgs& args, const Experiment& ex,
                       const SimulationResult& result, NrRandom& rng, std::ostream& log) {
    const Detector& det = ex.detector;
    const PixelRegion& roi = det.roi;
    const int F = det.fast_pixels;
    const std::vector<float>& img = result.image;
    const ImageStatistics& st = result.stats;
    const SmvHeaderValues header = header_of(ex);
    const std::size_t npix = img.size();
    auto index = [F](int s, int f) {
        return static_cast<std::size_t>(s) * static_cast<std::size_t>(F) +
               static_cast<std::size_t>(f);
    };

    char line[512];
    std::snprintf(
        line, sizeof line, "solid angle subtended by detector = %g steradian ( %g%% sphere)\n",
        st.omega_sum / ex.sampling.steps, 100 * st.omega_sum / ex.sampling.steps / 4 / M_PI);
    log << line;

    StagedOutputs out;
    // earlier outputs of these names go while the new ones are converted and written
    std::vector<std::string> destinations = {args.floatfile, args.intfile};
    if (args.write_pgm)
        destinations.push_back(args.pgmfile);
    if (args.write_noise)
        destinations.push_back(args.noisefile);
    out.remove_earlier_files(std::move(destinations));
    std::snprintf(line, sizeof line, "writing %s as %d %lu-byte floats\n", args.floatfile.c_str(),
                  static_cast<int>(npix), static_cast<unsigned long>(sizeof(float)));
    log << line;
    out.add(args.floatfile, std::string(), img.data(), img.size() * sizeof(float));

    std::snprintf(line, sizeof line, "max_I = %g  at %g %g\n", st.max_I, st.max_Fdet_m,
                  st.max_Sdet_m);
    log << line;
    std::snprintf(line, sizeof line, "mean= %g rms= %g rmsd= %g\n", st.mean, st.rms, st.rmsd);
    log << line;

    double intfile_scale = args.intfile_scale;
    if (intfile_scale <= 0.0) {
        intfile_scale = 1.0;
        if (st.max_I > 0.0)
            intfile_scale = 55000.0 / st.max_I;
    }
    log << fmt("intfile_scale = %g\n", intfile_scale);
    // written, then freed before the next file; pixels outside the ROI stay 0
    std::unique_ptr<std::uint16_t[]> intimage = roi_image<std::uint16_t>(
        det, result.threads,
        [scale = intfile_scale, adc = args.adc_offset](const float* in, std::uint16_t* out,
                                                       int count) {
            to_smv_counts(in, out, count, scale, adc);
        },
        img);
    log << "writing " << args.intfile << " as 2-byte integers\n";
    out.add(args.intfile, format_smv_header(header), intimage.get(), npix * sizeof(std::uint16_t));
    intimage.reset();

    if (args.write_pgm) {
        double pgm_scale = args.pgm_scale;
        if (pgm_scale <= 0.0) {
            pgm_scale = intfile_scale;
            if (st.rmsd > 0.0)
                pgm_scale = 250.0 / (5.0 * st.rmsd);
        }
        log << fmt("pgm_scale = %g\n", pgm_scale);
        const std::unique_ptr<std::uint8_t[]> pgm = roi_image<std::uint8_t>(
            det, result.threads,
            [pgm_scale](const float* in, std::uint8_t* out, int count) {
                to_pgm_levels(in, out, count, pgm_scale);
            },
            img);
        log << "writing " << args.pgmfile << " as 1-byte integers\n";
        out.add(args.pgmfile, pgm_header(det.fast_pixels, det.slow_pixels, pgm_scale), pgm.get(),
                npix);
    }

    if (args.write_noise) {
        long seed = args.noise_seed;
        double sum = 0.0;
        int overloads = 0;
        std::vector<std::uint16_t> noise(npix, 0);
        for (int s = roi.slow_min; s <= roi.slow_max; ++s)
            for (int f = roi.fast_min; f <= roi.fast_max; ++f) {
                double test = rng.poidev(img[index(s, f)], seed);
                sum += test;
                test += args.adc_offset;
                if (test > 65535.0) {
                    test = 65535.0;
                    ++overloads;
                }
                if (test < 0.0)
                    test = 0.0;
                noise[index(s, f)] = static_cast<std::uint16_t>(test);
            }
        std::snprintf(line, sizeof line, "%.0f photons on noise image (%d overloads)\n", sum,
                      overloads);
        log << line;
        log << "writing " << args.noisefile << " as 2-byte integers\n";
        out.add(args.noisefile, format_smv_header(header), noise.data(),
                noise.size() * sizeof(std::uint16_t));
    }
    out.commit();
}

} // namespace nbsim
