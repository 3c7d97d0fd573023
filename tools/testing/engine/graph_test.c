// SPDX-License-Identifier: GPL-2.0
/*
 * Userspace tests of lockwarden's learned order graph and the recursive
 * reads' dependencies beside it, run on the real module/engine/graph.c and
 * rread.c compiled against the shim in engine_deps.h.
 */
#include "engine_deps.h"	/* first: its include guard replaces the kernel's */
#include "../../../module/engine/graph.c"
#include "../../../module/engine/rread.c"

#include <stdint.h>
#include <stdlib.h>

#include "runner.h"

/* ===== Helpers ===== */

/* Where each end of edge from -> to was acquired: distinct, never 0. */
static unsigned long to_ip(lw_id_t from, lw_id_t to)
{
	return (unsigned long)from << 16 | to;
}

static unsigned long from_ip(lw_id_t from, lw_id_t to)
{
	return ~to_ip(from, to);
}

static struct lw_graph *graph_new(u32 max_classes, u32 max_edges)
{
	struct lw_graph *g = lw_test_alloc(sizeof(*g));

	lw_graph_init(g, lw_test_alloc(lw_graph_mem_size(max_classes, max_edges)),
		      max_classes, max_edges);
	return g;
}

static enum lw_edge_result add(struct lw_graph *g, lw_id_t from, lw_id_t to,
			       struct lw_cycle *cycle)
{
	return lw_graph_add(g, from, to, from_ip(from, to), to_ip(from, to), false, cycle);
}

/*
 * The chain @first -> @first + 1 -> ... -> @last, each edge new: true, or
 * false and a diagnostic at the first edge that was not added.
 */
static bool add_chain(struct lw_graph *g, lw_id_t first, lw_id_t last)
{
	struct lw_cycle c;
	enum lw_edge_result res;
	lw_id_t i;

	for (i = first; i < last; i++) {
		res = add(g, i, i + 1, &c);
		if (res != LW_EDGE_ADDED) {
			lw_test_diag("edge %u -> %u: result %d, not LW_EDGE_ADDED",
				     (unsigned int)i, (unsigned int)i + 1, res);
			return false;
		}
	}
	return true;
}

/* Classes named by letters in the lockdep scenarios: 'A' is class 1. */
static lw_id_t cls_of(char c)
{
	return (lw_id_t)(c - 'A' + 1);
}

/*
 * Everything the graph promises about itself: each edge on exactly one list
 * (its source's out list or the free list) and, when used, on its target's
 * in list, no duplicate edges, nr_edges exact, all of the pool accounted
 * for, ord[] and by_ord[] inverse permutations, every edge ascending in that
 * order, and no cycle (checked on its own, by draining the graph).
 */
static bool graph_check(const struct lw_graph *g)
{
	u32 nc = g->max_classes, ne = g->max_edges;
	u8 *seen = calloc(ne + 1, 1);
	u32 *indeg = calloc(nc + 1, sizeof(*indeg));
	u32 *queue = calloc(nc + 1, sizeof(*queue));
	u32 used = 0, nfree = 0, nin = 0, head = 0, tail = 0, done = 0, c, e, f;
	bool ok = false;

	if (!seen || !indeg || !queue) {
		lw_test_diag("%s: out of memory", __func__);
		goto out;
	}
	if (g->out[0] || g->in[0] || g->ord[0] || g->by_ord[0]) {
		lw_test_diag("%s: class 0 has edges or a position", __func__);
		goto out;
	}
	for (c = 1; c <= nc; c++) {
		if (!g->ord[c] || g->ord[c] > nc || g->by_ord[g->ord[c]] != c) {
			lw_test_diag("%s: class %u at position %u, which holds %u", __func__,
				     c, g->ord[c], g->ord[c] <= nc ? g->by_ord[g->ord[c]] : 0);
			goto out;
		}
	}
	for (c = 1; c <= nc; c++) {
		for (e = g->out[c]; e; e = g->edges[e].next) {
			const struct lw_edge *edge = &g->edges[e];

			if (e > ne || seen[e]) {
				lw_test_diag("%s: edge %u of class %u out of range or reused",
					     __func__, e, c);
				goto out;
			}
			seen[e] = 1;
			if (edge->from != c || !edge->to || edge->to > nc || edge->to == c) {
				lw_test_diag("%s: edge %u on list of %u is %u -> %u", __func__,
					     e, c, edge->from, edge->to);
				goto out;
			}
			for (f = g->out[c]; f != e; f = g->edges[f].next)
				if (g->edges[f].to == edge->to) {
					lw_test_diag("%s: duplicate edge %u -> %u",
						     __func__, c, edge->to);
					goto out;
				}
			if (g->ord[c] >= g->ord[edge->to]) {
				lw_test_diag("%s: edge %u -> %u against the order (%u, %u)",
					     __func__, c, edge->to, g->ord[c], g->ord[edge->to]);
				goto out;
			}
			indeg[edge->to]++;
			used++;
		}
	}
	if (used != g->nr_edges) {
		lw_test_diag("%s: %u edges on lists, nr_edges %u", __func__, used, g->nr_edges);
		goto out;
	}
	/* In lists: exactly the used edges, each once, on its target's list. */
	for (c = 1; c <= nc; c++) {
		for (e = g->in[c]; e; e = g->edges[e].in_next) {
			if (e > ne || seen[e] != 1 || g->edges[e].to != c) {
				lw_test_diag("%s: edge %u on in list of %u is unused, repeated or %u -> %u",
					     __func__, e, c, g->edges[e].from, g->edges[e].to);
				goto out;
			}
			seen[e] = 2;
			nin++;
		}
	}
	if (nin != used) {
		lw_test_diag("%s: %u edges on in lists, %u on out lists", __func__, nin, used);
		goto out;
	}
	for (e = g->free; e; e = g->edges[e].next) {
		if (e > ne || seen[e]) {
			lw_test_diag("%s: free edge %u out of range or in use", __func__, e);
			goto out;
		}
		seen[e] = 1;
		nfree++;
	}
	if (used + nfree != ne) {
		lw_test_diag("%s: %u used + %u free != %u edges", __func__, used, nfree, ne);
		goto out;
	}
	/* Kahn: a DAG drains completely. */
	for (c = 1; c <= nc; c++)
		if (!indeg[c])
			queue[tail++] = c;
	while (head < tail) {
		c = queue[head++];
		done++;
		for (e = g->out[c]; e; e = g->edges[e].next)
			if (!--indeg[g->edges[e].to])
				queue[tail++] = g->edges[e].to;
	}
	if (done != nc) {
		lw_test_diag("%s: graph has a cycle (%u of %u classes drained)",
			     __func__, done, nc);
		goto out;
	}
	ok = true;
out:
	free(seen);
	free(indeg);
	free(queue);
	return ok;
}

/*
 * *@c is the whole cycle through the @len classes @cls, cls[0] first, with
 * the recursive reads' links @rread_links: for ASSERT_CYCLE().
 */
static bool cycle_is(const struct lw_cycle *c, u32 rread_links, unsigned int len,
		     const lw_id_t *cls)
{
	unsigned int i;

	if (c->len != len || c->truncated || c->rread_links != rread_links) {
		lw_test_diag("%s: len %u%s, rread links %#x; want %u, %#x", __func__, c->len,
			     c->truncated ? " truncated" : "", c->rread_links, len, rread_links);
		return false;
	}
	for (i = 0; i < len; i++) {
		if (c->cls[i] != cls[i]) {
			lw_test_diag("%s: class %u is %u, want %u", __func__, i, c->cls[i], cls[i]);
			return false;
		}
	}
	return true;
}

#define ASSERT_CYCLE(c, rread_links, ...)					\
	ASSERT_TRUE(cycle_is(&(c), rread_links, ARRAY_SIZE(((lw_id_t[]){ __VA_ARGS__ })), \
			     (lw_id_t[]){ __VA_ARGS__ }))

/*
 * A reported cycle for the new edge from -> to is made of that edge and
 * learned edges, in order, each ip being where the link's target was taken,
 * and visits no class twice.
 */
static bool cycle_check(const struct lw_graph *g, const struct lw_cycle *c,
			lw_id_t from, lw_id_t to)
{
	unsigned int i, j;

	if (c->len < 1 || c->len > LW_CHAIN_MAX) {
		lw_test_diag("%s: len %u", __func__, c->len);
		return false;
	}
	if (c->cls[0] != from || c->ip[0] != to_ip(from, to)) {
		lw_test_diag("%s: first link %u @%#lx, new edge %u -> %u", __func__,
			     c->cls[0], c->ip[0], from, to);
		return false;
	}
	if (c->len == 1) {
		if (from != to || c->truncated)
			lw_test_diag("%s: len 1 for %u -> %u", __func__, from, to);
		return from == to && !c->truncated;
	}
	if (c->cls[1] != to) {
		lw_test_diag("%s: second class %u, want %u", __func__, c->cls[1], to);
		return false;
	}
	for (i = 1; i < c->len; i++) {
		bool found = false;
		u32 e;

		if (i == c->len - 1 && c->truncated) {
			/* The link leaves the kept part of the cycle: any edge of cls[i]. */
			for (e = g->out[c->cls[i]]; e; e = g->edges[e].next)
				found |= g->edges[e].to_ip == c->ip[i];
		} else {
			e = lw_graph_find(g, c->cls[i], c->cls[(i + 1) % c->len]);
			found = e && g->edges[e].to_ip == c->ip[i];
		}
		if (!found) {
			lw_test_diag("%s: link %u (%u -> %u @%#lx) not learned", __func__, i,
				     c->cls[i], c->cls[(i + 1) % c->len], c->ip[i]);
			return false;
		}
	}
	for (i = 0; i < c->len; i++)
		for (j = i + 1; j < c->len; j++)
			if (c->cls[i] == c->cls[j]) {
				lw_test_diag("%s: class %u twice", __func__, c->cls[i]);
				return false;
			}
	return true;
}

/*
 * A lockdep selftest scenario: @edges ("AB BC CA") are learned in order, all
 * but the last cleanly; the last closes the cycle @expect ("CAB": cls[] in
 * link order, starting with the new edge's source).
 */
static void run_scenario(const char *edges, const char *expect)
{
	struct lw_graph *g = graph_new(8, 16);
	unsigned int n = (strlen(edges) + 1) / 3, len = strlen(expect), i;
	struct lw_cycle c, again;
	lw_id_t from = 0, to = 0;

	for (i = 0; i < n; i++) {
		from = cls_of(edges[3 * i]);
		to = cls_of(edges[3 * i + 1]);
		if (i < n - 1)
			ASSERT_EQ(add(g, from, to, &c), LW_EDGE_ADDED);
	}

	memset(&c, 0xee, sizeof(c));
	ASSERT_EQ(add(g, from, to, &c), LW_EDGE_CYCLE);
	ASSERT_EQ(c.len, len);
	ASSERT_FALSE(c.truncated);
	for (i = 0; i < len; i++) {
		ASSERT_EQ(c.cls[i], cls_of(expect[i]));
		ASSERT_EQ(c.ip[i], to_ip(c.cls[i], cls_of(expect[(i + 1) % len])));
	}
	ASSERT_TRUE(cycle_check(g, &c, from, to));

	/* The closing edge is not learned: the graph stays as it was. */
	ASSERT_FALSE(lw_graph_has_edge(g, from, to));
	ASSERT_EQ(g->nr_edges, n - 1);
	ASSERT_TRUE(graph_check(g));

	/* Seen again, it is the same cycle again, not a known edge. */
	memset(&again, 0xee, sizeof(again));
	ASSERT_EQ(add(g, from, to, &again), LW_EDGE_CYCLE);
	ASSERT_EQ(memcmp(&c, &again, sizeof(c)), 0);
	ASSERT_EQ(g->nr_edges, n - 1);
}

