// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden's check of guarded data: an access through lw_guarded(),
 * lw_guarded_read() or lw_locked_by() is a finding unless the current
 * context holds the lock guarding the data (for a write, holds it
 * exclusively). A deliberate racy read, lw_guarded_racy(), is only counted.
 */
#include "checks/fast.h"

/* Whether held-lock entry @h (or none) covers an access; @write: exclusive. */
static bool lw_covers(const struct lw_held_lock *h, bool write)
{
	return h && (!write || !(h->flags & LW_ACQ_READ));
}

/**
 * lockwarden_guarded_access() - a finding if guarded data is reached unlocked
 * @dep: lockwarden state of the lock that guards the data
 * @write: the access may write: the lock must be held exclusively
 *
 * Use lw_guarded(), lw_guarded_read(), lw_locked_by() or
 * lw_locked_by_read(). The finding names the class of the lock and the
 * caller's site. Checks the context's own held-lock stack without the engine
 * lock first, so a guarded access under its lock takes no lock at all.
 */
void lockwarden_guarded_access(struct lw_dep_map *dep, bool write)
{
	struct lw_held_stack *s = lw_held_fast();
	struct lw_pending pending = { };
	struct lw_held_lock *h;
	unsigned long irqflags;

	if (!dep->class || !static_key_enabled(&lockwarden_enabled) ||
	    (s && lw_covers(lw_held_entry(s, dep), write)) ||
	    !lw_engine_lock(&irqflags))
		return;
	s = lw_held_current(false);
	h = lw_held_entry(s, dep);
	/* A hold lockwarden has no live record of may be this one. */
	if (!lw_covers(h, write) && (h || !lw_maybe_held_unrecorded(s, dep))) {
		struct lw_finding_in in = {
			.kind = LW_KIND_UNGUARDED,
			.nr = 1,
			.cls = { lw_class_name_of(dep->class) },
			.ip = { _RET_IP_ },
			.detail.unguarded.write_under_read = h,
		};

		lw_raise(&pending, &in);
	}
	lw_engine_unlock(irqflags);
	lw_flush(&pending);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_guarded_access, LW_NS);

/**
 * lockwarden_racy_read() - count a read of guarded data without its lock
 *
 * Use lw_guarded_racy(). One per-CPU increment of the ``racy_reads``
 * counter in debugfs stats: neither a check nor a finding.
 */
void lockwarden_racy_read(void)
{
	lw_stat_inc(LW_STAT_RACY_READS);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_racy_read, LW_NS);
