// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden's reports: the one printer that writes a finding to the console
 * or to a debugfs seq_file, so the two never drift apart.
 */
/* Report lines carry no prefix: the title line names lockwarden. */
#define pr_fmt(fmt) fmt

#include "internal.h"

#include <linux/debugfs.h>
#include <linux/math64.h>
#include <linux/ratelimit.h>
#include <linux/slab.h>

#define LW_RULE "=================================================================="

/* One line to the seq_file, or to the console when @seq is NULL. */
static __printf(2, 3) void lw_out(struct seq_file *seq, const char *fmt, ...)
{
	struct va_format vaf;
	va_list args;

	va_start(args, fmt);
	if (seq) {
		seq_vprintf(seq, fmt, args);
		seq_putc(seq, '\n');
	} else {
		vaf.fmt = fmt;
		vaf.va = &args;
		pr_warn("%pV\n", &vaf);
	}
	va_end(args);
}

static void lw_blank(struct seq_file *seq)
{
	lw_out(seq, "%s", "");
}

/* The function part of a symbolised site: "f+0x1/0x2 [m]" gives "f". */
static int lw_func_len(const char *site)
{
	return strcspn(site, "+ ");
}

/* How an irq-safety inversion's usage bit reads in a report. */
static const char *lw_usage_text(int bit)
{
	static const char *const text[] = {
		[LW_USED_IN_HARDIRQ]	= "taken in hardirq context",
		[LW_ENABLED_HARDIRQ]	= "taken with hardirqs enabled",
		[LW_USED_IN_SOFTIRQ]	= "taken in softirq context",
		[LW_ENABLED_SOFTIRQ]	= "taken with softirqs enabled",
		[LW_USED_IN_HARDIRQ_READ] = "read in hardirq context",
		[LW_ENABLED_HARDIRQ_READ] = "read with hardirqs enabled",
		[LW_USED_IN_SOFTIRQ_READ] = "read in softirq context",
		[LW_ENABLED_SOFTIRQ_READ] = "read with softirqs enabled",
	};

	return bit >= 0 && bit < LW_USAGE_COUNT ? text[bit] : "?";
}

/**
 * lw_format_title() - the stable title of a finding, as its report starts
 * @buf: where to write it
 * @len: size of @buf; LW_TITLE_LEN holds any title
 * @f: the finding
 *
 * "lockwarden: KIND in FUNC / FUNC", or with one function when one site is
 * involved. Usable under the engine lock: it only formats.
 */
void lw_format_title(char *buf, size_t len, const struct lw_finding *f)
{
	const char *kind = lw_kind_names[f->kind];
	const char *a = f->site[0], *b = f->site[1];

	if (f->nr >= 2)
		snprintf(buf, len, "lockwarden: %s in %.*s / %.*s", kind,
			 lw_func_len(a), a, lw_func_len(b), b);
	else
		snprintf(buf, len, "lockwarden: %s in %.*s", kind, lw_func_len(a), a);
}

static void lw_print_title(struct seq_file *seq, const struct lw_finding *f)
{
	char title[LW_TITLE_LEN];

	lw_format_title(title, sizeof(title), f);
	lw_out(seq, "%s", title);
}

static void lw_print_cycle(struct seq_file *seq, const struct lw_finding *f)
{
	unsigned int i;

	lw_out(seq, "%s/%d takes %s while holding %s, at:", f->comm, f->pid,
	       f->cls[1], f->cls[0]);
	lw_out(seq, "  %s", f->site[0]);
	lw_out(seq, "which closes a cycle with the order already learned:");
	for (i = 1; i < f->nr; i++)
		lw_out(seq, "  %s -> %s at %s", f->cls[i],
		       i + 1 < f->nr ? f->cls[i + 1] : f->cls[0], f->site[i]);
	if (f->truncated)
		lw_out(seq, "  ... (longer cycle: its first %d links shown)", LW_CHAIN_MAX);
	lw_blank(seq);
	if (f->nr == 2) {
		lw_out(seq, " Possible unsafe locking scenario:");
		lw_blank(seq);
		lw_out(seq, "       CPU0                    CPU1");
		lw_out(seq, "       ----                    ----");
		lw_out(seq, "  lock(%s);", f->cls[1]);
		lw_out(seq, "                               lock(%s);", f->cls[0]);
		lw_out(seq, "                               lock(%s);", f->cls[1]);
		lw_out(seq, "  lock(%s);", f->cls[0]);
	} else {
		lw_out(seq, " Chain exists of:");
		for (i = 1; i < f->nr; i++)
			lw_out(seq, "  %s -->", f->cls[i]);
		lw_out(seq, "  %s", f->cls[0]);
	}
	lw_blank(seq);
	lw_out(seq, " *** DEADLOCK ***");
}

