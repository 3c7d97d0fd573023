// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite of lockwarden's lw_timer: a synchronous deletion under the
 * lock its callback takes is one cycle finding, whichever side is learned
 * first (the callback really runs, in a softirq); the counterparts, a
 * deletion holding nothing or another lock, and a deletion that does not
 * wait, are silent.
 */
#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/string.h>

#include "lw_test.h"

static LW_DEFINE_CLASS(lw_tm_spin, 0);
static LW_DEFINE_CLASS(lw_tm_other, 0);
static LW_DEFINE_CLASS(lw_tm_timer, 0);

static struct lw_spinlock tm_s, tm_n;
static struct lw_timer tm_t;
static atomic_t tm_runs;

/* ===== Code under test ===== */

/* The callback: takes tm_s, in the timer softirq. */
static noinline void test_kernel_timer_takes_s(struct timer_list *timer)
{
	lw_spin_lock(&tm_s);
	lw_spin_unlock(&tm_s);
	atomic_inc(&tm_runs);
}

/* The deleter: holds @s (bottom halves off, as the callback's lock needs). */
static noinline int test_kernel_delete_sync_under(struct lw_spinlock *s)
{
	int ret;

	lw_spin_lock_bh(s);
	ret = lw_timer_delete_sync(&tm_t);
	lw_spin_unlock_bh(s);
	return ret;
}

static noinline int test_kernel_delete_under(struct lw_spinlock *s)
{
	int ret;

	lw_spin_lock_bh(s);
	ret = lw_timer_delete(&tm_t);
	lw_spin_unlock_bh(s);
	return ret;
}

/* Fire the timer now and wait (at most a second) for its callback to have run. */
static void lw_tm_fire(struct kunit *test)
{
	int runs = atomic_read(&tm_runs), i;

	lw_mod_timer(&tm_t, jiffies);
	for (i = 0; i < 50 && atomic_read(&tm_runs) == runs; i++)
		msleep(20);
	KUNIT_EXPECT_EQ(test, atomic_read(&tm_runs), runs + 1);
	/* Not running any more: a deletion does not wait. */
	KUNIT_EXPECT_EQ(test, lw_timer_delete_sync(&tm_t), 0);
}

/* ===== The deletion under the callback's lock ===== */

static const bool lw_tm_params[] = { true, false };

static void lw_tm_desc(const bool *callback_first, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s",
		 *callback_first ? "callback-first" : "delete-first");
}

KUNIT_ARRAY_PARAM(lw_tm, lw_tm_params, lw_tm_desc);

/*
 * The callback takes S; the deleter holds S while it deletes the timer
 * synchronously: a cycle of S and the timer's class, found at the
 * deletion when the callback ran first, else in the softirq when the
 * callback takes S under the timer's class. The deletion still happens.
 */
static void test_delete_sync_under_lock(struct kunit *test)
{
	bool callback_first = *(const bool *)test->param_value;
	struct lw_finding *f = lw_test_begin(test, LW_KIND_CYCLE);

	if (callback_first) {
		lw_tm_fire(test);
		KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);
		lw_mod_timer(&tm_t, jiffies + 3600 * HZ);
		/* Pending: the kernel's deletion says so. */
		KUNIT_EXPECT_EQ(test, test_kernel_delete_sync_under(&tm_s), 1);
	} else {
		KUNIT_EXPECT_EQ(test, test_kernel_delete_sync_under(&tm_s), 0);
		KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);
		lw_tm_fire(test);
	}
	lw_expect_only(test, LW_KIND_CYCLE, f);
	KUNIT_ASSERT_EQ(test, f->nr, 2U);
	if (callback_first) {
		KUNIT_EXPECT_STREQ(test, f->cls[0], "lw_tm_spin");
		KUNIT_EXPECT_STREQ(test, f->cls[1], "lw_tm_timer");
		lw_expect_events(test, f, 0, LW_LOCK_TIMER);
		KUNIT_EXPECT_NOT_NULL(test, strstr(f->site[0], "test_kernel_delete_sync_under"));
		KUNIT_EXPECT_NOT_NULL(test, strstr(f->site[1], "test_kernel_timer_takes_s"));
	} else {
		KUNIT_EXPECT_STREQ(test, f->cls[0], "lw_tm_timer");
		KUNIT_EXPECT_STREQ(test, f->cls[1], "lw_tm_spin");
		lw_expect_events(test, f, LW_LOCK_TIMER, 0);
		KUNIT_EXPECT_NOT_NULL(test, strstr(f->site[0], "test_kernel_timer_takes_s"));
		KUNIT_EXPECT_NOT_NULL(test, strstr(f->site[1], "test_kernel_delete_sync_under"));
	}
}

