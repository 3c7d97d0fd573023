// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the lockwarden tool's reader of findings.json (JSON
 * Lines), in memory and from DIR/findings.json, and the commands that
 * consume it: report, graph --dot (which marks cycles) and diff.
 */
#include <stdlib.h>
#include <string.h>

#include "../../lockwarden/commands.h"
#include "../../lockwarden/files.h"
#include "../../lockwarden/util.h"
#include "tool_harness.h"

/* Classes of the committed fixtures, so that cycle findings meet their edges. */
static const char graph[] =
	"# from\tto\tfrom_excl\tfrom_site\tto_site\n"
	"demo_dev_lock\tdemo_buf_lock\t1\tdemo_open+0x40/0xff [lw_demo]\t?\n"
	"demo_buf_lock\tdemo_io_lock\t1\t?\t?\n"
	"lw_scenario_a\tlw_scenario_b\t1\t?\t?\n"
	"lw_sc_mutex_abbcca_a\tlw_sc_mutex_abbcca_b\t1\t?\t?\n"
	"lw_sc_mutex_abbcca_b\tlw_sc_mutex_abbcca_c\t0\t?\t?\n";

void fz_setup(void)
{
	fz_write("graph", graph, strlen(graph));
}

static int hex16(const char *s)
{
	return strlen(s) == 16 && strspn(s, "0123456789abcdef") == 16;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *dir = fz_dir(NULL);
	char *text = malloc(size + 1);
	struct lwt_findings f, g;
	size_t i, j;
	int ret, ret2;

	FZ_CHECK(text, "out of memory");
	memcpy(text, data, size);
	text[size] = '\0';
	ret = lwt_parse_findings(text, size, "findings.json", &f);
	fz_check_loaded(ret, data, size, &f.nr, 0);
	if (!ret) {
		for (i = 0; i < f.nr; i++) {
			const struct lwt_finding *k = &f.v[i];

			FZ_CHECK(hex16(k->signature) && *k->kind && k->title && k->comm &&
				 (k->nr_links == 0 || k->links),
				 "finding %zu is not a valid record", i);
			for (j = 0; j < k->nr_links; j++)
				FZ_CHECK(k->links[j].class && k->links[j].site,
					 "finding %zu link %zu incomplete", i, j);
		}
	}

	/* The same text read from a file: the same verdict, the same findings. */
	fz_write("findings.json", data, size);
	ret2 = lwt_load_findings(dir, &g, 0);
	FZ_CHECK(ret2 == ret, "parsed %d, loaded %d", ret, ret2);
	if (!ret) {
		FZ_CHECK(g.nr == f.nr, "parsed %zu findings, loaded %zu", f.nr, g.nr);
		for (i = 0; i < f.nr; i++)
			FZ_CHECK(g.v[i].serial == f.v[i].serial &&
				 !strcmp(g.v[i].signature, f.v[i].signature) &&
				 g.v[i].nr_links == f.v[i].nr_links,
				 "finding %zu differs between parse and load", i);
		lwt_findings_free(&g);
		lwt_findings_free(&f);
	}
	free(text);

	FZ_CHECK(lwt_cmd_report(dir) == (ret ? LWT_ERROR : LWT_OK), "report");
	FZ_CHECK(lwt_cmd_graph_dot(dir) == (ret ? LWT_ERROR : LWT_OK), "graph --dot");
	FZ_CHECK(lwt_cmd_diff(dir, dir) == (ret ? LWT_ERROR : LWT_OK),
		 "findings differ from themselves");
	return 0;
}
