// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite of lockwarden's lw_work and lw_workqueue: a flush (or
 * cancel_sync) of a work item, a flush or destroy of its declared
 * workqueue, under a lock the work takes is one cycle finding, whichever
 * side is learned first; a flush of the work's own class from inside its
 * run is a recursion finding; counterparts that cannot deadlock are silent.
 *
 * The works really run on a workqueue; every flush that is checked under
 * a lock is made while the work is idle, so it returns at once and nothing
 * deadlocks: the dependencies are learned all the same.
 */
#include <kunit/test.h>
#include <linux/string.h>
#include <linux/workqueue.h>

#include "lw_test.h"

static LW_DEFINE_CLASS(lw_wk_mutex, 0);
static LW_DEFINE_CLASS(lw_wk_other, 0);
static LW_DEFINE_CLASS(lw_wk_work, 0);
static LW_DEFINE_CLASS(lw_wk_queue, 0);
static LW_DEFINE_CLASS(lw_wk_flusher, 0);
static LW_DEFINE_CLASS(lw_wk_plain, 0);

static struct lw_mutex wk_m, wk_n;
static struct lw_work wk_w;		/* takes wk_m */
static struct lw_work wk_flusher;	/* flushes wk_target from its run */
static struct lw_work wk_flusher_sib;	/* of wk_flusher's class, never queued */
static struct lw_work wk_plain;		/* another class, takes nothing */
static struct lw_workqueue wk_q;
static struct lw_work *wk_target;

/* ===== Code under test ===== */

static noinline void test_kernel_work_takes_m(struct work_struct *work)
{
	lw_mutex_lock(&wk_m);
	lw_mutex_unlock(&wk_m);
}

static noinline void test_kernel_work_nothing(struct work_struct *work)
{
}

static noinline void test_kernel_work_flushes(struct work_struct *work)
{
	lw_flush_work(wk_target);
}

/* The ways to wait for wk_w's run. */
enum lw_wk_wait {
	WF_FLUSH,
	WF_CANCEL_SYNC,
	WF_FLUSH_WQ,
	WF_DESTROY_WQ,
	WF_COUNT,
};

static const char *const lw_wk_wait_names[WF_COUNT] = {
	[WF_FLUSH]	= "flush_work",
	[WF_CANCEL_SYNC] = "cancel_work_sync",
	[WF_FLUSH_WQ]	= "flush_workqueue",
	[WF_DESTROY_WQ]	= "destroy_workqueue",
};

static noinline void test_kernel_wk_wait(enum lw_wk_wait w)
{
	switch (w) {
	case WF_FLUSH:
		lw_flush_work(&wk_w);
		break;
	case WF_CANCEL_SYNC:
		lw_cancel_work_sync(&wk_w);
		break;
	case WF_FLUSH_WQ:
		lw_flush_workqueue(&wk_q);
		break;
	case WF_DESTROY_WQ:
		lw_destroy_workqueue(&wk_q);
		wk_q.wq = NULL;
		break;
	case WF_COUNT:
		break;
	}
}

/* The flusher: holds @m while it waits for the work, or its queue. */
static noinline void test_kernel_wk_wait_under(struct lw_mutex *m, enum lw_wk_wait w)
{
	lw_mutex_lock(m);
	test_kernel_wk_wait(w);
	lw_mutex_unlock(m);
}

/* Run wk_w once, on the declared queue, and wait for it with no lock held. */
static void lw_wk_run_once(void)
{
	lw_queue_work(&wk_q, &wk_w);
	flush_workqueue(wk_q.wq);
}

/* ===== The flush under the lock the work takes ===== */

/* A cycle case: the wait (v[0]), which side first (v[1], 1: the work's run). */
static const char *const lw_wk_order_names[] = { "flush-first", "work-first" };

LW_TEST_GRID_PARAM(lw_wk_cycle, WF_COUNT * 2, LW_TEST_AXIS(lw_wk_wait_names),
		   LW_TEST_AXIS(lw_wk_order_names));

