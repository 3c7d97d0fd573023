/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The contract of lockwarden's raise layer, the one place that turns a
 * detected problem into a finding: the class filter, de-duplication in the
 * findings ring, and a notifier that tells the outputs (the console, the
 * KUnit integration) of each occurrence once the engine lock is dropped.
 * The checks call it; it calls only the core and the engine.
 */
#ifndef _LW_RAISE_H
#define _LW_RAISE_H

/* First: it sets pr_fmt before any kernel header does. */
#include "core/core.h"
#include "raise/filter.h"

#include <linux/jump_label.h>
#include <linux/notifier.h>

/* One occurrence of a finding, as the notifier hands it to subscribers. */
struct lw_occurrence {
	u32 serial;		/* its stored finding; 0 if none was stored */
	enum lw_kind kind;
	bool is_new;		/* its first occurrence: the finding is new */
};

/* Occurrences one check keeps to notify; more are counted, not notified. */
#define LW_PENDING		8
/* Sites of dependencies one check learned, to name if in init code. */
#define LW_PENDING_SITES	4

/*
 * What one check leaves to do once the engine lock is dropped: notify its
 * occurrences (lw_flush()). @raised counts every lw_raise() call, filtered
 * ones included, so a check can tell whether it found anything.
 */
struct lw_pending {
	unsigned int raised;
	/*
	 * The finding the last lw_raise() stored or counted, NULL if it
	 * stored none (filtered, paused); valid under the engine lock only.
	 */
	const struct lw_finding *stored;
	unsigned int nr;
	bool unnamed;		/* a new finding past occ[]: name them all */
	struct lw_occurrence occ[LW_PENDING];
	unsigned int nr_sites;
	unsigned long sites[LW_PENDING_SITES];
};

/*
 * A dependency learned from @from_ip to @to_ip: their names are taken by
 * lw_flush() if they are module init code, freed once the init returns.
 * Past LW_PENDING_SITES (trylocks on trylocks), counted and not named.
 */
static inline void lw_pending_edge(struct lw_pending *pending, unsigned long from_ip,
				   unsigned long to_ip)
{
	if (pending->nr_sites + 2 > LW_PENDING_SITES) {
		lw_stat_inc(LW_STAT_INIT_SITES_FULL);
		return;
	}
	pending->sites[pending->nr_sites++] = from_ip;
	pending->sites[pending->nr_sites++] = to_ip;
}

/*
 * Name class @id, taken or held at @ip, as place @i of finding @in: its
 * name, its subclass, the site, and its event type (0: a lock class).
 */
static inline void lw_in_class(struct lw_finding_in *in, unsigned int i, lw_id_t id,
			       unsigned long ip)
{
	in->cls[i] = lw_class_name(id);
	in->sub[i] = lw_class_subclass(id);
	in->ip[i] = ip;
	in->event[i] = lw_class_is_event(id);
}

void lw_raise(struct lw_pending *pending, struct lw_finding_in *in);
void lw_flush(const struct lw_pending *pending);
void lw_raise_recurred_tell(u32 serial, enum lw_kind kind);

/* On while a subscriber asks to be told of every recurrence (a static key). */
DECLARE_STATIC_KEY_FALSE(lw_repeat_subscribed);

/**
 * lw_raise_recurred() - a recurrence of a stored finding, counted without
 *	the engine lock
 * @serial: the finding
 * @kind: its kind
 *
 * The fast path counted it in the findings ring (lw_ring_recur()); it is
 * counted in the stats here, and told to the subscribers as lw_flush()
 * tells one raised under the lock, if any asked to hear of recurrences
 * (the others would ignore it). The trace event is not emitted: while it
 * is on, recurrences take the slow path. Inline: a hot path's recurrence
 * pays no call for it.
 */
static __always_inline void lw_raise_recurred(u32 serial, enum lw_kind kind)
{
	lw_stat_inc(LW_STAT_FINDINGS);
	lw_stat_inc(LW_STAT_RECUR_FAST);
	if (static_branch_unlikely(&lw_repeat_subscribed))
		lw_raise_recurred_tell(serial, kind);
}

int lw_raise_subscribe(struct notifier_block *nb, bool repeats);
void lw_raise_unsubscribe(struct notifier_block *nb, bool repeats);

#endif /* _LW_RAISE_H */
