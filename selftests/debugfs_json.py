#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Validate the findings.json dumps of selftests/lockwarden/debugfs_test.sh.

The test prints findings.json as "# json1: " lines (after the scenarios
abba, rank, irq_softirq (irq_raw on PREEMPT_RT) and odd_names) and
"# json2: " lines (after ten distinct findings and a duplicate in a ring of
four). This checks them with
Python's JSON parser against the schema of Documentation/debugfs.rst and
against what those scenarios must and must not give. TAP on stdout.

Usage: debugfs_json.py TAP_FILE
"""
import json
import re
import sys

from tap import Tap

MEMBERS = [("serial", int), ("signature", str), ("kind", str), ("title", str),
           ("count", int), ("first_ns", int), ("last_ns", int), ("pid", int),
           ("comm", str), ("truncated", bool), ("links", list), ("stacks", list),
           ("detail", dict)]
KINDS = {"aa", "cycle", "rank", "unlock_not_held", "unlock_non_owner", "depth",
         "upgrade", "sleep_atomic", "irq_inversion", "not_held", "destroy_held",
         "unload_held", "use_after_move", "double_take", "not_owner",
         "freed_owned", "unguarded", "poisoned", "exit_held", "hold_budget",
         "wait_context", "held", "double_complete"}
SITE = re.compile(r"^[A-Za-z0-9_.]+\+0x[0-9a-f]+/0x[0-9a-f]+( \[[A-Za-z0-9_]+\])?$")
ODD_NAME = 'lw_sc_odd"q\\\t\x01\xe9'

TAP = Tap()
ok = TAP.ok


def no_dup_keys(pairs):
    keys = [k for k, _ in pairs]
    if len(keys) != len(set(keys)):
        raise ValueError("duplicate member")
    return dict(pairs)


def parse(lines):
    """Parse each line strictly; None for a line that fails."""
    out = []
    for line in lines:
        try:
            out.append(json.loads(line, object_pairs_hook=no_dup_keys))
        except ValueError as e:
            print("# bad line: %s: %s" % (e, line[:200]))
            out.append(None)
    return out


def schema_errors(f):
    """What is wrong with finding f against the schema, or []."""
    errs = []
    if not isinstance(f, dict):
        return ["not an object"]
    if list(f) != [m for m, _ in MEMBERS]:
        errs.append("members %s" % list(f))
    for m, t in MEMBERS:
        v = f.get(m)
        if not isinstance(v, t) or (t is int and isinstance(v, bool)):
            errs.append("%s is %r" % (m, v))
    if errs:
        return errs
    if not re.fullmatch(r"[0-9a-f]{16}", f["signature"]):
        errs.append("signature %r" % f["signature"])
    if f["kind"] not in KINDS:
        errs.append("kind %r" % f["kind"])
    if f["serial"] < 1 or f["count"] < 1 or f["first_ns"] > f["last_ns"]:
        errs.append("serial/count/times")
    if not f["title"].startswith("lockwarden: "):
        errs.append("title %r" % f["title"])
    for link in f["links"]:
        if not (isinstance(link, dict) and list(link) == ["class", "site"] and
                isinstance(link["class"], str) and isinstance(link["site"], str)):
            errs.append("link %r" % link)
        elif not (SITE.match(link["site"]) or link["site"] == "?"):
            errs.append("link site %r" % link["site"])
    if len(f["stacks"]) != 2:
        errs.append("%d stacks" % len(f["stacks"]))
    for st in f["stacks"]:
        if not isinstance(st, list) or len(st) > 12:
            errs.append("stack %r" % st)
            continue
        for site in st:
            # Symbolised, never a raw address.
            if not isinstance(site, str) or not SITE.match(site):
                errs.append("stack site %r" % site)
    return errs


def main():
    groups = {"1": [], "2": []}
    with open(sys.argv[1], encoding="latin-1") as tap:
        for line in tap:
            m = re.match(r"^# json([12]): (.*)$", line.rstrip("\n"))
            if m:
                groups[m.group(1)].append(m.group(2))

    raw = groups["1"]
    ok(len(raw) == 4, "json1: four lines, one per finding")
    ok(all(all(0x20 <= ord(c) < 0x7f for c in line) for line in raw),
       "json1: every line is printable ASCII (control and high bytes escaped)")
    found = parse(raw)
    ok(all(f is not None for f in found), "json1: every line parses as JSON")
    found = [f for f in found if f is not None]
    errs = [(f.get("serial"), schema_errors(f)) for f in found]
    for serial, e in errs:
        if e:
            print("# finding %s: %s" % (serial, "; ".join(e)))
    ok(found and not any(e for _, e in errs),
       "json1: every finding has the documented members, types and formats")
    ok([f["serial"] for f in found] == [1, 2, 3, 4],
       "json1: serials 1 to 4, oldest first")
    ok([f["kind"] for f in found] == ["cycle", "rank", "irq_inversion", "cycle"],
       "json1: kinds cycle, rank, irq_inversion, cycle")
    if len(found) != 4:
        TAP.end()
        return 1
    abba, rank, irq, odd = found
    ok(abba["title"] == "lockwarden: lock-order cycle in lw_scenario_abba_reverse / "
       "lw_scenario_abba_forward" and
       [lk["class"] for lk in abba["links"]] == ["lw_scenario_b", "lw_scenario_a"] and
       abba["links"][0]["site"].startswith("lw_scenario_abba_reverse+") and
       abba["links"][1]["site"].startswith("lw_scenario_abba_forward+") and
       abba["detail"] == {"length": 2} and abba["truncated"] is False,
       "json1: the ABBA's title, links and detail")
    ok(abba["stacks"][0][:1] and abba["stacks"][0][0].startswith("lw_scenario_abba_reverse+") and
       abba["stacks"][1][:1] and abba["stacks"][1][0].startswith("lw_scenario_abba_forward+"),
       "json1: the ABBA's stacks: the raiser's, then the one saved when a -> b was learned")
    ok(rank["detail"] == {"rank": 1, "held_rank": 2} and
       [lk["class"] for lk in rank["links"]] == ["lw_sc_rank_lo", "lw_sc_rank_hi"] and
       rank["stacks"][0] and rank["stacks"][1] == [],
       "json1: the rank violation's ranks; one stack, not two")
    # irq_softirq's spinlock_t, or on PREEMPT_RT irq_raw's raw spinlock.
    classes = {lk["class"] for lk in irq["links"]}
    ctx = "hardirq" if classes == {"lw_sc_hardirq_raw"} else "softirq"
    ok(classes in ({"lw_sc_softirq"}, {"lw_sc_hardirq_raw"}) and
       irq["detail"] == {"usage": "enabled_" + ctx, "conflicts_with": "used_in_" + ctx},
       "json1: the irq inversion's class and usage bits by name")
    ok(ODD_NAME in [lk["class"] for lk in odd["links"]] and
       "lw_sc_odd_b" in [lk["class"] for lk in odd["links"]],
       "json1: a name with a quote, backslash, TAB, control and high byte round-trips")
    ok('\\"q\\\\\\t\\u0001\\u00e9' in raw[3] and "\t" not in raw[3],
       "json1: escaped as \\\", \\\\, \\t and \\u00XX")

    raw = groups["2"]
    found = [f for f in parse(raw) if f is not None]
    ok(len(raw) == 4 and len(found) == 4 and not any(schema_errors(f) for f in found),
       "json2: a ring of four: four valid lines")
    ok([(f["serial"], f["count"]) for f in found] == [(7, 1), (8, 1), (9, 1), (10, 2)],
       "json2: serials 7 to 10 survive the wraparound, the duplicate counted twice")
    return TAP.end()


if __name__ == "__main__":
    sys.exit(main())