/* ===== Test cases ===== */

/* The classes the cases below name by letter: A is class 1, B class 2... */
enum { A = 1, B, C, D, E };

TEST(graph_init_layout)
{
	size_t size = lw_graph_mem_size(10, 20);
	struct lw_graph *g = lw_test_alloc(sizeof(*g));
	char *mem = lw_test_alloc(size);
	lw_id_t a, b;

	ASSERT_EQ(size, 11 * (4 * sizeof(u32) + 4 * sizeof(lw_id_t)) +
			21 * sizeof(struct lw_edge));
	lw_graph_init(g, mem, 10, 20);
	/* The arrays tile the memory exactly, from its start to its end. */
	ASSERT_PTR_EQ(g->edges, mem);
	ASSERT_PTR_EQ(g->out, g->edges + 21);
	ASSERT_PTR_EQ(g->in, g->out + 11);
	ASSERT_PTR_EQ(g->mark, g->in + 11);
	ASSERT_PTR_EQ(g->via, g->mark + 11);
	ASSERT_PTR_EQ(g->ord, (lw_id_t *)(g->via + 11));
	ASSERT_PTR_EQ(g->by_ord, g->ord + 11);
	ASSERT_PTR_EQ(g->queue, g->by_ord + 11);
	ASSERT_PTR_EQ(g->slot, g->queue + 11);
	ASSERT_PTR_EQ(g->slot + 11, mem + size);
	ASSERT_EQ(sizeof(struct lw_edge) % __alignof__(struct lw_edge), 0);
	ASSERT_EQ(__alignof__(struct lw_edge) % __alignof__(u32), 0);
	ASSERT_EQ((uintptr_t)g->out % __alignof__(u32), 0);
	ASSERT_EQ((uintptr_t)g->ord % __alignof__(lw_id_t), 0);
	ASSERT_EQ(g->max_classes, 10);
	ASSERT_EQ(g->max_edges, 20);
	ASSERT_EQ(g->nr_edges, 0);
	ASSERT_EQ(g->searches, 0);
	ASSERT_EQ(g->visited, 0);
	ASSERT_EQ(g->unsearched, 0);
	ASSERT_EQ(g->nospace, 0);
	ASSERT_EQ(g->search_gen, 0);
	/* The identity is the order of the empty graph. */
	for (a = 0; a <= 10; a++) {
		ASSERT_EQ(g->ord[a], a);
		ASSERT_EQ(g->by_ord[a], a);
		ASSERT_EQ(g->in[a], 0);
	}
	for (a = 0; a <= 10; a++)
		for (b = 0; b <= 10; b++)
			ASSERT_FALSE(lw_graph_has_edge(g, a, b));
	ASSERT_TRUE(graph_check(g));
}

TEST(graph_known_edge)
{
	struct lw_graph *g = graph_new(8, 8);
	struct lw_cycle c, untouched;
	u64 searches;

	memset(&c, 0xee, sizeof(c));
	memcpy(&untouched, &c, sizeof(c));
	ASSERT_EQ(add(g, 1, 2, &c), LW_EDGE_ADDED);
	ASSERT_EQ(g->nr_edges, 1);
	ASSERT_TRUE(lw_graph_has_edge(g, 1, 2));
	ASSERT_FALSE(lw_graph_has_edge(g, 2, 1));

	/* Known: no growth, no search, and the first sites are the ones kept. */
	searches = g->searches;
	ASSERT_EQ(lw_graph_add(g, 1, 2, 0x1111, 0x2222, false, &c), LW_EDGE_KNOWN);
	ASSERT_EQ(g->nr_edges, 1);
	ASSERT_EQ(g->searches, searches);
	ASSERT_EQ(g->edges[lw_graph_find(g, 1, 2)].from_ip, from_ip(1, 2));
	ASSERT_EQ(g->edges[lw_graph_find(g, 1, 2)].to_ip, to_ip(1, 2));
	ASSERT_EQ(memcmp(&c, &untouched, sizeof(c)), 0);
	ASSERT_TRUE(graph_check(g));
}

TEST(graph_abba)
{
	struct lw_graph *g = graph_new(4, 4);
	struct lw_cycle c;

	ASSERT_EQ(lw_graph_add(g, A, B, 0xa1, 0xb1, false, &c), LW_EDGE_ADDED);
	memset(&c, 0, sizeof(c));
	ASSERT_EQ(lw_graph_add(g, B, A, 0xb2, 0xa2, false, &c), LW_EDGE_CYCLE);
	ASSERT_EQ(c.len, 2);
	ASSERT_FALSE(c.truncated);
	ASSERT_EQ(c.cls[0], B);
	ASSERT_EQ(c.cls[1], A);
	ASSERT_EQ(c.ip[0], 0xa2);	/* where A is taken now, under B */
	ASSERT_EQ(c.ip[1], 0xb1);	/* where B was taken under A */
	ASSERT_FALSE(lw_graph_has_edge(g, B, A));
	ASSERT_TRUE(lw_graph_has_edge(g, A, B));
	ASSERT_EQ(g->nr_edges, 1);
	ASSERT_TRUE(graph_check(g));
}

/*
 * A recursive read is checked, not learned: lw_graph_closes_cycle() finds the
 * cycle it would close only through a dependency its class was held
 * exclusively for, and changes nothing.
 */
TEST(graph_closes_cycle_recursive_read)
{
	struct lw_graph *g = graph_new(8, 8);
	struct lw_cycle c;
	u32 edges;

	/* B held shared, A taken: B -> A, from B shared only. */
	ASSERT_EQ(lw_graph_add(g, B, A, 0xb1, 0xa1, true, &c), LW_EDGE_ADDED);
	ASSERT_FALSE(g->edges[lw_graph_find(g, B, A)].from_excl);
	edges = g->nr_edges;
	/* A held, B read recursively: readers do not wait for readers. */
	ASSERT_FALSE(lw_graph_closes_cycle(g, A, B, 0xb2, &c));
	ASSERT_EQ(g->nr_edges, edges);
	ASSERT_FALSE(lw_graph_has_edge(g, A, B));
	/* In order: no search at all. */
	ASSERT_FALSE(lw_graph_closes_cycle(g, B, A, 0xa2, &c));
	/* Once B -> A is also seen with B held exclusively, A -> B(read) closes it. */
	ASSERT_EQ(lw_graph_add(g, B, A, 0xb3, 0xa3, false, &c), LW_EDGE_KNOWN);
	ASSERT_TRUE(g->edges[lw_graph_find(g, B, A)].from_excl);
	memset(&c, 0, sizeof(c));
	ASSERT_TRUE(lw_graph_closes_cycle(g, A, B, 0xb2, &c));
	ASSERT_EQ(c.len, 2);
	ASSERT_EQ(c.cls[0], A);
	ASSERT_EQ(c.cls[1], B);
	ASSERT_EQ(c.ip[0], 0xb2);
	ASSERT_EQ(g->nr_edges, edges);
	/* Only the first link must be exclusive: B -> C shared, C -> A exclusive. */
	ASSERT_EQ(lw_graph_add(g, B, C, 0xb4, 0xc4, true, &c), LW_EDGE_ADDED);
	ASSERT_EQ(lw_graph_add(g, C, A, 0xc5, 0xa5, false, &c), LW_EDGE_ADDED);
	ASSERT_TRUE(lw_graph_closes_cycle(g, A, C, 0xc6, &c));
	ASSERT_EQ(c.len, 2);
	ASSERT_TRUE(graph_check(g));
}

/* A graph with a store of @max_rreads recursive reads' dependencies. */
static struct lw_graph *graph_rr_new(u32 max_classes, u32 max_edges, u32 max_rreads)
{
	struct lw_graph *g = graph_new(max_classes, max_edges);
	struct lw_rreads *r = lw_test_alloc(sizeof(*r));

	lw_rreads_init(r, lw_test_alloc(lw_rreads_mem_size(max_classes, max_rreads)),
		       max_classes, max_rreads);
	lw_graph_attach_rreads(g, r);
	return g;
}

/* @to read recursively under @from, held exclusively unless @shared. */
static enum lw_edge_result rread(struct lw_graph *g, lw_id_t from, lw_id_t to, bool shared,
				 struct lw_cycle *cycle)
{
	return lw_graph_add_rread(g, from, to, from_ip(from, to), to_ip(from, to), shared,
				  cycle);
}

/* @to taken (so that it waits) under @from, held exclusively unless @shared. */
static enum lw_edge_result take(struct lw_graph *g, lw_id_t from, lw_id_t to, bool shared,
				struct lw_cycle *cycle)
{
	return lw_graph_add(g, from, to, from_ip(from, to), to_ip(from, to), shared, cycle);
}

/*
 * The store's own promises: each slot on exactly one list (its source's or
 * the free list), nr exact, no duplicate, nothing in use above top.
 */
static bool rreads_check(const struct lw_rreads *r)
{
	u8 *seen = calloc(r->max_rreads + 1, 1);
	u32 used = 0, nfree = 0, c, d, f;
	bool ok = false;

	if (!seen)
		return false;
	for (c = 1; c <= r->max_classes; c++) {
		for (d = r->out[c]; d; d = r->deps[d].next) {
			if (d > r->max_rreads || seen[d] || r->deps[d].from != c ||
			    !r->deps[d].to || d > r->top) {
				lw_test_diag("%s: dependency %u on the list of %u", __func__, d, c);
				goto out;
			}
			for (f = r->out[c]; f != d; f = r->deps[f].next)
				if (r->deps[f].to == r->deps[d].to) {
					lw_test_diag("%s: duplicate %u -> %u", __func__, c,
						     r->deps[d].to);
					goto out;
				}
			seen[d] = 1;
			used++;
		}
	}
	for (d = r->free; d; d = r->deps[d].next, nfree++) {
		if (d > r->max_rreads || seen[d] || r->deps[d].from) {
			lw_test_diag("%s: free slot %u in use or listed twice", __func__, d);
			goto out;
		}
		seen[d] = 1;
	}
	if (used != r->nr || used + nfree != r->max_rreads) {
		lw_test_diag("%s: %u used (nr %u), %u free, of %u", __func__, used, r->nr,
			     nfree, r->max_rreads);
		goto out;
	}
	ok = true;
out:
	free(seen);
	return ok;
}

/* Both the graph's and its recursive-read store's promises. */
static bool graph_rr_check(const struct lw_graph *g)
{
	return graph_check(g) && rreads_check(g->rreads);
}

/*
 * lockdep's read-first case, missed before v5.10's rule: B read recursively
 * under A (kept), then A taken under a write hold of B. CPU0 holds A and
 * waits to read B behind CPU1's writer, which waits for A.
 */
