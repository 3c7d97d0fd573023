// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite of lockwarden's owned objects and lw_chan: moves between a
 * task and a kthread, a work item and a hardirq (irq_work) give no finding;
 * use after move, a second take, access by a non-owner and freeing an
 * object owned elsewhere each give exactly their finding. lw_chan keeps
 * FIFO order and its capacity, and moves ownership with every message.
 */
#include <kunit/test.h>
#include <linux/bits.h>
#include <linux/completion.h>
#include <linux/irq_work.h>
#include <linux/kthread.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

#include "lw_test.h"

/* ===== Example (Documentation/lockwarden.rst includes it) ===== */

/* example-begin */
struct rx_buf {
	struct lw_owned own;		/* who may touch the buffer */
	unsigned int len;
	u8 data[64];
};

/* Producer (any context): fill a buffer it owns, then move it to the consumer. */
static int rx_produce(struct lw_chan *chan, struct rx_buf *buf, unsigned int len)
{
	lw_owned_get(&buf->own, buf)->len = len;
	return lw_chan_send(chan, &buf->own);	/* buf is no longer ours */
}

/* Consumer (one context): the buffer received is its own. */
static unsigned int rx_consume(struct lw_chan *chan)
{
	struct rx_buf *buf = lw_chan_recv_entry(chan, struct rx_buf, own);
	unsigned int len;

	if (!buf)
		return 0;
	len = lw_owned_get(&buf->own, buf)->len;
	lw_owned_destroy(&buf->own);
	kfree(buf);
	return len;
}

/* example-end */

/* ===== Code under test, run in other contexts ===== */

/* The steps another context may take on an object, in this order. */
enum {
	LW_STEP_TAKE	= BIT(0),	/* take it */
	LW_STEP_SEND	= BIT(1),	/* send it on lw_ow_chan; if that fails, stop */
	LW_STEP_TOUCH	= BIT(2),	/* use it */
	LW_STEP_GIVE	= BIT(3),	/* give it away */
	LW_STEP_DESTROY	= BIT(4),	/* end its tracking */
};

/* What another context does to an object: its steps. */
enum lw_op {
	OP_TAKE		   = LW_STEP_TAKE,
	OP_TAKE_GIVE	   = LW_STEP_TAKE | LW_STEP_TOUCH | LW_STEP_GIVE,
	OP_TOUCH	   = LW_STEP_TOUCH,
	OP_TAKE_TOUCH	   = LW_STEP_TAKE | LW_STEP_TOUCH,	/* and keep it */
	OP_TAKE_SEND	   = LW_STEP_TAKE | LW_STEP_SEND,
	OP_TAKE_SEND_TOUCH = LW_STEP_TAKE | LW_STEP_SEND | LW_STEP_TOUCH,
	OP_DESTROY	   = LW_STEP_DESTROY,
};

struct lw_ow_req {
	struct lw_owned *o;
	enum lw_op op;
	bool in_hardirq;
	struct completion done;
	struct work_struct work;
	struct irq_work irq;
};

static struct lw_owned *ow_slots[4];
static struct lw_chan lw_ow_chan;

static void test_kernel_op(struct lw_ow_req *r)
{
	if (r->op & LW_STEP_TAKE)
		lw_owned_take(r->o);
	if ((r->op & LW_STEP_SEND) && lw_chan_send(&lw_ow_chan, r->o))
		return;
	if (r->op & LW_STEP_TOUCH)
		lw_owned_assert(r->o);	/* after a send: the producer's bug */
	if (r->op & LW_STEP_GIVE)
		lw_owned_give(r->o);
	if (r->op & LW_STEP_DESTROY)
		lw_owned_destroy(r->o);
}

static void test_kernel_work(struct work_struct *work)
{
	test_kernel_op(container_of(work, struct lw_ow_req, work));
}

static int test_kernel_kthread(void *arg)
{
	struct lw_ow_req *r = arg;

	test_kernel_op(r);
	complete(&r->done);
	return 0;
}

