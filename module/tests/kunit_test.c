// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite of lockwarden's KUnit integration (module/kunit.c,
 * <lockwarden/kunit.h>): a finding fails the test whose task raised it
 * unless the test expected it, and the assertions see what was raised.
 *
 * A failing test is what is under test, so each case plays its scenario in
 * a test object of its own (struct lw_fake), made current for this task as
 * KUnit makes a test current, and ended as KUnit ends one; the case then
 * checks that object's status and log. The console shows the fake test's
 * failure messages ("# lw_fake: ..."): they are the point. Its log is what
 * the console printed for it, caught on the console tracepoint: from 6.7 a
 * test's own log is a string_stream that a module can neither make nor read.
 */
#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/irq_work.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/workqueue.h>

#include "compiled_out.h"
#include "lw_test.h"

static LW_DEFINE_CLASS(lw_ki_class_a, 0);
static LW_DEFINE_CLASS(lw_ki_class_b, 0);
static LW_DEFINE_CLASS(lw_ki_event, 0);

static struct lw_mutex ki_a, ki_b;
static struct lw_condvar ki_cv;

/* ===== Code under test: each sequence in its own function, named in reports ===== */

static noinline void test_kernel_ab(void)
{
	lw_mutex_lock(&ki_a);
	lw_mutex_lock(&ki_b);
	lw_mutex_unlock(&ki_b);
	lw_mutex_unlock(&ki_a);
}

static noinline void test_kernel_ba(void)
{
	lw_mutex_lock(&ki_b);
	lw_mutex_lock(&ki_a);
	lw_mutex_unlock(&ki_a);
	lw_mutex_unlock(&ki_b);
}

/* The functions of the example in Documentation/lockwarden.rst. */
static noinline void take_a_then_b(void)
{
	lw_mutex_lock(&ki_a);
	lw_mutex_lock(&ki_b);
	lw_mutex_unlock(&ki_b);
	lw_mutex_unlock(&ki_a);
}

static noinline void take_b_then_a(void)
{
	lw_mutex_lock(&ki_b);
	lw_mutex_lock(&ki_a);
	lw_mutex_unlock(&ki_a);
	lw_mutex_unlock(&ki_b);
}

/* Unlock of a lock not held: reported, and not performed. */
static noinline void test_kernel_unlock_free(void)
	__lw_no_tsa
{
	lw_mutex_unlock(&ki_a);
}

/* The condvar notified under A: its waiters wait for A's holders. */
static noinline void test_kernel_notify_under_a(void)
{
	lw_mutex_lock(&ki_a);
	lw_condvar_notify_one(&ki_cv);
	lw_mutex_unlock(&ki_a);
}

/*
 * A wait on it holding A (B, its mutex, given up for the sleep): a cycle,
 * found inside the sleep, the task already queued and no longer running.
 */
static noinline void test_kernel_wait_under_a(void)
{
	lw_mutex_lock(&ki_a);
	lw_mutex_lock(&ki_b);
	lw_condvar_wait_timeout(&ki_cv, &ki_b, 1);
	lw_mutex_unlock(&ki_b);
	lw_mutex_unlock(&ki_a);
}

/* A lock-order cycle, in a work item: another task than the test's. */
static void test_kernel_abba_work(struct work_struct *work)
{
	test_kernel_ab();
	test_kernel_ba();
}

struct lw_ki_irq {
	struct irq_work work;
	bool in_task;
};

/* An assert-held that fails, in an interrupt of the test's own task. */
static void test_kernel_assert_irq(struct irq_work *work)
{
	struct lw_ki_irq *r = container_of(work, struct lw_ki_irq, work);

	r->in_task = in_task();
	lw_assert_held(&ki_a);
}

/* ===== Helpers ===== */

/* What the fake tests' logs must say. */
static const char lw_ki_cycle_msg[] =
	"unexpected finding #1: lockwarden: lock-order cycle in test_kernel_ba / test_kernel_ab";
static const char lw_ki_unlock_msg[] =
	"unexpected finding #2: lockwarden: unlock of a lock not held in test_kernel_unlock_free";
static const char lw_ki_assert_held_msg[] =
	"unexpected finding #2: lockwarden: lock not held in test_interrupt_not_attributed";
static const char lw_ki_missing_msg[] =
	"lockwarden: expected a finding of kind \"lock-order cycle\"; none was raised";
