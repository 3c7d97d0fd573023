#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The layering check of lockwarden.ko: every call goes down, never up.

lockwarden.ko's objects live in one folder per layer (Documentation/
lockwarden.rst, "Implementation details"), lowest first: engine, core,
raise, checks, outputs, then main.o. From each object's undefined symbols
(nm), every symbol that another object of the module defines must be of
the object's own layer or one below; and the outputs, which work from
copies the core hands them, may not reference the engine's state or its
lock (the engine lock's functions, struct lw_engine, or any engine
function: only the engine's constant name tables).

The headers go down as well (--includes): every #include "..." of a
layer's source names a header of its own layer or one below, so that no
layer builds on a contract above it even where it references no symbol.

The layers' table in that section is checked too (--doc): every source
file of a layer folder is named in its layer's row (or, with its folder,
elsewhere in the section), and every file a row names is in that folder,
so that the table says where each file, and a change, belongs.

Usage: layers.py MODFILE            check the objects MODFILE lists (the
                                    lockwarden.mod kbuild writes; paths
                                    relative to the module's directory
                                    from 6.13)
       layers.py --includes MODULE  check the includes of MODULE's sources
       layers.py --doc RST MODULE   check RST's layers' table against the
                                    layer folders of MODULE
       layers.py --self-test        check the checker on objects built here,
                                    and the --doc check on a table written here
Output is TAP; exit 0 when every object keeps to its layer.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

from tap import Tap

LAYERS = ["engine", "core", "raise", "checks", "outputs"]
TOP = len(LAYERS)  # main.o, and anything outside the layer folders

# What the outputs may not reference, beyond the engine layer's functions.
ENGINE_STATE = {"lw_engine", "lw_engine_lock", "lw_engine_unlock"}
# The engine's symbols the outputs may reference: constant name tables.
ENGINE_TABLES = {"lw_kinds"}


def layer_of(obj):
    """The rank of the layer of an object, from its folder."""
    parent = os.path.basename(os.path.dirname(obj))
    return LAYERS.index(parent) if parent in LAYERS else TOP


def layer_name(rank):
    return LAYERS[rank] if rank < TOP else "main"


def short(obj):
    """An object's name as reports give it: its layer folder and file."""
    return os.path.relpath(obj, os.path.dirname(os.path.dirname(obj)))


def symbols(obj):
    """The global symbols @obj defines, and those it references."""
    out = subprocess.run(["nm", obj], check=True, capture_output=True,
                         text=True).stdout
    defined, undefined = set(), set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] == "U":
            undefined.add(parts[1])
        elif len(parts) == 3 and parts[1].isupper():
            defined.add(parts[2])
    return defined, undefined


def violations(objs):
    """Every reference in @objs that goes up a layer or reaches in, as
    (the object making it, a sentence)."""
    table = {obj: symbols(obj) for obj in objs}
    owner = {}
    for obj, (defined, _) in table.items():
        for sym in defined:
            owner[sym] = obj
    found = []
    for obj, (_, undefined) in sorted(table.items()):
        here = layer_of(obj)
        for sym in sorted(undefined):
            if sym not in owner:
                continue  # the kernel's
            there = layer_of(owner[sym])
            name = short(obj)
            if there > here:
                found.append((obj, f"{name} ({layer_name(here)}) calls up into "
                                  f"{sym} of {layer_name(there)}"))
            elif here == LAYERS.index("outputs") and (
                    sym in ENGINE_STATE or
                    (there == 0 and sym not in ENGINE_TABLES)):
                found.append((obj, f"{name} (outputs) reaches into the engine: {sym}"))
    return found


def points(bad, items, desc, whole):
    """TAP: a point per one of @items, named desc(item), failing on the
    problems of @bad ((item, sentence) pairs) about it, then one named
    @whole over them all; returns the exit status."""
    tap = Tap()
    for item in items:
        mine = [text for about, text in bad if about == item]
        tap.ok(not mine, desc(item), "\n".join(mine))
    tap.ok(not bad, whole, "\n".join(text for _, text in bad))
    return tap.end()


def check(objs):
    """TAP: one point per object; returns the exit status."""
    return points(violations(objs), objs, short,
                  f"no call goes up a layer ({len(objs)} objects)")


INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def sources(module):
    """The sources of @module's layer folders, and main.c: paths below it."""
    found = []
    for layer in LAYERS:
        folder = os.path.join(module, layer)
        if os.path.isdir(folder):
            found += sorted(os.path.join(layer, f) for f in os.listdir(folder)
                            if f.endswith((".c", ".h")))
    found += sorted(f for f in os.listdir(module) if f.endswith(".c"))
    return found


def include_problems(module):
    """Every #include of @module's layer sources that names a header of a
    layer above, as (the including file's layer, a sentence)."""
    found = []
    for path in sources(module):
        here = layer_of(os.path.join(module, path))
        with open(os.path.join(module, path)) as f:
            text = f.read()
        for inc in INCLUDE.findall(text):
            # As the compiler finds it: beside the including file first,
            # then from module/ (kbuild's -I$(src)).
            beside = os.path.join(os.path.dirname(path), inc)
            target = beside if os.path.exists(os.path.join(module, beside)) else inc
            there = layer_of(os.path.join(module, target))
            if there > here:
                where = f"of {LAYERS[there]}" if there < TOP else "from outside the layers"
                found.append((layer_name(here), f"{path} ({layer_name(here)}) "
                              f"includes {inc} {where}"))
    return found


def include_check(module):
    """TAP: one point per layer, one for the whole; returns the exit status."""
    return points(include_problems(module), LAYERS,
                  lambda layer: f"every header {layer}/ includes is of its "
                                f"layer or one below",
                  f"no source of module/'s layers includes a header above "
                  f"it ({len(sources(module))} files)")


def doc_section(rst):
    """The text of @rst's "Layers" section (Implementation details)."""
    m = re.search(r"^Layers\n-+\n(.*?)(?=^\S[^\n]*\n[-=~]{3,}\n)", rst,
                  re.M | re.S)
    return m.group(1) if m else ""


def doc_rows(section):
    """{layer: the text of its row} of the section's table."""
    rows, layer = {}, None
    for line in section.splitlines():
        first = line.split(" ", 1)[0]
        if first in LAYERS:
            layer = first
            rows[layer] = line[len(first):]
        elif layer and line.startswith(" "):
            rows[layer] += " " + line.strip()
        else:
            layer = None
    return rows


def doc_problems(rst, module):
    """What the layers' table of @rst gets wrong about @module's folders, as
    (the layer it is about, or None for the whole section, a sentence)."""
    section = doc_section(rst)
    if not section:
        return [(None, "no \"Layers\" section")]
    rows = doc_rows(section)
    named = set(re.findall(r"``([\w/.-]+\.[ch])``", section))
    found = []
    for layer in LAYERS:
        folder = os.path.join(module, layer)
        if layer not in rows or not os.path.isdir(folder):
            found.append((layer, f"no row for {layer}/, or no such folder"))
            continue
        files = sorted(f for f in os.listdir(folder) if f.endswith((".c", ".h")))
        in_row = set(re.findall(r"``([\w.-]+\.[ch])``", rows[layer]))
        for f in files:
            if f not in in_row and f"{layer}/{f}" not in named:
                found.append((layer, f"{layer}/{f} is not named in the table"))
        for f in sorted(in_row - set(files)):
            found.append((layer, f"the {layer} row names {f}, "
                                 f"which {layer}/ does not have"))
    for path in sorted(n for n in named if "/" in n):
        if not os.path.exists(os.path.join(module, path)):
            layer = path.split("/", 1)[0]
            found.append((layer if layer in LAYERS else None,
                          f"the section names {path}, which does not exist"))
    return found


def doc_check(rst_path, module):
    """TAP: one point per layer, one for the whole; returns the exit status."""
    with open(rst_path) as f:
        bad = doc_problems(f.read(), module)
    return points(bad, LAYERS,
                  lambda layer: f"every file of {layer}/ is named in its row",
                  f"the layers' table of {os.path.basename(rst_path)} names "
                  f"every file of module/'s layers, and no other")


def build(tmp, files):
    """Compile {path: C source} under @tmp, return the objects."""
    objs = []
    for path, src in files.items():
        c = os.path.join(tmp, path + ".c")
        os.makedirs(os.path.dirname(c), exist_ok=True)
        with open(c, "w") as f:
            f.write(src)
        o = c[:-2] + ".o"
        subprocess.run(["cc", "-c", "-o", o, c], check=True)
        objs.append(o)
    return objs


