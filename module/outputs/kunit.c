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
 * status and appends to its log (the kernel's kunit_fail_current_test()
 * allocates); where appending would allocate there (6.7 and later), the
 * line is only printed (lw_kunit_err(), compat.h).
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
 * Fail the current KUnit test on a finding it did not expect, logging its
 * serial and title (which names its kind) in the test's log: "unexpected
 * finding #SERIAL: lockwarden: KIND in FUNC / FUNC". Without its record
 * (not stored, or since pushed out), the title names the kind alone.
 */
static void lw_kunit_fail(u32 serial, enum lw_kind kind)
{
	struct kunit *test = lw_current_kunit_test();
	char title[LW_TITLE_LEN];

	if (!lw_with_finding(serial, lw_kunit_title, title))
		snprintf(title, sizeof(title), "lockwarden: %s", lw_kinds[kind].name);
	kunit_set_failure(test);
	lw_kunit_err(test, "unexpected finding #%u: %s\n", serial, title);
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
