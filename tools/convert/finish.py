#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""lockwarden convert, last step: the include and class definitions the
converted files need, and the report of what was and was not converted.

Usage: finish.py SRC OUT RAW REPORT
  SRC     the original driver directory
  OUT     the converted driver directory (edited in place)
  RAW     the passes' report lines, "KIND<TAB>FILE:LINE<TAB>WHAT<TAB>WHY"
  REPORT  the report to write (stdout when "-")
"""

import collections
import os
import re
import sys

INCLUDE = "#include <lockwarden/lockwarden.h>"
# What the passes introduced that needs lockwarden's headers.
USES_LOCKWARDEN = re.compile(r"\bstruct lw_\w+|\blw_\w+\(|\bguard\(lw_|\bscoped_guard\(lw_")
# The class an init call names: lw_<init>(LOCK, &CLASS).
INIT_CLASS = re.compile(r"\blw_(?:spin_lock|raw_spin_lock|rwlock|mutex)_init\([^;]*?&(\w+)\)|"
                        r"\blw_init_rwsem\([^;]*?&(\w+)\)|"
                        r"\bLW_(?:DEFINE_\w+|DECLARE_RWSEM)\(\w+, &(\w+)\)", re.S)
# A static definition as pass 1 wrote it, typed for the next passes:
# "struct lw_mutex v = LW_CONVERT_DEFINE_MUTEX(v, &c)", the macro's own.
STATIC_DEF = re.compile(r"\bstruct lw_\w+ (\w+) = LW_CONVERT_(DEFINE_\w+|DECLARE_RWSEM)\(\1, (&\w+)\)")
# The kernel's lock calls, as finish.py finds them in macro bodies.
MACRO_LOCK_CALL = re.compile(
    r"\b((?:raw_)?spin_(?:lock|unlock|trylock)\w*|(?:read|write)_(?:lock|unlock|trylock)\w*"
    r"|mutex_(?:lock|unlock|trylock|init)\w*|(?:down|up)_(?:read|write)\w*"
    r"|lockdep_assert_held\w*|guard\((?!lw_)\w+\)|scoped_guard\((?!lw_)\w+)")


def sources(out):
    """The C sources and headers under OUT, relative paths, sorted."""
    found = []
    for root, _, files in os.walk(out):
        for name in files:
            if name.endswith((".c", ".h")):
                found.append(os.path.relpath(os.path.join(root, name), out))
    return sorted(found)


def insert_after_includes(text, lines):
    """TEXT with LINES inserted after its last top-level #include line (or
    after its leading comment when it has none)."""
    src = text.split("\n")
    at = None
    for i, line in enumerate(src):
        if line.startswith("#include"):
            at = i + 1
    if at is None:
        at = 0
        if src and src[0].startswith(("//", "/*")):
            while at < len(src) and not src[at].rstrip().endswith(("*/",)) and \
                    not src[at].startswith("//"):
                at += 1
            at += 1
    return "\n".join(src[:at] + lines + src[at:])


def finish_files(out):
    """Add the include and the class definitions; return {class: [file]}."""
    classes = collections.defaultdict(list)
    for rel in sources(out):
        path = os.path.join(out, rel)
        with open(path) as f:
            text = f.read()
        if not USES_LOCKWARDEN.search(text) or INCLUDE in text:
            continue
        text = STATIC_DEF.sub(r"LW_\2(\1, \3)", text)
        names = []
        for m in INIT_CLASS.finditer(text):
            name = m.group(1) or m.group(2) or m.group(3)
            if name not in names:
                names.append(name)
        add = [INCLUDE]
        if names:
            add += ["", "/* lockwarden convert: one lock class per lock */"]
            add += ["static LW_DEFINE_CLASS(%s, 0);" % n for n in names]
        for n in names:
            classes[n].append(rel)
        with open(path, "w") as f:
            f.write(insert_after_includes(text, add))
    return classes


def macro_calls(out):
    """The kernel's lock calls left in OUT's #define bodies, where the passes
    know no types unless the body declares them."""
    found = []
    for rel in sources(out):
        with open(os.path.join(out, rel)) as f:
            lines = f.read().split("\n")
        in_macro = False
        for n, line in enumerate(lines, 1):
            if line.startswith("#define"):
                in_macro = True
            if in_macro:
                for m in MACRO_LOCK_CALL.finditer(line):
                    found.append(("%s:%d" % (rel, n), m.group(1)))
            in_macro = in_macro and line.rstrip().endswith("\\")
    return found


def convert_macro_calls(out, rows, macros):
    """Convert, in OUT's #define bodies, the calls and guards on a variable
    pass 1 converted in the same file, by its name (&NAME): no types are
    known there, but a name is. Return (the calls converted, as report
    rows; the macro calls left)."""
    variables = collections.defaultdict(set)
    for kind, where, what, _ in rows:
        if kind == "lock" and re.fullmatch(r"\w+", what):
            variables[where.rsplit(":", 1)[0]].add(what)
    done, left = [], []
    for where, what in macros:
        rel, n = where.rsplit(":", 1)
        names = "|".join(sorted(variables.get(rel, ())))
        # An init call needs the lock's class: left, to write by hand.
        if not names or what.endswith("_init"):
            left.append((where, what))
            continue
        path = os.path.join(out, rel)
        with open(path) as f:
            lines = f.read().split("\n")
        line = lines[int(n) - 1]
        if what.startswith(("guard(", "scoped_guard(")):
            cls = re.search(r"\((\w+)", what).group(1)
            pat = r"\b%s\(%s\)\(&(?:%s)\b" % ("guard", cls, names) if what.startswith("guard(") \
                else r"\bscoped_guard\(%s, &(?:%s)\b" % (cls, names)
            new = re.sub(pat, lambda m: m.group(0).replace("(" + cls, "(lw_" + cls, 1), line)
            lw = what.replace("(" + cls, "(lw_" + cls, 1)
        else:
            lw = "lw_" + what
            if what.startswith("lockdep_assert_held"):
                lw = "lw_assert_held_once" if what.endswith("_once") else "lw_assert_held"
            new = re.sub(r"(?<![\w>.])%s\(&(%s)\b" % (what, names), r"%s(&\1" % lw, line)
        if new == line:
            left.append((where, what))
            continue
        lines[int(n) - 1] = new
        with open(path, "w") as f:
            f.write("\n".join(lines))
        done.append(("call", where, what, "%s, in a macro body, by the variable's name" % lw))
    return done, left


def compact(expr):
    """An expression as Coccinelle prints it ("& x -> f"), as C is written."""
    expr = re.sub(r"\s+", " ", expr.strip())
    expr = re.sub(r" ?(->|\.|\(|\)|\[|\]) ?", r"\1", expr)
    return expr.replace("& ", "&").replace(" ,", ",").replace(",&", ", &")


def where_key(row):
    """Sort key of a report row: its file, then its line as a number."""
    path, line = row[1].rsplit(":", 1)
    return (path, int(line))


def main():
    src, out, raw, report = sys.argv[1:5]
    rows = []
    with open(raw) as f:
        for line in f:
            kind, where, what, why = line.rstrip("\n").split("\t", 3)
            path, lineno = where.rsplit(":", 1)
            where = "%s:%s" % (os.path.relpath(path, out), lineno)
            rows.append((kind, where, compact(what) if kind != "lock" else what,
                         re.sub(r"\s+", "", why) if kind == "kept" else why))
    # Before finish_files() adds lines: the lines are still the original's.
    converted, macros = convert_macro_calls(out, rows, macro_calls(out))
    classes = finish_files(out)
    rows = sorted(set(rows + converted), key=where_key)
    # A call reported "left" is not also "kept"; one in a macro's body is
    # reported as such, or as converted (Coccinelle parses some bodies, with
    # no types).
    left_at = {r[1] for r in rows if r[0] == "left"} | {where for where, _ in macros} | \
        {r[1] for r in converted}
    by_kind = collections.defaultdict(list)
    for row in rows:
        if row[0] == "kept" and row[1] in left_at:
            continue
        by_kind[row[0]].append(row)
    # An own lock left unconverted: its kept calls are the driver's, not a
    # subsystem's.
    own = set()
    pointers = set()
    for _, _, what, why in by_kind["left"]:
        m = re.match(r"\w+\((\w+)\)$", what)
        if m:
            own.add("&" + m.group(1))
        m = re.search(r"\*(\w+)\)?$", what)
        if m and why.startswith(("a pointer", "a parameter")):
            pointers.add(m.group(1))

    w = open(report, "w") if report != "-" else sys.stdout
    w.write("lockwarden convert report: %s, converted into %s\n" % (src, out))
    w.write("(lines are those of the original source)\n\n")
    w.write("converted locks: %d\n" % len(by_kind["lock"]))
    for _, where, what, why in by_kind["lock"]:
        w.write("  %s: %s (%s)\n" % (where, what, why))
    w.write("\nclasses: %d\n" % len(classes))
    for name, files in sorted(classes.items()):
        w.write("  %s, defined in %s\n" % (name, ", ".join(files)))
    counts = collections.Counter(what for _, _, what, _ in by_kind["call"])
    w.write("\nconverted calls: %d\n" % len(by_kind["call"]))
    for fn, n in sorted(counts.items()):
        w.write("  %-30s %d\n" % (fn, n))
    not_converted = by_kind["left"] + [r for r in by_kind["kept"] if r[3] in own | pointers]
    w.write("\nnot converted: %d\n" % len(not_converted))
    for kind, where, what, why in sorted(not_converted, key=where_key):
        if kind == "kept" and why in pointers:
            why = "through a pointer to a kernel lock (reported above)"
        elif kind == "kept":
            why = "the lock's definition was not converted"
        w.write("  %s: %s: %s\n" % (where, what, why))
    w.write("\nin macro bodies, left as written (no types there: check by hand): %d\n" % len(macros))
    for where, what in macros:
        w.write("  %s: %s\n" % (where, what))
    borrowed = [r for r in by_kind["kept"] if r[3] not in own | pointers]
    w.write("\nleft alone, locks the driver does not declare (borrowed): %d\n" % len(borrowed))
    for _, where, what, _ in borrowed:
        w.write("  %s: %s\n" % (where, what))
    if w is not sys.stdout:
        w.close()


if __name__ == "__main__":
    main()
