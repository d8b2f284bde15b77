#!/usr/bin/env python3
"""What the summaries of a gate folder's runs diagnose (used by plant_bugs.sh --patterns).

  python3 tools/summary_patterns.py GATE_FOLDER

Prints one tab-separated line: the gate's verdict and exit code, failed runs / runs, and the
divergence patterns ("## Divergence patterns" of each run's summary.md) and failed prediction
checks ("NOT explained") with the number of runs naming each, most frequent first:
phi-offset, scale-factor, power-of-ten, float32, sincg-zero, pixel-mapping, logic (no
known shape), not-explained.
"""
import collections
import json
import pathlib
import sys

KINDS = [("constant offset across phi steps", "phi-offset"),
         ("one scale factor shared", "scale-factor"),
         ("ratio a power of ten", "power-of-ten"),
         ("differences at the float32 level", "float32"),
         ("next to a zero of sincg", "sincg-zero"),
         ("pixel moved while the detector frame agrees", "pixel-mapping"),
         ("None of the known shapes", "logic")]


def kinds_of(summary: str) -> set:
    found = set()
    section = summary.split("## Divergence patterns", 1)
    if len(section) == 2:
        body = section[1].split("\n## ", 1)[0]
        found |= {short for text, short in KINDS if text in body}
    if "NOT explained" in summary:
        found.add("not-explained")
    return found


def main() -> None:
    folder = pathlib.Path(sys.argv[1])
    try:
        metrics = json.loads((folder / "metrics.json").read_text())
    except OSError:
        print("no gate folder\t-\t-")
        return
    runs = metrics["runs"]
    failed = sum(r["status"] != "passed" for r in runs)
    counts = collections.Counter()
    for summary in folder.rglob("summary.md"):
        counts.update(kinds_of(summary.read_text(errors="replace")))
    named = " ".join(f"{k} ({n})" for k, n in counts.most_common()) or "-"
    print(f"{metrics['verdict'].upper()} (exit {metrics['exit_code']})\t{failed}/{len(runs)}\t{named}")


if __name__ == "__main__":
    main()
