/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The contract of lockwarden's pure engine: the learned class-order graph
 * (graph.c) and the findings ring (findings.c). Neither takes locks nor
 * allocates; callers hold the engine lock and hand in preallocated memory.
 */
#ifndef _LW_ENGINE_H
#define _LW_ENGINE_H

#include "engine_deps.h"

/* Class ids index the engine's tables; 0 means "no class". */
typedef u16 lw_id_t;
#define LW_MAX_CLASSES_LIMIT	65535U

#define LW_NAME_LEN		40	/* class name kept in a finding */
#define LW_SITE_LEN		80	/* symbolised code address kept in a finding */
#define LW_CHAIN_MAX		8	/* links of a cycle kept in a finding */

/* === Learned order graph (graph.c) === */

/*
 * One learned dependency: @to was acquired at @to_ip while @from, acquired at
 * @from_ip, was held. @next chains the edges leaving @from; 0 ends the list.
 */
struct lw_edge {
	lw_id_t from;
	lw_id_t to;
	u32 next;
	unsigned long from_ip;
	unsigned long to_ip;
};

/*
 * The graph is kept acyclic: an edge that would close a cycle is reported and
 * not added. Arrays indexed by class id have max_classes + 1 entries; edge
 * index 0 is unused so that 0 can end a list.
 */
struct lw_graph {
	u32 max_classes;
	u32 max_edges;
	u32 *out;		/* first edge leaving each class */
	u32 *mark;		/* search generation that visited each class */
	u32 *via;		/* edge that reached each class in that search */
	lw_id_t *queue;		/* breadth-first search queue */
	struct lw_edge *edges;
	u32 free;		/* free list of edges, chained through next */
	u32 nr_edges;
	u32 search_gen;
	u64 searches;		/* cycle searches run */
	u64 visited;		/* classes visited by all searches */
	u64 nospace;		/* edges not learned for want of space */
};

/*
 * A cycle closed by a new edge cls[0] -> cls[1]. Link i goes from cls[i] to
 * cls[(i + 1) % len]; ip[i] is where its target was acquired. ip[0] is the
 * acquisition being checked. Longer cycles keep their first LW_CHAIN_MAX links.
 */
struct lw_cycle {
	unsigned int len;
	bool truncated;
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
enum lw_edge_result lw_graph_add(struct lw_graph *g, lw_id_t from, lw_id_t to,
				 unsigned long from_ip, unsigned long to_ip,
				 struct lw_cycle *cycle);
bool lw_graph_has_edge(const struct lw_graph *g, lw_id_t from, lw_id_t to);
void lw_graph_forget(struct lw_graph *g, lw_id_t id);

/* === Findings ring (findings.c) === */

enum lw_kind {
	LW_KIND_AA,			/* a lock (or class) taken while held */
	LW_KIND_CYCLE,			/* lock-order cycle, ABBA and longer */
	LW_KIND_RANK,			/* lower rank taken while holding higher */
	LW_KIND_UNLOCK_NOT_HELD,	/* unlock of a lock nobody holds */
	LW_KIND_UNLOCK_NON_OWNER,	/* unlock by a context that is not the holder */
	LW_KIND_DEPTH,			/* more locks held than a stack keeps */
	LW_KIND_COUNT,
};

/* Stable short names: titles, signatures and the machine-readable output. */
extern const char *const lw_kind_names[LW_KIND_COUNT];

/* What a check hands to the ring; names and sites are copied. */
struct lw_finding_in {
	enum lw_kind kind;
	unsigned int nr;		/* entries used in cls[] and ip[] */
	bool truncated;
	const char *cls[LW_CHAIN_MAX];
	unsigned long ip[LW_CHAIN_MAX];
	int rank[2];
	int pid;
	const char *comm;
};

/* One de-duplicated finding. Self-contained: no pointer into a module. */
struct lw_finding {
	u64 signature;
	u32 serial;			/* order of first occurrence, from 1 */
	u32 count;
	u64 first_ns;
	u64 last_ns;
	enum lw_kind kind;
	unsigned int nr;
	bool truncated;
	int rank[2];
	int pid;
	char comm[16];
	unsigned long ip[LW_CHAIN_MAX];
	char cls[LW_CHAIN_MAX][LW_NAME_LEN];
	char site[LW_CHAIN_MAX][LW_SITE_LEN];
};

struct lw_ring {
	u32 size;
	u32 next;			/* slot the next new finding takes */
	u32 used;
	u32 serial;			/* serials handed out so far */
	u64 raised;			/* every occurrence, duplicates included */
	u64 overwritten;		/* findings pushed out by newer ones */
	struct lw_finding *rec;
};

size_t lw_ring_mem_size(u32 size);
void lw_ring_init(struct lw_ring *r, void *mem, u32 size);
void lw_ring_reset(struct lw_ring *r);
const struct lw_finding *lw_ring_raise(struct lw_ring *r,
				       const struct lw_finding_in *in,
				       u64 now, bool *is_new);
const struct lw_finding *lw_ring_get(const struct lw_ring *r, u32 i);
const struct lw_finding *lw_ring_find_serial(const struct lw_ring *r, u32 serial);

#endif /* _LW_ENGINE_H */
