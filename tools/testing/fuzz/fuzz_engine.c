// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for lockwarden's engine: the real module/engine/graph.c,
 * chain.c and findings.c, driven by operations decoded from the input and
 * checked after each one against the independent models of engine_model.c.
 * A disagreement fails a check, with a message; the input reproduces it.
 *
 * Input: four bytes of sizes (classes 0..64, edges 0..255, chain slots
 * 0..69, ring slots 0..16), then operations, each an opcode byte and its
 * arguments; a missing byte reads as 0. LW_FUZZ_TRACE=1 prints each
 * operation as it runs: ./fuzz_engine FILE with it set explains a crash.
 */
#include "../engine/engine_deps.h"	/* first: its include guard replaces the kernel's */
#include "../../../module/engine/graph.c"
#include "../../../module/engine/rread.c"
#include "../../../module/engine/chain.c"
#include "../../../module/engine/findings.c"

#include <stdint.h>
#include <stdlib.h>

#include "engine_model.h"
#include "fuzz.h"

static_assert(GM_MAX_CLASSES <= 64);
static_assert(CM_PROBE == LW_CHAINS_PROBE);
static_assert(CM_KEY_ZERO == LW_CHAIN_KEY_ZERO);
static_assert(RM_CHAIN_MAX == LW_CHAIN_MAX);
static_assert(RM_KIND_CYCLE == LW_KIND_CYCLE);
static_assert(RM_STACK_DEPTH == LW_STACK_DEPTH);
static_assert(LW_SITE_LEN >= LW_NAME_LEN);

/* === Failing, tracing, decoding === */

/* FZ_CHECK() of fuzz.h, under a shorter name. */
#define CHECK(cond, ...)	FZ_CHECK(cond, __VA_ARGS__)

struct fuzz_in {
	const uint8_t *p;
	size_t n;
};

static uint8_t in_u8(struct fuzz_in *in)
{
	if (!in->n)
		return 0;
	in->n--;
	return *in->p++;
}

/* @bytes bytes, little endian. */
static uint64_t in_uint(struct fuzz_in *in, unsigned int bytes)
{
	uint64_t v = 0;
	unsigned int i;

	for (i = 0; i < bytes; i++)
		v |= (uint64_t)in_u8(in) << (8 * i);
	return v;
}

/* === The engine under test and its models === */

static struct {
	struct lw_graph g;
	struct lw_chains c;
	struct lw_ring r;
	void *gmem, *cmem, *rmem;
	struct graph_model gm;
	struct chain_model cm;
	struct ring_model rm;
	u64 now;
	u64 keys[16];			/* chain keys used lately */
	unsigned int nr_keys;
	const struct raise_spec *raising;	/* for save_stack() */
	unsigned int saves;		/* save_stack() calls */
} S;

static_assert(sizeof(struct lw_detail) == sizeof(((struct raise_spec *)0)->detail));

static unsigned int nc(void)
{
	return S.g.max_classes;
}

/* A class id in 1..nc; the caller checks nc() first. */
static lw_id_t in_class(struct fuzz_in *in)
{
	return (lw_id_t)(1 + in_u8(in) % nc());
}

/* Where each end of an edge was acquired: distinct per pair, never 0. */
static unsigned long to_ip_of(lw_id_t from, lw_id_t to, uint8_t tag)
{
	return (unsigned long)tag << 32 | (unsigned long)from << 16 | to;
}

static unsigned long from_ip_of(lw_id_t from, lw_id_t to, uint8_t tag)
{
	return ~to_ip_of(from, to, tag);
}

/* === The graph === */

/* Every edge of the engine's graph is the model's, and the reverse, with its ends' sites. */
static void graph_verify(void)
{
	const struct lw_graph *g = &S.g;
	const struct graph_model *m = &S.gm;
	uint64_t on_out[4] = { 0 }, on_free[4] = { 0 };
	u32 c, e, nfree = 0;

	static_assert(sizeof(on_out) * 8 > 255);
	CHECK(!g->ord[0] && !g->by_ord[0] && !g->out[0] && !g->in[0], "class 0 is used");
	for (c = 1; c <= nc(); c++)
		CHECK(g->ord[c] >= 1 && g->ord[c] <= nc() && g->by_ord[g->ord[c]] == c,
		      "class %u at position %u: ord and by_ord are not inverse permutations",
		      c, g->ord[c]);
	for (c = 1; c <= nc(); c++) {
		uint64_t targets = 0;
		u32 n = 0;

		for (e = g->out[c]; e; e = g->edges[e].next) {
			const struct lw_edge *edge = &g->edges[e];
			lw_id_t to = edge->to;

			CHECK(e <= g->max_edges && !(on_out[e / 64] & 1ULL << e % 64),
			      "edge %u on class %u's list: out of range or on another list", e, c);
			on_out[e / 64] |= 1ULL << e % 64;
			CHECK(edge->from == c && to >= 1 && to <= nc(),
			      "edge %u on class %u's list is %u -> %u", e, c, edge->from, to);
			CHECK(!(targets & 1ULL << (to - 1)), "edge %u -> %u learned twice", c, to);
			targets |= 1ULL << (to - 1);
			CHECK(gm_has(m, c, to), "edge %u -> %u was never learned", c, to);
			CHECK(g->ord[c] < g->ord[to], "edge %u -> %u against the order (%u, %u)",
			      c, to, g->ord[c], g->ord[to]);
			CHECK(edge->from_excl == gm_excl(m, c, to), "edge %u -> %u: from_excl %d",
			      c, to, edge->from_excl);
			CHECK(edge->from_ip == m->from_ip[c][to] && edge->to_ip == m->to_ip[c][to],
			      "edge %u -> %u: sites %#lx %#lx, first seen at %#lx %#lx", c, to,
			      edge->from_ip, edge->to_ip, m->from_ip[c][to], m->to_ip[c][to]);
			n++;
		}
		CHECK(targets == m->out[c], "class %u: edges out %#llx, learned %#llx", c,
		      (unsigned long long)targets, (unsigned long long)m->out[c]);
		CHECK(lw_graph_degree(g, c, false) == n, "class %u: out degree %u, %u on its list",
		      c, lw_graph_degree(g, c, false), n);
	}
	/* In lists: exactly the edges on out lists, each on its target's. */
	for (c = 1; c <= nc(); c++) {
		uint64_t sources = 0;
		u32 n = 0;

		for (e = g->in[c]; e; e = g->edges[e].in_next) {
			const struct lw_edge *edge = &g->edges[e];

			CHECK(n < nc() && e <= g->max_edges && (on_out[e / 64] & 1ULL << e % 64) &&
			      edge->to == c && edge->from >= 1 && edge->from <= nc() &&
			      !(sources & 1ULL << (edge->from - 1)),
			      "edge %u on the in list of class %u is not a learned edge", e, c);
			sources |= 1ULL << (edge->from - 1);
			n++;
		}
		CHECK(sources == m->in[c], "class %u: edges in %#llx, learned %#llx", c,
		      (unsigned long long)sources, (unsigned long long)m->in[c]);
		CHECK(lw_graph_degree(g, c, true) == n, "class %u: in degree %u, %u on its list",
		      c, lw_graph_degree(g, c, true), n);
	}
	CHECK(g->nr_edges == m->nr, "nr_edges %u, learned %u", g->nr_edges, m->nr);
	for (e = g->free; e; e = g->edges[e].next) {
		CHECK(e <= g->max_edges && !(on_out[e / 64] & 1ULL << e % 64) &&
		      !(on_free[e / 64] & 1ULL << e % 64),
		      "free edge %u: out of range, in use or free twice", e);
		on_free[e / 64] |= 1ULL << e % 64;
		nfree++;
	}
	CHECK(m->nr + nfree == g->max_edges, "%u used + %u free != %u edges",
	      m->nr, nfree, g->max_edges);
}

