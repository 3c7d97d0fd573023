// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite of the KCSAN assertions scoped guards place on guarded data:
 * while one thread holds a guard, another writing the data without the lock
 * is a KCSAN report naming both functions; the same writer taking the lock
 * gives none. Reports are captured on the console tracepoint, as
 * kernel/kcsan/kcsan_test.c does. Skipped without KCSAN or a second CPU.
 *
 * KCSAN samples: a report needs the holder's watchpoint and the writer's
 * store to meet within one delay (kcsan.udelay_task, 80 us), so the two run
 * on two CPUs at once, each pinned to its own. Under TCG on a loaded host a
 * vCPU may not run for most of a second: the racy case waits up to
 * LW_GK_DEADLINE_RACE for a report naming the writer and stops at the
 * first one, the other runs the two threads side by side for
 * LW_GK_WINDOW_CLEAN and fails on any report. KCSAN may first report the
 * race "at unknown origin", naming the holder alone (the value changed
 * under its watchpoint, the writer's store not caught in the act): seen on
 * a loaded host, and not what the racy case waits for.
 */
#include <kunit/test.h>
#include <linux/cpumask.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/string.h>

#include "lw_test.h"

/* How long the racy case waits for a report, at most. */
#define LW_GK_DEADLINE_RACE	(30 * HZ)
/* How long the case that must stay silent runs its two threads. */
#define LW_GK_WINDOW_CLEAN	(3 * HZ)

static LW_DEFINE_CLASS(lw_gk_class, 0);
static LW_MUTEX_GUARDED(lw_gk_data, long);
static long lw_gk_sink;

/*
 * The titles of the first KCSAN report naming a function of this suite,
 * and of the first naming the writer (a report at unknown origin names the
 * holder alone).
 */
static struct {
	spinlock_t lock;	/* guards title and writer */
	char title[256];
	char writer[256];
} lw_gk_observed = {
	.lock = __SPIN_LOCK_UNLOCKED(lw_gk_observed.lock),
};

__no_kcsan
static void lw_gk_probe_console(void *ignore, const char *buf, size_t len)
{
	unsigned long flags;

	if (!strnstr(buf, "BUG: KCSAN: ", len) || !strnstr(buf, "lw_gk_", len))
		return;
	spin_lock_irqsave(&lw_gk_observed.lock, flags);
	if (!lw_gk_observed.title[0])
		strscpy(lw_gk_observed.title, buf,
			min(len + 1, sizeof(lw_gk_observed.title)));
	if (!lw_gk_observed.writer[0] && strnstr(buf, "lw_gk_write_unlocked", len))
		strscpy(lw_gk_observed.writer, buf,
			min(len + 1, sizeof(lw_gk_observed.writer)));
	spin_unlock_irqrestore(&lw_gk_observed.lock, flags);
}

/*
 * Whether a report was seen: one naming the writer (@writer) or any;
 * its title is copied to @title, @size bytes at most, unless NULL.
 */
__no_kcsan
static bool lw_gk_report_seen(bool writer, char *title, size_t size)
{
	const char *seen = writer ? lw_gk_observed.writer : lw_gk_observed.title;
	unsigned long flags;
	bool any;

	spin_lock_irqsave(&lw_gk_observed.lock, flags);
	any = seen[0];
	if (title)
		strscpy(title, seen, size);
	spin_unlock_irqrestore(&lw_gk_observed.lock, flags);
	return any;
}

/* ===== Code under test ===== */

/* The bypass: a plain write of the guarded data, no lock taken. */
static noinline void lw_gk_write_unlocked(void)
{
	ACCESS_PRIVATE(&lw_gk_data, __lw_data)++;
}

static noinline void lw_gk_write_locked(void)
{
	lw_mutex_guard(&lw_gk_data, value);

	(*value)++;
}

/* Holds the guard for a burst of reads; KCSAN watches the data meanwhile. */
static noinline void lw_gk_hold_guard(void)
{
	lw_mutex_guard(&lw_gk_data, value);
	int i;

	for (i = 0; i < 1000; i++)
		lw_gk_sink += READ_ONCE(*value);
}

static bool lw_gk_racy;

static int lw_gk_writer(void *arg)
{
	while (!kthread_should_stop()) {
		if (lw_gk_racy)
			lw_gk_write_unlocked();
		else
			lw_gk_write_locked();
		cond_resched();
	}
	return 0;
}

/*
 * Hold the guard in bursts on one CPU against the writer on another, for
 * @window jiffies or until a report (racy: one naming the writer).
 * Returns the jiffies it ran.
 */
static unsigned long lw_gk_run(struct kunit *test, bool racy, unsigned long window)
{
	unsigned long start = jiffies, deadline = start + window;
	struct task_struct *writer;
	unsigned int here, there;

	if (!IS_ENABLED(CONFIG_KCSAN))
		kunit_skip(test, "this kernel has no KCSAN");
	if (num_online_cpus() < 2)
		kunit_skip(test, "needs two CPUs");
	here = cpumask_first(cpu_online_mask);
	there = cpumask_next(here, cpu_online_mask);
	/* This case's own kthread (KUnit starts one per case): pinned until it ends. */
	KUNIT_ASSERT_EQ(test, set_cpus_allowed_ptr(current, cpumask_of(here)), 0);
	lw_mutex_guarded_init(&lw_gk_data, &lw_gk_class);
	lw_gk_racy = racy;
	writer = kthread_create(lw_gk_writer, NULL, "lw_gk_writer");
	KUNIT_ASSERT_FALSE(test, IS_ERR(writer));
	kthread_bind(writer, there);
	wake_up_process(writer);
	while (time_before(jiffies, deadline) && !lw_gk_report_seen(racy, NULL, 0)) {
		lw_gk_hold_guard();
		cond_resched();
	}
	kthread_stop(writer);
	return jiffies - start;
}

/* ===== Test cases ===== */

/* A write that bypasses the lock while a guard is held: a KCSAN report. */
static void test_kcsan_write_bypassing_guard(struct kunit *test)
{
	char *title = kunit_kzalloc(test, sizeof(lw_gk_observed.title), GFP_KERNEL);
	unsigned long ran;

	KUNIT_ASSERT_NOT_NULL(test, title);
	ran = lw_gk_run(test, true, LW_GK_DEADLINE_RACE);
	KUNIT_ASSERT_TRUE_MSG(test, lw_gk_report_seen(true, title, sizeof(lw_gk_observed.writer)),
			      "no KCSAN report naming the writer in %u ms",
			      jiffies_to_msecs(ran));
	kunit_info(test, "first report naming the writer after %u ms\n", jiffies_to_msecs(ran));
	/* The scoped assertion's report, not only a plain data race. */
	KUNIT_EXPECT_NOT_NULL(test, strstr(title, "assert: race"));
	KUNIT_EXPECT_NOT_NULL(test, strstr(title, "lw_gk_hold_guard"));
}

/* The same writer taking the lock: no report. */
static void test_kcsan_write_under_lock(struct kunit *test)
{
	lw_gk_run(test, false, LW_GK_WINDOW_CLEAN);
	KUNIT_EXPECT_FALSE(test, lw_gk_report_seen(false, NULL, 0));
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);
}

static int lw_gk_init(struct kunit *test)
{
	unsigned long flags;

	spin_lock_irqsave(&lw_gk_observed.lock, flags);
	lw_gk_observed.title[0] = '\0';
	lw_gk_observed.writer[0] = '\0';
	spin_unlock_irqrestore(&lw_gk_observed.lock, flags);
	return lw_test_init(test);
}

static struct kunit_case lw_gk_test_cases[] = {
	KUNIT_CASE(test_kcsan_write_bypassing_guard),
	LW_KUNIT_CASE_SLOW(test_kcsan_write_under_lock),
	{}
};

LW_TEST_CONSOLE_SUITE(lockwarden_guarded_kcsan, lw_gk_probe_console, lw_gk_init,
		      lw_test_exit, lw_gk_test_cases);