static const char lw_ki_assert_msg[] = "no lockwarden finding of kind \"lock-order cycle\"";

/* A test object this task runs as, so its failures are observed, not ours. */
struct lw_fake {
	struct kunit test;
	struct kunit *real;
	char log[2048];
};

/* The fake test whose console lines are caught, and its lock. */
static DEFINE_SPINLOCK(lw_fake_lock);
static struct lw_fake *lw_fake_current;

static void lw_fake_probe_console(void *ignore, const char *buf, size_t len)
{
	unsigned long flags;
	size_t used;

	if (!strnstr(buf, "# lw_fake: ", len))
		return;
	spin_lock_irqsave(&lw_fake_lock, flags);
	if (lw_fake_current) {
		used = strlen(lw_fake_current->log);
		len = min(len, sizeof(lw_fake_current->log) - 1 - used);
		memcpy(lw_fake_current->log + used, buf, len);
		lw_fake_current->log[used + len] = '\0';
	}
	spin_unlock_irqrestore(&lw_fake_lock, flags);
}

static void lw_fake_set_current(struct lw_fake *fk)
{
	unsigned long flags;

	spin_lock_irqsave(&lw_fake_lock, flags);
	lw_fake_current = fk;
	spin_unlock_irqrestore(&lw_fake_lock, flags);
}

static struct lw_fake *lw_fake_begin(struct kunit *test)
{
	struct lw_fake *fk = kunit_kzalloc(test, sizeof(*fk), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, fk);
	kunit_init_test(&fk->test, "lw_fake", NULL);
	fk->real = test;
	lw_fake_set_current(fk);
	current->kunit_test = &fk->test;
	return fk;
}

/*
 * End the fake test as KUnit ends a test, its resources (a watch) cleaned
 * up, and make the real test current again. Between begin and end, the real
 * test only uses KUNIT_EXPECT*(): an assertion would abort it as the fake.
 */
static enum kunit_status lw_fake_end(struct lw_fake *fk)
{
	kunit_cleanup(&fk->test);
	current->kunit_test = fk->real;
	lw_fake_set_current(NULL);
	return fk->test.status;
}

/* How many times @needle is in @log. */
static unsigned int lw_log_count(const char *log, const char *needle)
{
	unsigned int n = 0;

	while ((log = strstr(log, needle))) {
		n++;
		log += strlen(needle);
	}
	return n;
}

/* End the fake test: it passed, and printed nothing. */
static void lw_fake_end_passed(struct kunit *test, struct lw_fake *fk)
{
	KUNIT_EXPECT_EQ(test, lw_fake_end(fk), KUNIT_SUCCESS);
	KUNIT_EXPECT_STREQ(test, fk->log, "");
}

/* End the fake test: it failed, and its log says @msg once. */
static void lw_fake_end_failed(struct kunit *test, struct lw_fake *fk, const char *msg)
{
	KUNIT_EXPECT_EQ(test, lw_fake_end(fk), KUNIT_FAILURE);
	KUNIT_EXPECT_EQ(test, lw_log_count(fk->log, msg), 1U);
}

/*
 * Begin a fake test and play ABBA in it: one lock-order cycle, which the
 * real @test declares (it is watched too) and, if @fake_expects, the fake
 * test as well.
 */
static struct lw_fake *lw_fake_begin_abba(struct kunit *test, bool fake_expects)
{
	struct lw_fake *fk;

	lw_kunit_expect(test, LW_KIND_CYCLE);
	fk = lw_fake_begin(test);
	if (fake_expects)
		lw_kunit_expect(&fk->test, LW_KIND_CYCLE);
	test_kernel_ab();
	test_kernel_ba();
	return fk;
}

static void lw_ki_in_work(void)
{
	struct work_struct work;

	INIT_WORK_ONSTACK(&work, test_kernel_abba_work);
	schedule_work(&work);
	flush_work(&work);
	destroy_work_on_stack(&work);
}

/* ===== Test cases ===== */

/* An unexpected finding fails the test, naming it; none leaves it passing. */
static void test_unexpected_finding_fails(struct kunit *test)
{
	struct lw_fake *fk = lw_fake_begin_abba(test, false);

	lw_fake_end_failed(test, fk, lw_ki_cycle_msg);
	KUNIT_EXPECT_EQ(test, lw_log_count(fk->log, "unexpected finding"), 1U);

	/* Counterpart: a consistent order. */
	lockwarden_reset();
	fk = lw_fake_begin(test);
	test_kernel_ab();
	test_kernel_ab();
	lw_fake_end_passed(test, fk);
}