/* The engine's answers about one pair agree with the model. */
static void pair_verify(lw_id_t a, lw_id_t b)
{
	u32 e = lw_graph_edge_index(&S.g, a, b);

	CHECK(lw_graph_has_edge(&S.g, a, b) == gm_has(&S.gm, a, b), "has_edge(%u, %u)", a, b);
	CHECK(!e == !gm_has(&S.gm, a, b), "edge_index(%u, %u) = %u", a, b, e);
	if (e)
		CHECK(S.g.edges[e].from == a && S.g.edges[e].to == b,
		      "edge_index(%u, %u) = %u, which is %u -> %u", a, b, e,
		      S.g.edges[e].from, S.g.edges[e].to);
}

/* What a call may change of the order: nothing, or only inside [lo, hi]. */
static void order_verify(const lw_id_t *before, u32 lo, u32 hi, const char *what)
{
	u32 c;

	for (c = 0; c <= nc(); c++)
		CHECK(S.g.ord[c] == before[c] || (before[c] >= lo && before[c] <= hi),
		      "%s moved class %u from %u to %u, outside [%u, %u]", what, c,
		      before[c], S.g.ord[c], lo, hi);
}

/*
 * A cycle reported for the new edge @from -> @to (@to taken at @to_ip),
 * whose shortest way back the model says has @d edges (the first one
 * exclusive if @first_excl): the new edge, then that way back.
 */
static void cycle_verify(const struct lw_cycle *cyc, lw_id_t from, lw_id_t to,
			 unsigned long to_ip, int d, bool first_excl)
{
	int dist[GM_MAX_CLASSES + 1];
	unsigned int len = (unsigned int)d + 1 < LW_CHAIN_MAX ? (unsigned int)d + 1 : LW_CHAIN_MAX;
	bool truncated = (unsigned int)d + 1 > LW_CHAIN_MAX;
	uint64_t on_cycle = 0;
	unsigned int i;

	CHECK(cyc->len == len && cyc->truncated == truncated,
	      "cycle of %u -> %u: len %u truncated %d, the model's path back has %d edges",
	      from, to, cyc->len, cyc->truncated, d);
	CHECK(cyc->cls[0] == from && cyc->ip[0] == to_ip, "cycle starts %u @%#lx, not %u @%#lx",
	      cyc->cls[0], cyc->ip[0], from, to_ip);
	if (len == 1)
		return;
	CHECK(cyc->cls[1] == to, "cycle's second class %u, not %u", cyc->cls[1], to);
	gm_dist_to(&S.gm, from, dist);
	for (i = 1; i < len; i++) {
		lw_id_t c = cyc->cls[i], next;

		CHECK(c >= 1 && c <= nc() && c != from && !(on_cycle & 1ULL << (c - 1)),
		      "cycle link %u: class %u out of range or repeated", i, c);
		on_cycle |= 1ULL << (c - 1);
		/* After the first link the way back is a shortest one. */
		if (i > 1 || !first_excl)
			CHECK(dist[c] == d - (int)(i - 1),
			      "cycle link %u: class %u is %d edges from %u, a shortest path has %d",
			      i, c, dist[c], from, d - (int)(i - 1));
		if (i == len - 1 && truncated) {
			/* The last kept link leaves for a class not kept: one step closer. */
			uint64_t set = S.gm.out[c];
			bool found = false;
			unsigned int x;

			for (x = 1; x <= nc(); x++)
				if ((set & 1ULL << (x - 1)) && dist[x] == dist[c] - 1 &&
				    S.gm.to_ip[c][x] == cyc->ip[i])
					found = true;
			CHECK(found, "truncated cycle's last link %u @%#lx is no edge closer to %u",
			      c, cyc->ip[i], from);
			continue;
		}
		next = i + 1 < len ? cyc->cls[i + 1] : from;
		CHECK(gm_has(&S.gm, c, next), "cycle link %u: %u -> %u was never learned",
		      i, c, next);
		CHECK(cyc->ip[i] == S.gm.to_ip[c][next], "cycle link %u: %u -> %u @%#lx, not %#lx",
		      i, c, next, cyc->ip[i], S.gm.to_ip[c][next]);
		if (i == 1 && first_excl)
			CHECK(gm_excl(&S.gm, c, next),
			      "a recursive read's cycle leaves %u by %u -> %u, not exclusive",
			      c, c, next);
	}
}

