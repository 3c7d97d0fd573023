// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden's lock statistics (lockstat) and hold-time budgets in the lock
 * paths: counting each acquisition and hold into the class's statistics
 * (core/lockstat.c), and a finding when a lock is held longer than its
 * class's budget. outputs/lockstat.c switches them on and off.
 *
 * Both need the time a lock was acquired: while either is in use, the static
 * key lw_timing sends the lock hooks (checks/hooks.h) through
 * lw_timed_acquired() and lw_timed_release(), which stamp the hold's start
 * beside the context's held-lock entry (lw_hold_stamps) and read it back at
 * release. With the key off a hook costs its one patched branch, and
 * nothing is stamped.
 *
 * Contention is found as lock_stat finds it: with lockstat on, a hook tries
 * the lock first, and when the try fails, times the blocking acquisition.
 * A contention and a hold over budget are also the trace events
 * lockwarden:contention and lockwarden:hold_over_budget.
 * Nothing here allocates or sleeps, but lw_timing_set().
 */
#include "checks/fast.h"
#include "raise/lw_trace.h"

/* === Data === */

DEFINE_STATIC_KEY_FALSE(lw_timing);

/* Stamps older than this were made before lw_timing was last switched on. */
static u64 lw_timing_since;

/* === Internals === */

/*
 * The index of @dep's held-lock entry in @s, for the owner of @s, with the
 * hold-start stamps of @s in *@stamps; -1 if @s has no entry of @dep or no
 * stamps.
 */
static __always_inline int lw_held_since(struct lw_held_stack *s, const struct lw_dep_map *dep,
					 u64 **stamps)
{
	struct lw_held_lock *h;

	if (!s || !s->depth)
		return -1;
	*stamps = lw_held_stamps(s);
	if (!*stamps)
		return -1;
	if (likely(s->locks[s->depth - 1].dep == dep))
		return s->depth - 1;
	h = lw_held_entry(s, dep);
	return h ? h - s->locks : -1;
}

/* The hold @h, released at @ip after @held ns, exceeded its class's @budget. */
static noinline void lw_raise_budget(const struct lw_held_lock *h, unsigned long ip,
				     u64 held, u64 budget)
{
	struct lw_finding_in in = {
		.kind = LW_KIND_HOLD_BUDGET,
		.nr = 2,
		.ip = { ip, h->ip },
		.detail.budget = { .held_ns = held, .budget_ns = budget },
	};
	struct lw_pending pending = { };
	unsigned long flags;

	if (!lw_engine_lock(&flags))
		return;
	if (lw_class_get(h->class)) {
		/* Released (0) and acquired (1): one class, two sites. */
		in.cls[0] = lw_class_name(h->class);
		in.cls[1] = in.cls[0];
		in.sub[0] = lw_class_subclass(h->class);
		in.sub[1] = in.sub[0];
		lw_raise(&pending, &in);
	}
	lw_engine_unlock(flags);
	lw_flush(&pending);
}

/* === Lock paths (called by the hooks while lw_timing is on) === */

/**
 * lw_timed_acquired() - the current context has acquired @dep
 * @dep: the lock, recorded already by lw_acquire()
 * @s: the context's stack, as lw_acquire_fast() found it, or NULL to find it
 * @subclass: the nesting subclass it was acquired as
 * @wait_start: lw_wait_start() before a blocking acquisition whose try
 *	failed, or 0 when the lock was taken without waiting
 *
 * Counts the acquisition for lockstat and stamps the hold's start in the
 * context's held-lock entry. Lock-free: only the owner writes its entries.
 */
void lw_timed_acquired(struct lw_dep_map *dep, struct lw_held_stack *s, unsigned int subclass,
		       u64 wait_start)
{
	struct lw_class *class = dep->class;
	u64 now = lw_now_ns();
	u64 *stamps;
	lw_id_t id;
	int i;

	if (!class)
		return;
	id = READ_ONCE(class->id[min_t(unsigned int, subclass, LW_MAX_SUBCLASSES - 1)]);
	if (id && lw_lockstat_enabled())
		lw_lockstat_acquired(id, wait_start, now);
	if (!s)
		s = lw_held_mine();
	i = lw_held_since(s, dep, &stamps);
	if (wait_start && trace_contention_enabled())
		trace_contention(lw_class_name_of(class), subclass,
				 now > wait_start ? now - wait_start : 0,
				 i >= 0 ? s->locks[i].ip : 0);
	if (i >= 0)
		stamps[i] = now;
}

/*
 * The hold of @dep in @s, the current context's stack, ends at @now, at
 * @ip: counted for lockstat, and a hold_budget finding if it lasted longer
 * than its class's budget. A hold stamped before lw_timing was last
 * switched on (or never) is not timed.
 */
static void lw_timed_hold_end(struct lw_held_stack *s, struct lw_dep_map *dep, u64 now,
			      unsigned long ip)
{
	u64 since, held, budget, *stamps;
	struct lw_held_lock *h;
	int i;

	i = lw_held_since(s, dep, &stamps);
	if (i < 0)
		return;
	since = stamps[i];
	if (since < READ_ONCE(lw_timing_since))
		return;
	held = now > since ? now - since : 0;
	h = &s->locks[i];
	if (lw_lockstat_enabled())
		lw_lockstat_held(h->class, held);
	budget = lw_class_budget_ns(h->class);
	if (likely(!budget || held <= budget))
		return;
	trace_hold_over_budget(lw_class_name_of(dep->class), held, budget, ip, h->ip);
	lw_raise_budget(h, ip, held, budget);
}

/**
 * lw_timed_release() - the current context releases @dep, timed
 * @dep: the lock
 * @ip: where it is released
 *
 * lw_release_fast() with the hold counted for lockstat and checked against
 * its class's budget first (lw_timed_hold_end()), the context's stack
 * found once for both.
 *
 * Return: as lw_release_fast(): false when the caller must take the slow
 * path, lw_release_slow().
 */
bool lw_timed_release(struct lw_dep_map *dep, unsigned long ip)
{
	unsigned long pc = lw_pc();
	u64 now = lw_now_ns();
	struct lw_held_stack *s;

	if (unlikely(!dep->class)) {
		lw_stat_inc(LW_STAT_UNTRACKED);
		return true;
	}
	if (unlikely(pc & NMI_MASK))
		return true;
	s = lw_held_mine_or(pc, &lw_held_none);
	if (s == &lw_held_none)
		return false;
	lw_timed_hold_end(s, dep, now, ip);
	return lw_release_on(s, dep, false);
}

/* === Switching === */

/**
 * lw_timing_set() - time holds (lockstat, budgets) or not
 * @on: on; the hold stamps must be allocated (lw_held_stamps_alloc())
 *
 * Process context; may sleep. The caller serialises calls.
 */
void lw_timing_set(bool on)
{
	if (on && !static_key_enabled(&lw_timing)) {
		/* Stamps left from before are stale. */
		WRITE_ONCE(lw_timing_since, lw_now_ns());
		static_branch_enable(&lw_timing);
	} else if (!on && static_key_enabled(&lw_timing)) {
		static_branch_disable(&lw_timing);
	}
}
