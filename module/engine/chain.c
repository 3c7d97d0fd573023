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
 * verdict may no longer hold (a class forgotten, the graph reset).
 *
 * Precondition: the caller holds the engine lock for every call but
 * lw_chains_contains(), the lockless lookup of the acquisition fast path.
 */
#include "engine.h"

/* === Public interface === */

size_t lw_chains_mem_size(u32 size)
{
	return (size_t)size * sizeof(lw_chain_key_t);
}

/*
 * Use @size slots of @mem, which holds lw_chains_mem_size(@size) bytes. A
 * size that is not a power of two is rounded down to one.
 */
void lw_chains_init(struct lw_chains *c, void *mem, u32 size)
{
	memset(c, 0, sizeof(*c));
	/* Clear low bits until only the highest is left. */
	while (size & (size - 1))
		size &= size - 1;
	c->size = size;
	c->keys = mem;
	lw_chains_reset(c);
}

/* Forget every key; the counters keep counting. */
void lw_chains_reset(struct lw_chains *c)
{
	u32 i;

	/* Slot by slot, whole: lockless readers may be looking. */
	for (i = 0; i < c->size; i++)
		WRITE_ONCE(c->keys[i], 0);
	c->used = 0;
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
