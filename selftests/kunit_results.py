#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Judge a KUnit run of lockwarden: parse the KTAP its suites printed with the
kernel's own kunit.py, and compare the cases reported against the
KUNIT_CASE*() entries of the suite sources.

Usage: kunit_results.py KERNEL_SRC DMESG TEST_SOURCE...
DMESG is the guest's kernel log after the test module ran. A module's suites
print no top-level KTAP header (only built-in suites get one, at boot), so it
is added here. The debugfs results files are not used: on 6.1 their log
buffer keeps only a few hundred bytes of a parameterised case.
Prints one TAP line per expected case and one per parameter of a
parameterised case, named SUITE.CASE (two suites may have a case of one
name); exits 1 if any case or parameter failed, crashed, is missing, or was
skipped without a reason. Tested by kunit_results_test.py.
"""
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

CASE_RE = re.compile(r'KUNIT_CASE(?:_PARAM)?(?:_SLOW)?\(\s*(\w+)')
# A case array, and the suites that run one: LW_TEST_SUITE() and
# LW_TEST_CONSOLE_SUITE() (module/tests/lw_test.h) name the suite first and
# the array last; a struct kunit_suite names them by .name and .test_cases.
ARRAY_RE = re.compile(r'struct\s+kunit_case\s+(\w+)\s*\[\s*\]\s*=\s*\{(.*?)\n\}', re.S)
LW_SUITE_RE = re.compile(r'\bLW_TEST_(?:CONSOLE_)?SUITE\(\s*(\w+)\s*,[^;]*?,\s*(\w+)\s*\)', re.S)
KUNIT_SUITE_RE = re.compile(r'struct\s+kunit_suite\s+\w+\s*=\s*\{(.*?)\n\}', re.S)
SKIP_RE = re.compile(r'^\s*ok \d+ (\S+)\s*#\s*SKIP\s*(.*)$')
# 6.1 prints no "# SKIP" on a parameter's result line: the suites log
# "# CASE: SKIP: REASON" just before it (lw_skip() in module/tests).
PARAM_SKIP_RE = re.compile(r'^\s*# (\S+): SKIP: (.*)$')
# A suite's lines are at 4 spaces in a module's KTAP, a parameterised
# case's at 8; 6.12 prints a parameter's skip on its line:
# "ok N PARAM # SKIP REASON", under "# Subtest: CASE".
SUBTEST_RE = re.compile(r'^( {4}| {8})# Subtest: (\S+)$')
PARAM_RESULT_RE = re.compile(r'^ {8}(?:not )?ok \d+ (.+?)(?:\s+#\s*SKIP\b\s*(.*)|\s+#.*)?$')


def expected_cases(sources):
    """Every case of @sources as (suite, case), in order. Cases are told
    apart by their suite: two suites may have cases of one name. A case
    array that no suite runs is an error, not a case less to check."""
    names = []
    for src in sources:
        text = Path(src).read_text()
        suite_of = dict((arr, suite) for suite, arr in LW_SUITE_RE.findall(text))
        for body in KUNIT_SUITE_RE.findall(text):
            name = re.search(r'\.name\s*=\s*"([^"]+)"', body)
            cases = re.search(r'\.test_cases\s*=\s*(\w+)', body)
            if name and cases:
                suite_of[cases.group(1)] = name.group(1)
        for arr, body in ARRAY_RE.findall(text):
            if arr not in suite_of:
                sys.exit(f'{src}: no suite runs the case array {arr}')
            names += [(suite_of[arr], case) for case in CASE_RE.findall(body)]
    return names


PREFIX_RE = re.compile(r'^\[[^\]]*\](\[[^\]]*\])? ?')


def module_ktap(text):
    """The KTAP of module-loaded suites in a kernel log, with its header."""
    lines = [PREFIX_RE.sub('', line) for line in text.splitlines()]
    starts = [i for i, line in enumerate(lines) if line == '    KTAP version 1']
    if not starts:
        return ''
    body = lines[starts[0]:]
    suites = sum(1 for line in body if line.startswith('    # Subtest: '))
    return '\n'.join(['KTAP version 1', f'1..{suites}'] + body) + '\n'


def parse_suite(kunit_py, ktap):
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp, 'ktap'), Path(tmp, 'json')
        src.write_text(ktap)
        subprocess.run([sys.executable, kunit_py, 'parse', f'--json={out}', str(src)],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        return json.loads(out.read_text()) if out.exists() else None


def statuses(tree, found, params):
    """Record the status of every case of every suite, by (suite, case). A
    parameterised case is a group inside its suite, its results per
    parameter kept in params[(suite, case)]."""
    for suite in tree.get('sub_groups', []):
        for case in suite.get('test_cases', []):
            found[(suite['name'], case['name'])] = case['status']
        for group in suite.get('sub_groups', []):
            key = (suite['name'], group['name'])
            inner = {c['name']: c['status'] for c in group.get('test_cases', [])}
            bad = [st for st in inner.values() if st not in ('PASS', 'SKIP')]
            found[key] = bad[0] if bad else ('PASS' if inner else 'MISSING')
            params[key] = inner


def main():
    kunit_py = str(Path(sys.argv[1], 'tools/testing/kunit/kunit.py'))
    ktap = module_ktap(Path(sys.argv[2]).read_text(errors='replace'))
    want = expected_cases(sys.argv[3:])
    found, reasons, params = {}, {}, {}
    tree = parse_suite(kunit_py, ktap) if ktap else None
    if tree:
        statuses(tree, found, params)
    # param_skips[(suite, case, param)]: the reason a parameter was
    # skipped, '' where a skip gave none.
    param_skips, pending, suite, case = {}, None, None, None
    for line in ktap.splitlines():
        m = SUBTEST_RE.match(line)
        if m and len(m.group(1)) == 4:
            suite = m.group(2)
            continue
        if m:
            case = m.group(2)
            continue
        m = SKIP_RE.match(line)
        if m:
            reasons[(suite, m.group(1))] = m.group(2).strip()
        m = PARAM_SKIP_RE.match(line)
        if m:
            pending = (m.group(1), m.group(2).strip())
            continue
        m = PARAM_RESULT_RE.match(line)
        if m and pending:
            param_skips[(suite, pending[0], m.group(1))] = pending[1]
            pending = None
        elif m and m.group(2) is not None:
            param_skips[(suite, case, m.group(1))] = m.group(2).strip()

    lines, bad = [], 0
    for key in want:
        name = '.'.join(key)
        status = found.get(key, 'MISSING')
        if status == 'PASS':
            lines.append(f'ok {{}} {name}')
        elif status == 'SKIP' and reasons.get(key):
            lines.append(f'ok {{}} {name} # SKIP {reasons[key]}')
        else:
            why = 'skipped without a reason' if status == 'SKIP' else status
            lines.append(f'not ok {{}} {name} # {why}')
            bad += 1
        for param, pstatus in params.get(key, {}).items():
            why = param_skips.get(key + (param,))
            if pstatus in ('PASS', 'SKIP') and why:
                lines.append(f'ok {{}} {name}: {param} # SKIP {why}')
            elif pstatus == 'PASS' and why is None:
                lines.append(f'ok {{}} {name}: {param}')
            else:
                # A SKIP, or a skip logged by lw_skip(), with no reason.
                why = 'skipped without a reason' if pstatus in ('PASS', 'SKIP') else pstatus
                lines.append(f'not ok {{}} {name}: {param} # {why}')
                bad += 1
    print(f'1..{len(lines)}')
    for i, line in enumerate(lines, 1):
        print(line.format(i))
    return 1 if bad or not want else 0


if __name__ == '__main__':
    sys.exit(main())