TEST(rread_first_cycle)
{
	struct lw_graph *g = graph_rr_new(8, 8, 4);
	struct lw_cycle c;

	ASSERT_EQ(rread(g, A, B, false, &c), LW_EDGE_ADDED);
	ASSERT_EQ(g->rreads->nr, 1);
	ASSERT_EQ(g->nr_edges, 0);
	ASSERT_FALSE(lw_graph_has_edge(g, A, B));
	ASSERT_NE(lw_rreads_index(g->rreads, A, B), 0);
	/* Kept already: known, no search. */
	ASSERT_EQ(rread(g, A, B, false, &c), LW_EDGE_KNOWN);
	ASSERT_EQ(g->rreads->searches, 0);

	memset(&c, 0, sizeof(c));
	ASSERT_EQ(take(g, B, A, false, &c), LW_EDGE_CYCLE);
	ASSERT_CYCLE(c, 1U << 1, B, A);
	ASSERT_EQ(c.ip[0], to_ip(B, A));	/* A taken now, under B */
	ASSERT_EQ(c.ip[1], to_ip(A, B));	/* where B was read under A */
	ASSERT_FALSE(lw_graph_has_edge(g, B, A));
	ASSERT_EQ(g->nr_edges, 0);
	ASSERT_EQ(g->rreads->searches, 1);
	/* With A held only shared the same: a reader of A waits for B's writer too. */
	ASSERT_EQ(rread(g, A, B, true, &c), LW_EDGE_KNOWN);
	ASSERT_TRUE(graph_rr_check(g));
}

/* The read second was found before, and still is, without keeping it. */
TEST(rread_second_cycle)
{
	struct lw_graph *g = graph_rr_new(8, 8, 4);
	struct lw_cycle c;

	ASSERT_EQ(take(g, B, A, false, &c), LW_EDGE_ADDED);
	ASSERT_EQ(rread(g, A, B, true, &c), LW_EDGE_CYCLE);
	ASSERT_CYCLE(c, 0, A, B);
	ASSERT_EQ(g->rreads->nr, 0);
	ASSERT_TRUE(rreads_check(g->rreads));
}

/*
 * After a recursive read of B, a dependency learned while B was only
 * read-held makes no strong path: B's reader blocks no recursive reader.
 * Once B is held exclusively for it, the cycle is reported, and the edge
 * stays as it was.
 */
TEST(rread_then_shared_no_cycle)
{
	struct lw_graph *g = graph_rr_new(8, 8, 4);
	struct lw_cycle c;
	u32 e;

	ASSERT_EQ(rread(g, A, B, false, &c), LW_EDGE_ADDED);
	ASSERT_EQ(take(g, B, A, true, &c), LW_EDGE_ADDED);
	e = lw_graph_find(g, B, A);
	ASSERT_FALSE(g->edges[e].from_excl);
	ASSERT_EQ(take(g, B, A, true, &c), LW_EDGE_KNOWN);

	memset(&c, 0, sizeof(c));
	ASSERT_EQ(take(g, B, A, false, &c), LW_EDGE_CYCLE);
	ASSERT_CYCLE(c, 1U << 1, B, A);
	ASSERT_FALSE(g->edges[e].from_excl);

	/* Longer: A -R-> B -(S)-> C, then C -> A: not strong either. */
	ASSERT_EQ(take(g, B, C, true, &c), LW_EDGE_ADDED);
	ASSERT_EQ(take(g, C, A, false, &c), LW_EDGE_ADDED);
	ASSERT_TRUE(graph_rr_check(g));
}

/* The closing dependency need not be the one leaving the read class. */
TEST(rread_first_longer_cycle)
{
	struct lw_graph *g = graph_rr_new(8, 8, 4);
	struct lw_cycle c;

	ASSERT_EQ(rread(g, A, B, false, &c), LW_EDGE_ADDED);
	ASSERT_EQ(take(g, B, C, false, &c), LW_EDGE_ADDED);	/* B written, C */
	ASSERT_EQ(take(g, C, D, true, &c), LW_EDGE_ADDED);	/* C read, D */
	memset(&c, 0, sizeof(c));
	ASSERT_EQ(take(g, D, A, true, &c), LW_EDGE_CYCLE);
	ASSERT_CYCLE(c, 1U << 1, D, A, B, C);
	ASSERT_EQ(c.ip[1], to_ip(A, B));
	ASSERT_EQ(c.ip[2], to_ip(B, C));
	ASSERT_EQ(c.ip[3], to_ip(C, D));
	ASSERT_FALSE(lw_graph_has_edge(g, D, A));
	ASSERT_TRUE(graph_check(g));
}

/*
 * Recursive reads both ways with both classes read-held: readers that may
 * recurse never wait for one another, so no cycle, both kept. With the
 * sources written, A -(ER)-> B -(ER)-> A is a deadlock (each writer blocks
 * the other's reader).
 */
TEST(rread_both_ways)
{
	struct lw_graph *g = graph_rr_new(8, 8, 8);
	struct lw_cycle c;

	ASSERT_EQ(rread(g, A, B, true, &c), LW_EDGE_ADDED);
	ASSERT_EQ(rread(g, B, A, true, &c), LW_EDGE_ADDED);
	ASSERT_EQ(g->rreads->nr, 2);
	/* One side written is not enough: B's reader blocks no reader. */
	ASSERT_EQ(rread(g, A, B, false, &c), LW_EDGE_KNOWN);
	ASSERT_TRUE(g->rreads->deps[lw_rreads_index(g->rreads, A, B)].from_excl);

	memset(&c, 0, sizeof(c));
	ASSERT_EQ(rread(g, B, A, false, &c), LW_EDGE_CYCLE);
	ASSERT_CYCLE(c, 1U << 1, B, A);
	ASSERT_FALSE(g->rreads->deps[lw_rreads_index(g->rreads, B, A)].from_excl);

	/* C and D: read-held reads both ways, then one taken so that it waits. */
	ASSERT_EQ(rread(g, C, D, true, &c), LW_EDGE_ADDED);
	ASSERT_EQ(rread(g, D, C, true, &c), LW_EDGE_ADDED);
	ASSERT_EQ(take(g, D, C, true, &c), LW_EDGE_ADDED);	/* -(SR)-> D -(S*)->: weak */
	ASSERT_EQ(g->nr_edges, 1);
	ASSERT_TRUE(graph_rr_check(g));
}

/* A new recursive read's cycle may run through a kept one. */
TEST(rread_two_reads_cycle)
{
	struct lw_graph *g = graph_rr_new(8, 8, 4);
	struct lw_cycle c;

	ASSERT_EQ(rread(g, A, B, false, &c), LW_EDGE_ADDED);	/* A -(ER)-> B */
	ASSERT_EQ(take(g, B, C, false, &c), LW_EDGE_ADDED);	/* B -(EN)-> C */
	memset(&c, 0, sizeof(c));
	ASSERT_EQ(rread(g, C, A, true, &c), LW_EDGE_CYCLE);	/* C -(SR)-> A */
	ASSERT_CYCLE(c, 1U << 1, C, A, B);
	ASSERT_EQ(g->rreads->nr, 1);

	/* With A only read-held, its read of B blocks no reader of A: no cycle. */
	g = graph_rr_new(8, 8, 4);
	ASSERT_EQ(rread(g, A, B, true, &c), LW_EDGE_ADDED);
	ASSERT_EQ(take(g, B, C, false, &c), LW_EDGE_ADDED);
	ASSERT_EQ(rread(g, C, A, true, &c), LW_EDGE_ADDED);
	ASSERT_EQ(g->rreads->nr, 2);
	ASSERT_TRUE(rreads_check(g->rreads));
}

/* A recursive read a learned edge already covers is not kept. */
TEST(rread_redundant)
{
	struct lw_graph *g = graph_rr_new(8, 8, 4);
	struct lw_cycle c;

	ASSERT_EQ(take(g, 1, 2, false, &c), LW_EDGE_ADDED);
	ASSERT_EQ(rread(g, 1, 2, false, &c), LW_EDGE_KNOWN);
	ASSERT_EQ(rread(g, 1, 2, true, &c), LW_EDGE_KNOWN);
	ASSERT_EQ(take(g, 3, 4, true, &c), LW_EDGE_ADDED);
	ASSERT_EQ(rread(g, 3, 4, true, &c), LW_EDGE_KNOWN);
	/* A shared edge does not cover an exclusive read. */
	ASSERT_EQ(rread(g, 3, 4, false, &c), LW_EDGE_ADDED);
	ASSERT_EQ(g->rreads->nr, 1);
	ASSERT_TRUE(rreads_check(g->rreads));
}

/*
 * A full store is counted; what it holds still closes cycles, and a read
 * not kept is still checked each time.
 */
TEST(rread_nospace)
{
	struct lw_graph *g = graph_rr_new(8, 8, 2);
	struct lw_cycle c;

	ASSERT_EQ(rread(g, A, B, false, &c), LW_EDGE_ADDED);
	ASSERT_EQ(rread(g, A, C, false, &c), LW_EDGE_ADDED);
	ASSERT_EQ(g->rreads->free, 0);
	ASSERT_EQ(rread(g, A, D, false, &c), LW_EDGE_NOSPACE);
	ASSERT_EQ(g->rreads->nospace, 1);
	ASSERT_EQ(g->rreads->nr, 2);
	ASSERT_EQ(lw_rreads_index(g->rreads, A, D), 0);
	ASSERT_EQ(rread(g, A, B, false, &c), LW_EDGE_KNOWN);
	ASSERT_EQ(g->rreads->nospace, 1);
	ASSERT_EQ(take(g, C, A, false, &c), LW_EDGE_CYCLE);
	ASSERT_EQ(take(g, D, A, false, &c), LW_EDGE_ADDED);	/* A -R-> D was not kept */
	ASSERT_EQ(rread(g, A, D, false, &c), LW_EDGE_CYCLE);	/* but is checked */
	ASSERT_EQ(g->rreads->nospace, 1);
	ASSERT_TRUE(rreads_check(g->rreads));

	/* Forgetting a class frees its dependencies, both ways. */
	lw_rreads_forget(g->rreads, B);
	ASSERT_EQ(g->rreads->nr, 1);
	ASSERT_EQ(rread(g, B, C, false, &c), LW_EDGE_ADDED);
	ASSERT_TRUE(rreads_check(g->rreads));
	lw_graph_forget(g, C);
	ASSERT_EQ(g->rreads->nr, 0);
	ASSERT_TRUE(rreads_check(g->rreads));

	/* No store at all: checked against the edges, nothing kept. */
	g = graph_new(8, 8);
	ASSERT_EQ(rread(g, A, B, false, &c), LW_EDGE_NOSPACE);
	ASSERT_EQ(take(g, B, A, false, &c), LW_EDGE_ADDED);
	ASSERT_EQ(rread(g, A, B, false, &c), LW_EDGE_CYCLE);
}

