/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lockwarden's lock-free fast path, inlined into every lock hook: an
 * acquisition whose chain is in the validated-chain cache, and a release of
 * a lock the context holds, touch only the context's own held-lock stack.
 * Everything else goes to the slow paths of acquire.c, under the engine lock.
 *
 * Why no lock is needed: a stack is changed only by the context it belongs
 * to (held.c), the chain cache is read with READ_ONCE() against writers
 * under the engine lock (chain.c), and a class's id, once registered, stays
 * until its module unloads. The checks that depend on the context (sleeping
 * in atomic context, interrupt usage) are covered by the chain key, which
 * includes the context.
 */
#ifndef _LW_FAST_H
#define _LW_FAST_H

#include "internal.h"

#include <linux/hardirq.h>
#include <linux/hash.h>
#include <linux/kernel.h>
#include <linux/preempt.h>

/*
 * Task-stack slots probed for a task, from its home slot on. The pool has
 * LW_HELD_PROBES - 1 slots past the last home slot, so probes never wrap.
 */
#define LW_HELD_PROBES		16

/* Index of the first per-CPU interrupt-context stack in lw_stacks. */
#define LW_HELD_IRQ_BASE	(lw_max_tasks + LW_HELD_PROBES - 1)

/* The current context's preempt count; in_nmi() and so on test its bits. */
static __always_inline unsigned long lw_pc(void)
{
	return preempt_count();
}

/* softirq_count() from @pc: on PREEMPT_RT it is not in the preempt count. */
static __always_inline unsigned long lw_softirq_count(unsigned long pc)
{
	return IS_ENABLED(CONFIG_PREEMPT_RT) ? softirq_count() : pc & SOFTIRQ_MASK;
}

/*
 * The stack of the current context, whose preempt count is @pc, if it has
 * one, found without the engine lock. Not for NMI context, which is not
 * tracked. The stack may be of an older generation or have requests
 * pending (its gen is then not the engine's).
 */
static __always_inline struct lw_held_stack *lw_held_mine_pc(unsigned long pc)
{
	struct task_struct *task = current;
	struct lw_held_stack *s;
	unsigned int i;

	if (unlikely(pc & HARDIRQ_MASK))
		return &lw_stacks[LW_HELD_IRQ_BASE + 2 * raw_smp_processor_id() + 1];
	if (unlikely(lw_softirq_count(pc) & SOFTIRQ_OFFSET))
		return &lw_stacks[LW_HELD_IRQ_BASE + 2 * raw_smp_processor_id()];
	s = &lw_stacks[reciprocal_scale(hash_ptr(task, 32), lw_max_tasks)];
	for (i = 0; i < LW_HELD_PROBES; i++, s++)
		if (READ_ONCE(s->task) == task && s->pid == task->pid)
			return s;
	return NULL;
}

/* lw_held_mine_pc() of the current context; NULL in NMI context. */
static __always_inline struct lw_held_stack *lw_held_mine(void)
{
	unsigned long pc = lw_pc();

	return unlikely(pc & NMI_MASK) ? NULL : lw_held_mine_pc(pc);
}

/* @s, if it is usable without the engine lock: of this generation, no requests. */
static __always_inline struct lw_held_stack *lw_held_usable(struct lw_held_stack *s)
{
	if (likely(s && READ_ONCE(s->gen) == READ_ONCE(lw_engine.gen)))
		return s;
	return NULL;
}

/* The current context's stack, if it is usable without the engine lock. */
static __always_inline struct lw_held_stack *lw_held_fast(void)
{
	return lw_held_usable(lw_held_mine());
}

/* The key of the chain of @s's first @depth entries and one more. */
static __always_inline lw_chain_key_t lw_held_key_on(const struct lw_held_stack *s,
						     unsigned int depth, lw_id_t id,
						     unsigned int flags, unsigned int ctx)
{
	return lw_chain_key_next(depth ? s->locks[depth - 1].chain_key : 0, id,
				 (flags & LW_ACQ_KEYED) | ctx << 8);
}

/* The key of the chain @s holds, extended by class @id taken as @flags in @ctx. */
static __always_inline lw_chain_key_t lw_held_next_key(const struct lw_held_stack *s,
						       lw_id_t id, unsigned int flags,
						       unsigned int ctx)
{
	return lw_held_key_on(s, s->depth, id, flags, ctx);
}

/*
 * Push @dep, of class @id, acquired at @ip as @flags say in context @ctx;
 * @key is lw_held_next_key() of it. Room is checked. Owner only.
 */
static __always_inline void lw_held_push(struct lw_held_stack *s, struct lw_dep_map *dep,
					 lw_id_t id, unsigned int flags, unsigned int ctx,
					 unsigned long ip, lw_chain_key_t key)
{
	struct lw_held_lock *h = &s->locks[s->depth];

	h->dep = dep;
	h->ip = ip;
	h->chain_key = key;
	h->class = id;
	h->flags = flags;
	h->ctx = ctx;
	/* Scans of other contexts read the entry only below the depth. */
	smp_store_release(&s->depth, s->depth + 1);
}

