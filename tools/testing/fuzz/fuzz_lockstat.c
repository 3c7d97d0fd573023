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
	fz_write("stats", stats, strlen(stats));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *dir = fz_dir(NULL);
	struct lwt_lockstats l;
	int ret = FZ_LOAD(lockstat, &l, data, size, 1);
	size_t i;

	if (!ret) {
		for (i = 0; i < l.nr; i++)
			FZ_CHECK(*l.v[i].class, "class %zu has no name", i);
		lwt_lockstats_free(&l);
	}
	FZ_CHECK(lwt_cmd_stats_prometheus(dir) == (ret ? LWT_ERROR : LWT_OK),
		 "stats --prometheus");
	return 0;
}
