#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""A checker of the Prometheus text exposition format (version 0.0.4).

Reads the exposition on stdin; exits 0 if it is well formed, else 1 with the
line and the reason. Checks the grammar of HELP, TYPE and sample lines (names,
label escapes, values), that each family has at most one HELP and TYPE, given
before its samples, that a family's samples are contiguous, that series are
unique, that counters end in _total, and for histograms that buckets are
cumulative with ascending le, end in +Inf, and that +Inf equals _count.
With --series, prints each sample as a JSON line: [name, {label: value}, value]
(label values decoded), for tests to inspect.
"""
import json
import math
import re
import sys

NAME = r'[a-zA-Z_:][a-zA-Z0-9_:]*'
LABEL = r'[a-zA-Z_][a-zA-Z0-9_]*'
TYPES = {'counter', 'gauge', 'histogram', 'summary', 'untyped'}


class Bad(Exception):
    pass


def parse_value(text):
    if text in ('+Inf', 'Inf'):
        return math.inf
    if text == '-Inf':
        return -math.inf
    if text == 'NaN':
        return math.nan
    if not re.fullmatch(r'[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?', text):
        raise Bad(f'invalid value {text!r}')
    return float(text)


def parse_labels(text, pos):
    """text[pos] is '{'; returns (labels, position after '}')."""
    labels = {}
    pos += 1
    while True:
        if text[pos:pos + 1] == '}':
            return labels, pos + 1
        m = re.compile(LABEL).match(text, pos)
        if not m:
            raise Bad(f'label name expected at column {pos + 1}')
        name = m.group(0)
        pos = m.end()
        if text[pos:pos + 2] != '="':
            raise Bad(f'=" expected after label {name}')
        pos += 2
        value = []
        while True:
            if pos >= len(text):
                raise Bad('unterminated label value')
            c = text[pos]
            if c == '\\':
                esc = text[pos + 1:pos + 2]
                if esc not in ('\\', '"', 'n'):
                    raise Bad(f'invalid escape \\{esc} in label value')
                value.append('\n' if esc == 'n' else esc)
                pos += 2
            elif c == '"':
                pos += 1
                break
            elif c == '\n':
                raise Bad('newline in label value')
            else:
                value.append(c)
                pos += 1
        if name in labels:
            raise Bad(f'label {name} repeated')
        labels[name] = ''.join(value)
        if text[pos:pos + 1] == ',':
            pos += 1
        elif text[pos:pos + 1] != '}':
            raise Bad(f"',' or '}}' expected at column {pos + 1}")


def family_of(name, types):
    for suffix in ('_bucket', '_sum', '_count'):
        base = name[:-len(suffix)]
        if name.endswith(suffix) and types.get(base) in ('histogram', 'summary'):
            return base
    return name


def check(lines):
    helps, types, done, series, samples = set(), {}, set(), set(), []
    current = None
    for no, line in enumerate(lines, 1):
        try:
            if line == '':
                continue
            if line.startswith('#'):
                m = re.fullmatch(r'# (HELP|TYPE) (' + NAME + r') (.*)', line)
                if not m:
                    if re.match(r'# (HELP|TYPE) ', line):
                        raise Bad('malformed HELP or TYPE line')
                    continue
                kind, name, rest = m.groups()
                if name in done:
                    raise Bad(f'{kind} for family {name} after its samples')
                if kind == 'HELP':
                    if name in helps:
                        raise Bad(f'second HELP for {name}')
                    if not re.fullmatch(r'([^\\]|\\[\\n])*', rest):
                        raise Bad('invalid escape in HELP text')
                    helps.add(name)
                else:
                    if name in types:
                        raise Bad(f'second TYPE for {name}')
                    if rest not in TYPES:
                        raise Bad(f'unknown type {rest!r}')
                    if rest == 'counter' and not name.endswith('_total'):
                        raise Bad(f'counter {name} does not end in _total')
                    types[name] = rest
                if current and current != name:
                    done.add(current)
                current = name
                continue
            m = re.compile(NAME).match(line)
            if not m:
                raise Bad('metric name expected')
            name, pos = m.group(0), m.end()
            labels = {}
            if line[pos:pos + 1] == '{':
                labels, pos = parse_labels(line, pos)
            rest = line[pos:]
            if not rest.startswith(' '):
                raise Bad('space expected before the value')
            fields = rest[1:].split(' ')
            if len(fields) not in (1, 2) or '' in fields:
                raise Bad('value [timestamp] expected')
            value = parse_value(fields[0])
            if len(fields) == 2 and not re.fullmatch(r'-?\d+', fields[1]):
                raise Bad('invalid timestamp')
            fam = family_of(name, types)
            if fam in done:
                raise Bad(f'family {fam} samples not contiguous')
            if fam not in types:
                raise Bad(f'sample of {fam} before its TYPE')
            if current and current != fam:
                done.add(current)
            current = fam
            key = (name, tuple(sorted(labels.items())))
            if key in series:
                raise Bad(f'series {name}{labels} repeated')
            series.add(key)
            if types[fam] == 'counter' and not value >= 0:
                raise Bad('negative counter')
            samples.append((no, name, labels, value, fam))
        except Bad as e:
            raise Bad(f'line {no}: {e}: {line}')
    check_histograms(samples, types)
    return samples


def check_histograms(samples, types):
    groups = {}
    for no, name, labels, value, fam in samples:
        if types[fam] != 'histogram':
            continue
        rest = tuple(sorted((k, v) for k, v in labels.items() if k != 'le'))
        g = groups.setdefault((fam, rest), {'buckets': [], 'sum': None, 'count': None})
        if name == fam + '_bucket':
            if 'le' not in labels:
                raise Bad(f'line {no}: bucket without le')
            g['buckets'].append((no, parse_value(labels['le']), value))
        elif name == fam + '_sum':
            g['sum'] = value
        elif name == fam + '_count':
            g['count'] = value
        else:
            raise Bad(f'line {no}: {name} in histogram {fam}')
    for (fam, rest), g in groups.items():
        b = g['buckets']
        if not b or b[-1][1] != math.inf:
            raise Bad(f'histogram {fam}{dict(rest)}: no +Inf bucket last')
        for (n1, le1, v1), (n2, le2, v2) in zip(b, b[1:]):
            if not le2 > le1:
                raise Bad(f'line {n2}: le not ascending')
            if v2 < v1:
                raise Bad(f'line {n2}: bucket counts not cumulative')
        if g['count'] is None or g['sum'] is None:
            raise Bad(f'histogram {fam}{dict(rest)}: _sum or _count missing')
        if g['count'] != b[-1][2]:
            raise Bad(f'histogram {fam}{dict(rest)}: +Inf bucket {b[-1][2]} != _count {g["count"]}')


def main():
    text = sys.stdin.read()
    if text and not text.endswith('\n'):
        print('promcheck: no newline at the end', file=sys.stderr)
        return 1
    try:
        samples = check(text.split('\n')[:-1] if text else [])
    except Bad as e:
        print(f'promcheck: {e}', file=sys.stderr)
        return 1
    if '--series' in sys.argv[1:]:
        for _, name, labels, value, _ in samples:
            print(json.dumps([name, labels, value], ensure_ascii=False))
    return 0


if __name__ == '__main__':
    sys.exit(main())
