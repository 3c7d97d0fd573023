#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""A driver's original source, line-aligned to its conversion.

align_lines.py ORIG CONV OUT: OUT becomes a copy of the directory ORIG in
which each C file gets empty lines where its conversion in CONV has more
lines than it (the include and the class definitions tools/convert adds),
so that every line of code keeps its line number in both. Compiled, the
copy is the original driver: only __LINE__ changes (ASSERT_RTNL(),
WARN_ON() and the like print it), and with it aligned the conversion
compiled out must be the same bytes (selftests/convert_test.sh).
"""
import difflib
import os
import shutil
import sys


def padding(out, count):
    """Append @count empty lines; inside a macro continued by a backslash,
    lines that continue it with nothing."""
    fill = '\\\n' if out and out[-1].rstrip('\n').endswith('\\') else '\n'
    out.extend([fill] * count)


def align(orig, conv):
    """Return @orig's lines, padded to @conv's line numbers."""
    out = []
    matcher = difflib.SequenceMatcher(None, orig, conv, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        out.extend(orig[i1:i2])
        if tag in ('insert', 'replace') and j2 - j1 > i2 - i1:
            padding(out, (j2 - j1) - (i2 - i1))
    return out


def main():
    if len(sys.argv) != 4:
        sys.exit('usage: align_lines.py ORIG CONV OUT')
    orig, conv, out = sys.argv[1:]
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(orig, out, symlinks=True)
    for root, _, files in os.walk(orig):
        for name in files:
            if not name.endswith(('.c', '.h')):
                continue
            rel = os.path.relpath(os.path.join(root, name), orig)
            theirs = os.path.join(conv, rel)
            if not os.path.exists(theirs):
                continue
            with open(os.path.join(orig, rel), encoding='utf-8', errors='surrogateescape') as f:
                mine = f.readlines()
            with open(theirs, encoding='utf-8', errors='surrogateescape') as f:
                lines = f.readlines()
            with open(os.path.join(out, rel), 'w', encoding='utf-8',
                      errors='surrogateescape') as f:
                f.writelines(align(mine, lines))


if __name__ == '__main__':
    main()
