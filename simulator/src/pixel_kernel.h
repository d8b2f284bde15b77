// The pixel kernel: one templated source for float64 and float32, with or without tracing.
//
// A span is a run of up to kLanes consecutive pixels of one detector row. The kernel walks the
// C program's loop nest (layer -> sub-pixel S -> sub-pixel F -> source -> phi -> mosaic) with
// the pixels of the span as SIMD lanes: geometry, solid angle, capture fraction and
// polarization are computed per lane in double precision once per (layer, sub-pixel, source),
// and the hot loop over the precomputed (phi x mosaic) orientation table does, per lane, only
//   h = a.q, k = b.q, l = c.q  ->  three lattice factors  ->  one structure-factor lookup
// in the kernel's precision Real. Lanes never interact, so a pixel's value does not depend on
// the span it was computed in (the traced, one-lane span gives bit-identical results).
//
// Cached factors follow the C program (nanobragg_model.md 6.9): omega is computed at the first
// sub-pixel of the pixel, the polarization at its first surviving (sub-pixel, source) pair, the
// capture fraction at the first sub-pixel of each layer (the last layer's is used), unless the
// matching -oversample_* flag asks for per-sub-pixel values that multiply the running sum after
// every term. A zero value is the "not yet computed" marker, exactly as in C.
#pragma once

#include "kernel_tracer.h"
#include "lattice_factor.h"
#include "nbsim/experiment.h"
#include "nbsim/orientation_table.h"

#include <cmath>
#include <cstdint>
#include <vector>

namespace nbsim::kernel {

constexpr int kLanes = 64;

// The kernel's functions are force-inlined into each compiled entry point (kernel_dispatch.cpp),
// so that every target_clones version (AVX-512, AVX2, baseline) compiles the whole loop nest for
// its own instruction set instead of calling one baseline copy.
#define NBSIM_KERNEL_INLINE inline __attribute__((always_inline))

// One orientation table in the kernel's precision, structure of arrays over the entries
// (entry = phi_step * domains + mosaic_domain).
template <typename Real>
struct OrientationSoA {
    const OrientationTable* source = nullptr; // the double table it was made from
    int entries = 0;
    std::vector<Real> ax, ay, az, bx, by, bz, cx, cy, cz;

    void assign(const OrientationTable& t) {
        source = &t;
        entries = t.entries();
        for (auto* v : {&ax, &ay, &az, &bx, &by, &bz, &cx, &cy, &cz})
            v->resize(static_cast<std::size_t>(entries));
        for (int e = 0; e < entries; ++e) {
            const std::size_t i = static_cast<std::size_t>(e);
            ax[i] = static_cast<Real>(t.a[i].x());
            ay[i] = static_cast<Real>(t.a[i].y());
            az[i] = static_cast<Real>(t.a[i].z());
            bx[i] = static_cast<Real>(t.b[i].x());
            by[i] = static_cast<Real>(t.b[i].y());
            bz[i] = static_cast<Real>(t.b[i].z());
            cx[i] = static_cast<Real>(t.c[i].x());
            cy[i] = static_cast<Real>(t.c[i].y());
            cz[i] = static_cast<Real>(t.c[i].z());
        }
    }
};

// Everything the kernel reads, prepared once per run.
template <typename Real>
struct KernelData {
    const Experiment* ex = nullptr;
    OrientationSoA<Real> steady;
    OrientationSoA<Real> first; // valid when has_first
    bool has_first = false;

    // Nearest-neighbour structure factors in Real: the padded nanoBragg grid followed by one
    // slot holding default_F (index default_slot), the value of every lookup outside the grid.
    std::vector<Real> F;
    int default_slot = 0;
    bool grid = false;
    int h_min = 0, k_min = 0, l_min = 0;
    int h_last = -1, k_last = -1, l_last = -1; // h_max - h_min etc.
    int k_stride = 0, l_stride = 0;
    Real default_F = 0;

    // Per-source constants of the Kahn factor: B_in = unit(p x i), E_in = unit(i x B_in).
    std::vector<Vec3> B_in, E_in;

