// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden's debugfs directory, /sys/kernel/debug/lockwarden/, root-only:
 * its registration. Each file's code lives with its concern: findings in
 * report.c, findings.json in json.c, classes, graph and held in dump.c,
 * stats in stats.c, lockstat in lockstat.c, control in control.c
 * (Documentation/debugfs.rst).
 */
#include "outputs/outputs.h"

#include <linux/debugfs.h>

static struct dentry *lw_debugfs_dir;

void lw_debugfs_init(void)
{
	lw_debugfs_dir = debugfs_create_dir("lockwarden", NULL);
	lw_findings_debugfs_init(lw_debugfs_dir);
	lw_json_debugfs_init(lw_debugfs_dir);
	lw_dump_debugfs_init(lw_debugfs_dir);
	lw_stats_debugfs_init(lw_debugfs_dir);
	lw_lockstat_debugfs_init(lw_debugfs_dir);
	lw_control_init(lw_debugfs_dir);
}

void lw_debugfs_exit(void)
{
	debugfs_remove_recursive(lw_debugfs_dir);
}
