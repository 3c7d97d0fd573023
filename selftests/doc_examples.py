#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check that every C example of an RST page is compiled by a test: each
literal block that looks like C (it has a ';' or a '{') must appear,
verbatim after removing the block's indentation, in one of the sources.
A block that opens with a row of '=' is a report as the console prints
it, not an example.

Usage: doc_examples.py PAGE.rst SOURCE...
Prints one TAP line per example; exits 1 if any is missing.
"""
import re
import sys

from tap import Tap


def literal_blocks(text):
    """Yield (line number, block) of each '::' literal block."""
    lines = text.split('\n')
    i = 0
    while i < len(lines):
        if not lines[i].rstrip().endswith('::') or lines[i].startswith('..'):
            i += 1
            continue
        i += 1
        while i < len(lines) and not lines[i].strip():
            i += 1
        start = i
        indent = re.match(r'\s*', lines[i]).group() if i < len(lines) else ''
        block = []
        while i < len(lines) and (not lines[i].strip() or lines[i].startswith(indent)):
            block.append(lines[i][len(indent):])
            i += 1
        while block and not block[-1].strip():
            block.pop()
        yield start + 1, '\n'.join(block)


def main():
    page, sources = sys.argv[1], sys.argv[2:]
    code = ''.join(open(s).read() for s in sources)
    tap = Tap()
    with open(page) as f:
        blocks = list(literal_blocks(f.read()))
    for line, block in blocks:
        if not re.search(r'[;{]', block) or not block:
            continue
        if re.match(r'=+\n', block):
            continue
        first = block.split('\n')[0].strip()
        tap.ok(block in code, f'{page}:{line} {first}', 'not in any test source')
    if not tap.n:
        tap.ok(False, f'{page}: a C example is found')
    return tap.end()


if __name__ == '__main__':
    sys.exit(main())
