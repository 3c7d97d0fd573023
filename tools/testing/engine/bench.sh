#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Run the engine benchmark under callgrind and print, per operation,
# "bench: NAME VALUE instructions": the instructions of one call, that is
# the dump's total over its N calls, less the same loop with an empty
# operation (printed first, as call_overhead).
#
# Usage: bench.sh [./engine_bench]
set -eu

prog=${1:-./engine_bench}
if ! command -v valgrind >/dev/null 2>&1; then
	echo "bench: valgrind is not installed (apt-get install valgrind)" >&2
	exit 1
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

if ! valgrind --tool=callgrind --callgrind-out-file="$dir/cg.out" "$prog" \
		>"$dir/log" 2>&1; then
	cat "$dir/log" >&2
	exit 1
fi

# One dump per operation, numbered in the order they ran.
i=1
while [ -f "$dir/cg.out.$i" ]; do
	awk '/^desc: Trigger: Client Request: / { name = $5; n = $6 }
	     /^totals: / { total = $2 }
	     END { print name, n, total }' "$dir/cg.out.$i"
	i=$((i + 1))
done | awk '
	$1 == "call_overhead" { overhead = $3 / $2 }
	{ per = $3 / $2; if ($1 != "call_overhead") per -= overhead
	  printf "bench: %s %.0f instructions\n", $1, per }'
