// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden's validated-chain cache: the keys of held-lock chains whose
 * checks all passed, so that an acquisition sequence seen before costs a key
 * and a lookup instead of the checks, as lockdep's chain cache does.
 *
 * A fixed table of keys, open addressing with linear probing. A key's home
 * slot is its low bits (the key is a well-mixed hash already); a lookup and
 * an insert probe the same at most LW_CHAINS_PROBE slots from there, so both
 * cost O(1). Keys are only ever added, so an empty slot ends a lookup: the
 * key cannot lie further on. When those slots are all taken an insert is
 * refused and counted, and nothing is evicted: a chain not cached is merely
 * checked again, while evicting would make the hit rate unpredictable. A
 * reset empties the table at once; the caller resets it whenever a cached
 * verdict may no longer hold (a class forgotten, the graph reset). Every
 * reset step moves the cache's epoch on, so that a lockless reader may
 * remember a key it found cached for as long as the epoch stays.
 *
 * The known-finding table beside it (struct lw_knowns) is keyed the same
 * way by an acquisition's site key, and remembers the one finding such an
 * acquisition raised, so that the acquisition again counts a recurrence
 * of it instead of being checked: the chain cache for chains that fail.
 * Its entries go stale by an epoch, all at once, and are overwritten, not
 * removed.
 *
 * Precondition: the caller holds the engine lock for every call but
 * lw_chains_contains(), lw_knowns_find() and lw_knowns_read(), the lockless
 * lookups of the acquisition fast path.
 */
#include "engine.h"

/* === Public interface === */

size_t lw_chains_mem_size(u32 size)
{
	return (size_t)size * sizeof(lw_chain_key_t);
}

/* @size rounded down to a power of two: the slots of a hashed table. */
static u32 lw_table_slots(u32 size)
{
	/* Clear low bits until only the highest is left. */
	while (size & (size - 1))
		size &= size - 1;
	return size;
}

/*
 * Use @size slots of @mem, which holds lw_chains_mem_size(@size) bytes. A
 * size that is not a power of two is rounded down to one.
 */
void lw_chains_init(struct lw_chains *c, void *mem, u32 size)
{
	memset(c, 0, sizeof(*c));
	c->size = lw_table_slots(size);
	c->epoch = 1;
	c->keys = mem;
	memset(c->keys, 0, lw_chains_mem_size(c->size));
}

/**
 * lw_chains_reset_step() - empty the cache, a part at a time
 * @c: the cache
 * @pos: 0 at the first call, then the value the call left; opaque
 * @budget: slots to clear in this call, at least 1
 *
 * Bounded work per call, so that a caller can drop its lock between
 * calls; the cache stays usable throughout (a key inserted meanwhile may
 * be cleared again: a later miss, never a wrong hit).
 *
 * Return: true when every slot was cleared once.
 */
bool lw_chains_reset_step(struct lw_chains *c, u32 *pos, u32 budget)
{
	u64 end = (u64)*pos + budget;

	/* Slot by slot, whole: lockless readers may be looking. */
	for (; *pos < c->size && *pos < end; ++*pos) {
		if (c->keys[*pos]) {
			WRITE_ONCE(c->keys[*pos], 0);
			c->used--;
		}
	}
	/* The slots cleared before the epoch moves: pairs with lw_chains_epoch(). */
	smp_wmb();
	WRITE_ONCE(c->epoch, c->epoch + 1 ?: 1);
	return *pos >= c->size;
}

/* Forget every key at once; the counters keep counting. */
void lw_chains_reset(struct lw_chains *c)
{
	u32 pos = 0;

	while (!lw_chains_reset_step(c, &pos, U32_MAX))
		;
}

/* Whether @key is cached; counted as a hit or a miss. */
bool lw_chains_lookup(struct lw_chains *c, lw_chain_key_t key)
{
	bool found = lw_chains_contains(c, key);

	if (found)
		c->hits++;
	else
		c->misses++;
	return found;
}

/*
 * Cache @key. Returns true if it is cached now (or was already), false if
 * every slot within the probe bound is taken by other keys: counted as full.
 */