/*
 * An unexpected finding raised while the test's task sleeps on a condvar,
 * queued and no longer TASK_RUNNING, fails the test as any other: printed,
 * not appended to the test's log by an allocation that might sleep there
 * (on a debug kernel, "do not call blocking ops when !TASK_RUNNING").
 */
static void test_unexpected_in_condvar_sleep(struct kunit *test)
{
	struct lw_fake *fk;

	lw_kunit_expect(test, LW_KIND_CYCLE);
	lw_condvar_init(&ki_cv, &lw_ki_event);
	fk = lw_fake_begin(test);
	lw_kunit_init(&fk->test);
	test_kernel_notify_under_a();
	test_kernel_wait_under_a();
	lw_fake_end_failed(test, fk, "unexpected finding #1: lockwarden: lock-order cycle in ");
	KUNIT_EXPECT_EQ(test, lw_log_count(fk->log, "unexpected finding"), 1U);
	KUNIT_EXPECT_FALSE(test, lw_mutex_is_locked(&ki_a));
	KUNIT_EXPECT_FALSE(test, lw_mutex_is_locked(&ki_b));
}

/* A repeat of a stored finding fails the test again: every occurrence counts. */
static void test_repeat_fails_again(struct kunit *test)
{
	struct lw_fake *fk = lw_fake_begin_abba(test, false);

	test_kernel_ba();
	KUNIT_EXPECT_EQ(test, lw_fake_end(fk), KUNIT_FAILURE);
	KUNIT_EXPECT_EQ(test, lw_log_count(fk->log, "unexpected finding #1: "), 2U);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 1U);
}

/* An expected finding passes, and the assertions see it. */
static void test_expected_finding_passes(struct kunit *test)
{
	struct lw_fake *fk = lw_fake_begin_abba(test, true);

	LW_KUNIT_EXPECT_FINDING(&fk->test, LW_KIND_CYCLE);
	LW_KUNIT_EXPECT_FINDINGS(&fk->test, LW_KIND_CYCLE, 1);
	LW_KUNIT_EXPECT_NO_OTHER(&fk->test);
	KUNIT_EXPECT_EQ(test, lw_kunit_count(&fk->test, LW_KIND_CYCLE), 1U);
	KUNIT_EXPECT_EQ(test, lw_kunit_count_other(&fk->test), 0U);
	lw_fake_end_passed(test, fk);
}

/* An expected finding that never happened fails the test at its end. */
static void test_expected_finding_missing_fails(struct kunit *test)
{
	struct lw_fake *fk = lw_fake_begin(test);

	lw_kunit_expect(&fk->test, LW_KIND_CYCLE);
	test_kernel_ab();
	KUNIT_EXPECT_EQ(test, fk->test.status, KUNIT_SUCCESS);
	lw_fake_end_failed(test, fk, lw_ki_missing_msg);

	/* The assertion says so too, where it is made. */
	fk = lw_fake_begin(test);
	lw_kunit_init(&fk->test);
	LW_KUNIT_EXPECT_FINDING(&fk->test, LW_KIND_CYCLE);
	lw_fake_end_failed(test, fk, lw_ki_assert_msg);
}

/* A second kind, not expected, fails the test; the expected one does not. */
static void test_second_kind_fails(struct kunit *test)
{
	struct lw_fake *fk;

	lw_kunit_expect(test, LW_KIND_UNLOCK_NOT_HELD);
	fk = lw_fake_begin_abba(test, true);
	KUNIT_EXPECT_EQ(test, fk->test.status, KUNIT_SUCCESS);
	test_kernel_unlock_free();
	KUNIT_EXPECT_EQ(test, fk->test.status, KUNIT_FAILURE);
	KUNIT_EXPECT_EQ(test, lw_kunit_count_other(&fk->test), 1U);
	lw_fake_end_failed(test, fk, lw_ki_unlock_msg);
	KUNIT_EXPECT_EQ(test, lw_log_count(fk->log, "lock-order cycle"), 0U);
}

/*
 * A finding raised by another task fails no test by itself; the watch
 * counts it, so LW_KUNIT_EXPECT_NO_OTHER() fails unless it was expected.
 */
