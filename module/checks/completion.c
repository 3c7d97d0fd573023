// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden's hooks for lw_completion: a wait and a completion, ordered
 * against the locks held in the graph the lock classes use, by the rules
 * of Documentation/waits.rst. Each hook is called straight from an inline
 * wrapper in the driver, so _RET_IP_ is the driver's call site; the
 * wrapper then makes the kernel's call itself.
 *
 * A wait for event class E holding lock L learns L -> E (the waiter holds
 * L until E happens): it is checked as the acquisition of a sleeping lock
 * of class E that is released at once (acquire.c), so it is checked for
 * atomic context and against the order learned, and is cached the same
 * way. A completion of E holding lock M learns E -> M (E cannot happen
 * until M is free): checked here, under the engine lock, unless the chain
 * of the locks held and E was validated before.
 */
#include "checks/hooks.h"

#include <linux/instruction_pointer.h>

/* === Internals === */

/*
 * Register @class, if it has no id yet, as an event class. Returns false
 * when it has none (the class table is full: the completion is not
 * checked).
 */
static noinline bool lw_event_register(struct lw_class *class)
{
	unsigned long flags;
	lw_id_t id;

	if (!lw_engine_lock(&flags))
		return false;
	id = lw_class_id(class, 0);
	if (id)
		lw_class_mark_event(id);
	lw_engine_unlock(flags);
	return id;
}

/*
 * Whether the event class of @dep has an id, registering it the first time
 * (a completion defined with LW_DECLARE_COMPLETION(), or one whose module's
 * classes were purged and came back).
 */
static __always_inline bool lw_event_ready(struct lw_dep_map *dep)
{
	struct lw_class *class = dep->class;

	if (unlikely(!class)) {
		lw_stat_inc(LW_STAT_UNTRACKED);
		return false;
	}
	if (likely(READ_ONCE(class->id[0])))
		return true;
	return lw_event_register(class);
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

/* lw_signal() under the engine lock: a chain not validated yet. */
static noinline void lw_signal_slow(struct lw_dep_map *dep, unsigned int ctx,
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

/*
 * The completion of @dep's event at @ip, before the kernel's complete():
 * nothing to learn when the context holds no lock, the common case, or
 * when this chain was validated before; else the slow path.
 */
static __always_inline void lw_signal(struct lw_dep_map *dep, unsigned long ip)
{
	unsigned long pc = lw_pc();
	struct lw_held_stack *s;
	unsigned int ctx;
	lw_chain_key_t key;

	if (!lw_event_ready(dep) || unlikely(pc & NMI_MASK))
		return;
	ctx = lw_ctx_bits(pc);
	s = lw_held_mine_or(pc, &lw_held_none);
	/* A task with no stack of its own has never held a lock lockwarden saw. */
	if (s == &lw_held_none)
		return;
	if (likely(READ_ONCE(s->gen) == READ_ONCE(lw_engine.gen))) {
		if (!s->depth)
			return;
		key = lw_held_next_key(s, READ_ONCE(dep->class->id[0]), LW_ACQ_SIGNAL, ctx);
		if (lw_chains_contains(&lw_engine.chains, key))
			return;
	}
	lw_signal_slow(dep, ctx, ip);
}

/* === Interface to the wrappers === */

/**
 * lockwarden_completion_init() - initialise an lw_completion; use
 *	lw_init_completion()
 * @c: the completion
 * @class: its event class
 */
void lockwarden_completion_init(struct lw_completion *c, struct lw_class *class)
{
	init_completion(&c->completion);
	lw_dep_init(&c->dep, class, LW_LOCK_COMPLETION);
	if (class)
		lw_event_register(class);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_completion_init, LW_NS);

/**
 * lockwarden_completion_wait() - check a wait for an lw_completion; the
 *	wait_for_completion() family's wrappers call it
 * @c: the completion
 *
 * Checked and learned as the acquisition of a sleeping lock of the
 * completion's class, which is dropped at once: nothing is held after.
 * The caller then waits, whatever was found.
 */
void lockwarden_completion_wait(struct lw_completion *c)
{
	unsigned long ip = _RET_IP_;

	if (!lw_event_ready(&c->dep))
		return;
	lw_acquire(&c->dep, LW_ACQ_SLEEPS, 0, ip);
	/* Not held while waiting: the entry goes as a failed acquisition's. */
	lw_acquire_failed(&c->dep);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_completion_wait, LW_NS);

/**
 * lockwarden_completion_signal() - check a completion of an lw_completion;
 *	lw_complete() and lw_complete_all() call it
 * @c: the completion
 *
 * The caller then completes, whatever was found.
 */
void lockwarden_completion_signal(struct lw_completion *c)
{
	lw_signal(&c->dep, _RET_IP_);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_completion_signal, LW_NS);
