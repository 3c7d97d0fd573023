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

/*
 * The deleter: holds @s (bottom halves off, as the callback's lock needs)
 * while it deletes the timer, @sync: waiting for its callback.
 */
static noinline int test_kernel_delete_under(struct lw_spinlock *s, bool sync)
{
	int ret;

	lw_spin_lock_bh(s);
	ret = sync ? lw_timer_delete_sync(&tm_t) : lw_timer_delete(&tm_t);
	lw_spin_unlock_bh(s);
	return ret;
}

/* Fire the timer now and wait (at most LW_TEST_WAIT) for its callback to have run. */
static void lw_tm_fire(struct kunit *test)
{
	int runs = atomic_read(&tm_runs);
	unsigned long limit = jiffies + LW_TEST_WAIT;

	lw_mod_timer(&tm_t, jiffies);
	while (atomic_read(&tm_runs) == runs && time_before(jiffies, limit))
		msleep(20);
	KUNIT_EXPECT_EQ(test, atomic_read(&tm_runs), runs + 1);
	/* Not running any more: a deletion does not wait. */
	KUNIT_EXPECT_EQ(test, lw_timer_delete_sync(&tm_t), 0);
}

/* ===== The deletion under the callback's lock ===== */

static const char *const lw_tm_names[] = { "callback-first", "delete-first" };

LW_TEST_NAMES_PARAM(lw_tm, lw_tm_names);

static int lw_tm_ret;

/* The cycle's sides, for lw_test_sides(): a run of the callback, the deletion under S. */
static void lw_tm_callback_side(struct kunit *test)
{
	lw_tm_fire(test);
	/* Pending again: a deletion after it says so. */
	lw_mod_timer(&tm_t, jiffies + 3600 * HZ);
}

static void lw_tm_delete_side(struct kunit *test)
{
	lw_tm_ret = test_kernel_delete_under(&tm_s, true);
}

/*
 * The callback takes S; the deleter holds S while it deletes the timer
 * synchronously: a cycle of S and the timer's class, found at the
 * deletion when the callback ran first, else in the softirq when the
 * callback takes S under the timer's class. The deletion still happens.
 */
static void test_delete_sync_under_lock(struct kunit *test)
{
	bool callback_first = !lw_test_param_index(test, lw_tm_names);
	struct lw_finding *f = lw_test_begin(test, LW_KIND_CYCLE);

	lw_test_sides(test, callback_first, lw_tm_callback_side, lw_tm_delete_side);
	/* The kernel's deletion says whether the timer was pending. */
	KUNIT_EXPECT_EQ(test, lw_tm_ret, callback_first ? 1 : 0);
	lw_expect_only(test, LW_KIND_CYCLE, f);
	lw_expect_classes(test, f, !callback_first,
			  { "lw_tm_spin", 0, "test_kernel_delete_under" },
			  { "lw_tm_timer", LW_LOCK_TIMER, "test_kernel_timer_takes_s" });
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

LW_TEST_NAMES_PARAM(lw_tm_silent, lw_tm_silent_names);

/* A round of a counterpart, after a run of the callback. */
static void lw_tm_silent_round(struct kunit *test, unsigned int round)
{
	lw_tm_callback_side(test);
	switch (lw_test_param_index(test, lw_tm_silent_names)) {
	case TS_DELETE_UNLOCKED:
		KUNIT_EXPECT_EQ(test, lw_timer_delete_sync(&tm_t), 1);
		break;
	case TS_UNRELATED_LOCK:
		KUNIT_EXPECT_EQ(test, test_kernel_delete_under(&tm_n, true), 1);
		break;
	case TS_DELETE_NO_WAIT:
		KUNIT_EXPECT_EQ(test, test_kernel_delete_under(&tm_s, false), 1);
		break;
	}
}

/* Each counterpart, around a run of the callback: no finding. */
static void test_timer_counterparts(struct kunit *test)
{
	lw_test_silent(test, lw_tm_silent_round, 2, NULL, NULL);
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
	KUNIT_CASE_PARAM(test_timer_counterparts, lw_tm_silent_gen_params),
	{}
};

LW_TEST_SUITE(lockwarden_timer, lw_tm_test_init, lw_tm_test_exit, lw_tm_test_cases);
