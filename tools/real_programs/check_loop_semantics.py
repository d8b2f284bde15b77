#!/usr/bin/env python3
"""Checks which loop iteration each trace line of the real programs belongs to.

    check_loop_semantics.py LOOP_SEMANTICS_DIR [--port-src DIR]

Reads the outputs kept in LOOP_SEMANTICS_DIR/<variant>/ (c_trace.log, c_single_trace.log,
py_trace.log, the float images and commands.txt for the exact argv), recomputes by hand what each
printed value would be for every candidate iteration (sub-pixel, detector layer, source, phi step,
mosaic domain) and states which candidate the printed value is. Prints one table row per statement
and variant: PASS, FAIL, SKIP (not applicable or a tool missing) or INFO (a measured fact that is
not a yes/no statement). The statements are those of LOOP_SEMANTICS_DIR/README.md.

The hand computations are the model's formulas written out here (sub-pixel centres, solid angle,
Kahn polarisation with K = 0, layer capture fraction, rotation about the spindle, sincg); they do not
call either program. Identifying the port's mosaic domain needs its random draw, which is made
with torch's generator exactly as the port seeds it; without torch that row is SKIP.

Exit codes: 0 every statement holds; 1 a statement failed; 2 an input is missing or unreadable.
"""
import math
import os
import re
import struct
import sys

# ---- small vector helpers ------------------------------------------------------------------------


def add(a, b):
    return [x + y for x, y in zip(a, b)]


def sub(a, b):
    return [x - y for x, y in zip(a, b)]


def scale(a, s):
    return [x * s for x in a]


def dot(a, b):
    return sum(x * y for x, y in zip(a, b))


def cross(a, b):
    return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]]


def norm(a):
    return math.sqrt(dot(a, a))


def unit(a):
    return scale(a, 1.0 / norm(a))


def rotate_about(v, axis, angle):
    """Right-handed rotation of v about the unit vector axis by angle (Rodrigues)."""
    c, s = math.cos(angle), math.sin(angle)
    return add(add(scale(v, c), scale(cross(axis, v), s)), scale(axis, dot(axis, v) * (1 - c)))


def rel_diff(a, b):
    """Largest component difference relative to the larger norm (vectors) or magnitude (scalars)."""
    a = a if isinstance(a, list) else [a]
    b = b if isinstance(b, list) else [b]
    size = max(norm(a), norm(b), 1e-300)
    return max(abs(x - y) for x, y in zip(a, b)) / size


def reciprocal(a, b, c):
    """a*, b*, c* of the real-space vectors a, b, c."""
    v = dot(a, cross(b, c))
    return [scale(cross(b, c), 1 / v), scale(cross(c, a), 1 / v), scale(cross(a, b), 1 / v)]


def sincg(x, n):
    """sin(N x)/sin(x), N at x = 0 (the lattice factor of an N-cell paralellepiped)."""
    return n if x == 0.0 else math.sin(n * x) / math.sin(x)


def kahn_polar_unpolarised(incident, diffracted):
    """Polarisation factor with Kahn factor 0 (the default of both programs): (1 + cos^2 2theta)/2."""
    c = dot(unit(incident), unit(diffracted))
    return 0.5 * (1.0 + c * c)


# ---- reading the outputs ---------------------------------------------------------------------------


class Trace:
    """One program's stdout: its TRACE records in order plus the raw lines."""

    NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|[-+]?inf|nan"

    def __init__(self, path):
        with open(path) as f:
            self.lines = f.read().splitlines()
        self.records = []  # (line index, dialect, key, [values])
        for i, line in enumerate(self.lines):
            m = re.match(r"^(TRACE_C|TRACE_PY|TRACE_C_SOURCE2): (\S+)((?: \S+)*)$", line)
            if m:
                self.records.append((i, m.group(1), m.group(2), [float(v) for v in m.group(3).split()]))
                continue
            m = re.match(r"^TRACE_PY_SOURCE (\d+): (\S+)((?: \S+)*)$", line)
            if m:
                values = [int(m.group(1))] + [float(v) for v in m.group(3).split()]
                self.records.append((i, "TRACE_PY_SOURCE", m.group(2), values))
                continue
            m = re.match(r"^(TRACE_C_PHI|TRACE_PY_PHI) (.*)$", line)
            if m:
                fields = dict(kv.split("=", 1) for kv in m.group(2).split())
                self.records.append((i, m.group(1), "phi", {k: float(v) for k, v in fields.items()}))

    def all(self, dialect, key):
        return [r[3] for r in self.records if r[1] == dialect and r[2] == key]

    def lines_of(self, dialect, key):
        return [r[0] for r in self.records if r[1] == dialect and r[2] == key]

    def one(self, dialect, key):
        values = self.all(dialect, key)
        if len(values) != 1:
            raise ValueError("%s %s printed %d times, expected once" % (dialect, key, len(values)))
        return values[0]

    def match(self, pattern):
        for line in self.lines:
            m = re.search(pattern, line)
            if m:
                return m
        return None


def read_argv(commands_path, tag):
    """The argv of run TAG as recorded in commands.txt (the line after '## TAG')."""
    with open(commands_path) as f:
        lines = f.read().splitlines()
    for i, line in enumerate(lines):
        if line == "## " + tag:
            words = lines[i + 1].split()
            start = next(j for j, w in enumerate(words) if w in ("nanoBragg_traced", "nanobrag_torch"))
            return words[start + 1:words.index(">")]
    raise ValueError("%s has no run '%s'" % (commands_path, tag))


def flag(argv, name, count=1, default=None):
    """The COUNT values after the last occurrence of flag NAME (floats), or DEFAULT."""
    positions = [i for i, w in enumerate(argv) if w == name]
    if not positions:
        return default
    values = [float(v) for v in argv[positions[-1] + 1:positions[-1] + 1 + count]]
    return values[0] if count == 1 else values


def image_value(path, fast_pixels, slow, fast):
    with open(path, "rb") as f:
        f.seek(4 * (slow * fast_pixels + fast))
        return struct.unpack("<f", f.read(4))[0]


def float32(x):
    return struct.unpack("<f", struct.pack("<f", x))[0]


def read_hkl(path):
    table = {}
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 4:
                table[(int(parts[0]), int(parts[1]), int(parts[2]))] = float(parts[3])
    return table


# ---- the variant's physics set-up, from its argv and the C program's set-up lines -----------------


