// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden's debugfs findings file: every stored finding in full, oldest
 * first, as the console reports it; and the loop over copies of the stored
 * findings that findings.json shares.
 */
#include "outputs/outputs.h"

#include <linux/debugfs.h>
#include <linux/slab.h>

/**
 * lw_findings_show_each() - print every stored finding, oldest first
 * @seq: the seq_file to print to
 * @show: how to print one finding
 *
 * Each finding is copied out under the engine lock and printed after it is
 * dropped, one at a time.
 *
 * Return: 0, or -ENOMEM.
 */
int lw_findings_show_each(struct seq_file *seq,
			  void (*show)(struct seq_file *seq, const struct lw_finding *f))
{
	struct lw_finding *f;
	u32 i;

	f = kmalloc(sizeof(*f), GFP_KERNEL);
	if (!f)
		return -ENOMEM;
	for (i = 0; lockwarden_finding_get(i, f); i++)
		show(seq, f);
	kfree(f);
	return 0;
}

/* findings: every stored finding in full, oldest first. */
static int lw_findings_show(struct seq_file *seq, void *v)
{
	return lw_findings_show_each(seq, lw_print_finding);
}
DEFINE_SHOW_ATTRIBUTE(lw_findings);

/**
 * lw_findings_debugfs_init() - create the findings file
 * @dir: lockwarden's debugfs directory
 */
void lw_findings_debugfs_init(struct dentry *dir)
{
	debugfs_create_file("findings", 0400, dir, NULL, &lw_findings_fops);
}
