#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The KUnit tier of Documentation/testing.rst against the suites of
module/tests/: every suite has its entry there, under a heading that names
it and its file, ``lockwarden_NAME`` (``FILE.c``), and the tier has no entry
for a suite the sources lack, so that a newcomer finds where a suite lives
and a new suite is described in the commit that adds it.

A suite is an LW_TEST_SUITE() or LW_TEST_CONSOLE_SUITE() of a .c file of the
folder; the tier is the definition list under the line "KUnit" up to the
next tier (a line that starts in column 0).

Usage: kunit_doc.py RST TESTS_DIR   check RST's KUnit tier against the
                                    suites of TESTS_DIR
       kunit_doc.py --self-test     check the check on a folder and a page
                                    written here
Output is TAP; exit 0 when each suite has its entry and each entry its suite.
"""
import os
import re
import shutil
import sys
import tempfile

from tap import Tap

SUITE = re.compile(r"^LW_TEST(?:_CONSOLE)?_SUITE\((lockwarden_\w+),", re.M)
ENTRY = re.compile(r"^  ``(lockwarden_\w+)`` \(``([\w.]+)``\)$", re.M)


def suites(tests_dir):
    """{suite: the file that defines it} of the .c files of @tests_dir."""
    found = {}
    for name in sorted(os.listdir(tests_dir)):
        if name.endswith(".c"):
            with open(os.path.join(tests_dir, name)) as f:
                for suite in SUITE.findall(f.read()):
                    found[suite] = name
    return found


def kunit_tier(rst):
    """The text of @rst's KUnit tier, from its "KUnit" line to the next."""
    m = re.search(r"^KUnit\n(.*?)(?=^\S)", rst, re.M | re.S)
    return m.group(1) if m else ""


def problems(rst, have, tests_dir):
    """What is wrong, one sentence each, as (suite, sentence): the suite of
    @have (suites()) whose point it fails, or None for a stray entry."""
    entries = ENTRY.findall(kunit_tier(rst))
    named = dict(entries)
    bad = []
    for suite, name in have.items():
        if suite not in named:
            bad.append((suite, f"{suite} has no entry ``{suite}`` (``{name}``)"))
        elif named[suite] != name:
            bad.append((suite, f"{suite} is in {name}, its entry names {named[suite]}"))
    for suite, name in entries:
        if suite not in have:
            bad.append((None, f"{suite} has an entry ({name}) but no suite defines it"))
    if not have:
        bad.append((None, f"no suite found in {tests_dir}"))
    return bad


def check(rst_path, tests_dir):
    have = suites(tests_dir)
    with open(rst_path) as f:
        bad = problems(f.read(), have, tests_dir)
    tap = Tap()
    for suite, name in list(have.items()) + [(None, None)]:
        mine = "\n".join(v for s, v in bad if s == suite)
        if suite:
            desc = f"{suite} ({name}) has its entry in {os.path.basename(rst_path)}"
        else:
            desc = ("every entry of the KUnit tier is a suite of "
                    f"{os.path.basename(os.path.normpath(tests_dir))}/")
        tap.ok(not mine, desc, mine)
    return tap.end()


PAGE = """Tiers
=====

Builds
  ``lockwarden_a`` (``a_test.c``) is not in this tier.

KUnit
  Its suites:

  ``lockwarden_a`` (``a_test.c``)
    the first.

  ``lockwarden_b`` (``b_test.c``)
    the second.

kselftest
  ``lockwarden_c`` (``c_test.c``) is not in the KUnit tier.
"""

SOURCES = {
    "a_test.c": "LW_TEST_SUITE(lockwarden_a, lw_test_init, lw_test_exit, c);\n",
    "b_test.c": "LW_TEST_CONSOLE_SUITE(lockwarden_b, probe, init,\n\texit, c);\n",
    "lw_test.c": "/* no suite */\n",
}

WRONG = [
    (PAGE.replace("  ``lockwarden_b`` (``b_test.c``)\n    the second.\n", ""), {},
     "lockwarden_b has no entry ``lockwarden_b`` (``b_test.c``)"),
    (PAGE.replace("(``b_test.c``)\n", "(``a_test.c``)\n"), {},
     "lockwarden_b is in b_test.c, its entry names a_test.c"),
    (PAGE, {"b_test.c": "/* the suite removed */\n"},
     "lockwarden_b has an entry (b_test.c) but no suite defines it"),
    (PAGE, {"c_test.c": "LW_TEST_SUITE(lockwarden_c, i, e, c);\n"},
     "lockwarden_c has no entry ``lockwarden_c`` (``c_test.c``)"),
]


def self_test():
    """The check passes a page with an entry for each suite, and fails a
    suite without an entry, an entry naming another file, an entry whose
    suite is gone and a suite named only outside the tier, naming each."""
    tap = Tap()
    tmp = tempfile.mkdtemp()
    try:
        for i, (page, change, expect) in enumerate([(PAGE, {}, None)] + WRONG):
            folder = os.path.join(tmp, str(i))
            os.makedirs(folder)
            for name, src in dict(SOURCES, **change).items():
                with open(os.path.join(folder, name), "w") as f:
                    f.write(src)
            found = [v for _, v in problems(page, suites(folder), folder)]
            if expect is None:
                tap.ok(not found, "a page with an entry for each suite passes",
                       "\n".join(found))
            else:
                tap.ok(found == [expect], f"fails, naming it: {expect}",
                       "\n".join(f"found: {v}" for v in found) or "found nothing")
    finally:
        shutil.rmtree(tmp)
    return tap.end()


def main():
    if sys.argv[1:] == ["--self-test"]:
        return self_test()
    if len(sys.argv) != 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    return check(sys.argv[1], sys.argv[2])


if __name__ == "__main__":
    sys.exit(main())
