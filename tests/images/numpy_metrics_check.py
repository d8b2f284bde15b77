#!/usr/bin/env python3
"""Every metric of `trace_harness compare-images A B` recomputed with numpy, independently.

    numpy_metrics_check.py --harness EXE A B [--shape SLOWxFAST] [--roi FMIN FMAX SMIN SMAX]
                           [--via-npy] [--skip-if-absent] [--rtol 1e-12]

Reads A and B itself (raw float32, SMV, NPY), computes Pearson, MSE, RMSE, max |B - A| and its
pixel, both maxima, the sums and their guarded ratio, the relative-error percentiles over A's
signal pixels and the peak matching with numpy (float64), and compares them with the JSON the
command writes: floating-point values within --rtol relative (default 1e-12), pixels, counts and
indices exactly. --via-npy first writes A as <f4 and B as <f8 NPY files with numpy.save and
compares those. Exit 0 all agree, 1 a difference (listed), 77 skipped (numpy missing, or an
input absent with --skip-if-absent) -- 1 instead when NB_REQUIRE_ALL=1.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

SKIP = 77


def skip(reason):
    print("SKIPPED: " + reason)
    sys.exit(1 if os.environ.get("NB_REQUIRE_ALL") == "1" else SKIP)


try:
    import numpy as np
except ImportError:
    skip("numpy is not installed for " + sys.executable + " (Debian: apt-get install python3-numpy)")


def read_smv(path):
    data = open(path, "rb").read()
    end = data.index(b"}")
    keys = {}
    for entry in data[1:end].decode("ascii").replace(";", "\n").split("\n"):
        if "=" in entry:
            k, v = entry.split("=", 1)
            keys[k.strip()] = v.strip()
    dtype = {"unsigned_short": "u2", "unsigned_int": "u4", "unsigned_long": "u4",
             "float": "f4", "double": "f8"}[keys["TYPE"]]
    order = "<" if keys["BYTE_ORDER"] == "little_endian" else ">"
    slow, fast = int(keys["SIZE2"]), int(keys["SIZE1"])
    offset = int(keys["HEADER_BYTES"])
    return np.frombuffer(data, dtype=order + dtype, count=slow * fast,
                         offset=offset).reshape(slow, fast).astype(np.float64)


def read_image(path, shape):
    with open(path, "rb") as f:
        head = f.read(16)
    if head.startswith(b"\x93NUMPY"):
        return np.load(path).astype(np.float64)
    if head.startswith(b"{") and b"HEADER_BYTES" in head:
        return read_smv(path)
    return np.fromfile(path, dtype="<f4").reshape(shape).astype(np.float64)


def local_maxima(img, floor):
    """The finder of local_maxima.h, vectorised: beats every finite neighbour (ties go to the
    earlier pixel in row-major order), is strictly above one of them, value > 0 and >= floor."""
    rows, cols = img.shape
    padded = np.full((rows + 2, cols + 2), np.nan)
    padded[1:-1, 1:-1] = img
    v = img
    ok = np.isfinite(v) & (v > 0) & (v >= floor)
    lower = np.zeros_like(ok)
    has_neighbour = np.zeros_like(ok)
    for ds in (-1, 0, 1):
        for df in (-1, 0, 1):
            if ds == 0 and df == 0:
                continue
            w = padded[1 + ds:1 + ds + rows, 1 + df:1 + df + cols]
            valid = np.isfinite(w)
            earlier = ds < 0 or (ds == 0 and df < 0)
            with np.errstate(invalid="ignore"):
                beats = (v > w) if earlier else (v >= w)
                ok &= ~valid | beats
                lower |= valid & (w < v)
            has_neighbour |= valid
    ok &= lower | ~has_neighbour
    s, f = np.nonzero(ok)
    values = v[s, f]
    order = np.lexsort((s * cols + f, -values))  # brightest first, then row-major
    return [(int(s[i]), int(f[i]), float(values[i])) for i in order]


def greedy_match(pa, pb, radius):
    cands = []
    for i, (sa, fa, _) in enumerate(pa):
        for j, (sb, fb, _) in enumerate(pb):
            d = float(np.hypot(sa - sb, fa - fb))
            if d <= radius:
                cands.append((d, i, j))
    cands.sort()
    used_a, used_b, pairs = set(), set(), []
    for d, i, j in cands:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            pairs.append((i, j, d))
    return pairs, [i for i in range(len(pa)) if i not in used_a], \
        [j for j in range(len(pb)) if j not in used_b]


def expected_metrics(a, b, roi, floor_fraction=1e-6, min_sum=1.0, peaks=10, radius=2.0):
    if roi:
        fmin, fmax, smin, smax = roi
        a = a[smin:smax + 1, fmin:fmax + 1]
        b = b[smin:smax + 1, fmin:fmax + 1]
        origin = (smin, fmin)
    else:
        origin = (0, 0)
    finite = np.isfinite(a) & np.isfinite(b)
    assert finite.all(), "the numpy check covers finite images"
    d = b - a
    e = {}
    e["pixels"] = a.size
    e["pearson"] = float(np.corrcoef(a.ravel(), b.ravel())[0, 1])
    e["mse"] = float(np.mean(d * d))
    e["rmse"] = float(np.sqrt(e["mse"]))
    k = int(np.argmax(np.abs(d)))
    s, f = np.unravel_index(k, a.shape)
    e["max_abs_delta"] = (int(s) + origin[0], int(f) + origin[1], float(abs(d.flat[k])))
    for name, img in (("a", a), ("b", b)):
        k = int(np.argmax(img))
        s, f = np.unravel_index(k, img.shape)
        e["max_" + name] = (int(s) + origin[0], int(f) + origin[1], float(img.flat[k]))
    e["sum_a"], e["sum_b"] = float(np.sum(a)), float(np.sum(b))
    e["sum_ratio"] = e["sum_b"] / e["sum_a"] if abs(e["sum_a"]) >= min_sum else None
    floor = floor_fraction * float(np.max(np.abs(a)))
    signal = (a != 0) & (np.abs(a) >= floor)
    rel = np.abs(d[signal]) / np.abs(a[signal])
    e["signal_floor"] = floor
    e["signal_pixels"] = int(signal.sum())
    if rel.size:
        p = np.percentile(rel, [50, 90, 99, 99.9])
        e["p50"], e["p90"], e["p99"], e["p99_9"] = (float(x) for x in p)
        e["rel_max"] = float(rel.max())
        rel_full = np.where(signal, np.abs(d) / np.where(signal, np.abs(a), 1), -1)
        s, f = np.unravel_index(int(np.argmax(rel_full)), a.shape)
        e["rel_max_pixel"] = (int(s) + origin[0], int(f) + origin[1])
    shift = lambda lst: [(s + origin[0], f + origin[1], v) for s, f, v in lst]
    pa = shift(local_maxima(a, floor)[:peaks])
    pb = shift(local_maxima(b, floor_fraction * float(np.max(np.abs(b))))[:peaks])
    e["peaks_a"], e["peaks_b"] = pa, pb
    e["pairs"], e["unmatched_a"], e["unmatched_b"] = greedy_match(pa, pb, radius)
    dists = [p[2] for p in e["pairs"]]
    e["mean_distance"] = float(np.mean(dists)) if dists else None
    e["max_distance"] = float(np.max(dists)) if dists else None
    return e


class Checker:
    def __init__(self, rtol):
        self.rtol, self.failures, self.rows = rtol, [], 0

    def close(self, name, got, want):
        self.rows += 1
        if want is None or got is None:
            ok = want is None and got is None
            rel = 0.0
        else:
            rel = abs(got - want) / abs(want) if want != 0 else abs(got)
            ok = rel <= self.rtol
        print("  %-24s harness %-24r numpy %-24r rel %.2e %s"
              % (name, got, want, rel, "ok" if ok else "DIFFERENT"))
        if not ok:
            self.failures.append(name)

    def same(self, name, got, want):
        self.rows += 1
        ok = got == want
        if not ok:
            print("  %-24s harness %r != numpy %r" % (name, got, want))
            self.failures.append(name)


def compare(m, e, rtol):
    c = Checker(rtol)
    c.same("pixels", m["pixels"], e["pixels"])
    for key in ("pearson", "mse", "rmse"):
        c.close(key, m[key], e[key])
    mad = m["max_abs_delta"]
    c.same("max_abs_delta pixel", (mad["slow"], mad["fast"]), e["max_abs_delta"][:2])
    c.close("max_abs_delta", mad["value"], e["max_abs_delta"][2])
    for side in ("a", "b"):
        mx = m["maxima"][side]
        c.same("max " + side + " pixel", (mx["slow"], mx["fast"]), e["max_" + side][:2])
        c.close("max " + side, mx["value"], e["max_" + side][2])
    c.close("sum a", m["sums"]["a"], e["sum_a"])
    c.close("sum b", m["sums"]["b"], e["sum_b"])
    c.close("sum ratio", m["sums"]["ratio"], e["sum_ratio"])
    r = m["relative_error"]
    c.close("signal floor", r["signal_floor"], e["signal_floor"])
    c.same("signal pixels", r["signal_pixels"], e["signal_pixels"])
    if e["signal_pixels"]:
        for key in ("p50", "p90", "p99", "p99_9"):
            c.close("rel error " + key, r[key], e[key])
        c.close("rel error max", r["max"], e["rel_max"])
        c.same("rel error max pixel", (r["max_pixel"]["slow"], r["max_pixel"]["fast"]),
               e["rel_max_pixel"])
    pk = m["peaks"]
    for side in ("a", "b"):
        got = [(p["slow"], p["fast"]) for p in pk[side]]
        want = [(s, f) for s, f, _ in e["peaks_" + side]]
        c.same("peaks " + side, got, want)
        for i, p in enumerate(pk[side][:len(want)]):
            c.close("peak %s%d value" % (side, i), p["value"], e["peaks_" + side][i][2])
    c.same("pairs", [(p["a"], p["b"]) for p in pk["pairs"]], [(i, j) for i, j, _ in e["pairs"]])
    c.close("peak mean distance", pk["mean_distance"], e["mean_distance"])
    c.close("peak max distance", pk["max_distance"], e["max_distance"])
    c.same("unmatched a", pk["unmatched_a"], e["unmatched_a"])
    c.same("unmatched b", pk["unmatched_b"], e["unmatched_b"])
    return c


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--harness", required=True)
    ap.add_argument("a")
    ap.add_argument("b")
    ap.add_argument("--shape")
    ap.add_argument("--roi", nargs=4, type=int)
    ap.add_argument("--via-npy", action="store_true")
    ap.add_argument("--skip-if-absent", action="store_true")
    ap.add_argument("--rtol", type=float, default=1e-12)
    args = ap.parse_args()
    for p in (args.a, args.b):
        if not os.path.isfile(p):
            if args.skip_if_absent:
                skip(p + " is absent; this comparison did not run")
            print("error: " + p + " does not exist")
            return 1
    shape = tuple(int(x) for x in args.shape.split("x")) if args.shape else None
    a, b = read_image(args.a, shape), read_image(args.b, shape)
    with tempfile.TemporaryDirectory() as tmp:
        files = [args.a, args.b]
        if args.via_npy:
            files = [os.path.join(tmp, "a.npy"), os.path.join(tmp, "b.npy")]
            np.save(files[0], a.astype("<f4"))  # exact: A was float32 (or integers) already
            np.save(files[1], b.astype("<f8"))
        cmd = [args.harness, "compare-images", files[0], files[1], "--json",
               os.path.join(tmp, "m.json")]
        if args.shape and not args.via_npy:
            cmd += ["--shape", args.shape]
        if args.roi:
            cmd += ["--roi"] + [str(x) for x in args.roi]
        run = subprocess.run(cmd, capture_output=True, text=True)
        if run.returncode != 0:
            print("error: %s exited %d\n%s%s" % (" ".join(cmd), run.returncode, run.stdout,
                                                   run.stderr))
            return 1
        doc = json.load(open(os.path.join(tmp, "m.json")))
    print("A = %s, B = %s, %s%s" % (args.a, args.b, "x".join(map(str, a.shape)),
                                   (", ROI %s" % args.roi) if args.roi else ""))
    c = compare(doc["metrics"], expected_metrics(a, b, args.roi), args.rtol)
    if c.failures:
        print("FAIL: %d of %d values differ from numpy: %s" % (len(c.failures), c.rows,
                                                               ", ".join(c.failures)))
        return 1
    print("PASS: %d values agree with numpy (floating point within %g relative)"
          % (c.rows, args.rtol))
    return 0


if __name__ == "__main__":
    sys.exit(main())