/*
 * The cycle's sides, for lw_test_sides(): a run of the work, the wait under
 * M. A run after the queue was destroyed under M runs on a new queue of
 * the same class, which the test's exit destroys.
 */
static void lw_wk_run_side(struct kunit *test)
{
	if (!wk_q.wq) {
		lw_init_workqueue(&wk_q, alloc_workqueue("lw_wk_test", 0, 0), &lw_wk_queue);
		KUNIT_ASSERT_NOT_NULL(test, wk_q.wq);
	}
	lw_wk_run_once();
}

static void lw_wk_wait_side(struct kunit *test)
{
	const struct lw_test_point *p = test->param_value;

	test_kernel_wk_wait_under(&wk_m, p->v[0]);
}

/*
 * The work takes M; the flusher holds M while it waits for the work (or
 * for the queue it runs on). One cycle of M and the work's (or queue's)
 * class: found at the flush when the work ran first, else in the worker
 * when the work takes M under its own class.
 */
static void test_flush_under_lock(struct kunit *test)
{
	const struct lw_test_point *p = test->param_value;
	enum lw_wk_wait w = p->v[0];
	bool work_first = p->v[1], wq = w == WF_FLUSH_WQ || w == WF_DESTROY_WQ;
	struct lw_finding *f = lw_test_begin(test, LW_KIND_CYCLE);
	/* The cycle M -> Q -> W -> M through the queue, M -> W -> M through the work. */
	static const struct lw_test_link queue[] = {
		{ "lw_wk_mutex", 0, "test_kernel_wk_wait" },
		{ "lw_wk_queue", LW_LOCK_WORKQUEUE, NULL },
		{ "lw_wk_work", LW_LOCK_WORK, "test_kernel_work_takes_m" },
	}, work[] = {
		{ "lw_wk_mutex", 0, "test_kernel_wk_wait" },
		{ "lw_wk_work", LW_LOCK_WORK, "test_kernel_work_takes_m" },
	};

	lw_test_sides(test, work_first, lw_wk_run_side, lw_wk_wait_side);
	KUNIT_EXPECT_FALSE(test, lw_mutex_is_locked(&wk_m));
	lw_expect_only(test, LW_KIND_CYCLE, f);
	/*
	 * Through the queue, the run holds Q, then W: M is ordered after W.
	 * Work first, the wait under M closes the cycle, reported from M;
	 * else M taken in the run, under W, closes it, reported from W.
	 */
	if (wq)
		lw_expect_links(test, f, work_first ? 0 : 2, queue, ARRAY_SIZE(queue));
	else
		lw_expect_links(test, f, work_first ? 0 : 1, work, ARRAY_SIZE(work));
}

/* ===== Counterparts that cannot deadlock ===== */

enum lw_wk_silent {
	WS_FLUSH_UNLOCKED,	/* the flusher holds nothing */
	WS_UNRELATED_LOCK,	/* the flusher holds N, the work takes M */
	WS_QUEUE_UNDER_LOCK,	/* queueing waits for nothing */
	WS_SCHEDULED,		/* on the system queue: flushing wk_q is no wait for it */
	WS_COUNT,
};

static const char *const lw_wk_silent_names[WS_COUNT] = {
	[WS_FLUSH_UNLOCKED]	= "flush unlocked",
	[WS_UNRELATED_LOCK]	= "unrelated lock",
	[WS_QUEUE_UNDER_LOCK]	= "queue under lock",
	[WS_SCHEDULED]		= "system queue",
};

LW_TEST_NAMES_PARAM(lw_wk_silent, lw_wk_silent_names);

static noinline void test_kernel_wk_queue_under_m(void)
{
	lw_mutex_lock(&wk_m);
	lw_queue_work(&wk_q, &wk_w);
	lw_mutex_unlock(&wk_m);
}