struct graph_counters {
	u64 searches, visited, unsearched, nospace;
};

static struct graph_counters graph_counters(void)
{
	struct graph_counters k = {
		S.g.searches, S.g.visited, S.g.unsearched, S.g.nospace,
	};

	return k;
}

/* Learn @from -> @to as lw_graph_add() does, and check what it says and does. */
static enum lw_edge_result graph_add(lw_id_t from, lw_id_t to, bool shared, uint8_t tag,
				     struct lw_cycle *cyc)
{
	unsigned long fip = from_ip_of(from, to, tag), tip = to_ip_of(from, to, tag);
	struct graph_counters k = graph_counters();
	lw_id_t before[GM_MAX_CLASSES + 1];
	u32 lo = S.g.ord[to], hi = S.g.ord[from];
	bool against = hi > lo;
	/* The fewest edges back from @to to @from: the cycle the edge would close. */
	int d = from == to ? 0 : gm_dist(&S.gm, to, from, false);
	enum lw_edge_result res;
	u64 visited;

	memcpy(before, S.g.ord, (nc() + 1) * sizeof(*before));
	memset(cyc, 0xee, sizeof(*cyc));
	res = lw_graph_add(&S.g, from, to, fip, tip, shared, cyc);
	visited = S.g.visited - k.visited;
	fz_trace("  add %u -> %u%s tag %u: %d", from, to, shared ? " (shared)" : "", tag, res);

	CHECK(S.g.unsearched - k.unsearched == (res == LW_EDGE_ADDED && !against) &&
	      S.g.nospace - k.nospace == (res == LW_EDGE_NOSPACE),
	      "add %u -> %u: result %d counted as unsearched %llu, nospace %llu", from, to, res,
	      (unsigned long long)(S.g.unsearched - k.unsearched),
	      (unsigned long long)(S.g.nospace - k.nospace));
	if (gm_has(&S.gm, from, to)) {
		CHECK(res == LW_EDGE_KNOWN, "add %u -> %u, learned: result %d", from, to, res);
		CHECK(!visited && S.g.searches == k.searches, "a known edge searched");
		if (!shared)
			gm_set_excl(&S.gm, from, to);
		order_verify(before, 1, 0, "a known edge");
	} else if (from == to) {
		CHECK(res == LW_EDGE_CYCLE, "self edge %u: result %d", from, res);
		CHECK(!visited && S.g.searches == k.searches, "a self edge searched");
		cycle_verify(cyc, from, to, tip, 0, false);
		order_verify(before, 1, 0, "a self edge");
	} else if (d >= 0) {
		CHECK(res == LW_EDGE_CYCLE, "add %u -> %u: %u reaches %u in %d, result %d",
		      from, to, to, from, d, res);
		CHECK(against, "%u reaches %u, yet the order has %u first", to, from, from);
		CHECK(S.g.searches == k.searches + 1 && visited <= hi - lo + 1,
		      "a cycle's search visited %llu classes, its region holds %u",
		      (unsigned long long)visited, hi - lo + 1);
		cycle_verify(cyc, from, to, tip, d, false);
		order_verify(before, 1, 0, "a cycle");
	} else if (S.gm.nr == S.gm.max_edges) {
		CHECK(res == LW_EDGE_NOSPACE, "add %u -> %u to a full pool: result %d",
		      from, to, res);
		CHECK(S.g.searches == k.searches + against &&
		      visited <= (against ? hi - lo + 1 : 0), "a refused edge searched too much");
		order_verify(before, 1, 0, "a refused edge");
	} else {
		CHECK(res == LW_EDGE_ADDED, "add %u -> %u, no path back, room: result %d",
		      from, to, res);
		CHECK(S.g.searches == k.searches + against &&
		      visited <= (against ? hi - lo + 1 : 0),
		      "a new edge %s the order visited %llu classes; its region holds %u",
		      against ? "against" : "in", (unsigned long long)visited,
		      against ? hi - lo + 1 : 0);
		gm_add(&S.gm, from, to, !shared, fip, tip);
		if (against)
			order_verify(before, lo, hi, "a reorder");
		else
			order_verify(before, 1, 0, "an edge in order");
	}
	graph_verify();
	pair_verify(from, to);
	pair_verify(to, from);
	return res;
}

static void op_add(struct fuzz_in *in)
{
	lw_id_t from, to;
	struct lw_cycle cyc;
	uint8_t flags;

	if (!nc())
		return;
	from = in_class(in);
	to = in_class(in);
	flags = in_u8(in);
	graph_add(from, to, flags & 1, flags >> 1, &cyc);
}

