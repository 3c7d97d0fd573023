# SPDX-License-Identifier: GPL-2.0
"""TAP output shared by make check's Python tests in selftests/, as
lockwarden/tap.sh is for its shell scripts."""


class Tap:
    """Test points on stdout, numbered from 1, and the failures counted."""

    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, cond, desc, diag=''):
        """One point, passed when COND is true; a failed one is followed by
        each line of DIAG as a comment. Returns COND."""
        self.n += 1
        print(('ok %d %s' if cond else 'not ok %d %s') % (self.n, desc))
        if not cond:
            self.failed += 1
            for line in str(diag).splitlines():
                print('# ' + line)
        return cond

    def end(self):
        """The plan and a count of the points; returns the exit status:
        0 when every point passed, else 1."""
        print('1..%d' % self.n)
        print('# %d passed, %d failed' % (self.n - self.failed, self.failed))
        return 1 if self.failed else 0