static void test_kernel_irq(struct irq_work *irq)
{
	struct lw_ow_req *r = container_of(irq, struct lw_ow_req, irq);

	r->in_hardirq = in_hardirq();
	test_kernel_op(r);
}

/* Run @op on @o in a work item and wait for it. */
static void lw_in_work(struct lw_owned *o, enum lw_op op)
{
	struct lw_ow_req r = { .o = o, .op = op };

	INIT_WORK_ONSTACK(&r.work, test_kernel_work);
	schedule_work(&r.work);
	flush_work(&r.work);
	destroy_work_on_stack(&r.work);
}

/*
 * Run @op on @o in a hardirq (an irq_work marked hard, which PREEMPT_RT
 * does not move to a task); return whether it ran in one.
 */
static bool lw_in_irq(struct lw_owned *o, enum lw_op op)
{
	struct lw_ow_req r = { .o = o, .op = op, .irq = IRQ_WORK_INIT_HARD(test_kernel_irq) };

	irq_work_queue(&r.irq);
	irq_work_sync(&r.irq);
	return r.in_hardirq;
}

static struct lw_owned ow_obj;

/* Suite init: every case starts with ow_obj its own, and lw_ow_chan empty. */
static int lw_ow_test_init(struct kunit *test)
{
	int ret = lw_test_init(test);

	lw_owned_init(&ow_obj);
	lw_chan_init(&lw_ow_chan, ow_slots, ARRAY_SIZE(ow_slots));
	return ret;
}

/* Take ow_obj back from where it was moved, use it, end it: no finding. */
static void lw_take_back(struct kunit *test)
{
	lw_owned_take(&ow_obj);
	lw_owned_assert(&ow_obj);
	lw_owned_destroy(&ow_obj);
	lw_expect_only(test, LW_NONE, NULL);
}

/* ===== Test cases ===== */

static void test_move_to_kthread_and_back(struct kunit *test)
{
	struct lw_ow_req r = { .o = &ow_obj, .op = OP_TAKE_GIVE };
	struct task_struct *task;

	init_completion(&r.done);
	lw_owned_assert(&ow_obj);
	lw_owned_give(&ow_obj);
	task = kthread_run(test_kernel_kthread, &r, "lw_owned");
	KUNIT_ASSERT_FALSE(test, IS_ERR(task));
	wait_for_completion(&r.done);
	lw_take_back(test);
}

static void test_move_to_work_and_back(struct kunit *test)
{
	lw_owned_give(&ow_obj);
	lw_in_work(&ow_obj, OP_TAKE_GIVE);
	lw_take_back(test);
}

static void test_move_to_hardirq_and_back(struct kunit *test)
{
	lw_owned_give(&ow_obj);
	if (!lw_in_irq(&ow_obj, OP_TAKE_GIVE))
		kunit_skip(test, "the irq_work did not run in hardirq context");
	lw_take_back(test);
}

static void test_double_take(struct kunit *test)
{
	struct lw_finding *f = lw_test_begin(test, LW_KIND_DOUBLE_TAKE);

	lw_owned_give(&ow_obj);
	lw_in_work(&ow_obj, OP_TAKE);
	lw_expect_only(test, LW_NONE, NULL);

	lw_owned_take(&ow_obj);		/* a second receiver */
	lw_expect_only(test, LW_KIND_DOUBLE_TAKE, f);
	KUNIT_EXPECT_STREQ(test, f->cls[0], "&ow_obj");
	KUNIT_EXPECT_EQ(test, f->detail.owned.ctx, LW_CTX_TASK);
	KUNIT_EXPECT_FALSE(test, f->detail.owned.in_transit);
}

/*
 * A take of an object never given is no second receiver: by another
 * context, an access by a non-owner; by its owner, nothing.
 */
