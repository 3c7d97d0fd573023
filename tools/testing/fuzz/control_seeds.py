#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Write the hand-made seeds of the control fuzz target into corpus/control/.

Usage: control_seeds.py [DIR]

Each seed is a short session in fuzz_control.c's input format: records
separated by 0xff bytes, a record a write to control unless its first byte
names another operation (W write, C lockwarden_control(), P a write of
about a page, H a finding, B the engine lock busy or free, R the settings
read and written back). This file is their readable source: run it again
after a change of the format, and commit what it writes.
"""
import seedfiles

SEP = b"\xff"
LONG = b"a_class_name_longer_than_a_finding_keeps_it"   # 43 bytes
SHOWN = LONG[:39]                                       # what a finding shows


def session(*records):
    return SEP.join(records)


def hides(nr, *links):
    """H: @nr links, each (choice, subclass[, bytes]) as op_hides() reads
    them: choice % 4 is 0 no name, 1 filter choice // 4's name, 2 that
    name and the bytes, 3 the bytes alone."""
    b = bytearray(b"H" + bytes([nr]))
    for link in links:
        how, sub = link[0], link[1]
        b += bytes([how, sub])
        if how % 4 >= 2:
            b += bytes([len(link[2])]) + link[2]
    return bytes(b)


def seeds():
    s = {}
    s["verbs"] = session(b"on", b"off\n", b"reset", b"mode=warn", b"mode=silent\n",
                         b"lockstat=on", b"lockstat=off\n", b"filter=a", b"unfilter=a",
                         b"budget=a:5", b"unfilter", b"R")
    s["refused"] = session(b"bogus", b"ON", b"on ", b" on", b"on\n\n", b"\n", b"W",
                           b"mode=", b"mode=loud", b"mode= warn", b"mode", b"filter",
                           b"filter=", b"off=1", b"reset=now", b"unfilter=", b"on\0",
                           b"on\0off", b"\0", b"mode=warn\0", b"mode=warn\n\n",
                           b"filter=a\tb", b"=on", b"checking=on")
    s["filters"] = session(b"filter=a", b"filter=a/1", b"filter=a/7", b"filter=a/8",
                           b"filter=a/+1", b"filter=a/", b"filter=//1", b"filter=x=y",
                           b"filter=a/b/2", b"filter=" + SHOWN, b"filter=" + SHOWN + b"/3",
                           b"filter=" + LONG, b"unfilter=a/1", b"unfilter=a/1", b"R")
    s["filters_full"] = session(*[b"filter=f%d" % i for i in range(17)],
                                b"filter=f3", b"unfilter=f0", b"filter=f16", b"R")
    s["budgets"] = session(b"budget=a:1", b"budget=a:b:7", b"budget=a/1:7", b"budget=a:+05",
                           b"budget=a:18446744073709551", b"budget=a:18446744073709552",
                           b"budget=:1", b"budget=a:", b"budget=a:-1", b"budget=a:0x10",
                           b"budget=" + SHOWN + b":1", b"budget=" + LONG[:40] + b":1",
                           b"budget=a\tb:5", b"budget=a\nb:5", b"budget=b:0", b"budget=a:0", b"R")
    s["budgets_full"] = session(*[b"budget=b%d:%d" % (i, i + 1) for i in range(17)],
                                b"budget=b3:0", b"budget=b16:9", b"R")
    s["newlines"] = session(b"filter=a/3\n\n", b"budget=a:5\n\n", b"filter=a/3\n",
                            b"Cbudget=a:5\n", b"Cfilter=a/3\n", b"Con", b"Con\n", b"C",
                            b"Cmode=panic\0junk")
    s["busy"] = session(b"filter=a", b"B", b"filter=b", b"unfilter=a", b"unfilter",
                        b"unfilter=zz", b"filter=a", b"B", b"unfilter=a", b"R")
    s["hides"] = session(b"filter=" + SHOWN, b"filter=b/2", b"filter=c",
                         hides(1, (2, 0, LONG[39:])), hides(1, (2, 3, LONG[39:])),
                         hides(3, (2, 0, LONG[39:]), (1, 1), (0, 0)),
                         hides(2, (5, 2), (5, 1)),
                         hides(10, *[(3, 0, b"x")] * 7, (9, 5)),
                         hides(1, (3, 0, b"c")), hides(1, (3, 0, b"cc")))
    s["page"] = session(b"P0\x08budget=a:", b"Po\x00filter=", b"P0\x09budget=a:",
                        b"P0\x10budget=a:", b"P\n\x07on")
    return s


def main():
    seedfiles.write("control", seeds())


if __name__ == "__main__":
    main()
