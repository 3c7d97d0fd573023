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

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fz_init();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *dir = fz_dir(NULL);
	struct lwt_stats s;
	size_t i;
	int ret;

	fz_write("stats", data, size);
	ret = lwt_load_stats(dir, &s, 0);
	FZ_CHECK(ret == 0 || ret == -1, "load returned %d", ret);
	if (!ret) {
		FZ_CHECK(!fz_has_nul(data, size), "a NUL byte accepted");
		FZ_CHECK(s.nr == fz_count_lines(data, size),
			 "%zu stats from %zu lines", s.nr, fz_count_lines(data, size));
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
