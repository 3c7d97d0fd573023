#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# TAP test of tools/vm/lib.sh's lw_cache_prune on a made-up cache in a
# temporary directory: which kernel trees the preparing scripts remove.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
LOCKWARDEN_CACHE=$(mktemp -d)
trap 'rm -rf "$LOCKWARDEN_CACHE"' EXIT
# shellcheck source=../tools/vm/lib.sh
. "$top/tools/vm/lib.sh"
# shellcheck source-path=SCRIPTDIR source=lockwarden/tap.sh
. "$top/selftests/lockwarden/tap.sh"
c=$LW_CACHE

# tree NAME DAYS [STAMP-DAYS]: a tree made DAYS days ago, with its log;
# with STAMP-DAYS, last used then.
tree() {
	mkdir -p "$c/$1" && touch "$c/$1.log" "$c/$1/.lockwarden-ready"
	[ $# -lt 3 ] || touch -d "-$3 days" "$c/$1/.lockwarden-used"
	touch -d "-$2 days" "$c/$1"
}
gone() { [ ! -e "$c/$1" ] && [ ! -e "$c/$1.log" ]; }
kept() { [ -d "$c/$1" ] && [ -e "$c/$1.log" ]; }

echo "TAP version 13"
echo "1..7"
tree debug-6.1-aaaa 30 30	# the one served
tree debug-6.1-bbbb 30 8	# used last 8 days ago
tree debug-6.1-cccc 30 2	# used 2 days ago
tree debug-6.1-dddd 8		# made 8 days ago, never stamped
tree debug-6.1-6.1.190-1-eeee 3	# made 3 days ago, never stamped
tree debug-6.12-ffff 30 30	# another kernel, its name longer
tree stock-6.1-6.1.0-50-amd64 30 30
msgs=$(lw_cache_prune debug-6.1- "$c/debug-6.1-aaaa" 2>&1)

kept debug-6.1-aaaa && [ -n "$(find "$c/debug-6.1-aaaa/.lockwarden-used" -mmin -5)" ]
ok $? "the tree served is kept, however old, and stamped as used now"
gone debug-6.1-bbbb && gone debug-6.1-dddd
ok $? "a tree of another key unused for over 7 days goes, with its log (stamped or, unstamped, by when it was made)" \
	"$(ls -a "$c")"
kept debug-6.1-cccc && kept debug-6.1-6.1.190-1-eeee
ok $? "one used or made within 7 days stays" "$(ls -a "$c")"
kept debug-6.12-ffff && kept stock-6.1-6.1.0-50-amd64
ok $? "the trees of other kernels stay (debug-6.12's name begins with debug-6.1 too)"
[ "$(grep -c '^lockwarden-vm: removing debug-6.1-[bd]\{4\} from the cache: unused for over 7 days$' <<<"$msgs")" -eq 2 ] &&
	[ "$(wc -l <<<"$msgs")" -eq 2 ]
ok $? "each removal is said, once" "$msgs"
LW_CACHE_KEEP_DAYS=1 lw_cache_prune debug-6.1- "$c/debug-6.1-aaaa" 2>/dev/null
gone debug-6.1-cccc && kept debug-6.1-aaaa
ok $? "LW_CACHE_KEEP_DAYS sets the days" "$(ls -a "$c")"
rm -rf "${c:?}"/*
lw_cache_prune debug-6.1- "$c/debug-6.1-aaaa" 2>/dev/null; rc=$?
[ "$rc" -eq 0 ] && [ -z "$(ls -A "$c")" ]
ok $? "an empty cache: nothing removed, nothing made" "status $rc" "$(ls -a "$c")"
[ "$failed" -eq 0 ]
