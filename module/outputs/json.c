// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden's debugfs findings.json: every stored finding as one JSON
 * object per line (JSON Lines), in the schema of Documentation/debugfs.rst.
 */
#include "outputs/outputs.h"

#include <linux/debugfs.h>

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

/* The kind-specific members (Documentation/debugfs.rst, "detail"). */
static void lw_json_detail(struct seq_file *seq, const struct lw_finding *f)
{
	struct lw_field fields[LW_FIELDS_MAX];
	unsigned int i, nr = lw_detail_fields(f, fields);

	seq_puts(seq, ",\"detail\":{");
	for (i = 0; i < nr; i++) {
		seq_printf(seq, i ? ",\"%s\":" : "\"%s\":", fields[i].key);
		switch (fields[i].type) {
		case LW_FIELD_INT:
			seq_printf(seq, "%lld", fields[i].i);
			break;
		case LW_FIELD_BOOL:
			seq_puts(seq, fields[i].b ? "true" : "false");
			break;
		case LW_FIELD_STR:
			lw_json_str(seq, fields[i].s);
			break;
		}
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
	lw_json_member_str(seq, "kind", lw_kinds[f->kind].id);
	lw_json_member_str(seq, "title", title);
	seq_printf(seq, ",\"count\":%u,\"first_ns\":%llu,\"last_ns\":%llu,\"pid\":%d",
		   f->count, f->first_ns, f->last_ns, f->pid);
	lw_json_member_str(seq, "comm", f->comm);
	seq_printf(seq, ",\"truncated\":%s,\"links\":[", f->truncated ? "true" : "false");
	for (i = 0; i < f->nr; i++) {
		seq_puts(seq, i ? ",{\"class\":" : "{\"class\":");
		lw_json_str(seq, f->cls[i]);
		lw_json_member_str(seq, "site", f->site[i]);
		/* An event class, by kind ("work"): Documentation/debugfs.rst. */
		if (f->event[i])
			lw_json_member_str(seq, "event", lw_event_words(f->event[i])->id);
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
