// SPDX-License-Identifier: GPL-2.0
/*
 * Independent models of lockwarden's engine for the engine fuzz target,
 * written from the contracts in module/engine/engine.h and not from the
 * engine's code: reachability by bitset breadth-first search, the chain
 * cache's table as documented, the findings ring as a list kept oldest first.
 */
#include <string.h>

#include "engine_model.h"

/* === The learned graph === */

static uint64_t bit(unsigned int c)
{
	return 1ULL << (c - 1);
}

/* Classes 1..64 of a bitset, lowest first: the next one after *@set, or 0. */
static unsigned int next_class(uint64_t *set)
{
	unsigned int c;

	if (!*set)
		return 0;
	c = (unsigned int)__builtin_ctzll(*set) + 1;
	*set &= *set - 1;
	return c;
}

void gm_init(struct graph_model *m, unsigned int nc, unsigned int max_edges)
{
	m->nc = nc;
	m->max_edges = max_edges;
	gm_reset(m);
}

void gm_reset(struct graph_model *m)
{
	m->nr = 0;
	memset(m->out, 0, sizeof(m->out));
	memset(m->in, 0, sizeof(m->in));
	memset(m->excl, 0, sizeof(m->excl));
}

bool gm_has(const struct graph_model *m, unsigned int a, unsigned int b)
{
	return a && b && a <= m->nc && b <= m->nc && (m->out[a] & bit(b));
}

bool gm_excl(const struct graph_model *m, unsigned int a, unsigned int b)
{
	return gm_has(m, a, b) && (m->excl[a] & bit(b));
}

void gm_add(struct graph_model *m, unsigned int a, unsigned int b, bool excl,
	    unsigned long from_ip, unsigned long to_ip)
{
	m->out[a] |= bit(b);
	m->in[b] |= bit(a);
	if (excl)
		m->excl[a] |= bit(b);
	m->from_ip[a][b] = from_ip;
	m->to_ip[a][b] = to_ip;
	m->nr++;
}

void gm_set_excl(struct graph_model *m, unsigned int a, unsigned int b)
{
	m->excl[a] |= bit(b);
}

void gm_forget(struct graph_model *m, unsigned int id)
{
	uint64_t set;
	unsigned int c;

	if (!id || id > m->nc)
		return;
	m->nr -= (unsigned int)__builtin_popcountll(m->out[id]) +
		 (unsigned int)__builtin_popcountll(m->in[id]);
	set = m->out[id];
	while ((c = next_class(&set)))
		m->in[c] &= ~bit(id);
	set = m->in[id];
	while ((c = next_class(&set))) {
		m->out[c] &= ~bit(id);
		m->excl[c] &= ~bit(id);
	}
	m->out[id] = 0;
	m->in[id] = 0;
	m->excl[id] = 0;
}

unsigned int gm_degree(const struct graph_model *m, unsigned int id, bool in)
{
	return (unsigned int)__builtin_popcountll(in ? m->in[id] : m->out[id]);
}

int gm_dist(const struct graph_model *m, unsigned int a, unsigned int b, bool first_excl)
{
	uint64_t seen, frontier, next, set;
	unsigned int c;
	int d;

	if (a == b)
		return first_excl ? -1 : 0;
	frontier = m->out[a];
	if (first_excl)
		frontier &= m->excl[a];
	seen = bit(a) | frontier;
	for (d = 1; frontier; d++) {
		if (frontier & bit(b))
			return d;
		next = 0;
		set = frontier;
		while ((c = next_class(&set)))
			next |= m->out[c];
		frontier = next & ~seen;
		seen |= frontier;
	}
	return -1;
}

void gm_dist_to(const struct graph_model *m, unsigned int to, int *dist)
{
	uint64_t seen = bit(to), frontier = bit(to), next, set;
	unsigned int c;
	int d;

	for (c = 0; c <= m->nc; c++)
		dist[c] = -1;
	for (d = 0; frontier; d++) {
		next = 0;
		set = frontier;
		while ((c = next_class(&set))) {
			dist[c] = d;
			next |= m->in[c];
		}
		frontier = next & ~seen;
		seen |= frontier;
	}
}

/* === The chain cache === */

static uint64_t cm_stored(uint64_t key)
{
	return key ? key : CM_KEY_ZERO;
}

