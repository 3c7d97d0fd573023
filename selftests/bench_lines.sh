#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# `make bench` still runs and prints every line: its quick form
# (LW_BENCH_QUICK=1 tools/vm/bench: the stock kernel's timed boot, short
# runs, no callgrind) is run and its "bench: NAME VALUE UNIT" lines are
# checked against the names below, each once, with a number and a unit.
# The values are not judged: a benchmark is no test. Prints TAP.
#
# Usage: bench_lines.sh [OUTPUT]   (OUTPUT: a saved quick run's output,
# checked instead of running one)
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)

# NAME UNIT, one a line, in the order the quick run prints them.
expected='code_raw_mutex_site bytes
code_lw_mutex_site bytes
ratio_code_site x
raw_mutex_pair ns
raw_spin_pair ns
lw_mutex_pair_depth1 ns
lw_mutex_pair_depth4 ns
lw_spin_pair_depth1 ns
raw_rwlock_read_pair ns
lw_rwlock_read_pair ns
raw_rwsem_read_pair ns
lw_rwsem_read_pair ns
ratio_rwlock_read x
ratio_rwsem_read x
raw_spin_bh_pair ns
lw_spin_bh_pair ns
raw_spin_irq_pair ns
lw_spin_irq_pair ns
raw_spin_irqsave_pair ns
lw_spin_irqsave_pair ns
raw_rwlock_write_pair ns
lw_rwlock_write_pair ns
raw_rwsem_write_pair ns
lw_rwsem_write_pair ns
raw_spin_irqsave_under_mutex_pair ns
lw_spin_irqsave_under_mutex_pair ns
ratio_spin_bh x
ratio_spin_irq x
ratio_spin_irqsave x
ratio_rwlock_write x
ratio_rwsem_write x
ratio_spin_irqsave_under_mutex x
raw_completion_pair ns
lw_completion_pair_depth0 ns
lw_completion_pair_complete_depth1 ns
ratio_completion_depth0 x
ratio_completion_complete_depth1 x
raw_condvar_pair ns
lw_condvar_pair_depth1 ns
ratio_condvar_depth1 x
ratio_mutex_depth1 x
ratio_mutex_depth4 x
ratio_spin_depth1 x
raw_mutex_pair_lockstat ns
raw_spin_pair_lockstat ns
lw_mutex_pair_depth1_lockstat ns
lw_mutex_pair_depth4_lockstat ns
lw_spin_pair_depth1_lockstat ns
raw_rwlock_read_pair_lockstat ns
lw_rwlock_read_pair_lockstat ns
raw_rwsem_read_pair_lockstat ns
lw_rwsem_read_pair_lockstat ns
ratio_rwlock_read_lockstat x
ratio_rwsem_read_lockstat x
raw_spin_bh_pair_lockstat ns
lw_spin_bh_pair_lockstat ns
raw_spin_irq_pair_lockstat ns
lw_spin_irq_pair_lockstat ns
raw_spin_irqsave_pair_lockstat ns
lw_spin_irqsave_pair_lockstat ns
raw_rwlock_write_pair_lockstat ns
lw_rwlock_write_pair_lockstat ns
raw_rwsem_write_pair_lockstat ns
lw_rwsem_write_pair_lockstat ns
raw_spin_irqsave_under_mutex_pair_lockstat ns
lw_spin_irqsave_under_mutex_pair_lockstat ns
ratio_spin_bh_lockstat x
ratio_spin_irq_lockstat x
ratio_spin_irqsave_lockstat x
ratio_rwlock_write_lockstat x
ratio_rwsem_write_lockstat x
ratio_spin_irqsave_under_mutex_lockstat x
ratio_mutex_depth1_lockstat x
ratio_mutex_depth4_lockstat x
ratio_spin_depth1_lockstat x
raw_mutex_pair_off ns
raw_spin_pair_off ns
lw_mutex_pair_off ns
lw_mutex_pair_depth4_off ns
lw_spin_pair_off ns
raw_rwlock_read_pair_off ns
lw_rwlock_read_pair_off ns
raw_rwsem_read_pair_off ns
lw_rwsem_read_pair_off ns
ratio_rwlock_read_off x
ratio_rwsem_read_off x
raw_spin_bh_pair_off ns
lw_spin_bh_pair_off ns
raw_spin_irq_pair_off ns
lw_spin_irq_pair_off ns
raw_spin_irqsave_pair_off ns
lw_spin_irqsave_pair_off ns
raw_rwlock_write_pair_off ns
lw_rwlock_write_pair_off ns
raw_rwsem_write_pair_off ns
lw_rwsem_write_pair_off ns
raw_spin_irqsave_under_mutex_pair_off ns
lw_spin_irqsave_under_mutex_pair_off ns
ratio_spin_bh_off x
ratio_spin_irq_off x
ratio_spin_irqsave_off x
ratio_rwlock_write_off x
ratio_rwsem_write_off x
ratio_spin_irqsave_under_mutex_off x
raw_completion_pair_off ns
lw_completion_pair_off ns
lw_completion_pair_complete_depth1_off ns
ratio_completion_off x
ratio_completion_complete_depth1_off x
raw_condvar_pair_off ns
lw_condvar_pair_off ns
ratio_condvar_off x
ratio_mutex_off x
ratio_mutex_depth4_off x
ratio_spin_off x
lw_mutex_pair_depth2 ns
lw_mutex_pair_recurring_cycle ns
ratio_recurring_cycle_to_cached x
smp_raw_mutex_1cpu ns
smp_raw_mutex_2cpu ns
smp_lw_mutex_disjoint_1cpu ns
smp_lw_mutex_disjoint_2cpu ns
smp_lw_mutex_shared_1cpu ns
smp_lw_mutex_shared_2cpu ns
ratio_smp_disjoint_1cpu x
ratio_smp_disjoint_2cpu x
ratio_smp_disjoint_2cpu_to_1cpu x
ratio_smp_shared_1cpu x
ratio_smp_shared_2cpu x
ratio_smp_shared_2cpu_to_1cpu x
lw_mutex_pair_new_edge_1024classes ns
lw_mutex_pair_cached_1024classes ns
lw_mutex_pair_new_edge_8192classes ns
lw_mutex_pair_cached_8192classes ns'

