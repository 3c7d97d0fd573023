/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The contract of lockwarden's pure engine, the lowest layer: the learned
 * class-order graph (graph.c), the recursive reads' dependencies beside it
 * (rread.c), the validated-chain cache and the known findings of chains
 * (chain.c), the findings ring (findings.c) and the saved stacks of
 * dependencies (stacks.c). None takes locks, allocates or calls out of the
 * engine; callers hold the engine lock and hand in preallocated memory.
 */
#ifndef _LW_ENGINE_H
#define _LW_ENGINE_H

#include "engine_deps.h"
#include <lockwarden/kinds.h>

/* Class ids index the engine's tables; 0 means "no class". */
typedef u16 lw_id_t;
#define LW_MAX_CLASSES_LIMIT	65535U

#define LW_NAME_LEN		40	/* class name kept in a finding */
#define LW_SITE_LEN		80	/* symbolised code address kept in a finding */
#define LW_CHAIN_MAX		8	/* links of a cycle kept in a finding */
#define LW_STACK_DEPTH		12	/* frames of a stack kept in a finding */
#define LW_STACKS		2	/* stacks a finding keeps */

/* === Learned order graph (graph.c) === */

/*
 * One learned dependency: @to was acquired at @to_ip while @from, acquired at
 * @from_ip, was held; @from_excl once @from was held exclusively (not only
 * shared) when it was seen. @next chains the edges leaving @from, @in_next
 * those entering @to; 0 ends a list.
 */
struct lw_edge {
	lw_id_t from;
	lw_id_t to;
	bool from_excl;
	u32 next;
	u32 in_next;
	unsigned long from_ip;
	unsigned long to_ip;
};

struct lw_rreads;

/*
 * The graph is kept acyclic: an edge that would close a cycle is reported and
 * not added. It is also kept in a topological order: ord[from] < ord[to] for
 * every edge, so that a new edge in that order needs no search (graph.c says
 * how the order is kept). Arrays indexed by class id or by position have
 * max_classes + 1 entries; class 0 stays at position 0. Edge index 0 is
 * unused so that 0 can end a list.
 */
struct lw_graph {
	u32 max_classes;
	u32 max_edges;
	u32 *out;		/* first edge leaving each class */
	u32 *in;		/* first edge entering each class */
	u32 *mark;		/* search generation that last reached each class */
	u32 *via;		/* edge that reached each class in the forward search */
	lw_id_t *ord;		/* position of each class in the order */
	lw_id_t *by_ord;	/* class at each position: the inverse of ord */
	lw_id_t *queue;		/* the searches' queue: forward, then backward */
	lw_id_t *slot;		/* positions handed out again by a reorder */
	struct lw_edge *edges;
	u32 free;		/* free list of edges, chained through next */
	u32 nr_edges;
	u32 search_gen;
	u32 walk_head;		/* lw_graph_walk_next(): next queue slot to leave */
	u32 walk_tail;		/* and the first free one */
	bool walk_back;		/* the walk follows edges backward */
	bool walk_excl;		/* it leaves its start only by exclusive edges */
	u64 searches;		/* new edges against the order: searched */
	u64 visited;		/* classes reached by the searches, both ways */
	u64 unsearched;		/* new edges in order: added with no search */
	u64 nospace;		/* edges not learned for want of space */
	u64 changes;		/* orders learned or changed (recur.c) */
	struct lw_rreads *rreads;	/* the recursive reads' dependencies, or NULL */
};

/*
 * A cycle closed by a new edge cls[0] -> cls[1]. Link i goes from cls[i] to
 * cls[(i + 1) % len]; ip[i] is where its target was acquired. ip[0] is the
 * acquisition being checked. Bit i of @rread_links is set when link i is a
 * recursive read's dependency (rread.c) rather than a learned edge. Longer
 * cycles keep their first LW_CHAIN_MAX links.
 */
struct lw_cycle {
	unsigned int len;
	bool truncated;
	u32 rread_links;
	lw_id_t cls[LW_CHAIN_MAX];
	unsigned long ip[LW_CHAIN_MAX];
};

enum lw_edge_result {
	LW_EDGE_KNOWN,		/* already learned */
	LW_EDGE_ADDED,		/* learned now */
	LW_EDGE_CYCLE,		/* would close a cycle: reported in *cycle, not added */
	LW_EDGE_NOSPACE,	/* edge pool full: not learned, counted */
};