/* Nothing kept, or none that could matter: a new edge pays no strong search. */
TEST(rread_search_bounded)
{
	struct lw_graph *g = graph_rr_new(16, 32, 4);
	struct lw_rreads *r = g->rreads;
	struct lw_cycle c;
	u32 pos = 0, steps = 0;

	ASSERT_TRUE(add_chain(g, 1, 8));
	ASSERT_EQ(r->searches, 0);
	/* 9 read under 8: after everything in the order. */
	ASSERT_EQ(rread(g, 8, 9, false, &c), LW_EDGE_ADDED);
	/* 10 -> 11: nothing kept starts at or after 10. */
	ASSERT_EQ(take(g, 10, 11, false, &c), LW_EDGE_ADDED);
	ASSERT_EQ(take(g, 2, 5, false, &c), LW_EDGE_ADDED);
	ASSERT_EQ(r->searches, 0);
	/* 9 -> 1 could close one, and does: 1 .. 8 -R-> 9 -> 1. */
	ASSERT_EQ(take(g, 9, 1, false, &c), LW_EDGE_CYCLE);
	ASSERT_EQ(r->searches, 1);
	/* The shortest: 9 -> 1 -> 2 -> 5 -> 6 -> 7 -> 8 -R-> 9. */
	ASSERT_EQ(c.len, 7);
	ASSERT_FALSE(c.truncated);
	ASSERT_EQ(c.cls[2], 2);
	ASSERT_EQ(c.cls[3], 5);
	ASSERT_EQ(c.rread_links, 1U << 6);

	/* A reset in steps forgets everything; the counters stay. */
	while (!lw_rreads_reset_step(r, &pos, 3))
		steps++;
	ASSERT_TRUE(steps > 2);
	ASSERT_EQ(r->nr, 0);
	ASSERT_EQ(r->top, 0);
	ASSERT_EQ(r->searches, 1);
	ASSERT_TRUE(rreads_check(r));
	ASSERT_EQ(take(g, 9, 1, false, &c), LW_EDGE_ADDED);
}

/* ===== Recursive reads against a model ===== */

#define RR_NC	6

/* Kept dependencies: 0 none, 1 from shared only, 2 from held exclusively. */
struct rr_model {
	u8 edge[RR_NC + 1][RR_NC + 1];
	u8 rr[RR_NC + 1][RR_NC + 1];
};

/*
 * Whether a simple path from @cur to @goal over the model's dependencies,
 * arrived at @cur by a recursive read if @cur_r, ends so that the new
 * dependency (@new_r, @new_excl) follows it on a strong cycle.
 */
static bool rr_model_path(const struct rr_model *m, lw_id_t cur, bool cur_r, lw_id_t goal,
			  bool new_excl, u8 *on_path)
{
	lw_id_t next;
	bool found = false;

	if (cur == goal)
		return !cur_r || new_excl;
	on_path[cur] = 1;
	for (next = 1; next <= RR_NC && !found; next++) {
		if (on_path[next])
			continue;
		if (m->edge[cur][next] && (!cur_r || m->edge[cur][next] == 2))
			found = rr_model_path(m, next, false, goal, new_excl, on_path);
		if (!found && m->rr[cur][next] && (!cur_r || m->rr[cur][next] == 2))
			found = rr_model_path(m, next, true, goal, new_excl, on_path);
	}
	on_path[cur] = 0;
	return found;
}

/* A strong simple cycle through the new dependency from -> to. */
static bool rr_model_cycle(const struct rr_model *m, lw_id_t from, lw_id_t to, bool to_r,
			   bool from_excl)
{
	u8 on_path[RR_NC + 1] = { };

	return rr_model_path(m, to, to_r, from, from_excl, on_path);
}

/* The engine's cycle is made of the model's dependencies, and strong. */
static bool rr_cycle_valid(const struct rr_model *m, const struct lw_cycle *c, bool new_r,
			   bool new_excl)
{
	bool prev_r = new_r;
	unsigned int i;

	if (c->truncated || c->len < 2) {
		lw_test_diag("%s: len %u", __func__, c->len);
		return false;
	}
	for (i = 1; i <= c->len; i++) {
		lw_id_t from = c->cls[i % c->len], to = c->cls[(i + 1) % c->len];
		bool r = c->rread_links & (1U << i), excl;
		u8 kept;

		if (i == c->len) {	/* back to the new dependency */
			excl = new_excl;
			kept = 1;
		} else {
			kept = r ? m->rr[from][to] : m->edge[from][to];
			excl = kept == 2;
		}
		if (!kept || (prev_r && !excl)) {
			lw_test_diag("%s: link %u: %u -> %u%s not kept or not strong", __func__,
				     i, from, to, r ? " (read)" : "");
			return false;
		}
		prev_r = r;
	}
	return true;
}

/*
 * Random recursive reads and waiting acquisitions over a few classes: the
 * engine finds a cycle exactly when the model has a strong simple cycle
 * through the new dependency, reports a strong one, and keeps what the
 * model keeps.
 */
TEST(rread_random_vs_model)
{
	unsigned long long seed = lw_test_seed(), rng = seed;
	unsigned int round, i, cycles = 0, weak = 0;
	struct lw_graph *g = graph_rr_new(RR_NC, 64, 64);

	for (round = 0; round < 200; round++) {
		struct rr_model m = { };

		lw_graph_reset(g);
		lw_rreads_reset(g->rreads);

		for (i = 0; i < 24; i++) {
			lw_id_t from = 1 + lw_test_rand_below(&rng, RR_NC);
			lw_id_t to = 1 + lw_test_rand_below(&rng, RR_NC - 1);
			bool is_r = lw_test_rand_below(&rng, 2);
			bool shared = lw_test_rand_below(&rng, 2);
			u8 want = shared ? 1 : 2;
			enum lw_edge_result res, expect;
			struct lw_cycle c;
			u8 *kept;

			to += to >= from;
			kept = is_r ? &m.rr[from][to] : &m.edge[from][to];
			if (*kept >= want)
				expect = LW_EDGE_KNOWN;
			else if (rr_model_cycle(&m, from, to, is_r, !shared))
				expect = LW_EDGE_CYCLE;
			else if (*kept || (is_r && m.edge[from][to] >= want))
				expect = LW_EDGE_KNOWN;
			else
				expect = LW_EDGE_ADDED;
			if (expect != LW_EDGE_CYCLE && expect != LW_EDGE_KNOWN &&
			    rr_model_cycle(&m, from, to, is_r, true))
				weak++;	/* a cycle only an exclusive hold would close */

			res = is_r ? rread(g, from, to, shared, &c) : take(g, from, to, shared, &c);
			if (res != expect)
				lw_test_diag("seed %llu round %u step %u: %u -> %u%s%s: %d, not %d",
					     seed, round, i, from, to, is_r ? " read" : "",
					     shared ? " shared" : "", res, expect);
			ASSERT_EQ(res, expect);
			if (res == LW_EDGE_CYCLE) {
				cycles++;
				ASSERT_EQ(c.cls[0], from);
				ASSERT_EQ(c.cls[1], to);
				ASSERT_TRUE(rr_cycle_valid(&m, &c, is_r, !shared));
			} else if (expect == LW_EDGE_ADDED || *kept) {
				if (*kept < want)
					*kept = want;
			}
		}
		ASSERT_TRUE(graph_check(g));
		ASSERT_TRUE(rreads_check(g->rreads));
	}
	lw_test_diag("rread model: %u cycles, %u held off by a shared hold", cycles, weak);
	ASSERT_TRUE(cycles > 0);
	ASSERT_TRUE(weak > 0);
}

/* Walk all of a walk: the classes in the order given, their via edges. */
static unsigned int walk_all(struct lw_graph *g, lw_id_t *cls, u32 *via, unsigned int max)
{
	unsigned int n = 0;
	lw_id_t id;
	u32 e;

	while ((id = lw_graph_walk_next(g, &e))) {
		if (n < max) {
			cls[n] = id;
			via[n] = e;
		}
		n++;
	}
	return n;
}

TEST(graph_walk_forward_backward)
{
	struct lw_graph *g = graph_new(8, 16);
	lw_id_t cls[8];
	u32 via[8];
	struct lw_path p;
	struct lw_cycle c;

	/* A -> B -> C -> D, A -> C, E -> B; E unreachable forward from A. */
	ASSERT_TRUE(add_chain(g, A, D));
	ASSERT_EQ(add(g, A, C, &c), LW_EDGE_ADDED);
	ASSERT_EQ(add(g, E, B, &c), LW_EDGE_ADDED);

	lw_graph_walk_start(g, A, false, false);
	ASSERT_EQ(walk_all(g, cls, via, 8), 4);
	ASSERT_EQ(cls[0], A);
	ASSERT_EQ(via[0], 0);
	/* Breadth first: D is reached through the shorter A -> C -> D. */
	lw_graph_walk_path(g, D, &p);
	ASSERT_EQ(p.len, 2);
	ASSERT_FALSE(p.truncated);
	ASSERT_EQ(p.edge[0], lw_graph_find(g, A, C));
	ASSERT_EQ(p.edge[1], lw_graph_find(g, C, D));
	lw_graph_walk_path(g, A, &p);
	ASSERT_EQ(p.len, 0);

	/* Backward from D: every class but none twice; E through B. */
	lw_graph_walk_start(g, D, true, false);
	ASSERT_EQ(walk_all(g, cls, via, 8), 5);
	ASSERT_EQ(cls[0], D);
	lw_graph_walk_path(g, E, &p);
	ASSERT_EQ(p.len, 3);
	/* Listed from the start: the edge entering D first. */
	ASSERT_EQ(p.edge[0], lw_graph_find(g, C, D));
	ASSERT_EQ(p.edge[1], lw_graph_find(g, B, C));
	ASSERT_EQ(p.edge[2], lw_graph_find(g, E, B));
	ASSERT_EQ(via[4], lw_graph_find(g, E, B));

	/* Backward from E: nothing enters it. */
	lw_graph_walk_start(g, E, true, false);
	ASSERT_EQ(walk_all(g, cls, via, 8), 1);
	ASSERT_TRUE(graph_check(g));
}

TEST(graph_walk_start_excl)
{
	struct lw_graph *g = graph_new(8, 16);
	lw_id_t cls[8];
	u32 via[8];
	struct lw_cycle c;

	/* A -> B learned with A shared only, A -> C exclusive, B -> D shared. */
	ASSERT_EQ(lw_graph_add(g, A, B, 1, 2, true, &c), LW_EDGE_ADDED);
	ASSERT_EQ(lw_graph_add(g, A, C, 1, 3, false, &c), LW_EDGE_ADDED);
	ASSERT_EQ(lw_graph_add(g, B, D, 2, 4, true, &c), LW_EDGE_ADDED);
	lw_graph_walk_start(g, A, false, true);
	ASSERT_EQ(walk_all(g, cls, via, 8), 2);
	ASSERT_EQ(cls[1], C);
	/* Only the start's own edges are filtered. */
	lw_graph_walk_start(g, B, false, true);
	ASSERT_EQ(walk_all(g, cls, via, 8), 1);
	lw_graph_walk_start(g, A, false, false);
	ASSERT_EQ(walk_all(g, cls, via, 8), 4);
	/* A walk does not change the graph's order or edges. */
	ASSERT_EQ(g->nr_edges, 3);
	ASSERT_TRUE(graph_check(g));
}

TEST(graph_walk_path_truncated)
{
	struct lw_graph *g = graph_new(32, 32);
	struct lw_path p;
	unsigned int i;

	ASSERT_TRUE(add_chain(g, 1, 20));
	lw_graph_walk_start(g, 1, false, false);
	while (lw_graph_walk_next(g, &p.edge[0]))
		;
	lw_graph_walk_path(g, 20, &p);
	ASSERT_TRUE(p.truncated);
	ASSERT_EQ(p.len, LW_CHAIN_MAX);
	/* The links nearest the start are kept. */
	for (i = 0; i < LW_CHAIN_MAX; i++)
		ASSERT_EQ(p.edge[i], lw_graph_find(g, i + 1, i + 2));
	lw_graph_walk_start(g, 20, true, false);
	while (lw_graph_walk_next(g, &p.edge[0]))
		;
	lw_graph_walk_path(g, 1, &p);
	ASSERT_TRUE(p.truncated);
	ASSERT_EQ(p.edge[0], lw_graph_find(g, 19, 20));
	lw_graph_walk_path(g, 13, &p);
	ASSERT_FALSE(p.truncated);
	ASSERT_EQ(p.len, 7);
}