/* A recursive read: lw_graph_closes_cycle() decides, learns nothing. */
static void op_closes_cycle(struct fuzz_in *in)
{
	struct graph_counters k = graph_counters();
	lw_id_t before[GM_MAX_CLASSES + 1], from, to;
	unsigned long ip;
	struct lw_cycle cyc;
	bool searched, got;
	int d;

	if (!nc())
		return;
	from = in_class(in);
	to = in_class(in);
	ip = to_ip_of(from, to, in_u8(in));
	searched = from != to && S.g.ord[from] > S.g.ord[to] && !gm_has(&S.gm, from, to);
	memcpy(before, S.g.ord, (nc() + 1) * sizeof(*before));
	memset(&cyc, 0xee, sizeof(cyc));
	got = lw_graph_closes_cycle(&S.g, from, to, ip, &cyc);
	fz_trace("  closes_cycle %u -> %u: %d", from, to, got);

	d = from == to ? 0 : gm_dist(&S.gm, to, from, true);
	CHECK(got == (d >= 0), "closes_cycle(%u, %u): %d, the model's exclusive way back: %d",
	      from, to, got, d);
	CHECK(S.g.searches == k.searches + searched && S.g.unsearched == k.unsearched &&
	      S.g.nospace == k.nospace, "closes_cycle(%u, %u) counted wrongly", from, to);
	CHECK(S.g.visited - k.visited <= (searched ? S.g.ord[from] - S.g.ord[to] + 1 : 0),
	      "closes_cycle(%u, %u) visited %llu classes", from, to,
	      (unsigned long long)(S.g.visited - k.visited));
	if (got)
		cycle_verify(&cyc, from, to, ip, d, from != to);
	order_verify(before, 1, 0, "closes_cycle");
	graph_verify();
}

/*
 * A walk of the order (lw_graph_walk_*()): forward, or forward leaving its
 * start only by exclusive edges, or backward. It reaches exactly the classes
 * the model says, each once, and the path back to each is a chain of edges
 * from the start of the model's shortest length (or the first LW_CHAIN_MAX
 * links of a longer one). The graph does not change.
 */
static void op_walk(struct fuzz_in *in)
{
	struct graph_counters k = graph_counters();
	lw_id_t start, before[GM_MAX_CLASSES + 1], c;
	int dist[GM_MAX_CLASSES + 1];
	bool back, excl, reached[GM_MAX_CLASSES + 1] = { false };
	unsigned int n = 0, want = 0, i;
	uint8_t flags;
	u32 via;

	if (!nc())
		return;
	start = in_class(in);
	flags = in_u8(in);
	back = flags & 1;
	excl = !back && (flags & 2);
	memcpy(before, S.g.ord, (nc() + 1) * sizeof(*before));
	if (back)
		gm_dist_to(&S.gm, start, dist);
	else
		for (c = 1; c <= nc(); c++)
			dist[c] = c == start ? 0 : gm_dist(&S.gm, start, c, excl);
	lw_graph_walk_start(&S.g, start, back, excl);
	fz_trace("  walk from %u, back %d, excl %d", start, back, excl);
	while ((c = lw_graph_walk_next(&S.g, &via))) {
		struct lw_path p;
		lw_id_t cur = start;

		CHECK(c <= nc() && !reached[c], "walk from %u: class %u again or out of range",
		      start, c);
		reached[c] = true;
		n++;
		CHECK(dist[c] >= 0, "walk from %u reached %u, which the model does not", start, c);
		CHECK((c == start) == !via, "walk from %u: class %u by edge %u", start, c, via);
		lw_graph_walk_path(&S.g, c, &p);
		CHECK(p.len == (unsigned int)min_t(int, dist[c], LW_CHAIN_MAX) &&
		      p.truncated == (dist[c] > LW_CHAIN_MAX),
		      "walk from %u: path to %u of %u links (truncated %d), the model's %d",
		      start, c, p.len, p.truncated, dist[c]);
		for (i = 0; i < p.len; i++) {
			const struct lw_edge *e = &S.g.edges[p.edge[i]];

			CHECK((back ? e->to : e->from) == cur,
			      "walk from %u: link %u of the path to %u does not follow", start, i, c);
			cur = back ? e->from : e->to;
		}
		CHECK(p.truncated || cur == c, "walk from %u: the path to %u ends at %u",
		      start, c, cur);
	}
	for (c = 1; c <= nc(); c++)
		want += dist[c] >= 0;
	CHECK(n == want, "walk from %u reached %u classes, the model %u", start, n, want);
	CHECK(S.g.searches == k.searches && S.g.unsearched == k.unsearched &&
	      S.g.nospace == k.nospace, "walk from %u counted a search", start);
	order_verify(before, 1, 0, "walk");
	graph_verify();
}

/* A class unregistered: its edges forgotten and, as the core does, the chain cache emptied. */
static void chains_reset(void);

static void op_forget(struct fuzz_in *in)
{
	lw_id_t before[GM_MAX_CLASSES + 1], id;
	uint8_t b = in_u8(in);
	u32 c;

	/* Now and then an id that names no class: 0, or past the table. */
	if (b >= 0xf8 || !nc())
		id = b == 0xff ? 0 : (lw_id_t)(nc() + 1 + b % 4);
	else
		id = (lw_id_t)(1 + b % nc());
	memcpy(before, S.g.ord, (nc() + 1) * sizeof(*before));
	lw_graph_forget(&S.g, id);
	gm_forget(&S.gm, id);
	fz_trace("  forget %u", id);
	order_verify(before, 1, 0, "forget");
	graph_verify();
	if (id && id <= nc()) {
		CHECK(!lw_graph_degree(&S.g, id, false) && !lw_graph_degree(&S.g, id, true),
		      "class %u keeps edges after forget", id);
		for (c = 1; c <= nc(); c++) {
			pair_verify(id, (lw_id_t)c);
			pair_verify((lw_id_t)c, id);
		}
		chains_reset();
	}
}