void cm_init(struct chain_model *m, unsigned int size)
{
	memset(m, 0, sizeof(*m));
	while (size & (size - 1))
		size &= size - 1;
	m->size = size;
}

void cm_reset(struct chain_model *m)
{
	memset(m->slot, 0, sizeof(m->slot));
	memset(m->origin, 0, sizeof(m->origin));
	m->used = 0;
	m->nr_accepted = 0;
}

static unsigned int cm_probes(const struct chain_model *m)
{
	return m->size < CM_PROBE ? m->size : CM_PROBE;
}

bool cm_contains(const struct chain_model *m, uint64_t key, struct cm_origin *origin)
{
	unsigned int i, n = cm_probes(m), home;

	key = cm_stored(key);
	home = (uint32_t)key;
	for (i = 0; i < n; i++) {
		unsigned int s = (home + i) & (m->size - 1);

		if (m->slot[s] == key) {
			if (origin)
				*origin = m->origin[s];
			return true;
		}
		if (!m->slot[s])
			break;
	}
	return false;
}

bool cm_lookup(struct chain_model *m, uint64_t key)
{
	bool found = cm_contains(m, key, NULL);

	if (found)
		m->hits++;
	else
		m->misses++;
	return found;
}

bool cm_insert(struct chain_model *m, uint64_t key, struct cm_origin origin)
{
	unsigned int i, n = cm_probes(m), home;

	key = cm_stored(key);
	home = (uint32_t)key;
	for (i = 0; i < n; i++) {
		unsigned int s = (home + i) & (m->size - 1);

		if (m->slot[s] == key)
			return true;
		if (!m->slot[s]) {
			m->slot[s] = key;
			m->origin[s] = origin;
			m->used++;
			m->accepted[m->nr_accepted++] = key;
			return true;
		}
	}
	m->full++;
	return false;
}

/* === The findings ring === */

void rm_init(struct ring_model *m, unsigned int size)
{
	memset(m, 0, sizeof(*m));
	m->size = size;
}

void rm_reset(struct ring_model *m)
{
	rm_init(m, m->size);
}

static unsigned int rm_kept(const struct raise_spec *in)
{
	return in->nr < RM_CHAIN_MAX ? in->nr : RM_CHAIN_MAX;
}

/* The links the signature hashes: a cycle's first two, else all kept. */
static unsigned int rm_signed(const struct raise_spec *in)
{
	unsigned int n = rm_kept(in);

	return in->kind == RM_KIND_CYCLE && n > 2 ? 2 : n;
}

bool rm_same(const struct raise_spec *a, const struct raise_spec *b)
{
	unsigned int i, n = rm_signed(a);
	bool cycle = a->kind == RM_KIND_CYCLE;

	if (a->kind != b->kind || n != rm_signed(b))
		return false;
	for (i = 0; i < n; i++) {
		/* A missing name is the empty name to the signature. */
		if (strcmp(a->cls[i] ? a->cls[i] : "", b->cls[i] ? b->cls[i] : "") ||
		    a->sub[i] != b->sub[i] || ((!cycle || !i) && a->ip[i] != b->ip[i]))
			return false;
	}
	return true;
}

int rm_raise(struct ring_model *m, const struct raise_spec *in, bool *is_new)
{
	struct ring_model_rec *rec;
	unsigned int k;

	*is_new = false;
	m->raised++;
	for (k = 0; k < m->used; k++) {
		if (rm_same(&m->rec[k].first, in)) {
			m->rec[k].count++;
			m->rec[k].last_ns = in->now;
			return (int)k;
		}
	}
	if (!m->size)
		return -1;
	if (m->used == m->size) {
		memmove(&m->rec[0], &m->rec[1], (m->used - 1) * sizeof(m->rec[0]));
		m->used--;
		m->overwritten++;
	}
	rec = &m->rec[m->used++];
	rec->first = *in;
	rec->serial = ++m->serial;
	rec->count = 1;
	rec->first_ns = in->now;
	rec->last_ns = in->now;
	*is_new = true;
	return (int)(m->used - 1);
}

int rm_find_serial(const struct ring_model *m, uint32_t serial)
{
	unsigned int k;

	for (k = 0; k < m->used; k++)
		if (m->rec[k].serial == serial)
			return (int)k;
	return -1;
}
