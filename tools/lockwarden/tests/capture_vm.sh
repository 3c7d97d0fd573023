#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Capture lockwarden's debugfs directory from a debug-kernel VM run into
# tools/lockwarden/fixtures/vm-NAME/, for tests/run.sh to run every command
# on: boots with lw_scenario.ko, plays the scenarios given, saves with
# `lockwarden save` in the guest and brings the copy back over the
# command's output (tar, base64).
#
# Usage: tools/lockwarden/tests/capture_vm.sh NAME SCENARIO...
#   e.g. capture_vm.sh abba consistent abba
# Needs build/debug (tools/vm/build-modules debug), or LW_CAPTURE_BUILD=DIR,
# another tree's build/debug holding module/ and selftests/lockwarden/.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
[ $# -ge 2 ] || { echo "usage: ${0##*/} NAME SCENARIO..." >&2; exit 2; }
name=$1
shift
dest=$here/../fixtures/vm-$name
[ ! -e "$dest" ] || { echo "${0##*/}: $dest exists" >&2; exit 2; }

make -s -C "$here/.." lockwarden-static
# lockstat on first where the module has it: its parameter or control verb.
script="set -e
p=/sys/module/lockwarden/parameters/lockstat
if [ -w \$p ]; then echo 1 > \$p; else echo lockstat=on > /sys/kernel/debug/lockwarden/control 2>/dev/null || true; fi
for s in $*; do echo \$s > /sys/module/lw_scenario/parameters/run; done
lockwarden save /tmp/capture
echo '--- capture ---'
tar -C /tmp/capture -czf - . | base64
echo '--- end ---'"
build=${LW_CAPTURE_BUILD:-$top/build/debug}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The scenarios provoke lockdep's reports on purpose.
"$top/tools/vm/run" --kernel debug --log "$tmp/console" \
	--lockwarden "$build/module/lockwarden.ko" \
	--module "$build/selftests/lockwarden/lw_scenario.ko" \
	--expect 'possible circular locking dependency' \
	--expect 'possible recursive locking' \
	--expect 'inconsistent lock state' \
	--expect 'sleeping function called from invalid context' \
	--expect 'Invalid wait context' \
	--file "$here/../lockwarden-static:/bin/lockwarden" \
	-- sh -c "$script" >"$tmp/out"
mkdir -p "$dest"
sed -n '/^--- capture ---$/,/^--- end ---$/p' "$tmp/out" | sed '1d;$d' | tr -d '\r' |
	base64 -d | tar -C "$dest" -xzf -
ls -l "$dest"
