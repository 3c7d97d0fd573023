// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden's debugfs interface: /sys/kernel/debug/lockwarden/, root-only.
 */
#include "internal.h"

#include <linux/debugfs.h>
#include <linux/slab.h>

static struct dentry *lw_debugfs_dir;

/* findings: every stored finding in full, oldest first. */
static int lw_findings_show(struct seq_file *seq, void *v)
{
	struct lw_finding *f;
	u32 i;

	/* Copied out one at a time: no printing under the engine lock. */
	f = kmalloc(sizeof(*f), GFP_KERNEL);
	if (!f)
		return -ENOMEM;
	for (i = 0; lockwarden_finding_get(i, f); i++)
		lw_print_finding(seq, f);
	kfree(f);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(lw_findings);

/* stats: counters, and each pool's use against its capacity. */
static int lw_stats_show(struct seq_file *seq, void *v)
{
	u32 classes = 0, edges = 0, findings = 0, chains = 0;
	u64 overwritten = 0, searches = 0, visited = 0, unsearched = 0;
	u64 hits = 0, misses = 0;
	unsigned long flags;
	unsigned int i;

	if (lw_engine_lock(&flags)) {
		classes = lw_engine.nr_classes;
		edges = lw_engine.graph.nr_edges;
		findings = lw_engine.ring.used;
		overwritten = lw_engine.ring.overwritten;
		searches = lw_engine.graph.searches;
		visited = lw_engine.graph.visited;
		unsearched = lw_engine.graph.unsearched;
		chains = lw_engine.chains.used;
		hits = lw_engine.chains.hits;
		misses = lw_engine.chains.misses;
		lw_engine_unlock(flags);
	}
	seq_printf(seq, "enabled: %d\n", static_key_enabled(&lockwarden_enabled));
	seq_printf(seq, "lock-classes: %u [max: %u]\n", classes, lw_max_classes);
	seq_printf(seq, "dependencies: %u [max: %u]\n", edges, lw_max_edges);
	seq_printf(seq, "lock-chains: %u [max: %u]\n", chains, lw_max_chains);
	seq_printf(seq, "chain_cache_hits: %llu\n", hits + lw_stat_read(LW_STAT_FAST_HITS));
	seq_printf(seq, "chain_cache_misses: %llu\n", misses);
	seq_printf(seq, "findings: %u [max: %u]\n", findings, lw_max_findings);
	seq_printf(seq, "findings_overwritten: %llu\n", overwritten);
	seq_printf(seq, "dependencies_unsearched: %llu\n", unsearched);
	seq_printf(seq, "cycle_searches: %llu\n", searches);
	seq_printf(seq, "cycle_search_visits: %llu\n", visited);
	seq_printf(seq, "max_tasks: %u\n", lw_max_tasks);
	for (i = 0; i < LW_STAT_COUNT; i++)
		seq_printf(seq, "%s: %lu\n", lw_stat_names[i], lw_stat_read(i));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(lw_stats);

void lw_debugfs_init(void)
{
	lw_debugfs_dir = debugfs_create_dir("lockwarden", NULL);
	debugfs_create_file("findings", 0400, lw_debugfs_dir, NULL, &lw_findings_fops);
	debugfs_create_file("stats", 0400, lw_debugfs_dir, NULL, &lw_stats_fops);
}

void lw_debugfs_exit(void)
{
	debugfs_remove_recursive(lw_debugfs_dir);
}
