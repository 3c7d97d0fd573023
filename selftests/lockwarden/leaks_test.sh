#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# kselftest run after the others on the sanitizer kernel: unloads every
# lockwarden module still loaded, then has kmemleak scan, and passes when
# no leaked object was allocated by lockwarden.
#
# Usage: leaks_test.sh
#        leaks_test.sh --classify FILE   (the verdict on a saved kmemleak
#                                         report alone: run_all.sh tests it)
# A leak is lockwarden's when its allocation trace names lockwarden or an
# lw_ symbol, or holds an address no symbol resolves: module text unloaded
# since (in the test VM only lockwarden's modules unload). The kernel's own
# leaks are listed as comments, not failures. Output is TAP; exit 0 pass,
# 1 fail, 4 skip (kselftest's KSFT_SKIP: no kmemleak in this kernel).

kml=/sys/kernel/debug/kmemleak
# ok, check, skip and tap_end.
# shellcheck source=tap.sh
. "$(dirname "$0")/tap.sh"

# classify REPORT: lockwarden's leaks in kmemleak's REPORT as comments, then
# true if there are none. One record per leak: its header, its task and its
# allocation trace (not its hex dump: the bytes may spell anything).
classify() {
	awk '/^unreferenced object/ { if (rec != "") print rec; rec = $0; bt = 0; next }
	     /^ *comm / { rec = rec " |" $0; next }
	     /^ *backtrace/ { bt = 1; next }
	     bt { rec = rec " |" $0 }
	     END { if (rec != "") print rec }' "$1" >/tmp/leaks.records
	grep -E 'lockwarden|[^a-z_0-9]lw_[a-z_0-9]+|\| *0x[0-9a-f]+( |$)' /tmp/leaks.records \
		>/tmp/leaks.ours
	ours=$(grep -c . /tmp/leaks.ours)
	sed 's/^/# ours: /' /tmp/leaks.ours | cut -c1-400
	echo "# leaks of the kernel itself, not counted: $(($(grep -c . /tmp/leaks.records) - ours))"
	[ "$ours" -eq 0 ]
}

if [ "${1:-}" = --classify ]; then
	classify "$2"
	exit
fi

echo "TAP version 13"
[ -e $kml ] || mount -t debugfs none /sys/kernel/debug 2>/dev/null
if [ ! -e $kml ]; then
	echo "1..0 # SKIP no $kml: kmemleak is not built in"
	exit "$ksft_skip"
fi
echo "1..4"

# Users first: the test drivers, the KUnit module, then lockwarden itself.
lw_modules() { sed -n 's/^\(lw_[a-z_0-9]*\|lockwarden[a-z_0-9]*\) .*/\1/p' /proc/modules; }
for _ in 1 2 3; do
	lw_modules | while read -r m; do
		rmmod "$m" 2>/dev/null
	done
done
left=$(lw_modules | tr '\n' ' ' | sed 's/ $//')
[ -z "$left" ]
ok $? "every lockwarden module unloads${left:+ (still loaded: $left)}"

# An object is reported once it is older than 5 s and unreferenced in two
# scans.
echo scan >$kml && sleep 6 && echo scan >$kml
ok $? "kmemleak scans"
cat $kml >/tmp/leaks 2>&1
ok $? "kmemleak's report reads"
classify /tmp/leaks
ok $? "no leaked object was allocated by lockwarden"

tap_end
