#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# `make torture`: build lw_torture.ko and lw_torture_peer.ko for a test
# kernel, boot it under QEMU and run selftests/lockwarden/torture_test.sh
# there; print its TAP, the kernel's console reports and a summary.
#
# Usage: selftests/torture.sh [--kernel NAME] [--minutes N | --seconds N]
#                             [--no-verbs | --verbs "KIND ..."] [--params "P=V ..."]
#                             [--no-build] [--logs DIR]
# Exit status: 0 when every test point passed and the console is clean;
# tools/vm/run's status otherwise (1 failed or a console report, 124 timeout,
# 125 the run could not be made).
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
vm="$top/tools/vm"
# shellcheck source=../tools/vm/lib.sh
. "$vm/lib.sh"
kernel=stock-6.1
secs=120
verbs=()
params=()
build=1
logs=

usage() {
	echo "usage: ${0##*/} [--kernel NAME] [--minutes N | --seconds N]" \
		"[--no-verbs | --verbs \"KIND ...\"] [--params \"P=V ...\"] [--no-build] [--logs DIR]" >&2
	exit 2
}

while [ $# -gt 0 ]; do
	case $1 in
	--kernel) kernel=${2:-}; shift ;;
	--minutes) secs=$((${2:-0} * 60)); shift ;;
	--seconds) secs=${2:-0}; shift ;;
	--no-verbs) verbs=(-n) ;;
	--verbs) verbs=(-v "${2:-}"); shift ;;
	--params) params=(-p "${2:-}"); shift ;;
	--no-build) build=0 ;;
	--logs) logs=${2:-}; shift ;;
	*) usage ;;
	esac
	shift
done
# NAME: one of tools/vm/README's test kernels (stock and debug: the 6.1 ones).
kernel=$(lw_kernel_name "$kernel") || usage
[[ $secs =~ ^[1-9][0-9]*$ ]] || usage
logs=${logs:-$top/build/torture/$kernel}
mkdir -p "$logs"

if [ "$build" -eq 1 ]; then
	echo "torture: building the modules for the $kernel kernel ($logs/build.log)"
	if ! "$vm/build-modules" "$kernel" >"$logs/build.log" 2>&1; then
		tail -n 30 "$logs/build.log"
		exit 125
	fi
fi
mods="$top/build/$kernel/selftests/lockwarden"

# On the kernels with lockdep (the ones built here) lockdep reports the
# injected cycle too: allowed here, and the guest checks it did not report
# one before the injection. The torture's nests make more distinct lock
# chains than their lockdep keeps (CONFIG_LOCKDEP_CHAINS_BITS=16): lockdep
# then turns itself off, saying so, about a minute in; lockwarden goes on.
expect=()
lw_kernel_built "$kernel" && expect=(--expect 'possible circular locking dependency'
	--expect 'BUG: MAX_LOCKDEP_CHAIN(S|_HLOCKS) too low')

echo "torture: $((secs / 60)) min $((secs % 60)) s on the $kernel kernel (console: $logs/console.log)"
# --tcg-single: the control verbs switch static keys, which QEMU 7.2's
# multi-threaded TCG does not always see patched (tools/vm/run --help).
"$vm/run" --kernel "$kernel" --timeout $((secs + 900)) --log "$logs/console.log" \
	--tcg-single "${expect[@]}" \
	--file "$mods/lw_torture.ko:/lib/lockwarden/lw_torture.ko" \
	--file "$mods/lw_torture_peer.ko:/lib/lockwarden/lw_torture_peer.ko" \
	-- /selftests/lockwarden/torture_test.sh -s "$secs" "${verbs[@]}" "${params[@]}" \
	>"$logs/tap" 2>"$logs/stderr"
rc=$?
cat "$logs/tap"
grep -E '^lockwarden-vm: (console report|expected console report|kernel-internal|timeout|error|FAIL)' \
	"$logs/stderr"
# A timeout: where the guest was, as it said 45 s before (tools/vm/run),
# else the console's last lines.
# Kept in $logs/overdue for make check to show.
rm -f "$logs/overdue"
if [ "$rc" -eq 124 ]; then
	if grep -q '^lwvm: overdue:' "$logs/console.log"; then
		sed -n '/^lwvm: overdue:/,/^lwvm: overdue: end/p' "$logs/console.log" | head -n 200
		# The NMI's panic (tools/vm/run): where a CPU was, 15 s before the end.
		sed -n '/Kernel panic - not syncing: NMI/,$p' "$logs/console.log" | head -n 100
	else
		echo "# the guest said nothing before the timeout (every CPU stuck?); its console's end:"
		tail -n 40 "$logs/console.log"
	fi >"$logs/overdue"
	cat "$logs/overdue"
fi
notok=$(grep -c '^not ok ' "$logs/tap")
echo "torture $kernel: $(grep -c '^ok ' "$logs/tap") passed, $notok failed," \
	"$(grep -c '^lockwarden-vm: console report' "$logs/stderr") console reports, exit $rc"
exit $rc