class Setup:
    def __init__(self, argv, c_trace):
        self.pixel = flag(argv, "-pixel") * 1e-3
        self.fast_pixels = int(flag(argv, "-detpixels"))
        self.oversample = int(flag(argv, "-oversample", default=1))
        self.slow, self.fast = (int(v) for v in flag(argv, "-trace_pixel", 2))
        self.phi0 = flag(argv, "-phi", default=0.0)
        self.osc = flag(argv, "-osc", default=0.0)
        self.phisteps = int(flag(argv, "-phisteps", default=1))
        self.mosaic_domains = int(flag(argv, "-mosaic_domains", default=flag(argv, "-mosaic_dom", default=1)))
        self.mosaic_spread = flag(argv, "-mosaic", default=0.0)
        self.n_cells = int(flag(argv, "-N"))
        self.nominal_lambda = flag(argv, "-lambda") * 1e-10
        self.thick = flag(argv, "-detector_thick", default=0.0) * 1e-6
        self.layers = int(flag(argv, "-detector_thicksteps", default=1))
        attenuation = flag(argv, "-detector_abs", default=0.0) * 1e-6
        self.mu = 1.0 / attenuation if attenuation > 0 else 0.0
        self.switch = {s: ("-oversample_" + s) in argv for s in ("thick", "polar", "omega")}
        self.pix0 = c_trace.all("TRACE_C", "pix0_vector_meters")[0]
        self.fdet = c_trace.all("TRACE_C", "fdet_vec")[0]
        self.sdet = c_trace.all("TRACE_C", "sdet_vec")[0]
        self.odet = [float(v) for v in c_trace.match(r"^DETECTOR_NORMAL_AXIS (.*)$").group(1).split()]
        self.spindle = [float(v) for v in c_trace.match(r"spindle ROTATION_AXIS= (.*)$").group(1).split()]
        self.close_distance = c_trace.all("TRACE_C", "close_distance_meters")[0][0]
        self.sources = read_c_sources(c_trace)

    def layer_step(self):
        # What the program does is established by the check on pixel_pos (thick / (layers - 1)).
        return self.thick / (self.layers - 1) if self.layers > 1 else 0.0

    def subpixel_position(self, layer, sub_s, sub_f):
        """Centre of sub-pixel (sub_s, sub_f) of detector layer `layer` (metres)."""
        step = self.pixel / self.oversample
        f = step * (self.fast * self.oversample + sub_f) + step / 2
        s = step * (self.slow * self.oversample + sub_s) + step / 2
        o = layer * self.layer_step()
        return add(add(add(scale(self.fdet, f), scale(self.sdet, s)), scale(self.odet, o)), self.pix0)

    def pixel_centre(self):
        f, s = (self.fast + 0.5) * self.pixel, (self.slow + 0.5) * self.pixel
        return add(add(scale(self.fdet, f), scale(self.sdet, s)), self.pix0)

    def iterations(self):
        """(layer, sub_s, sub_f) in the order the geometry blocks would follow the loop nest."""
        o = self.oversample
        return [(t, s, f) for t in range(self.layers) for s in range(o) for f in range(o)]

    def omega(self, position):
        r = norm(position)
        return self.pixel * self.pixel / (r * r) * self.close_distance / r

    def capture(self, layer, position, step):
        parallax = dot(unit(position), self.odet)
        return (math.exp(-layer * step * self.mu / parallax)
                - math.exp(-(layer + 1) * step * self.mu / parallax))

    def phi_angle(self, tic):
        return math.radians(self.phi0 + tic * self.osc / self.phisteps)


def read_c_sources(c_trace):
    """The C program's source list: (incident unit vector, wavelength in m) per source."""
    lines = c_trace.lines
    start = next(i for i, l in enumerate(lines) if re.match(r"\s*created a total of \d+ sources:", l))
    count = int(re.search(r"(\d+) sources", lines[start]).group(1))
    sources = []
    for line in lines[start + 1:start + 1 + count]:
        x, y, z, _weight, lam = (float(v) for v in line.split())
        sources.append((scale(unit([x, y, z]), -1.0), lam))
    return sources


# ---- reporting ---------------------------------------------------------------------------------


class Report:
    def __init__(self):
        self.rows = []

    def add(self, sid, variant, status, detail):
        self.rows.append((sid, variant, status, detail))

    def check(self, sid, variant, ok, detail):
        self.add(sid, variant, "PASS" if ok else "FAIL", detail)

    def print(self):
        print("| statement | variant | result | evidence |")
        print("|---|---|---|---|")
        for sid, variant, status, detail in self.rows:
            print("| %s | %s | %s | %s |" % (sid, variant, status, detail))
        counts = {}
        for row in self.rows:
            counts[row[2]] = counts.get(row[2], 0) + 1
        print("\n" + ", ".join("%s %d" % kv for kv in sorted(counts.items())))
        return counts.get("FAIL", 0) == 0


def identify(value, candidates, tol):
    """Name of the one candidate within tol of value (relative), with the runner-up's distance."""
    scored = sorted((rel_diff(value, v), name) for name, v in candidates.items())
    best_d, best = scored[0]
    runner = scored[1][0] if len(scored) > 1 else float("inf")
    return (best if best_d <= tol and runner > tol else None), best_d, runner


TIGHT = 1e-12  # same formula in double precision, different operation order
PRINTED = 1e-13  # %.15g rounding of a printed value
# The C program lists its sources with %g (6 digits): directions rebuilt from that list are good to
# about 1e-8 per component, which moves cos(2 theta) and the polarisation factor by up to ~1e-11.
# Candidates built from them are told apart at 1e-9; the candidates themselves differ by > 1e-6.
LISTED = 1e-9
# The port's printed geometry carries single-precision inputs (its rotated vectors agree with a
# double computation to ~5e-8, its polarisation factor to ~3e-10); its values are identified at these.
PORT_VECTOR = 1e-6
PORT_SCALAR = 1e-9


# ---- statements about the C program's trace (TRACE_C, TRACE_C_PHI, TRACE_C_SOURCE2) ----------------