static void lw_wk_silent_round(struct kunit *test, unsigned int round)
{
	enum lw_wk_wait w;

	switch (lw_test_param_index(test, lw_wk_silent_names)) {
	case WS_FLUSH_UNLOCKED:
		lw_wk_run_once();
		for (w = WF_FLUSH; w < WF_DESTROY_WQ; w++)
			test_kernel_wk_wait(w);
		break;
	case WS_UNRELATED_LOCK:
		lw_wk_run_once();
		for (w = WF_FLUSH; w < WF_DESTROY_WQ; w++)
			test_kernel_wk_wait_under(&wk_n, w);
		break;
	case WS_QUEUE_UNDER_LOCK:
		test_kernel_wk_queue_under_m();
		lw_flush_work(&wk_w);
		break;
	case WS_SCHEDULED:
		lw_schedule_work(&wk_w);
		lw_flush_work(&wk_w);
		test_kernel_wk_wait_under(&wk_m, WF_FLUSH_WQ);
		break;
	case WS_COUNT:
		break;
	}
}

/* Each counterpart, played twice: no finding. */
static void test_work_counterparts(struct kunit *test)
{
	lw_test_silent(test, lw_wk_silent_round, 2, &wk_m, &wk_n);
}

/* ===== A flush from inside the work ===== */

static const char *const lw_wk_self_names[] = { "own class", "other class" };

LW_TEST_NAMES_PARAM(lw_wk_self, lw_wk_self_names);

/*
 * A work whose run flushes a work of its own class: itself, which the
 * kernel would never return from, or any other of the class (the check
 * is by class, as lockdep's). Played with a sibling that is never queued,
 * so that the flush returns: a recursion finding naming the class, at the
 * flush, raised in the worker; and the call still made. Flushing a work of
 * another class from the run is silent.
 */
static void test_self_flush(struct kunit *test)
{
	bool own = !lw_test_param_index(test, lw_wk_self_names);
	struct lw_finding *f = lw_test_begin(test, own ? LW_KIND_AA : LW_NONE);

	wk_target = own ? &wk_flusher_sib : &wk_plain;
	lw_queue_work(&wk_q, &wk_flusher);
	flush_workqueue(wk_q.wq);
	lw_expect_only(test, own ? LW_KIND_AA : LW_NONE, f);
	if (!own)
		return;
	KUNIT_EXPECT_STREQ(test, f->cls[0], "lw_wk_flusher");
	lw_expect_events(test, f, LW_LOCK_WORK);
	KUNIT_EXPECT_NOT_NULL(test, strstr(f->site[0], "test_kernel_work_flushes"));
}

/* ===== Suite ===== */

static int lw_wk_test_init(struct kunit *test)
{
	lw_mutex_init(&wk_m, &lw_wk_mutex);
	lw_mutex_init(&wk_n, &lw_wk_other);
	lw_init_work(&wk_w, test_kernel_work_takes_m, &lw_wk_work);
	lw_init_work(&wk_flusher, test_kernel_work_flushes, &lw_wk_flusher);
	lw_init_work(&wk_flusher_sib, test_kernel_work_nothing, &lw_wk_flusher);
	lw_init_work(&wk_plain, test_kernel_work_nothing, &lw_wk_plain);
	lw_init_workqueue(&wk_q, alloc_workqueue("lw_wk_test", 0, 0), &lw_wk_queue);
	if (!wk_q.wq)
		return -ENOMEM;
	return lw_test_init(test);
}

static void lw_wk_test_exit(struct kunit *test)
{
	if (wk_q.wq)
		destroy_workqueue(wk_q.wq);
	wk_q.wq = NULL;
	lw_test_exit(test);
}

static struct kunit_case lw_wk_test_cases[] = {
	KUNIT_CASE_PARAM(test_flush_under_lock, lw_wk_cycle_gen_params),
	KUNIT_CASE_PARAM(test_work_counterparts, lw_wk_silent_gen_params),
	KUNIT_CASE_PARAM(test_self_flush, lw_wk_self_gen_params),
	{}
};

LW_TEST_SUITE(lockwarden_work, lw_wk_test_init, lw_wk_test_exit, lw_wk_test_cases);
