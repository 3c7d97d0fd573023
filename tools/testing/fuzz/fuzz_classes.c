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
	fz_write_str("graph", graph);
}

/* A class's record: each field set, and a usage of 8 known letters. */
static void check_class(const struct lwt_class *k, size_t i)
{
	size_t j;

	FZ_CHECK(*k->id && *k->name && *k->rank && strlen(k->usage) == 8,
		 "class %zu is not a valid record", i);
	for (j = 0; j < 8; j++)
		FZ_CHECK(strchr("+-?.", k->usage[j]), "class %zu: usage %s", i, k->usage);
}

FZ_TABLE_TARGET(classes, lwt_classes, 1, check_class, lwt_cmd_graph_dot, "graph --dot")