    Real Na = 1, Nb = 1, Nc = 1;
    Real Na_m1_odd = 0, Nb_m1_odd = 0, Nc_m1_odd = 0;
    double fault_fast_shift_m = 0; // --inject-fault geometry: added to every sub-pixel's Fdet
    double fault_polar_factor = 1; // --inject-fault scale: multiplies the polarization
    bool skip_zero_lattice = true; // F_latt == 0 and no water: the term is skipped
    bool fast_path = true;         // square shape, nearest F, no per-term factors
};

template <typename Real>
KernelData<Real> make_kernel_data(const Experiment& ex, const OrientationTables& tables,
                                  Fault fault) {
    KernelData<Real> kd;
    kd.ex = &ex;
    kd.steady.assign(tables.steady);
    if (tables.first_pass) {
        kd.first.assign(*tables.first_pass);
        kd.has_first = true;
    }
    const StructureFactors& sf = ex.structure_factors;
    // a hashed table is looked up by accumulate_general (StructureFactors::nearest)
    kd.grid = sf.has_grid() && sf.dense();
    kd.default_F = static_cast<Real>(sf.default_F);
    if (kd.grid) {
        kd.F.assign(sf.values.begin(), sf.values.end());
        kd.h_min = sf.h_min;
        kd.k_min = sf.k_min;
        kd.l_min = sf.l_min;
        kd.h_last = sf.h_max - sf.h_min;
        kd.k_last = sf.k_max - sf.k_min;
        kd.l_last = sf.l_max - sf.l_min;
        kd.l_stride = sf.l_range() + 1;
        kd.k_stride = (sf.k_range() + 1) * kd.l_stride;
    }
    kd.default_slot = static_cast<int>(kd.F.size());
    kd.F.push_back(static_cast<Real>(sf.default_F));
    for (const Source& src : ex.beam.sources) {
        const Vec3 inc = -src.direction;
        kd.B_in.push_back(unit_or_zero(ex.beam.polarization_axis.cross(inc)));
        kd.E_in.push_back(unit_or_zero(inc.cross(kd.B_in.back())));
    }
    const Crystal& x = ex.crystal;
    kd.Na = static_cast<Real>(x.Na);
    kd.Nb = static_cast<Real>(x.Nb);
    kd.Nc = static_cast<Real>(x.Nc);
    auto odd = [](double n) { return static_cast<Real>(static_cast<long>(n - 1) % 2 != 0); };
    kd.Na_m1_odd = odd(x.Na);
    kd.Nb_m1_odd = odd(x.Nb);
    kd.Nc_m1_odd = odd(x.Nc);
    if (fault == Fault::lattice) {
        kd.Nb = static_cast<Real>(x.Nb + 1);
        kd.Nb_m1_odd = odd(x.Nb + 1);
    }
    if (fault == Fault::geometry)
        kd.fault_fast_shift_m = 1e-3 * ex.detector.pixel_size_m;
    if (fault == Fault::scale)
        kd.fault_polar_factor = 1 + 1e-3;
    kd.skip_zero_lattice = ex.sampling.water_size_m == 0.0;
    const Sampling& s = ex.sampling;
    kd.fast_path = x.shape == CrystalShape::square && !s.interpolate && !s.oversample_thick &&
                   !s.oversample_polar && !s.oversample_omega && sf.dense();
    return kd;
}

// A run of pixels of one row to compute.
struct Span {
    int slow = 0;
    int fast_begin = 0;
    int count = 0;
    // The span is the single pixel holding its OpenMP thread's first pass (c-parity): its first
    // surviving pass uses the first-pass orientation table.
    bool first_pass = false;
    // Tricubic interpolation stays on for evaluations whose ordinal (within the pixel) is below
    // this value, per lane; nullptr = always on (when interpolation is enabled at all).
    const std::int64_t* interpolation_cutoff = nullptr;
};

// Per-lane scratch of a span.
struct SpanState {
    double I[kLanes];                          // accumulator (starts at I_bg)
    double polar[kLanes];                      // cached polarization (0 = not yet computed)
    double omega[kLanes];                      // cached solid angle (0 = not yet computed)
    double capture[kLanes];                    // cached capture fraction of the current layer
    double dx[kLanes], dy[kLanes], dz[kLanes]; // diffracted unit vector of the sub-pixel
    double cos2t[kLanes];         // incident . diffracted of the last (sub-pixel, source)
    std::int64_t ordinal[kLanes]; // evaluations done so far (interpolation cut-off)
    double live[kLanes];          // 1 where the current source survives the dmin cut, else 0
};

// Kahn polarization factor 0.5 (1 + cos^2 2theta - K cos(2 psi) sin^2 2theta), with
// cos(2 psi) = (x^2 - y^2) / (x^2 + y^2) for psi = -atan2(y, x), x = d.E_in, y = d.B_in
// (the same angle as nanoBragg's atan2 form, without the transcendental calls).
NBSIM_KERNEL_INLINE double kahn_polarization(double kahn, double ix, double iy, double iz,
                                             double dx, double dy, double dz, double bx, double by,
                                             double bz, double ex, double ey, double ez) {
    const double cos2theta = ix * dx + iy * dy + iz * dz;
    const double cos2theta_sqr = cos2theta * cos2theta;
    const double sin2theta_sqr = 1 - cos2theta_sqr;
    const double e = dx * ex + dy * ey + dz * ez;
    const double b = dx * bx + dy * by + dz * bz;
    const double r2 = e * e + b * b;
    // Both sides are computed (the denominator made safe) so that the lane loop vectorises.
    // K = 0: psi is never computed in C; here K cos(2 psi) sin^2(2 theta) is then +-0 (|cos 2psi|
    // <= 1), and 1 + cos^2 2theta - (+-0) is exact: the same value.
    const double ratio = (e * e - b * b) / (r2 > 0.0 ? r2 : 1.0);
    const double cos_2psi = r2 > 0.0 ? ratio : 1.0;
    return 0.5 * (1.0 + cos2theta_sqr - kahn * cos_2psi * sin2theta_sqr);
}

// The hot loop of the common case (square crystal, nearest-neighbour F, no per-term factors):
// adds sum over the table of F_cell^2 F_latt^2 to I for the live lanes.
template <typename Real, typename Tracer>
NBSIM_KERNEL_INLINE void
accumulate_fast(const KernelData<Real>& kd, const OrientationSoA<Real>& tab, int n,
                const Real* __restrict qx, const Real* __restrict qy, const Real* __restrict qz,
                SpanState& st, Tracer& tr, int layer, int sub_s, int sub_f, int source) {
    alignas(64) Real acc[kLanes];
    alignas(64) Real live[kLanes]; // 1 for lanes whose source survived the dmin cut, else 0
    alignas(64) Real Lv[kLanes];   // F_latt of each lane at the current entry
    alignas(64) int idxv[kLanes];  // its structure-factor slot
    alignas(64) Real Fv[kLanes];   // F_cell
    for (int i = 0; i < n; ++i) {
        acc[i] = Real(0);
        live[i] = static_cast<Real>(st.live[i]);
    }
    const Real* __restrict F = kd.F.data();
    const Real Na = kd.Na, Nb = kd.Nb, Nc = kd.Nc;
    const Real Na1 = kd.Na_m1_odd, Nb1 = kd.Nb_m1_odd, Nc1 = kd.Nc_m1_odd;
    const bool grid = kd.grid;
    const int hmin = kd.h_min, kmin = kd.k_min, lmin = kd.l_min;
    const unsigned hlast = static_cast<unsigned>(kd.h_last);
    const unsigned klast = static_cast<unsigned>(kd.k_last);
    const unsigned llast = static_cast<unsigned>(kd.l_last);
    const int ks = kd.k_stride, ls = kd.l_stride;
    const int default_slot = kd.default_slot;
    const bool skip_zero = kd.skip_zero_lattice;
    const int domains = tab.source->domains;
    for (int e = 0; e < tab.entries; ++e) {
        const Real ax = tab.ax[e], ay = tab.ay[e], az = tab.az[e];
        const Real bx = tab.bx[e], by = tab.by[e], bz = tab.bz[e];
        const Real cx = tab.cx[e], cy = tab.cy[e], cz = tab.cz[e];
#pragma omp simd
        for (int i = 0; i < n; ++i) {
            const Real h = ax * qx[i] + ay * qy[i] + az * qz[i];
            const Real k = bx * qx[i] + by * qy[i] + bz * qz[i];
            const Real l = cx * qx[i] + cy * qy[i] + cz * qz[i];
            // Traced lanes record the signed factors; otherwise only L^2 is used and the sign
            // (an exact factor +-1) is left out.
            Real Fa, Fb, Fc;
            if constexpr (Tracer::enabled) {
                Fa = lattice_factor_1d(h, Na, Na1);
                Fb = lattice_factor_1d(k, Nb, Nb1);
                Fc = lattice_factor_1d(l, Nc, Nc1);
            } else {
                Fa = lattice_factor_up_to_sign_1d(h, Na);
                Fb = lattice_factor_up_to_sign_1d(k, Nb);
                Fc = lattice_factor_up_to_sign_1d(l, Nc);
            }
            const Real L = Fa * Fb * Fc;
            // Nearest reflection: ceil(x - 1/2), exact halves going toward -infinity (C).
            const Real h0 = std::ceil(h - Real(0.5));
            const Real k0 = std::ceil(k - Real(0.5));
            const Real l0 = std::ceil(l - Real(0.5));
            const int hi = static_cast<int>(h0) - hmin;
            const int ki = static_cast<int>(k0) - kmin;
            const int li = static_cast<int>(l0) - lmin;
            // Branch-free so that the loop vectorises: & instead of &&, and one unconditional
            // lookup; outside the grid the index points at the default_F slot after it.
            const bool inside = grid & (static_cast<unsigned>(hi) <= hlast) &
                                (static_cast<unsigned>(ki) <= klast) &
                                (static_cast<unsigned>(li) <= llast);
            idxv[i] = inside ? hi * ks + ki * ls + li : default_slot;
            Lv[i] = L;
            if constexpr (Tracer::enabled) {
                EvaluationValues& v = tr.lanes[i];
                v.h = h;
                v.k = k;
                v.l = l;
                v.h0 = static_cast<int>(h0);
                v.k0 = static_cast<int>(k0);
                v.l0 = static_cast<int>(l0);
                v.F_latt_a = Fa;
                v.F_latt_b = Fb;
                v.F_latt_c = Fc;
                v.F_latt = L;
                v.skipped = skip_zero & (L == Real(0));
            }
        }
        // The structure-factor lookup as a scalar loop of its own: plain loads on the load
        // ports beat the compiler's emulated vector gather (extract, sign-extend and insert per
        // lane on the shuffle port, which the lattice factors need). The empty asm keeps the
        // loop scalar. Hardware gathers are slow on some CPUs and are not used.
        for (int i = 0; i < n; ++i) {
            int j = idxv[i];
            asm("" : "+r"(j));
            Fv[i] = F[j];
        }
#pragma omp simd
        for (int i = 0; i < n; ++i) {
            const Real L = Lv[i];
            const Real Fcell = Fv[i];
            const Real term_all = Fcell * Fcell * L * L;
            const Real term = (skip_zero & (L == Real(0))) ? Real(0) : term_all;
            acc[i] += live[i] != Real(0) ? term : Real(0);
            if constexpr (Tracer::enabled) {
                tr.lanes[i].F_cell = Fcell;
                tr.lanes[i].contribution = term;
            }
        }
        if constexpr (Tracer::enabled) {
            if (st.live[0] != 0.0) {
                const int phi = e / domains, m = e % domains;
                const std::size_t ue = static_cast<std::size_t>(e);
                const Vec3 a(tab.ax[ue], tab.ay[ue], tab.az[ue]);
                const Vec3 b(tab.bx[ue], tab.by[ue], tab.bz[ue]);
                const Vec3 c(tab.cx[ue], tab.cy[ue], tab.cz[ue]);
                if (m == 0)
                    tr.phi_step(layer, sub_s, sub_f, source, phi, 0.0,
                                tab.source->ap[static_cast<std::size_t>(phi)],
                                tab.source->bp[static_cast<std::size_t>(phi)],
                                tab.source->cp[static_cast<std::size_t>(phi)]);
                tr.evaluation(layer, sub_s, sub_f, source, phi, m, a, b, c, tr.lanes[0]);
            }
        }
    }
    for (int i = 0; i < n; ++i)
        st.I[i] += static_cast<double>(acc[i]);
}

// Every other case: round, Gaussian or top-hat spots, tricubic interpolation, or
// -oversample_thick/_polar/_omega (which multiply the running sum after every term). Lane by
// lane in the C program's exact order.
template <typename Real, typename Tracer>
NBSIM_KERNEL_INLINE void
accumulate_general(const KernelData<Real>& kd, const OrientationSoA<Real>& tab, int n,
                   const Real* qx, const Real* qy, const Real* qz, SpanState& st, const Span& span,
                   Tracer& tr, int layer, int sub_s, int sub_f, int source) {
    const Experiment& ex = *kd.ex;
    const Crystal& x = ex.crystal;
    const Sampling& smp = ex.sampling;
    const StructureFactors& sf = ex.structure_factors;
    const int domains = tab.source->domains;
    const double NaNbNc = x.Na * x.Nb * x.Nc;
    for (int i = 0; i < n; ++i) {
        if (st.live[i] == 0.0)
            continue;
        for (int e = 0; e < tab.entries; ++e) {
            const std::size_t ue = static_cast<std::size_t>(e);
            const Real h = tab.ax[ue] * qx[i] + tab.ay[ue] * qy[i] + tab.az[ue] * qz[i];
            const Real k = tab.bx[ue] * qx[i] + tab.by[ue] * qy[i] + tab.bz[ue] * qz[i];
            const Real l = tab.cx[ue] * qx[i] + tab.cy[ue] * qy[i] + tab.cz[ue] * qz[i];
            const int h0 = static_cast<int>(std::ceil(static_cast<double>(h) - 0.5));
            const int k0 = static_cast<int>(std::ceil(static_cast<double>(k) - 0.5));
            const int l0 = static_cast<int>(std::ceil(static_cast<double>(l) - 0.5));
            double Fa = 1, Fb = 1, Fc = 1, L = 1;
            const double dh = static_cast<double>(h) - h0;
            const double dk = static_cast<double>(k) - k0;
            const double dl = static_cast<double>(l) - l0;
            switch (x.shape) {
            case CrystalShape::square:
                Fa = lattice_factor_1d(h, kd.Na, kd.Na_m1_odd);
                Fb = lattice_factor_1d(k, kd.Nb, kd.Nb_m1_odd);
                Fc = lattice_factor_1d(l, kd.Nc, kd.Nc_m1_odd);
                L = Fa * Fb * Fc;
                break;
            case CrystalShape::round: {
                const double hrad_sqr =
                    dh * dh * x.Na * x.Na + dk * dk * x.Nb * x.Nb + dl * dl * x.Nc * x.Nc;
                L = NaNbNc * 0.723601254558268 * sinc3(M_PI * std::sqrt(hrad_sqr * x.fudge));
                break;
            }
            case CrystalShape::gauss:
            case CrystalShape::tophat: {
                // Distance to the nearest node in the (unrotated) reciprocal frame, 1/A.
                const Vec3 d = dh * x.reciprocal_a_per_A + dk * x.reciprocal_b_per_A +
                               dl * x.reciprocal_c_per_A;
                const double rad_star_sqr = (d.x() * d.x() + d.y() * d.y() + d.z() * d.z()) * x.Na *
                                            x.Na * x.Nb * x.Nb * x.Nc * x.Nc;
                if (x.shape == CrystalShape::gauss)
                    L = NaNbNc * std::exp(-(rad_star_sqr / 0.63 * x.fudge));
                else
                    L = NaNbNc * (rad_star_sqr * x.fudge < 0.3969 ? 1.0 : 0.0);
                break;
            }
            }
            const std::int64_t ordinal = st.ordinal[i]++;
            double term = 0;
            double Fcell = 0;
            const bool skipped = L == 0.0 && kd.skip_zero_lattice;
            if (!skipped) {
                bool interpolated = false;
                if (smp.interpolate &&
                    (span.interpolation_cutoff == nullptr ||
                     ordinal < span.interpolation_cutoff[i]) &&
                    interpolation_in_range(sf, h, k, l)) {
                    Fcell = interpolate_tricubic(sf, h, k, l);
                    interpolated = true;
                }
                // Out of range: the C program falls through to the nearest neighbour in the
                // same evaluation (nanobragg_model.md 6.7).
                if (!interpolated)
                    Fcell = sf.nearest(h0, k0, l0);
                term = Fcell * Fcell * L * L;
                st.I[i] += term;
                if (smp.oversample_thick)
                    st.I[i] *= st.capture[i];
                if (smp.oversample_polar)
                    st.I[i] *= st.polar[i];
                if (smp.oversample_omega)
                    st.I[i] *= st.omega[i];
            }
            if constexpr (Tracer::enabled) {
                EvaluationValues v;
                v.h = h;
                v.k = k;
                v.l = l;
                v.h0 = h0;
                v.k0 = k0;
                v.l0 = l0;
                v.F_latt_a = Fa;
                v.F_latt_b = Fb;
                v.F_latt_c = Fc;
                v.F_latt = L;
                v.F_cell = Fcell;
                v.contribution = term;
                v.skipped = skipped;
                const int phi = e / domains, m = e % domains;
                if (m == 0)
                    tr.phi_step(layer, sub_s, sub_f, source, phi, 0.0,
                                tab.source->ap[static_cast<std::size_t>(phi)],
                                tab.source->bp[static_cast<std::size_t>(phi)],
                                tab.source->cp[static_cast<std::size_t>(phi)]);
                tr.evaluation(layer, sub_s, sub_f, source, phi, m,
                              Vec3(tab.ax[ue], tab.ay[ue], tab.az[ue]),
                              Vec3(tab.bx[ue], tab.by[ue], tab.bz[ue]),
                              Vec3(tab.cx[ue], tab.cy[ue], tab.cz[ue]), v);
            }
        }
    }
}

// Computes the pixels of `span`: out[i] receives the value added to pixel (slow, fast_begin+i)
// and omega_sum[i] the sum of the solid angles in use over its sub-pixels and layers (the C
// program's statistics).
template <typename Real, typename Tracer>
NBSIM_KERNEL_INLINE void compute_span(const KernelData<Real>& kd, const Span& span, Tracer& tr,
                                      double* out, double* omega_sum) {
    const Experiment& ex = *kd.ex;
    const Detector& det = ex.detector;
    const Sampling& smp = ex.sampling;
    const Beam& beam = ex.beam;
    const int n = span.count;
    const int os = smp.oversample;
    const double sub = smp.subpixel_size_m;
    const double px2 = det.pixel_size_m * det.pixel_size_m;
    const double close = det.close_distance_m;
    const Vec3& f = det.fast_axis;
    const Vec3& s = det.slow_axis;
    const Vec3& o = det.normal_axis;
    const Vec3& p0 = det.origin_m;
    const bool thick = det.layers.thickness_m != 0.0;

    SpanState st;
    alignas(64) Real qx[kLanes], qy[kLanes], qz[kLanes];
    for (int i = 0; i < n; ++i) {
        st.I[i] = smp.I_bg;
        st.polar[i] = beam.nopolar ? 1.0 : 0.0;
        st.omega[i] = 0.0;
        st.cos2t[i] = 0.0;
        st.ordinal[i] = 0;
        omega_sum[i] = 0.0;
    }
    bool first_pending = span.first_pass && kd.has_first;

    const std::vector<Vec3>& B_in = kd.B_in;
    const std::vector<Vec3>& E_in = kd.E_in;

    for (int t = 0; t < det.layers.count; ++t) {
        const double Odet = t * det.layers.step_m;
        for (int i = 0; i < n; ++i)
            st.capture[i] = thick ? 0.0 : 1.0;
        for (int ss = 0; ss < os; ++ss) {
            for (int sf = 0; sf < os; ++sf) {
                // Sub-pixel centre, diffracted direction, solid angle, capture fraction.
                const double Sdet = sub * (span.slow * os + ss) + sub / 2.0;
                alignas(64) double px[kLanes], py[kLanes], pz[kLanes], R[kLanes];
#pragma omp simd
                for (int i = 0; i < n; ++i) {
                    const double Fdet =
                        sub * ((span.fast_begin + i) * os + sf) + sub / 2.0 + kd.fault_fast_shift_m;
                    px[i] = Fdet * f.x() + Sdet * s.x() + Odet * o.x() + p0.x();
                    py[i] = Fdet * f.y() + Sdet * s.y() + Odet * o.y() + p0.y();
                    pz[i] = Fdet * f.z() + Sdet * s.z() + Odet * o.z() + p0.z();
                }
                if (det.curved) {
                    // Every pixel at `distance`: rotate distance*beam about s by y/distance, then
                    // about f by z/distance (the C program's lab-frame y and z components).
                    for (int i = 0; i < n; ++i) {
                        const Vec3 v = det.distance_m * beam.beam_vector;
                        const Vec3 nv = rotate_about_axis(v, s, py[i] / det.distance_m);
                        const Vec3 pv = rotate_about_axis(nv, f, pz[i] / det.distance_m);
                        px[i] = pv.x();
                        py[i] = pv.y();
                        pz[i] = pv.z();
                    }
                }
                const bool point_pixel = det.point_pixel;
                const bool omega_each = smp.oversample_omega;
#pragma omp simd
                for (int i = 0; i < n; ++i) {
                    const double r = std::sqrt(px[i] * px[i] + py[i] * py[i] + pz[i] * pz[i]);
                    R[i] = r;
                    st.dx[i] = px[i] / r;
                    st.dy[i] = py[i] / r;
                    st.dz[i] = pz[i] / r;
                    const double om = point_pixel ? 1.0 / r / r : px2 / r / r * close / r;
                    st.omega[i] = (st.omega[i] == 0.0 || omega_each) ? om : st.omega[i];
                    omega_sum[i] += st.omega[i];
                }
                if (thick) {
                    const double step = det.layers.step_m, mu = det.layers.mu_per_m;
                    for (int i = 0; i < n; ++i) {
                        if (st.capture[i] == 0.0 || smp.oversample_thick) {
                            // Fraction absorbed in layer t; rho = d.o lengthens the path.
                            const double rho =
                                st.dx[i] * o.x() + st.dy[i] * o.y() + st.dz[i] * o.z();
                            st.capture[i] = std::exp(-t * step * mu / rho) -
                                            std::exp(-(t + 1) * step * mu / rho);
                        }
                    }
                } else if (smp.oversample_thick) {
                    // No sensor thickness but -oversample_thick: the C program recomputes the
                    // capture fraction with a zero step, exp(0) - exp(0) = 0.
                    for (int i = 0; i < n; ++i)
                        st.capture[i] = 0.0;
                }
                if constexpr (Tracer::enabled) {
                    for (int i = 0; i < n; ++i) {
                        tr.subpixel(t, ss, sf, Vec3(px[i], py[i], pz[i]), R[i],
                                    Vec3(st.dx[i], st.dy[i], st.dz[i]), st.omega[i], close);
                        if (ss == 0 && sf == 0)
                            tr.capture(t, st.capture[i]);
                    }
                }

                for (std::size_t j = 0; j < beam.sources.size(); ++j) {
                    const Source& src = beam.sources[j];
                    const double ix = -src.direction.x(), iy = -src.direction.y(),
                                 iz = -src.direction.z();
                    const double lambda = src.wavelength_m;
                    const Vec3 incident(ix, iy, iz);
                    const double dmin = smp.dmin_m;
                    const bool polar_each = smp.oversample_polar;
                    alignas(64) double sx[kLanes], sy[kLanes], sz[kLanes], stol[kLanes];
                    alignas(64) double need_polar[kLanes]; // 1 where the factor is (re)computed
#pragma omp simd
                    for (int i = 0; i < n; ++i) {
                        sx[i] = (st.dx[i] - ix) / lambda;
                        sy[i] = (st.dy[i] - iy) / lambda;
                        sz[i] = (st.dz[i] - iz) / lambda;
                        qx[i] = static_cast<Real>(sx[i]);
                        qy[i] = static_cast<Real>(sy[i]);
                        qz[i] = static_cast<Real>(sz[i]);
                        st.cos2t[i] = ix * st.dx[i] + iy * st.dy[i] + iz * st.dz[i];
                    }
                    // stol = |q|/2 only where it is used: the dmin cut and the trace.
                    const bool dmin_cut = dmin > 0.0;
                    if (dmin_cut || Tracer::enabled) {
#pragma omp simd
                        for (int i = 0; i < n; ++i) {
                            stol[i] =
                                0.5 * std::sqrt(sx[i] * sx[i] + sy[i] * sy[i] + sz[i] * sz[i]);
                            const bool cut = dmin_cut && stol[i] > 0.0 && dmin > 0.5 / stol[i];
                            st.live[i] = cut ? 0.0 : 1.0;
                        }
                    } else {
                        for (int i = 0; i < n; ++i)
                            st.live[i] = 1.0;
                    }
                    int live_count = 0, polar_needed = 0;
#pragma omp simd reduction(+ : live_count, polar_needed)
                    for (int i = 0; i < n; ++i) {
                        const bool live = st.live[i] != 0.0;
                        live_count += live ? 1 : 0;
                        const bool need = live && (st.polar[i] == 0.0 || polar_each);
                        need_polar[i] = need ? 1.0 : 0.0;
                        polar_needed += need ? 1 : 0;
                    }
                    if (polar_needed > 0) {
                        // Polarization at the first surviving (sub-pixel, source) of each pixel.
                        const double kahn = beam.kahn_factor;
                        const Vec3& Bv = B_in[j];
                        const Vec3& Ev = E_in[j];
                        const double bx = Bv.x(), by = Bv.y(), bz = Bv.z();
                        const double ex_ = Ev.x(), ey = Ev.y(), ez = Ev.z();
                        const double factor = kd.fault_polar_factor;
                        // every lane computed, then kept where needed: two loops, so that the
                        // compiler cannot turn the first into conditional (scalar) code
                        alignas(64) double polar[kLanes];
#pragma omp simd
                        for (int i = 0; i < n; ++i)
                            polar[i] = kahn_polarization(kahn, ix, iy, iz, st.dx[i], st.dy[i],
                                                         st.dz[i], bx, by, bz, ex_, ey, ez) *
                                       factor;
#pragma omp simd
                        for (int i = 0; i < n; ++i)
                            st.polar[i] = need_polar[i] != 0.0 ? polar[i] : st.polar[i];
                    }
                    if constexpr (Tracer::enabled) {
                        for (int i = 0; i < n; ++i)
                            tr.source(t, ss, sf, static_cast<int>(j), incident, lambda,
                                      Vec3(sx[i], sy[i], sz[i]), stol[i], st.polar[i], st.cos2t[i]);
                    }
                    const bool any_live = live_count > 0;
                    if (!any_live)
                        continue;
                    // The orientation table of this pass.
                    const OrientationSoA<Real>* tab = &kd.steady;
                    if (first_pending) {
                        tab = &kd.first;
                        first_pending = false;
                    }
                    if (kd.fast_path)
                        accumulate_fast(kd, *tab, n, qx, qy, qz, st, tr, t, ss, sf,
                                        static_cast<int>(j));
                    else
                        accumulate_general(kd, *tab, n, qx, qy, qz, st, span, tr, t, ss, sf,
                                           static_cast<int>(j));
                }
            }
        }
    }

    // Photons: r_e^2 fluence I / steps, times the factors not applied per term.
    const double scale = kElectronRadiusSquared_m2 * beam.fluence;
    for (int i = 0; i < n; ++i) {
        double S = scale * st.I[i] / smp.steps;
        if (!smp.oversample_thick)
            S *= st.capture[i];
        if (!smp.oversample_polar)
            S *= st.polar[i];
        if (!smp.oversample_omega)
            S *= st.omega[i];
        out[i] = S;
        if constexpr (Tracer::enabled)
            tr.pixel_end(st.I[i], smp.steps, st.capture[i], st.polar[i], st.omega[i], st.cos2t[i],
                         S, static_cast<float>(S));
    }
}

} // namespace nbsim::kernel
