#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# kselftest of the sites lockwarden names, on the kernel users run: loads
# lockwarden.ko and lw_sites.ko, raises every finding kind from a wrapper
# call that ends a function of its own (where gcc with sibling calls would
# make a jump of it), and checks that each finding's title names exactly
# that function, and the setup's where a kind has a second site.
#
# Usage: sites_test.sh [MODULE_DIR]   (default: /lib/lockwarden)
# MODULE_DIR holds lockwarden.ko and lw_sites.ko built for this kernel.
# Output is TAP; exit 0 pass, 1 fail, 4 skip (kselftest's KSFT_SKIP).

moddir=${1:-/lib/lockwarden}
run=/sys/module/lw_sites/parameters/run
# ok, skip, check, not, ksft_begin and tap_end.
# shellcheck source=tap.sh
. "$(dirname "$0")/tap.sh"

# KIND TITLE: playing KIND adds one finding, titled "<TITLE>".
kinds='aa|recursive locking in lw_site_aa / lw_sites_aa
cycle|lock-order cycle in lw_site_cycle / lw_sites_cycle
rank|rank violation in lw_site_rank / lw_sites_rank
upgrade|read-to-write upgrade in lw_site_upgrade / lw_sites_upgrade
sleep_atomic|sleeping lock in atomic context in lw_site_sleep_atomic / lw_sites_sleep_atomic
wait_context|invalid wait context in lw_site_wait_context / lw_sites_wait_context
irq_inversion|irq-safety inversion in lw_site_irq_inversion / lw_sites_irq_work
depth|held-lock depth overflow in lw_site_depth
unlock_not_held|unlock of a lock not held in lw_site_unlock_not_held
unlock_non_owner|unlock by a non-owner in lw_site_unlock_non_owner / lw_sites_work_fn
not_held|lock not held in lw_site_not_held
held|lock held in lw_site_held / lw_sites_held
destroy_held|held lock destroyed in lw_site_destroy_held / lw_sites_destroy_held
use_after_move|use after move in lw_site_use_after_move / lw_sites_work_fn
double_take|owned object taken twice in lw_site_double_take / lw_sites_work_fn
not_owner|access by a non-owner in lw_site_not_owner / lw_sites_not_owner
freed_owned|owned object freed by a non-owner in lw_site_freed_owned / lw_sites_work_fn
unguarded|unguarded access in lw_site_unguarded
hold_budget|hold-time budget exceeded in lw_site_hold_budget / lw_sites_hold_budget
poisoned|poisoned data locked in lw_site_poisoned / lw_sites_poisoned
double_complete|completion completed twice in lw_site_double_complete / lw_sites_double_complete
exit_held|lock held at task exit in lw_site_exit_held'

ksft_begin "$moddir" 30 lw_sites.ko
check "insmod lockwarden.ko" insmod "$moddir/lockwarden.ko"
check "insmod lw_sites.ko" insmod "$moddir/lw_sites.ko"
check "no finding after load" sh -c "[ \$(grep -c '^finding #' $dbg/findings) -eq 0 ]"
check "a 50 us budget on lw_sites_budget" \
	sh -c "printf 'budget=lw_sites_budget:50\n' > $dbg/control"

echo "$kinds" >/tmp/sites.kinds
while IFS='|' read -r kind title; do
	had=$(nfindings)
	echo "$kind" >"$run" && [ "$(nfindings)" -eq $((had + 1)) ] && [ "$(ntitle "$title")" -eq 1 ]
	rc=$?
	[ $rc -eq 0 ] || grep '^lockwarden: ' "$dbg/findings" | tail -n 1 | sed 's/^/# newest: /'
	ok $rc "$kind names its site: $title"
done </tmp/sites.kinds

echo unload_held >"$run"
check "rmmod lw_sites" rmmod lw_sites
[ "$(ntitle 'lock held at module unload in lw_site_unload_held')" -eq 1 ]
ok $? "unload_held names its site: lock held at module unload in lw_site_unload_held"
[ "$(nfindings)" -eq 23 ]
ok $? "23 kinds, 23 findings: every kind once, no other"
check "rmmod lockwarden" rmmod lockwarden

tap_end
