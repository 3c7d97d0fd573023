// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden's tabular debugfs files: classes, graph and held, one record
 * per line, fields separated by TABs, in the formats of
 * Documentation/debugfs.rst.
 *
 * Each is a seq_file iterator over a table of the engine: position 0 is the
 * header, position i + 1 the table's entry i; an unused entry prints
 * nothing. The core copies one record at a time (core/snap.c), so lock
 * traffic waits for one record at most, and the copy is printed after.
 */
#include "outputs/outputs.h"

#include <linux/debugfs.h>

/* One tabular file: its header, its table's size and its record printer. */
struct lw_dump {
	const char *header;
	loff_t (*size)(void);
	int (*show)(struct seq_file *seq, loff_t i);	/* 0 or SEQ_SKIP */
	size_t scratch;					/* bytes of seq->private */
};

/* A name, with a TAB or newline printed as "_". */
static void lw_dump_name(struct seq_file *seq, const char *name)
{
	for (; *name; name++)
		seq_putc(seq, *name == '\t' || *name == '\n' ? '_' : *name);
}

/* A class's name as lockdep prints it: "name", or "name/N" for a subclass. */
static void lw_dump_class(struct seq_file *seq, const char *name, unsigned int sub)
{
	lw_dump_name(seq, name);
	if (sub)
		seq_printf(seq, "/%u", sub);
}

/* A site: the name given when it was learned, if any, else named now. */
static void lw_dump_site(struct seq_file *seq, unsigned long ip, const char *named)
{
	if (named && *named)
		seq_puts(seq, named);
	else if (ip)
		seq_printf(seq, "%pS", (void *)ip);
	else
		seq_putc(seq, '?');
}

/* === classes === */

static loff_t lw_classes_size(void)
{
	return lw_max_classes;
}

static int lw_classes_show(struct seq_file *seq, loff_t i)
{
	static const enum lw_usage pairs[][2] = {
		{ LW_USED_IN_HARDIRQ, LW_ENABLED_HARDIRQ },
		{ LW_USED_IN_SOFTIRQ, LW_ENABLED_SOFTIRQ },
		{ LW_USED_IN_HARDIRQ_READ, LW_ENABLED_HARDIRQ_READ },
		{ LW_USED_IN_SOFTIRQ_READ, LW_ENABLED_SOFTIRQ_READ },
	};
	struct lw_class_snap c, to;
	lw_id_t id = i + 1;
	const char *sep = "";
	unsigned int p;
	u32 e = 0;

	if (!lw_snap_class(id, &c))
		return SEQ_SKIP;
	seq_printf(seq, "%u\t", id);
	lw_dump_class(seq, c.name, c.subclass);
	/* acquired: lockstat's count, 0 if it never was on. */
	seq_printf(seq, "\t%d\t%llu\t%u\t%u\t", c.rank, lw_lockstat_acquisitions(id),
		   c.deps_out, c.deps_in);
	/* Per interrupt: '+' used in it or '.', then '-' taken with it enabled or '.'. */
	for (p = 0; p < ARRAY_SIZE(pairs); p++) {
		seq_putc(seq, c.usage & BIT(pairs[p][0]) ? '+' : '.');
		seq_putc(seq, c.usage & BIT(pairs[p][1]) ? '-' : '.');
	}
	seq_putc(seq, '\t');
	while ((e = lw_snap_class_after(id, e, &to))) {
		seq_puts(seq, sep);
		lw_dump_class(seq, to.name, to.subclass);
		sep = " ";
	}
	/* A lock class, or an event class by its kind (waits.rst). */
	seq_printf(seq, "\t%s\n", c.event ? lw_event_words(c.event)->id : "lock");
	return 0;
}

static const struct lw_dump lw_dump_classes = {
	.header = "# id\tname\trank\tacquired\tdeps_out\tdeps_in\tusage\tafter\tkind",
	.size = lw_classes_size,
	.show = lw_classes_show,
};

/* === graph === */

static loff_t lw_graph_size(void)
{
	return lw_max_edges;
}

