// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the lockwarden tool's reader of the lockstat file, and
 * stats --prometheus, which exports it; one input as DIR/lockstat.
 */
#include <string.h>

#include "../../lockwarden/commands.h"
#include "../../lockwarden/files.h"
#include "../../lockwarden/util.h"
#include "tool_harness.h"

static const char stats[] = "enabled: 1\nlock-classes: 2 [max: 1024]\n";

void fz_setup(void)
{
	fz_write_str("stats", stats);
}

static void check_lockstat(const struct lwt_lockstat *l, size_t i)
{
	FZ_CHECK(*l->class, "class %zu has no name", i);
}

FZ_TABLE_TARGET(lockstat, lwt_lockstats, 1, check_lockstat, lwt_cmd_stats_prometheus,
		"stats --prometheus")