TEST(graph_abbcca)
{
	run_scenario("AB BC CA", "CAB");
}

TEST(graph_abcabc)
{
	run_scenario("AB CA BC", "BCA");
}

TEST(graph_abbccdda)
{
	run_scenario("AB BC CD DA", "DABC");
}

TEST(graph_abcdbdda)
{
	run_scenario("AB CD BD DA", "DAB");
}

TEST(graph_abcdbcda)
{
	run_scenario("AB CD BC DA", "DABC");
}

TEST(graph_five_cycle)
{
	run_scenario("AB BC CD DE EA", "EABCD");
}

/* Breadth-first: the report is the shortest cycle, here through the shortcut. */
TEST(graph_cycle_is_shortest)
{
	run_scenario("AB BC CD AD DA", "DA");
	if (lw_test_failed())
		return;
	run_scenario("AB BC CD DE CE EA", "EABC");
}

TEST(graph_self_edge)
{
	struct lw_graph *g = graph_new(4, 4);
	struct lw_cycle c;

	ASSERT_EQ(add(g, 1, 2, &c), LW_EDGE_ADDED);
	memset(&c, 0xee, sizeof(c));
	ASSERT_EQ(add(g, 3, 3, &c), LW_EDGE_CYCLE);
	ASSERT_EQ(c.len, 1);
	ASSERT_FALSE(c.truncated);
	ASSERT_EQ(c.cls[0], 3);
	ASSERT_EQ(c.ip[0], to_ip(3, 3));
	ASSERT_FALSE(lw_graph_has_edge(g, 3, 3));
	ASSERT_EQ(g->nr_edges, 1);
	/* A class with edges is no different. */
	ASSERT_EQ(add(g, 1, 1, &c), LW_EDGE_CYCLE);
	ASSERT_EQ(c.len, 1);
	ASSERT_EQ(c.cls[0], 1);
	ASSERT_EQ(g->nr_edges, 1);
	ASSERT_TRUE(graph_check(g));
}

/* Nesting 32 locks in one order learns every pair, and never a cycle. */
TEST(graph_consistent_chain)
{
	const unsigned int n = 32;
	struct lw_graph *g = graph_new(n, n * (n - 1) / 2);
	unsigned int i, j, step;
	struct lw_cycle c;

	for (i = 1; i <= n; i++)
		for (j = i + 1; j <= n; j++)
			ASSERT_EQ(add(g, i, j, &c), LW_EDGE_ADDED);
	ASSERT_EQ(g->nr_edges, n * (n - 1) / 2);
	/* Any subsequence in the same order is known already; the pool is full. */
	for (step = 2; step < 6; step++)
		for (i = 1; i + step <= n; i += step)
			ASSERT_EQ(add(g, i, i + step, &c), LW_EDGE_KNOWN);
	ASSERT_EQ(g->nr_edges, n * (n - 1) / 2);
	ASSERT_EQ(g->nospace, 0);
	ASSERT_TRUE(graph_check(g));
}

/* Diamonds, learned in an order that is not topological, never cycle. */
TEST(graph_consistent_diamonds)
{
	static const char *const edges[] = {
		"CD", "EF", "AB", "DE", "BD", "AC", "AD", "BC", "AF", "DF", "CE",
	};
	struct lw_graph *g = graph_new(6, 16);
	struct lw_cycle c;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(edges); i++)
		ASSERT_EQ(add(g, cls_of(edges[i][0]), cls_of(edges[i][1]), &c),
			  LW_EDGE_ADDED);
	for (i = 0; i < ARRAY_SIZE(edges); i++)
		ASSERT_EQ(add(g, cls_of(edges[i][0]), cls_of(edges[i][1]), &c),
			  LW_EDGE_KNOWN);
	ASSERT_EQ(g->nr_edges, ARRAY_SIZE(edges));
	ASSERT_TRUE(graph_check(g));
	/* ...while any edge against the order is one. */
	ASSERT_EQ(add(g, cls_of('F'), cls_of('A'), &c), LW_EDGE_CYCLE);
	ASSERT_EQ(c.len, 2);
	ASSERT_TRUE(cycle_check(g, &c, cls_of('F'), cls_of('A')));
}

/*
 * 2000 classes, 8000 random edges that respect a random topological order:
 * no false cycle. Then every learned edge reversed is a 2-cycle, and every
 * random path reversed is a cycle no longer than the path.
 */
TEST(graph_random_dag)
{
	const unsigned int nc = 2000, ne = 8000, walks = 2000;
	struct lw_graph *g = graph_new(nc, ne);
	lw_id_t *order = lw_test_alloc((nc + 1) * sizeof(*order));
	lw_id_t *path = lw_test_alloc(16 * sizeof(*path));
	unsigned long long rng = lw_test_seed();
	unsigned int i, added = 0, nr;
	struct lw_cycle c;
	u32 e;

	for (i = 0; i < nc; i++)
		order[i] = i + 1;
	for (i = nc - 1; i > 0; i--) {
		unsigned int j = lw_test_rand_below(&rng, i + 1);
		lw_id_t t = order[i];

		order[i] = order[j];
		order[j] = t;
	}

	for (i = 0; i < ne; i++) {
		unsigned int a = lw_test_rand_below(&rng, nc), b = lw_test_rand_below(&rng, nc);
		enum lw_edge_result res;

		if (a == b)
			b = (b + 1) % nc;
		if (a > b) {
			unsigned int t = a;

			a = b;
			b = t;
		}
		res = add(g, order[a], order[b], &c);
		ASSERT_TRUE(res == LW_EDGE_ADDED || res == LW_EDGE_KNOWN);
		added += res == LW_EDGE_ADDED;
	}
	ASSERT_EQ(g->nr_edges, added);
	ASSERT_EQ(g->nospace, 0);
	ASSERT_GE(added, ne * 9 / 10);
	ASSERT_TRUE(graph_check(g));
	lw_test_diag("random DAG: %u classes, %u edges, %llu classes visited",
		     nc, added, (unsigned long long)g->visited);

	for (i = 1; i <= nc; i++) {
		for (e = g->out[i]; e; e = g->edges[e].next) {
			lw_id_t to = g->edges[e].to;

			ASSERT_EQ(add(g, to, i, &c), LW_EDGE_CYCLE);
			ASSERT_EQ(c.len, 2);
			ASSERT_FALSE(c.truncated);
			ASSERT_EQ(c.cls[0], to);
			ASSERT_EQ(c.cls[1], i);
			ASSERT_EQ(c.ip[1], g->edges[e].to_ip);
		}
	}
	ASSERT_EQ(g->nr_edges, added);

	for (i = 0, nr = 0; i < walks; i++) {
		unsigned int steps = 1 + lw_test_rand_below(&rng, 15), m = 0;

		path[0] = 1 + lw_test_rand_below(&rng, nc);
		while (m < steps) {
			unsigned int deg = 0, pick;

			for (e = g->out[path[m]]; e; e = g->edges[e].next)
				deg++;
			if (!deg)
				break;
			pick = lw_test_rand_below(&rng, deg);
			for (e = g->out[path[m]]; pick--; e = g->edges[e].next)
				;
			path[++m] = g->edges[e].to;
		}
		if (!m)
			continue;
		nr++;
		ASSERT_EQ(add(g, path[m], path[0], &c), LW_EDGE_CYCLE);
		ASSERT_TRUE(cycle_check(g, &c, path[m], path[0]));
		ASSERT_GE(c.len, 2);
		if (c.truncated)
			ASSERT_GE(m + 1, LW_CHAIN_MAX + 1);
		else
			ASSERT_LE(c.len, m + 1);
	}
	ASSERT_GE(nr, walks / 2);
	ASSERT_EQ(g->nr_edges, added);
	ASSERT_TRUE(graph_check(g));
}

/* Breadth-first distance from @a to @b over the oracle's matrix, or -1. */
static int oracle_dist(const u8 *adj, unsigned int nc, unsigned int a, unsigned int b,
		       int *dist, unsigned int *queue)
{
	unsigned int head = 0, tail = 0, c, d;

	for (c = 0; c <= nc; c++)
		dist[c] = -1;
	dist[a] = 0;
	queue[tail++] = a;
	while (head < tail) {
		c = queue[head++];
		if (c == b)
			return dist[c];
		for (d = 1; d <= nc; d++)
			if (adj[c * (nc + 1) + d] && dist[d] < 0) {
				dist[d] = dist[c] + 1;
				queue[tail++] = d;
			}
	}
	return -1;
}

/*
 * Random edges and forgets checked against an independent model (an
 * adjacency matrix): every result, every cycle's length and truncation, and
 * in the end the exact edge set.
 */
TEST(graph_random_vs_oracle)
{
	const unsigned int nc = 120, steps = 6000;
	struct lw_graph *g = graph_new(nc, steps);
	u8 *adj = lw_test_alloc((nc + 1) * (nc + 1));
	int *dist = lw_test_alloc((nc + 1) * sizeof(*dist));
	unsigned int *queue = lw_test_alloc((nc + 1) * sizeof(*queue));
	unsigned long long rng = lw_test_seed() ^ 0x5eed;
	unsigned int i, a, b, nr_adj = 0, cycles = 0, truncated = 0, forgets = 0;
	struct lw_cycle c;

	memset(adj, 0, (nc + 1) * (nc + 1));
	for (i = 0; i < steps; i++) {
		enum lw_edge_result res;
		int d;

		if (lw_test_rand_below(&rng, 100) < 2) {
			a = 1 + lw_test_rand_below(&rng, nc);
			lw_graph_forget(g, a);
			forgets++;
			for (b = 1; b <= nc; b++) {
				nr_adj -= adj[a * (nc + 1) + b] + adj[b * (nc + 1) + a];
				adj[a * (nc + 1) + b] = 0;
				adj[b * (nc + 1) + a] = 0;
			}
			ASSERT_EQ(g->nr_edges, nr_adj);
			continue;
		}
		/*
		 * Mostly short hops forward, which make long paths; the rest
		 * random pairs either way, which close cycles of every length.
		 */
		a = 1 + lw_test_rand_below(&rng, nc);
		if (lw_test_rand_below(&rng, 100) < 70)
			b = min_t(unsigned int, a + 1 + lw_test_rand_below(&rng, 3), nc);
		else
			b = 1 + lw_test_rand_below(&rng, nc);
		memset(&c, 0xee, sizeof(c));
		res = add(g, a, b, &c);
		if (adj[a * (nc + 1) + b]) {
			ASSERT_EQ(res, LW_EDGE_KNOWN);
			continue;
		}
		d = a == b ? 0 : oracle_dist(adj, nc, b, a, dist, queue);
		if (d < 0) {
			ASSERT_EQ(res, LW_EDGE_ADDED);
			adj[a * (nc + 1) + b] = 1;
			nr_adj++;
			continue;
		}
		ASSERT_EQ(res, LW_EDGE_CYCLE);
		ASSERT_TRUE(cycle_check(g, &c, a, b));
		ASSERT_EQ(c.len, min_t(unsigned int, d + 1, LW_CHAIN_MAX));
		ASSERT_EQ(c.truncated, d + 1 > LW_CHAIN_MAX);
		cycles++;
		truncated += c.truncated;
	}
	ASSERT_EQ(g->nr_edges, nr_adj);
	for (a = 0; a <= nc; a++)
		for (b = 0; b <= nc; b++)
			ASSERT_EQ(lw_graph_has_edge(g, a, b), adj[a * (nc + 1) + b]);
	ASSERT_TRUE(graph_check(g));
	lw_test_diag("oracle: %u edges, %u cycles (%u truncated), %u forgets",
		     nr_adj, cycles, truncated, forgets);
	/* The walk must have exercised what it is for. */
	ASSERT_GE(cycles, 100);
	ASSERT_GE(truncated, 1);
	ASSERT_GE(forgets, 10);
}

