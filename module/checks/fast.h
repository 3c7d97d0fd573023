/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lockwarden's lock-free fast path, inlined into every lock hook: an
 * acquisition whose chain is in the validated-chain cache, and a release of
 * a lock the context holds, touch only the context's own held-lock stack;
 * an acquisition that recurs a known finding (recur.c) also counts it.
 * Everything else goes to the slow paths of acquire.c, under the engine lock.
 *
 * Why no lock is needed: a stack is changed only by the context it belongs
 * to (core/held.h), the chain cache is read with READ_ONCE() against
 * writers under the engine lock (engine/chain.c), and a class's id, once
 * registered, stays until its module unloads. The checks that depend on
 * the context (sleeping in atomic context, interrupt usage) are covered by
 * the chain key, which includes the context.
 *
 * A lock taken again under the same held chain, as it was taken last,
 * finds the key and the cache's verdict in its own memo (lw_memo_find()),
 * written in the lock's own struct lw_dep_map: no chain key to compute and
 * no cache line of the chain cache to read.
 */
#ifndef _LW_FAST_H
#define _LW_FAST_H

#include "checks/checks.h"

/*
 * @s, if it is usable without the engine lock: of generation @gen (the
 * engine's, read once by the caller), no requests pending.
 */
static __always_inline struct lw_held_stack *lw_held_usable(struct lw_held_stack *s,
							    unsigned int gen)
{
	if (likely(s && READ_ONCE(s->gen) == gen))
		return s;
	return NULL;
}

/* The current context's stack, if it is usable without the engine lock. */
static __always_inline struct lw_held_stack *lw_held_fast(void)
{
	return lw_held_usable(lw_held_mine(), READ_ONCE(lw_engine.gen));
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
 * The memo of @dep's last acquisition on a cached chain (struct lw_dep_map):
 * the key of the chain that acquisition formed, if it was taken under a
 * chain of key @from, as @tag says (lw_memo_tag()), and the chain cache's
 * epoch has not moved since. A pure function's value (the key of @from
 * extended as @tag says) and a verdict that holds until the epoch moves:
 * no check the chain cache would not skip is skipped. Any number of
 * contexts may read at once, against at most one writer.
 */
static __always_inline bool lw_memo_find(const struct lw_dep_map *dep, lw_chain_key_t from,
					 u64 tag, lw_chain_key_t *key)
{
	u32 seq = READ_ONCE(dep->memo_seq);
	bool hit;

	/* The count before the memo: pairs with lw_memo_store()'s smp_wmb(). */
	smp_rmb();
	hit = READ_ONCE(dep->memo_from) == from && READ_ONCE(dep->memo_tag) == tag;
	*key = READ_ONCE(dep->memo_key);
	/* The memo before the count again: pairs with the cmpxchg() there. */
	smp_rmb();
	return hit && !(seq & 1) && READ_ONCE(dep->memo_seq) == seq;
}

/*
 * Remember in @dep that @key, the key of chain @from extended as @tag says,
 * was found in the chain cache. Skipped when another context writes the
 * memo meanwhile: a memo is only ever a shortcut.
 */
static __always_inline void lw_memo_store(struct lw_dep_map *dep, lw_chain_key_t from, u64 tag,
					  lw_chain_key_t key)
{
	u32 seq = READ_ONCE(dep->memo_seq);

	/* A full barrier: the odd count is seen before the memo changes. */
	if ((seq & 1) || cmpxchg(&dep->memo_seq, seq, seq + 1) != seq)
		return;
	WRITE_ONCE(dep->memo_from, from);
	WRITE_ONCE(dep->memo_key, key);
	WRITE_ONCE(dep->memo_tag, tag);
	/* The memo before the even count: pairs with lw_memo_find()'s first smp_rmb(). */
	smp_wmb();
	WRITE_ONCE(dep->memo_seq, seq + 2);
}

/*
 * What a memo is valid for: the class @id, the chain key's @bits
 * (lw_held_key_bits()), and the chain cache's epoch @epoch, never 0, so
 * that a tag is never 0 (no memo).
 */
static __always_inline u64 lw_memo_tag(lw_id_t id, u16 bits, u32 epoch)
{
	return (u64)epoch << 32 | (u32)bits << 16 | id;
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
	unsigned int ctx, i, gen;
	lw_chain_key_t from, key;
	lw_id_t id;
	u16 bits;
	u64 tag;

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
	/* Read once: a reset between two reads would mix two generations. */
	gen = READ_ONCE(lw_engine.gen);
	/* Without a stack of its own, lw_held_none, whose gen is never @gen. */
	s = lw_held_mine_or(pc, &lw_held_none);
	if (unlikely(READ_ONCE(s->gen) != gen || s->depth >= LW_MAX_DEPTH))
		goto slow;
	id = READ_ONCE(class->id[min_t(unsigned int, subclass, LW_MAX_SUBCLASSES - 1)]);
	if (unlikely(!id))
		goto slow;
	/* The same lock again (at another subclass): for the slow path. */
	for (i = 0; i < s->depth; i++)
		if (unlikely(s->locks[i].dep == dep))
			goto slow;
	from = lw_held_key(s);
	bits = lw_held_key_bits(flags, ctx);
	tag = lw_memo_tag(id, bits, lw_chains_epoch(&lw_engine.chains));
	if (likely(lw_memo_find(dep, from, tag, &key))) {
		lw_stat_inc(LW_STAT_FAST_HITS);
	} else {
		key = lw_chain_key_next(from, id, bits);
		if (likely(lw_chains_contains(&lw_engine.chains, key))) {
			lw_stat_inc(LW_STAT_FAST_HITS);
			lw_memo_store(dep, from, tag, key);
		} else if (!lw_recur_fast(s, key, ip)) {
			goto slow;	/* not a known finding again either (recur.c) */
		}
	}
	lw_dep_seen(dep, gen);
	lw_held_push(s, dep, id, flags, ctx, ip, key);
	return;
slow:
	lw_acquire_slow(dep, flags, subclass, ctx, ip);
}

/*
 * Record that the current context releases @dep, on the fast path: true
 * when its stack holds @dep (or @dep is not tracked), false when the caller
 * must take the slow path, lw_release_slow(). Either way the caller then
 * releases the kernel lock: lockwarden only observes.
 */
static __always_inline bool lw_release_fast(struct lw_dep_map *dep)
{
	unsigned long pc = lw_pc();
	struct lw_held_stack *s;

	if (unlikely(!dep->class)) {
		lw_stat_inc(LW_STAT_UNTRACKED);
		return true;
	}
	if (unlikely(pc & NMI_MASK))
		return true;
	s = lw_held_mine_or(pc, &lw_held_none);
	if (likely(READ_ONCE(s->gen) == READ_ONCE(lw_engine.gen) && lw_held_drop(s, dep))) {
		lw_stat_inc(LW_STAT_RELEASED);
		return true;
	}
	return false;
}

#endif /* _LW_FAST_H */
