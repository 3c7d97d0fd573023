# SPDX-License-Identifier: GPL-2.0
# Sphinx configuration of lockwarden's documentation: `make htmldocs`.
#
# The kernel-doc directives use the kernel's own Sphinx extension and
# scripts/kernel-doc, from the kernel source tree in LW_KERNEL_SRC (make
# htmldocs sets it to the test kernels' source, tools/vm/kernel-src).
import os
import sys

_ksrc = os.environ.get("LW_KERNEL_SRC")
if not _ksrc:
    sys.exit("Documentation/conf.py: set LW_KERNEL_SRC to a kernel source tree")
sys.path.insert(0, os.path.join(_ksrc, "Documentation", "sphinx"))

project = "lockwarden"
master_doc = "index"
extensions = ["kerneldoc"]
kerneldoc_bin = os.path.join(_ksrc, "scripts", "kernel-doc")
kerneldoc_srctree = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
