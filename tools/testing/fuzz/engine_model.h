/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Independent models of lockwarden's engine for the engine fuzz target: a
 * learned graph as bitsets, the chain cache as its documented table, and the
 * findings ring as a list. Nothing here includes or calls the engine.
 */
#ifndef LW_FUZZ_ENGINE_MODEL_H
#define LW_FUZZ_ENGINE_MODEL_H

#include <stdbool.h>
#include <stdint.h>

/* === The learned graph: classes 1..nc, one bit per possible edge === */

#define GM_MAX_CLASSES	64

struct graph_model {
	unsigned int nc;		/* classes 1..nc */
	unsigned int max_edges;
	unsigned int nr;		/* edges learned */
	uint64_t out[GM_MAX_CLASSES + 1];	/* bit b - 1 of out[a]: a -> b */
	uint64_t in[GM_MAX_CLASSES + 1];	/* bit a - 1 of in[b]: a -> b */
	uint64_t excl[GM_MAX_CLASSES + 1];	/* a -> b seen with a held exclusively */
	/* Where the ends of each edge were first seen acquired. */
	unsigned long from_ip[GM_MAX_CLASSES + 1][GM_MAX_CLASSES + 1];
	unsigned long to_ip[GM_MAX_CLASSES + 1][GM_MAX_CLASSES + 1];
};

void gm_init(struct graph_model *m, unsigned int nc, unsigned int max_edges);
void gm_reset(struct graph_model *m);
bool gm_has(const struct graph_model *m, unsigned int a, unsigned int b);
bool gm_excl(const struct graph_model *m, unsigned int a, unsigned int b);
void gm_add(struct graph_model *m, unsigned int a, unsigned int b, bool excl,
	    unsigned long from_ip, unsigned long to_ip);
void gm_set_excl(struct graph_model *m, unsigned int a, unsigned int b);
void gm_forget(struct graph_model *m, unsigned int id);
unsigned int gm_degree(const struct graph_model *m, unsigned int id, bool in);

/*
 * Fewest edges on a path from @a to @b, 0 if @a == @b, -1 if there is none.
 * With @first_excl, the path's first edge must be exclusive (and @a != @b).
 */
int gm_dist(const struct graph_model *m, unsigned int a, unsigned int b, bool first_excl);

/* dist[c] = fewest edges on a path from c to @to, -1 if none; c in 0..nc. */
void gm_dist_to(const struct graph_model *m, unsigned int to, int *dist);

/* === The chain cache: the table engine.h documents === */

#define CM_MAX_SIZE	64
#define CM_PROBE	32		/* LW_CHAINS_PROBE, as documented */
#define CM_KEY_ZERO	0x9e3779b97f4a7c15ULL	/* LW_CHAIN_KEY_ZERO */

/* Who cached a key: an arbitrary insert, or a chain whose edge a -> b was learned. */
struct cm_origin {
	bool chain;
	unsigned int a, b;
};

struct chain_model {
	unsigned int size;		/* slots: the power of two the engine keeps */
	unsigned int used;
	uint64_t hits, misses, full;
	uint64_t slot[CM_MAX_SIZE];
	struct cm_origin origin[CM_MAX_SIZE];
	/* Every key accepted since the last reset, as a flat list. */
	uint64_t accepted[CM_MAX_SIZE];
	unsigned int nr_accepted;
};

/* @size as given to lw_chains_init(): rounded down to a power of two here. */
void cm_init(struct chain_model *m, unsigned int size);
void cm_reset(struct chain_model *m);
/* Whether @key would be found; *@origin is who cached it. Counts nothing. */
bool cm_contains(const struct chain_model *m, uint64_t key, struct cm_origin *origin);
bool cm_lookup(struct chain_model *m, uint64_t key);
bool cm_insert(struct chain_model *m, uint64_t key, struct cm_origin origin);

/* === The findings ring === */

#define RM_MAX_SIZE	16
#define RM_CHAIN_MAX	8	/* LW_CHAIN_MAX */
#define RM_KIND_CYCLE	1	/* LW_KIND_CYCLE: identified by its first link alone */
#define RM_STACK_DEPTH	12	/* LW_STACK_DEPTH */
#define RM_IN_STACK	16	/* frames a raise may hand in: more than are kept */

/* One raise, as the fuzz target decoded it; strings point into static pools. */
struct raise_spec {
	unsigned int kind;
	unsigned int nr;		/* may exceed RM_CHAIN_MAX: the engine keeps 8 */
	bool truncated;
	const char *cls[RM_CHAIN_MAX];	/* NULL allowed */
	uint8_t sub[RM_CHAIN_MAX];
	unsigned long ip[RM_CHAIN_MAX];
	uint8_t detail[16];		/* struct lw_detail's bytes, as given */
	int pid;
	const char *comm;		/* NULL allowed */
	bool has_stack[2];		/* a stack pointer is handed in */
	unsigned int nr_stack[2];	/* frames claimed, up to RM_IN_STACK */
	unsigned long stack[2][RM_IN_STACK];
	bool save;			/* a save_stack() callback is handed in */
	unsigned int saved;		/* frames it saves, before the engine's bound */
	unsigned long saved_frames[RM_STACK_DEPTH];
	uint64_t now;
};

struct ring_model_rec {
	struct raise_spec first;	/* the first occurrence, whole */
	uint32_t serial;
	uint32_t count;
	uint64_t first_ns, last_ns;
};

struct ring_model {
	unsigned int size;
	unsigned int used;
	uint32_t serial;
	uint64_t raised, overwritten;
	struct ring_model_rec rec[RM_MAX_SIZE];	/* oldest first */
};

void rm_init(struct ring_model *m, unsigned int size);
void rm_reset(struct ring_model *m);

/*
 * Record one occurrence of @in. Returns the index of its record (oldest
 * first), or -1 for a ring of size 0; *@is_new when it was not stored.
 */
int rm_raise(struct ring_model *m, const struct raise_spec *in, bool *is_new);

/* The index of the record with @serial, or -1. */
int rm_find_serial(const struct ring_model *m, uint32_t serial);

/*
 * Whether two raises are the same finding: kind, and each kept link's name,
 * subclass, ip; of a cycle, the classes of links 0 and 1 and ip 0 only.
 */
bool rm_same(const struct raise_spec *a, const struct raise_spec *b);

#endif /* LW_FUZZ_ENGINE_MODEL_H */
