// SPDX-License-Identifier: GPL-2.0
/*
 * Userspace tests of lockwarden's validated-chain cache and chain keys, run
 * on the real module/engine/chain.c compiled against the shim in engine_deps.h.
 */
#include "engine_deps.h"	/* first: its include guard replaces the kernel's */
#include "../../../module/engine/chain.c"

#include <stdlib.h>

#include "runner.h"

/* ===== Helpers ===== */

static struct lw_chains *chains_new(u32 size)
{
	struct lw_chains *c = lw_test_alloc(sizeof(*c));

	/* lw_test_alloc() hands out junk: init must clear the table itself. */
	lw_chains_init(c, lw_test_alloc(lw_chains_mem_size(size)), size);
	return c;
}

/* The key of a whole chain, as the caller computes it. */
static lw_chain_key_t chain_key(const lw_id_t *cls, const u8 *flags, unsigned int n)
{
	lw_chain_key_t key = 0;
	unsigned int i;

	for (i = 0; i < n; i++)
		key = lw_chain_key_next(key, cls[i], flags ? flags[i] : 0);
	return key;
}

/* Keys whose home slot in a table of @size is @home: the @i-th of them. */
static lw_chain_key_t key_at(u32 size, u32 home, u32 i)
{
	return ((lw_chain_key_t)(i + 1) << 40) | ((u64)i * size) | home;
}

static int key_cmp(const void *a, const void *b)
{
	lw_chain_key_t x = *(const lw_chain_key_t *)a, y = *(const lw_chain_key_t *)b;

	return x < y ? -1 : x > y;
}

static unsigned int slots_used(const struct lw_chains *c)
{
	unsigned int i, n = 0;

	for (i = 0; i < c->size; i++)
		n += c->keys[i] != 0;
	return n;
}

/* What each counter of a table must read: all of them, so none goes unchecked. */
struct chains_counts {
	u32 used;
	u64 hits, misses, full;
};

static bool chains_counts_are(const struct lw_chains *c, struct chains_counts want)
{
	if (c->used == want.used && c->hits == want.hits && c->misses == want.misses &&
	    c->full == want.full)
		return true;
	lw_test_diag("chains: used %u hits %llu misses %llu full %llu; want %u %llu %llu %llu",
		     c->used, (unsigned long long)c->hits, (unsigned long long)c->misses,
		     (unsigned long long)c->full, want.used, (unsigned long long)want.hits,
		     (unsigned long long)want.misses, (unsigned long long)want.full);
	return false;
}

#define ASSERT_CHAINS(c, ...) \
	ASSERT_TRUE(chains_counts_are(c, (struct chains_counts){ __VA_ARGS__ }))

/* ===== Test cases ===== */

TEST(chain_key_order_sensitive)
{
	const lw_id_t ab[] = { 1, 2 }, ba[] = { 2, 1 }, abc[] = { 1, 2, 3 }, acb[] = { 1, 3, 2 };
	const lw_id_t aa[] = { 1, 1 };
	const u8 read[] = { 1, 0 }, ctx[] = { 0, 4 };
	lw_chain_key_t k_ab = chain_key(ab, NULL, 2);

	/* Deterministic, and built entry by entry from the empty chain's 0. */
	ASSERT_EQ(k_ab, chain_key(ab, NULL, 2));
	ASSERT_EQ(k_ab, lw_chain_key_next(lw_chain_key_next(0, 1, 0), 2, 0));
	ASSERT_NE(k_ab, 0);

	ASSERT_NE(k_ab, chain_key(ba, NULL, 2));
	ASSERT_NE(chain_key(abc, NULL, 3), chain_key(acb, NULL, 3));
	/* A prefix, a repeat, and flags are all part of the key. */
	ASSERT_NE(k_ab, chain_key(ab, NULL, 1));
	ASSERT_NE(k_ab, chain_key(abc, NULL, 3));
	ASSERT_NE(chain_key(aa, NULL, 2), chain_key(aa, NULL, 1));
	ASSERT_NE(k_ab, chain_key(ab, read, 2));
	ASSERT_NE(k_ab, chain_key(ab, ctx, 2));
	ASSERT_NE(chain_key(ab, read, 2), chain_key(ab, ctx, 2));
	/* Flags and class are not interchangeable. */
	ASSERT_NE(lw_chain_key_next(0, 1, 2), lw_chain_key_next(0, 2, 1));
	ASSERT_NE(lw_chain_key_next(0, 0x100, 0), lw_chain_key_next(0, 0, 1));
}

