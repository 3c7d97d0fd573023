#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# tails.sh MODULE.ko...: print each function of the modules that jumps into
# lockwarden.ko (a call compiled as a tail call, whose hook would report
# its caller's caller as the site); exit 1 if there is one, 0 if none.
found=0
for m in "$@"; do
	jumps=$(objdump -dr "$m" | awk -v m="${m##*/}" '
		/^[0-9a-f]+ <[^>]*>:$/ { fn = $2 }
		/\tjmp / { j = 1; next }
		j && / R_X86_64_PLT32[ \t]+lockwarden_/ {
			sub(/-0x4$/, "", $NF)
			print m ": " fn " jumps to " $NF
		}
		{ j = 0 }')
	[ -z "$jumps" ] || { echo "$jumps"; found=1; }
done
exit $found