static void graph_reset(void)
{
	struct graph_counters k = graph_counters();
	u32 c;

	lw_graph_reset(&S.g);
	gm_reset(&S.gm);
	for (c = 0; c <= nc(); c++)
		CHECK(S.g.ord[c] == c && S.g.by_ord[c] == c, "reset leaves class %u at %u",
		      c, S.g.ord[c]);
	CHECK(S.g.searches == k.searches && S.g.visited == k.visited &&
	      S.g.unsearched == k.unsearched && S.g.nospace == k.nospace,
	      "reset changed the counters");
	graph_verify();
}

/* === The chain cache === */

static void chains_verify(void)
{
	u32 i;

	CHECK(S.c.size == S.cm.size, "chain cache of %u slots, the model %u", S.c.size, S.cm.size);
	CHECK(S.c.used == S.cm.used && S.c.hits == S.cm.hits && S.c.misses == S.cm.misses &&
	      S.c.full == S.cm.full,
	      "chain counters used %u hits %llu misses %llu full %llu, the model %u %llu %llu %llu",
	      S.c.used, (unsigned long long)S.c.hits, (unsigned long long)S.c.misses,
	      (unsigned long long)S.c.full, S.cm.used, (unsigned long long)S.cm.hits,
	      (unsigned long long)S.cm.misses, (unsigned long long)S.cm.full);
	for (i = 0; i < S.c.size; i++)
		CHECK(S.c.keys[i] == S.cm.slot[i], "chain slot %u holds %#llx, the model %#llx",
		      i, (unsigned long long)S.c.keys[i], (unsigned long long)S.cm.slot[i]);
}

static void chains_reset(void)
{
	lw_chains_reset(&S.c);
	cm_reset(&S.cm);
	chains_verify();
}

static void remember_key(u64 key)
{
	S.keys[S.nr_keys++ % ARRAY_SIZE(S.keys)] = key;
}

/* A key: any, one used lately, one of few home slots, or a special value. */
static u64 in_key(struct fuzz_in *in)
{
	uint8_t sel = in_u8(in);

	static const u64 special[] = { 0, LW_CHAIN_KEY_ZERO, ~0ULL, 1 };

	switch (sel % 4) {
	case 0:
		return in_uint(in, 8);
	case 1:
		return S.keys[in_u8(in) % ARRAY_SIZE(S.keys)];
	case 2:
		return in_uint(in, 4) << 32 | (sel >> 2) % 8;
	default:
		return special[(sel >> 2) % ARRAY_SIZE(special)];
	}
}

/* Does the cache hold @key? Both lookups, against the model and the keys accepted. */
static bool chains_lookup(u64 key, struct cm_origin *origin)
{
	bool contains = lw_chains_contains(&S.c, key), got, want, accepted = false;
	u64 stored = key ? key : LW_CHAIN_KEY_ZERO;
	unsigned int i;

	got = lw_chains_lookup(&S.c, key);
	want = cm_contains(&S.cm, key, origin);
	cm_lookup(&S.cm, key);
	for (i = 0; i < S.cm.nr_accepted; i++)
		accepted |= S.cm.accepted[i] == stored;
	fz_trace("  chain lookup %#llx: %d", (unsigned long long)key, got);
	CHECK(contains == got, "contains() and lookup() of %#llx differ", (unsigned long long)key);
	CHECK(got == want && want == accepted,
	      "lookup of %#llx: %d; the model %d; accepted since the reset %d",
	      (unsigned long long)key, got, want, accepted);
	chains_verify();
	return got;
}

static bool chains_insert(u64 key, struct cm_origin origin)
{
	bool got = lw_chains_insert(&S.c, key), want = cm_insert(&S.cm, key, origin);

	fz_trace("  chain insert %#llx: %d", (unsigned long long)key, got);
	CHECK(got == want, "insert of %#llx: %d, the model %d", (unsigned long long)key, got, want);
	chains_verify();
	return got;
}

static void op_chain_insert(struct fuzz_in *in)
{
	u64 key = in_key(in);

	remember_key(key);
	chains_insert(key, (struct cm_origin){ .chain = false });
}

static void op_chain_lookup(struct fuzz_in *in)
{
	u64 key = in_key(in);

	remember_key(key);
	chains_lookup(key, NULL);
}

/* Keys of chains that differ only in their last entry never collide. */
static void op_key_next(struct fuzz_in *in)
{
	u64 key = in_key(in);
	lw_id_t a = (lw_id_t)in_uint(in, 2), b = (lw_id_t)in_uint(in, 2);
	u16 fa = (u16)in_uint(in, 2), fb = (u16)in_uint(in, 2);

	if (a == b && fa == fb)
		return;
	CHECK(lw_chain_key_next(key, a, fa) != lw_chain_key_next(key, b, fb),
	      "key %#llx extended by %u/%#x and %u/%#x collides", (unsigned long long)key,
	      a, fa, b, fb);
}

/* === The findings ring === */

static const char *const name_pool[] = {
	NULL, "", "A", "B", "lw_scenario_a",
	/* Longer than a record keeps (LW_NAME_LEN), and equal to the next up to there. */
	"a_class_name_longer_than_forty_bytes_kept_1",
	"a_class_name_longer_than_forty_bytes_kept_2",
	"A/1",		/* shown as "A" of subclass 1 is: a different finding */
	"\xff\xfe not UTF-8",
};

static const char *const comm_pool[] = {
	NULL, "", "kworker/0:1", "a_comm_longer_than_sixteen_bytes",
};

static const u8 sub_pool[] = { 0, 1, 7, 255 };

static const unsigned long ip_pool[] = {
	0, 1, 0xffffffff81000000UL, 0xffffffff81000010UL, ~0UL, 0x1234,
};

static unsigned long frame(uint8_t seed, unsigned int j)
{
	return (seed + j) % 7 ? 0xffffffffa0000000UL + seed * 0x100UL + j : 0;
}

