// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden's per-class lock statistics, stored: per CPU and class id,
 * acquisitions, contentions, wait and hold times and a log2 histogram of
 * hold times. The lock paths count (checks/lockstat.c), the outputs switch
 * and show them (outputs/lockstat.c); alloc.c allocates them.
 *
 * Each CPU's statistics are changed only by that CPU with interrupts off;
 * readers sum them without stopping writers, a racy snapshot as
 * /proc/lock_stat's is. Nothing here allocates or sleeps.
 */
#include "core/core.h"

#include <linux/string.h>

bool lw_lockstat_counting;

/**
 * lw_lockstat_set() - switch counting on or off
 * @on: on; the statistics are allocated the first time
 *
 * Process context; the caller serialises calls.
 *
 * Return: 0 or -ENOMEM.
 */
int lw_lockstat_set(bool on)
{
	if (on && lw_lockstat_alloc())
		return -ENOMEM;
	/* Publishes lw_ls to lw_lockstat_enabled() readers. */
	smp_store_release(&lw_lockstat_counting, on);
	return 0;
}

/**
 * lw_lockstat_acquisitions() - acquisitions of a class counted by lockstat
 * @id: the class id
 *
 * For the ``acquired`` column of the debugfs ``classes`` file.
 *
 * Return: the acquisitions counted while lockstat was on, since the last
 * reset of the lockstat file; 0 if it never was on.
 */
u64 lw_lockstat_acquisitions(lw_id_t id)
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

/*
 * Adds one CPU's @n timings (total @t, least @lo, most @hi) to the sums at
 * @sn, @st, @slo and @shi; the least of none is left alone.
 */
static void lw_ls_merge(u64 *sn, u64 *st, u64 *slo, u64 *shi, u64 n, u64 t, u64 lo, u64 hi)
{
	if (!n)
		return;
	if (!*sn || lo < *slo)
		*slo = lo;
	*shi = max(*shi, hi);
	*st += t;
	*sn += n;
}

/**
 * lw_lockstat_sum() - class @id's statistics summed over the CPUs
 * @id: the class id
 * @sum: receives the sums, zeroed when there are none
 *
 * Return: false when lockstat never was on.
 */
bool lw_lockstat_sum(lw_id_t id, struct lw_lockstat *sum)
{
	struct lw_lockstat *ls = READ_ONCE(lw_ls);
	unsigned int i;
	int cpu;

	memset(sum, 0, sizeof(*sum));
	if (!ls || !id || id > lw_max_classes)
		return false;
	for_each_possible_cpu(cpu) {
		const struct lw_lockstat *st = lw_ls_slot(ls, cpu, id);

		sum->acquired += READ_ONCE(st->acquired);
		lw_ls_merge(&sum->contended, &sum->wait_sum, &sum->wait_min, &sum->wait_max,
			    READ_ONCE(st->contended), READ_ONCE(st->wait_sum),
			    READ_ONCE(st->wait_min), READ_ONCE(st->wait_max));
		lw_ls_merge(&sum->holds, &sum->hold_sum, &sum->hold_min, &sum->hold_max,
			    READ_ONCE(st->holds), READ_ONCE(st->hold_sum),
			    READ_ONCE(st->hold_min), READ_ONCE(st->hold_max));
		for (i = 0; i < LW_HIST_BUCKETS; i++)
			sum->hist[i] += READ_ONCE(st->hist[i]);
	}
	return true;
}

/**
 * lw_lockstat_clear() - forget every statistic
 *
 * Acquisitions on other CPUs meanwhile may keep a part of theirs.
 */
void lw_lockstat_clear(void)
{
	struct lw_lockstat *ls = READ_ONCE(lw_ls);

	if (ls)
		memset(ls, 0, lw_lockstat_size());
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

	if (!ls)
		return;
	for_each_possible_cpu(cpu)
		memset(lw_ls_slot(ls, cpu, id), 0, sizeof(*ls));
}

/* === Interface for lockwarden_kunit.ko === */

/**
 * lockwarden_lockstat_reset() - forget every statistic, as a write to the lockstat file
 */
void lockwarden_lockstat_reset(void)
{
	lw_lockstat_clear();
}
EXPORT_SYMBOL_NS_GPL(lockwarden_lockstat_reset, LW_NS);

/**
 * lockwarden_lockstat_read() - one class's statistics, summed over the CPUs
 * @class: the class
 * @subclass: its nesting subclass
 * @out: receives the sums (wait_min and so on as the lockstat file shows them)
 *
 * Return: true if the class has an id (it was used), else false with *@out zeroed.
 */
bool lockwarden_lockstat_read(struct lw_class *class, unsigned int subclass,
			      struct lw_lockstat *out)
{
	lw_id_t id = READ_ONCE(class->id[min_t(unsigned int, subclass, LW_MAX_SUBCLASSES - 1)]);

	lw_lockstat_sum(id, out);
	return id;
}
EXPORT_SYMBOL_NS_GPL(lockwarden_lockstat_read, LW_NS);
