#!/usr/bin/env python3
"""Measured agreement of the two sides of a gate, per dtype and tolerance class.

    python3 tools/gate_tolerance_report.py GATE_FOLDER [--rtol R]

Reads every run bundle of a `trace_harness gate` folder (its metrics.json lists them), and from
each bundle's diff.tsv every compared gating component. Prints, per dtype and per tolerance class
of traces/registry/keys.json:
  n          components compared
  max_rel    the largest |a - b| / |a| over components with |a| > 0
  at         the key and value where it occurs
  max_abs    the largest |a - b|
  need_atol  with the rtol R given (default: the largest max_rel of the dtype over the classes
             whose values are never near zero), the smallest atol that passes every component:
             max(|a - b| - R |a|, 0)
and for ROI images the largest relative pixel difference the run reported. The gate's tolerance
classes (harness/gates/*.json) are these numbers times a stated margin.
"""
import argparse
import json
import os
import sys
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))


def registry_classes():
    with open(os.path.join(HERE, "..", "traces", "registry", "keys.json")) as f:
        keys = json.load(f)
    return {k["key"]: k["tolerance"] for k in keys["keys"]}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("gate")
    ap.add_argument("--rtol", type=float)
    args = ap.parse_args()
    cls_of = registry_classes()
    with open(os.path.join(args.gate, "metrics.json")) as f:
        gate = json.load(f)
    rows = defaultdict(list)  # (dtype, class) -> [(a, b, abs, key, idx, run)]
    images = defaultdict(list)
    for run in gate["runs"]:
        if not run["bundle"]:
            continue
        bundle = os.path.join(args.gate, run["bundle"])
        dtype = run["dtype"]
        with open(os.path.join(bundle, "diff.tsv")) as f:
            header = f.readline().rstrip("\n").split("\t")
            col = {name: i for i, name in enumerate(header)}
            for line in f:
                c = line.rstrip("\n").split("\t")
                if c[col["gating"]] != "yes" or c[col["abs_err"]] == "":
                    continue
                a, b = float(c[col["a"]]), float(c[col["b"]])
                rows[(dtype, cls_of[c[col["key"]]])].append(
                    (a, b, abs(a - b), c[col["key"]], c[col["indices"]], run["id"]))
        with open(os.path.join(bundle, "metrics.json")) as f:
            m = json.load(f)
        if m["roi_images"]:
            images[dtype].append((m["roi_images"]["max_rel"]["value"], run["id"]))
    for dtype in sorted({d for d, _ in rows}):
        rtol = args.rtol
        if rtol is None:  # classes whose values stay far from zero set the relative agreement
            rtol = max((e / abs(a) for (d, cls), rs in rows.items() if d == dtype
                        and cls in ("constant", "solid_angle", "photons", "wavelength")
                        for a, _, e, *_ in rs if a != 0), default=0.0)
        print(f"== {dtype}: rtol used for need_atol: {rtol:.3g}")
        print(f"{'class':18s} {'n':>7s} {'max_rel':>10s} {'max_abs':>10s} {'need_atol':>10s}  worst relative at")
        for (d, cls), rs in sorted(rows.items()):
            if d != dtype:
                continue
            rel = [(e / abs(a), k, i, r) for a, b, e, k, i, r in rs if a != 0]
            worst = max(rel, default=(0.0, "", "", ""))
            need = max((e - rtol * abs(a) for a, b, e, *_ in rs), default=0.0)
            print(f"{cls:18s} {len(rs):7d} {worst[0]:10.3g} {max(e for _, _, e, *_ in rs):10.3g} "
                  f"{max(need, 0.0):10.3g}  {worst[1]} {worst[2]} [{worst[3]}]")
        if images[dtype]:
            worst = max(images[dtype])
            print(f"ROI images: {len(images[dtype])} runs, largest relative pixel difference "
                  f"{worst[0]:.3g} [{worst[1]}]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