static void test_take_never_given(struct kunit *test)
{
	struct lw_finding *f = lw_test_begin(test, LW_KIND_NOT_OWNER);

	lw_owned_take(&ow_obj);		/* its owner */
	lw_expect_only(test, LW_NONE, NULL);

	lw_in_work(&ow_obj, OP_TAKE);	/* never given to it */
	lw_expect_only(test, LW_KIND_NOT_OWNER, f);
	KUNIT_EXPECT_EQ(test, f->detail.owned.owner, (int)task_pid_nr(current));
	KUNIT_EXPECT_EQ(test, lw_test_count_kind(test, LW_KIND_DOUBLE_TAKE, NULL), 0U);
	lw_owned_assert(&ow_obj);	/* still the task's */
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 1U);
}

static void test_use_after_move(struct kunit *test)
{
	struct lw_finding *f = lw_test_begin(test, LW_KIND_USE_AFTER_MOVE);

	lw_owned_give(&ow_obj);
	/* One work item: two may run on two kworkers, two different tasks. */
	lw_in_work(&ow_obj, OP_TAKE_TOUCH);	/* the new owner uses it: fine */
	lw_expect_only(test, LW_NONE, NULL);

	lw_owned_assert(&ow_obj);	/* the giver */
	lw_expect_only(test, LW_KIND_USE_AFTER_MOVE, f);
	KUNIT_EXPECT_STREQ(test, f->cls[0], "&ow_obj");
}

static void test_use_in_transit(struct kunit *test)
{
	lw_kunit_expect(test, LW_KIND_USE_AFTER_MOVE);
	lw_owned_give(&ow_obj);
	lw_owned_assert(&ow_obj);
	lw_expect_only(test, LW_KIND_USE_AFTER_MOVE, NULL);
}

static void test_non_owner_access(struct kunit *test)
{
	struct lw_finding *f = lw_test_begin(test, LW_KIND_NOT_OWNER);
	bool in_hardirq;

	lw_owned_assert(&ow_obj);
	lw_expect_only(test, LW_NONE, NULL);

	lw_in_work(&ow_obj, OP_TOUCH);
	lw_expect_only(test, LW_KIND_NOT_OWNER, f);
	KUNIT_EXPECT_EQ(test, f->detail.owned.owner, (int)task_pid_nr(current));

	/* From a hardirq, too: the same finding, seen twice. */
	in_hardirq = lw_in_irq(&ow_obj, OP_TOUCH);
	KUNIT_EXPECT_EQ(test, lw_test_count_kind(test, LW_KIND_NOT_OWNER, f), 1U);
	KUNIT_EXPECT_EQ(test, f->count, in_hardirq ? 2U : 1U);
	/* Raised by a worker and an interrupt: the watch counted both. */
	LW_KUNIT_EXPECT_FINDINGS(test, LW_KIND_NOT_OWNER, in_hardirq ? 2 : 1);
}

static void test_freed_while_owned(struct kunit *test)
{
	struct lw_finding *f = lw_test_begin(test, LW_KIND_FREED_OWNED);

	lw_owned_give(&ow_obj);
	lw_in_work(&ow_obj, OP_TAKE);
	lw_owned_destroy(&ow_obj);
	lw_expect_only(test, LW_KIND_FREED_OWNED, f);

	/* Destroyed: no more checking of it. */
	lw_owned_assert(&ow_obj);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 1U);
}

/* The giver freeing an object in transit uses it after the move. */
static void test_freed_in_transit(struct kunit *test)
{
	struct lw_finding *f = lw_test_begin(test, LW_KIND_USE_AFTER_MOVE);

	lw_owned_give(&ow_obj);
	lw_owned_destroy(&ow_obj);
	lw_expect_only(test, LW_KIND_USE_AFTER_MOVE, f);
	KUNIT_EXPECT_EQ(test, f->detail.owned.ctx, LW_CTX_TASK);
	KUNIT_EXPECT_TRUE(test, f->detail.owned.in_transit);
	KUNIT_EXPECT_EQ(test, lw_test_count_kind(test, LW_KIND_FREED_OWNED, NULL), 0U);
}