size_t lw_graph_mem_size(u32 max_classes, u32 max_edges);
void lw_graph_init(struct lw_graph *g, void *mem, u32 max_classes, u32 max_edges);
void lw_graph_reset(struct lw_graph *g);
bool lw_graph_reset_step(struct lw_graph *g, u32 *pos, u32 budget);
enum lw_edge_result lw_graph_add(struct lw_graph *g, lw_id_t from, lw_id_t to,
				 unsigned long from_ip, unsigned long to_ip,
				 bool from_shared, struct lw_cycle *cycle);
bool lw_graph_closes_cycle(struct lw_graph *g, lw_id_t from, lw_id_t to,
			   unsigned long to_ip, struct lw_cycle *cycle);
bool lw_graph_has_edge(const struct lw_graph *g, lw_id_t from, lw_id_t to);
u32 lw_graph_edge_index(const struct lw_graph *g, lw_id_t from, lw_id_t to);
u32 lw_graph_degree(const struct lw_graph *g, lw_id_t id, bool in);
void lw_graph_forget(struct lw_graph *g, lw_id_t id);

/*
 * What graph.c and rread.c share: a search generation over a mark array,
 * a bounded reset of a pool then of the classes, and the walk back along
 * a search's links that fills a cycle.
 */
u32 lw_search_new_gen(u32 *gen, u32 *mark, size_t marks);
bool lw_reset_steps(u32 *pos, u32 budget, u32 max_items, u32 max_classes,
		    void (*clear_item)(void *store, u32 i, u32 next),
		    void (*clear_class)(void *store, lw_id_t c), void *store);
void lw_cycle_fill(struct lw_cycle *cycle, lw_id_t from, unsigned long to_ip,
		   u32 end, u32 start, const void *store,
		   u32 (*link_back)(const void *store, u32 at, u32 *link),
		   lw_id_t (*link_from)(const void *store, u32 link, unsigned long *to_ip,
					bool *rread));

/*
 * A path of learned edges from a walk's start to a class it reached: edge[i]
 * is the index of link i, the first leaving (or, backward, entering) the
 * start. Longer paths keep their first LW_CHAIN_MAX links.
 */
struct lw_path {
	unsigned int len;
	bool truncated;
	u32 edge[LW_CHAIN_MAX];
};

void lw_graph_walk_start(struct lw_graph *g, lw_id_t start, bool backward, bool start_excl);
lw_id_t lw_graph_walk_next(struct lw_graph *g, u32 *via);
void lw_graph_walk_path(const struct lw_graph *g, lw_id_t id, struct lw_path *path);

/* === Recursive reads' dependencies (rread.c) === */

/*
 * One recursive read's dependency: @to was read recursively (an rwlock_t
 * reader that may recurse, lockdep's read_lock_is_recursive()) at @to_ip
 * while @from, acquired at @from_ip, was held; @from_excl once @from was
 * held exclusively when it was seen. @next chains those leaving @from; 0
 * ends the list. @from 0 marks a free slot.
 */
struct lw_rread {
	lw_id_t from;
	lw_id_t to;
	bool from_excl;
	u32 next;
	unsigned long from_ip;
	unsigned long to_ip;
};

/*
 * The recursive reads' dependencies, kept apart from the graph: two of them
 * may form a cycle that is no deadlock (readers that may recurse do not wait
 * for one another), so they cannot join the acyclic, ordered graph. A fixed
 * pool, with a free list chained through next; index 0 is unused. The
 * strong search (rread.c) goes by steps, a class and whether it was reached
 * by a recursive read: step (id << 1 | rread), 2 * (max_classes + 1) of
 * them, each with a mark, a via link and a queue slot.
 */
struct lw_rreads {
	u32 max_classes;
	u32 max_rreads;
	u32 *out;		/* first dependency leaving each class */
	u32 *mark;		/* search generation that last reached each step */
	u32 *via;		/* the link that reached each step (rread.c) */
	u32 *queue;		/* the strong search's queue of steps */
	struct lw_rread *deps;
	u32 free;		/* free list of dependencies, chained through next */
	u32 top;		/* no dependency above this index is in use */
	u32 nr;			/* dependencies kept */
	u32 search_gen;
	u64 searches;		/* strong searches run */
	u64 visited;		/* steps they reached */
	u64 nospace;		/* dependencies not kept for want of space */
};

