# SPDX-License-Identifier: GPL-2.0
"""What the seed writers of the fuzz targets share: writing their seeds as files.

control_seeds.py and engine_seeds.py import it; it is not run alone.
"""
import os
import sys


def write(target, seeds):
    """Write each of seeds (name: bytes) as seed-NAME into the DIR named on
    the command line, else into corpus/TARGET/ beside this file."""
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "corpus", target)
    os.makedirs(out, exist_ok=True)
    for name, seed in sorted(seeds.items()):
        with open(os.path.join(out, "seed-" + name), "wb") as f:
            f.write(seed)
