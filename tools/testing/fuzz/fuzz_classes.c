// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the lockwarden tool's reader of the classes file, and
 * graph --dot, which labels its nodes from it; one input as DIR/classes.
 */
#include <string.h>

#include "../../lockwarden/commands.h"
#include "../../lockwarden/files.h"
#include "../../lockwarden/util.h"
#include "tool_harness.h"

static const char graph[] =
	"# from\tto\tfrom_excl\tfrom_site\tto_site\n"
	"lw_scenario_a\tlw_scenario_b\t1\t?\t?\n";

void fz_setup(void)
{
	fz_write("graph", graph, strlen(graph));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *dir = fz_dir(NULL);
	struct lwt_classes c;
	int ret = FZ_LOAD(classes, &c, data, size, 1);
	size_t i, j;

	if (!ret) {
		for (i = 0; i < c.nr; i++) {
			const struct lwt_class *k = &c.v[i];

			FZ_CHECK(*k->id && *k->name && *k->rank && strlen(k->usage) == 8,
				 "class %zu is not a valid record", i);
			for (j = 0; j < 8; j++)
				FZ_CHECK(strchr("+-?.", k->usage[j]), "class %zu: usage %s",
					 i, k->usage);
		}
		lwt_classes_free(&c);
	}
	FZ_CHECK(lwt_cmd_graph_dot(dir) == (ret ? LWT_ERROR : LWT_OK), "graph --dot");
	return 0;
}