def check_c(report, variant, trace, setup, a0, a0_star, hkl_table, image_path):
    o, nl, ns = setup.oversample, setup.layers, len(setup.sources)
    blocks = setup.iterations()
    name = variant

    # header lines of the C program's stdout
    m_src = trace.match(r"^\s+(\d+) sources$")
    m_mos = trace.match(r"^\s+(\d+) mosaic domains over mosaic spread of (\S+) degrees$")
    m_phi = trace.match(r"^\s+(\d+) phi steps from (\S+) to (\S+) degrees$")
    m_os = trace.match(r"^\s+(\d+)x(\d+) pixel oversample steps((?: \+\w+)*)$")
    m_lay = trace.match(r"^\s+sensor is (\S+) m thick in (\d+) layers with mu= (\S+)$")
    ok = (int(m_src.group(1)) == ns and int(m_mos.group(1)) == setup.mosaic_domains
          and int(m_phi.group(1)) == setup.phisteps and float(m_phi.group(2)) == setup.phi0
          and float(m_phi.group(3)) == setup.phi0 + setup.osc and int(m_os.group(1)) == o
          and m_os.group(3).split() == ["+" + s for s in ("thick", "polar", "omega") if setup.switch[s]]
          and int(m_lay.group(2)) == nl)
    report.check("C-HEADER", name, ok,
                 "'%s' (= listed sources); '%s'; '%s' (last value = phi0 + osc, not the last step %g); "
                 "'%s' (a ' +thick +polar +omega' suffix names the -oversample_* switches given); '%s'" % (m_src.group(0).strip(), m_mos.group(0).strip(), m_phi.group(0).strip(),
                                 setup.phi0 + (setup.phisteps - 1) * setup.osc / setup.phisteps,
                                 m_os.group(0).strip(), m_lay.group(0).strip()))

    # set-up key=value lines: before TRACE_CONFIG; the BEAM-pivot branch repeats some keys
    config_line = next(i for i, l in enumerate(trace.lines) if l.startswith("TRACE_CONFIG:"))
    setup_lines = [(i, l) for i, l in enumerate(trace.lines) if re.match(r"^TRACE_C:[A-Za-z_0-9]+=", l)]
    seen = {}
    for i, l in setup_lines:
        key, value = l[len("TRACE_C:"):].split("=", 1)
        seen.setdefault(key, []).append(value)
    twice = sorted(k for k, v in seen.items() if len(v) > 1)
    pix0_setup = [float(x) for x in seen.get("pix0_vector", ["nan nan nan"])[0].split()]
    pix0_pixel = trace.all("TRACE_C", "pix0_vector_meters")
    ok = (all(i < config_line for i, _ in setup_lines) and all(len(set(v)) == 1 for v in seen.values())
          and all(p == pix0_setup for p in pix0_pixel))
    report.check("C-SETUP", name, ok,
                 "%d set-up key=value lines, all before TRACE_CONFIG (once per run, independent of the "
                 "pixel loop); printed twice with equal values: %s; setup pix0_vector = every block's "
                 "pix0_vector_meters" % (len(setup_lines), ", ".join(twice) or "none"))

    # geometry block: once per (layer, sub_s, sub_f), layer outermost, source 0
    geo_keys = ["pix0_vector_meters", "fdet_vec", "sdet_vec", "pixel_pos_meters", "R_distance_meters",
                "omega_pixel_sr", "close_distance_meters", "obliquity_factor", "diffracted_vec",
                "incident_vec", "lambda_meters", "lambda_angstroms", "scattering_vec_A_inv"]
    counts = {k: len(trace.all("TRACE_C", k)) for k in geo_keys}
    report.check("C-GEO-COUNT", name, all(c == len(blocks) for c in counts.values()),
                 "each of the 13 geometry keys printed %s times; layers x oversample^2 = %d x %d = %d"
                 % (sorted(set(counts.values())), nl, o * o, len(blocks)))
    positions = trace.all("TRACE_C", "pixel_pos_meters")
    worst = max(rel_diff(p, setup.subpixel_position(*it)) for p, it in zip(positions, blocks))
    order = ", ".join("(t%d,s%d,f%d)" % it for it in blocks[:6]) + (", ..." if len(blocks) > 6 else "")
    report.check("C-GEO-ORDER", name, len(positions) == len(blocks) and worst <= PRINTED,
                 "block k's pixel_pos_meters = centre of sub-pixel k in the order %s (layer, sub-slow, "
                 "sub-fast; sub-fast fastest; layer offset thick/(layers-1)); max rel diff %.1e"
                 % (order, worst))
    incidents, lambdas = trace.all("TRACE_C", "incident_vec"), trace.all("TRACE_C", "lambda_meters")
    names = []
    for inc, lam in zip(incidents, lambdas):
        cands = {i: s[0] + [s[1] * 1e10] for i, s in enumerate(setup.sources)}
        who, _, _ = identify(inc + [lam[0] * 1e10], cands, 1e-6)
        names.append(who)
    report.check("C-GEO-SOURCE", name, all(n == 0 for n in names),
                 "incident_vec and lambda_meters of every block identify source %s of the %d listed "
                 "(incident = -unit(source position))" % (sorted(set(map(str, names))), ns))
    worst = 0.0
    for k in range(len(blocks)):
        pos, inc, lam = positions[k], incidents[k], lambdas[k][0]
        r = norm(pos)
        d = scale(pos, 1 / r)
        worst = max(worst, rel_diff(trace.all("TRACE_C", "R_distance_meters")[k][0], r),
                    rel_diff(trace.all("TRACE_C", "diffracted_vec")[k], d),
                    rel_diff(trace.all("TRACE_C", "obliquity_factor")[k][0], setup.close_distance / r),
                    rel_diff(trace.all("TRACE_C", "scattering_vec_A_inv")[k], scale(sub(d, inc), 1 / lam)))
    report.check("C-GEO-DERIVED", name, worst <= TIGHT,
                 "R_distance, diffracted_vec, obliquity_factor and scattering_vec_A_inv = "
                 "(diffracted - incident)/lambda_meters, i.e. in 1/m, all of the block's own sub-pixel "
                 "and source 0; max rel diff %.1e" % worst)
    omegas = [v[0] for v in trace.all("TRACE_C", "omega_pixel_sr")]
    first = setup.omega(setup.subpixel_position(0, 0, 0))
    own = [setup.omega(setup.subpixel_position(*it)) for it in blocks]
    if setup.switch["omega"]:
        worst = max(rel_diff(a, b) for a, b in zip(omegas, own))
        report.check("C-GEO-OMEGA", name, worst <= TIGHT,
                     "-oversample_omega: omega_pixel_sr of each block = pixel^2/R^2*close/R of the block's "
                     "own sub-pixel; max rel diff %.1e" % worst)
    else:
        worst = max(rel_diff(a, first) for a in omegas)
        differs = max(rel_diff(a, b) for a, b in zip(omegas, own))
        report.check("C-GEO-OMEGA", name, worst <= TIGHT and (len(blocks) == 1 or differs > 1e-9),
                     "omega_pixel_sr of every block = omega of sub-pixel (0,0) of layer 0 (cached, full "
                     "pixel area); max rel diff %.1e; the blocks' own sub-pixel omegas differ by up to %.1e"
                     % (worst, differs))

    # lattice block: rot_*, hkl, F_latt at source 0, phi step 0, mosaic domain 0; F_cell
    lat_keys = ["rot_a_angstroms", "rot_b_angstroms", "rot_c_angstroms", "rot_a_star_A_inv",
                "rot_b_star_A_inv", "rot_c_star_A_inv", "hkl_frac", "hkl_rounded", "F_latt_a",
                "F_latt_b", "F_latt_c", "F_latt", "F_cell"]
    counts = {k: len(trace.all("TRACE_C", k)) for k in lat_keys}
    report.check("C-LAT-COUNT", name, all(c == len(blocks) for c in counts.values()),
                 "each lattice key printed %s times, once after each geometry block"
                 % sorted(set(counts.values())))
    rots = [trace.all("TRACE_C", "rot_%s_angstroms" % x) for x in "abc"]
    carry = setup.phi0 == 0.0 and setup.phisteps > 1 and variant.endswith("/c")
    cands = {}
    for t in range(setup.phisteps):
        cands["phi_tic %d" % t] = sum((rotate_about(v, setup.spindle, setup.phi_angle(t)) for v in a0), [])
    names = set()
    for k in range(len(blocks)):
        who, dist, _ = identify(rots[0][k] + rots[1][k] + rots[2][k], cands, 1e-12)
        names.add(str(who))
    if setup.phi0 != 0.0:
        expect = "phi_tic 0"
        why = "rotated by phi0 about the spindle, no mosaic rotation: domain 0 (the identity)"
    elif carry:
        expect = "phi_tic %d" % (setup.phisteps - 1)
        why = ("phi = 0 at phi_tic 0 is not rotated, so the vectors are those the thread used last: "
               "the previous pixel's last phi step (carry-over)")
    else:
        expect = "phi_tic 0"
        why = "phi = 0: the unrotated vectors, the traced pixel is the first its thread computes"
    report.check("C-LAT-ROT", name, names == {expect} or (expect == "phi_tic 0" and names == {"phi_tic 0"}),
                 "rot_a/b/c_angstroms of every block identify %s among phi_tic 0..%d (a0 from the "
                 "one-pixel run): %s" % (sorted(names), setup.phisteps - 1, why))
    stars = [trace.all("TRACE_C", "rot_%s_star_A_inv" % x) for x in "abc"]
    same = all(stars[j][k] == a0_star[j] for j in range(3) for k in range(len(blocks)))
    rotated = rel_diff(a0_star[0], rotate_about(a0_star[0], setup.spindle, setup.phi_angle(1)))
    not_recip = max(rel_diff(x, y) for x, y in zip(a0_star, reciprocal(*a0)))
    report.check("C-LAT-STAR", name, same,
                 "rot_*_star_A_inv of every block are the one-pixel run's (phi = 0) values digit for digit: "
                 "the set-up reciprocal vectors, NOT rotated by phi or mosaic (rotated to phi_tic 1 they would "
                 "differ by %.1e; they differ from the reciprocal of a0, b0, c0 by %.1e)" % (rotated, not_recip))
    hkls = trace.all("TRACE_C", "hkl_frac")
    scat = trace.all("TRACE_C", "scattering_vec_A_inv")
    worst = max(rel_diff(hkls[k], [dot(rots[j][k], scat[k]) * 1e-10 for j in range(3)])
                for k in range(len(blocks)))
    report.check("C-LAT-HKL", name, worst <= 1e-12,
                 "hkl_frac = rot_(a,b,c)_angstroms . scattering_vec_A_inv x 1e-10 with the SAME block's "
                 "scattering vector (sub-pixel specific); max rel diff %.1e" % worst)
    rounded = trace.all("TRACE_C", "hkl_rounded")
    ok = all([math.ceil(x - 0.5) for x in h] == r for h, r in zip(hkls, rounded))
    report.check("C-LAT-ROUND", name, ok, "hkl_rounded = ceil(hkl_frac - 0.5) in every block")
    worst = 0.0
    for k in range(len(blocks)):
        parts = [sincg(math.pi * x, setup.n_cells) for x in hkls[k]]
        got = [trace.all("TRACE_C", "F_latt_" + x)[k][0] for x in "abc"]
        worst = max(worst, rel_diff(got, parts),
                    rel_diff(trace.all("TRACE_C", "F_latt")[k][0], parts[0] * parts[1] * parts[2]))
    report.check("C-LAT-FLATT", name, worst <= 1e-9,
                 "F_latt_a/b/c = sincg(pi*h, N) of the block's hkl_frac, F_latt their product; max rel "
                 "diff %.1e" % worst)
    fcells = [v[0] for v in trace.all("TRACE_C", "F_cell")]
    ok = all(abs(fc - hkl_table.get(tuple(int(x) for x in r), 0.0)) < 1e-9 for fc, r in zip(fcells, rounded))
    report.check("C-LAT-FCELL", name, ok,
                 "F_cell = F(hkl_rounded) of the block, read from P1_synth_R12.hkl; the line follows the "
                 "TRACE_C_PHI phi_tic=0 line")

    # TRACE_C_PHI: per block one line per phi step, mosaic 0, source 0
    phis = trace.all("TRACE_C_PHI", "phi")
    phi_lines = trace.lines_of("TRACE_C_PHI", "phi")
    fcell_lines = trace.lines_of("TRACE_C", "F_cell")
    ok = len(phis) == len(blocks) * setup.phisteps
    worst = 0.0
    order_ok = True
    for k in range(len(blocks)):
        for t in range(setup.phisteps):
            p = phis[k * setup.phisteps + t]
            order_ok &= int(p["phi_tic"]) == t
            order_ok &= (phi_lines[k * setup.phisteps + t] < fcell_lines[k]) == (t == 0)
            worst = max(worst, abs(p["phi_deg"] - math.degrees(setup.phi_angle(t))))
    report.check("C-PHI-COUNT", name, ok and order_ok and worst < 1e-12,
                 "%d lines = blocks x phi steps; per block phi_tic 0..%d in order, tic 0 before F_cell and "
                 "the others after it; phi_deg = phi0 + tic*osc/phisteps (nominal)"
                 % (len(phis), setup.phisteps - 1))
    worst = 0.0
    for k in range(len(blocks)):
        for t in range(setup.phisteps):
            p = phis[k * setup.phisteps + t]
            used = t if not (carry and t == 0) else setup.phisteps - 1
            vec = [rotate_about(v, setup.spindle, setup.phi_angle(used)) if (used or setup.phi0) else v
                   for v in a0]
            hkl = [dot(v, scat[k]) * 1e-10 for v in vec]
            parts = [sincg(math.pi * x, setup.n_cells) for x in hkl]
            worst = max(worst, rel_diff(p["k_frac"], hkl[1]), rel_diff(p["F_latt_b"], parts[1]),
                        rel_diff(p["F_latt"], parts[0] * parts[1] * parts[2]))
    report.check("C-PHI-VALUES", name, worst <= 1e-9,
                 "k_frac, F_latt_b, F_latt of tic t = values for b rotated to phi_tic %s, mosaic domain 0, "
                 "the block's own scattering vector; max rel diff %.1e"
                 % ("t (tic 0 uses the vectors of tic %d: carry-over)" % (setup.phisteps - 1) if carry
                    else "t", worst))

    # TRACE_C_SOURCE2: only with 3 or more sources; source 2, phi 0, mosaic 0, per block
    s2 = {k: trace.all("TRACE_C_SOURCE2", k) for k in ("lambda_angstroms", "polar", "cos2theta", "source_index")}
    if ns < 3:
        report.add("C-SOURCE2", name, "SKIP", "fewer than 3 sources")
    else:
        diffs = [unit(p) for p in positions]
        polar0 = kahn_polar_unpolarised(incidents[0], unit(setup.subpixel_position(0, 0, 0)))
        worst = 0.0
        for k in range(len(blocks)):
            worst = max(worst, rel_diff(s2["lambda_angstroms"][k][0], setup.sources[2][1] * 1e10),
                        rel_diff(s2["cos2theta"][k][0], dot(setup.sources[2][0], diffs[k])))
            polar_expect = (kahn_polar_unpolarised(setup.sources[2][0], diffs[k]) if setup.switch["polar"]
                            else polar0)
            worst = max(worst, rel_diff(s2["polar"][k][0], polar_expect))
        report.check("C-SOURCE2", name, len(s2["polar"]) == len(blocks) and worst <= LISTED,
                     "one TRACE_C_SOURCE2 group per block (%d): lambda of source 2, cos2theta = source 2's "
                     "incident . the block's diffracted, polar = %s; max rel diff %.1e"
                     % (len(s2["polar"]), "source 2 at the block's sub-pixel (-oversample_polar)"
                        if setup.switch["polar"] else "the cached value (source 0, sub-pixel (0,0))", worst))

    # final block: once, after every loop
    fin_keys = ["I_before_scaling", "r_e_meters", "r_e_sqr", "fluence_photons_per_m2", "steps",
                "oversample_thick", "oversample_polar", "oversample_omega", "capture_fraction", "polar",
                "omega_pixel", "cos_2theta", "I_pixel_final", "floatimage_accumulated"]
    counts = {k: len(trace.all("TRACE_C", k)) for k in fin_keys}
    last_block_line = max(trace.lines_of("TRACE_C", "F_cell") + trace.lines_of("TRACE_C_PHI", "phi")
                          + trace.lines_of("TRACE_C_SOURCE2", "source_index"))
    after = min(trace.lines_of("TRACE_C", "I_before_scaling")) > last_block_line
    report.check("C-FIN-COUNT", name, all(c == 1 for c in counts.values()) and after,
                 "the 14 final keys printed once, after the last block's last line")
    steps = trace.one("TRACE_C", "steps")[0]
    expect = ns * setup.mosaic_domains * setup.phisteps * o * o
    report.check("C-FIN-STEPS", name, steps == expect,
                 "steps %d = sources x mosaic x phisteps x oversample^2 = %d x %d x %d x %d (layers, %d, "
                 "not counted)" % (steps, ns, setup.mosaic_domains, setup.phisteps, o * o, nl))
    # "last write wins" candidates: the first and the last (sub-pixel, layer) with source 0 or the last source
    first_pos, last_pos = setup.subpixel_position(0, 0, 0), setup.subpixel_position(*blocks[-1])
    incident0 = trace.all("TRACE_C", "incident_vec")[0]  # printed exactly, unlike the %g source list
    first_name, last_name = "sub-pixel (0,0) of layer 0", "the last sub-pixel of the last layer"
    if len(blocks) == 1:
        first_name = last_name = "the only sub-pixel"
    where = {first_name: first_pos, last_name: last_pos}
    which = {"source 0": incident0, "the last source": setup.sources[-1][0]}

    def combos(f):
        return {"%s at %s" % (wn, pn): f(wv, pv) for wn, wv in which.items() for pn, pv in where.items()}

    polar = trace.one("TRACE_C", "polar")[0]
    who, dist, runner = identify(polar, combos(kahn_polar_unpolarised), LISTED)
    expect = ("the last source at " + last_name if setup.switch["polar"] else "source 0 at " + first_name)
    report.check("C-FIN-POLAR", name, who == expect,
                 "polar = (1+cos^2 2theta)/2 for %s (rel diff %.1e; next of %d candidates %.1e)"
                 % (who, dist, len(where) * len(which), runner))
    omega = trace.one("TRACE_C", "omega_pixel")[0]
    if len(blocks) == 1:
        report.check("C-FIN-OMEGA", name, rel_diff(omega, setup.omega(first_pos)) <= TIGHT,
                     "omega_pixel = omega of the only sub-pixel")
    else:
        cand = {pn: setup.omega(pv) for pn, pv in where.items()}
        who, dist, runner = identify(omega, cand, TIGHT)
        expect = "the last sub-pixel of the last layer" if setup.switch["omega"] else "sub-pixel (0,0) of layer 0"
        report.check("C-FIN-OMEGA", name, who == expect,
                     "omega_pixel = omega of %s (rel diff %.1e; other candidate %.1e)" % (who, dist, runner))
    capture = trace.one("TRACE_C", "capture_fraction")[0]
    if setup.thick == 0.0:
        report.check("C-FIN-CAPTURE", name, capture == 1.0, "no sensor thickness: capture_fraction 1")
    else:
        step = setup.layer_step()
        cand = {"the last layer at its sub-pixel (0,0)": setup.capture(nl - 1, setup.subpixel_position(nl - 1, 0, 0), step),
                "the last layer at its last sub-pixel": setup.capture(nl - 1, last_pos, step),
                "layer 0 at sub-pixel (0,0)": setup.capture(0, first_pos, step),
                "layer 0 at its last sub-pixel": setup.capture(0, setup.subpixel_position(0, o - 1, o - 1), step)}
        who, dist, runner = identify(capture, cand, TIGHT)
        expect = ("the last layer at its last sub-pixel" if setup.switch["thick"]
                  else "the last layer at its sub-pixel (0,0)")
        report.check("C-FIN-CAPTURE", name, who == expect,
                     "capture_fraction = exp(-t*d*mu/parallax) - exp(-(t+1)*d*mu/parallax), d = thick/(layers-1),"
                     " parallax = diffracted . odet, for %s (rel diff %.1e; next of 4 candidates %.1e)"
                     % (who, dist, runner))
    cos2 = trace.one("TRACE_C", "cos_2theta")[0]
    who, dist, runner = identify(cos2, combos(lambda inc, pos: dot(inc, unit(pos))), LISTED)
    expect = "the last source at " + last_name
    report.check("C-FIN-COS2THETA", name, who == expect,
                 "cos_2theta = incident . diffracted of %s (rel diff %.1e; next of %d candidates %.1e)"
                 % (who, dist, len(where) * len(which), runner))
    r2, fl = trace.one("TRACE_C", "r_e_sqr")[0], trace.one("TRACE_C", "fluence_photons_per_m2")[0]
    ib = trace.one("TRACE_C", "I_before_scaling")[0]
    final = trace.one("TRACE_C", "I_pixel_final")[0]
    expect = r2 * fl * ib / steps
    for s, value in (("thick", capture), ("polar", polar), ("omega", omega)):
        if not setup.switch[s]:
            expect *= value
    pixel = image_value(image_path, setup.fast_pixels, setup.slow, setup.fast)
    acc = trace.one("TRACE_C", "floatimage_accumulated")[0]
    ok = rel_diff(final, expect) <= TIGHT and float32(acc) == pixel and float32(final) == pixel
    report.check("C-FIN-FINAL", name, ok,
                 "I_pixel_final = r_e_sqr*fluence*I_before_scaling/steps x the factors not applied per "
                 "sub-pixel (rel diff %.1e); floatimage_accumulated = the float32 image cell %r; "
                 "float32(I_pixel_final) equals it" % (rel_diff(final, expect), pixel))