static void in_raise(struct fuzz_in *in, struct raise_spec *s)
{
	uint8_t b, seed;
	unsigned int i, j;

	memset(s, 0, sizeof(*s));
	s->kind = in_u8(in) % LW_KIND_COUNT;
	b = in_u8(in);
	s->nr = b % 11;		/* past LW_CHAIN_MAX too: the ring keeps 8 */
	s->truncated = b >= 128;
	for (i = 0; i < s->nr && i < RM_CHAIN_MAX; i++) {
		b = in_u8(in);
		s->cls[i] = name_pool[b % ARRAY_SIZE(name_pool)];
		s->sub[i] = sub_pool[(b >> 4) % ARRAY_SIZE(sub_pool)];
		s->ip[i] = ip_pool[in_u8(in) % ARRAY_SIZE(ip_pool)];
	}
	for (i = 0; i < sizeof(s->detail); i++)
		s->detail[i] = in_u8(in);
	s->pid = (int16_t)in_uint(in, 2);
	b = in_u8(in);
	s->comm = comm_pool[b % ARRAY_SIZE(comm_pool)];
	b = in_u8(in);
	s->has_stack[0] = b & 1;
	s->has_stack[1] = b & 2;
	s->save = b & 4;
	seed = in_u8(in);
	for (i = 0; i < 2; i++) {
		s->nr_stack[i] = in_u8(in) % (RM_IN_STACK + 1);
		for (j = 0; j < RM_IN_STACK; j++)
			s->stack[i][j] = frame(seed + i, j);
	}
	s->saved = in_u8(in) % (RM_IN_STACK + 1);
	for (j = 0; j < RM_STACK_DEPTH; j++)
		s->saved_frames[j] = frame(seed + 2, j);
	s->now = S.now;
}

/* A stack saver as the kernel's: at most @size frames, and says how many. */
static unsigned int save_stack(unsigned long *buf, unsigned int size)
{
	unsigned int n = S.raising->saved < size ? S.raising->saved : size, i;

	for (i = 0; i < n; i++)
		buf[i] = S.raising->saved_frames[i];
	S.saves++;
	return n;
}

static void site_of(char *buf, size_t len, unsigned long ip)
{
	if (ip)
		snprintf(buf, len, "site_%lx", ip);
	else
		snprintf(buf, len, "?");
}

static bool given_stack0(const struct raise_spec *s)
{
	return s->has_stack[0] && s->nr_stack[0];
}

/* Record @i of the ring against the model's: what it promises to keep of a raise. */
static void record_verify(unsigned int i, bool strings)
{
	const struct lw_finding *f = lw_ring_get(&S.r, i);
	const struct ring_model_rec *m = &S.rm.rec[i];
	const struct raise_spec *s = &m->first;
	unsigned int nr = s->nr < LW_CHAIN_MAX ? s->nr : LW_CHAIN_MAX, k, st, want[2];
	char buf[LW_SITE_LEN];	/* a site or a class name */

	CHECK(f, "record %u of %u missing", i, S.rm.used);
	CHECK(f->serial == m->serial && f->count == m->count && f->first_ns == m->first_ns &&
	      f->last_ns == m->last_ns,
	      "record %u: serial %u count %u first %llu last %llu; the model %u %u %llu %llu",
	      i, f->serial, f->count, (unsigned long long)f->first_ns,
	      (unsigned long long)f->last_ns, m->serial, m->count,
	      (unsigned long long)m->first_ns, (unsigned long long)m->last_ns);
	CHECK(f->kind == s->kind && f->nr == nr && f->truncated == s->truncated,
	      "record %u: kind %u nr %u truncated %d", i, f->kind, f->nr, f->truncated);
	/* The first occurrence's details (struct lw_finding's detail). */
	CHECK(!memcmp(&f->detail, s->detail, sizeof(f->detail)) && f->pid == s->pid,
	      "record %u: details not the first's", i);
	if (!strings)
		return;
	CHECK(!strncmp(f->comm, s->comm ? s->comm : "", sizeof(f->comm) - 1) &&
	      strlen(f->comm) == strnlen(s->comm ? s->comm : "", sizeof(f->comm) - 1),
	      "record %u: comm \"%s\"", i, f->comm);
	for (k = 0; k < nr; k++) {
		const char *name = s->cls[k] ? s->cls[k] : "?";

		if (s->sub[k])
			snprintf(buf, LW_NAME_LEN, "%s/%u", name, s->sub[k]);
		else
			snprintf(buf, LW_NAME_LEN, "%s", name);
		CHECK(!strcmp(f->cls[k], buf), "record %u link %u: class \"%s\", not \"%s\"",
		      i, k, f->cls[k], buf);
		CHECK(f->ip[k] == s->ip[k] && f->sub[k] == s->sub[k], "record %u link %u", i, k);
		site_of(buf, LW_SITE_LEN, s->ip[k]);
		CHECK(!strcmp(f->site[k], buf), "record %u link %u: site \"%s\", not \"%s\"",
		      i, k, f->site[k], buf);
	}
	for (; k < LW_CHAIN_MAX; k++)
		CHECK(!f->cls[k][0] && !f->site[k][0] && !f->ip[k] && !f->sub[k],
		      "record %u: link %u past its %u is not empty", i, k, nr);
	/* Stack 0: the one handed in, else the one save_stack() saved. */
	want[0] = given_stack0(s) ? s->nr_stack[0] : s->save ? s->saved : 0;
	want[1] = s->has_stack[1] ? s->nr_stack[1] : 0;
	for (st = 0; st < LW_STACKS; st++) {
		const unsigned long *frames = st == 0 && !given_stack0(s) ? s->saved_frames :
					      s->stack[st];

		if (want[st] > LW_STACK_DEPTH)
			want[st] = LW_STACK_DEPTH;
		CHECK(f->nr_stack[st] == want[st], "record %u: stack %u of %u frames, not %u",
		      i, st, f->nr_stack[st], want[st]);
		for (k = 0; k < want[st]; k++) {
			site_of(buf, LW_SITE_LEN, frames[k]);
			CHECK(!strcmp(f->stack[st][k], buf),
			      "record %u stack %u frame %u: \"%s\", not \"%s\"",
			      i, st, k, f->stack[st][k], buf);
		}
	}
}

