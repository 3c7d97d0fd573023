#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Tests of selftests/kunit_results.py on crafted kernel logs: what it must
pass (cases and parameters that passed, skips that give a reason) and what
it must fail (a skip without a reason, of a case or of a parameter, in the
6.1 and in the 6.12 form; a failed parameter; a missing case, of each
form a suite writes). TAP on
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

LW_TEST_SUITE(lw_t, lw_test_init, lw_test_exit, lw_t_cases);
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


# Two suites with a case of one name, the second a kunit_suite of its own.
TWO_SOURCE = '''
static struct kunit_case lw_a_cases[] = {
	KUNIT_CASE(test_same),
	{}
};

LW_TEST_CONSOLE_SUITE(lw_a, lw_a_probe, lw_test_init,
		      lw_test_exit, lw_a_cases);

static struct kunit_case lw_b_cases[] = {
	KUNIT_CASE(test_same),
	{}
};

static struct kunit_suite lw_b_suite = {
	.name = "lw_b",
	.test_cases = lw_b_cases,
};
'''


def two_suites(a, b):
    """The log of TWO_SOURCE's suites, test_same's result line A in lw_a
    and B in lw_b."""
    lines = []
    for n, (suite, result) in enumerate((('lw_a', a), ('lw_b', b)), 1):
        lines += ['    KTAP version 1', '    # Subtest: ' + suite, '    1..1',
                  '    ' + result, f'# {suite}: pass:1 fail:0 skip:0 total:1',
                  ('ok' if result.startswith('ok') else 'not ok') + f' {n} {suite}']
    return ''.join('[    6.%06d] %s\n' % (i, line) for i, line in enumerate(lines))


def judge(kernel_src, text, source=SOURCE):
    """Run kunit_results.py on the log TEXT and the suite SOURCE: (exit
    status, its TAP lines and what it printed on stderr)."""
    with tempfile.TemporaryDirectory() as tmp:
        dmesg, src = Path(tmp, 'dmesg'), Path(tmp, 'lw_t_test.c')
        dmesg.write_text(text)
        src.write_text(source)
        run = subprocess.run([sys.executable, str(SCRIPT), kernel_src, str(dmesg), str(src)],
                             capture_output=True, text=True, check=False)
    return run.returncode, run.stdout.splitlines() + run.stderr.splitlines()


def check(kernel_src, desc, text, status, want, unwanted=(), source=SOURCE):
    """kunit_results.py exits STATUS on TEXT (and SOURCE) and prints every
    line of WANT (ignoring the test point numbers), and none of UNWANTED."""
    rc, out = judge(kernel_src, text, source)
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
          ['lw_t.test_plain', 'lw_t.test_param', 'lw_t.test_param: a=1', 'lw_t.test_param: a=2'])
    check(src, 'a case skipped with a reason: ok, the reason kept',
          log('ok 1 test_plain # SKIP needs lockdep', [passed]), 0,
          ['lw_t.test_plain # SKIP needs lockdep'])
    check(src, 'a case skipped without a reason fails',
          log('ok 1 test_plain # SKIP', [passed]), 1,
          ['not lw_t.test_plain # skipped without a reason'], ['lw_t.test_plain'])
    # 6.1: no directive on a parameter's line; lw_skip() logs the reason.
    check(src, '6.1: a parameter skipped with its reason logged: ok, the reason kept',
          log('ok 1 test_plain', [passed, ['    # test_param: SKIP: needs a second CPU',
                                           'ok 2 a=2']]), 0,
          ['lw_t.test_param: a=2 # SKIP needs a second CPU'])
    check(src, '6.1: a parameter skipped with an empty reason logged fails',
          log('ok 1 test_plain', [passed, ['    # test_param: SKIP: ', 'ok 2 a=2']]), 1,
          ['not lw_t.test_param: a=2 # skipped without a reason'], ['lw_t.test_param: a=2'])
    # 6.12: the directive on the parameter's line.
    check(src, '6.12: a parameter skipped with a reason on its line: ok, the reason kept',
          log('ok 1 test_plain', [passed, ['ok 2 a=2 # SKIP needs a second CPU']]), 0,
          ['lw_t.test_param: a=2 # SKIP needs a second CPU'])
    check(src, '6.12: a parameter skipped without a reason fails',
          log('ok 1 test_plain', [passed, ['ok 2 a=2 # SKIP']]), 1,
          ['not lw_t.test_param: a=2 # skipped without a reason'], ['lw_t.test_param: a=2'])
    check(src, 'a failed parameter fails it and its case',
          log('ok 1 test_plain', [passed, ['not ok 2 a=2']], 'not ok 2 test_param'), 1,
          ['not lw_t.test_param: a=2 # FAIL', 'lw_t.test_param: a=1'], ['lw_t.test_param: a=2'])
    check(src, 'a case the log lacks fails as missing',
          log('ok 1 test_plain', [passed]).replace('ok 1 test_plain', 'ok 1 test_other'), 1,
          ['not lw_t.test_plain # MISSING'])
    # A case of every form the suites write is read from the source.
    slow = SOURCE.replace('\t{}', '\tLW_KUNIT_CASE_SLOW(test_slow),\n'
                          '\tLW_KUNIT_CASE_PARAM_SLOW(test_slow_param, lw_t_gen_params),\n'
                          '\tKUNIT_CASE_SLOW(test_kslow),\n\t{}')
    check(src, 'slow cases (LW_KUNIT_CASE_SLOW and _PARAM_SLOW) the log lacks fail as missing',
          log('ok 1 test_plain', [passed]), 1,
          ['not lw_t.test_slow # MISSING', 'not lw_t.test_slow_param # MISSING',
           'not lw_t.test_kslow # MISSING', 'lw_t.test_plain'], [], slow)
    check(src, 'a log without KUnit output fails every case',
          '[    1.000000] Linux version 6.1\n', 1,
          ['not lw_t.test_plain # MISSING', 'not lw_t.test_param # MISSING'])

    # A case is told by its suite: the result of one suite's case is not
    # another's of the same name.
    for a, b in (('not ok 1 test_same', 'ok 1 test_same'),
                 ('ok 1 test_same', 'not ok 1 test_same')):
        bad, good = ('lw_a', 'lw_b') if a.startswith('not') else ('lw_b', 'lw_a')
        check(src, f'two suites with a case of one name: {bad}\'s failed, {good}\'s passed',
              two_suites(a, b), 1, [f'not {bad}.test_same # FAIL', f'{good}.test_same'],
              [f'{bad}.test_same'], TWO_SOURCE)
    check(src, 'two suites with a case of one name, both passed: both ok, exit 0',
          two_suites('ok 1 test_same', 'ok 1 test_same'), 0,
          ['lw_a.test_same', 'lw_b.test_same'], [], TWO_SOURCE)
    rc, out = judge(src, log('ok 1 test_plain', [passed]),
                    SOURCE.replace('LW_TEST_SUITE(lw_t', '/* no suite */ (lw_t'))
    ok(rc == 1 and [line for line in out if line.startswith('ok ')] == [] and
       any(line.endswith('lw_t_test.c: no suite runs the case array lw_t_cases')
           for line in out),
       'a case array no suite runs fails, naming it, and passes nothing',
       'exit %d, output:\n%s' % (rc, '\n'.join(out)))

    return TAP.end()


if __name__ == '__main__':
    sys.exit(main())