/* Another context freeing it in transit frees what it was not given. */
static void test_freed_in_transit_by_other(struct kunit *test)
{
	struct lw_finding *f = lw_test_begin(test, LW_KIND_FREED_OWNED);

	lw_owned_give(&ow_obj);
	lw_in_work(&ow_obj, OP_DESTROY);
	lw_expect_only(test, LW_KIND_FREED_OWNED, f);
	KUNIT_EXPECT_EQ(test, f->detail.owned.ctx, LW_CTX_TASK);
	KUNIT_EXPECT_TRUE(test, f->detail.owned.in_transit);
}

/*
 * Only the last giver is remembered: a giver two moves back that uses the
 * object is an access by a non-owner, not a use after move.
 */
static void test_old_giver_after_two_moves(struct kunit *test)
{
	struct lw_finding *f = lw_test_begin(test, LW_KIND_NOT_OWNER);

	lw_owned_give(&ow_obj);
	lw_in_work(&ow_obj, OP_TAKE_GIVE);
	if (!lw_in_irq(&ow_obj, OP_TAKE))
		kunit_skip(test, "the irq_work did not run in hardirq context");
	lw_expect_only(test, LW_NONE, NULL);

	lw_owned_assert(&ow_obj);	/* the first giver */
	lw_expect_only(test, LW_KIND_NOT_OWNER, f);
	KUNIT_EXPECT_EQ(test, lw_test_count_kind(test, LW_KIND_USE_AFTER_MOVE, NULL), 0U);
}

static void test_freed_by_owner(struct kunit *test)
{
	lw_owned_give(&ow_obj);
	lw_in_work(&ow_obj, OP_TAKE_GIVE);
	lw_owned_take(&ow_obj);
	lw_owned_destroy(&ow_obj);
	lw_expect_only(test, LW_NONE, NULL);
}

static struct lw_owned ow_msg[5];

static void test_chan_fifo_and_capacity(struct kunit *test)
{
	unsigned int i;

	KUNIT_EXPECT_NULL(test, lw_chan_recv(&lw_ow_chan));
	for (i = 0; i < ARRAY_SIZE(ow_msg); i++)
		lw_owned_init(&ow_msg[i]);
	for (i = 0; i < ARRAY_SIZE(ow_slots); i++)
		KUNIT_EXPECT_EQ(test, lw_chan_send(&lw_ow_chan, &ow_msg[i]), 0);
	KUNIT_EXPECT_EQ(test, lw_chan_send(&lw_ow_chan, &ow_msg[4]), -ENOSPC);
	lw_owned_assert(&ow_msg[4]);	/* not sent: still ours */
	for (i = 0; i < ARRAY_SIZE(ow_slots); i++)
		KUNIT_EXPECT_PTR_EQ(test, lw_chan_recv(&lw_ow_chan), &ow_msg[i]);
	KUNIT_EXPECT_NULL(test, lw_chan_recv(&lw_ow_chan));
	/* Wrap around the storage. */
	for (i = 0; i < 3; i++) {
		KUNIT_EXPECT_EQ(test, lw_chan_send(&lw_ow_chan, &ow_msg[i]), 0);
		KUNIT_EXPECT_PTR_EQ(test, lw_chan_recv(&lw_ow_chan), &ow_msg[i]);
	}
	lw_expect_only(test, LW_NONE, NULL);
}

