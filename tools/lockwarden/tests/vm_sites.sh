#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The host's half of the VM test of `lockwarden -k`: takes the copy that
# tests/vm_test.sh saved in the guest after the ABBA (its "# save: " lines)
# and names the cycle's sites from the lw_scenario.ko that ran, then those
# of the dependency learned in its init code ("# init graph: " lines); each
# must be the line of lw_scenario.c that takes the locks. TAP on stdout.
#
# Usage: LWT=path/to/lockwarden tests/vm_sites.sh VM_TEST_OUTPUT MODULE_DIR
#   MODULE_DIR: build/KERNEL/selftests/lockwarden (lw_scenario.ko, built
#   with the kernel's debug information: stock kernels have it).
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
lwt=${LWT:-$here/../lockwarden}
[ $# -eq 2 ] || { echo "usage: ${0##*/} VM_TEST_OUTPUT MODULE_DIR" >&2; exit 2; }
tapin=$1 mods=$2
src=$top/selftests/lockwarden/lw_scenario.c
tmp=$(mktemp -d "${TMPDIR:-/tmp}/lockwarden-sites.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=../../../selftests/lockwarden/tap.sh
. "$top/selftests/lockwarden/tap.sh"
tap_show="$tmp/out $tmp/err"

echo "TAP version 13"
mkdir -p "$tmp/save"
sed -n 's/^# save: //p' "$tapin" | tr -d '\r' | base64 -d 2>/dev/null |
	tar -C "$tmp/save" -xzf - 2>"$tmp/err" && [ -s "$tmp/save/findings.json" ]
ok $? "the guest's saved copy unpacks, with its findings.json"
if [ $failed -ne 0 ]; then
	tap_end
	exit
fi
if ! readelf -SW "$mods/lw_scenario.ko" 2>/dev/null | grep -q ' \.debug_line '; then
	skip "-k lw_scenario.ko: the ABBA's sites named as lw_scenario.c lines" \
		"lw_scenario.ko has no debug information (this kernel's CONFIG_DEBUG_INFO)"
	tap_end
	exit
fi

# line TEXT: the one line of lw_scenario.c that is TEXT (found, not
# hard-coded); "none" unless exactly one is.
line() {
	local lines

	lines=$(grep -nxF -- "$1" "$src" | cut -d: -f1)
	[ "$(printf '%s\n' "$lines" | grep -c .)" -eq 1 ] && echo "$lines" || echo none
}
fwd=$(line '	lw_sc_mutex_nest(&lock_a, &lock_b);')
rev=$(line '	lw_sc_mutex_nest(&lock_b, &lock_a);')

"$lwt" -d "$tmp/save" -k "$mods" report >"$tmp/out" 2>"$tmp/err"
rc=$?
# The cycle's links: B taken in abba_reverse (closing it), A -> B learned
# in abba_forward.
[ $rc -eq 0 ] && [ ! -s "$tmp/err" ] &&
	grep -Eq "^      at lw_scenario_abba_reverse\+0x[0-9a-f]+/0x[0-9a-f]+ \[lw_scenario\] \(.*selftests/lockwarden/lw_scenario\.c:$rev\)$" "$tmp/out" &&
	grep -Eq "^      at lw_scenario_abba_forward\+0x[0-9a-f]+/0x[0-9a-f]+ \[lw_scenario\] \(.*selftests/lockwarden/lw_scenario\.c:$fwd\)$" "$tmp/out" &&
	! grep -E '^      at lw_scenario_abba_' "$tmp/out" | grep -Evq "lw_scenario\.c:($fwd|$rev)\)$"
ok $? "-k lw_scenario.ko: the ABBA's sites named as the lw_scenario.c lines that take the locks ($fwd, $rev), and no other"

"$lwt" -d "$tmp/save" -k "$mods" graph --dot >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] &&
	grep -Eq "\"lw_scenario_a\" -> \"lw_scenario_b\" \[tooltip=\"lw_scenario_abba_forward\+0x[0-9a-f]+/0x[0-9a-f]+ \[lw_scenario\] \(.*lw_scenario\.c:$fwd\)\"" "$tmp/out"
ok $? "-k: graph --dot names the live edge's site as line $fwd"

# The graph read after lw_scenario's init was freed: its init sites, named
# when learned, resolve to the init_order line (the last function of
# .init.text: kallsyms gives it the rest of the page).
mkdir -p "$tmp/init"
sed -n 's/^# init graph: //p' "$tapin" | tr -d '\r' >"$tmp/init/graph"
initl=$(line '		lw_sc_mutex_nest(&lock_a, &lock_b);	/* lw_scenario: init_order */')
"$lwt" -d "$tmp/init" -k "$mods" graph --dot >"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] && [ ! -s "$tmp/err" ] &&
	grep -Eq "\"lw_scenario_a\" -> \"lw_scenario_b\" \[tooltip=\"lw_scenario_init\+0x[0-9a-f]+/0x[0-9a-f]+ \[lw_scenario\] \(.*lw_scenario\.c:$initl\)\"" "$tmp/out"
ok $? "-k: the site learned in lw_scenario's init code, named then, resolves to its line ($initl)"
tap_end