/*
 * Every chain of up to three entries over 30 classes and 4 flag values:
 * 1.7 million keys, all distinct, none 0.
 */
TEST(chain_key_no_collisions)
{
	const unsigned int nc = 30, nf = 4, ne = nc * nf;
	const unsigned int total = ne + ne * ne + ne * ne * ne;
	lw_chain_key_t *keys = lw_test_alloc(total * sizeof(*keys));
	unsigned int a, b, d, n = 0, i;

	for (a = 0; a < ne; a++) {
		lw_chain_key_t ka = lw_chain_key_next(0, 1 + a / nf, a % nf);

		keys[n++] = ka;
		for (b = 0; b < ne; b++) {
			lw_chain_key_t kb = lw_chain_key_next(ka, 1 + b / nf, b % nf);

			keys[n++] = kb;
			for (d = 0; d < ne; d++)
				keys[n++] = lw_chain_key_next(kb, 1 + d / nf, d % nf);
		}
	}
	ASSERT_EQ(n, total);
	qsort(keys, n, sizeof(*keys), key_cmp);
	ASSERT_NE(keys[0], 0);
	for (i = 1; i < n; i++)
		ASSERT_NE(keys[i], keys[i - 1]);
	lw_test_diag("%u chain keys, all distinct", n);
}

/* One bit of difference in an entry flips about half of the key's bits. */
TEST(chain_key_avalanche)
{
	unsigned long long rng = lw_test_seed() ^ 0xa7a1, flipped = 0, trials = 0;
	unsigned int i, bit;

	for (i = 0; i < 2000; i++) {
		lw_chain_key_t prev = lw_test_rand(&rng);
		lw_id_t id = lw_test_rand(&rng);
		u8 flags = lw_test_rand(&rng);
		lw_chain_key_t key = lw_chain_key_next(prev, id, flags);

		for (bit = 0; bit < 24; bit++) {
			lw_id_t id2 = bit < 16 ? id ^ (1U << bit) : id;
			u8 flags2 = bit < 16 ? flags : flags ^ (1U << (bit - 16));

			flipped += __builtin_popcountll(key ^ lw_chain_key_next(prev, id2, flags2));
			trials++;
		}
	}
	lw_test_diag("avalanche: %.2f of 64 bits flip per input bit",
		     (double)flipped / trials);
	ASSERT_GE(flipped * 100 / trials, 31 * 100);
	ASSERT_LE(flipped * 100 / trials, 33 * 100);
}

TEST(chains_init)
{
	struct lw_chains *c;
	unsigned int i;

	ASSERT_EQ(lw_chains_mem_size(64), 64 * sizeof(lw_chain_key_t));
	ASSERT_EQ(lw_chains_mem_size(0), 0);

	c = chains_new(64);
	ASSERT_EQ(c->size, 64);
	ASSERT_CHAINS(c, .used = 0, .hits = 0, .misses = 0, .full = 0);
	for (i = 0; i < 64; i++)
		ASSERT_EQ(c->keys[i], 0);

	/* Not a power of two: the largest one that fits. */
	ASSERT_EQ(chains_new(100)->size, 64);
	ASSERT_EQ(chains_new(1)->size, 1);
	ASSERT_EQ(chains_new(3)->size, 2);
	ASSERT_EQ(chains_new(1023)->size, 512);
	ASSERT_EQ(chains_new(1024)->size, 1024);
	ASSERT_EQ(chains_new(1025)->size, 1024);
}