static void ring_verify(bool strings)
{
	unsigned int i;

	CHECK(S.r.used == S.rm.used && S.r.serial == S.rm.serial && S.r.raised == S.rm.raised &&
	      S.r.overwritten == S.rm.overwritten,
	      "ring used %u serial %u raised %llu overwritten %llu; the model %u %u %llu %llu",
	      S.r.used, S.r.serial, (unsigned long long)S.r.raised,
	      (unsigned long long)S.r.overwritten, S.rm.used, S.rm.serial,
	      (unsigned long long)S.rm.raised, (unsigned long long)S.rm.overwritten);
	CHECK(S.r.used == (S.rm.serial < S.r.size ? S.rm.serial : S.r.size),
	      "the ring keeps %u of %u distinct findings in %u slots",
	      S.r.used, S.rm.serial, S.r.size);
	for (i = 0; i < S.r.used; i++) {
		record_verify(i, strings);
		if (i)
			CHECK(lw_ring_get(&S.r, i)->serial > lw_ring_get(&S.r, i - 1)->serial,
			      "serials do not increase at record %u", i);
		CHECK(lw_ring_find_serial(&S.r, S.rm.rec[i].serial) == lw_ring_get(&S.r, i),
		      "find_serial(%u) is not record %u", S.rm.rec[i].serial, i);
	}
	CHECK(!lw_ring_get(&S.r, S.r.used) && !lw_ring_get(&S.r, UINT32_MAX),
	      "a record past the end");
}

static void ring_raise(const struct raise_spec *s)
{
	struct lw_finding_in in = { 0 };
	const struct lw_finding *f;
	unsigned int i, saves = S.saves;
	bool is_new = true, want_new;
	int k;

	in.kind = (enum lw_kind)s->kind;
	in.nr = s->nr;
	in.truncated = s->truncated;
	for (i = 0; i < LW_CHAIN_MAX; i++) {
		in.cls[i] = s->cls[i];
		in.sub[i] = s->sub[i];
		in.ip[i] = s->ip[i];
	}
	memcpy(&in.detail, s->detail, sizeof(in.detail));
	in.pid = s->pid;
	in.comm = s->comm;
	for (i = 0; i < LW_STACKS; i++) {
		in.stack[i] = s->has_stack[i] ? s->stack[i] : NULL;
		in.nr_stack[i] = s->nr_stack[i];
	}
	in.save_stack = s->save ? save_stack : NULL;
	S.raising = s;
	f = lw_ring_raise(&S.r, &in, s->now, &is_new);
	k = rm_raise(&S.rm, s, &want_new);
	fz_trace("  raise kind %u nr %u: record %d%s", s->kind, s->nr, k, want_new ? " (new)" : "");

	CHECK(is_new == want_new, "raise: is_new %d, the model %d", is_new, want_new);
	CHECK(f == (k < 0 ? NULL : lw_ring_get(&S.r, (u32)k)),
	      "raise returned %p, not record %d", (const void *)f, k);
	CHECK(S.saves == saves + (want_new && s->save && !given_stack0(s)),
	      "save_stack() called %u times for a %s finding", S.saves - saves,
	      want_new ? "new" : "known");
	if (k >= 0)
		record_verify((unsigned int)k, true);
	ring_verify(false);
}

static void op_raise(struct fuzz_in *in)
{
	struct raise_spec s;

	in_raise(in, &s);
	ring_raise(&s);
}

static void op_ring_get(struct fuzz_in *in)
{
	u32 i = in_u8(in) % (S.r.used + 3);

	fz_trace("  ring get %u of %u", i, S.r.used);
	if (i < S.r.used)
		record_verify(i, true);
	else
		CHECK(!lw_ring_get(&S.r, i), "record %u of %u", i, S.r.used);
}

static void op_find_serial(struct fuzz_in *in)
{
	uint8_t b = in_u8(in);
	u32 serial = b < 0xf0 ? S.rm.serial + 2 - b % 24 : (u32)in_uint(in, 4);
	int k = rm_find_serial(&S.rm, serial);

	fz_trace("  find serial %u: record %d", serial, k);
	CHECK(lw_ring_find_serial(&S.r, serial) == (k < 0 ? NULL : lw_ring_get(&S.r, (u32)k)),
	      "find_serial(%u) is not record %d", serial, k);
}

static void ring_reset(void)
{
	lw_ring_reset(&S.r);
	rm_reset(&S.rm);
	ring_verify(true);
}

/* === Together, as the core uses them === */

static const char *class_name(lw_id_t id)
{
	static char names[GM_MAX_CLASSES + 1][8];

	snprintf(names[id], sizeof(names[id]), "c%u", id);
	return names[id];
}

/*
 * An acquisition of @new with @depth locks held, as the core's chain check
 * does it: the chain's key looked up; on a miss the order checked (the edge
 * from the top of the stack learned), a cycle raised, and the key cached
 * when the edge is learned. A hit must mean the edge still is.
 */