/* Who has an owned object, and since where: rank[] of the finding (owned.c). */
static void lw_print_owner(struct seq_file *seq, const struct lw_finding *f)
{
	int ctx = f->rank[1] & ~LW_OWNED_IN_TRANSIT;
	const char *how = f->rank[1] & LW_OWNED_IN_TRANSIT ?
		"It is in transit, given by" : "It is owned by";

	if (ctx == LW_CTX_TASK)
		lw_out(seq, "%s task %d since:", how, f->rank[0]);
	else
		lw_out(seq, "%s the %s context of CPU %d since:", how,
		       ctx == LW_CTX_SOFTIRQ ? "softirq" : "hardirq", f->rank[0]);
	lw_out(seq, "  %s", f->site[1]);
}

/* An owned-object finding: the use (site 0), where it changed hands (site 1). */
static void lw_print_owned(struct seq_file *seq, const struct lw_finding *f)
{
	switch (f->kind) {
	case LW_KIND_USE_AFTER_MOVE:
		lw_out(seq, "%s/%d uses object %s after giving it away, at:",
		       f->comm, f->pid, f->cls[0]);
		lw_out(seq, "  %s", f->site[0]);
		lw_print_owner(seq, f);
		break;
	case LW_KIND_DOUBLE_TAKE:
		lw_out(seq, "%s/%d takes object %s, which is not in transit, at:",
		       f->comm, f->pid, f->cls[0]);
		lw_out(seq, "  %s", f->site[0]);
		lw_print_owner(seq, f);
		lw_blank(seq);
		lw_out(seq, " Two receivers of one object: only one may own it.");
		break;
	case LW_KIND_NOT_OWNER:
		lw_out(seq, "%s/%d uses object %s, which it does not own, at:",
		       f->comm, f->pid, f->cls[0]);
		lw_out(seq, "  %s", f->site[0]);
		lw_print_owner(seq, f);
		break;
	default:
		lw_out(seq, "%s/%d frees object %s, which it does not own, at:",
		       f->comm, f->pid, f->cls[0]);
		lw_out(seq, "  %s", f->site[0]);
		lw_print_owner(seq, f);
		break;
	}
}

