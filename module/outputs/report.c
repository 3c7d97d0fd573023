// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden's reports: the one printer that writes a finding to the console
 * or to a debugfs seq_file, so the two never drift apart, and the copies
 * of a finding that printers in atomic context work on.
 */
/* Report lines carry no prefix: the title line names lockwarden. */
#define pr_fmt(fmt) fmt

#include "outputs/outputs.h"

#include <linux/math64.h>
#include <linux/hardirq.h>
#include <linux/preempt.h>

#define LW_RULE "=================================================================="

/* One line to the seq_file, or to the console when @seq is NULL. */
static __printf(2, 0) void lw_vout(struct seq_file *seq, const char *fmt, va_list args)
{
	struct va_format vaf;
	va_list aq;

	if (seq) {
		seq_vprintf(seq, fmt, args);
		seq_putc(seq, '\n');
	} else {
		va_copy(aq, args);
		vaf.fmt = fmt;
		vaf.va = &aq;
		pr_warn("%pV\n", &vaf);
		va_end(aq);
	}
}

static __printf(2, 3) void lw_out(struct seq_file *seq, const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	lw_vout(seq, fmt, args);
	va_end(args);
}

/* A line that ends "at:", then the site it names, indented below it. */
static __printf(3, 4) void lw_out_at(struct seq_file *seq, const char *site,
				     const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	lw_vout(seq, fmt, args);
	va_end(args);
	lw_out(seq, "  %s", site);
}

/*
 * What the finding's task did, "comm/pid " then @fmt (a line that ends
 * "at:"), then its site 0 below it.
 */