def self_test():
    """The checker passes a module that calls down and fails each kind of
    violation, naming it."""
    good = {
        "engine/graph": "int lw_graph_add(void) { return 1; }\n"
                        "const char *lw_kinds[1];\n",
        "core/state": "int lw_graph_add(void);\nint lw_engine;\n"
                      "int lw_engine_lock(void) { return lw_graph_add() + lw_engine; }\n"
                      "int lw_snap(void) { return 0; }\n",
        "raise/raise": "int lw_engine_lock(void);\n"
                       "int lw_raise(void) { return lw_engine_lock(); }\n",
        "checks/acquire": "int lw_raise(void);\nint lw_graph_add(void);\n"
                          "int lw_acquire(void) { return lw_raise() + lw_graph_add(); }\n",
        "outputs/report": "int lw_snap(void);\nextern const char *lw_kinds[1];\n"
                          "int lw_print(void) { return lw_snap() + !!lw_kinds[0]; }\n",
        "main": "int lw_print(void);\nint lw_acquire(void);\n"
                "int init(void) { return lw_print() + lw_acquire(); }\n",
    }
    wrong = [
        ("checks/acquire", "int lw_print(void);\n"
         "int lw_acquire(void) { return lw_print(); }\n",
         "checks/acquire.o (checks) calls up into lw_print of outputs"),
        ("core/state", "int lw_raise(void);\n"
         "int lw_engine_lock(void) { return lw_raise(); }\nint lw_snap(void) { return 0; }\n"
         "int lw_engine;\n",
         "core/state.o (core) calls up into lw_raise of raise"),
        ("outputs/report", "int lw_engine_lock(void);\n"
         "int lw_print(void) { return lw_engine_lock(); }\n",
         "outputs/report.o (outputs) reaches into the engine: lw_engine_lock"),
        ("outputs/report", "int lw_graph_add(void);\n"
         "int lw_print(void) { return lw_graph_add(); }\n",
         "outputs/report.o (outputs) reaches into the engine: lw_graph_add"),
    ]
    tap = Tap()
    tmp = tempfile.mkdtemp()
    try:
        objs = build(os.path.join(tmp, "good"), good)
        bad = violations(objs)
        tap.ok(not bad, "a module whose calls go down passes", found_lines(bad))
        # A .mod of 6.13 and later, in main's folder, lists the objects
        # relative to it; one of 6.12, absolute paths.
        mod = os.path.join(tmp, "good", "lockwarden.mod")
        rel = [os.path.relpath(o, os.path.dirname(mod)) for o in objs]
        got = [resolve(r, mod) for r in rel] + [resolve(objs[0], mod),
                                                 resolve("core/none.o", mod)]
        tap.ok(got == objs + [objs[0], "core/none.o"],
               "a .mod's relative paths resolve to its objects, absolute ones "
               "stay, one that is nowhere stays as listed", [])
        for i, (path, src, expect) in enumerate(wrong):
            files = dict(good, **{path: src})
            found = violations(build(os.path.join(tmp, f"wrong{i}"), files))
            whose = found[0][0].endswith(path + ".o") if found else False
            tap.ok([text for _, text in found] == [expect] and whose,
                   f"fails, naming it: {expect}", found_lines(found))
    finally:
        shutil.rmtree(tmp)
    include_self_test(tap)
    doc_self_test(tap)
    return tap.end()


INCLUDES_GOOD = {
    "engine/engine.h": "",
    "engine/graph.c": '#include "engine.h"\n',
    "core/core.h": '#include "engine/engine.h"\n',
    "core/state.c": '#include "core/core.h"\n#include <linux/slab.h>\n',
    "raise/raise.h": '#include "core/core.h"\n',
    "checks/checks.h": '#include "raise/raise.h"\n',
    "outputs/outputs.h": '#include "checks/checks.h"\n',
    "outputs/report.c": '#include "outputs.h"\n#include "engine/engine.h"\n',
    "main.c": '#include "outputs/outputs.h"\n',
}

INCLUDES_WRONG = [
    ("engine/graph.c", '#include "engine.h"\n#include "core/core.h"\n',
     "engine", "engine/graph.c (engine) includes core/core.h of core"),
    ("checks/checks.h", '#include "raise/raise.h"\n # include "outputs/outputs.h"\n',
     "checks", "checks/checks.h (checks) includes outputs/outputs.h of outputs"),
    ("raise/raise.h", '#include "core/core.h"\n#include "stray.h"\n',
     "raise", "raise/raise.h (raise) includes stray.h from outside the layers"),
]