out=$(mktemp)
trap 'rm -f "$out"' EXIT
if [ $# -gt 0 ]; then
	cp "$1" "$out"
	rc=0
else
	LW_BENCH_QUICK=1 "$top/tools/vm/bench" >"$out" 2>&1
	rc=$?
fi

# shellcheck source-path=SCRIPTDIR source=lockwarden/tap.sh
. "$top/selftests/lockwarden/tap.sh"
echo "TAP version 13"
echo "1..4"
[ "$rc" -eq 0 ]
ok $? "the quick run of make bench exits 0" "status $rc" "$(tail -n 20 "$out")"

# Every expected line, once, with a number and its unit.
missing=$(while read -r name unit; do
	n=$(grep -cE "^bench: $name [0-9]+(\.[0-9]+)? $unit\$" "$out")
	[ "$n" -eq 1 ] || echo "$name ($n times)"
done <<<"$expected")
[ -z "$missing" ]
ok $? "every line is printed once, with a number and its unit" "not as expected:" "$missing"

# No line the list does not name (a line added to the bench is added here).
names=$(cut -d' ' -f1 <<<"$expected")
extra=$(sed -n 's/^bench: \([a-z0-9_]*\) [0-9.]* [a-z]*$/\1/p' "$out" | grep -vxF "$names")
[ -z "$extra" ]
ok $? "no line the list does not name" "not listed:" "$extra"

# Each boot's heading, and the clock it timed with.
grep -qx 'bench: kernel stock, code size' "$out" && grep -qx 'bench: kernel stock, time' "$out" &&
	grep -qE '^bench: clocksource [a-z0-9_-]+$' "$out"
ok $? "the code size and timed boot's headings and the clocksource are printed"
[ "$failed" -eq 0 ]