size_t lw_rreads_mem_size(u32 max_classes, u32 max_rreads);
void lw_rreads_init(struct lw_rreads *r, void *mem, u32 max_classes, u32 max_rreads);
void lw_rreads_reset(struct lw_rreads *r);
bool lw_rreads_reset_step(struct lw_rreads *r, u32 *pos, u32 budget);
void lw_rreads_forget(struct lw_rreads *r, lw_id_t id);
u32 lw_rreads_index(const struct lw_rreads *r, lw_id_t from, lw_id_t to);
void lw_graph_attach_rreads(struct lw_graph *g, struct lw_rreads *r);
enum lw_edge_result lw_graph_add_rread(struct lw_graph *g, lw_id_t from, lw_id_t to,
				       unsigned long from_ip, unsigned long to_ip,
				       bool from_shared, struct lw_cycle *cycle);
bool lw_rreads_closes_cycle(struct lw_graph *g, lw_id_t from, lw_id_t to, bool to_rread,
			    bool from_excl, unsigned long to_ip, struct lw_cycle *cycle);

/* === Chain cache (chain.c) === */

/*
 * A chain key names a sequence of held locks, as lockdep's chain keys do: the
 * empty chain's key is 0, and each entry (a class and a byte of flags) is
 * mixed into the key of the chain before it.
 */
typedef u64 lw_chain_key_t;

/**
 * lw_chain_key_next() - key of a chain extended by one entry
 * @key: key of the chain so far, 0 for the empty chain
 * @id: class of the new entry
 * @flags: the caller's per-entry bits (e.g. read, trylock, irq context),
 *	keyed like the class: entries differing only in flags differ
 *
 * The entry is xored into the key, offset by the golden ratio, and put
 * through splitmix64's finaliser, a bijection of 64 bits with full
 * avalanche. So the key is order-sensitive (A then B, B then A differ), two
 * chains that differ only in their last entry never share a key, and any
 * other two share one with a chance of about 2^-64. About 15 instructions,
 * two of them multiplies.
 *
 * Return: the key of the longer chain. It may be 0 (a chance of 2^-64); the
 * cache stores such a key as another value.
 */