static void test_other_task_caught_by_no_other(struct kunit *test)
{
	struct lw_fake *fk;

	lw_kunit_expect(test, LW_KIND_CYCLE);
	fk = lw_fake_begin(test);
	lw_kunit_init(&fk->test);
	lw_ki_in_work();
	KUNIT_EXPECT_EQ(test, fk->test.status, KUNIT_SUCCESS);
	KUNIT_EXPECT_EQ(test, lw_kunit_count(&fk->test, LW_KIND_CYCLE), 1U);
	LW_KUNIT_EXPECT_NO_OTHER(&fk->test);
	lw_fake_end_failed(test, fk, "did not expect");
	KUNIT_EXPECT_EQ(test, lw_log_count(fk->log, "unexpected finding"), 0U);

	/* Counterpart: the same, expected. */
	lockwarden_reset();
	fk = lw_fake_begin(test);
	lw_kunit_expect(&fk->test, LW_KIND_CYCLE);
	lw_ki_in_work();
	LW_KUNIT_EXPECT_FINDINGS(&fk->test, LW_KIND_CYCLE, 1);
	LW_KUNIT_EXPECT_NO_OTHER(&fk->test);
	lw_fake_end_passed(test, fk);
}

/* An interrupt of the test's task is not the test: counted, not failed. */
static void test_interrupt_not_attributed(struct kunit *test)
{
	/* Hard: PREEMPT_RT would run it in a task of its own. */
	struct lw_ki_irq r = {
		.in_task = true,
		.work = IRQ_WORK_INIT_HARD(test_kernel_assert_irq),
	};
	struct lw_fake *fk;

	lw_kunit_expect(test, LW_KIND_NOT_HELD);
	fk = lw_fake_begin(test);
	lw_kunit_init(&fk->test);
	irq_work_queue(&r.work);
	irq_work_sync(&r.work);
	KUNIT_EXPECT_FALSE(test, r.in_task);
	KUNIT_EXPECT_EQ(test, lw_kunit_count(&fk->test, LW_KIND_NOT_HELD), 1U);
	KUNIT_EXPECT_EQ(test, fk->test.status, KUNIT_SUCCESS);

	/* Counterpart: the same check in the task fails it. */
	lw_assert_held(&ki_b);
	lw_fake_end_failed(test, fk, lw_ki_assert_held_msg);
	KUNIT_EXPECT_EQ(test, lw_log_count(fk->log, "unexpected finding"), 1U);
}

/* The example of Documentation/lockwarden.rst, verbatim: it must pass. */
static void test_abba(struct kunit *test)
{
	lw_kunit_expect(test, LW_KIND_CYCLE);
	take_a_then_b();
	take_b_then_a();
	LW_KUNIT_EXPECT_FINDINGS(test, LW_KIND_CYCLE, 1);
	LW_KUNIT_EXPECT_NO_OTHER(test);
}

/* An assertion on a test that is not watched fails: it could not check. */
static void test_unwatched_assertion_fails(struct kunit *test)
{
	struct lw_fake *fk = lw_fake_begin(test);

	LW_KUNIT_EXPECT_NO_OTHER(&fk->test);
	lw_fake_end_failed(test, fk, "this test is not watched");

	/* Counterpart: watched, with nothing raised, it passes. */
	fk = lw_fake_begin(test);
	KUNIT_EXPECT_EQ(test, lw_kunit_init(&fk->test), 0);
	LW_KUNIT_EXPECT_NO_OTHER(&fk->test);
	lw_fake_end_passed(test, fk);
}

/* The locks are initialised after the reset: an assert-held checks them. */
static int lw_ki_test_init(struct kunit *test)
{
	int ret = lw_test_init(test);

	lw_mutex_init(&ki_a, &lw_ki_class_a);
	lw_mutex_init(&ki_b, &lw_ki_class_b);
	return ret;
}

/*
 * Each test function of compiled_out.c, built without lockwarden, played on
 * a test object of its own in a kthread (a skip ends the kthread, as KUnit
 * ends a skipped test's): it must end skipped, saying why, not pass.
 */
struct lw_ki_unchecked {
	struct kunit test;
	void (*fn)(struct kunit *test);
	bool returned;
};

static int test_kernel_unchecked(void *arg)
{
	struct lw_ki_unchecked *u = arg;

	u->fn(&u->test);
	WRITE_ONCE(u->returned, true);
	return 0;
}

