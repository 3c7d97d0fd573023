#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The verdict on a test kernel's console log: which report headers it holds, and which of them no --expect allows.
#
# Sourced by tools/vm/run (console_reports); run on its own,
#   tools/vm/reports.sh CONSOLE-LOG [REGEX...]
# says each report of the log as tools/vm/run does and exits with the
# number of them that no REGEX allows (at most 100): make check's tests of
# the verdict on crafted logs (selftests/fixtures/console-*.txt).

# A report's header line, after the printk time stamp and caller id.
# Soft and hard lockups, RCU stalls (KASAN's reports are BUG:) and lockdep's
# INFO and "[ BUG: ... ]" reports count as well. kmemleak's count of new
# suspects is listed, not counted: it counts the kernel's own leaks too, and
# every boot of the kmemleak kernel ends in leaks_test.sh, the leak verdict,
# which tells lockwarden's from the kernel's.
header_re='^(BUG:|\[ BUG: |WARNING:|Oops|Kernel panic|general protection fault|Unable to handle|INFO: (possible|task|trying)|UBSAN:|kernel BUG at|watchdog: BUG:|watchdog: .*hard LOCKUP|kmemleak: [0-9]+ new suspected|rcu: INFO:)'
prefix_re='^\[ *[0-9]+\.[0-9]+\](\[ *[TC][0-9]+\])? ?(.*)$'
# console_reports FILE [REGEX...]: say each report on the console log FILE
# and set reports to the number of them that no REGEX (an --expect) allows.
console_reports() {
	local file=$1 foreign_kcsan nr line text re

	shift
	# KCSAN reports races inside the kernel itself now and then (the random
	# pool, irq teardown, a kthread's exit against the load balancer; the
	# PS/2 driver before the debug kernels dropped it): a KCSAN report whose racing accesses are not lockwarden's
	# or a test module's (lockwarden*, lw_*) is not this run's concern, and
	# is listed but not counted. Ours: the header names one of them, or one
	# of the first four frames of an access's own stack does (the access in
	# a kernel helper that lockwarden called, such as a string function).
	# Deeper, under a kernel API lockwarden calls (lockdep's lock_acquire(),
	# the unwinder, the module loader's address lookups), the race is on
	# the kernel's own data; so it is, whatever the frames, when the access
	# is to the kernel image's static data (below 0xffffffffa0000000, where
	# x86-64 puts modules without KASLR; the debug kernels have none): the
	# timekeeper, say, that the torture's ktime_get_ns() read in a timer
	# while its hrtimer's ktime_get_ns() interrupted it (the two interrupts
	# share one KCSAN context, and the inner seqcount read ends the outer
	# one's atomic region). Not frames: those below an interrupt or
	# exception entry (asm_*: the context the interrupt came into, not the
	# access's), those at +0x0 (the return address of a call that does not
	# return names the function after it), those after a call that ends
	# the task (do_exit() and its wrappers: the access is the exiting
	# task's own bookkeeping, whoever's thread it was; a lw_tt_ thread
	# leaves through module_put_and_kthread_exit()), and the "Reported by
	# ... Comm:" lines. The line numbers of the others:
	foreign_kcsan=" $(awk '
		{ sub(/^\[ *[0-9]+\.[0-9]+\](\[ *[TC][0-9]+\])? ?/, "") }
		/^BUG: KCSAN:/ {
			start = NR; inside = 1; frames = 0
			ours = /lockwarden|(^|[^A-Za-z0-9_])lw_/
			next
		}
		!inside { next }
		/^(read|write|read-write|race at) .* (by task|by interrupt|on cpu)/ {
			frames = 1
			static = / to 0xffffffff[89][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f] /
			next
		}
		/^$/ { frames = 0; next }
		frames && /^ *asm_/ { frames = 0; next }
		frames && /\+0x0\// { next }
		frames && /^ *(do_exit|make_task_dead|kthread_exit|__module_put_and_kthread_exit)\+/ { frames = 0; next }
		frames && frames++ <= 4 && !static && /lockwarden|(^|[^A-Za-z0-9_])lw_/ { ours = 1 }
		NR > start && /^=+$/ { if (!ours) printf "%d ", start; inside = 0 }
		END { if (inside && !ours) printf "%d ", start }' "$file") "
	reports=0
	nr=0
	while IFS= read -r line || [ -n "$line" ]; do
		nr=$((nr + 1))
		text=$line
		[[ ! $line =~ $prefix_re ]] || text=${BASH_REMATCH[2]}
		[[ $text =~ $header_re ]] || continue
		if [[ $foreign_kcsan == *" $nr "* ]]; then
			lw_say "kernel-internal KCSAN report, not counted: $text"
			continue
		fi
		if [[ $text =~ ^kmemleak: ]]; then
			lw_say "kmemleak's suspects, not counted (leaks_test.sh's verdict): $text"
			continue
		fi
		for re in "$@"; do
			if [[ $text =~ $re ]]; then
				lw_say "expected console report: $text"
				continue 2
			fi
		done
		lw_say "console report: $text"
		reports=$((reports + 1))
	done <"$file"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	set -euo pipefail
	# shellcheck source=lib.sh
	. "$(dirname "$0")/lib.sh"
	if [ $# -lt 1 ] || [ ! -r "$1" ]; then
		lw_die "usage: $0 CONSOLE-LOG [REGEX...]"
	fi
	console_reports "$@"
	exit $((reports > 100 ? 100 : reports))
fi