/* Cycles of 2..20 links: the first LW_CHAIN_MAX links kept, from the new edge on. */
TEST(graph_cycle_truncation)
{
	unsigned int n, i;

	for (n = 2; n <= 20; n++) {
		struct lw_graph *g = graph_new(n, n);
		struct lw_cycle c;

		ASSERT_TRUE(add_chain(g, 1, n));
		memset(&c, 0xee, sizeof(c));
		ASSERT_EQ(add(g, n, 1, &c), LW_EDGE_CYCLE);
		ASSERT_EQ(c.len, min_t(unsigned int, n, LW_CHAIN_MAX));
		ASSERT_EQ(c.truncated, n > LW_CHAIN_MAX);
		ASSERT_EQ(c.cls[0], n);
		ASSERT_EQ(c.ip[0], to_ip(n, 1));
		for (i = 1; i < c.len; i++) {
			ASSERT_EQ(c.cls[i], i);
			ASSERT_EQ(c.ip[i], to_ip(i, i + 1));
		}
		ASSERT_TRUE(cycle_check(g, &c, n, 1));
		ASSERT_FALSE(lw_graph_has_edge(g, n, 1));
		ASSERT_EQ(g->nr_edges, n - 1);
	}
}

/* The largest class id and the longest search the engine allows. */
TEST(graph_class_limit)
{
	const u32 nc = LW_MAX_CLASSES_LIMIT;
	struct lw_graph *g = graph_new(nc, nc);
	struct lw_cycle c;
	u64 visited;
	u32 i;

	ASSERT_TRUE(add_chain(g, 1, nc));
	visited = g->visited;
	ASSERT_EQ(add(g, nc, 1, &c), LW_EDGE_CYCLE);
	ASSERT_EQ(g->visited - visited, nc);
	ASSERT_EQ(c.len, LW_CHAIN_MAX);
	ASSERT_TRUE(c.truncated);
	ASSERT_EQ(c.cls[0], nc);
	for (i = 1; i < LW_CHAIN_MAX; i++)
		ASSERT_EQ(c.cls[i], i);
	ASSERT_TRUE(cycle_check(g, &c, nc, 1));
	ASSERT_EQ(g->nr_edges, nc - 1);
	ASSERT_TRUE(graph_check(g));

	lw_graph_forget(g, nc);
	ASSERT_EQ(g->nr_edges, nc - 2);
	ASSERT_EQ(add(g, nc, 1, &c), LW_EDGE_ADDED);
	ASSERT_TRUE(graph_check(g));
}

TEST(graph_nospace)
{
	struct lw_graph *g = graph_new(8, 4);
	struct lw_cycle c;
	lw_id_t a;

	ASSERT_EQ(add(g, 1, 2, &c), LW_EDGE_ADDED);
	ASSERT_EQ(add(g, 2, 3, &c), LW_EDGE_ADDED);
	ASSERT_EQ(add(g, 3, 4, &c), LW_EDGE_ADDED);
	ASSERT_EQ(add(g, 5, 6, &c), LW_EDGE_ADDED);
	ASSERT_EQ(g->free, 0);

	ASSERT_EQ(add(g, 6, 7, &c), LW_EDGE_NOSPACE);
	ASSERT_EQ(g->nospace, 1);
	ASSERT_EQ(g->nr_edges, 4);
	ASSERT_EQ(g->unsearched, 4);	/* an edge not added is not counted */
	ASSERT_FALSE(lw_graph_has_edge(g, 6, 7));
	/* Against the order and no cycle: not added, so nothing moves either. */
	ASSERT_EQ(add(g, 8, 5, &c), LW_EDGE_NOSPACE);
	ASSERT_EQ(g->nospace, 2);
	for (a = 1; a <= 8; a++)
		ASSERT_EQ(g->ord[a], a);
	/* A full pool still knows its edges and still finds cycles. */
	ASSERT_EQ(add(g, 1, 2, &c), LW_EDGE_KNOWN);
	ASSERT_EQ(add(g, 4, 1, &c), LW_EDGE_CYCLE);
	ASSERT_EQ(c.len, 4);
	ASSERT_TRUE(cycle_check(g, &c, 4, 1));
	ASSERT_EQ(g->nospace, 2);
	ASSERT_EQ(add(g, 6, 7, &c), LW_EDGE_NOSPACE);
	ASSERT_EQ(g->nospace, 3);
	/* Nothing learned before was disturbed. */
	for (a = 1; a <= 3; a++) {
		u32 e = lw_graph_find(g, a, a + 1);

		ASSERT_NE(e, 0);
		ASSERT_EQ(g->edges[e].from_ip, from_ip(a, a + 1));
		ASSERT_EQ(g->edges[e].to_ip, to_ip(a, a + 1));
	}
	ASSERT_TRUE(graph_check(g));

	/* Room made by forgetting a class is used again. */
	lw_graph_forget(g, 5);
	ASSERT_EQ(add(g, 6, 7, &c), LW_EDGE_ADDED);
	ASSERT_EQ(g->nospace, 3);
	ASSERT_TRUE(graph_check(g));
}

/* No edge pool at all: nothing is learned, nothing breaks. */
TEST(graph_no_edge_pool)
{
	struct lw_graph *g = graph_new(4, 0);
	struct lw_cycle c;

	ASSERT_EQ(g->free, 0);
	ASSERT_EQ(add(g, 1, 2, &c), LW_EDGE_NOSPACE);
	ASSERT_EQ(add(g, 2, 1, &c), LW_EDGE_NOSPACE);
	ASSERT_EQ(add(g, 3, 3, &c), LW_EDGE_CYCLE);
	ASSERT_EQ(g->nospace, 2);
	ASSERT_EQ(g->nr_edges, 0);
	lw_graph_forget(g, 1);
	lw_graph_reset(g);
	ASSERT_TRUE(graph_check(g));
}

/* The debugfs accessors: an edge's index, and each class's degrees. */
TEST(graph_edge_index_degree)
{
	static const char *const edges[] = { "AB", "AC", "BC", "DC" };
	struct lw_graph *g = graph_new(8, 16);
	const lw_id_t A = cls_of('A'), B = cls_of('B'), C = cls_of('C'), D = cls_of('D');
	struct lw_cycle c;
	unsigned int i;
	u32 e;

	for (i = 0; i < ARRAY_SIZE(edges); i++) {
		lw_id_t from = cls_of(edges[i][0]), to = cls_of(edges[i][1]);

		ASSERT_EQ(add(g, from, to, &c), LW_EDGE_ADDED);
		e = lw_graph_edge_index(g, from, to);
		ASSERT_NE(e, 0);
		ASSERT_EQ(g->edges[e].from, from);
		ASSERT_EQ(g->edges[e].to, to);
	}
	ASSERT_EQ(lw_graph_edge_index(g, B, A), 0);
	ASSERT_EQ(lw_graph_edge_index(g, C, D), 0);
	ASSERT_EQ(lw_graph_degree(g, A, false), 2);
	ASSERT_EQ(lw_graph_degree(g, A, true), 0);
	ASSERT_EQ(lw_graph_degree(g, C, true), 3);
	ASSERT_EQ(lw_graph_degree(g, C, false), 0);
	ASSERT_EQ(lw_graph_degree(g, B, true), 1);
	ASSERT_EQ(lw_graph_degree(g, B, false), 1);
	/* A cycle is not added: no index, degrees unchanged. */
	ASSERT_EQ(add(g, C, A, &c), LW_EDGE_CYCLE);
	ASSERT_EQ(lw_graph_edge_index(g, C, A), 0);
	ASSERT_EQ(lw_graph_degree(g, C, false), 0);
	lw_graph_forget(g, C);
	ASSERT_EQ(lw_graph_degree(g, A, false), 1);
	ASSERT_EQ(lw_graph_degree(g, D, false), 0);
	ASSERT_EQ(lw_graph_edge_index(g, A, C), 0);
}

TEST(graph_forget)
{
	static const char *const edges[] = { "AB", "BC", "DB", "BE", "AC", "DE", "FG" };
	struct lw_graph *g = graph_new(8, 16);
	const lw_id_t B = cls_of('B');
	struct lw_cycle c;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(edges); i++)
		ASSERT_EQ(add(g, cls_of(edges[i][0]), cls_of(edges[i][1]), &c),
			  LW_EDGE_ADDED);
	lw_graph_forget(g, B);
	ASSERT_EQ(g->nr_edges, 3);
	for (i = 1; i <= 8; i++) {
		ASSERT_FALSE(lw_graph_has_edge(g, B, i));
		ASSERT_FALSE(lw_graph_has_edge(g, i, B));
	}
	/* Edges not touching B stay, sites and all. */
	for (i = 0; i < ARRAY_SIZE(edges); i++) {
		lw_id_t from = cls_of(edges[i][0]), to = cls_of(edges[i][1]);
		u32 e = lw_graph_find(g, from, to);

		if (from == B || to == B)
			continue;
		ASSERT_NE(e, 0);
		ASSERT_EQ(g->edges[e].from_ip, from_ip(from, to));
		ASSERT_EQ(g->edges[e].to_ip, to_ip(from, to));
	}
	ASSERT_TRUE(graph_check(g));

	/* The order B was part of is gone: the opposite order is no cycle now. */
	ASSERT_EQ(add(g, B, cls_of('A'), &c), LW_EDGE_ADDED);
	ASSERT_EQ(add(g, cls_of('E'), B, &c), LW_EDGE_ADDED);
	/* ...but orders that did not go through B still hold. */
	ASSERT_EQ(add(g, cls_of('C'), cls_of('A'), &c), LW_EDGE_CYCLE);
	ASSERT_EQ(add(g, cls_of('E'), cls_of('D'), &c), LW_EDGE_CYCLE);

	/* A class with no edges, and class 0, change nothing. */
	i = g->nr_edges;
	lw_graph_forget(g, 8);
	lw_graph_forget(g, 0);
	ASSERT_EQ(g->nr_edges, i);
	ASSERT_TRUE(graph_check(g));
}