TEST(chains_hit_miss)
{
	struct lw_chains *c = chains_new(256);
	const lw_id_t held[] = { 7, 3, 9 };
	lw_chain_key_t k = chain_key(held, NULL, 3), other = chain_key(held, NULL, 2);

	ASSERT_FALSE(lw_chains_lookup(c, k));
	ASSERT_CHAINS(c, .used = 0, .hits = 0, .misses = 1, .full = 0);

	ASSERT_TRUE(lw_chains_insert(c, k));
	ASSERT_TRUE(lw_chains_lookup(c, k));
	ASSERT_TRUE(lw_chains_lookup(c, k));
	ASSERT_FALSE(lw_chains_lookup(c, other));
	ASSERT_CHAINS(c, .used = 1, .hits = 2, .misses = 2, .full = 0);

	/* Inserting a cached key again changes nothing and is no failure. */
	ASSERT_TRUE(lw_chains_insert(c, k));
	ASSERT_CHAINS(c, .used = 1, .hits = 2, .misses = 2, .full = 0);
	ASSERT_EQ(slots_used(c), 1);
	ASSERT_TRUE(lw_chains_insert(c, other));
	ASSERT_EQ(c->used, 2);
	ASSERT_TRUE(lw_chains_lookup(c, other));
	ASSERT_TRUE(lw_chains_lookup(c, k));
}

/*
 * A table of 4: keys sharing a home slot take the next ones, wrapping at
 * the end; a fifth finds no slot, is refused and counted, and evicts none.
 */
TEST(chains_collisions_tiny)
{
	struct lw_chains *c = chains_new(4);
	unsigned int i;

	for (i = 0; i < 4; i++) {
		ASSERT_EQ(key_at(4, 3, i) & 3, 3);
		ASSERT_TRUE(lw_chains_insert(c, key_at(4, 3, i)));
	}
	ASSERT_EQ(c->used, 4);
	/* Home 3 first, then wrapped round to 0, 1, 2. */
	for (i = 0; i < 4; i++)
		ASSERT_EQ(c->keys[(3 + i) % 4], key_at(4, 3, i));
	for (i = 0; i < 4; i++)
		ASSERT_TRUE(lw_chains_lookup(c, key_at(4, 3, i)));

	ASSERT_FALSE(lw_chains_insert(c, key_at(4, 3, 4)));
	ASSERT_EQ(c->full, 1);
	ASSERT_FALSE(lw_chains_insert(c, key_at(4, 1, 9)));
	ASSERT_EQ(c->full, 2);
	ASSERT_EQ(c->used, 4);
	ASSERT_FALSE(lw_chains_lookup(c, key_at(4, 3, 4)));
	ASSERT_FALSE(lw_chains_lookup(c, key_at(4, 1, 9)));
	for (i = 0; i < 4; i++)
		ASSERT_TRUE(lw_chains_lookup(c, key_at(4, 3, i)));
	/* A cached key is still accepted when the table is full. */
	ASSERT_TRUE(lw_chains_insert(c, key_at(4, 3, 2)));
	ASSERT_EQ(c->full, 2);
}

