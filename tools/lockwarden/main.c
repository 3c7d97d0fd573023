// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden: the userspace command that reads lockwarden's debugfs files,
 * live or saved, and reports, exports, saves, diffs and merges them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "sites.h"
#include "util.h"

#define LWT_DEFAULT_DIR	"/sys/kernel/debug/lockwarden"

static void usage(FILE *out)
{
	fprintf(out,
		"usage: lockwarden [-d DIR] [-k OBJECT]... report\n"
		"       lockwarden [-d DIR] [-k OBJECT]... graph --dot\n"
		"       lockwarden [-d DIR] stats --prometheus\n"
		"       lockwarden [-d DIR] save OUTDIR\n"
		"       lockwarden [-d DIR] [-k OBJECT]... diff BASELINE\n"
		"       lockwarden [-k OBJECT]... merge [-o OUTDIR] DIR...\n"
		"\n"
		"Reads lockwarden's debugfs files from DIR (default %s),\n"
		"or a copy saved with 'lockwarden save'. See lockwarden(1).\n"
		"-k names sites' source lines from a module's .ko (MODULE.ko, or\n"
		"a directory searched for it), with binutils' addr2line.\n"
		"Exit: 0 ok; 1 diff found new edges or findings, merge found cycles\n"
		"no single run saw; 2 error.\n", LWT_DEFAULT_DIR);
}

static int usage_error(const char *fmt, const char *arg)
{
	fputs("lockwarden: ", stderr);
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	usage(stderr);
	return LWT_ERROR;
}

static int run(int argc, char **argv, char **pos)
{
	const char *dir = NULL, *out = NULL, *cmd;
	int dot = 0, prometheus = 0, npos = 0, i, options = 1, objects = 0;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (options && (!strcmp(a, "-d") || !strcmp(a, "-o"))) {
			if (i + 1 >= argc)
				return usage_error("%s needs an argument", a);
			if (a[1] == 'd')
				dir = argv[++i];
			else
				out = argv[++i];
		} else if (options && !strcmp(a, "-k")) {
			if (i + 1 >= argc)
				return usage_error("%s needs an argument", a);
			if (lwt_sites_add(argv[++i]))
				return LWT_ERROR;
			objects = 1;
		} else if (options && !strcmp(a, "--dot")) {
			dot = 1;
		} else if (options && !strcmp(a, "--prometheus")) {
			prometheus = 1;
		} else if (options && (!strcmp(a, "-h") || !strcmp(a, "--help"))) {
			usage(stdout);
			return LWT_OK;
		} else if (options && !strcmp(a, "--")) {
			options = 0;
		} else if (!options || a[0] != '-' || !a[1]) {
			pos[npos++] = argv[i];
		} else {
			return usage_error("unknown option: %s", a);
		}
	}
	if (!npos)
		return usage_error("%s", "a command is needed");
	if (!strcmp(pos[0], "merge") && dir)
		return usage_error("%s", "merge: give the run directories, not -d");
	if (!dir)
		dir = LWT_DEFAULT_DIR;
	cmd = pos[0];
	if ((dot && strcmp(cmd, "graph")) || (prometheus && strcmp(cmd, "stats")) ||
	    (out && strcmp(cmd, "merge")) ||
	    (objects && (!strcmp(cmd, "stats") || !strcmp(cmd, "save"))))
		return usage_error("option not valid for command %s", cmd);

	if (!strcmp(cmd, "report") && npos == 1)
		return lwt_cmd_report(dir);
	if (!strcmp(cmd, "graph") && npos == 1) {
		if (!dot)
			return usage_error("%s", "graph: only --dot output exists; give --dot");
		return lwt_cmd_graph_dot(dir);
	}
	if (!strcmp(cmd, "stats") && npos == 1) {
		if (!prometheus)
			return usage_error("%s",
					   "stats: only --prometheus output exists; give --prometheus");
		return lwt_cmd_stats_prometheus(dir);
	}
	if (!strcmp(cmd, "save") && npos == 2)
		return lwt_cmd_save(dir, pos[1]);
	if (!strcmp(cmd, "diff") && npos == 2)
		return lwt_cmd_diff(dir, pos[1]);
	if (!strcmp(cmd, "merge") && npos >= 2)
		return lwt_cmd_merge(out, &pos[1], npos - 1);
	if (!strcmp(cmd, "report") || !strcmp(cmd, "graph") || !strcmp(cmd, "stats") ||
	    !strcmp(cmd, "save") || !strcmp(cmd, "diff") || !strcmp(cmd, "merge"))
		return usage_error("wrong number of arguments for %s", cmd);
	return usage_error("unknown command: %s", cmd);
}

int main(int argc, char **argv)
{
	char **pos = lwt_realloc(NULL, argc > 0 ? (size_t)argc : 1, sizeof(*pos));
	int ret = run(argc, argv, pos);

	lwt_sites_free();
	free(pos);
	return ret;
}
