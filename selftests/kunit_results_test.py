#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Tests of selftests/kunit_results.py on crafted kernel logs: what it must
pass (cases and parameters that passed, skips that give a reason) and what
it must fail (a skip without a reason, of a case or of a parameter, in the
6.1 and in the 6.12 form; a failed parameter; a missing case). TAP on
stdout, exit 1 on any failure.

Usage: kunit_results_test.py KERNEL_SRC   (its tools/testing/kunit/kunit.py
parses the logs, as in make check)
"""
import subprocess
import sys
import tempfile
from pathlib import Path

from tap import Tap

SCRIPT = Path(__file__).resolve().with_name('kunit_results.py')
SOURCE = '''
static struct kunit_case lw_t_cases[] = {
	KUNIT_CASE(test_plain),
	KUNIT_CASE_PARAM(test_param, lw_t_gen_params),
	{}
};
'''

TAP = Tap()
ok = TAP.ok


def log(plain, params, param_case='ok 2 test_param'):
    """A module's suite as the kernel logs it, with printk time stamps:
    test_plain's result line PLAIN, then test_param's parameter lines
    PARAMS (each a list of lines at the parameter's indent, the last its
    result) and its result line PARAM_CASE."""
    lines = ['    KTAP version 1', '    # Subtest: lw_t', '    1..2',
             '    ' + plain,
             '        KTAP version 1', '        # Subtest: test_param']
    for param in params:
        lines += ['        ' + line if line.startswith(('ok ', 'not ok ')) else line
                  for line in param]
    lines += ['    # test_param: pass:1 fail:0 skip:1 total:2',
              '    ' + param_case,
              '# lw_t: pass:1 fail:0 skip:0 total:2',
              'ok 1 lw_t']
    return ''.join('[    5.%06d] %s\n' % (i, line) for i, line in enumerate(lines))


def judge(kernel_src, text):
    """Run kunit_results.py on the log TEXT: (exit status, its TAP lines)."""
    with tempfile.TemporaryDirectory() as tmp:
        dmesg, src = Path(tmp, 'dmesg'), Path(tmp, 'lw_t_test.c')
        dmesg.write_text(text)
        src.write_text(SOURCE)
        run = subprocess.run([sys.executable, str(SCRIPT), kernel_src, str(dmesg), str(src)],
                             capture_output=True, text=True, check=False)
    return run.returncode, run.stdout.splitlines()


def check(kernel_src, desc, text, status, want, unwanted=()):
    """kunit_results.py exits STATUS on TEXT and prints every line of WANT
    (ignoring the test point numbers), and none of UNWANTED."""
    rc, out = judge(kernel_src, text)
    bare = [line.split(' ', 2)[-1] if line.startswith('ok ')
            else 'not ' + line.split(' ', 3)[-1] if line.startswith('not ok ')
            else line for line in out]
    missing = [w for w in want if w not in bare]
    extra = [u for u in unwanted if u in bare]
    ok(rc == status and not missing and not extra, desc,
       'exit %d (want %d), missing %s, unwanted %s, output:\n%s'
       % (rc, status, missing, extra, '\n'.join(out)))


def main():
    if len(sys.argv) != 2 or not Path(sys.argv[1], 'tools/testing/kunit/kunit.py').is_file():
        print('usage: kunit_results_test.py KERNEL_SRC (with tools/testing/kunit/kunit.py)',
              file=sys.stderr)
        return 2
    src = sys.argv[1]
    passed = ['ok 1 a=1']
    print('TAP version 13')

    check(src, 'every case and parameter passed: all ok, exit 0',
          log('ok 1 test_plain', [passed, ['ok 2 a=2']]), 0,
          ['test_plain', 'test_param', 'test_param: a=1', 'test_param: a=2'])
    check(src, 'a case skipped with a reason: ok, the reason kept',
          log('ok 1 test_plain # SKIP needs lockdep', [passed]), 0,
          ['test_plain # SKIP needs lockdep'])
    check(src, 'a case skipped without a reason fails',
          log('ok 1 test_plain # SKIP', [passed]), 1,
          ['not test_plain # skipped without a reason'], ['test_plain'])
    # 6.1: no directive on a parameter's line; lw_skip() logs the reason.
    check(src, '6.1: a parameter skipped with its reason logged: ok, the reason kept',
          log('ok 1 test_plain', [passed, ['    # test_param: SKIP: needs a second CPU',
                                           'ok 2 a=2']]), 0,
          ['test_param: a=2 # SKIP needs a second CPU'])
    check(src, '6.1: a parameter skipped with an empty reason logged fails',
          log('ok 1 test_plain', [passed, ['    # test_param: SKIP: ', 'ok 2 a=2']]), 1,
          ['not test_param: a=2 # skipped without a reason'], ['test_param: a=2'])
    # 6.12: the directive on the parameter's line.
    check(src, '6.12: a parameter skipped with a reason on its line: ok, the reason kept',
          log('ok 1 test_plain', [passed, ['ok 2 a=2 # SKIP needs a second CPU']]), 0,
          ['test_param: a=2 # SKIP needs a second CPU'])
    check(src, '6.12: a parameter skipped without a reason fails',
          log('ok 1 test_plain', [passed, ['ok 2 a=2 # SKIP']]), 1,
          ['not test_param: a=2 # skipped without a reason'], ['test_param: a=2'])
    check(src, 'a failed parameter fails it and its case',
          log('ok 1 test_plain', [passed, ['not ok 2 a=2']], 'not ok 2 test_param'), 1,
          ['not test_param: a=2 # FAIL', 'test_param: a=1'], ['test_param: a=2'])
    check(src, 'a case the log lacks fails as missing',
          log('ok 1 test_plain', [passed]).replace('ok 1 test_plain', 'ok 1 test_other'), 1,
          ['not test_plain # MISSING'])
    check(src, 'a log without KUnit output fails every case',
          '[    1.000000] Linux version 6.1\n', 1,
          ['not test_plain # MISSING', 'not test_param # MISSING'])

    return TAP.end()


if __name__ == '__main__':
    sys.exit(main())