static void test_compiled_out_skips(struct kunit *test)
{
	void (*const fns[])(struct kunit *test) = {
		lw_compiled_out_expect, lw_compiled_out_finding, lw_compiled_out_findings,
	};
	struct lw_ki_unchecked *u = kunit_kzalloc(test, sizeof(*u), GFP_KERNEL);
	struct task_struct *task;
	unsigned long end;
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, u);
	for (i = 0; i < ARRAY_SIZE(fns); i++) {
		memset(u, 0, sizeof(*u));
		kunit_init_test(&u->test, "lw_fake", NULL);
		u->fn = fns[i];
		task = kthread_create(test_kernel_unchecked, u, "lw_ki_unchecked");
		KUNIT_ASSERT_FALSE(test, IS_ERR(task));
		get_task_struct(task);
		wake_up_process(task);
		for (end = jiffies + 30 * HZ; !READ_ONCE(task->exit_state) &&
		     time_before(jiffies, end);)
			msleep(20);
		KUNIT_EXPECT_NE(test, READ_ONCE(task->exit_state), 0);
		put_task_struct(task);
		KUNIT_EXPECT_FALSE_MSG(test, READ_ONCE(u->returned), "function %u", i);
		KUNIT_EXPECT_EQ_MSG(test, u->test.status, KUNIT_SKIPPED, "function %u", i);
		KUNIT_EXPECT_NOT_NULL_MSG(test, strstr(u->test.status_comment, "compiled out"),
					  "function %u: %s", i, u->test.status_comment);
	}
}

/*
 * More tests asking to be watched than the table holds: the one too many
 * fails, saying so, is counted, and the kernel says so once.
 */
static void test_watch_table_full(struct kunit *test)
{
	struct lw_fake *fk = kunit_kcalloc(test, LW_KUNIT_WATCHES + 1, sizeof(*fk), GFP_KERNEL);
	unsigned long full = lockwarden_stat_read(LW_STAT_KUNIT_FULL);
	unsigned int i, n;

	KUNIT_ASSERT_NOT_NULL(test, fk);
	for (n = 0; n <= LW_KUNIT_WATCHES; n++) {
		kunit_init_test(&fk[n].test, "lw_fake", NULL);
		/* Its failure message, if any, goes to its log. */
		lw_fake_set_current(&fk[n]);
		if (lw_kunit_init(&fk[n].test))
			break;
	}
	lw_fake_set_current(NULL);
	/* This test's own watch is one of them. */
	KUNIT_EXPECT_LT(test, n, (unsigned int)LW_KUNIT_WATCHES);
	KUNIT_EXPECT_EQ(test, fk[n].test.status, KUNIT_FAILURE);
	KUNIT_EXPECT_EQ(test, lw_log_count(fk[n].log, "cannot watch this test"), 1U);
	KUNIT_EXPECT_EQ(test, lockwarden_stat_read(LW_STAT_KUNIT_FULL), full + 1);
	for (i = 0; i <= n && i <= LW_KUNIT_WATCHES; i++)
		kunit_cleanup(&fk[i].test);
	/* Released, a watch can be had again. */
	kunit_init_test(&fk[0].test, "lw_fake", NULL);
	KUNIT_EXPECT_EQ(test, lw_kunit_init(&fk[0].test), 0);
	kunit_cleanup(&fk[0].test);
}

static struct kunit_case lw_ki_test_cases[] = {
	KUNIT_CASE(test_unexpected_finding_fails),
	KUNIT_CASE(test_repeat_fails_again),
	KUNIT_CASE(test_unexpected_in_condvar_sleep),
	KUNIT_CASE(test_expected_finding_passes),
	KUNIT_CASE(test_expected_finding_missing_fails),
	KUNIT_CASE(test_second_kind_fails),
	KUNIT_CASE(test_other_task_caught_by_no_other),
	KUNIT_CASE(test_interrupt_not_attributed),
	KUNIT_CASE(test_unwatched_assertion_fails),
	KUNIT_CASE(test_abba),
	KUNIT_CASE(test_compiled_out_skips),
	KUNIT_CASE(test_watch_table_full),
	{}
};

LW_TEST_CONSOLE_SUITE(lockwarden_kunit, lw_fake_probe_console, lw_ki_test_init,
		      lw_test_exit, lw_ki_test_cases);
