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
 * Called from the lock paths: nothing here allocates or sleeps. Failing a
 * test only sets its status and appends to its log (the kernel's
 * kunit_fail_current_test() allocates), after the engine lock is dropped, in
 * the context that raised the finding, which may be atomic; where appending
 * would allocate there (6.7 and later), the line is only printed
 * (lw_kunit_err(), compat.h).
 */
#include "internal.h"

#include <kunit/test.h>
#include <linux/preempt.h>

/* Under the engine lock; claimed and released by kunit_watch.c. */
struct lw_kunit_watch lw_kunit_watches[LW_KUNIT_WATCHES];

/* The watch of @test, or NULL. Precondition: the engine lock is held. */
struct lw_kunit_watch *lw_kunit_find(const struct kunit *test)
{
	unsigned int i;

	for (i = 0; i < LW_KUNIT_WATCHES; i++)
		if (lw_kunit_watches[i].test == test)
			return &lw_kunit_watches[i];
	return NULL;
}

/**
 * lw_kunit_raised() - account one occurrence of a finding to KUnit
 * @kind: its kind
 *
 * Counts it in every watch, and decides whether it fails the test running in
 * this task. Allocates nothing, takes no lock.
 *
 * Precondition: the engine lock is held.
 *
 * Return: true if the caller must fail the current test with
 * lw_kunit_fail() once the engine lock is dropped.
 */
bool lw_kunit_raised(enum lw_kind kind)
{
	struct kunit *own = in_task() ? lw_current_kunit_test() : NULL;
	bool expected = false;
	unsigned int i;

	for (i = 0; i < LW_KUNIT_WATCHES; i++) {
		struct lw_kunit_watch *w = &lw_kunit_watches[i];

		if (!w->test)
			continue;
		if (w->seen[kind] < U32_MAX)
			w->seen[kind]++;
		if (w->test == own && test_bit(kind, w->expected))
			expected = true;
	}
	return own && !expected;
}

/**
 * lw_kunit_fail() - fail the current KUnit test on a finding it did not expect
 * @serial: the finding's serial, 0 if it was not stored
 * @kind: its kind
 *
 * Logs the finding's serial and title (which names its kind) in the test's
 * log: "unexpected finding #SERIAL: lockwarden: KIND in FUNC / FUNC". Neither
 * allocates nor sleeps (it takes the engine lock briefly, to read the title,
 * and prints): safe in atomic context. Called without the engine lock.
 */
void lw_kunit_fail(u32 serial, enum lw_kind kind)
{
	struct kunit *test = in_task() ? lw_current_kunit_test() : NULL;
	const struct lw_finding *f;
	char title[LW_TITLE_LEN];
	unsigned long flags;

	if (!test)
		return;
	/* Without its record (not stored, or since pushed out): the kind. */
	snprintf(title, sizeof(title), "lockwarden: %s", lw_kind_names[kind]);
	if (serial && lw_engine_lock(&flags)) {
		f = lw_ring_find_serial(&lw_engine.ring, serial);
		if (f)
			lw_format_title(title, sizeof(title), f);
		lw_engine_unlock(flags);
	}
	kunit_set_failure(test);
	lw_kunit_err(test, "unexpected finding #%u: %s\n", serial, title);
}
