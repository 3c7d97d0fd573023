// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the lockwarden tool's reader of the stats file, and
 * stats --prometheus, which exports it; one input as DIR/stats.
 */
#include <string.h>

#include "../../lockwarden/commands.h"
#include "../../lockwarden/files.h"
#include "../../lockwarden/util.h"
#include "tool_harness.h"

/* A figure's record: a name and a value, and a maximum only of a number. */
static void check_stat(const struct lwt_stat *st, size_t i)
{
	FZ_CHECK(*st->name && *st->value && (!st->has_max || st->numeric),
		 "stat %zu is not a valid record", i);
}

FZ_TABLE_TARGET(stats, lwt_stats, 0, check_stat, lwt_cmd_stats_prometheus, "stats --prometheus")
