// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden's debugfs stats file: the use of each pool against its
 * capacity, and the per-CPU counters, every line from a name table.
 */
#include "outputs/outputs.h"

#include <linux/debugfs.h>

/* The engine's figures, read together under the engine lock. */
enum lw_figure {
	LW_FIG_ENABLED,			/* 1 while checking is on */
	LW_FIG_SWITCHING,		/* 1 while it is switching on: nothing checked */
	LW_FIG_CLASSES,			/* classes registered [max: max_classes] */
	LW_FIG_EDGES,			/* dependencies learned [max: max_edges] */
	LW_FIG_CHAINS,			/* validated chains cached [max: max_chains] */
	LW_FIG_CHAIN_HITS,		/* acquisitions of a cached chain, both paths */
	LW_FIG_CHAIN_MISSES,		/* slow-path lookups of a chain not cached */
	LW_FIG_KNOWN,			/* known findings of chains, valid [max: slots] */
	LW_FIG_FINDINGS,		/* distinct findings stored [max: max_findings] */
	LW_FIG_OVERWRITTEN,		/* findings pushed out of the ring */
	LW_FIG_UNSEARCHED,		/* new dependencies in order: no search */
	LW_FIG_SEARCHES,		/* new dependencies against the order: searched */
	LW_FIG_VISITS,			/* classes those searches reached */
	LW_FIG_MAX_TASKS,		/* the max_tasks parameter */
	LW_FIG_TASK_STACKS,		/* task stacks claimed [max: the pool's slots] */
	LW_FIG_KUNIT_WATCHES,		/* KUnit tests watched [max: LW_KUNIT_WATCHES] */
	LW_FIG_ENGINE_MAX_NS,		/* longest engine lock hold, interrupts off */
	LW_FIG_COUNT,
};

/* A figure's name, and whether lw_snap_figures() gives it, at @snap_off. */
struct lw_figure_desc {
	const char *name;
	bool snap;
	size_t snap_off;
};

/* A figure that is the field @field of struct lw_figures (each is a u64). */
#define LW_FIG_SNAP(fig_name, field)					\
	{ .name = fig_name, .snap = true, .snap_off = offsetof(struct lw_figures, field) }

static const struct lw_figure_desc lw_figure_descs[] = {
	[LW_FIG_ENABLED]	= { .name = "enabled" },
	[LW_FIG_SWITCHING]	= LW_FIG_SNAP("switching", switching),
	[LW_FIG_CLASSES]	= LW_FIG_SNAP("lock-classes", classes),
	[LW_FIG_EDGES]		= LW_FIG_SNAP("dependencies", edges),
	[LW_FIG_CHAINS]		= LW_FIG_SNAP("lock-chains", chains),
	[LW_FIG_CHAIN_HITS]	= LW_FIG_SNAP("chain_cache_hits", chain_hits),
	[LW_FIG_CHAIN_MISSES]	= LW_FIG_SNAP("chain_cache_misses", chain_misses),
	[LW_FIG_KNOWN]		= LW_FIG_SNAP("known_findings", known),
	[LW_FIG_FINDINGS]	= LW_FIG_SNAP("findings", findings),
	[LW_FIG_OVERWRITTEN]	= LW_FIG_SNAP("findings_overwritten", overwritten),
	[LW_FIG_UNSEARCHED]	= LW_FIG_SNAP("dependencies_unsearched", unsearched),
	[LW_FIG_SEARCHES]	= LW_FIG_SNAP("cycle_searches", searches),
	[LW_FIG_VISITS]		= LW_FIG_SNAP("cycle_search_visits", visits),
	[LW_FIG_MAX_TASKS]	= { .name = "max_tasks" },
	[LW_FIG_TASK_STACKS]	= { .name = "task_stacks" },
	[LW_FIG_KUNIT_WATCHES]	= { .name = "kunit_watches" },
	[LW_FIG_ENGINE_MAX_NS]	= { .name = "irqs_off_max_ns" },
};

static_assert(ARRAY_SIZE(lw_figure_descs) == LW_FIG_COUNT);

static int lw_stats_show(struct seq_file *seq, void *v)
{
	u64 val[LW_FIG_COUNT] = { };
	u64 max[LW_FIG_COUNT] = {	/* capacities; 0: the figure has none */
		[LW_FIG_CLASSES]	= lw_max_classes,
		[LW_FIG_EDGES]		= lw_max_edges,
		[LW_FIG_CHAINS]		= lw_max_chains,
		[LW_FIG_FINDINGS]	= lw_max_findings,
		[LW_FIG_TASK_STACKS]	= LW_HELD_IRQ_BASE,
		[LW_FIG_KUNIT_WATCHES]	= LW_KUNIT_WATCHES,
	};
	struct lw_figures fig;
	unsigned int i;

	lw_snap_figures(&fig);
	for (i = 0; i < LW_FIG_COUNT; i++)
		if (lw_figure_descs[i].snap)
			val[i] = *(const u64 *)((const char *)&fig + lw_figure_descs[i].snap_off);
	max[LW_FIG_KNOWN] = fig.known_max;
	val[LW_FIG_ENABLED] = static_key_enabled(&lockwarden_enabled);
	val[LW_FIG_CHAIN_HITS] += lw_stat_read(LW_STAT_FAST_HITS);
	val[LW_FIG_MAX_TASKS] = lw_max_tasks;
	val[LW_FIG_TASK_STACKS] = lw_held_tasks_in_use();
	val[LW_FIG_KUNIT_WATCHES] = lw_kunit_watches_in_use();
	val[LW_FIG_ENGINE_MAX_NS] = lw_engine_max_ns();

	for (i = 0; i < LW_FIG_COUNT; i++) {
		seq_printf(seq, "%s: %llu", lw_figure_descs[i].name, val[i]);
		if (max[i])
			seq_printf(seq, " [max: %llu]", max[i]);
		seq_putc(seq, '\n');
	}
	for (i = 0; i < LW_STAT_COUNT; i++)
		seq_printf(seq, "%s: %lu\n", lw_stat_names[i], lw_stat_read(i));
	return 0;
}

/* Any write starts the interrupts-off maximum anew. */
LW_DEFINE_SHOW_RESET(stats, lw_engine_max_reset);

/**
 * lw_stats_debugfs_init() - create the stats file
 * @dir: lockwarden's debugfs directory
 */
void lw_stats_debugfs_init(struct dentry *dir)
{
	debugfs_create_file("stats", LW_DEBUGFS_RESET_MODE, dir, NULL, &lw_stats_fops);
}
