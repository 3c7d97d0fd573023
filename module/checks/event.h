/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The checks' shared part of every wait and event (event.c): the inline
 * fast paths the hooks of completions and the other event types call.
 */
#ifndef _LW_CHECKS_EVENT_H
#define _LW_CHECKS_EVENT_H

#include "checks/hooks.h"

bool lw_event_register(struct lw_class *class, u8 type);
void lw_event_init(struct lw_dep_map *dep, struct lw_class *class, enum lw_lock_type type);
void lw_event_signal_slow(struct lw_dep_map *dep, unsigned int ctx, unsigned long ip);

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
	return lw_event_register(class, dep->type);
}

/*
 * The signal of @dep's event at @ip (a complete(), a wake-up), before the
 * kernel's call:
 * nothing to learn when the context holds no lock, the common case, or
 * when this chain was validated before; else the slow path.
 */
static __always_inline void lw_event_signal(struct lw_dep_map *dep, unsigned long ip)
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
	lw_event_signal_slow(dep, ctx, ip);
}

/*
 * A wait for the event of @dep at @ip (the driver's call site): checked
 * and learned as the acquisition of a sleeping lock of the event's class,
 * which is dropped at once: nothing is held after. The caller then waits,
 * whatever was found.
 */
static __always_inline void lw_event_wait(struct lw_dep_map *dep, unsigned long ip)
{
	if (!lw_event_ready(dep))
		return;
	lw_acquire(dep, LW_ACQ_SLEEPS, 0, ip);
	/* Not held while waiting: the entry goes as a failed acquisition's. */
	lw_acquire_failed(dep);
}

#endif /* _LW_CHECKS_EVENT_H */
