// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: two saved runs, a/ and b/, each any of graph, classes,
 * findings.json, stats and lockstat, through every command of the
 * lockwarden tool: report, graph --dot, stats --prometheus, diff, merge.
 *
 * Input: sections, each opened by a line "@@ a/graph" (or another run and
 * file) and holding that file's bytes up to the next such line; text before
 * the first is ignored, a file without a section is absent, and a later
 * section of a file replaces an earlier one.
 */
#include <stdio.h>
#include <string.h>

#include "../../lockwarden/commands.h"
#include "../../lockwarden/util.h"
#include "tool_harness.h"

static const char *const files[] = {
	"graph", "classes", "findings.json", "stats", "lockstat",
};

#define NR_FILES	ARRAY_SIZE(files)

struct section {
	const uint8_t *data;
	size_t len;
	int present;
};

/* The section a marker line opens ("@@ a/graph"), or NULL. */
static struct section *marker(struct section s[2][NR_FILES], const uint8_t *line, size_t len)
{
	size_t i;

	if (len < 6 || memcmp(line, "@@ ", 3) || (line[3] != 'a' && line[3] != 'b') ||
	    line[4] != '/')
		return NULL;
	for (i = 0; i < NR_FILES; i++)
		if (len - 5 == strlen(files[i]) && !memcmp(line + 5, files[i], len - 5))
			return &s[line[3] == 'b'][i];
	return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct section s[2][NR_FILES] = { { { NULL, 0, 0 } } }, *cur = NULL;
	char *a = (char *)fz_dir("a"), *b = (char *)fz_dir("b");
	char *ab[2] = { a, b }, *aa[2] = { a, a }, name[32];
	size_t pos = 0, r, i;
	int ret;

	while (pos < size) {
		const uint8_t *nl = memchr(data + pos, '\n', size - pos);
		size_t end = nl ? (size_t)(nl - data) + 1 : size;
		struct section *open = marker(s, data + pos, end - pos - !!nl);

		if (open) {
			cur = open;
			cur->data = data + end;
			cur->len = 0;
			cur->present = 1;
		} else if (cur) {
			cur->len += end - pos;
		}
		pos = end;
	}
	for (r = 0; r < 2; r++) {
		for (i = 0; i < NR_FILES; i++) {
			snprintf(name, sizeof(name), "%c/%s", r ? 'b' : 'a', files[i]);
			if (s[r][i].present)
				fz_write(name, s[r][i].data, s[r][i].len);
			else
				fz_remove(name);
		}
	}

	lwt_cmd_report(a);
	lwt_cmd_graph_dot(a);
	lwt_cmd_stats_prometheus(a);
	lwt_cmd_diff(a, b);
	lwt_cmd_merge(NULL, ab, 2);
	/* Against itself a run has nothing new, and no cycle across runs. */
	ret = lwt_cmd_diff(a, a);
	FZ_CHECK(ret == LWT_OK || ret == LWT_ERROR, "a run differs from itself: %d", ret);
	ret = lwt_cmd_merge(NULL, aa, 2);
	FZ_CHECK(ret == LWT_OK || ret == LWT_ERROR, "a run merged with itself: %d", ret);
	return 0;
}