static inline lw_chain_key_t lw_chain_key_next(lw_chain_key_t key, lw_id_t id, u16 flags)
{
	u64 x = (key ^ ((u64)flags << 16 | id)) + 0x9e3779b97f4a7c15ULL;

	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/* Slots a lookup or insert probes at most, from the key's own slot on. */
#define LW_CHAINS_PROBE		32

/*
 * The validated-chain cache: keys of chains whose checks passed, so that the
 * same sequence of acquisitions skips them the next time. A fixed table,
 * open addressing with linear probing bounded by LW_CHAINS_PROBE slots; keys
 * are never removed one by one, only all at once by a reset, and a full
 * neighbourhood refuses a new key rather than evicting one. Key 0 marks an
 * empty slot.
 *
 * Writers hold the engine lock. lw_chains_contains() may run without it, at
 * the same time as a writer: slots are written whole with WRITE_ONCE() and
 * read with READ_ONCE(), and keys only appear until a reset, so a lockless
 * reader sees a key either stored or not yet stored; only a reader racing a
 * reset may still see a key that the reset is removing.
 */
struct lw_chains {
	u32 size;		/* slots: a power of two, or 0 */
	u32 used;		/* keys stored */
	u64 hits;		/* lookups that found their key */
	u64 misses;		/* lookups that did not */
	u64 full;		/* inserts refused: no free slot within the probe bound */
	/*
	 * Moved on, never to 0, after every reset step, once its slots are
	 * cleared: a key found while the epoch was this is cached until it
	 * moves (see lw_chains_epoch()).
	 */
	u32 epoch;
	lw_chain_key_t *keys;
};

size_t lw_chains_mem_size(u32 size);
void lw_chains_init(struct lw_chains *c, void *mem, u32 size);
void lw_chains_reset(struct lw_chains *c);
bool lw_chains_reset_step(struct lw_chains *c, u32 *pos, u32 budget);
bool lw_chains_lookup(struct lw_chains *c, lw_chain_key_t key);

/* Stored in place of a computed key of 0, which marks an empty slot. */
#define LW_CHAIN_KEY_ZERO	0x9e3779b97f4a7c15ULL

static inline lw_chain_key_t lw_chains_stored(lw_chain_key_t key)
{
	return key ?: LW_CHAIN_KEY_ZERO;
}

/* Slots a lookup or insert of @c probes. */
static inline u32 lw_chains_probes(const struct lw_chains *c)
{
	return min_t(u32, c->size, LW_CHAINS_PROBE);
}

/**
 * lw_chains_contains() - whether a chain key is cached, without counting
 * @c: the cache
 * @key: the key
 *
 * Safe without the engine lock (see struct lw_chains), so the acquisition
 * fast path inlines it. Probes the slots lw_chains_lookup() probes.
 *
 * Return: true if @key is cached.
 */
static inline bool lw_chains_contains(const struct lw_chains *c, lw_chain_key_t key)
{
	u32 i, n = lw_chains_probes(c), mask = c->size - 1, home;

	key = lw_chains_stored(key);
	home = (u32)key;
	for (i = 0; i < n; i++) {
		lw_chain_key_t k = READ_ONCE(c->keys[(home + i) & mask]);

		if (k == key)
			return true;
		if (!k)
			break;
	}
	return false;
}

bool lw_chains_insert(struct lw_chains *c, lw_chain_key_t key);

/**
 * lw_chains_epoch() - the cache's epoch, read before a lockless lookup
 * @c: the cache
 *
 * Keys leave the cache only by a reset, and each reset step moves the
 * epoch on after clearing its slots. So a key that lw_chains_contains()
 * found after this read stays cached while the epoch is still the value
 * read: a caller may remember the verdict under it (checks/fast.h). Never
 * 0, so that 0 can mean "no epoch".
 *
 * Return: the epoch.
 */
static inline u32 lw_chains_epoch(const struct lw_chains *c)
{
	u32 epoch = READ_ONCE(c->epoch);

	/* The epoch before the slots: pairs with lw_chains_reset_step()'s smp_wmb(). */
	smp_rmb();
	return epoch;
}

/**
 * lw_chain_key_mix() - a key with one more 64-bit value mixed in
 * @key: the key so far
 * @v: the value (a code address, say)
 *
 * As lw_chain_key_next(), for values that are no class: order-sensitive,
 * a bijection of @key for a given @v.
 *
 * Return: the new key.
 */
static inline lw_chain_key_t lw_chain_key_mix(lw_chain_key_t key, u64 v)
{
	u64 x = (key ^ v) + 0x9e3779b97f4a7c15ULL;

	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/* === Known findings of chains (chain.c) === */

/**
 * struct lw_known - an acquisition whose checks raised one stored finding
 * @seq: even when the entry is whole, odd while it is written
 * @serial: the finding's serial, for the subscribers told of a recurrence
 * @key: the acquisition's site key: its chain key with its code address and
 *	the held locks' mixed in (0: an empty slot)
 * @epoch: the table's epoch when written; stale once the epoch moved on
 * @slot: the finding's slot in the findings ring
 * @uid: the finding's uid there (struct lw_finding), so that a later
 *	finding in the same slot is never counted for it
 * @kind: the finding's kind
 */
struct lw_known {
	u32 seq;
	u32 serial;
	lw_chain_key_t key;
	u64 epoch;
	u32 slot;
	u32 uid;
	u32 kind;
};

/**
 * struct lw_knowns - the known-finding table
 * @size: slots: a power of two, or 0
 * @fresh: entries written in the current epoch
 * @epoch: moved on by lw_knowns_invalidate(); read without the lock
 * @full: inserts refused, no stale or free slot within the probe bound
 * @ent: the slots
 *
 * Acquisitions whose checks raised one finding and learned nothing, so
 * that the same acquisition again (a finding recurring in a hot path)
 * counts a recurrence of that finding without the engine lock
 * (lw_ring_recur()). A fixed table, open addressing with linear
 * probing bounded by LW_CHAINS_PROBE slots, as the chain cache.
 *
 * An entry is valid while its epoch is the table's: the caller moves the
 * epoch on (lw_knowns_invalidate()) whenever what an acquisition's checks
 * conclude may change (a dependency learned, an interrupt usage marked, a
 * class forgotten, the filter changed, a reset, a switch). Stale entries
 * are never cleared, only reused by later inserts; a slot once taken is
 * never emptied, so an empty slot still ends a lookup.
 *
 * Writers hold the engine lock. lw_knowns_find() runs without it: an entry
 * is written while its seq is odd (a seqcount of its own) and read while
 * it is even and unchanged, so a reader never takes a torn entry for whole.
 */
struct lw_knowns {
	u32 size;
	u32 fresh;
	u64 epoch;
	u64 full;
	struct lw_known *ent;
};

size_t lw_knowns_mem_size(u32 size);
void lw_knowns_init(struct lw_knowns *t, void *mem, u32 size);
void lw_knowns_invalidate(struct lw_knowns *t);
bool lw_knowns_insert(struct lw_knowns *t, lw_chain_key_t key, const struct lw_known *what);

/**
 * lw_knowns_read() - one slot's known finding, without the lock
 * @t: the table
 * @i: the slot, below @t->size
 * @key: the site key it must hold
 * @out: receives a whole copy of the entry
 *
 * Safe without the engine lock (see struct lw_knowns). An entry being
 * written, of another key or of an older epoch, is not read.
 *
 * Return: true if slot @i holds a valid entry of @key, copied into @out.
 */
static inline bool lw_knowns_read(const struct lw_knowns *t, u32 i, lw_chain_key_t key,
				  struct lw_known *out)
{
	const struct lw_known *e = &t->ent[i];
	u32 seq = READ_ONCE(e->seq);

	key = lw_chains_stored(key);
	/* The count before the fields: pairs with lw_known_write()'s first smp_wmb(). */
	smp_rmb();
	out->key = READ_ONCE(e->key);
	out->epoch = READ_ONCE(e->epoch);
	out->serial = READ_ONCE(e->serial);
	out->slot = READ_ONCE(e->slot);
	out->uid = READ_ONCE(e->uid);
	out->kind = READ_ONCE(e->kind);
	/* The fields before the count again: pairs with its second smp_wmb(). */
	smp_rmb();
	return !(seq & 1) && READ_ONCE(e->seq) == seq && out->key == key &&
	       out->epoch == READ_ONCE(t->epoch);
}

/**
 * lw_knowns_find_slot() - the known finding of a site key, without the lock
 * @t: the table
 * @key: the site key
 * @out: receives a whole copy of the entry
 * @slot: receives the slot it was found in, for lw_knowns_read() later
 *
 * Safe without the engine lock (see struct lw_knowns), so the acquisition
 * fast path calls it. An entry being written, or of an older epoch, is
 * not found.
 *
 * Return: true if @key has a valid entry, copied into @out.
 */
static inline bool lw_knowns_find_slot(const struct lw_knowns *t, lw_chain_key_t key,
				       struct lw_known *out, u32 *slot)
{
	u32 i, n = min_t(u32, t->size, LW_CHAINS_PROBE), mask = t->size - 1, home;

	key = lw_chains_stored(key);
	home = (u32)key;
	for (i = 0; i < n; i++) {
		u32 at = (home + i) & mask;
		lw_chain_key_t k = READ_ONCE(t->ent[at].key);

		if (!k)
			return false;
		if (k != key)
			continue;
		*slot = at;
		return lw_knowns_read(t, at, key, out);
	}
	return false;
}

/* lw_knowns_find_slot() for a caller that needs no slot. */
static inline bool lw_knowns_find(const struct lw_knowns *t, lw_chain_key_t key,
				  struct lw_known *out)
{
	u32 slot;

	return lw_knowns_find_slot(t, key, out, &slot);
}

/* === Findings ring (findings.c) === */

/* enum lw_kind is public: <lockwarden/kinds.h>. */

/*
 * Each kind's stable short name (titles, signatures) and its stable id in
 * findings.json (Documentation/debugfs.rst).
 */
struct lw_kind_info {
	const char *name;
	const char *id;
};

extern const struct lw_kind_info lw_kinds[LW_KIND_COUNT];

/*
 * What a finding records beyond its classes and sites: one member per kind
 * that needs one, tagged by the finding's kind. Zero for the other kinds.
 * Raw values: outputs/detail.c decodes them for every printer.
 */
struct lw_detail {
	union {
		struct {			/* LW_KIND_RANK */
			int rank;		/* of the class taken */
			int held_rank;		/* of the class held */
		} rank;
		/*
		 * LW_KIND_IRQ_INVERSION. Of one class: the usage just seen and
		 * the one seen before. Across the learned order (@links): the
		 * irq-safe class's usage and the irq-unsafe one's.
		 */
		struct {
			u8 usage;		/* enum lw_usage */
			u8 conflicts_with;	/* enum lw_usage */
			u8 links;		/* of the path between them, 0: one class */
		} irq;
		struct {			/* the owned-object kinds */
			int owner;		/* pid of a task, or a CPU */
			u8 ctx;			/* enum lw_ctx of the owner (or giver) */
			bool in_transit;	/* given, not yet taken: owner is the giver */
		} owned;
		struct {			/* LW_KIND_UNGUARDED */
			bool write_under_read;	/* held, but only for reading */
		} unguarded;
		struct {			/* LW_KIND_HOLD_BUDGET */
			u64 held_ns;
			u64 budget_ns;
		} budget;
		struct {			/* LW_KIND_POISONED */
			bool by_exit;		/* by a task that exited holding it */
		} poisoned;
		struct {			/* LW_KIND_EXIT_HELD */
			bool guarded;		/* the lock guards data: now poisoned */
			bool released;		/* released for the task (robust) */
		} exit;
	};
};

/* What a check hands to the ring; names and sites are copied. */
struct lw_finding_in {
	enum lw_kind kind;
	unsigned int nr;		/* entries used in cls[] and ip[] */
	bool truncated;
	const char *cls[LW_CHAIN_MAX];
	u8 sub[LW_CHAIN_MAX];		/* nesting subclass of each class */
	unsigned long ip[LW_CHAIN_MAX];
	struct lw_detail detail;	/* of the first occurrence: not in the signature */
	u8 event[LW_CHAIN_MAX];		/* cls[i]'s event type, 0: a lock; not in the signature */
	int pid;
	const char *comm;
	/*
	 * Stack 0 is the raising context's, stack 1 (a cycle's) the one saved
	 * when the other side's dependency was learned: nr_stack[i] frames at
	 * stack[i]. A new finding with no stack 0 given calls save_stack(), if
	 * set, to save the current one into a buffer of @size frames.
	 */
	const unsigned long *stack[LW_STACKS];
	unsigned int nr_stack[LW_STACKS];
	unsigned int (*save_stack)(unsigned long *buf, unsigned int size);
	/* Keep the addresses; lw_ring_name() names them later. */
	bool defer_names;
};

/* One de-duplicated finding. Self-contained: no pointer into a module. */
struct lw_finding {
	u64 signature;
	u32 serial;			/* order of first occurrence, from 1 */
	u32 uid;			/* unique in its ring since init, never reset; from 1 */
	u32 count;			/* its recurrences lock-free not included: lw_ring_copy() */
	u64 first_ns;
	u64 last_ns;
	enum lw_kind kind;
	unsigned int nr;
	bool truncated;
	struct lw_detail detail;	/* of the first occurrence */
	u8 event[LW_CHAIN_MAX];		/* cls[i]'s event type (enum lw_lock_type), 0: a lock */
	int pid;
	char comm[16];
	unsigned long ip[LW_CHAIN_MAX];
	u8 sub[LW_CHAIN_MAX];
	char cls[LW_CHAIN_MAX][LW_NAME_LEN];
	char site[LW_CHAIN_MAX][LW_SITE_LEN];
	unsigned int nr_stack[LW_STACKS];	/* frames kept of each stack */
	unsigned long stack_ip[LW_STACKS][LW_STACK_DEPTH];
	char stack[LW_STACKS][LW_STACK_DEPTH][LW_SITE_LEN];
	bool named;				/* site[] and stack[] filled in */
};

/* Addresses a finding names at most: its links' sites and its stacks' frames. */
#define LW_FINDING_ADDRS	(LW_CHAIN_MAX + LW_STACKS * LW_STACK_DEPTH)

/**
 * struct lw_ring_recur - the recurrences of the finding in one ring slot
 *	counted without the engine lock (lw_ring_recur())
 * @word: the finding's uid in the high 32 bits, the count in the low 32,
 *	so that one compare-and-exchange both checks that the slot still
 *	holds that finding and counts
 * @last_ns: when the latest of them was counted, read once a tick at most
 *	(lw_ring_recur_due())
 * @tick: the coarse clock's reading when @last_ns was last due; 0 when the
 *	slot took its finding
 */
struct lw_ring_recur {
	atomic64_t word;
	u64 last_ns;
	unsigned long tick;
};

struct lw_ring {
	u32 size;
	u32 next;			/* slot the next new finding takes */
	u32 used;
	u32 serial;			/* serials handed out so far */
	u32 uids;			/* uids handed out since init */
	u64 raised;			/* occurrences under the engine lock, duplicates included */
	u64 overwritten;		/* findings pushed out by newer ones */
	struct lw_finding *rec;
	struct lw_ring_recur *recur;	/* one per slot, after rec[] */
};

size_t lw_ring_mem_size(u32 size);
void lw_ring_init(struct lw_ring *r, void *mem, u32 size);
void lw_ring_reset(struct lw_ring *r);
const struct lw_finding *lw_ring_raise(struct lw_ring *r,
				       const struct lw_finding_in *in,
				       u64 now, bool *is_new);
const struct lw_finding *lw_ring_get(const struct lw_ring *r, u32 i);
const struct lw_finding *lw_ring_find_serial(const struct lw_ring *r, u32 serial);
unsigned int lw_ring_addrs(const struct lw_ring *r, u32 serial, unsigned long *addrs);
void lw_ring_name(struct lw_ring *r, u32 serial, unsigned int i, const char *name);
void lw_ring_copy(const struct lw_ring *r, const struct lw_finding *f, struct lw_finding *out);

/**
 * lw_ring_recur_of() - the lock-free count of a ring slot's finding
 * @r: the ring
 * @slot: the slot
 *
 * Return: what lw_ring_recur(), lw_ring_recur_due() and
 * lw_ring_recur_seen() work on; fetched once, so that the atomic counting
 * does not make the caller load it again.
 */
static inline struct lw_ring_recur *lw_ring_recur_of(struct lw_ring *r, u32 slot)
{
	return &r->recur[slot];
}

/**
 * lw_ring_recur() - count a recurrence of a stored finding, without the lock
 * @rc: the finding's slot's count (lw_ring_recur_of())
 * @uid: the finding's uid: nothing is counted if the slot holds another
 *
 * Safe without the engine lock: the slot's count and the uid it belongs
 * to change together, in one atomic word. lw_ring_copy() folds the count
 * into what the finding's copies show; the time of the recurrence is the
 * caller's to stamp (lw_ring_recur_due()).
 *
 * Return: true if counted; false if the slot holds another finding now,
 * or the count is at its maximum (the caller counts under the lock).
 */
static inline bool lw_ring_recur(struct lw_ring_recur *rc, u32 uid)
{
	s64 old = atomic64_read(&rc->word);

	do {
		if ((u32)((u64)old >> 32) != uid || (u32)old == U32_MAX)
			return false;
	} while (!atomic64_try_cmpxchg(&rc->word, &old, old + 1));
	return true;
}

/**
 * lw_ring_recur_due() - whether a recurrence just counted needs its time read
 * @rc: the slot's count, which lw_ring_recur() counted
 * @tick: a coarse clock's reading (the kernel's tick count), never 0
 *
 * A recurring finding in a hot path recurs many times a tick: its
 * last-seen time is read and stamped (lw_ring_recur_seen()) by the first
 * recurrence of each tick only, so that it is at most a tick behind the
 * latest one, and the others skip the clock.
 *
 * Return: true if no recurrence stamped the slot in this @tick yet; it
 * is then marked as stamped in it.
 */
static inline bool lw_ring_recur_due(struct lw_ring_recur *rc, unsigned long tick)
{
	if (READ_ONCE(rc->tick) == tick)
		return false;
	WRITE_ONCE(rc->tick, tick);
	return true;
}

/**
 * lw_ring_recur_seen() - stamp a slot's last-seen time
 * @rc: the slot's count
 * @now: the time of a recurrence counted by lw_ring_recur()
 */
static inline void lw_ring_recur_seen(struct lw_ring_recur *rc, u64 now)
{
	/* Racy between recurrences on two CPUs: off by their difference at most. */
	if (now > READ_ONCE(rc->last_ns))
		WRITE_ONCE(rc->last_ns, now);
}

/* === Saved stacks of dependencies (stacks.c) === */

/* A stack: @nr return addresses, innermost first. */
struct lw_trace {
	unsigned int nr;
	unsigned long ip[LW_STACK_DEPTH];
};

/*
 * One stack per edge index of the graph, kept when the edge is learned, so
 * that a cycle's report shows the other side's stack as it was then.
 */
struct lw_stack_pool {
	u32 size;			/* edge indexes 1..size have a slot */
	struct lw_trace *traces;
};

size_t lw_stack_pool_mem_size(u32 size);
void lw_stack_pool_init(struct lw_stack_pool *p, void *mem, u32 size);
struct lw_trace *lw_stack_pool_get(const struct lw_stack_pool *p, u32 e);

#endif /* _LW_ENGINE_H */