static void op_acquire(struct fuzz_in *in)
{
	unsigned int depth = 1 + in_u8(in) % 4, i;
	lw_id_t held[4], top, id;
	u16 hflags[4], flags;
	struct cm_origin origin;
	struct lw_cycle cyc;
	u64 key = 0;

	if (!nc())
		return;
	for (i = 0; i < depth; i++) {
		held[i] = in_class(in);
		hflags[i] = in_u8(in) % 4;
		key = lw_chain_key_next(key, held[i], hflags[i]);
	}
	id = in_class(in);
	flags = in_u8(in) % 4;
	key = lw_chain_key_next(key, id, flags);
	top = held[depth - 1];
	fz_trace("  acquire %u after %u (depth %u), key %#llx", id, top, depth,
	      (unsigned long long)key);
	remember_key(key);
	if (chains_lookup(key, &origin)) {
		if (!origin.chain)
			return;		/* cached by an arbitrary insert: no verdict */
		CHECK(origin.a == top && origin.b == id,
		      "the chain to %u after %u has the key of %u after %u", id, top,
		      origin.b, origin.a);
		CHECK(gm_has(&S.gm, top, id), "cached chain %u after %u, but no edge %u -> %u",
		      id, top, top, id);
		return;
	}
	switch (graph_add(top, id, hflags[depth - 1] & 1, (uint8_t)key, &cyc)) {
	case LW_EDGE_ADDED:
	case LW_EDGE_KNOWN:
		chains_insert(key, (struct cm_origin){ .chain = true, .a = top, .b = id });
		break;
	case LW_EDGE_CYCLE: {
		struct raise_spec s = { .kind = LW_KIND_CYCLE, .nr = cyc.len,
					.truncated = cyc.truncated, .now = S.now };

		for (i = 0; i < cyc.len; i++) {
			s.cls[i] = class_name(cyc.cls[i]);
			s.ip[i] = cyc.ip[i];
		}
		ring_raise(&s);
		break;
	}
	case LW_EDGE_NOSPACE:
		break;
	}
}

/* === Operations === */

enum fuzz_op {
	OP_ADD,
	OP_CLOSES_CYCLE,
	OP_FORGET,
	OP_PAIR,
	OP_GRAPH_RESET,
	OP_CHAIN_INSERT,
	OP_CHAIN_LOOKUP,
	OP_CHAIN_RESET,
	OP_KEY_NEXT,
	OP_ACQUIRE,
	OP_RAISE,
	OP_RING_GET,
	OP_FIND_SERIAL,
	OP_RING_RESET,
	OP_CLOCK,
	OP_RESET_ALL,
	OP_WALK,
	OP_COUNT,
};

static void run_op(struct fuzz_in *in)
{
	enum fuzz_op op = (enum fuzz_op)(in_u8(in) % OP_COUNT);
	lw_id_t a, b;

	fz_trace("op %d", op);
	switch (op) {
	case OP_ADD:
		op_add(in);
		break;
	case OP_CLOSES_CYCLE:
		op_closes_cycle(in);
		break;
	case OP_WALK:
		op_walk(in);
		break;
	case OP_FORGET:
		op_forget(in);
		break;
	case OP_PAIR:
		if (!nc())
			break;
		a = in_class(in);
		b = in_class(in);
		pair_verify(a, b);
		break;
	case OP_GRAPH_RESET:
		/* The graph reset, and the chains whose verdicts it voids. */
		graph_reset();
		chains_reset();
		break;
	case OP_CHAIN_INSERT:
		op_chain_insert(in);
		break;
	case OP_CHAIN_LOOKUP:
		op_chain_lookup(in);
		break;
	case OP_CHAIN_RESET:
		chains_reset();
		break;
	case OP_KEY_NEXT:
		op_key_next(in);
		break;
	case OP_ACQUIRE:
		op_acquire(in);
		break;
	case OP_RAISE:
		op_raise(in);
		break;
	case OP_RING_GET:
		op_ring_get(in);
		break;
	case OP_FIND_SERIAL:
		op_find_serial(in);
		break;
	case OP_RING_RESET:
		ring_reset();
		break;
	case OP_CLOCK:
		if (in_u8(in) & 1)
			S.now = in_uint(in, 8);
		else
			S.now += 1 + in_uint(in, 2) * 1000;
		break;
	case OP_RESET_ALL:
		/* The control file's reset: ring, graph, chains (module/main.c). */
		ring_reset();
		graph_reset();
		chains_reset();
		break;
	case OP_COUNT:
		break;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	u32 classes = in_u8(&in) % (GM_MAX_CLASSES + 1);
	u32 edges = in_u8(&in);
	u32 slots = in_u8(&in) % 70;
	u32 records = in_u8(&in) % (RM_MAX_SIZE + 1);
	u32 a, b;

	fz_trace("classes %u, edges %u, chain slots %u, ring %u", classes, edges, slots, records);
	memset(&S.keys, 0, sizeof(S.keys));
	S.nr_keys = 0;
	S.now = 1000;
	S.saves = 0;
	/* Exactly the sizes asked for: AddressSanitizer sees a byte too far. */
	S.gmem = malloc(lw_graph_mem_size(classes, edges));
	S.cmem = malloc(lw_chains_mem_size(slots));
	S.rmem = malloc(lw_ring_mem_size(records));
	if (!S.gmem || !S.cmem || !S.rmem)
		abort();
	lw_graph_init(&S.g, S.gmem, classes, edges);
	lw_chains_init(&S.c, S.cmem, slots);
	lw_ring_init(&S.r, S.rmem, records);
	gm_init(&S.gm, classes, edges);
	cm_init(&S.cm, slots);
	rm_init(&S.rm, records);
	graph_verify();
	chains_verify();
	ring_verify(true);

	while (in.n)
		run_op(&in);

	/* At the end, every pair and every record in full. */
	for (a = 0; a <= classes; a++)
		for (b = 0; b <= classes; b++)
			pair_verify((lw_id_t)a, (lw_id_t)b);
	ring_verify(true);
	free(S.gmem);
	free(S.cmem);
	free(S.rmem);
	return 0;
}