/* Keys colliding on one home slot: LW_CHAINS_PROBE of them fit, then no more. */
TEST(chains_probe_bound)
{
	const u32 size = 1024, home = 1000;
	struct lw_chains *c = chains_new(size);
	unsigned int i;

	for (i = 0; i < LW_CHAINS_PROBE; i++)
		ASSERT_TRUE(lw_chains_insert(c, key_at(size, home, i)));
	ASSERT_FALSE(lw_chains_insert(c, key_at(size, home, LW_CHAINS_PROBE)));
	ASSERT_EQ(c->full, 1);
	ASSERT_EQ(c->used, LW_CHAINS_PROBE);
	/* The run wrapped past the end of the table. */
	ASSERT_EQ(c->keys[(home + LW_CHAINS_PROBE - 1) % size],
		  key_at(size, home, LW_CHAINS_PROBE - 1));
	for (i = 0; i < LW_CHAINS_PROBE; i++)
		ASSERT_TRUE(lw_chains_lookup(c, key_at(size, home, i)));
	ASSERT_FALSE(lw_chains_lookup(c, key_at(size, home, LW_CHAINS_PROBE)));

	/* A key homed inside that run takes the first free slot after it. */
	ASSERT_TRUE(lw_chains_insert(c, key_at(size, (home + 8) % size, 77)));
	ASSERT_EQ(c->keys[(home + LW_CHAINS_PROBE) % size], key_at(size, (home + 8) % size, 77));
	ASSERT_TRUE(lw_chains_lookup(c, key_at(size, (home + 8) % size, 77)));
	ASSERT_EQ(c->used, LW_CHAINS_PROBE + 1);
	ASSERT_EQ(c->full, 1);
}

/* No table at all: every lookup misses, every insert is refused. */
TEST(chains_size_zero)
{
	struct lw_chains *c = chains_new(0);

	ASSERT_EQ(c->size, 0);
	ASSERT_FALSE(lw_chains_lookup(c, 1));
	ASSERT_FALSE(lw_chains_insert(c, 1));
	ASSERT_FALSE(lw_chains_lookup(c, 1));
	ASSERT_EQ(c->misses, 2);
	ASSERT_EQ(c->full, 1);
	ASSERT_EQ(c->used, 0);
	lw_chains_reset(c);
}

/* A computed key of 0 is cached like any other; 0 still means an empty slot. */
TEST(chains_key_zero)
{
	struct lw_chains *c = chains_new(16);
	unsigned int i, stored = 0;

	ASSERT_FALSE(lw_chains_lookup(c, 0));
	ASSERT_TRUE(lw_chains_insert(c, 0));
	ASSERT_EQ(c->used, 1);
	ASSERT_TRUE(lw_chains_lookup(c, 0));
	for (i = 0; i < c->size; i++)
		stored += c->keys[i] == LW_CHAIN_KEY_ZERO;
	ASSERT_EQ(stored, 1);
	ASSERT_EQ(slots_used(c), 1);
	/* The value it stands for is its alias: a documented 2^-64 collision. */
	ASSERT_TRUE(lw_chains_lookup(c, LW_CHAIN_KEY_ZERO));
	ASSERT_TRUE(lw_chains_insert(c, LW_CHAIN_KEY_ZERO));
	ASSERT_EQ(c->used, 1);
	/* Other keys are unaffected. */
	ASSERT_FALSE(lw_chains_lookup(c, 1));
	ASSERT_TRUE(lw_chains_insert(c, 1));
	ASSERT_TRUE(lw_chains_lookup(c, 1));
	ASSERT_TRUE(lw_chains_lookup(c, 0));
}

TEST(chains_reset)
{
	struct lw_chains *c = chains_new(8);
	u64 hits, misses, full;
	unsigned int i;

	for (i = 0; i < 8; i++)
		ASSERT_TRUE(lw_chains_insert(c, key_at(8, i, i)));
	ASSERT_FALSE(lw_chains_insert(c, key_at(8, 0, 100)));
	ASSERT_TRUE(lw_chains_lookup(c, key_at(8, 5, 5)));
	hits = c->hits;
	misses = c->misses;
	full = c->full;

	lw_chains_reset(c);
	ASSERT_EQ(c->used, 0);
	ASSERT_EQ(slots_used(c), 0);
	ASSERT_EQ(c->size, 8);
	/* Counters are statistics of the whole run: they survive a reset. */
	ASSERT_EQ(c->hits, hits);
	ASSERT_EQ(c->misses, misses);
	ASSERT_EQ(c->full, full);
	for (i = 0; i < 8; i++)
		ASSERT_FALSE(lw_chains_lookup(c, key_at(8, i, i)));
	/* The whole table is usable again. */
	ASSERT_TRUE(lw_chains_insert(c, key_at(8, 0, 100)));
	for (i = 1; i < 8; i++)
		ASSERT_TRUE(lw_chains_insert(c, key_at(8, i, i)));
	ASSERT_EQ(c->used, 8);
	ASSERT_EQ(c->full, full);
}

