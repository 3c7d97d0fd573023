// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden's lock statistics (lockstat) and hold-time budgets in the lock
 * paths: per class, acquisitions, contentions, wait and hold times and a
 * log2 histogram of hold times; and a finding when a lock is held longer
 * than its class's budget. lockstat_setup.c switches them and shows them.
 *
 * Both need the time a lock was acquired: while either is in use, the static
 * key lw_timing sends the lock hooks (locks.c) through lw_timed_acquired()
 * and lw_timed_release(), which stamp the hold's start beside the context's
 * held-lock entry (lw_hold_stamps) and read it back at release. With the
 * key off a hook costs its one patched branch, and nothing is stamped.
 *
 * Contention is found as lock_stat finds it: with lockstat on, a hook tries
 * the lock first, and when the try fails, times the blocking acquisition.
 * The statistics are per CPU, changed only by their CPU with interrupts off;
 * readers sum them without stopping writers, a racy snapshot as
 * /proc/lock_stat's is. Nothing here allocates or sleeps.
 */
#include "checks/fast.h"
#include "checks/lockstat.h"

/* === Data === */

DEFINE_STATIC_KEY_FALSE(lw_timing);

struct lw_lockstat *lw_ls;
u64 *lw_hold_stamps;
bool lw_ls_on;
u64 lw_timing_since;
struct lw_budget lw_budgets[LW_MAX_BUDGETS];
u64 *lw_budget_ns;

/* === Internals === */

/**
 * lw_lockstat_enabled() - whether lockstat counts
 *
 * Return: true while lockstat is switched on.
 */
bool lw_lockstat_enabled(void)
{
	/* Pairs with lw_lockstat_switch(): lw_ls is allocated when this is seen set. */
	return smp_load_acquire(&lw_ls_on);
}

/**
 * lw_wait_start() - the start of a blocking acquisition whose try failed
 *
 * Return: now, never 0, while lockstat is on; 0 (not timed) when off.
 */
u64 lw_wait_start(void)
{
	if (!lw_lockstat_enabled())
		return 0;
	return lw_now_ns() ?: 1;
}

/*
 * The hold-start stamp of @dep's held-lock entry in @s, for the owner of @s;
 * NULL if @s has no entry of @dep.
 */
static u64 *lw_held_since(struct lw_held_stack *s, const struct lw_dep_map *dep)
{
	struct lw_held_lock *h;
	u64 *stamps;

	if (!s || !s->depth)
		return NULL;
	stamps = lw_held_stamps(s);
	if (!stamps)
		return NULL;
	if (likely(s->locks[s->depth - 1].dep == dep))
		return &stamps[s->depth - 1];
	h = lw_held_entry(s, dep);
	return h ? &stamps[h - s->locks] : NULL;
}

/* Count an acquisition of class @id: contended if @wait_start. */
static void lw_ls_acquired(lw_id_t id, u64 wait_start, u64 now)
{
	struct lw_lockstat *st;
	unsigned long flags;
	u64 wait;

	local_irq_save(flags);
	st = lw_ls_slot(lw_ls, raw_smp_processor_id(), id);
	st->acquired++;
	if (wait_start) {
		/* A task that moved CPU may see a clock a little behind. */
		wait = now > wait_start ? now - wait_start : 0;
		if (!st->contended++ || wait < st->wait_min)
			st->wait_min = wait;
		st->wait_max = max(st->wait_max, wait);
		st->wait_sum += wait;
	}
	local_irq_restore(flags);
}

/* Count a hold of class @id for @held ns. */
static void lw_ls_held(lw_id_t id, u64 held)
{
	struct lw_lockstat *st;
	unsigned long flags;

	local_irq_save(flags);
	st = lw_ls_slot(lw_ls, raw_smp_processor_id(), id);
	if (!st->holds++ || held < st->hold_min)
		st->hold_min = held;
	st->hold_max = max(st->hold_max, held);
	st->hold_sum += held;
	st->hist[lw_hist_bucket(held)]++;
	local_irq_restore(flags);
}

/* The hold @h, released at @ip after @held ns, exceeded its class's @budget. */
static noinline void lw_raise_budget(const struct lw_held_lock *h, unsigned long ip,
				     u64 held, u64 budget)
{
	struct lw_finding_in in = {
		.kind = LW_KIND_HOLD_BUDGET,
		.nr = 2,
		.ip = { ip, h->ip },
		.ns = { held, budget },
	};
	struct lw_pending pending = { };
	const struct lw_class *class;
	unsigned long flags;

	if (!lw_engine_lock(&flags))
		return;
	class = lw_class_get(h->class);
	if (class) {
		/* Released (0) and acquired (1): one class, two sites. */
		in.cls[0] = class->name;
		in.cls[1] = class->name;
		in.sub[0] = lw_class_subclass(h->class);
		in.sub[1] = in.sub[0];
		lw_raise(&pending, &in);
	}
	lw_engine_unlock(flags);
	lw_flush(&pending);
}

/* === Lock paths (called by the hooks of locks.c while lw_timing is on) === */

/**
 * lw_timed_acquired() - the current context has acquired @dep
 * @dep: the lock, recorded already by lw_acquire()
 * @subclass: the nesting subclass it was acquired as
 * @wait_start: lw_wait_start() before a blocking acquisition whose try
 *	failed, or 0 when the lock was taken without waiting
 *
 * Counts the acquisition for lockstat and stamps the hold's start in the
 * context's held-lock entry. Lock-free: only the owner writes its entries.
 */
