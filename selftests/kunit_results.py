#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Judge a KUnit run of lockwarden: parse each suite's KTAP with the kernel's
own kunit.py, and compare the cases it reports against the KUNIT_CASE*()
entries of the suite sources.

Usage: kunit_results.py KERNEL_SRC RESULTS TEST_SOURCE...
RESULTS holds each suite's debugfs results file after a line "LWSUITE name".
Prints one TAP line per expected case; exits 1 if any case failed, crashed,
is missing, or was skipped without a reason.
"""
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

CASE_RE = re.compile(r'KUNIT_CASE(?:_SLOW|_PARAM)?\(\s*(\w+)')
SKIP_RE = re.compile(r'^\s*ok \d+ (\S+)\s*#\s*SKIP\s*(.*)$')


def expected_cases(sources):
    names = []
    for src in sources:
        names += CASE_RE.findall(Path(src).read_text())
    return names


def split_suites(text):
    suites, name, lines = {}, None, []
    for line in text.splitlines():
        if line.startswith('LWSUITE '):
            if name:
                suites[name] = '\n'.join(lines) + '\n'
            name, lines = line.split(None, 1)[1], []
        else:
            lines.append(line)
    if name:
        suites[name] = '\n'.join(lines) + '\n'
    return suites


def parse_suite(kunit_py, ktap):
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp, 'ktap'), Path(tmp, 'json')
        src.write_text(ktap)
        subprocess.run([sys.executable, kunit_py, 'parse', f'--json={out}', str(src)],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        return json.loads(out.read_text()) if out.exists() else None


def statuses(group, found):
    """Record the status of every case (a parameterised case is a group)."""
    for case in group.get('test_cases', []):
        found[case['name']] = case['status']
    for sub in group.get('sub_groups', []):
        inner = {}
        statuses(sub, inner)
        if inner and sub['name'] not in found:
            bad = [s for s in inner.values() if s not in ('PASS', 'SKIP')]
            found[sub['name']] = bad[0] if bad else 'PASS'
        found.update(inner)


def main():
    kunit_py = str(Path(sys.argv[1], 'tools/testing/kunit/kunit.py'))
    text = Path(sys.argv[2]).read_text(errors='replace')
    want = expected_cases(sys.argv[3:])
    found, reasons = {}, {}
    for suite, ktap in split_suites(text).items():
        tree = parse_suite(kunit_py, ktap)
        if tree:
            statuses(tree, found)
        for line in ktap.splitlines():
            m = SKIP_RE.match(line)
            if m:
                reasons[m.group(1)] = m.group(2).strip()

    print(f'1..{len(want)}')
    bad = 0
    for i, name in enumerate(want, 1):
        status = found.get(name, 'MISSING')
        if status == 'PASS':
            print(f'ok {i} {name}')
        elif status == 'SKIP' and reasons.get(name):
            print(f'ok {i} {name} # SKIP {reasons[name]}')
        else:
            why = 'skipped without a reason' if status == 'SKIP' else status
            print(f'not ok {i} {name} # {why}')
            bad += 1
    return 1 if bad or not want else 0


if __name__ == '__main__':
    sys.exit(main())