/*
 * A reset a few slots at a time, keys inserted between its steps: every
 * slot is cleared once, the count of keys stays exact, and a key inserted
 * behind the reset's position survives it.
 */
TEST(chains_reset_in_steps)
{
	struct lw_chains *c = chains_new(16);
	unsigned int i;
	u32 pos = 0;

	for (i = 0; i < 16; i++)
		ASSERT_TRUE(lw_chains_insert(c, key_at(16, i, i)));
	ASSERT_FALSE(lw_chains_reset_step(c, &pos, 5));
	ASSERT_EQ(pos, 5);
	ASSERT_EQ(c->used, 11);
	/* Behind the position: kept. Ahead of it, in a cleared run: cleared. */
	ASSERT_TRUE(lw_chains_insert(c, key_at(16, 0, 100)));
	ASSERT_EQ(c->used, 12);
	while (!lw_chains_reset_step(c, &pos, 5))
		;
	ASSERT_EQ(pos, 16);
	ASSERT_EQ(c->used, 1);
	ASSERT_EQ(slots_used(c), 1);
	ASSERT_TRUE(lw_chains_lookup(c, key_at(16, 0, 100)));
	for (i = 0; i < 16; i++)
		ASSERT_FALSE(lw_chains_lookup(c, key_at(16, i, i)));
}

/*
 * The epoch a lockless reader remembers a hit under (checks/fast.h's memo):
 * inserts and lookups leave it, every reset step moves it on, once its
 * slots are cleared, and it is never 0, wrapping included.
 */
TEST(chains_epoch)
{
	struct lw_chains *c = chains_new(16);
	u32 epoch = lw_chains_epoch(c), pos = 0;
	unsigned int i;

	ASSERT_NE(epoch, 0);
	for (i = 0; i < 16; i++)
		ASSERT_TRUE(lw_chains_insert(c, key_at(16, i, i)));
	ASSERT_TRUE(lw_chains_lookup(c, key_at(16, 3, 3)));
	ASSERT_FALSE(lw_chains_lookup(c, key_at(16, 3, 100)));
	ASSERT_EQ(lw_chains_epoch(c), epoch);

	ASSERT_FALSE(lw_chains_reset_step(c, &pos, 5));
	ASSERT_NE(lw_chains_epoch(c), epoch);
	epoch = lw_chains_epoch(c);
	ASSERT_TRUE(lw_chains_reset_step(c, &pos, 100));
	ASSERT_NE(lw_chains_epoch(c), epoch);

	c->epoch = U32_MAX;
	lw_chains_reset(c);
	ASSERT_EQ(lw_chains_epoch(c), 1);
}

/*
 * Chains of random held stacks into a table of 4096, filled to 90%: checked
 * against a model (the accepted keys): every cached chain hits, every other
 * misses, the counters are exact, and inserts are refused only near full.
 */