void lw_timed_acquired(struct lw_dep_map *dep, unsigned int subclass, u64 wait_start)
{
	struct lw_class *class = dep->class;
	u64 now = lw_now_ns();
	u64 *since;
	lw_id_t id;

	if (!class)
		return;
	id = READ_ONCE(class->id[min_t(unsigned int, subclass, LW_MAX_SUBCLASSES - 1)]);
	if (id && lw_lockstat_enabled())
		lw_ls_acquired(id, wait_start, now);
	since = lw_held_since(lw_held_mine(), dep);
	if (since)
		*since = now;
}

/**
 * lw_timed_release() - the current context is about to release @dep
 * @dep: the lock, not yet released to lw_release()
 * @ip: where it is released
 *
 * Counts the hold for lockstat and raises a hold_budget finding if it lasted
 * longer than its class's budget. A hold stamped before lw_timing was last
 * switched on (or never) is not timed.
 */
void lw_timed_release(struct lw_dep_map *dep, unsigned long ip)
{
	u64 now = lw_now_ns(), since, held, budget;
	struct lw_held_stack *s;
	struct lw_held_lock *h;
	u64 *stamp;
	lw_id_t id;

	if (!dep->class)
		return;
	s = lw_held_mine();
	stamp = lw_held_since(s, dep);
	if (!stamp)
		return;
	since = *stamp;
	if (since < READ_ONCE(lw_timing_since))
		return;
	held = now > since ? now - since : 0;
	h = &s->locks[stamp - lw_held_stamps(s)];
	id = h->class;
	if (lw_lockstat_enabled())
		lw_ls_held(id, held);
	budget = READ_ONCE(lw_budget_ns[id]);
	if (unlikely(budget && held > budget))
		lw_raise_budget(h, ip, held, budget);
}

/* === Classes === */

/**
 * lw_lockstat_acquired() - acquisitions of a class counted by lockstat
 * @id: the class id
 *
 * For the ``acquired`` column of the debugfs ``classes`` file.
 *
 * Return: the acquisitions counted while lockstat was on, since the last
 * reset of the lockstat file; 0 if it never was on.
 */
u64 lw_lockstat_acquired(lw_id_t id)
{
	struct lw_lockstat *ls = READ_ONCE(lw_ls);
	u64 sum = 0;
	int cpu;

	if (!ls || !id || id > lw_max_classes)
		return 0;
	for_each_possible_cpu(cpu)
		sum += READ_ONCE(lw_ls_slot(ls, cpu, id)->acquired);
	return sum;
}

/**
 * lw_lockstat_class_added() - class id @id now stands for @class
 * @id: the id
 * @class: the class, with its name
 *
 * Gives the id the budget set for the class's name, if any.
 * Precondition: the engine lock is held.
 */
void lw_lockstat_class_added(lw_id_t id, const struct lw_class *class)
{
	unsigned int i;
	u64 ns = 0;

	for (i = 0; i < LW_MAX_BUDGETS; i++)
		if (lw_budgets[i].ns && !strcmp(lw_budgets[i].name, class->name))
			ns = lw_budgets[i].ns;
	WRITE_ONCE(lw_budget_ns[id], ns);
}

/**
 * lw_lockstat_forget() - class id @id is freed: forget its statistics
 * @id: the id
 *
 * Precondition: the engine lock is held.
 */
void lw_lockstat_forget(lw_id_t id)
{
	struct lw_lockstat *ls = READ_ONCE(lw_ls);
	int cpu;

	WRITE_ONCE(lw_budget_ns[id], 0);
	if (!ls)
		return;
	for_each_possible_cpu(cpu)
		memset(lw_ls_slot(ls, cpu, id), 0, sizeof(*ls));
}

/* Sum class @id's statistics over the CPUs into @sum. */
void lw_ls_sum(struct lw_lockstat *ls, lw_id_t id, struct lw_lockstat *sum)
{
	unsigned int i;
	int cpu;

	memset(sum, 0, sizeof(*sum));
	for_each_possible_cpu(cpu) {
		const struct lw_lockstat *st = lw_ls_slot(ls, cpu, id);
		u64 contended = READ_ONCE(st->contended), holds = READ_ONCE(st->holds);

		sum->acquired += READ_ONCE(st->acquired);
		if (contended) {
			u64 min = READ_ONCE(st->wait_min);

			if (!sum->contended || min < sum->wait_min)
				sum->wait_min = min;
			sum->wait_max = max(sum->wait_max, READ_ONCE(st->wait_max));
			sum->wait_sum += READ_ONCE(st->wait_sum);
			sum->contended += contended;
		}
		if (holds) {
			u64 min = READ_ONCE(st->hold_min);

			if (!sum->holds || min < sum->hold_min)
				sum->hold_min = min;
			sum->hold_max = max(sum->hold_max, READ_ONCE(st->hold_max));
			sum->hold_sum += READ_ONCE(st->hold_sum);
			sum->holds += holds;
		}
		for (i = 0; i < LW_HIST_BUCKETS; i++)
			sum->hist[i] += READ_ONCE(st->hist[i]);
	}
}