bool lw_chains_insert(struct lw_chains *c, lw_chain_key_t key)
{
	u32 i, n = lw_chains_probes(c), mask = c->size - 1, home;

	key = lw_chains_stored(key);
	home = (u32)key;
	for (i = 0; i < n; i++) {
		lw_chain_key_t *k = &c->keys[(home + i) & mask];

		if (*k == key)
			return true;
		if (!*k) {
			WRITE_ONCE(*k, key);
			c->used++;
			return true;
		}
	}
	c->full++;
	return false;
}

/* === Known findings of chains === */

/**
 * lw_knowns_mem_size() - the memory a known-finding table needs
 * @size: its slots
 *
 * Return: the bytes, for lw_knowns_init().
 */
size_t lw_knowns_mem_size(u32 size)
{
	return (size_t)size * sizeof(struct lw_known);
}

/**
 * lw_knowns_init() - set up an empty known-finding table
 * @t: the table
 * @mem: lw_knowns_mem_size(@size) bytes for it
 * @size: its slots; not a power of two, rounded down to one
 */
void lw_knowns_init(struct lw_knowns *t, void *mem, u32 size)
{
	memset(t, 0, sizeof(*t));
	t->size = lw_table_slots(size);
	t->ent = mem;
	t->epoch = 1;
	memset(t->ent, 0, lw_knowns_mem_size(t->size));
}

/**
 * lw_knowns_invalidate() - make every entry stale
 * @t: the table
 *
 * What the checks conclude may have changed. Lock-free readers see it at
 * their next lookup; one racing it may still count a recurrence, ordered
 * before the change.
 */
void lw_knowns_invalidate(struct lw_knowns *t)
{
	WRITE_ONCE(t->epoch, t->epoch + 1);
	t->fresh = 0;
}

/* Write @what, keyed @key, into @e, inside an odd sequence count. */
static void lw_known_write(struct lw_known *e, lw_chain_key_t key, u64 epoch,
			   const struct lw_known *what)
{
	WRITE_ONCE(e->seq, e->seq + 1);
	/* The odd count before the fields: pairs with lw_knowns_read()'s first smp_rmb(). */
	smp_wmb();
	WRITE_ONCE(e->key, key);
	WRITE_ONCE(e->epoch, epoch);
	WRITE_ONCE(e->serial, what->serial);
	WRITE_ONCE(e->slot, what->slot);
	WRITE_ONCE(e->uid, what->uid);
	WRITE_ONCE(e->kind, what->kind);
	/* The fields before the even count: pairs with lw_knowns_read()'s second smp_rmb(). */
	smp_wmb();
	WRITE_ONCE(e->seq, e->seq + 1);
}

/**
 * lw_knowns_insert() - remember the finding of an acquisition
 * @t: the table
 * @key: the acquisition's site key
 * @what: the finding: its serial, slot, uid and kind (the rest is ignored)
 *
 * The entry of @key is rewritten if there is one; otherwise a free slot or
 * a stale entry within the probe bound is taken.
 *
 * Return: true if remembered; false, counted as full, if every slot within
 * the bound holds an entry of another key of the current epoch.
 */
bool lw_knowns_insert(struct lw_knowns *t, lw_chain_key_t key, const struct lw_known *what)
{
	u32 i, n = min_t(u32, t->size, LW_CHAINS_PROBE), mask = t->size - 1, home;
	struct lw_known *spare = NULL;

	key = lw_chains_stored(key);
	home = (u32)key;
	for (i = 0; i < n; i++) {
		struct lw_known *e = &t->ent[(home + i) & mask];

		if (e->key == key) {
			spare = e;
			break;
		}
		if (!spare && e->epoch != t->epoch)
			spare = e;
		/* An empty slot ends the keys: @key is not further on. */
		if (!e->key)
			break;
	}
	if (!spare) {
		t->full++;
		return false;
	}
	if (spare->key != key || spare->epoch != t->epoch)
		t->fresh++;
	lw_known_write(spare, key, t->epoch, what);
	return true;
}