# ---- statements about the port's trace (TRACE_PY, TRACE_PY_SOURCE, TRACE_PY_PHI) -------------------


def port_mosaic_matrices(count, spread_deg, seed=-12345678):
    """The port's mosaic rotations: axes from randn(count, 3), angles randn(count) * spread, drawn from
    torch's generator seeded with seed & 0x7FFFFFFF (its default seed; it does not read -mosaic_seed).
    Returns None without torch."""
    try:
        import torch
    except ImportError:
        return None
    gen = torch.Generator()
    gen.manual_seed(seed & 0x7FFFFFFF)
    axes = torch.randn(count, 3, dtype=torch.float64, generator=gen)
    scales = torch.randn(count, dtype=torch.float64, generator=gen)
    result = []
    for m in range(count):
        axis = unit(axes[m].tolist())
        angle = float(scales[m]) * math.radians(spread_deg)
        result.append(lambda v, axis=axis, angle=angle: rotate_about(v, axis, angle))
    return result


def check_py(report, variant, trace, setup, a0, a0_star, hkl_table, image_path):
    name = variant
    o, nl, ns = setup.oversample, setup.layers, len(setup.sources)

    has = {k: bool(trace.match(p)) for k, p in (
        ("oversample", r"pixel oversample steps"), ("mosaic", r"mosaic domains"),
        ("phi", r"phi steps"), ("layers", r"layers with mu"))}
    gen = trace.match(r"^Generated (\d+) sources from divergence/dispersion:$")
    over = trace.match(r"^TRACE: Oversample = (\d+)$")
    running = next(i for i, l in enumerate(trace.lines) if l == "Running simulation...")
    gen_first = gen is None or trace.lines.index(gen.group(0)) < running
    ok = (not any(has.values()) and over and int(over.group(1)) == o and gen_first
          and (int(gen.group(1)) == ns if gen else ns == 1))
    report.check("PY-HEADER", name, ok,
                 "no oversample/mosaic/phi/layer count lines; '%s' (before 'Running simulation...'); "
                 "'TRACE: Oversample = %s' after the main block" % (gen.group(0) if gen else "(no 'Generated N sources' line: 1 source)",
                                 over.group(1) if over else "?"))

    keys = sorted(set(r[2] for r in trace.records if r[1] == "TRACE_PY"))
    counts = {k: len(trace.all("TRACE_PY", k)) for k in keys}
    report.check("PY-COUNT", name, all(c == 1 for c in counts.values()),
                 "each of the %d TRACE_PY keys printed once, whatever the oversampling, layers, sources, "
                 "phi steps and domains" % len(keys))

    pos = trace.one("TRACE_PY", "pixel_pos_meters")
    centre = setup.pixel_centre()
    subs = {it: rel_diff(pos, setup.subpixel_position(*it)) for it in setup.iterations()}
    matching = [it for it, d in subs.items() if d <= PRINTED]
    report.check("PY-POS", name, rel_diff(pos, centre) <= PRINTED,
                 "pixel_pos_meters = pixel centre (no sub-pixel offset, layer 0 front face); rel diff "
                 "%.1e; equals C sub-pixel(s) %s" % (rel_diff(pos, centre), matching or "none"))
    inc = trace.one("TRACE_PY", "incident_vec")
    lam = trace.one("TRACE_PY", "lambda_meters")[0]
    nominal = [1.0, 0.0, 0.0]
    ok = rel_diff(inc, nominal) == 0.0 and rel_diff(lam, setup.nominal_lambda) <= PRINTED
    report.check("PY-BEAM", name, ok,
                 "incident_vec = the nominal beam (1 0 0) and lambda = -lambda %g m, not source 0's "
                 "(%s, %g m)" % (setup.nominal_lambda, " ".join("%.6g" % x for x in setup.sources[0][0]),
                                 setup.sources[0][1]))
    r = norm(centre)
    d = scale(centre, 1 / r)
    worst = max(rel_diff(trace.one("TRACE_PY", "R_distance_meters")[0], r),
                rel_diff(trace.one("TRACE_PY", "diffracted_vec"), d),
                rel_diff(trace.one("TRACE_PY", "scattering_vec_A_inv"), scale(sub(d, nominal), 1 / lam)))
    omega_c = setup.omega(centre)
    worst_omega = max(rel_diff(trace.one("TRACE_PY", "omega_pixel_sr")[0], omega_c),
                      rel_diff(trace.one("TRACE_PY", "omega_pixel")[0], omega_c))
    report.check("PY-GEO", name, worst <= 1e-12 and worst_omega <= 1e-12,
                 "R_distance, diffracted_vec, scattering_vec_A_inv (1/m) at the centre with the nominal "
                 "beam (max rel diff %.1e); omega_pixel_sr and omega_pixel both = omega of the centre%s "
                 "(max rel diff %.1e)" % (worst, " even with -oversample_omega" if setup.switch["omega"]
                                         else "", worst_omega))

    rots = [trace.one("TRACE_PY", "rot_%s_angstroms" % x) for x in "abc"]
    ratio = norm(rots[0]) / norm(a0[0])
    umats = port_mosaic_matrices(setup.mosaic_domains, setup.mosaic_spread) if setup.mosaic_spread else \
        [lambda v: v] * setup.mosaic_domains
    if umats is None:
        report.add("PY-ROT", name, "SKIP", "torch not importable: the port's mosaic domains cannot be drawn")
    else:
        cands = {}
        for t in range(setup.phisteps):
            for m, u in enumerate(umats):
                vecs = [scale(u(rotate_about(v, setup.spindle, setup.phi_angle(t))), 1e-10) for v in a0]
                cands["phi_tic %d, domain %d" % (t, m)] = sum(vecs, [])
        who, dist, runner = identify(sum(rots, []), cands, PORT_VECTOR)
        report.check("PY-ROT", name, who == "phi_tic 0, domain 0" and abs(ratio - 1e-10) < 1e-16,
                     "rot_a/b/c_angstroms are in METRES (|rot_a|/|a0 in Å| = %.6g) and identify %s among "
                     "%d (phi step, port domain) pairs (rel diff %.1e, runner-up %.1e); the port's domain 0 is "
                     "a random rotation, not the identity" % (ratio, who, len(cands), dist, runner))
        # per-phi lines: same vectors for each step
        phis = trace.all("TRACE_PY_PHI", "phi")
        if setup.phisteps == 1:
            report.check("PY-PHI", name, not phis, "one phi step: no TRACE_PY_PHI lines")
        else:
            scat_a = scale(sub(d, nominal), 1 / (lam * 1e10))  # 1/Å at the centre
            worst = 0.0
            for t, p in enumerate(phis):
                b_t = cands["phi_tic %d, domain 0" % t][3:6]
                worst = max(worst, abs(p["phi_deg"] - math.degrees(setup.phi_angle(t))),
                            rel_diff(p["k_frac"], dot(b_t, scat_a)),
                            rel_diff([p["S_x"], p["S_y"], p["S_z"]], scat_a))
            first_line = min(trace.lines_of("TRACE_PY_PHI", "phi"))
            after_sources = all(first_line > i for i in trace.lines_of("TRACE_PY_SOURCE", "polar"))
            report.check("PY-PHI", name, len(phis) == setup.phisteps and worst <= PORT_VECTOR and after_sources,
                         "%d lines, one per phi step (tic 0..%d), mosaic domain 0, at the pixel centre with "
                         "the nominal beam, printed after the main block and the TRACE_PY_SOURCE blocks; "
                         "k_frac = S(1/Å) . b(metres) of that step (so 1e-10 of a Miller index); "
                         "S_x/S_y/S_z in 1/Å; max rel diff %.1e" % (len(phis), setup.phisteps - 1, worst))

    stars = sum((trace.one("TRACE_PY", "rot_%s_star_A_inv" % x) for x in "abc"), [])
    cand = {"reciprocal of the printed rot_* (phi step 0 and port domain 0)":
                sum(reciprocal(*[scale(v, 1e10) for v in rots]), []),
            "reciprocal of the unrotated a0, b0, c0": sum(reciprocal(*a0), []),
            "the C program's set-up reciprocal vectors": sum(a0_star, [])}
    who, dist, runner = identify(stars, cand, PORT_VECTOR)
    expect = ("reciprocal of the unrotated a0, b0, c0" if setup.phi0 == 0.0
              else "reciprocal of the printed rot_* (phi step 0 and port domain 0)")
    report.check("PY-STAR", name, who == expect,
                 "rot_*_star_A_inv (1/Å) = %s (rel diff %.1e; next of 3 candidates %.1e)%s"
                 % (who, dist, runner, "; phi step 0 is phi = 0 here, where the port keeps the base vectors"
                    if setup.phi0 == 0.0 else ""))
    hkl = trace.one("TRACE_PY", "hkl_frac")
    scat_a = scale(sub(d, nominal), 1 / (lam * 1e10))
    expect = [dot(v, scat_a) for v in rots]
    rounded = trace.one("TRACE_PY", "hkl_rounded")
    f_latt = [trace.one("TRACE_PY", "F_latt_" + x)[0] for x in "abc"]
    ok = (rel_diff(hkl, expect) <= 1e-12 and rounded == [float(round(x)) for x in hkl]
          and rel_diff(f_latt, [sincg(math.pi * x, setup.n_cells) for x in hkl]) <= 1e-12
          and trace.one("TRACE_PY", "F_cell_nearest")[0] == hkl_table.get(tuple(int(x) for x in rounded), 0.0))
    report.check("PY-HKL", name, ok,
                 "hkl_frac = S(1/Å, centre, nominal beam) . rot (metres), i.e. 1e-10 of a Miller index "
                 "(%s); hkl_rounded = round(); F_latt_* = sincg(pi*h, N) of those (so N); F_cell_nearest = "
                 "F(hkl_rounded) from the HKL file" % " ".join("%.3g" % x for x in hkl))

    steps = trace.one("TRACE_PY", "steps")[0]
    expect = ns * setup.mosaic_domains * setup.phisteps * o * o
    report.check("PY-STEPS", name, steps == expect,
                 "steps %d = sources x mosaic x phisteps x oversample^2 (layers not counted)" % steps)
    polar = trace.one("TRACE_PY", "polar")[0]
    at_centre = kahn_polar_unpolarised(nominal, centre)
    if o == 1:
        report.check("PY-POLAR", name, rel_diff(polar, at_centre) <= PORT_SCALAR,
                     "oversample 1: polar = (1+cos^2 2theta)/2 at the centre with the nominal beam (rel diff "
                     "%.1e)" % rel_diff(polar, at_centre))
    else:
        report.check("PY-POLAR", name, polar == 1.0,
                     "oversample %d: polar printed as 1 (a placeholder; at the centre it would be %.15g)"
                     % (o, at_centre))
    capture = trace.one("TRACE_PY", "capture_fraction")[0]
    if setup.thick == 0.0:
        report.check("PY-CAPTURE", name, capture == 1.0, "no sensor thickness: capture_fraction 1")
    else:
        step = setup.thick / nl
        parallax = dot(d, setup.odet)
        total = 1 - math.exp(-setup.thick * setup.mu / parallax)
        cand = {"last layer of thickness thick/layers at the centre": setup.capture(nl - 1, centre, step),
                "all layers together at the centre": total,
                "C's last layer (thickness thick/(layers-1))": setup.capture(nl - 1, centre, setup.layer_step())}
        who, dist, runner = identify(capture, cand, 1e-12)
        expect = ("all layers together at the centre" if setup.switch["thick"]
                  else "last layer of thickness thick/layers at the centre")
        report.check("PY-CAPTURE", name, who == expect,
                     "capture_fraction = %s (rel diff %.1e; next candidate %.1e)" % (who, dist, runner))
    pre = trace.one("TRACE_PY", "I_before_scaling_pre_polar")[0]
    post = trace.one("TRACE_PY", "I_before_scaling_post_polar")[0]
    report.add("PY-IBEFORE", name, "INFO",
               "I_before_scaling_post_polar / _pre_polar = %.15g (the polarisation at the centre would be %.15g)"
               % (post / pre, at_centre))
    cos2 = trace.one("TRACE_PY", "cos_2theta")[0]
    report.check("PY-COS2THETA", name, rel_diff(cos2, dot(nominal, d)) <= 1e-12,
                 "cos_2theta = nominal beam . diffracted at the centre")
    final = trace.one("TRACE_PY", "I_pixel_final")[0]
    acc = trace.one("TRACE_PY", "floatimage_accumulated")[0]
    pixel = image_value(image_path, setup.fast_pixels, setup.slow, setup.fast)
    report.check("PY-FINAL", name, acc == final and float32(final) == pixel,
                 "floatimage_accumulated repeats I_pixel_final (%.15g); float32 of it = the image cell %r"
                 % (final, pixel))

    srcs = {}
    for r in trace.records:
        if r[1] == "TRACE_PY_SOURCE":
            srcs.setdefault(r[3][0], {})[r[2]] = r[3][1:]
    if ns == 1:
        report.check("PY-SOURCE", name, not srcs, "one source: no TRACE_PY_SOURCE lines")
        return
    worst = 0.0
    for i in range(ns):
        block = srcs.get(i, {})
        direction, lam_i = block["source_direction"], block["wavelength_angstroms"][0]
        worst = max(worst, rel_diff(scale(direction, -1.0), setup.sources[i][0]),
                    rel_diff(lam_i * 1e-10, setup.sources[i][1]),
                    rel_diff(block["polar"][0], kahn_polar_unpolarised(scale(direction, -1.0), centre)))
    first = min(trace.lines_of("TRACE_PY_SOURCE", "source_index"))
    after_main = first > max(trace.lines_of("TRACE_PY", "floatimage_accumulated"))
    report.check("PY-SOURCE", name, sorted(srcs) == list(range(ns)) and worst <= PORT_SCALAR and after_main,
                 "one block per source 0..%d after the main block, in the C program's source order "
                 "(source_direction = -incident, wavelength); its polar = (1+cos^2 2theta)/2 of that source "
                 "at the pixel CENTRE; max rel diff %.1e" % (ns - 1, worst))


