#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# In the guest of the convert tier: lockwarden's findings, and its classes,
# graph and lockstat lines matching PATTERN, each after a "== NAME-<file>"
# line, then "== NAME-end".
#
# Usage: lw_state.sh NAME PATTERN
d=/sys/kernel/debug/lockwarden
echo "== $1-findings"
cat $d/findings
for f in classes graph lockstat; do
	echo "== $1-$f"
	grep "$2" $d/$f
done
echo "== $1-end"
