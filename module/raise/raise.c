// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden's raising of findings: a check hands in what it found under
 * the engine lock; a filtered class drops it (counted), otherwise the
 * findings ring stores it or counts a repeat of it. Once the engine lock is
 * dropped, a new finding's code addresses are named, and each occurrence
 * goes to the subscribers of an atomic notifier (the console report, the
 * KUnit integration), in the context that raised it, which may be atomic.
 * Each occurrence let through is also the trace event lockwarden:finding.
 * Nothing here allocates or sleeps.
 */
#include "raise/raise.h"
#include "raise/lw_trace.h"

#include <linux/pid.h>
#include <linux/sched.h>

static ATOMIC_NOTIFIER_HEAD(lw_raised_chain);
DEFINE_STATIC_KEY_FALSE(lw_repeat_subscribed);

/**
 * lw_raise() - store one occurrence of a finding
 * @pending: the calling check's occurrences, to notify with lw_flush()
 * @in: the finding; its pid, comm and stack saver are filled in here
 *
 * Precondition: the engine lock is held.
 */
void lw_raise(struct lw_pending *pending, struct lw_finding_in *in)
{
	u64 overwritten = lw_engine.ring.overwritten;
	const struct lw_finding *f;
	bool is_new;

	pending->raised++;
	pending->stored = NULL;
	/* Checking is going off or on: what the lock paths believe may be wrong. */
	if (unlikely(lw_engine.paused || lw_engine.switching))
		return;
	if (lw_filter_hides(in)) {
		lw_stat_inc(LW_STAT_FILTERED);
		return;
	}
	in->pid = task_pid_nr(current);
	in->comm = current->comm;
	if (!in->save_stack)
		in->save_stack = lw_stack_save;
	/* Symbolised by lw_flush(), not under the engine lock. */
	in->defer_names = true;
	f = lw_ring_raise(&lw_engine.ring, in, lw_now_ns(), &is_new);
	pending->stored = f;
	lw_stat_inc(LW_STAT_FINDINGS);
	trace_finding(lw_kinds[in->kind].id, in->cls[0], in->ip[0],
		      in->nr > 1 ? in->cls[1] : NULL, in->nr > 1 ? in->ip[1] : 0, f && is_new);
	if (lw_engine.ring.overwritten != overwritten)
		lw_pool_full(LW_POOL_FINDINGS);
	if (pending->nr == ARRAY_SIZE(pending->occ)) {
		/* Not notified; but named all the same (lw_flush()). */
		pending->unnamed |= f && is_new;
		return;
	}
	pending->occ[pending->nr++] = (struct lw_occurrence) {
		.serial = f ? f->serial : 0,
		.kind = in->kind,
		.is_new = f && is_new,
	};
}

/*
 * Name the code addresses of new finding @serial, one at a time, each
 * symbolised with no lock held and stored under the engine lock, so that
 * interrupts are never off for a symbol lookup.
 */
static void lw_name(u32 serial)
{
	unsigned long addrs[LW_FINDING_ADDRS];
	char name[LW_SITE_LEN];
	unsigned long flags;
	unsigned int i, n;

	if (!lw_engine_lock(&flags))
		return;
	n = lw_ring_addrs(&lw_engine.ring, serial, addrs);
	lw_engine_unlock(flags);
	for (i = 0; i < n; i++) {
		lw_format_site(name, sizeof(name), addrs[i]);
		if (!lw_engine_lock(&flags))
			return;
		lw_ring_name(&lw_engine.ring, serial, i, name);
		lw_engine_unlock(flags);
	}
	if (n && lw_engine_lock(&flags)) {
		lw_ring_name(&lw_engine.ring, serial, 0, NULL);
		lw_engine_unlock(flags);
	}
}

/**
 * lw_flush() - name a check's new findings and notify the subscribers
 * @pending: what the check raised, and the sites of the dependencies it
 *	learned (named if in module init code: lw_init_site_learned())
 *
 * Called without the engine lock, in the context that raised them.
 */
void lw_flush(const struct lw_pending *pending)
{
	unsigned long flags;
	unsigned int i;
	u32 last, used;

	for (i = 0; i < pending->nr_sites; i++)
		lw_init_site_learned(pending->sites[i]);
	if (unlikely(pending->unnamed) && lw_engine_lock(&flags)) {
		last = lw_engine.ring.serial;
		used = lw_engine.ring.used;
		lw_engine_unlock(flags);
		/* Newest first: the ones past the notified are among them. */
		for (i = 0; i < used; i++)
			lw_name(last - i);
	}
	for (i = 0; i < pending->nr; i++) {
		if (pending->occ[i].is_new)
			lw_name(pending->occ[i].serial);
		atomic_notifier_call_chain(&lw_raised_chain, 0,
					   (void *)&pending->occ[i]);
	}
}

/**
 * lw_raise_recurred_tell() - tell the subscribers of a recurrence
 * @serial: the finding
 * @kind: its kind
 *
 * lw_raise_recurred()'s call when some subscriber asked to hear of
 * recurrences: out of line, so that a recurrence nobody asked to hear of
 * builds no occurrence on the stack (zeroed there first, guarded by the
 * stack protector).
 */
noinline void lw_raise_recurred_tell(u32 serial, enum lw_kind kind)
{
	struct lw_occurrence occ = { .serial = serial, .kind = kind };

	atomic_notifier_call_chain(&lw_raised_chain, 0, &occ);
}

/**
 * lw_raise_subscribe() - be told of every occurrence of a finding
 * @nb: the subscriber; its notifier_call gets a struct lw_occurrence *,
 *	in the raising context (any but NMI), and must not sleep
 * @repeats: it needs every recurrence too; otherwise it may be told of
 *	a recurrence or not, and only a new finding (is_new) counts for it
 *
 * Context: process context; may sleep (@repeats turns a static key on,
 * which the lock-free count of a recurrence tests).
 * Return: 0.
 */
int lw_raise_subscribe(struct notifier_block *nb, bool repeats)
{
	if (repeats)
		static_branch_inc(&lw_repeat_subscribed);
	return atomic_notifier_chain_register(&lw_raised_chain, nb);
}

/**
 * lw_raise_unsubscribe() - stop being told; waits for running calls
 * @nb: the subscriber
 * @repeats: as it subscribed
 *
 * Context: process context; sleeps.
 */
void lw_raise_unsubscribe(struct notifier_block *nb, bool repeats)
{
	atomic_notifier_chain_unregister(&lw_raised_chain, nb);
	if (repeats)
		static_branch_dec(&lw_repeat_subscribed);
}
