// SPDX-License-Identifier: GPL-2.0
/*
 * Instruction counts of the engine's hot paths, for `make bench`: the real
 * module/engine/graph.c and module/engine/chain.c, built with -O2 and no sanitizers, run
 * under callgrind.
 *
 * Each operation is a noinline function called N times in a loop. Around the
 * loop, callgrind's client requests zero the counters and then dump them,
 * naming the dump "NAME N"; bench.sh divides each dump's total by N and
 * subtracts the cost of the same loop calling an empty function. Nothing is
 * measured outside callgrind: run natively, the program just runs.
 */
#include "engine_deps.h"	/* first: its include guard replaces the kernel's */
#include "../../../module/engine/graph.c"
#include "../../../module/engine/rread.c"
#include "../../../module/engine/chain.c"

#include <stdio.h>
#include <stdlib.h>
#include <valgrind/callgrind.h>

#define N_CHAIN		100000U
#define N_GRAPH		15000U	/* each new-edge run takes 2 * N_GRAPH classes */
#define REORDER_BASE	100U
#define IN_ORDER_BASE	(REORDER_BASE + 2 * N_GRAPH)

/* One held lock, as far as the chain key is concerned. */
struct held {
	lw_id_t class;
	u8 flags;
};

static struct lw_chains chains;
static struct lw_graph graph;
static struct lw_cycle cycle;
static struct held stack1[1] = { { 11, 0 } };
static struct held stack4[4] = { { 11, 0 }, { 23, 1 }, { 5, 0 }, { 42, 2 } };
/*
 * Read through volatiles, so that the compiler cannot fold the keys of
 * these constant stacks at build time: one load each, as a real caller
 * loads its stack pointer and class.
 */
static struct held *volatile stack1_p = stack1, *volatile stack4_p = stack4;
static volatile lw_id_t new_class = 7;
static volatile lw_chain_key_t top_key;
static volatile unsigned long sink;

static void *xmalloc(size_t size)
{
	void *p = calloc(1, size ? size : 1);

	if (!p) {
		perror("calloc");
		exit(1);
	}
	return p;
}

/* The key of @depth held locks and then @id, as the caller computes it. */
static inline __attribute__((always_inline))
lw_chain_key_t stack_key(const struct held *s, unsigned int depth, lw_id_t id, u8 flags)
{
	lw_chain_key_t key = 0;
	unsigned int i;

	for (i = 0; i < depth; i++)
		key = lw_chain_key_next(key, s[i].class, s[i].flags);
	return lw_chain_key_next(key, id, flags);
}

/* ===== Operations ===== */

static noinline void op_empty(unsigned int i)
{
	__asm__ volatile("" : : "r"(i) : "memory");
}

static noinline void op_chain_depth1(unsigned int i)
{
	(void)i;
	sink += lw_chains_lookup(&chains, stack_key(stack1_p, 1, new_class, 0));
}

static noinline void op_chain_depth4(unsigned int i)
{
	(void)i;
	sink += lw_chains_lookup(&chains, stack_key(stack4_p, 4, new_class, 0));
}

/*
 * With each held lock keeping the key of the chain up to it (as lockdep's
 * held_lock.prev_chain_key), an acquisition mixes one entry, at any depth.
 */
static noinline void op_chain_incremental(unsigned int i)
{
	(void)i;
	sink += lw_chains_lookup(&chains, lw_chain_key_next(top_key, new_class, 0));
}

/* Class 1 has edges to 2, 3, 4, 5, learned in that order: 2 is found last. */
static noinline void op_graph_known(unsigned int i)
{
	(void)i;
	sink += lw_graph_add(&graph, 1, 2, 0x1, 0x2, false, &cycle);
}

/* A new edge in order, between two classes without edges: no search. */
static noinline void op_graph_new_in_order(unsigned int i)
{
	lw_id_t a = IN_ORDER_BASE + 2 * i;

	sink += lw_graph_add(&graph, a, a + 1, 0x1, 0x2, false, &cycle);
}

/* A new edge against the order, between two classes without edges: both
 * searches visit one class each, and the reorder swaps the two. */
static noinline void op_graph_new_reorder2(unsigned int i)
{
	lw_id_t a = REORDER_BASE + 2 * i;

	sink += lw_graph_add(&graph, a + 1, a, 0x1, 0x2, false, &cycle);
}

/* ===== Driver ===== */

static void run(const char *name, void (*op)(unsigned int), unsigned int n)
{
	char label[64];
	unsigned int i;

	snprintf(label, sizeof(label), "%s %u", name, n);
	CALLGRIND_ZERO_STATS;
	for (i = 0; i < n; i++)
		op(i);
	CALLGRIND_DUMP_STATS_AT(label);
}

int main(void)
{
	const u32 nc = IN_ORDER_BASE + 2 * N_GRAPH, ne = 2 * N_GRAPH + 16;
	lw_chain_key_t k1, k4;
	unsigned int i;

	lw_chains_init(&chains, xmalloc(lw_chains_mem_size(4096)), 4096);
	lw_graph_init(&graph, xmalloc(lw_graph_mem_size(nc, ne)), nc, ne);

	/* A warm cache: both chains cached, among 2000 other keys. */
	for (i = 1; i <= 2000; i++)
		lw_chains_insert(&chains, lw_chain_key_next(0x5eed, i, 0));
	k1 = stack_key(stack1, 1, 7, 0);
	k4 = stack_key(stack4, 4, 7, 0);
	if (!lw_chains_insert(&chains, k1) || !lw_chains_insert(&chains, k4)) {
		fprintf(stderr, "bench: the chain cache refused a key\n");
		return 1;
	}
	top_key = stack_key(stack4, 3, stack4[3].class, stack4[3].flags);
	for (i = 2; i <= 5; i++)
		lw_graph_add(&graph, 1, i, 0x1, 0x2, false, &cycle);

	run("call_overhead", op_empty, N_CHAIN);
	run("chain_key_lookup_depth1", op_chain_depth1, N_CHAIN);
	run("chain_key_lookup_depth4", op_chain_depth4, N_CHAIN);
	run("chain_key_lookup_incremental", op_chain_incremental, N_CHAIN);
	run("graph_add_known", op_graph_known, N_CHAIN);
	run("graph_add_new_in_order", op_graph_new_in_order, N_GRAPH);
	run("graph_add_new_reorder2", op_graph_new_reorder2, N_GRAPH);

	/* The runs did what they are named after, or their numbers are void. */
	if (chains.hits != 3 * N_CHAIN || chains.misses ||
	    graph.nr_edges != 4 + 2 * N_GRAPH || graph.unsearched != 4 + N_GRAPH ||
	    graph.searches != N_GRAPH || graph.visited != 2 * N_GRAPH) {
		fprintf(stderr, "bench: unexpected engine state: hits %llu misses %llu edges %u unsearched %llu searches %llu visited %llu\n",
			chains.hits, chains.misses, graph.nr_edges, graph.unsearched,
			graph.searches, graph.visited);
		return 1;
	}
	return 0;
}