TEST(chains_random_vs_model)
{
	const u32 size = 4096, nr = size * 9 / 10;
	struct lw_chains *c = chains_new(size);
	lw_chain_key_t *cached = lw_test_alloc(nr * sizeof(*cached));
	unsigned long long rng = lw_test_seed() ^ 0xc4a1;
	u32 i, n = 0, refused = 0, lookups = 0, hits = 0;

	for (i = 0; i < nr; i++) {
		unsigned int depth = 1 + lw_test_rand_below(&rng, 8), d;
		lw_chain_key_t key = 0;

		for (d = 0; d < depth; d++)
			key = lw_chain_key_next(key, 1 + lw_test_rand_below(&rng, 200),
						lw_test_rand_below(&rng, 4));
		if (lw_chains_insert(c, key)) {
			cached[n++] = key;
		} else {
			refused++;
			ASSERT_FALSE(lw_chains_lookup(c, key));
			lookups++;
		}
	}
	/* Chains repeat: a key may have been cached twice over. */
	qsort(cached, n, sizeof(*cached), key_cmp);
	for (i = 1; i < n; i++)
		if (cached[i] == cached[i - 1])
			cached[i - 1] = 0;
	for (i = 0; i < n; i++) {
		if (!cached[i])
			continue;
		ASSERT_TRUE(lw_chains_lookup(c, cached[i]));
		lookups++;
		hits++;
	}
	ASSERT_EQ(c->used, hits);
	ASSERT_EQ(slots_used(c), hits);
	ASSERT_EQ(c->full, refused);
	ASSERT_EQ(c->hits, hits);
	ASSERT_EQ(c->misses, lookups - hits);
	/* At 90% load a bound of 32 linear probes refuses few keys. */
	ASSERT_LE(refused, nr / 20);
	lw_test_diag("chains: %u keys into %u slots, %u cached, %u refused",
		     nr, size, c->used, refused);
}

/* ===== Known findings of chains ===== */

static struct lw_knowns *knowns_new(u32 size)
{
	struct lw_knowns *t = lw_test_alloc(sizeof(*t));

	lw_knowns_init(t, lw_test_alloc(lw_knowns_mem_size(size)), size);
	return t;
}

static struct lw_known known_of(u32 serial)
{
	struct lw_known k = {
		.serial = serial,
		.slot = serial % 7,
		.uid = serial + 100,
		.kind = LW_KIND_CYCLE,
	};

	return k;
}

static bool known_is(const struct lw_known *got, lw_chain_key_t key, u32 serial)
{
	struct lw_known want = known_of(serial);

	if (got->key == key && got->serial == want.serial && got->slot == want.slot &&
	    got->uid == want.uid && got->kind == want.kind)
		return true;
	lw_test_diag("known: key %llx serial %u slot %u uid %u kind %u; want %llx %u %u %u %u",
		     (unsigned long long)got->key, got->serial, got->slot, got->uid, got->kind,
		     (unsigned long long)key, want.serial, want.slot, want.uid, want.kind);
	return false;
}

TEST(known_find_after_insert)
{
	struct lw_knowns *t = knowns_new(64);
	struct lw_known k = known_of(3), got;
	lw_chain_key_t key = key_at(64, 5, 0);

	ASSERT_FALSE(lw_knowns_find(t, key, &got));
	ASSERT_TRUE(lw_knowns_insert(t, key, &k));
	ASSERT_EQ(t->fresh, 1);
	ASSERT_TRUE(lw_knowns_find(t, key, &got));
	ASSERT_TRUE(known_is(&got, key, 3));
	/* Whole again after the write: an even sequence count. */
	ASSERT_EQ(t->ent[5].seq, 2);
	/* Another key of the same home slot is not found. */
	ASSERT_FALSE(lw_knowns_find(t, key_at(64, 5, 1), &got));
	/* The same key again is rewritten in place, not added. */
	k = known_of(4);
	ASSERT_TRUE(lw_knowns_insert(t, key, &k));
	ASSERT_TRUE(lw_knowns_find(t, key, &got));
	ASSERT_TRUE(known_is(&got, key, 4));
	ASSERT_EQ(t->fresh, 1);
	ASSERT_EQ(t->ent[6].key, 0);
	/* Key 0 is stored as another value, and found. */
	ASSERT_TRUE(lw_knowns_insert(t, 0, &k));
	ASSERT_TRUE(lw_knowns_find(t, 0, &got));
}

