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
 * no cache line of the chain cache to read; any other goes to recur.c,
 * which looks in the chain cache (and, if the lock's memo says so, for a
 * known finding recurring first).
 *
 * lw_acquire_fast() and lw_release_fast_as(.., true) make no call at all,
 * so that a hook built on them (checks/hooks.h) saves no register and
 * jumps to the kernel's lock call; what else an acquisition may need,
 * lw_acquire_end(), is called from a function of the hook's own.
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
		clear_bit(LW_DEP_FRESH, &dep->flags);
		/* Fresh no more before the new generation: pairs with lw_dep_fresh(). */
		smp_mb__after_atomic();
		WRITE_ONCE(dep->gen, gen);
		atomic_set(&dep->untracked, 0);
	}
}

/*
 * The memo of @dep (struct lw_dep_map), if it is whole and was written for
 * an acquisition under a chain of key @from: its tag (lw_memo_tag()), with
 * its key in *@key; 0 (no tag is 0) otherwise. The tag says what the memo
 * holds: the key of the chain that acquisition formed, found in the chain
 * cache, a pure function's value (the key of @from extended as the tag
 * says) and a verdict that holds until the cache's epoch moves, so no check
 * the chain cache would not skip is skipped; or, with LW_MEMO_KNOWN, the
 * slot of the known-finding table that acquisition recurred (recur.c), a
 * hint checked there against the entry itself. Any number of contexts may
 * read at once, against at most one writer.
 */
static __always_inline u64 lw_memo_find(const struct lw_dep_map *dep, lw_chain_key_t from,
					lw_chain_key_t *key)
{
	u32 seq = READ_ONCE(dep->memo_seq);
	u64 tag;

	/* The count before the memo: pairs with lw_memo_store()'s smp_wmb(). */
	smp_rmb();
	if (READ_ONCE(dep->memo_from) != from)
		return 0;
	tag = READ_ONCE(dep->memo_tag);
	*key = READ_ONCE(dep->memo_key);
	/* The memo before the count again: pairs with the cmpxchg() there. */
	smp_rmb();
	return !(seq & 1) && READ_ONCE(dep->memo_seq) == seq ? tag : 0;
}

/*
 * Remember in @dep that an acquisition under chain @from, as @tag says,
 * found @key: a chain key in the chain cache, or with LW_MEMO_KNOWN in
 * @tag a slot of the known-finding table. Skipped when another context
 * writes the memo meanwhile: a memo is only ever a shortcut.
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
 * What tag @tag of an acquisition says of it: its class id, its LW_ACQ_*
 * flags (every flag an acquisition is taken with is keyed, LW_ACQ_KEYED)
 * and its context bits.
 */
static __always_inline lw_id_t lw_memo_tag_id(u64 tag)
{
	return (lw_id_t)tag;
}

static __always_inline unsigned int lw_memo_tag_flags(u64 tag)
{
	return (u8)(tag >> 16);
}

static __always_inline unsigned int lw_memo_tag_ctx(u64 tag)
{
	/* The byte's top bit is LW_MEMO_KNOWN's, no context bit's. */
	return (u8)(tag >> 24) & 0x7f;
}

/*
 * In a memo's tag: the memo holds the known-finding slot an acquisition
 * recurred, not a chain key. The bit of the tag's chain-key bits that
 * lw_held_key_bits() never sets (its flags use bits 0-7, the context 8-12).
 */
#define LW_MEMO_KNOWN		BIT_ULL(31)
static_assert((LW_ACQ_KEYED | (LW_IN_HARDIRQ | LW_IN_SOFTIRQ | LW_IRQS_ON | LW_BH_ON |
				LW_ATOMIC) << 8) < BIT(15));

/* @flags of an acquisition in the context of preempt count @pc. */
static __always_inline unsigned int lw_acq_flags(unsigned int flags, unsigned long pc)
{
	/*
	 * A queued rwlock's readers wait behind a waiting writer, so they may
	 * recurse only in interrupt context (lockdep's read_lock_is_recursive()).
	 */
	if ((flags & LW_ACQ_RREAD) && IS_ENABLED(CONFIG_QUEUED_RWLOCKS) &&
	    !(pc & HARDIRQ_MASK) && !lw_softirq_count(pc))
		flags &= ~LW_ACQ_RREAD;
	return flags;
}

