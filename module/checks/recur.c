// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden's recurring findings: an acquisition whose checks raised one
 * finding is remembered, so that the same acquisition again, a finding
 * recurring in a hot path, counts a recurrence of it without the engine
 * lock, the checks or the findings ring's scan, as a chain whose checks
 * passed skips them by the validated-chain cache.
 *
 * What the checks of an acquisition conclude depends on its chain (the
 * held classes, how and in which context each was taken, the new class),
 * its site and the held locks' sites (a finding names them), and the
 * engine's state: the learned order, the interrupt usage, the class ids,
 * the filter. The first four make the site key an entry is found by; any
 * change of the state makes every entry stale (lw_known_invalidate()).
 * An acquisition is remembered only when its checks raised exactly one
 * finding, stored in the ring, and changed no state: then the same
 * acquisition against the same state raises that finding again and
 * nothing else. The kinds that can recur so are those of the checks that
 * depend on the chain (lw_check_chain()): lock-order cycle, recursive
 * locking, read-to-write upgrade, rank violation, sleeping lock in atomic
 * context, invalid wait context, and irq-safety inversion by a recursive
 * read's path.
 *
 * The count is exact: the ring slot's word pairs the finding's uid with the
 * lock-free count (lw_ring_recur()), so a recurrence is counted for that
 * finding or not at all (and then under the lock), never for a later
 * finding in the recycled slot; the outputs' copies fold it in.
 */
#include "checks/fast.h"
#include "raise/lw_trace.h"

#include <linux/jiffies.h>

/*
 * Not zeroed on the stack by the kernel's stack-init hardening
 * (INIT_STACK_ALL_ZERO): a known finding's copy, every field of which that
 * is read is written first (lw_knowns_read()), on every recurrence.
 */
#if __has_attribute(__uninitialized__)
#define __lw_noinit __attribute__((__uninitialized__))
#else
#define __lw_noinit
#endif

/* The tick count, never 0 (a ring slot's tick before its first stamp). */
static inline unsigned long lw_tick(void)
{
	unsigned long tick = jiffies;

	return tick ? tick : 1;
}

/*
 * Count a recurrence of the known finding of an acquisition of @dep at
 * @ip, on the current context's stack @s, of chain key @key, with @tag
 * the lock's memo tag of it (lw_memo_tag()), @known if the lock's memo
 * said that its last acquisition under this chain recurred one: true if
 * it is one, counted and told to the subscribers; it then needs no check,
 * only its push. With the trace event lockwarden:finding on, every
 * occurrence goes through lw_raise() under the lock, which emits it:
 * nothing is counted here.
 *
 * The known-finding table's slot is looked for first where the lock's
 * memo says its last acquisition found it (a hint: the slot's entry must
 * hold the site key, of the current epoch), then by the key; a slot found
 * so goes in the memo, so that the next acquisition under this chain skips
 * the chain cache's lookup too (lw_acquire_fast()).
 */
static bool lw_recur_count(struct lw_dep_map *dep, const struct lw_held_stack *s, u64 tag,
			   lw_chain_key_t key, unsigned long ip, bool known)
{
	const struct lw_knowns *t = &lw_engine.knowns;
	struct lw_ring_recur *rc;
	lw_chain_key_t skey;
	struct lw_known k __lw_noinit;
	u32 at;

	if (trace_finding_enabled())
		return false;
	skey = lw_held_site_key(s, key, ip);
	tag |= LW_MEMO_KNOWN;
	/*
	 * Read without the memo's count, and its tag as the caller read it
	 * (@known): the entry itself is checked.
	 */
	at = READ_ONCE(dep->memo_key);
	if (!known || at >= t->size || !lw_knowns_read(t, at, skey, &k)) {
		if (!lw_knowns_find_slot(t, skey, &k, &at))
			return false;
		lw_memo_store(dep, lw_held_key(s), tag, at);
	}
	rc = lw_ring_recur_of(&lw_engine.ring, k.slot);
	if (!lw_ring_recur(rc, k.uid))
		return false;
	/* The clock read once a tick: the last-seen time a tick behind at most. */
	if (lw_ring_recur_due(rc, lw_tick()))
		lw_ring_recur_seen(rc, lw_now_ns());
	lw_raise_recurred(k.serial, k.kind);
	return true;
}

/**
 * lw_acquire_miss() - the rest of lw_acquire() when the lock's memo did not hold
 * @dep: the lock
 * @subclass: its nesting subclass
 * @ip: the site
 * @s: the current context's stack, usable (lw_acquire_fast())
 * @tag: the lock's memo tag of the acquisition (lw_memo_tag()), which
 *	says its class id, flags and context
 *
 * A chain in the chain cache is pushed, and goes in the lock's memo; a
 * known finding again is counted and pushed (lw_recur_count()), first if
 * the memo says that the lock's last acquisition under this chain recurred
 * one; all with no lock taken. Anything else takes the slow path.
 */
noinline void lw_acquire_miss(struct lw_dep_map *dep, unsigned int subclass, unsigned long ip,
			      struct lw_held_stack *s, u64 tag)
{
	lw_chain_key_t from = lw_held_key(s);
	lw_chain_key_t key = lw_chain_key_next(from, lw_memo_tag_id(tag), (u16)(tag >> 16));
	bool known = READ_ONCE(dep->memo_tag) == (tag | LW_MEMO_KNOWN);

	if (!known && lw_chains_contains(&lw_engine.chains, key))
		goto cached;
	if (lw_recur_count(dep, s, tag, key, ip, known))
		goto push;
	if (!known || !lw_chains_contains(&lw_engine.chains, key)) {
		lw_acquire_slow(dep, lw_memo_tag_flags(tag), subclass, lw_memo_tag_ctx(tag), ip);
		return;
	}
cached:
	lw_stat_inc(LW_STAT_FAST_HITS);
	lw_memo_store(dep, from, tag, key);
push:
	/* The flags and context from the tag here: none kept across the calls above. */
	lw_held_push(s, dep, lw_memo_tag_id(tag), lw_memo_tag_flags(tag), lw_memo_tag_ctx(tag),
		     ip, key);
}

/**
 * lw_recur_remember() - remember the one finding an acquisition raised
 * @s: the context's stack, before the acquisition's push
 * @key: the acquisition's chain key
 * @ip: its site
 * @f: the finding, as stored in the ring
 *
 * Precondition: the engine lock is held; the caller made sure the checks
 * raised only @f and changed no state (lw_check_chain()).
 */
void lw_recur_remember(const struct lw_held_stack *s, lw_chain_key_t key, unsigned long ip,
		       const struct lw_finding *f)
{
	struct lw_ring *r = &lw_engine.ring;
	struct lw_known k = {
		.serial = f->serial,
		.slot = f - r->rec,
		.uid = f->uid,
		.kind = f->kind,
	};

	if (!lw_knowns_insert(&lw_engine.knowns, lw_held_site_key(s, key, ip), &k))
		lw_stat_inc(LW_STAT_KNOWN_FULL);
}