static void lw_print_body(struct seq_file *seq, const struct lw_finding *f)
{
	switch (f->kind) {
	case LW_KIND_CYCLE:
		lw_print_cycle(seq, f);
		break;
	case LW_KIND_AA:
		lw_out(seq, "%s/%d takes a lock of class %s, at:", f->comm, f->pid, f->cls[0]);
		lw_out(seq, "  %s", f->site[0]);
		lw_out(seq, "while it holds a lock of that class, taken at:");
		lw_out(seq, "  %s", f->site[1]);
		lw_blank(seq);
		lw_out(seq, " *** DEADLOCK *** if it is the same lock;");
		lw_out(seq, " two locks of one class need a nesting annotation or two classes.");
		break;
	case LW_KIND_RANK:
		lw_out(seq, "%s/%d takes %s (rank %d), at:", f->comm, f->pid,
		       f->cls[0], f->rank[0]);
		lw_out(seq, "  %s", f->site[0]);
		lw_out(seq, "while holding %s (rank %d), taken at:", f->cls[1], f->rank[1]);
		lw_out(seq, "  %s", f->site[1]);
		lw_out(seq, "Declared ranks ascend: %s must be taken before %s.",
		       f->cls[0], f->cls[1]);
		break;
	case LW_KIND_UNLOCK_NOT_HELD:
		lw_out(seq, "%s/%d releases a lock of class %s, at:", f->comm, f->pid, f->cls[0]);
		lw_out(seq, "  %s", f->site[0]);
		lw_out(seq, "but nobody holds it; the release was not performed.");
		break;
	case LW_KIND_UNLOCK_NON_OWNER:
		lw_out(seq, "%s/%d releases a lock of class %s, at:", f->comm, f->pid, f->cls[0]);
		lw_out(seq, "  %s", f->site[0]);
		lw_out(seq, "but another context holds it, acquired at:");
		lw_out(seq, "  %s", f->site[1]);
		break;
	case LW_KIND_DEPTH:
		lw_out(seq, "%s/%d takes a lock of class %s, at:", f->comm, f->pid, f->cls[0]);
		lw_out(seq, "  %s", f->site[0]);
		lw_out(seq, "while holding %d locks already; it is not tracked.", LW_MAX_DEPTH);
		break;
	case LW_KIND_UPGRADE:
		lw_out(seq, "%s/%d takes %s for writing, at:", f->comm, f->pid, f->cls[0]);
		lw_out(seq, "  %s", f->site[0]);
		lw_out(seq, "while it holds it for reading, taken at:");
		lw_out(seq, "  %s", f->site[1]);
		lw_blank(seq);
		lw_out(seq, " *** DEADLOCK ***: the write waits for its own read hold.");
		break;
	case LW_KIND_SLEEP_ATOMIC:
		lw_out(seq, "%s/%d takes sleeping lock %s in atomic context, at:",
		       f->comm, f->pid, f->cls[0]);
		lw_out(seq, "  %s", f->site[0]);
		if (f->nr >= 2) {
			lw_out(seq, "while holding spinning lock %s, taken at:", f->cls[1]);
			lw_out(seq, "  %s", f->site[1]);
		}
		break;
	case LW_KIND_IRQ_INVERSION:
		lw_out(seq, "class %s is %s, at:", f->cls[0], lw_usage_text(f->rank[0]));
		lw_out(seq, "  %s", f->site[0]);
		lw_out(seq, "and %s, at:", lw_usage_text(f->rank[1]));
		lw_out(seq, "  %s", f->site[1]);
		lw_blank(seq);
		lw_out(seq, " An interrupt taking it on a CPU that holds it with interrupts");
		lw_out(seq, " enabled spins forever: *** DEADLOCK ***");
		break;
	case LW_KIND_NOT_HELD:
		lw_out(seq, "%s/%d requires a lock of class %s held, at:",
		       f->comm, f->pid, f->cls[0]);
		lw_out(seq, "  %s", f->site[0]);
		lw_out(seq, "but does not hold it.");
		break;
	case LW_KIND_DESTROY_HELD:
		lw_out(seq, "%s/%d destroys or frees a lock of class %s, at:",
		       f->comm, f->pid, f->cls[0]);
		lw_out(seq, "  %s", f->site[0]);
		lw_out(seq, "while it is held, acquired at:");
		lw_out(seq, "  %s", f->site[1]);
		break;
	case LW_KIND_UNLOAD_HELD:
		lw_out(seq, "a lock of class %s is held while its module unloads, acquired at:",
		       f->cls[0]);
		lw_out(seq, "  %s", f->site[0]);
		break;
	case LW_KIND_USE_AFTER_MOVE:
	case LW_KIND_DOUBLE_TAKE:
	case LW_KIND_NOT_OWNER:
	case LW_KIND_FREED_OWNED:
		lw_print_owned(seq, f);
		break;
	case LW_KIND_UNGUARDED:
		lw_out(seq, "%s/%d reaches data guarded by a lock of class %s, at:",
		       f->comm, f->pid, f->cls[0]);
		lw_out(seq, "  %s", f->site[0]);
		lw_out(seq, "%s", f->rank[0] ? "to write it, but holds the lock only for reading." :
		       "but does not hold that lock.");
		break;
	case LW_KIND_HOLD_BUDGET:
		lw_out(seq, "%s/%d releases %s after holding it for %llu ns, at:",
		       f->comm, f->pid, f->cls[0], f->ns[0]);
		lw_out(seq, "  %s", f->site[0]);
		lw_out(seq, "over its hold-time budget of %llu ns; it was acquired at:", f->ns[1]);
		lw_out(seq, "  %s", f->site[1]);
		break;
	case LW_KIND_POISONED:
		lw_out(seq, "%s/%d locks %s, whose guarded data is poisoned, at:",
		       f->comm, f->pid, f->cls[0]);
		lw_out(seq, "  %s", f->site[0]);
		if (f->rank[0])
			lw_out(seq, "It was poisoned by a task that exited holding it, taken at:");
		else
			lw_out(seq, "It was poisoned at:");
		lw_out(seq, "  %s", f->site[1]);
		lw_out(seq, "The lock is held; the data may be inconsistent until cleared.");
		break;
	case LW_KIND_EXIT_HELD:
		lw_out(seq, "%s/%d exits holding %s, acquired at:", f->comm, f->pid, f->cls[0]);
		lw_out(seq, "  %s", f->site[0]);
		if (f->rank[1])
			lw_out(seq, "It was released for the task%s.",
			       f->rank[0] ? "; its guarded data is poisoned" : "");
		else
			lw_out(seq, "A spinning lock: it stays held%s.",
			       f->rank[0] ? "; its guarded data is poisoned" : "");
		break;
	case LW_KIND_COUNT:
		break;
	}
}