def include_self_test(tap):
    """The --includes check passes sources whose includes go down and fails
    an include of a layer above, a spaced #include, and a header beside the
    layers, naming each; points of @tap."""
    tmp = tempfile.mkdtemp()
    try:
        def write(files):
            shutil.rmtree(tmp)
            for path, text in files.items():
                os.makedirs(os.path.join(tmp, os.path.dirname(path)), exist_ok=True)
                with open(os.path.join(tmp, path), "w") as f:
                    f.write(text)
        write(INCLUDES_GOOD)
        bad = include_problems(tmp)
        tap.ok(not bad, "the --includes check passes includes that go down",
               found_lines(bad))
        for path, text, layer, expect in INCLUDES_WRONG:
            write(dict(INCLUDES_GOOD, **{path: text}))
            found = include_problems(tmp)
            about = found[0][0] if found else None
            tap.ok([t for _, t in found] == [expect] and about == layer,
                   f"the --includes check fails, naming it: {expect}",
                   found_lines(found))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def found_lines(found):
    """A failed self-test point's diagnostic: what the check found."""
    return "\n".join(f"found: {text}" for _, text in found) or "found nothing"


DOC_TABLE = """Layers
------

The header per layer (``engine/engine.h``) is its contract.

=========== ====================
layer       files
=========== ====================
engine      ``graph.c`` (order),
            ``chain.c``.
core        ``state.c``.
raise       ``raise.c``.
checks      ``acquire.c``.
outputs     ``report.c``, from ``core/state.c``.
=========== ====================

Only observing
--------------

``stray.c`` is no layer's.
"""


DOC_WRONG = [
    (DOC_TABLE.replace("``chain.c``", "nothing"),
     "engine/chain.c is not named in the table", "engine"),
    (DOC_TABLE.replace("``acquire.c``", "``acquire.c``, ``gone.c``"),
     "the checks row names gone.c, which checks/ does not have", "checks"),
    (DOC_TABLE.replace("``core/state.c``", "``core/snap.c``"),
     "the section names core/snap.c, which does not exist", "core"),
]


def doc_self_test(tap):
    """The --doc check passes a table that names every file, and fails a
    file left out, a row naming a file its folder lacks, and a path to a
    file that does not exist, naming each; points of @tap."""
    files = ["engine/graph.c", "engine/chain.c", "engine/engine.h",
             "core/state.c", "raise/raise.c", "checks/acquire.c",
             "outputs/report.c"]
    tmp = tempfile.mkdtemp()
    try:
        for path in files:
            os.makedirs(os.path.join(tmp, os.path.dirname(path)), exist_ok=True)
            open(os.path.join(tmp, path), "w").close()
        bad = doc_problems(DOC_TABLE, tmp)
        tap.ok(not bad, "the --doc check passes a table naming every file",
               found_lines(bad))
        for text, expect, expect_layer in DOC_WRONG:
            found = doc_problems(text, tmp)
            about = found[0][0] if found else None
            tap.ok([t for _, t in found] == [expect] and about == expect_layer,
                   f"the --doc check fails, naming it: {expect}", found_lines(found))
    finally:
        shutil.rmtree(tmp)


def resolve(obj, modfile):
    """@obj as a path that opens: kbuild lists absolute paths up to 6.12,
    and from 6.13 paths relative to the external module's directory, which
    is the folder of @modfile or one above it."""
    if os.path.isabs(obj):
        return obj
    base = os.path.dirname(os.path.abspath(modfile))
    while True:
        if os.path.exists(os.path.join(base, obj)):
            return os.path.join(base, obj)
        if base == os.path.dirname(base):
            return obj
        base = os.path.dirname(base)


def main():
    if sys.argv[1:] == ["--self-test"]:
        return self_test()
    if len(sys.argv) == 3 and sys.argv[1] == "--includes":
        return include_check(sys.argv[2])
    if len(sys.argv) == 4 and sys.argv[1] == "--doc":
        return doc_check(sys.argv[2], sys.argv[3])
    if len(sys.argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    with open(sys.argv[1]) as f:
        objs = [line.strip() for line in f.read().split() if line.strip()]
    return check([resolve(obj, sys.argv[1]) for obj in objs])


if __name__ == "__main__":
    sys.exit(main())
