// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden's KUnit integration, the checks' side: what a finding does to
 * the KUnit tests. It fails the test whose task raised it, naming it, unless
 * the test declared its kind expected, and it is counted by every watching
 * test (kunit_watch.c has the watches and the public interface).
 *
 * Which test a finding belongs to: the one whose task raised it, in task
 * context (current->kunit_test). A finding raised in an interrupt, or in a
 * kthread or work item the test started, belongs to no test: it cannot fail
 * one by itself. A watching test counts it (every watch counts every finding
 * raised while it exists), so LW_KUNIT_EXPECT_NO_OTHER() and
 * LW_KUNIT_EXPECT_FINDING() see it.
 *
 * A subscriber of the raise layer, called from the lock paths once the
 * engine lock is dropped, in the context that raised the finding, which may
 * be atomic: nothing here allocates or sleeps. Failing a test only sets its
 * status, prints its line and appends it to its log (the kernel's
 * kunit_fail_current_test() allocates). Where appending would allocate or
 * sleep there (6.7 and later, lw_kunit_log_may_append() in compat.h), the
 * test's watch keeps the line, and its end appends it (kunit_watch.c).
 */
#include "outputs/outputs.h"

#include <kunit/test.h>
#include <linux/preempt.h>

/* Claimed and released by kunit_watch.c; under lw_kunit_lock. */
struct lw_kunit_watch lw_kunit_watches[LW_KUNIT_WATCHES];
DEFINE_RAW_SPINLOCK(lw_kunit_lock);

/* The watch of @test, or NULL. Precondition: lw_kunit_lock is held. */
struct lw_kunit_watch *lw_kunit_find(const struct kunit *test)
{
	unsigned int i;

	for (i = 0; i < LW_KUNIT_WATCHES; i++)
		if (lw_kunit_watches[i].test == test)
			return &lw_kunit_watches[i];
	return NULL;
}

/*
 * Count one occurrence of a finding of @kind in every watch. Returns true
 * if it fails the test running in this task: a watched test that did not
 * expect @kind.
 */
static bool lw_kunit_count_occurrence(enum lw_kind kind)
{
	struct kunit *own = in_task() ? lw_current_kunit_test() : NULL;
	bool expected = false;
	unsigned long flags;
	unsigned int i;

	raw_spin_lock_irqsave(&lw_kunit_lock, flags);
	for (i = 0; i < LW_KUNIT_WATCHES; i++) {
		struct lw_kunit_watch *w = &lw_kunit_watches[i];

		if (!w->test)
			continue;
		if (w->seen[kind] < U32_MAX)
			w->seen[kind]++;
		if (w->test == own && test_bit(kind, w->expected))
			expected = true;
	}
	raw_spin_unlock_irqrestore(&lw_kunit_lock, flags);
	return own && !expected;
}

/* Watches in use now (a racy count). */
unsigned int lw_kunit_watches_in_use(void)
{
	unsigned int i, n = 0;

	for (i = 0; i < LW_KUNIT_WATCHES; i++)
		n += !!READ_ONCE(lw_kunit_watches[i].test);
	return n;
}

static void lw_kunit_title(const struct lw_finding *f, void *title)
{
	lw_format_title(title, LW_TITLE_LEN, f);
}

/*
 * Keep @line for @test's log, to which it cannot be appended here: the
 * first such line of the test waits in its watch, later ones are counted.
 * A test nobody watches has the console's line only.
 */
static void lw_kunit_keep_line(const struct kunit *test, const char *line)
{
	struct lw_kunit_watch *w;
	unsigned long flags;

	raw_spin_lock_irqsave(&lw_kunit_lock, flags);
	w = lw_kunit_find(test);
	if (w && !w->unlogged++)
		strscpy(w->unlogged_line, line, sizeof(w->unlogged_line));
	raw_spin_unlock_irqrestore(&lw_kunit_lock, flags);
}

/*
 * Fail the current KUnit test on a finding it did not expect, with its
 * serial and title (which names its kind) on the console and in the test's
 * log: "unexpected finding #SERIAL: lockwarden: KIND in FUNC / FUNC".
 * Without its record (not stored, or since pushed out), the title names the
 * kind alone. Where the log cannot be appended to, the console line is
 * printed as kunit_err() prints it (after this file's pr_fmt() prefix) and
 * the log gets it when the test ends.
 */
static void lw_kunit_fail(u32 serial, enum lw_kind kind)
{
	struct kunit *test = lw_current_kunit_test();
	char title[LW_TITLE_LEN], line[LW_KUNIT_LINE_LEN];

	if (!lw_with_finding(serial, lw_kunit_title, title))
		snprintf(title, sizeof(title), "lockwarden: %s", lw_kinds[kind].name);
	snprintf(line, sizeof(line), "unexpected finding #%u: %s\n", serial, title);
	kunit_set_failure(test);
	if (lw_kunit_log_may_append()) {
		kunit_err(test, "%s", line);
		return;
	}
	pr_err(KUNIT_SUBTEST_INDENT "# %s: %s", test->name, line);
	lw_kunit_keep_line(test, line);
}

/*
 * Every occurrence of a finding, repeats included: counted by every watch,
 * and a failure of the test whose task raised it unless it expected it.
 */
static int lw_kunit_notify(struct notifier_block *nb, unsigned long action, void *data)
{
	const struct lw_occurrence *occ = data;

	if (lw_kunit_count_occurrence(occ->kind))
		lw_kunit_fail(occ->serial, occ->kind);
	return NOTIFY_OK;
}

static struct notifier_block lw_kunit_nb = {
	.notifier_call = lw_kunit_notify,
};

int lw_kunit_init_hook(void)
{
	/* Every occurrence counts in the watches and may fail a test. */
	return lw_raise_subscribe(&lw_kunit_nb, true);
}

void lw_kunit_exit_hook(void)
{
	lw_raise_unsubscribe(&lw_kunit_nb, true);
}