static int lw_graph_show(struct seq_file *seq, loff_t i)
{
	struct lw_edge_snap e;

	if (!lw_snap_edge(i + 1, &e))
		return SEQ_SKIP;
	lw_dump_class(seq, e.from.name, e.from.subclass);
	seq_putc(seq, '\t');
	lw_dump_class(seq, e.to.name, e.to.subclass);
	seq_printf(seq, "\t%d\t", e.from_excl);
	lw_dump_site(seq, e.from_ip, e.from_site);
	seq_putc(seq, '\t');
	lw_dump_site(seq, e.to_ip, e.to_site);
	/* A lock's order, a wait under a lock, or a completion under one (waits.rst). */
	seq_printf(seq, "\t%s\n", e.from.event ? "signal" : e.to.event ? "wait" : "lock");
	return 0;
}

static const struct lw_dump lw_dump_graph = {
	.header = "# from\tto\tfrom_excl\tfrom_site\tto_site\tkind",
	.size = lw_graph_size,
	.show = lw_graph_show,
};

/* === held === */

static loff_t lw_held_size(void)
{
	return lw_held_nr_stacks();
}

static int lw_held_show(struct seq_file *seq, loff_t i)
{
	struct lw_held_snap *snap = seq->private;
	unsigned int k;

	lw_held_snap(i, snap);
	if (!snap->depth)
		return SEQ_SKIP;
	for (k = 0; k < snap->depth; k++) {
		u8 f = snap->locks[k].flags;

		seq_printf(seq, "%d\t", snap->pid);
		lw_dump_name(seq, snap->comm);
		seq_printf(seq, "\t%s", lw_ctx_name(snap->ctx));
		if (!snap->task)
			seq_printf(seq, ":%u", snap->cpu);
		seq_printf(seq, "\t%u\t", k);
		lw_dump_class(seq, snap->locks[k].cls, snap->locks[k].subclass);
		seq_printf(seq, "\t%s%s\t",
			   f & LW_ACQ_RREAD ? "rread" : f & LW_ACQ_READ ? "read" : "write",
			   f & LW_ACQ_TRY ? "+try" : "");
		lw_dump_site(seq, snap->locks[k].ip, NULL);
		seq_putc(seq, '\n');
	}
	return 0;
}

static const struct lw_dump lw_dump_held = {
	.header = "# pid\tcomm\tcontext\tdepth\tclass\tmode\tsite",
	.size = lw_held_size,
	.show = lw_held_show,
	.scratch = sizeof(struct lw_held_snap),
};

/* === The iterator === */

static const struct lw_dump *lw_dump_of(struct seq_file *seq)
{
	return file_inode(seq->file)->i_private;
}

static void *lw_dump_start(struct seq_file *seq, loff_t *pos)
{
	return *pos <= lw_dump_of(seq)->size() ? pos : NULL;
}

static void *lw_dump_next(struct seq_file *seq, void *v, loff_t *pos)
{
	++*pos;
	return lw_dump_start(seq, pos);
}

static void lw_dump_stop(struct seq_file *seq, void *v)
{
}

static int lw_dump_show(struct seq_file *seq, void *v)
{
	loff_t i = *(loff_t *)v;
	const struct lw_dump *d = lw_dump_of(seq);

	if (!i) {
		seq_printf(seq, "%s\n", d->header);
		return 0;
	}
	return d->show(seq, i - 1);
}

static const struct seq_operations lw_dump_seq_ops = {
	.start	= lw_dump_start,
	.next	= lw_dump_next,
	.stop	= lw_dump_stop,
	.show	= lw_dump_show,
};

static int lw_dump_open(struct inode *inode, struct file *file)
{
	const struct lw_dump *d = inode->i_private;

	if (d->scratch)
		return seq_open_private(file, &lw_dump_seq_ops, d->scratch);
	return seq_open(file, &lw_dump_seq_ops);
}

static int lw_dump_release(struct inode *inode, struct file *file)
{
	const struct lw_dump *d = inode->i_private;

	return d->scratch ? seq_release_private(inode, file) : seq_release(inode, file);
}

static const struct file_operations lw_dump_fops = {
	.owner		= THIS_MODULE,
	.open		= lw_dump_open,
	.read		= seq_read,
	.llseek		= seq_lseek,
	.release	= lw_dump_release,
};

/**
 * lw_dump_debugfs_init() - create the classes, graph and held files
 * @dir: lockwarden's debugfs directory
 */
void lw_dump_debugfs_init(struct dentry *dir)
{
	debugfs_create_file("classes", 0400, dir, (void *)&lw_dump_classes, &lw_dump_fops);
	debugfs_create_file("graph", 0400, dir, (void *)&lw_dump_graph, &lw_dump_fops);
	debugfs_create_file("held", 0400, dir, (void *)&lw_dump_held, &lw_dump_fops);
}