/*
 * Remove the topmost entry of @dep from @s. Returns false if @s holds no
 * entry of @dep. Owner only.
 */
static __always_inline bool lw_held_drop(struct lw_held_stack *s, const struct lw_dep_map *dep)
{
	unsigned int top = s->depth - 1;

	if (likely(s->depth && s->locks[top].dep == dep)) {
		WRITE_ONCE(s->depth, top);
		return true;
	}
	return lw_held_drop_below(s, dep);
}

/* The context whose preempt count is @pc as LW_IN_* bits (and the others). */
static __always_inline unsigned int lw_ctx_bits(unsigned long pc)
{
	unsigned long sc = lw_softirq_count(pc);
	bool irqs_on = !irqs_disabled();
	unsigned int ctx = 0;

	if (pc & HARDIRQ_MASK)
		ctx |= LW_IN_HARDIRQ;
	if (sc & SOFTIRQ_OFFSET)
		ctx |= LW_IN_SOFTIRQ;
	if (irqs_on)
		ctx |= LW_IRQS_ON;
	if (!sc)
		ctx |= LW_BH_ON;
	if (pc || !irqs_on)
		ctx |= LW_ATOMIC;
	return ctx;
}

/* @dep is taken in generation @gen: forget what older ones knew of it. */
static __always_inline void lw_dep_seen(struct lw_dep_map *dep, unsigned int gen)
{
	if (unlikely(READ_ONCE(dep->gen) != gen)) {
		WRITE_ONCE(dep->gen, gen);
		atomic_set(&dep->untracked, 0);
	}
}

/*
 * Check, then record, that the current context acquires @dep (nested as
 * @subclass) at @ip, as @flags (LW_ACQ_*) describe. Called before a blocking
 * acquisition, so a deadlock is reported before it happens, and after a
 * successful trylock (LW_ACQ_TRY: no order is learned).
 */
static __always_inline void lw_acquire(struct lw_dep_map *dep, unsigned int flags,
				       unsigned int subclass, unsigned long ip)
{
	struct lw_class *class = dep->class;
	unsigned long pc = lw_pc();
	struct lw_held_stack *s;
	unsigned int ctx, i;
	lw_chain_key_t key;
	lw_id_t id;

	if (unlikely(!class)) {
		lw_stat_inc(LW_STAT_UNTRACKED);
		return;
	}
	if (unlikely(pc & NMI_MASK))
		return;
	/*
	 * A queued rwlock's readers wait behind a waiting writer, so they may
	 * recurse only in interrupt context (lockdep's read_lock_is_recursive()).
	 */
	if ((flags & LW_ACQ_RREAD) && IS_ENABLED(CONFIG_QUEUED_RWLOCKS) &&
	    !(pc & HARDIRQ_MASK) && !lw_softirq_count(pc))
		flags &= ~LW_ACQ_RREAD;
	ctx = lw_ctx_bits(pc);
	s = lw_held_usable(lw_held_mine_pc(pc));
	if (unlikely(!s || s->depth >= LW_MAX_DEPTH))
		goto slow;
	id = READ_ONCE(class->id[min_t(unsigned int, subclass, LW_MAX_SUBCLASSES - 1)]);
	if (unlikely(!id))
		goto slow;
	/* The same lock again (at another subclass): for the slow path. */
	for (i = 0; i < s->depth; i++)
		if (unlikely(s->locks[i].dep == dep))
			goto slow;
	key = lw_held_next_key(s, id, flags, ctx);
	if (unlikely(!lw_chains_contains(&lw_engine.chains, key)))
		goto slow;
	lw_dep_seen(dep, READ_ONCE(lw_engine.gen));
	lw_held_push(s, dep, id, flags, ctx, ip, key);
	lw_stat_inc(LW_STAT_FAST_HITS);
	return;
slow:
	lw_acquire_slow(dep, flags, subclass, ctx, ip);
}

/*
 * Check and record that the current context releases @dep at @ip. Returns
 * false when the caller must not release the underlying lock: it is not
 * held (as far as the acquisitions seen since checking was last switched
 * on tell).
 */
static __always_inline bool lw_release(struct lw_dep_map *dep, unsigned long ip)
{
	unsigned long pc = lw_pc();
	struct lw_held_stack *s;

	if (unlikely(!dep->class)) {
		lw_stat_inc(LW_STAT_UNTRACKED);
		return true;
	}
	if (unlikely(pc & NMI_MASK))
		return true;
	s = lw_held_usable(lw_held_mine_pc(pc));
	if (likely(s && lw_held_drop(s, dep))) {
		lw_stat_inc(LW_STAT_RELEASED);
		return true;
	}
	return lw_release_slow(dep, ip);
}

#endif /* _LW_FAST_H */