# ---- driver ------------------------------------------------------------------------------------------


def main(argv):
    if len(argv) != 2:
        print("check_loop_semantics: usage: check_loop_semantics.py LOOP_SEMANTICS_DIR", file=sys.stderr)
        return 2
    root = argv[1]
    here = os.path.dirname(os.path.abspath(__file__))
    hkl_path = os.path.join(here, "..", "..", "tests", "data", "golden", "inputs", "P1_synth_R12.hkl")
    try:
        hkl_table = read_hkl(hkl_path)
        single = Trace(os.path.join(root, "os1_phi0", "c_single_trace.log"))
    except OSError as e:
        print("check_loop_semantics: %s" % e, file=sys.stderr)
        return 2
    # a0, b0, c0 (Å): the traced pixel of a one-pixel ROI is the first its thread computes, phi = 0
    # is not rotated and mosaic domain 0 is the identity, so its rot_* lines are the unrotated cell.
    a0 = [single.all("TRACE_C", "rot_%s_angstroms" % x)[0] for x in "abc"]
    a0_star = [single.all("TRACE_C", "rot_%s_star_A_inv" % x)[0] for x in "abc"]
    report = Report()
    regenerated = single.match(r"TRACE:\s+After re-generation: a_star = \[(\S+), (\S+), (\S+)\]")
    a_star_g = [float(regenerated.group(i)) for i in (1, 2, 3)]
    report.check("A0-STAR", "os1_phi0/c_single", rel_diff(a0_star[0], a_star_g) < 1e-5,
                 "rot_a_star_A_inv of the one-pixel run = the set-up line 'TRACE: After re-generation: "
                 "a_star' (%%g; rel diff %.1e)" % rel_diff(a0_star[0], a_star_g))
    printed_a0 = single.match(r"TRACE:\s+a0 = \[(\S+), (\S+), (\S+)\]")
    a0_m = [float(printed_a0.group(i)) for i in (1, 2, 3)]
    report.check("A0", "os1_phi0/c_single", rel_diff(scale(a0[0], 1e-10), a0_m) < 1e-5,
                 "rot_a_angstroms of the one-pixel run = the set-up line 'TRACE: a0' (%%g) x 1e10: the "
                 "unrotated cell used as a0 below (rel diff %.1e)" % rel_diff(scale(a0[0], 1e-10), a0_m))
    variants = sorted(d for d in os.listdir(root) if os.path.isdir(os.path.join(root, d)))
    for variant in variants:
        folder = os.path.join(root, variant)
        commands = os.path.join(folder, "commands.txt")
        try:
            c_trace = Trace(os.path.join(folder, "c_trace.log"))
            runs = [("c", c_trace)]
            if os.path.exists(os.path.join(folder, "c_single_trace.log")):
                runs.append(("c_single", Trace(os.path.join(folder, "c_single_trace.log"))))
            py_trace = Trace(os.path.join(folder, "py_trace.log"))
            for tag, trace in runs:
                setup = Setup(read_argv(commands, tag), trace)
                check_c(report, "%s/%s" % (variant, tag), trace, setup, a0, a0_star, hkl_table,
                        os.path.join(folder, tag + "_float.bin"))
            setup = Setup(read_argv(commands, "c"), c_trace)
            check_py(report, variant + "/py", py_trace, setup, a0, a0_star, hkl_table, os.path.join(folder, "py_float.bin"))
        except (OSError, ValueError, AttributeError) as e:
            print("check_loop_semantics: %s: %s" % (folder, e), file=sys.stderr)
            return 2
    return 0 if report.print() else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
