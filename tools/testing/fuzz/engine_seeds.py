#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Write the hand-made seeds of the engine fuzz target into corpus/engine/.

Usage: engine_seeds.py [DIR]

Each seed is a short scenario in fuzz_engine.c's input format (four bytes
of sizes, then operations); this file is their readable source. Run it
again after a change of the format, and commit what it writes.
"""
import seedfiles

# fuzz_engine.c's enum fuzz_op, in order.
(ADD, CLOSES_CYCLE, FORGET, PAIR, GRAPH_RESET, CHAIN_INSERT, CHAIN_LOOKUP,
 CHAIN_RESET, KEY_NEXT, ACQUIRE, RAISE, RING_GET, FIND_SERIAL, RING_RESET,
 CLOCK, RESET_ALL) = range(16)


class Seed:
    def __init__(self, classes=8, edges=64, slots=64, ring=8):
        self.nc = classes
        self.b = bytearray([classes, edges, slots, ring])

    def cls(self, c):
        """A class id 1..nc, as in_class() decodes it."""
        assert 1 <= c <= self.nc
        return c - 1

    def add(self, a, b, shared=False, tag=0):
        self.b += bytes([ADD, self.cls(a), self.cls(b), tag << 1 | shared])
        return self

    def chain(self, *ids):
        for a, b in zip(ids, ids[1:]):
            self.add(a, b)
        return self

    def closes(self, a, b, tag=0):
        self.b += bytes([CLOSES_CYCLE, self.cls(a), self.cls(b), tag])
        return self

    def forget(self, c):
        self.b += bytes([FORGET, self.cls(c)])
        return self

    def forget_raw(self, byte):
        """0xff forgets id 0, 0xf8..0xfe an id past the table."""
        self.b += bytes([FORGET, byte])
        return self

    def pair(self, a, b):
        self.b += bytes([PAIR, self.cls(a), self.cls(b)])
        return self

    def op(self, op):
        self.b += bytes([op])
        return self

    def key_home(self, op, home, high):
        """A chain key with low bits @home (0..7) and high 32 bits @high."""
        self.b += bytes([op, 2 | home << 2]) + high.to_bytes(4, "little")
        return self

    def key_raw(self, op, key):
        self.b += bytes([op, 0]) + key.to_bytes(8, "little")
        return self

    def key_special(self, op, which):
        """0: key 0, 1: LW_CHAIN_KEY_ZERO, 2: ~0, 3: 1."""
        self.b += bytes([op, 3 | which << 2])
        return self

    def key_next(self, key, a, fa, b, fb):
        self.b += bytes([KEY_NEXT, 0]) + key.to_bytes(8, "little")
        for v in (a, b, fa, fb):
            self.b += v.to_bytes(2, "little")
        return self

    def acquire(self, held, new, shared=()):
        self.b += bytes([ACQUIRE, len(held) - 1])
        for i, c in enumerate(held):
            self.b += bytes([self.cls(c), 1 if i in shared else 0])
        self.b += bytes([self.cls(new), 0])
        return self

    def raise_(self, kind, links=(), truncated=False, rank=(0, 0), ns=0, pid=1,
               comm=2, stacks=0, seed=0, nr_stack=(0, 0), saved=0):
        """links: (name index 0..8, sub index 0..3, ip index 0..5) each."""
        self.b += bytes([RAISE, kind, len(links) | (128 if truncated else 0)])
        for name, sub, ip in links[:8]:
            self.b += bytes([name | sub << 4, ip])
        self.b += bytes([rank[0] & 0xff, rank[1] & 0xff]) + ns.to_bytes(2, "little")
        self.b += pid.to_bytes(2, "little") + bytes([comm, stacks, seed])
        self.b += bytes([nr_stack[0], nr_stack[1], saved])
        return self

    def ring_get(self, i):
        self.b += bytes([RING_GET, i])
        return self

    def find_serial(self, back):
        """The serial @back below the next one (2 - back % 24 past the last)."""
        self.b += bytes([FIND_SERIAL, back])
        return self

    def clock(self, step):
        self.b += bytes([CLOCK, 0]) + step.to_bytes(2, "little")
        return self


def seeds():
    s = {}
    s["abba"] = Seed(2).add(1, 2).add(2, 1).pair(1, 2)
    for n in (3, 7, 8, 9, 12):
        # A cycle of n links: kept whole up to LW_CHAIN_MAX (8), truncated past.
        s["cycle_len_%d" % n] = Seed(n + 2).chain(*range(1, n + 1)).add(n, 1)
        # The same against the order: the path runs down the ids.
        s["cycle_len_%d_down" % n] = Seed(n + 2).chain(*range(n, 0, -1)).add(1, n)
    s["recursive_read"] = (Seed(3).add(2, 1, shared=True).closes(1, 2)
                           .add(2, 1).closes(1, 2).add(2, 3, shared=True)
                           .add(3, 1).closes(1, 2).closes(1, 1))
    s["reorder"] = (Seed(10).add(5, 4).add(4, 3).add(3, 2).add(2, 1)
                    .add(9, 5).add(1, 8).add(6, 7).add(8, 6).add(7, 9))
    s["reorder_two_chains"] = (Seed(12).chain(1, 2, 3, 4).chain(9, 10, 11, 12)
                               .add(4, 9).add(12, 1).add(3, 10))
    s["forget_reuse"] = (Seed(5).chain(1, 2, 3, 4).add(5, 2).forget(2).pair(1, 2)
                         .add(3, 2).add(2, 1).forget_raw(0xff).forget_raw(0xf9)
                         .forget(5).chain(4, 5, 1))
    s["nospace"] = Seed(4, edges=2).add(1, 2).add(2, 3).add(3, 4).add(4, 1).add(1, 2)
    s["no_edge_pool"] = Seed(3, edges=0).add(1, 2).add(2, 1).add(1, 1).closes(1, 2)
    s["graph_reset"] = (Seed(4).chain(1, 2, 3).add(4, 1).op(GRAPH_RESET)
                        .add(3, 1).add(2, 4).op(GRAPH_RESET).op(GRAPH_RESET))
    s["many_classes"] = Seed(64, edges=255)
    for i in range(1, 64):
        s["many_classes"].add(64 - i + 1, 64 - i, tag=i)
    s["many_classes"].add(1, 64).closes(1, 64).forget(32).add(1, 64)

    ch = Seed(1, slots=64)
    for high in range(34):      # one past the probe bound, all at home 0
        ch.key_home(CHAIN_INSERT, 0, high + 1)
    for high in range(36):
        ch.key_home(CHAIN_LOOKUP, 0, high + 1)
    ch.op(CHAIN_RESET).key_home(CHAIN_LOOKUP, 0, 1).key_home(CHAIN_INSERT, 0, 1)
    s["chain_full_home"] = ch
    s["chain_zero_key"] = (Seed(1, slots=8).key_special(CHAIN_INSERT, 0)
                           .key_special(CHAIN_LOOKUP, 1).key_special(CHAIN_LOOKUP, 0)
                           .key_special(CHAIN_INSERT, 1).key_special(CHAIN_INSERT, 2)
                           .key_special(CHAIN_LOOKUP, 3))
    odd = Seed(1, slots=5)
    for high in range(6):
        odd.key_home(CHAIN_INSERT, high % 3, high)
    odd.key_home(CHAIN_LOOKUP, 1, 1)
    s["chain_odd_size"] = odd
    s["chain_no_slots"] = (Seed(1, slots=0).key_raw(CHAIN_INSERT, 0x1234)
                           .key_raw(CHAIN_LOOKUP, 0x1234).op(CHAIN_RESET))
    wrap = Seed(1, slots=64)
    for high in range(40):      # home 7 of 64 slots: probes run on past the end
        wrap.key_home(CHAIN_INSERT, 7, high + 100)
    s["chain_probe_past_end"] = wrap
    s["key_next"] = (Seed(1).key_next(0, 1, 0, 1, 1).key_next(0, 1, 0, 2, 0)
                     .key_next(0xffffffffffffffff, 65535, 65535, 0, 0))

    s["acquire_cache"] = (Seed(6).acquire([1], 2).acquire([1], 2).acquire([1, 2], 3)
                          .acquire([1, 2], 3).acquire([3], 1).acquire([2, 3], 1)
                          .forget(2).acquire([1, 2], 3).acquire([1], 2)
                          .op(GRAPH_RESET).acquire([1], 2).acquire([1], 2)
                          .acquire([4, 5, 6, 1], 2, shared=(3,)))
    s["acquire_long_cycle"] = Seed(12)
    for i in range(1, 11):
        s["acquire_long_cycle"].acquire([i], i + 1)
    s["acquire_long_cycle"].acquire([11], 1).acquire([11], 1).ring_get(0)

    r = Seed(1, ring=3)
    for k in range(5):
        r.raise_(1, links=[(k % 9, 0, 2), (3, 0, 3)], pid=k).clock(7)
    r.raise_(1, links=[(4, 0, 2), (3, 0, 3)]).raise_(1, links=[(4, 0, 2), (3, 0, 3)])
    for back in range(6):
        r.find_serial(back)
    r.ring_get(0).ring_get(2).ring_get(3).op(RING_RESET).find_serial(2).raise_(0)
    s["ring_overwrite"] = r
    s["ring_dedup_fields"] = (Seed(1, ring=8)
                              .raise_(2, links=[(0, 0, 0)]).raise_(2, links=[(1, 0, 0)])
                              .raise_(2, links=[(2, 1, 0)]).raise_(2, links=[(7, 0, 0)])
                              .raise_(2, links=[(2, 0, 1)]).raise_(3, links=[(2, 0, 1)])
                              .raise_(2, links=[(5, 0, 2)]).raise_(2, links=[(6, 0, 2)])
                              .raise_(2, links=[(2, 0, 1)], truncated=True, pid=9)
                              .raise_(4).raise_(4, links=[(0, 0, 0)]))
    s["ring_stacks"] = (Seed(1, ring=4)
                        .raise_(1, links=[(2, 0, 1)], stacks=1, nr_stack=(16, 0))
                        .raise_(1, links=[(3, 0, 1)], stacks=4, saved=16)
                        .raise_(1, links=[(3, 0, 1)], stacks=4, saved=3)
                        .raise_(1, links=[(4, 0, 1)], stacks=5, nr_stack=(0, 13), saved=2)
                        .raise_(1, links=[(5, 0, 1)], stacks=6, nr_stack=(12, 12))
                        .raise_(1, links=[(6, 3, 4)] * 8 + [(1, 1, 1)] * 2, comm=3))
    s["ring_none"] = Seed(1, ring=0).raise_(1).raise_(1).ring_get(0).find_serial(2)
    mix = Seed(4, edges=8, slots=4, ring=2)
    mix.acquire([1], 2).acquire([2], 3).acquire([3], 1).op(RESET_ALL).acquire([3], 1)
    mix.raise_(5).op(RESET_ALL).find_serial(1)
    s["reset_all"] = mix
    return s


def main():
    seedfiles.write("engine", {name: seed.b for name, seed in seeds().items()})


if __name__ == "__main__":
    main()
