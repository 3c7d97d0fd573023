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

/**
 * lw_recur_fast() - count a recurrence of a known finding, lock-free
 * @s: the current context's stack, of the current generation
 * @key: the chain key of the acquisition (not in the chain cache)
 * @ip: its site
 *
 * Called by lw_acquire() (fast.h) before the slow path. With the trace
 * event lockwarden:finding on, every occurrence goes through lw_raise()
 * under the lock, which emits it: nothing is counted here.
 *
 * Return: true if the acquisition recurs a known finding, counted and
 * told to the subscribers: it needs no check, only its push.
 */
noinline bool lw_recur_fast(const struct lw_held_stack *s, lw_chain_key_t key,
			    unsigned long ip)
{
	struct lw_known k;

	if (trace_finding_enabled() ||
	    !lw_knowns_find(&lw_engine.knowns, lw_held_site_key(s, key, ip), &k) ||
	    !lw_ring_recur(&lw_engine.ring, k.slot, k.uid, lw_now_ns()))
		return false;
	lw_raise_recurred(k.serial, k.kind);
	return true;
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
