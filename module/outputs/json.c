// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden's debugfs findings.json: every stored finding as one JSON
 * object per line (JSON Lines), in the schema of Documentation/debugfs.rst.
 */
#include "internal.h"

#include <linux/debugfs.h>

/* Stable ids of the usage bits of an irq-safety inversion's detail. */
static const char *const lw_usage_ids[] = {
	[LW_USED_IN_HARDIRQ]		= "used_in_hardirq",
	[LW_ENABLED_HARDIRQ]		= "enabled_hardirq",
	[LW_USED_IN_SOFTIRQ]		= "used_in_softirq",
	[LW_ENABLED_SOFTIRQ]		= "enabled_softirq",
	[LW_USED_IN_HARDIRQ_READ]	= "used_in_hardirq_read",
	[LW_ENABLED_HARDIRQ_READ]	= "enabled_hardirq_read",
	[LW_USED_IN_SOFTIRQ_READ]	= "used_in_softirq_read",
	[LW_ENABLED_SOFTIRQ_READ]	= "enabled_softirq_read",
};

static_assert(ARRAY_SIZE(lw_usage_ids) == LW_USAGE_COUNT);

/*
 * A JSON string: quote and backslash escaped, every other byte below 0x20
 * or above 0x7e as \u00XX (bytes, not UTF-8, so the output is always valid).
 */
static void lw_json_str(struct seq_file *seq, const char *s)
{
	seq_putc(seq, '"');
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\') {
			seq_putc(seq, '\\');
			seq_putc(seq, c);
		} else if (c == '\n') {
			seq_puts(seq, "\\n");
		} else if (c == '\t') {
			seq_puts(seq, "\\t");
		} else if (c < 0x20 || c > 0x7e) {
			seq_printf(seq, "\\u%04x", c);
		} else {
			seq_putc(seq, c);
		}
	}
	seq_putc(seq, '"');
}

/* ,"name":"string": a member after the first. */
static void lw_json_member_str(struct seq_file *seq, const char *name, const char *s)
{
	seq_printf(seq, ",\"%s\":", name);
	lw_json_str(seq, s);
}

static const char *lw_usage_id(int bit)
{
	return bit >= 0 && bit < LW_USAGE_COUNT ? lw_usage_ids[bit] : "?";
}

/* An owned-object finding: who has the object (rank[] as owned.c fills it). */
static void lw_json_owner(struct seq_file *seq, const struct lw_finding *f)
{
	int ctx = f->rank[1] & ~LW_OWNED_IN_TRANSIT;

	seq_printf(seq, "\"owner_context\":\"%s\",\"%s\":%d,\"in_transit\":%s",
		   ctx == LW_CTX_TASK ? "task" : ctx == LW_CTX_SOFTIRQ ? "softirq" : "hardirq",
		   ctx == LW_CTX_TASK ? "owner_pid" : "owner_cpu", f->rank[0],
		   f->rank[1] & LW_OWNED_IN_TRANSIT ? "true" : "false");
}

/* The kind-specific members (Documentation/debugfs.rst, "detail"). */
static void lw_json_detail(struct seq_file *seq, const struct lw_finding *f)
{
	seq_puts(seq, ",\"detail\":{");
	switch (f->kind) {
	case LW_KIND_CYCLE:
		seq_printf(seq, "\"length\":%u", f->nr);
		break;
	case LW_KIND_RANK:
		seq_printf(seq, "\"rank\":%d,\"held_rank\":%d", f->rank[0], f->rank[1]);
		break;
	case LW_KIND_IRQ_INVERSION:
		seq_printf(seq, "\"usage\":\"%s\",\"conflicts_with\":\"%s\"",
			   lw_usage_id(f->rank[0]), lw_usage_id(f->rank[1]));
		break;
	case LW_KIND_DEPTH:
		seq_printf(seq, "\"max_depth\":%d", LW_MAX_DEPTH);
		break;
	case LW_KIND_USE_AFTER_MOVE:
	case LW_KIND_DOUBLE_TAKE:
	case LW_KIND_NOT_OWNER:
	case LW_KIND_FREED_OWNED:
		lw_json_owner(seq, f);
		break;
	case LW_KIND_UNGUARDED:
		seq_printf(seq, "\"write_under_read\":%s", f->rank[0] ? "true" : "false");
		break;
	case LW_KIND_HOLD_BUDGET:
		seq_printf(seq, "\"held_ns\":%llu,\"budget_ns\":%llu", f->ns[0], f->ns[1]);
		break;
	case LW_KIND_POISONED:
		seq_printf(seq, "\"by_exit\":%s", f->rank[0] ? "true" : "false");
		break;
	case LW_KIND_EXIT_HELD:
		seq_printf(seq, "\"guarded\":%s,\"released\":%s",
			   f->rank[0] ? "true" : "false", f->rank[1] ? "true" : "false");
		break;
	default:
		break;
	}
	seq_putc(seq, '}');
}

/* One finding as one line. */
static void lw_json_finding(struct seq_file *seq, const struct lw_finding *f)
{
	char title[LW_TITLE_LEN];
	unsigned int i, s;

	lw_format_title(title, sizeof(title), f);
	seq_printf(seq, "{\"serial\":%u,\"signature\":\"%016llx\"", f->serial, f->signature);
	lw_json_member_str(seq, "kind", lw_kind_ids[f->kind]);
	lw_json_member_str(seq, "title", title);
	seq_printf(seq, ",\"count\":%u,\"first_ns\":%llu,\"last_ns\":%llu,\"pid\":%d",
		   f->count, f->first_ns, f->last_ns, f->pid);
	lw_json_member_str(seq, "comm", f->comm);
	seq_printf(seq, ",\"truncated\":%s,\"links\":[", f->truncated ? "true" : "false");
	for (i = 0; i < f->nr; i++) {
		seq_puts(seq, i ? ",{\"class\":" : "{\"class\":");
		lw_json_str(seq, f->cls[i]);
		lw_json_member_str(seq, "site", f->site[i]);
		seq_putc(seq, '}');
	}
	seq_puts(seq, "],\"stacks\":[");
	for (s = 0; s < LW_STACKS; s++) {
		seq_puts(seq, s ? ",[" : "[");
		for (i = 0; i < f->nr_stack[s]; i++) {
			if (i)
				seq_putc(seq, ',');
			lw_json_str(seq, f->stack[s][i]);
		}
		seq_putc(seq, ']');
	}
	seq_putc(seq, ']');
	lw_json_detail(seq, f);
	seq_puts(seq, "}\n");
}

static int lw_json_show(struct seq_file *seq, void *v)
{
	return lw_findings_show_each(seq, lw_json_finding);
}
DEFINE_SHOW_ATTRIBUTE(lw_json);

/**
 * lw_json_debugfs_init() - create the findings.json file
 * @dir: lockwarden's debugfs directory
 */
void lw_json_debugfs_init(struct dentry *dir)
{
	debugfs_create_file("findings.json", 0400, dir, NULL, &lw_json_fops);
}
