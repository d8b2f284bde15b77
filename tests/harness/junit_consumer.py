#!/usr/bin/env python3
"""Reads a JUnit XML file the way a CI system does, and checks what it would display.

    junit_consumer.py JUNIT [--counts TESTS,FAILURES,ERRORS,SKIPPED]
                            [--outcome CLASSNAME/NAME=OUTCOME ...] [--same-as OTHER_JUNIT]

Every <testcase> gets one outcome: passed, failure, error or skipped (at most one such child).
Checks that the totals of <testsuites> and of each <testsuite> equal the test cases they hold,
that failures and errors carry a message, then the expectations given:
  --counts     the totals
  --outcome    the outcome of one test case (repeatable)
  --same-as    the same test cases, in the same order, with the same outcomes and messages as
               another JUnit file (times and captured output may differ)
Prints one line per test case that did not pass. Exit 0 when every check holds, 1 otherwise.
"""
import argparse
import sys
import xml.etree.ElementTree as ET

OUTCOMES = ("failure", "error", "skipped")


def read(path, problems):
    root = ET.parse(path).getroot()
    if root.tag != "testsuites":
        problems.append(f"{path}: root element is <{root.tag}>, not <testsuites>")
        return [], {}
    cases = []
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for suite in root.findall("testsuite"):
        mine = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        for tc in suite.findall("testcase"):
            found = [c for c in tc if c.tag in OUTCOMES]
            if len(found) > 1:
                problems.append(f"{tc.get('classname')}/{tc.get('name')}: {len(found)} outcomes")
            outcome = found[0].tag if found else "passed"
            message = found[0].get("message", "") if found else ""
            if outcome in ("failure", "error") and not message:
                problems.append(f"{tc.get('classname')}/{tc.get('name')}: {outcome} without message")
            cases.append((tc.get("classname"), tc.get("name"), outcome, message))
            mine["tests"] += 1
            key = {"failure": "failures", "error": "errors", "skipped": "skipped"}.get(outcome)
            if key:
                mine[key] += 1
        for k, v in mine.items():
            if int(suite.get(k, "0")) != v:
                problems.append(f"suite {suite.get('name')}: {k}={suite.get(k)}, holds {v}")
            totals[k] += v
    for k, v in totals.items():
        if int(root.get(k, "0")) != v:
            problems.append(f"{path}: testsuites {k}={root.get(k)}, holds {v}")
    return cases, totals


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("junit")
    ap.add_argument("--counts")
    ap.add_argument("--outcome", action="append", default=[])
    ap.add_argument("--same-as")
    args = ap.parse_args()
    problems = []
    cases, totals = read(args.junit, problems)
    for classname, name, outcome, message in cases:
        if outcome != "passed":
            print(f"{outcome}: {classname}/{name}: {message}")
    if args.counts:
        want = dict(zip(("tests", "failures", "errors", "skipped"),
                        (int(x) for x in args.counts.split(","))))
        if want != totals:
            problems.append(f"totals {totals}, expected {want}")
    by_id = {f"{c}/{n}": o for c, n, o, _ in cases}
    for spec in args.outcome:
        test, _, outcome = spec.rpartition("=")
        if by_id.get(test) != outcome:
            problems.append(f"{test}: outcome {by_id.get(test)}, expected {outcome}")
    if args.same_as:
        other, _ = read(args.same_as, problems)
        if other != cases:
            mine, theirs = set(cases), set(other)
            problems.append(f"differs from {args.same_as}: only here {sorted(mine - theirs)}, "
                            f"only there {sorted(theirs - mine)}"
                            + ("" if mine != theirs else " (order differs)"))
    for p in problems:
        print(f"junit_consumer: {p}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