TEST(known_stale_after_invalidate)
{
	struct lw_knowns *t = knowns_new(64);
	struct lw_known k = known_of(1), got;
	lw_chain_key_t a = key_at(64, 9, 0), b = key_at(64, 9, 1);

	ASSERT_TRUE(lw_knowns_insert(t, a, &k));
	lw_knowns_invalidate(t);
	ASSERT_EQ(t->fresh, 0);
	ASSERT_FALSE(lw_knowns_find(t, a, &got));
	/* A stale entry's slot is reused by another key, and the old key is gone. */
	k = known_of(2);
	ASSERT_TRUE(lw_knowns_insert(t, b, &k));
	ASSERT_EQ(t->ent[9].key, b);
	ASSERT_TRUE(lw_knowns_find(t, b, &got));
	ASSERT_TRUE(known_is(&got, b, 2));
	ASSERT_FALSE(lw_knowns_find(t, a, &got));
	/* The stale key inserted again is valid again. */
	k = known_of(1);
	ASSERT_TRUE(lw_knowns_insert(t, a, &k));
	ASSERT_TRUE(lw_knowns_find(t, a, &got));
	ASSERT_TRUE(known_is(&got, a, 1));
	ASSERT_EQ(t->fresh, 2);
}

/* A reader never takes an entry being written (odd sequence count) for whole. */
TEST(known_torn_entry_not_found)
{
	struct lw_knowns *t = knowns_new(64);
	struct lw_known k = known_of(1), got;
	lw_chain_key_t key = key_at(64, 2, 0);

	ASSERT_TRUE(lw_knowns_insert(t, key, &k));
	t->ent[2].seq++;
	ASSERT_FALSE(lw_knowns_find(t, key, &got));
	t->ent[2].seq++;
	ASSERT_TRUE(lw_knowns_find(t, key, &got));
}

TEST(known_full_neighbourhood)
{
	struct lw_knowns *t = knowns_new(64);
	struct lw_known k = known_of(1), got;
	unsigned int i;

	for (i = 0; i < LW_CHAINS_PROBE; i++)
		ASSERT_TRUE(lw_knowns_insert(t, key_at(64, 0, i), &k));
	/* Every slot a probe reaches holds a valid entry: refused, counted. */
	ASSERT_FALSE(lw_knowns_insert(t, key_at(64, 0, LW_CHAINS_PROBE), &k));
	ASSERT_EQ(t->full, 1);
	ASSERT_FALSE(lw_knowns_find(t, key_at(64, 0, LW_CHAINS_PROBE), &got));
	for (i = 0; i < LW_CHAINS_PROBE; i++)
		ASSERT_TRUE(lw_knowns_find(t, key_at(64, 0, i), &got));
	/* Once they are stale, it takes the first. */
	lw_knowns_invalidate(t);
	ASSERT_TRUE(lw_knowns_insert(t, key_at(64, 0, LW_CHAINS_PROBE), &k));
	ASSERT_EQ(t->ent[0].key, key_at(64, 0, LW_CHAINS_PROBE));
	ASSERT_EQ(t->full, 1);
}

TEST(chain_key_mix)
{
	lw_chain_key_t k = lw_chain_key_next(0, 1, 0);

	ASSERT_EQ(lw_chain_key_mix(k, 0x1234), lw_chain_key_mix(k, 0x1234));
	ASSERT_NE(lw_chain_key_mix(k, 0x1234), lw_chain_key_mix(k, 0x1235));
	ASSERT_NE(lw_chain_key_mix(k, 0x1234), k);
	/* Order-sensitive. */
	ASSERT_NE(lw_chain_key_mix(lw_chain_key_mix(k, 1), 2),
		  lw_chain_key_mix(lw_chain_key_mix(k, 2), 1));
}