/* ===== Counterparts ===== */

enum lw_tm_silent {
	TS_DELETE_UNLOCKED,	/* the deleter holds nothing */
	TS_UNRELATED_LOCK,	/* the deleter holds N, the callback takes S */
	TS_DELETE_NO_WAIT,	/* timer_delete() under S waits for nothing */
	TS_COUNT,
};

static const char *const lw_tm_silent_names[TS_COUNT] = {
	[TS_DELETE_UNLOCKED]	= "delete_sync unlocked",
	[TS_UNRELATED_LOCK]	= "unrelated lock",
	[TS_DELETE_NO_WAIT]	= "timer_delete under lock",
};

static const void *lw_tm_silent_gen(const void *prev, char *desc)
{
	static const enum lw_tm_silent cases[TS_COUNT] = {
		TS_DELETE_UNLOCKED, TS_UNRELATED_LOCK, TS_DELETE_NO_WAIT,
	};
	const enum lw_tm_silent *c = prev ? (const enum lw_tm_silent *)prev + 1 : cases;

	if (c - cases >= TS_COUNT)
		return NULL;
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s", lw_tm_silent_names[*c]);
	return c;
}

/* Each counterpart, around a run of the callback: no finding. */
static void test_timer_counterparts(struct kunit *test)
{
	const enum lw_tm_silent *s = test->param_value;
	int i;

	lw_test_expect(test, LW_NONE);
	for (i = 0; i < 2; i++) {
		lw_tm_fire(test);
		lw_mod_timer(&tm_t, jiffies + 3600 * HZ);
		switch (*s) {
		case TS_DELETE_UNLOCKED:
			KUNIT_EXPECT_EQ(test, lw_timer_delete_sync(&tm_t), 1);
			break;
		case TS_UNRELATED_LOCK:
			KUNIT_EXPECT_EQ(test, test_kernel_delete_sync_under(&tm_n), 1);
			break;
		case TS_DELETE_NO_WAIT:
			KUNIT_EXPECT_EQ(test, test_kernel_delete_under(&tm_s), 1);
			break;
		case TS_COUNT:
			break;
		}
	}
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);
}

/* ===== Suite ===== */

static int lw_tm_test_init(struct kunit *test)
{
	lw_spin_lock_init(&tm_s, &lw_tm_spin);
	lw_spin_lock_init(&tm_n, &lw_tm_other);
	lw_timer_setup(&tm_t, test_kernel_timer_takes_s, 0, &lw_tm_timer);
	return lw_test_init(test);
}

static void lw_tm_test_exit(struct kunit *test)
{
	timer_delete_sync(&tm_t.timer);
	lw_test_exit(test);
}

static struct kunit_case lw_tm_test_cases[] = {
	KUNIT_CASE_PARAM(test_delete_sync_under_lock, lw_tm_gen_params),
	KUNIT_CASE_PARAM(test_timer_counterparts, lw_tm_silent_gen),
	{}
};

LW_TEST_SUITE(lockwarden_timer, lw_tm_test_init, lw_tm_test_exit, lw_tm_test_cases);