/* What lw_acquire_fast() leaves to the rest of an acquisition, lw_acquire_end(). */
enum lw_fast {
	LW_FAST_DONE,		/* recorded, or nothing to record */
	LW_FAST_SLOW,		/* for lw_acquire_slow() */
	LW_FAST_MISS,		/* a chain not cached: lw_acquire_miss() */
};

/*
 * The lock-free part of lw_acquire(), with no call in it, so that a hook
 * built on it needs no frame: an acquisition the lock's memo vouches for
 * (taken again under the chain it was last taken under, as then) is pushed
 * onto the context's stack, then in *@sp (LW_FAST_DONE). LW_FAST_MISS: the
 * memo does not hold; *@sp is the context's usable stack and *@tagp the
 * lock's memo tag of the acquisition, for lw_acquire_miss(), which looks
 * in the chain cache. Without @probe, a task whose stack is not this CPU's
 * hint (lw_held_mine_as()) gets LW_FAST_SLOW, to ask again with it.
 */
static __always_inline enum lw_fast lw_acquire_fast_as(struct lw_dep_map *dep, unsigned int flags,
						       unsigned int subclass, unsigned long ip,
						       struct lw_held_stack **sp, u64 *tagp,
						       bool probe)
{
	struct lw_class *class = dep->class;
	unsigned long pc = lw_pc();
	struct lw_held_stack *s;
	unsigned int ctx, i, gen;
	lw_chain_key_t key;
	lw_id_t id;
	u64 tag, memo;

	if (unlikely(!class)) {
		lw_stat_inc(LW_STAT_UNTRACKED);
		return LW_FAST_DONE;
	}
	if (unlikely(pc & NMI_MASK))
		return LW_FAST_DONE;
	flags = lw_acq_flags(flags, pc);
	ctx = lw_ctx_bits(pc);
	/* Read once: a reset between two reads would mix two generations. */
	gen = READ_ONCE(lw_engine.gen);
	/* Without a stack of its own, lw_held_none, whose gen is never @gen. */
	s = lw_held_mine_as(pc, &lw_held_none, probe);
	if (unlikely(READ_ONCE(s->gen) != gen || s->depth >= LW_MAX_DEPTH))
		return LW_FAST_SLOW;
	/* Recorded on this path or the slow one, in generation @gen either way. */
	lw_dep_seen(dep, gen);
	id = READ_ONCE(class->id[min_t(unsigned int, subclass, LW_MAX_SUBCLASSES - 1)]);
	if (unlikely(!id))
		return LW_FAST_SLOW;
	/* The same lock again (at another subclass): for the slow path. */
	for (i = 0; i < s->depth; i++)
		if (unlikely(s->locks[i].dep == dep))
			return LW_FAST_SLOW;
	tag = lw_memo_tag(id, lw_held_key_bits(flags, ctx), lw_chains_epoch(&lw_engine.chains));
	memo = lw_memo_find(dep, lw_held_key(s), &key);
	*sp = s;
	if (unlikely(memo != tag)) {
		*tagp = tag;
		return LW_FAST_MISS;
	}
	lw_stat_inc(LW_STAT_FAST_HITS);
	lw_held_push(s, dep, lw_memo_tag_id(tag), lw_memo_tag_flags(tag), lw_memo_tag_ctx(tag), ip,
		     key);
	return LW_FAST_DONE;
}

/* lw_acquire_fast_as() that finds any task's stack. */
static __always_inline enum lw_fast lw_acquire_fast(struct lw_dep_map *dep, unsigned int flags,
						    unsigned int subclass, unsigned long ip,
						    struct lw_held_stack **sp, u64 *tagp)
{
	return lw_acquire_fast_as(dep, flags, subclass, ip, sp, tagp, true);
}

/*
 * The rest of an acquisition of @dep (as lw_acquire() has it) after
 * lw_acquire_fast() said @res, with its *@sp and *@tagp in @s and @tag.
 */
static __always_inline void lw_acquire_end(struct lw_dep_map *dep, unsigned int flags,
					   unsigned int subclass, unsigned long ip,
					   enum lw_fast res, struct lw_held_stack *s, u64 tag)
{
	unsigned long pc;

