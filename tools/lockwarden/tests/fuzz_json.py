#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Random mutations of a findings.json line, fed to `lockwarden report`.

Usage: fuzz_json.py LOCKWARDEN FINDINGS_JSON COUNT [SEED]

Each mutant (bytes deleted, inserted, replaced or repeated) must give exit 0
or 2, never a crash or sanitizer report; a refusal must name line 1; and
whatever the tool accepts, Python's json module must accept too (the tool's
parser is the stricter one). Exits 1 on the first mutant that breaks a rule,
printing it.
"""
import json
import os
import random
import re
import subprocess
import sys
import tempfile

SPECIAL = b'{}[]:,"\\ \t-+.0123456789eEtrufalsn\x00\x01\x7f\xc3\xa9\xed\xa0\x80\xff'


def mutate(rng, line):
    b = bytearray(line)
    for _ in range(rng.randint(1, 3)):
        op = rng.randrange(4)
        i = rng.randrange(len(b) + 1)
        if op == 0 and b:
            del b[min(i, len(b) - 1):min(i, len(b) - 1) + rng.randint(1, 4)]
        elif op == 1:
            b[i:i] = bytes([rng.choice(SPECIAL)])
        elif op == 2 and b:
            b[min(i, len(b) - 1)] = rng.choice(SPECIAL)
        else:
            j = rng.randrange(len(b) + 1)
            b[i:i] = b[min(i, j):max(i, j)][:16]
    return bytes(b)


def main():
    tool, fixture, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    rng = random.Random(seed)
    with open(fixture, 'rb') as f:
        lines = [ln for ln in f.read().split(b'\n') if ln]
    accepted = 0
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, 'findings.json')
        for n in range(count):
            mutant = mutate(rng, rng.choice(lines))
            if b'\n' in mutant:
                continue
            with open(path, 'wb') as f:
                f.write(mutant + b'\n')
            p = subprocess.run([tool, '-d', d, 'report'], capture_output=True)
            err = p.stderr.decode('utf-8', 'replace')
            why = None
            if re.search(r'Sanitizer|runtime error:', err) or p.returncode not in (0, 2):
                why = f'exit {p.returncode}: {err[:400]}'
            elif p.returncode == 2 and not re.search(r'findings\.json:1(:[0-9]+)?: ', err):
                why = f'refused without naming line 1: {err[:200]}'
            elif p.returncode == 0:
                accepted += 1
                try:
                    json.loads(mutant.decode('utf-8'))
                except (UnicodeDecodeError, ValueError) as e:
                    why = f'accepted, but Python refuses it: {e}'
            if why:
                print(f'mutant {n} (seed {seed}): {why}\n{mutant!r}')
                return 1
    print(f'{count} mutants: {accepted} accepted, the rest refused naming the line')
    return 0


if __name__ == '__main__':
    sys.exit(main())