/* Forgotten edges go back to the pool: it fills to exactly its size again. */
TEST(graph_forget_reuse)
{
	static const char *const first[] = { "AB", "AC", "AD", "AE", "BC", "BD", "CD", "EF" };
	static const char *const second[] = { "DE", "DF", "CE", "BF" };
	struct lw_graph *g = graph_new(6, 8);
	struct lw_cycle c;
	unsigned int i, round;

	for (i = 0; i < ARRAY_SIZE(first); i++)
		ASSERT_EQ(add(g, cls_of(first[i][0]), cls_of(first[i][1]), &c),
			  LW_EDGE_ADDED);
	ASSERT_EQ(add(g, cls_of('D'), cls_of('F'), &c), LW_EDGE_NOSPACE);

	lw_graph_forget(g, cls_of('A'));
	ASSERT_EQ(g->nr_edges, 4);
	ASSERT_TRUE(graph_check(g));
	for (i = 0; i < ARRAY_SIZE(second); i++)
		ASSERT_EQ(add(g, cls_of(second[i][0]), cls_of(second[i][1]), &c),
			  LW_EDGE_ADDED);
	ASSERT_EQ(g->nr_edges, 8);
	ASSERT_EQ(add(g, cls_of('B'), cls_of('E'), &c), LW_EDGE_NOSPACE);
	ASSERT_TRUE(graph_check(g));

	/* Forget everything, twice over: the whole pool comes back each time. */
	for (round = 0; round < 2; round++) {
		for (i = 1; i <= 6; i++)
			lw_graph_forget(g, i);
		ASSERT_EQ(g->nr_edges, 0);
		ASSERT_TRUE(graph_check(g));
		for (i = 0; i < ARRAY_SIZE(first); i++)
			ASSERT_EQ(add(g, cls_of(first[i][1]), cls_of(first[i][0]), &c),
				  LW_EDGE_ADDED);
		ASSERT_EQ(add(g, cls_of('F'), cls_of('A'), &c), LW_EDGE_NOSPACE);
	}
}

TEST(graph_reset)
{
	struct lw_graph *g = graph_new(8, 8);
	struct lw_cycle c;
	lw_id_t a, b;

	for (a = 1; a <= 8; a++)
		ASSERT_EQ(add(g, a, a % 8 + 1, &c), a == 8 ? LW_EDGE_CYCLE : LW_EDGE_ADDED);
	ASSERT_EQ(add(g, 1, 3, &c), LW_EDGE_ADDED);
	ASSERT_EQ(add(g, 1, 4, &c), LW_EDGE_NOSPACE);

	lw_graph_reset(g);
	ASSERT_EQ(g->nr_edges, 0);
	ASSERT_EQ(g->search_gen, 0);
	for (a = 0; a <= 8; a++)
		for (b = 0; b <= 8; b++)
			ASSERT_FALSE(lw_graph_has_edge(g, a, b));
	ASSERT_TRUE(graph_check(g));

	/* What was a cycle is learnable now, and the whole pool is usable again. */
	ASSERT_EQ(add(g, 2, 1, &c), LW_EDGE_ADDED);
	for (a = 3; a <= 8; a++)
		ASSERT_EQ(add(g, a, a - 1, &c), LW_EDGE_ADDED);
	ASSERT_EQ(add(g, 8, 1, &c), LW_EDGE_ADDED);
	ASSERT_EQ(add(g, 8, 2, &c), LW_EDGE_NOSPACE);
	ASSERT_EQ(add(g, 1, 8, &c), LW_EDGE_CYCLE);
	ASSERT_EQ(c.len, 2);
	ASSERT_TRUE(graph_check(g));
}

/*
 * A reset a few edges and classes at a time ends where a whole one does:
 * no edge, a topological order, the whole pool usable; each step does at
 * most its budget.
 */
TEST(graph_reset_in_steps)
{
	struct lw_graph *g = graph_new(8, 8);
	struct lw_cycle c;
	unsigned int steps = 0;
	lw_id_t a, b;
	u32 pos = 0;

	ASSERT_TRUE(add_chain(g, 1, 8));
	ASSERT_EQ(add(g, 1, 8, &c), LW_EDGE_ADDED);
	while (!lw_graph_reset_step(g, &pos, 3)) {
		ASSERT_EQ(pos, 3 * ++steps);
		ASSERT_LE(steps, 8U);
	}
	/* 8 edges and 9 classes, 3 at a time: 6 calls, the last done. */
	ASSERT_EQ(steps, 5U);
	ASSERT_EQ(g->nr_edges, 0);
	for (a = 0; a <= 8; a++)
		for (b = 0; b <= 8; b++)
			ASSERT_FALSE(lw_graph_has_edge(g, a, b));
	ASSERT_TRUE(graph_check(g));
	for (a = 8; a > 1; a--)
		ASSERT_EQ(add(g, a, a - 1, &c), LW_EDGE_ADDED);
	ASSERT_EQ(add(g, 8, 1, &c), LW_EDGE_ADDED);
	ASSERT_EQ(add(g, 1, 2, &c), LW_EDGE_CYCLE);
	ASSERT_EQ(add(g, 8, 2, &c), LW_EDGE_NOSPACE);
	ASSERT_TRUE(graph_check(g));
}

/*
 * When the search generation wraps, marks left by searches 2^32 ago must not
 * read as "reached": here they sit on the only path to the goal. A new edge
 * in order takes no generation, one closing a cycle takes one (the forward
 * search), one against the order without a cycle two (forward, backward).
 */
TEST(graph_search_gen_wrap)
{
	struct lw_graph *g = graph_new(40, 64);
	struct lw_cycle c;
	u32 i, gen, searches;

	ASSERT_TRUE(add_chain(g, 1, 4));
	for (i = 2; i <= 4; i++)
		g->mark[i] = 1;
	g->search_gen = UINT32_MAX;
	ASSERT_EQ(add(g, 4, 1, &c), LW_EDGE_CYCLE);
	ASSERT_EQ(g->search_gen, 1);
	ASSERT_EQ(c.len, 4);
	ASSERT_TRUE(cycle_check(g, &c, 4, 1));

	/* Keep adding across another wrap: every answer stays right. */
	g->search_gen = UINT32_MAX - 4;
	gen = g->search_gen;
	for (i = 0; i < 15; i++) {
		switch (i % 3) {
		case 0:		/* in order */
			ASSERT_EQ(add(g, 4, 5 + i, &c), LW_EDGE_ADDED);
			searches = 0;
			break;
		case 1:		/* 1 -> 2 -> 3 -> 4 -> 1 */
			ASSERT_EQ(add(g, 4, 1, &c), LW_EDGE_CYCLE);
			ASSERT_EQ(c.len, 4);
			ASSERT_TRUE(cycle_check(g, &c, 4, 1));
			searches = 1;
			break;
		default:	/* against the order: 20 + i moves before 1 */
			ASSERT_EQ(add(g, 20 + i, 1, &c), LW_EDGE_ADDED);
			searches = 2;
			break;
		}
		while (searches--)
			gen = gen == UINT32_MAX ? 1 : gen + 1;
		ASSERT_EQ(g->search_gen, gen);
		ASSERT_NE(g->search_gen, 0);
		ASSERT_TRUE(graph_check(g));
	}
	ASSERT_EQ(add(g, 18, 1, &c), LW_EDGE_ADDED);
	ASSERT_EQ(add(g, 17, 18, &c), LW_EDGE_CYCLE);	/* 17 18 1 2 3 4 */
	ASSERT_EQ(c.len, 6);
	ASSERT_TRUE(cycle_check(g, &c, 17, 18));
	ASSERT_TRUE(graph_check(g));
}

/*
 * What a new edge costs: nothing when it agrees with the order; otherwise
 * the classes of the affected region that the searches reach, none beyond.
 */
TEST(graph_visited_bounded)
{
	struct lw_graph *g = graph_new(32, 64);
	struct lw_cycle c;
	lw_id_t ord[33];
	u64 s, v, u;
	u32 i;

	/* A component of 16 classes, and a chain 3 -> 4 -> 5: all in order. */
	ASSERT_TRUE(add_chain(g, 16, 31));
	ASSERT_EQ(add(g, 3, 4, &c), LW_EDGE_ADDED);
	ASSERT_EQ(add(g, 4, 5, &c), LW_EDGE_ADDED);
	ASSERT_EQ(g->searches, 0);
	ASSERT_EQ(g->visited, 0);
	ASSERT_EQ(g->unsearched, 17);

	s = g->searches;
	v = g->visited;
	u = g->unsearched;
	ASSERT_EQ(add(g, 1, 2, &c), LW_EDGE_ADDED);	/* in order */
	ASSERT_EQ(g->searches - s, 0);
	ASSERT_EQ(g->visited - v, 0);
	ASSERT_EQ(g->unsearched - u, 1);

	/* 6 -> 3 against the order: forward 3, 4, 5; backward 6 alone. */
	s = g->searches;
	v = g->visited;
	u = g->unsearched;
	ASSERT_EQ(add(g, 6, 3, &c), LW_EDGE_ADDED);
	ASSERT_EQ(g->searches - s, 1);
	ASSERT_EQ(g->visited - v, 4);
	ASSERT_EQ(g->unsearched - u, 0);
	/* Positions 3..6 handed out again: 6 first, then 3, 4, 5 in their order. */
	ASSERT_EQ(g->ord[6], 3);
	ASSERT_EQ(g->ord[3], 4);
	ASSERT_EQ(g->ord[4], 5);
	ASSERT_EQ(g->ord[5], 6);
	for (i = 1; i <= 32; i++)
		if (i < 3 || i > 6)
			ASSERT_EQ(g->ord[i], i);
	ASSERT_TRUE(graph_check(g));

	s = g->searches;
	v = g->visited;
	ASSERT_EQ(add(g, 6, 3, &c), LW_EDGE_KNOWN);	/* known: no search */
	ASSERT_EQ(g->searches - s, 0);
	ASSERT_EQ(g->visited - v, 0);

	/* The search stops at the goal: 7 -> {8, 9}, 9 -> 10 -> 11, then 8 -> 7. */
	ASSERT_EQ(add(g, 7, 8, &c), LW_EDGE_ADDED);
	ASSERT_EQ(add(g, 7, 9, &c), LW_EDGE_ADDED);
	ASSERT_EQ(add(g, 9, 10, &c), LW_EDGE_ADDED);
	ASSERT_EQ(add(g, 10, 11, &c), LW_EDGE_ADDED);
	s = g->searches;
	v = g->visited;
	memcpy(ord, g->ord, sizeof(ord));
	ASSERT_EQ(add(g, 8, 7, &c), LW_EDGE_CYCLE);
	ASSERT_EQ(g->searches - s, 1);
	ASSERT_EQ(g->visited - v, 2);	/* 7 and 8: 9 lies past 8 in the order */
	ASSERT_EQ(memcmp(ord, g->ord, sizeof(ord)), 0);	/* a cycle moves nothing */

	/*
	 * 13 -> 16 leads into the 16-class component, all of it placed after
	 * 14: against the order, 14 -> 13 visits 13 and 14, not one of those.
	 */
	ASSERT_EQ(add(g, 13, 16, &c), LW_EDGE_ADDED);
	v = g->visited;
	ASSERT_EQ(add(g, 14, 13, &c), LW_EDGE_ADDED);
	ASSERT_EQ(g->visited - v, 2);
	ASSERT_TRUE(graph_check(g));
}

/* Code that always nests in one order never makes the graph search. */
TEST(graph_in_order_no_search)
{
	const u32 n = 1000;
	struct lw_graph *g = graph_new(n, 4 * n);
	unsigned long long rng = lw_test_seed() ^ 0x0de7;
	struct lw_cycle c;
	u32 i, added = 0;

	ASSERT_TRUE(add_chain(g, 1, n));
	/* Random shortcuts along the same order. */
	for (i = 0; i < 2 * n; i++) {
		lw_id_t a = 1 + lw_test_rand_below(&rng, n - 1);
		lw_id_t b = a + 1 + lw_test_rand_below(&rng, n - a);
		enum lw_edge_result res = add(g, a, b, &c);

		ASSERT_TRUE(res == LW_EDGE_ADDED || res == LW_EDGE_KNOWN);
		added += res == LW_EDGE_ADDED;
	}
	ASSERT_EQ(g->searches, 0);
	ASSERT_EQ(g->visited, 0);
	ASSERT_EQ(g->unsearched, n - 1 + added);
	ASSERT_EQ(g->nr_edges, n - 1 + added);
	for (i = 1; i <= n; i++)
		ASSERT_EQ(g->ord[i], i);
	ASSERT_TRUE(graph_check(g));
}