	switch (res) {
	case LW_FAST_MISS:
		lw_acquire_miss(dep, subclass, ip, s, tag);
		break;
	case LW_FAST_SLOW:
		pc = lw_pc();
		lw_acquire_slow(dep, lw_acq_flags(flags, pc), subclass, lw_ctx_bits(pc), ip);
		break;
	default:
		break;
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
	struct lw_held_stack *s = NULL;
	u64 tag = 0;
	enum lw_fast res = lw_acquire_fast(dep, flags, subclass, ip, &s, &tag);

	lw_acquire_end(dep, flags, subclass, ip, res, s, tag);
}

/*
 * Record on the current context's stack @s that it releases @dep: true if
 * @s is usable without the engine lock and its entry of @dep is dropped
 * (with @top, only its top entry, with no call). Owner only.
 */
static __always_inline bool lw_release_on(struct lw_held_stack *s, struct lw_dep_map *dep,
					  bool top)
{
	if (unlikely(READ_ONCE(s->gen) != READ_ONCE(lw_engine.gen)))
		return false;
	if (top ? !lw_held_drop_top(s, dep) : !lw_held_drop(s, dep))
		return false;
	lw_stat_inc(LW_STAT_RELEASED);
	return true;
}

/*
 * Record that the current context releases @dep, on the fast path: true
 * when its stack holds @dep (or @dep is not tracked), false when the caller
 * must take the slow path, lw_release_slow(). Either way the caller then
 * releases the kernel lock: lockwarden only observes. With @top, only a
 * release of the stack's top entry, found by this CPU's hint, is recorded
 * here, with no call; false for any other, which the caller then passes to
 * lw_release_fast() again.
 */
static __always_inline bool lw_release_fast_as(struct lw_dep_map *dep, bool top)
{
	unsigned long pc = lw_pc();

	if (unlikely(!dep->class)) {
		lw_stat_inc(LW_STAT_UNTRACKED);
		return true;
	}
	if (unlikely(pc & NMI_MASK))
		return true;
	return lw_release_on(lw_held_mine_as(pc, &lw_held_none, !top), dep, top);
}

/*
 * Whether a release of @s's top entry that enables interrupts or bottom
 * halves again (@mode, with @flags for LW_IRQ_SAVE) leaves no lock for
 * lw_irqs_enabled() to mark: it leaves interrupts off (an _irqrestore of
 * flags with them off), or every entry below the top is a sleeping lock's,
 * which no interrupt takes (a spin_lock_irqsave() under a mutex).
 */
static __always_inline bool lw_irqs_mark_none(const struct lw_held_stack *s,
					      enum lw_irq_mode mode, unsigned long flags)
{
	unsigned int i;

	if (mode == LW_IRQ_SAVE && irqs_disabled_flags(flags))
		return true;
	for (i = 0; i + 1 < s->depth; i++)
		if (!(s->locks[i].flags & LW_ACQ_SLEEPS))
			return false;
	return true;
}

/*
 * Record that the current context releases @dep, with no call, for a
 * release that enables interrupts or bottom halves again (@mode, with
 * @flags for LW_IRQ_SAVE): of the context's one held lock, or of its top
 * entry when that leaves no lock for lw_irqs_enabled() to mark
 * (lw_irqs_mark_none()). False for any other release (a lock not
 * tracked, in NMI context, not the stack's top entry, a spinning lock
 * left held under it with interrupts enabled, a stack not found by this
 * CPU's hint), which the caller then passes to lw_release_fast() and
 * lw_irqs_enabled(). Written out, not through lw_release_on(): that form
 * made gcc save a register in every spinning unlock hook (4 to 9
 * instructions a pair more, stock 6.1).
 */
static __always_inline bool lw_release_fast_irq(struct lw_dep_map *dep, enum lw_irq_mode mode,
						unsigned long flags)
{
	unsigned long pc = lw_pc();
	struct lw_held_stack *s;

	if (unlikely(!dep->class || (pc & NMI_MASK)))
		return false;
	s = lw_held_mine_as(pc, &lw_held_none, false);
	if (unlikely(READ_ONCE(s->gen) != READ_ONCE(lw_engine.gen)))
		return false;
	if (likely(s->depth == 1 && s->locks[0].dep == dep)) {
		WRITE_ONCE(s->depth, 0);
	} else {
		if (!s->depth || s->locks[s->depth - 1].dep != dep ||
		    !lw_irqs_mark_none(s, mode, flags))
			return false;
		WRITE_ONCE(s->depth, s->depth - 1);
	}
	lw_stat_inc(LW_STAT_RELEASED);
	return true;
}

/* lw_release_fast_as() of any entry of @dep. */
static __always_inline bool lw_release_fast(struct lw_dep_map *dep)
{
	return lw_release_fast_as(dep, false);
}

#endif /* _LW_FAST_H */