static void test_chan_moves_ownership(struct kunit *test)
{
	struct rx_buf *buf[2];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(buf); i++) {
		buf[i] = kzalloc(sizeof(*buf[i]), GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, buf[i]);
		lw_owned_init(&buf[i]->own);
	}
	/* Two producers, this task and a work item; this task consumes. */
	KUNIT_EXPECT_EQ(test, rx_produce(&lw_ow_chan, buf[0], 10), 0);
	lw_owned_get(&buf[1]->own, buf[1])->len = 20;
	lw_owned_give(&buf[1]->own);
	/* One work item: two may run on two kworkers, two owners. */
	lw_in_work(&buf[1]->own, OP_TAKE_SEND);
	KUNIT_EXPECT_EQ(test, rx_consume(&lw_ow_chan), 10U);
	KUNIT_EXPECT_EQ(test, rx_consume(&lw_ow_chan), 20U);
	KUNIT_EXPECT_EQ(test, rx_consume(&lw_ow_chan), 0U);
	lw_expect_only(test, LW_NONE, NULL);
}

static void test_chan_consumer_owns(struct kunit *test)
{
	struct lw_finding *f = lw_test_begin(test, LW_KIND_NOT_OWNER);
	struct lw_owned *got;

	KUNIT_EXPECT_EQ(test, lw_chan_send(&lw_ow_chan, &ow_obj), 0);
	lw_in_work(&ow_obj, OP_TOUCH);	/* in the queue: nobody's to touch */
	KUNIT_EXPECT_EQ(test, lw_test_count_kind(test, LW_KIND_NOT_OWNER, NULL), 1U);
	lockwarden_reset();

	lw_chan_init(&lw_ow_chan, ow_slots, ARRAY_SIZE(ow_slots));
	lw_owned_init(&ow_obj);
	KUNIT_EXPECT_EQ(test, lw_chan_send(&lw_ow_chan, &ow_obj), 0);
	got = lw_chan_recv(&lw_ow_chan);
	KUNIT_EXPECT_PTR_EQ(test, got, &ow_obj);
	lw_owned_assert(got);
	lw_expect_only(test, LW_NONE, NULL);
	lw_in_work(got, OP_TOUCH);	/* the consumer's, not the worker's */
	lw_expect_only(test, LW_KIND_NOT_OWNER, f);
}

static void test_chan_producer_touches_sent(struct kunit *test)
{
	struct lw_finding *f = lw_test_begin(test, LW_KIND_USE_AFTER_MOVE);
	struct lw_owned *got;

	lw_owned_give(&ow_obj);
	/* One work item: two may run on two kworkers, two owners. */
	lw_in_work(&ow_obj, OP_TAKE_SEND_TOUCH);
	lw_expect_only(test, LW_KIND_USE_AFTER_MOVE, f);

	got = lw_chan_recv(&lw_ow_chan);
	KUNIT_EXPECT_PTR_EQ(test, got, &ow_obj);
	lw_owned_assert(&ow_obj);	/* the consumer owns it */
	lw_owned_destroy(&ow_obj);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 1U);
}

static struct kunit_case lw_owned_test_cases[] = {
	KUNIT_CASE(test_move_to_kthread_and_back),
	KUNIT_CASE(test_move_to_work_and_back),
	KUNIT_CASE(test_move_to_hardirq_and_back),
	KUNIT_CASE(test_double_take),
	KUNIT_CASE(test_use_after_move),
	KUNIT_CASE(test_use_in_transit),
	KUNIT_CASE(test_take_never_given),
	KUNIT_CASE(test_freed_in_transit),
	KUNIT_CASE(test_freed_in_transit_by_other),
	KUNIT_CASE(test_old_giver_after_two_moves),
	KUNIT_CASE(test_non_owner_access),
	KUNIT_CASE(test_freed_while_owned),
	KUNIT_CASE(test_freed_by_owner),
	KUNIT_CASE(test_chan_fifo_and_capacity),
	KUNIT_CASE(test_chan_moves_ownership),
	KUNIT_CASE(test_chan_consumer_owns),
	KUNIT_CASE(test_chan_producer_touches_sent),
	{}
};

LW_TEST_SUITE(lockwarden_owned, lw_ow_test_init, lw_test_exit, lw_owned_test_cases);