/* The stacks kept: the raiser's, then (a cycle's) the other side's. */
static void lw_print_stacks(struct seq_file *seq, const struct lw_finding *f)
{
	unsigned int s, i;

	for (s = 0; s < LW_STACKS; s++) {
		/* Stack 1 is a cycle's: its links name the dependency. */
		if (!f->nr_stack[s] || (s && f->nr < 2))
			continue;
		lw_blank(seq);
		if (!s)
			lw_out(seq, "stack of %s/%d when it raised this:", f->comm, f->pid);
		else
			lw_out(seq, "stack when the dependency %s -> %s was learned:",
			       f->cls[1], f->cls[2 % f->nr]);
		for (i = 0; i < f->nr_stack[s]; i++)
			lw_out(seq, "  %s", f->stack[s][i]);
	}
}

/**
 * lw_print_finding() - print one finding in full
 * @seq: the seq_file to print to, or NULL for the console
 * @f: the finding
 */
void lw_print_finding(struct seq_file *seq, const struct lw_finding *f)
{
	u32 first_rem, last_rem;
	u64 first_s = div_u64_rem(f->first_ns, NSEC_PER_SEC, &first_rem);
	u64 last_s = div_u64_rem(f->last_ns, NSEC_PER_SEC, &last_rem);

	lw_out(seq, LW_RULE);
	lw_print_title(seq, f);
	lw_blank(seq);
	lw_print_body(seq, f);
	lw_print_stacks(seq, f);
	lw_blank(seq);
	lw_out(seq, "finding #%u: seen %u time%s, first at %llu.%06us, last at %llu.%06us",
	       f->serial, f->count, f->count == 1 ? "" : "s",
	       first_s, first_rem / 1000, last_s, last_rem / 1000);
	lw_out(seq, LW_RULE);
}

/* Console reports: a burst of 10, then one per 5 seconds. */
static DEFINE_RATELIMIT_STATE(lw_report_rs, 5 * HZ, 10);

/* Serialises the console reports and the use of lw_report_buf. */
static DEFINE_RAW_SPINLOCK(lw_report_lock);
static struct lw_finding lw_report_buf;

/**
 * lw_report_console() - print a newly stored finding to the console
 * @serial: its serial number
 *
 * Called without the engine lock, in the context that raised the finding:
 * the finding is copied out under it and printed after. What is printed
 * depends on the mode (enum lw_mode): in report and warn modes the reports
 * are rate-limited (a dropped one is counted, never lost from debugfs) and
 * warn adds a WARN with this context's stack; panic prints every one, then
 * panics; silent prints nothing.
 */
void lw_report_console(u32 serial)
{
	int mode = READ_ONCE(lw_mode);
	const struct lw_finding *f;
	unsigned long flags, eflags;
	enum lw_kind kind = LW_KIND_COUNT;

	if (mode == LW_MODE_SILENT)
		return;
	if (mode != LW_MODE_PANIC && !__ratelimit(&lw_report_rs)) {
		lw_stat_inc(LW_STAT_SUPPRESSED);
		return;
	}
	raw_spin_lock_irqsave(&lw_report_lock, flags);
	if (lw_engine_lock(&eflags)) {
		f = lw_ring_find_serial(&lw_engine.ring, serial);
		if (f) {
			lw_report_buf = *f;
			kind = f->kind;
		}
		lw_engine_unlock(eflags);
	}
	if (kind != LW_KIND_COUNT)
		lw_print_finding(NULL, &lw_report_buf);
	raw_spin_unlock_irqrestore(&lw_report_lock, flags);
	if (kind == LW_KIND_COUNT)
		return;
	if (mode == LW_MODE_WARN)
		WARN(1, "lockwarden: %s (finding #%u)\n", lw_kind_names[kind], serial);
	if (mode == LW_MODE_PANIC)
		panic("lockwarden: %s (finding #%u)\n", lw_kind_names[kind], serial);
}

/**
 * lw_findings_show_each() - print every stored finding, oldest first
 * @seq: the seq_file to print to
 * @show: how to print one finding
 *
 * Each finding is copied out under the engine lock and printed after it is
 * dropped, one at a time. Returns 0, or -ENOMEM.
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
