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
parameterised case; exits 1 if any case or parameter failed, crashed, is
missing, or was skipped without a reason. Tested by kunit_results_test.py.
"""
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

CASE_RE = re.compile(r'KUNIT_CASE(?:_SLOW|_PARAM)?\(\s*(\w+)')
SKIP_RE = re.compile(r'^\s*ok \d+ (\S+)\s*#\s*SKIP\s*(.*)$')
# 6.1 prints no "# SKIP" on a parameter's result line: the suites log
# "# CASE: SKIP: REASON" just before it (lw_skip() in module/tests).
PARAM_SKIP_RE = re.compile(r'^\s*# (\S+): SKIP: (.*)$')
# 6.12 prints it there: "ok N PARAM # SKIP REASON", under "# Subtest: CASE".
PARAM_CASE_RE = re.compile(r'^ {8}# Subtest: (\S+)$')
PARAM_RESULT_RE = re.compile(r'^ {8}(?:not )?ok \d+ (.+?)(?:\s+#\s*SKIP\b\s*(.*)|\s+#.*)?$')


def expected_cases(sources):
    names = []
    for src in sources:
        names += CASE_RE.findall(Path(src).read_text())
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
    """Record the status of every case of every suite. A parameterised case
    is a group inside its suite, its results per parameter kept in
    params[name]."""
    for suite in tree.get('sub_groups', []):
        for case in suite.get('test_cases', []):
            found[case['name']] = case['status']
        for group in suite.get('sub_groups', []):
            inner = {c['name']: c['status'] for c in group.get('test_cases', [])}
            bad = [st for st in inner.values() if st not in ('PASS', 'SKIP')]
            found[group['name']] = bad[0] if bad else ('PASS' if inner else 'MISSING')
            params[group['name']] = inner


def main():
    kunit_py = str(Path(sys.argv[1], 'tools/testing/kunit/kunit.py'))
    ktap = module_ktap(Path(sys.argv[2]).read_text(errors='replace'))
    want = expected_cases(sys.argv[3:])
    found, reasons, params = {}, {}, {}
    tree = parse_suite(kunit_py, ktap) if ktap else None
    if tree:
        statuses(tree, found, params)
    # param_skips[(case, param)]: the reason a parameter was skipped, ''
    # where a skip gave none.
    param_skips, pending, case = {}, None, None
    for line in ktap.splitlines():
        m = SKIP_RE.match(line)
        if m:
            reasons[m.group(1)] = m.group(2).strip()
        m = PARAM_CASE_RE.match(line)
        if m:
            case = m.group(1)
            continue
        m = PARAM_SKIP_RE.match(line)
        if m:
            pending = (m.group(1), m.group(2).strip())
            continue
        m = PARAM_RESULT_RE.match(line)
        if m and pending:
            param_skips[(pending[0], m.group(1))] = pending[1]
            pending = None
        elif m and m.group(2) is not None:
            param_skips[(case, m.group(1))] = m.group(2).strip()

    lines, bad = [], 0
    for name in want:
        status = found.get(name, 'MISSING')
        if status == 'PASS':
            lines.append(f'ok {{}} {name}')
        elif status == 'SKIP' and reasons.get(name):
            lines.append(f'ok {{}} {name} # SKIP {reasons[name]}')
        else:
            why = 'skipped without a reason' if status == 'SKIP' else status
            lines.append(f'not ok {{}} {name} # {why}')
            bad += 1
        for param, pstatus in params.get(name, {}).items():
            why = param_skips.get((name, param))
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