/*
 * A reversed edge inside a chain of 1000 classes searches only the classes
 * between its ends, though every class after them is reachable.
 */
TEST(graph_reversed_in_long_chain)
{
	const u32 n = 1000;
	struct lw_graph *g = graph_new(n, n);
	struct lw_cycle c;
	u64 v;
	u32 i;

	ASSERT_TRUE(add_chain(g, 1, n));
	ASSERT_EQ(g->visited, 0);
	v = g->visited;
	ASSERT_EQ(add(g, 600, 400, &c), LW_EDGE_CYCLE);
	ASSERT_EQ(g->visited - v, 201);		/* 400..600 */
	ASSERT_EQ(g->searches, 1);
	ASSERT_EQ(c.len, LW_CHAIN_MAX);
	ASSERT_TRUE(c.truncated);
	ASSERT_EQ(c.cls[0], 600);
	for (i = 1; i < LW_CHAIN_MAX; i++)
		ASSERT_EQ(c.cls[i], 400 + i - 1);
	ASSERT_TRUE(cycle_check(g, &c, 600, 400));
	lw_test_diag("chain of %u, 600 -> 400: %llu classes visited", n,
		     (unsigned long long)(g->visited - v));
	ASSERT_TRUE(graph_check(g));
}

/*
 * Two chains, 1..500 and 501..1000, joined against the order by 700 -> 300:
 * no cycle. The searches stay in positions 300..700; afterwards 501..700
 * sit before 300..500 and edges in the new order need no search.
 */
TEST(graph_reorder_between_chains)
{
	const u32 n = 1000;
	struct lw_graph *g = graph_new(n, 2 * n);
	struct lw_cycle c;
	u64 v, s;
	u32 i;

	for (i = 1; i < n; i++)
		if (i != 500)
			ASSERT_EQ(add(g, i, i + 1, &c), LW_EDGE_ADDED);
	v = g->visited;
	ASSERT_EQ(add(g, 700, 300, &c), LW_EDGE_ADDED);
	ASSERT_EQ(g->visited - v, 401);		/* forward 300..500, backward 501..700 */
	lw_test_diag("two chains, 700 -> 300: %llu classes visited",
		     (unsigned long long)(g->visited - v));
	for (i = 501; i <= 700; i++)
		ASSERT_EQ(g->ord[i], i - 201);
	for (i = 300; i <= 500; i++)
		ASSERT_EQ(g->ord[i], i + 200);
	for (i = 1; i <= n; i++)
		if (i < 300 || i > 700)
			ASSERT_EQ(g->ord[i], i);
	ASSERT_TRUE(graph_check(g));

	s = g->searches;
	v = g->visited;
	ASSERT_EQ(add(g, 500, 701, &c), LW_EDGE_ADDED);
	ASSERT_EQ(add(g, 299, 501, &c), LW_EDGE_ADDED);
	ASSERT_EQ(add(g, 650, 350, &c), LW_EDGE_ADDED);
	ASSERT_EQ(g->searches - s, 0);
	ASSERT_EQ(g->visited - v, 0);
	/* ...and the reversal is a cycle through the new edge. */
	ASSERT_EQ(add(g, 301, 699, &c), LW_EDGE_CYCLE);
	ASSERT_TRUE(cycle_check(g, &c, 301, 699));
	ASSERT_EQ(c.len, 4);	/* 301 699 700 300 */
	ASSERT_TRUE(graph_check(g));
}

/* ===== The random test against a model ===== */

/*
 * An independent model of the learned graph: edge arrays, a list of edges
 * per class, reachability by depth-first search. Nothing shared with graph.c.
 */
struct model {
	u32 nc, nr;
	u32 *head, *next, *from, *to;
	u32 *stack, *seen, gen;
	u32 reached;		/* classes the last search reached */
};

static void model_init(struct model *m, u32 nc, u32 max_edges)
{
	m->nc = nc;
	m->nr = 0;
	m->gen = 0;
	m->head = lw_test_alloc((nc + 1) * sizeof(u32));
	m->seen = lw_test_alloc((nc + 1) * sizeof(u32));
	m->stack = lw_test_alloc((nc + 1) * sizeof(u32));
	m->next = lw_test_alloc((max_edges + 1) * sizeof(u32));
	m->from = lw_test_alloc((max_edges + 1) * sizeof(u32));
	m->to = lw_test_alloc((max_edges + 1) * sizeof(u32));
	memset(m->head, 0, (nc + 1) * sizeof(u32));
	memset(m->seen, 0, (nc + 1) * sizeof(u32));
}

static bool model_has(const struct model *m, u32 a, u32 b)
{
	u32 e;

	for (e = m->head[a]; e; e = m->next[e])
		if (m->to[e] == b)
			return true;
	return false;
}

static void model_add(struct model *m, u32 a, u32 b)
{
	u32 e = ++m->nr;

	m->from[e] = a;
	m->to[e] = b;
	m->next[e] = m->head[a];
	m->head[a] = e;
}

static bool model_reaches(struct model *m, u32 a, u32 b)
{
	u32 sp = 0, gen = ++m->gen, e;

	m->reached = 1;
	m->seen[a] = gen;
	m->stack[sp++] = a;
	while (sp) {
		u32 cur = m->stack[--sp];

		if (cur == b)
			return true;
		for (e = m->head[cur]; e; e = m->next[e]) {
			if (m->seen[m->to[e]] == gen)
				continue;
			m->seen[m->to[e]] = gen;
			m->stack[sp++] = m->to[e];
			m->reached++;
		}
	}
	return false;
}

/* Drop every edge touching @id, and rebuild the lists. */
static void model_forget(struct model *m, u32 id)
{
	u32 e, kept = 0;

	memset(m->head, 0, (m->nc + 1) * sizeof(u32));
	for (e = 1; e <= m->nr; e++) {
		if (m->from[e] == id || m->to[e] == id)
			continue;
		kept++;
		m->from[kept] = m->from[e];
		m->to[kept] = m->to[e];
		m->next[kept] = m->head[m->from[kept]];
		m->head[m->from[kept]] = kept;
	}
	m->nr = kept;
}

/*
 * 8192 classes, random pairs until 32768 new edges were learned: three in
 * four oriented along a hidden random order (so the graph's own order must
 * be rebuilt as it learns them), the rest either way (so cycles of every
 * length appear), and a class forgotten now and then. Every result is checked
 * against the model: a known edge is KNOWN, an edge whose target reaches its
 * source is a CYCLE with a valid cycle, any other is ADDED (no false cycle).
 * Each new edge in order visits no class, and no new edge visits more
 * classes than its affected region holds.
 */
TEST(graph_random_pairs_vs_model)
{
	const u32 nc = 8192, want = 32768;
	struct lw_graph *g = graph_new(nc, want);
	lw_id_t *rank = lw_test_alloc((nc + 1) * sizeof(*rank));
	unsigned long long rng = lw_test_seed() ^ 0x8192;
	u64 total = 0, max = 0, cycle_total = 0, cycle_max = 0, plain_total = 0;
	u32 plain_max = 0, added = 0, unsearched = 0, cycles = 0, known = 0, forgets = 0, i, e;
	struct model m;
	struct lw_cycle c;

	model_init(&m, nc, want);
	for (i = 0; i <= nc; i++)
		rank[i] = i;
	for (i = nc; i > 1; i--) {
		u32 j = 1 + lw_test_rand_below(&rng, i);
		lw_id_t t = rank[i];

		rank[i] = rank[j];
		rank[j] = t;
	}

	while (added < want) {
		lw_id_t a = 1 + lw_test_rand_below(&rng, nc);
		lw_id_t b = 1 + lw_test_rand_below(&rng, nc);
		enum lw_edge_result res;
		u32 lo, hi;
		u64 v;

		if (a == b)
			continue;
		if (lw_test_rand_below(&rng, 4) && rank[a] > rank[b]) {
			lw_id_t t = a;

			a = b;
			b = t;
		}
		hi = g->ord[a];
		lo = g->ord[b];
		v = g->visited;
		memset(&c, 0xee, sizeof(c));
		res = add(g, a, b, &c);
		v = g->visited - v;

		if (model_has(&m, a, b)) {
			ASSERT_EQ(res, LW_EDGE_KNOWN);
			ASSERT_EQ(v, 0);
			known++;
			continue;
		}
		if (hi < lo)
			ASSERT_EQ(v, 0);
		else
			ASSERT_LE(v, hi - lo + 1);
		if (model_reaches(&m, b, a)) {
			ASSERT_EQ(res, LW_EDGE_CYCLE);
			ASSERT_TRUE(cycle_check(g, &c, a, b));
			cycles++;
			cycle_total += v;
			cycle_max = v > cycle_max ? v : cycle_max;
			continue;
		}
		ASSERT_EQ(res, LW_EDGE_ADDED);
		model_add(&m, a, b);
		added++;
		unsearched += hi < lo;
		total += v;
		max = v > max ? v : max;
		/* The model searched all that "b" reaches: a plain search's cost. */
		plain_total += m.reached;
		plain_max = m.reached > plain_max ? m.reached : plain_max;

		if (added % 1024 == 0) {
			lw_id_t gone = 1 + lw_test_rand_below(&rng, nc);

			lw_graph_forget(g, gone);
			model_forget(&m, gone);
			forgets++;
			ASSERT_EQ(g->nr_edges, m.nr);
		}
		if (added % 8192 == 0)
			ASSERT_TRUE(graph_check(g));
	}

	/* In the end, exactly the model's edges. */
	ASSERT_EQ(g->nr_edges, m.nr);
	for (e = 1; e <= m.nr; e++)
		ASSERT_TRUE(lw_graph_has_edge(g, m.from[e], m.to[e]));
	ASSERT_EQ(g->nospace, 0);
	ASSERT_TRUE(graph_check(g));

	lw_test_diag("random pairs: %u classes, %u edges learned, %u known, %u cycles, %u forgets",
		     nc, added, known, cycles, forgets);
	lw_test_diag("learned: %u with no search, %u searched; classes visited per edge: total %llu, mean %.1f, max %llu",
		     unsearched, added - unsearched, (unsigned long long)total,
		     (double)total / added, (unsigned long long)max);
	lw_test_diag("learned: a plain search from each new edge's target would have visited %llu (mean %.1f, max %u)",
		     (unsigned long long)plain_total, (double)plain_total / added, plain_max);
	lw_test_diag("cycles: classes visited per cycle: total %llu, mean %.1f, max %llu",
		     (unsigned long long)cycle_total, cycles ? (double)cycle_total / cycles : 0.0,
		     (unsigned long long)cycle_max);
	/* The walk must have exercised what it is for. */
	ASSERT_GE(cycles, 1000);
	ASSERT_GE(added - unsearched, 1000);
	ASSERT_GE(unsearched, 1000);
}