static __printf(3, 4) void lw_out_task(struct seq_file *seq, const struct lw_finding *f,
				       const char *fmt, ...)
{
	struct va_format vaf;
	va_list args;

	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	lw_out_at(seq, f->site[0], "%s/%d %pV", f->comm, f->pid, &vaf);
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
	const char *kind = lw_kinds[f->kind].name;
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

/* Whether class @i of finding @f is an event class (a completion's, a work's...). */
static bool lw_is_event(const struct lw_finding *f, unsigned int i)
{
	return f->event[i];
}

/* How event class @i of finding @f reads (Documentation/waits.rst). */
static const struct lw_event_words *lw_words(const struct lw_finding *f, unsigned int i)
{
	return lw_event_words(f->event[i]);
}

/*
 * Link @i of a cycle, from class @i to the next, at its site: where the
 * next class was taken or waited for, or, out of an event class, where
 * the event is signalled (a complete(), a wake-up) or, for the end of a
 * run (a work's), where the lock was taken in it (Documentation/waits.rst).
 */
static void lw_print_link(struct seq_file *seq, const struct lw_finding *f, unsigned int i)
{
	unsigned int next = (i + 1) % f->nr;
	const struct lw_event_words *w = lw_words(f, i);

	if (lw_is_event(f, i) && w->signals)
		lw_out(seq, "  %s -> %s at %s (%s under %s)", f->cls[i],
		       f->cls[next], f->site[i], w->signalled, f->cls[next]);
	else if (lw_is_event(f, i))
		lw_out(seq, "  %s -> %s at %s (taken while %s %s runs)", f->cls[i],
		       f->cls[next], f->site[i], w->noun, f->cls[i]);
	else if (lw_is_event(f, next))
		lw_out(seq, "  %s -> %s at %s (waited for under %s)", f->cls[i],
		       f->cls[next], f->site[i], f->cls[i]);
	else
		lw_out(seq, "  %s -> %s at %s", f->cls[i], f->cls[next], f->site[i]);
}

/*
 * The two-context scenario of a cycle of a lock and an event: the waiter
 * holds the lock the signaller needs before it signals (or, for a run, in
 * the run).
 */
static void lw_print_wait_scenario(struct seq_file *seq, const struct lw_finding *f)
{
	unsigned int e = lw_is_event(f, 0) ? 0 : 1;
	const struct lw_event_words *w = lw_words(f, e);
	const char *event = f->cls[e];
	const char *lock = f->cls[!e];

	lw_out(seq, " Possible unsafe locking scenario:");
	lw_blank(seq);
	lw_out(seq, "       CPU0                    CPU1");
	lw_out(seq, "       ----                    ----");
	lw_out(seq, "  lock(%s);", lock);
	lw_out(seq, "  %s(%s);", w->wait, event);
	if (!w->signals)
		lw_out(seq, "                               <%s %s runs>", w->noun, event);
	lw_out(seq, "                               lock(%s);", lock);
	if (w->signals)
		lw_out(seq, "                               %s(%s);", w->signal, event);
}

/* Class @i of a longer cycle's chain, an event class with its kind: "W (work)". */
static void lw_print_chain_class(struct seq_file *seq, const struct lw_finding *f,
				 unsigned int i, const char *tail)
{
	if (lw_is_event(f, i))
		lw_out(seq, "  %s (%s)%s", f->cls[i], lw_words(f, i)->noun, tail);
	else
		lw_out(seq, "  %s%s", f->cls[i], tail);
}

static void lw_print_cycle(struct seq_file *seq, const struct lw_finding *f)
{
	const struct lw_event_words *w0 = lw_words(f, 0), *w1 = lw_words(f, 1);
	bool any = false;
	unsigned int i;

	if (lw_is_event(f, 0) && w0->signals)
		lw_out_task(seq, f, "%s %s while holding %s, at:", w0->signals, f->cls[0],
			    f->cls[1]);
	else if (lw_is_event(f, 0))
		lw_out_task(seq, f, "takes %s while %s %s runs, at:", f->cls[1], w0->noun,
			    f->cls[0]);
	else if (lw_is_event(f, 1))
		lw_out_task(seq, f, "%s %s %s while holding %s, at:", w1->waits, w1->noun,
			    f->cls[1], f->cls[0]);
	else
		lw_out_task(seq, f, "takes %s while holding %s, at:", f->cls[1], f->cls[0]);
	lw_out(seq, "which closes a cycle with the order already learned:");
	for (i = 1; i < f->nr; i++)
		lw_print_link(seq, f, i);
	if (f->truncated)
		lw_out(seq, "  ... (longer cycle: its first %d links shown)", LW_CHAIN_MAX);
	lw_blank(seq);
	for (i = 0; i < f->nr; i++)
		any |= lw_is_event(f, i);
	if (f->nr == 2 && any) {
		lw_print_wait_scenario(seq, f);
	} else if (f->nr == 2) {
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
			lw_print_chain_class(seq, f, i, " -->");
		lw_print_chain_class(seq, f, 0, "");
	}
	lw_blank(seq);
	lw_out(seq, " *** DEADLOCK ***");
}

/* Who has an owned object, and since where (its detail). */
static void lw_print_owner(struct seq_file *seq, const struct lw_finding *f)
{
	const char *how = f->detail.owned.in_transit ?
		"It is in transit, given by" : "It is owned by";

	if (f->detail.owned.ctx == LW_CTX_TASK)
		lw_out(seq, "%s task %d since:", how, f->detail.owned.owner);
	else
		lw_out(seq, "%s the %s context of CPU %d since:", how,
		       lw_ctx_name(f->detail.owned.ctx), f->detail.owned.owner);
	lw_out(seq, "  %s", f->site[1]);
}

/*
 * What a finding on the use of one lock (class 0) says: the task's act on
 * it (site 0), then what is wrong, with the holder's acquisition (site 1)
 * if @at_holder.
 */
struct lw_lock_use {
	const char *act;
	const char *held;
	const char *why;
	bool at_holder;
};

static const struct lw_lock_use lw_lock_uses[LW_KIND_COUNT] = {
	[LW_KIND_UNLOCK_NOT_HELD]  = { "releases", "", "but nobody holds it.", false },
	[LW_KIND_UNLOCK_NON_OWNER] = { "releases", "", "but another context holds it, acquired at:",
				       true },
	[LW_KIND_NOT_HELD]	   = { "requires", " held", "but does not hold it.", false },
	[LW_KIND_DESTROY_HELD]	   = { "destroys or frees", "", "while it is held, acquired at:",
				       true },
};

static void lw_print_lock_use(struct seq_file *seq, const struct lw_finding *f)
{
	const struct lw_lock_use *u = &lw_lock_uses[f->kind];

	lw_out_task(seq, f, "%s a lock of class %s%s, at:", u->act, f->cls[0], u->held);
	if (u->at_holder)
		lw_out_at(seq, f->site[1], "%s", u->why);
	else
		lw_out(seq, "%s", u->why);
}

/* What an owned-object finding's task does to the object, around its name. */
static const struct {
	const char *verb;
	const char *why;
} lw_owned_acts[LW_KIND_COUNT] = {
	[LW_KIND_USE_AFTER_MOVE] = { "uses", " after giving it away" },
	[LW_KIND_DOUBLE_TAKE]	 = { "takes", ", which is not in transit" },
	[LW_KIND_NOT_OWNER]	 = { "uses", ", which it does not own" },
	[LW_KIND_FREED_OWNED]	 = { "frees", ", which it does not own" },
};

/* An owned-object finding: the use (site 0), where it changed hands (site 1). */
static void lw_print_owned(struct seq_file *seq, const struct lw_finding *f)
{
	lw_out_task(seq, f, "%s object %s%s, at:", lw_owned_acts[f->kind].verb, f->cls[0],
		    lw_owned_acts[f->kind].why);
	lw_print_owner(seq, f);
	if (f->kind == LW_KIND_DOUBLE_TAKE) {
		lw_blank(seq);
		lw_out(seq, " Two receivers of one object: only one may own it.");
	}
}

/*
 * An irq-safe class (0) taken before an irq-unsafe one (1) by the learned
 * order, the path's links in 2 on: lockdep's "HARDIRQ-safe ->
 * HARDIRQ-unsafe lock order detected".
 */
static void lw_print_irq_path(struct seq_file *seq, const struct lw_finding *f)
{
	unsigned int i;

	lw_out_at(seq, f->site[0], "irq-safe class %s is %s, at:", f->cls[0],
		  lw_usage_text(f->detail.irq.usage));
	lw_out(seq, "and is held, by the order learned, when %s is taken:", f->cls[1]);
	for (i = 2; i < f->nr; i++)
		lw_out(seq, "  %s -> %s at %s", i == 2 ? f->cls[0] : f->cls[i - 1],
		       f->cls[i], f->site[i]);
	if (f->truncated)
		lw_out(seq, "  ... (longer path: its first %d links shown)", f->nr - 2);
	lw_out_at(seq, f->site[1], "but irq-unsafe class %s is %s, at:", f->cls[1],
		  lw_usage_text(f->detail.irq.conflicts_with));
	lw_blank(seq);
	lw_out(seq, " Possible interrupt unsafe locking scenario:");
	lw_blank(seq);
	lw_out(seq, "       CPU0                    CPU1");
	lw_out(seq, "       ----                    ----");
	lw_out(seq, "  lock(%s);", f->cls[1]);
	lw_out(seq, "                               local_irq_disable();");
	lw_out(seq, "                               lock(%s);", f->cls[0]);
	lw_out(seq, "                               lock(%s);", f->cls[2]);
	lw_out(seq, "  <Interrupt>");
	lw_out(seq, "    lock(%s);", f->cls[0]);
	lw_blank(seq);
	lw_out(seq, " *** DEADLOCK ***");
}

static void lw_print_body(struct seq_file *seq, const struct lw_finding *f)
{
	switch (f->kind) {
	case LW_KIND_CYCLE:
		lw_print_cycle(seq, f);
		break;
	case LW_KIND_AA:
		lw_out_task(seq, f, "takes a lock of class %s, at:", f->cls[0]);
		lw_out_at(seq, f->site[1], "while it holds a lock of that class, taken at:");
		lw_blank(seq);
		lw_out(seq, " *** DEADLOCK *** if it is the same lock;");
		lw_out(seq, " two locks of one class need a nesting annotation or two classes.");
		break;
	case LW_KIND_RANK:
		lw_out_task(seq, f, "takes %s (rank %d), at:", f->cls[0], f->detail.rank.rank);
		lw_out_at(seq, f->site[1], "while holding %s (rank %d), taken at:", f->cls[1],
			  f->detail.rank.held_rank);
		lw_out(seq, "Declared ranks ascend: %s must be taken before %s.",
		       f->cls[0], f->cls[1]);
		break;
	case LW_KIND_UNLOCK_NOT_HELD:
	case LW_KIND_UNLOCK_NON_OWNER:
	case LW_KIND_NOT_HELD:
	case LW_KIND_DESTROY_HELD:
		lw_print_lock_use(seq, f);
		break;
	case LW_KIND_DEPTH:
		lw_out_task(seq, f, "takes a lock of class %s, at:", f->cls[0]);
		lw_out(seq, "while holding %d locks already; it is not tracked.", LW_MAX_DEPTH);
		break;
	case LW_KIND_UPGRADE:
		lw_out_task(seq, f, "takes %s for writing, at:", f->cls[0]);
		lw_out_at(seq, f->site[1], "while it holds it for reading, taken at:");
		lw_blank(seq);
		lw_out(seq, " *** DEADLOCK ***: the write waits for its own read hold.");
		break;
	case LW_KIND_SLEEP_ATOMIC:
		if (lw_is_event(f, 0))
			lw_out_task(seq, f, "%s %s %s in atomic context, at:",
				    lw_words(f, 0)->waits, lw_words(f, 0)->noun, f->cls[0]);
		else
			lw_out_task(seq, f, "takes sleeping lock %s in atomic context, at:",
				    f->cls[0]);
		if (f->nr >= 2)
			lw_out_at(seq, f->site[1], "while holding spinning lock %s, taken at:",
				  f->cls[1]);
		break;
	case LW_KIND_IRQ_INVERSION:
		if (f->detail.irq.links) {
			lw_print_irq_path(seq, f);
			break;
		}
		lw_out_at(seq, f->site[0], "class %s is %s, at:",
			  f->cls[0], lw_usage_text(f->detail.irq.usage));
		lw_out_at(seq, f->site[1], "and %s, at:",
			  lw_usage_text(f->detail.irq.conflicts_with));
		lw_blank(seq);
		lw_out(seq, " An interrupt taking it on a CPU that holds it with interrupts");
		lw_out(seq, " enabled spins forever: *** DEADLOCK ***");
		break;
	case LW_KIND_UNLOAD_HELD:
		lw_out_at(seq, f->site[0],
			  "a lock of class %s is held while its module unloads, acquired at:",
			  f->cls[0]);
		break;
	case LW_KIND_USE_AFTER_MOVE:
	case LW_KIND_DOUBLE_TAKE:
	case LW_KIND_NOT_OWNER:
	case LW_KIND_FREED_OWNED:
		lw_print_owned(seq, f);
		break;
	case LW_KIND_UNGUARDED:
		lw_out_task(seq, f, "reaches data guarded by a lock of class %s, at:", f->cls[0]);
		lw_out(seq, "%s", f->detail.unguarded.write_under_read ?
		       "to write it, but holds the lock only for reading." :
		       "but does not hold that lock.");
		break;
	case LW_KIND_HOLD_BUDGET:
		lw_out_task(seq, f, "releases %s after holding it for %llu ns, at:", f->cls[0],
			    f->detail.budget.held_ns);
		lw_out_at(seq, f->site[1],
			  "over its hold-time budget of %llu ns; it was acquired at:",
			  f->detail.budget.budget_ns);
		break;
	case LW_KIND_POISONED:
		lw_out_task(seq, f, "locks %s, whose guarded data is poisoned, at:", f->cls[0]);
		if (f->detail.poisoned.by_exit)
			lw_out(seq, "It was poisoned by a task that exited holding it, taken at:");
		else
			lw_out(seq, "It was poisoned at:");
		lw_out(seq, "  %s", f->site[1]);
		lw_out(seq, "The lock is held; the data may be inconsistent until cleared.");
		break;
	case LW_KIND_EXIT_HELD:
		lw_out_task(seq, f, "exits holding %s, acquired at:", f->cls[0]);
		if (f->detail.exit.guarded)
			lw_out(seq, "Its guarded data is poisoned.");
		lw_out(seq, "%s", f->detail.exit.released ? "It was released for the task." :
		       "It stays held, as the kernel leaves it.");
		break;
	case LW_KIND_WAIT_CONTEXT:
		lw_out_task(seq, f, "takes %s, a lock that sleeps on PREEMPT_RT, at:", f->cls[0]);
		if (f->nr >= 2)
			lw_out_at(seq, f->site[1], "while holding raw spinlock %s, taken at:",
				  f->cls[1]);
		else
			lw_out(seq, "with preemption or interrupts disabled.");
		lw_blank(seq);
		lw_out(seq, " On PREEMPT_RT it may sleep where sleeping is not allowed.");
		break;
	case LW_KIND_HELD:
		lw_out_at(seq, f->site[0], "%s/%d requires a lock of class %s not held, at:",
			  f->comm, f->pid, f->cls[0]);
		lw_out_at(seq, f->site[1], "but holds it, acquired at:");
		break;
	case LW_KIND_DOUBLE_COMPLETE:
		lw_out_task(seq, f, "completes %s, done for good by complete_all(), at:",
			    f->cls[0]);
		if (f->nr >= 2)
			lw_out_at(seq, f->site[1], "which complete_all() completed at:");
		lw_blank(seq);
		lw_out(seq, " It wakes nobody and counts nothing: no reinit_completion() between.");
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
		else if (f->kind == LW_KIND_IRQ_INVERSION)
			lw_out(seq, "stack when the dependency %s -> %s was learned:",
			       f->cls[0], f->cls[2]);
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

/* This context's copy (copies.c). Preemption is off; not in NMI context. */
static struct lw_finding *lw_copy_mine(void)
{
	unsigned int ctx = in_hardirq() ? 2 : in_serving_softirq() ? 1 : 0;

	return &lw_copies[smp_processor_id() * LW_COPY_CONTEXTS + ctx];
}

/**
 * lw_with_finding() - call @fn on a copy of a stored finding
 * @serial: its serial
 * @fn: what to do with it (print it); must not sleep
 * @arg: passed to @fn
 *
 * The finding is copied under the engine lock, and @fn runs after it is
 * dropped, with no lock held and interrupts as the caller has them, so a
 * report printed on a slow console keeps interrupts off no longer than the
 * caller itself does. Any context but NMI.
 *
 * Return: false when the finding is not stored (@fn was not called).
 */
bool lw_with_finding(u32 serial, void (*fn)(const struct lw_finding *f, void *arg),
		     void *arg)
{
	struct lw_finding *copy;
	bool found = false;

	if (in_nmi() || !lw_copies)
		return false;
	preempt_disable();
	copy = lw_copy_mine();
	if (lw_snap_finding_serial(serial, copy)) {
		fn(copy, arg);
		found = true;
	}
	preempt_enable();
	return found;
}
