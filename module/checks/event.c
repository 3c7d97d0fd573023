// SPDX-License-Identifier: GPL-2.0
/*
 * What every checked wait and event shares (completions first): an event
 * class registered on first use, a wait checked as a sleeping lock taken
 * and dropped at once, and a signal that learns the event's order against
 * the locks the signaller holds, by the rules of Documentation/waits.rst.
 *
 * A wait for event class E holding lock L learns L -> E (the waiter holds
 * L until E happens): it is checked as the acquisition of a sleeping lock
 * of class E that is released at once (acquire.c), so it is checked for
 * atomic context and against the order learned, and is cached the same
 * way. A signal of E holding lock M learns E -> M (E cannot happen until
 * M is free): checked here, under the engine lock, unless the chain of the
 * locks held and E was validated before.
 */
#include "checks/event.h"

#include <linux/instruction_pointer.h>

/*
 * Register @class, if it has no id yet, as an event class of @type (enum
 * lw_lock_type: a completion's, a work's...). Returns false when it has
 * none (the class table is full: the completion is not checked).
 */
noinline bool lw_event_register(struct lw_class *class, u8 type)
{
	unsigned long flags;
	lw_id_t id;

	if (!lw_engine_lock(&flags))
		return false;
	id = lw_class_id(class, 0);
	if (id)
		lw_class_mark_event(id, type);
	lw_engine_unlock(flags);
	return id;
}

/*
 * Set up @dep as an event of @class and @type, registering @class (if
 * any) as an event class: every event type's init.
 */
void lw_event_init(struct lw_dep_map *dep, struct lw_class *class, enum lw_lock_type type)
{
	lw_dep_init(dep, class, type);
	if (class)
		lw_event_register(class, dep->type);
}

/*
 * Learn that event class @id, completed at @ip in context @ctx, waits for
 * each lock @s holds: E -> M. Not for a lock taken by trylock (the
 * completer did not wait for it) nor by a recursive read (which waits only
 * for a writer, and a waiter's read hold would then be no deadlock). A
 * dependency that closes a cycle is reported and not learned. The chain
 * (the locks held, then E completed) is cached when it raised nothing and
 * learned every dependency. Precondition: the engine lock is held.
 */
static void lw_check_signal(const struct lw_held_stack *s, lw_id_t id, unsigned int ctx,
			    unsigned long ip, struct lw_pending *pending)
{
	lw_chain_key_t key = lw_held_next_key(s, id, LW_ACQ_SIGNAL, ctx);
	struct lw_graph *g = &lw_engine.graph;
	unsigned int raised = pending->raised, i;
	u64 nospace = g->nospace, changes = g->changes;
	struct lw_cycle cycle;
	u32 e;

	if (lw_chains_lookup(&lw_engine.chains, key))
		return;
	for (i = 0; i < s->depth; i++) {
		const struct lw_held_lock *h = &s->locks[i];

		if (!lw_held_live(h) || (h->flags & (LW_ACQ_TRY | LW_ACQ_RREAD)))
			continue;
		/* The event's site is the completion; the lock's where it was taken. */
		switch (lw_graph_add(g, id, h->class, ip, h->ip, false, &cycle)) {
		case LW_EDGE_CYCLE:
			lw_raise_cycle(&cycle, ip, pending);
			break;
		case LW_EDGE_NOSPACE:
			lw_pool_full(LW_POOL_EDGES);
			break;
		case LW_EDGE_ADDED:
			e = lw_graph_edge_index(g, id, h->class);
			lw_stack_edge_save(e);
			lw_pending_edge(pending, ip, h->ip);
			break;
		case LW_EDGE_KNOWN:
			break;
		}
	}
	/* An order learned: remembered findings of chains go stale (recur.c). */
	if (g->changes != changes)
		lw_known_invalidate();
	if (pending->raised == raised && g->nospace == nospace &&
	    !lw_chains_insert(&lw_engine.chains, key))
		lw_pool_full(LW_POOL_CHAINS);
}

/* lw_event_signal() under the engine lock: a chain not validated yet. */
noinline void lw_event_signal_slow(struct lw_dep_map *dep, unsigned int ctx,
				    unsigned long ip)
{
	struct lw_pending pending = { };
	struct lw_held_stack *s;
	unsigned long irqflags;
	lw_id_t id;

	if (!lw_engine_lock(&irqflags))
		return;
	/* Paused: no stack. Resetting or switching on: nothing is checked. */
	s = lw_held_current(false);
	id = READ_ONCE(dep->class->id[0]);
	if (s && s->depth && id && !lw_engine.resetting && !lw_engine.switching)
		lw_check_signal(s, id, ctx, ip, &pending);
	lw_engine_unlock(irqflags);
	lw_flush(&pending);
}

/* === Interface to the wrappers === */

/**
 * lockwarden_event_wait() - check a wait for an event; the wait wrappers of
 *	lw_completion, lw_wait_queue, lw_work, lw_workqueue and lw_kthread
 *	call it
 * @dep: the lockwarden state of the completion, wait queue, work item...
 *
 * Checked and learned as the acquisition of a sleeping lock of the event's
 * class, which is dropped at once: nothing is held after (from inside a
 * work's own run, a wait for it is a recursion finding). The caller then
 * waits, whatever was found.
 */
void lockwarden_event_wait(struct lw_dep_map *dep)
{
	lw_event_wait(dep, _RET_IP_);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_event_wait, LW_NS);

/**
 * lockwarden_event_signal() - check a signal of an event; the wake-up
 *	wrappers of lw_wait_queue call it
 * @dep: the lockwarden state of the wait queue
 *
 * The event's order is learned against the locks the caller holds. The
 * caller then wakes the waiters, whatever was found.
 */
void lockwarden_event_signal(struct lw_dep_map *dep)
{
	lw_event_signal(dep, _RET_IP_);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_event_signal, LW_NS);
