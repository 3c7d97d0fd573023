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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *dir = fz_dir(NULL);
	struct lwt_stats s;
	int ret = FZ_LOAD(stats, &s, data, size, 0);
	size_t i;

	if (!ret) {
		for (i = 0; i < s.nr; i++) {
			const struct lwt_stat *st = &s.v[i];

			FZ_CHECK(*st->name && *st->value && (!st->has_max || st->numeric),
				 "stat %zu is not a valid record", i);
		}
		lwt_stats_free(&s);
	}
	FZ_CHECK(lwt_cmd_stats_prometheus(dir) == (ret ? LWT_ERROR : LWT_OK),
		 "stats --prometheus");
	return 0;
}
