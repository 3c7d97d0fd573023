// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite of lockwarden as an observer the system can trust: every
 * release reaches the kernel whatever lockwarden believes of the hold, a
 * belief it lost (a reset, checking switched off and on, a lock taken
 * behind its back) never turns into a finding, one bug is one finding, and
 * the checker never reads memory it was told is gone.
 *
 * Runs after the other suites but recur_test.c, which switches checking off
 * and on too: doing so makes every later read release without a record of
 * a lock initialised before the switch unattributable (struct
 * lw_engine.blind; test_read_release_after_a_switch()).
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/kref.h>
#include <linux/kthread.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <lockwarden/refcount.h>

#include "lw_test.h"

static LW_DEFINE_CLASS(lw_tr_shared, 0);
static LW_DEFINE_CLASS(lw_tr_m, 0);
static LW_DEFINE_CLASS(lw_tr_outer, 0);

/* ===== Readers that hold a lock across a change of lockwarden's state ===== */

enum lw_tr_lock { LW_TR_RWSEM, LW_TR_RWLOCK, LW_TR_NR_LOCKS };
enum lw_tr_change { LW_TR_RESET, LW_TR_OFF_ON, LW_TR_NR_CHANGES };

static const char *const lw_tr_lock_names[] = { "rwsem", "rwlock" };
static const char *const lw_tr_change_names[] = { "reset", "off and on" };

/* By enum lw_tr_lock: an rw_semaphore and an rwlock_t, and how they are read. */
static union lw_test_lock tr_locks[LW_TR_NR_LOCKS];
static const enum lw_test_type lw_tr_read_type[LW_TR_NR_LOCKS] = { T_RWSEM_READ, T_READ };
static struct lw_mutex tr_m;

/* A reader kthread: takes the lock for reading, holds it until told. */
struct lw_tr_reader {
	enum lw_tr_lock lock;
	struct completion held;
	struct completion release;
	struct completion done;
};

/* Take @lock for reading, or release that hold: neither type saves flags. */
static void test_kernel_read(enum lw_tr_lock lock)
{
	unsigned long flags;

	lw_test_lock(lw_tr_read_type[lock], &tr_locks[lock], &flags);
}

static void test_kernel_read_unlock(enum lw_tr_lock lock)
{
	lw_test_unlock(lw_tr_read_type[lock], &tr_locks[lock], 0);
}

static int test_kernel_reader(void *arg)
{
	struct lw_tr_reader *r = arg;

	test_kernel_read(r->lock);
	complete(&r->held);
	if (r->lock == LW_TR_RWSEM) {
		wait_for_completion(&r->release);
		lw_assert_held(&tr_locks[LW_TR_RWSEM].w);
	} else {
		/* An rwlock reader cannot sleep holding it: it polls. */
		while (!try_wait_for_completion(&r->release))
			cpu_relax();
		lw_assert_held(&tr_locks[LW_TR_RWLOCK].r);
	}
	test_kernel_read_unlock(r->lock);
	complete(&r->done);
	return 0;
}

static void lw_tr_change(struct kunit *test, enum lw_tr_change change)
{
	if (change == LW_TR_RESET) {
		lockwarden_reset();
		return;
	}
	KUNIT_ASSERT_EQ(test, lockwarden_control("off"), 0);
	KUNIT_ASSERT_EQ(test, lockwarden_control("on"), 0);
}

/* Whether a writer could take the lock now: every read hold was released. */
static bool lw_tr_free(enum lw_tr_lock lock)
	__lw_no_tsa
{
	if (lock == LW_TR_RWSEM) {
		if (!lw_down_write_trylock(&tr_locks[lock].w))
			return false;
		lw_up_write(&tr_locks[lock].w);
		return true;
	}
	if (!lw_write_trylock(&tr_locks[lock].r))
		return false;
	lw_write_unlock(&tr_locks[lock].r);
	return true;
}

struct lw_tr_case {
	enum lw_tr_lock lock;
	enum lw_tr_change change;
};

static struct lw_tr_case lw_tr_cases[LW_TR_NR_LOCKS * LW_TR_NR_CHANGES];

static const void *lw_tr_gen_params(const void *prev, char *desc)
{
	const struct lw_tr_case *c = prev ? (const struct lw_tr_case *)prev + 1 : lw_tr_cases;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(lw_tr_cases); i++) {
		lw_tr_cases[i].lock = i / LW_TR_NR_CHANGES;
		lw_tr_cases[i].change = i % LW_TR_NR_CHANGES;
	}
	if (c >= lw_tr_cases + ARRAY_SIZE(lw_tr_cases))
		return NULL;
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s, %s", lw_tr_lock_names[c->lock],
		 lw_tr_change_names[c->change]);
	return c;
}

/*
 * Two readers hold the lock (one for an rwlock: its reader spins with
 * preemption off, and two would starve the test on two CPUs); lockwarden
 * is reset (or switched off and on); a third reader takes and releases it;
 * then the first ones assert that they hold it and release it. Their
 * holds are ones lockwarden recorded before the change: no finding (the
 * third reader moved the lock to the new generation, and the assertions
 * used to be "lock not held"), and each release reaches the kernel, so a
 * writer gets the lock after. (Before lockwarden kept such holds as stale
 * entries, the third reader's acquisition made those releases "unlock of a
 * lock not held", not performed: the lock stayed read-held forever.)
 */
static void test_readers_across_a_change(struct kunit *test)
{
	const struct lw_tr_case *c = test->param_value;
	struct lw_tr_reader r[2];
	struct task_struct *task;
	unsigned int i, nr = c->lock == LW_TR_RWSEM ? 2 : 1;

	if (num_online_cpus() < 2)
		kunit_skip(test, "needs a second online CPU");
	for (i = 0; i < LW_TR_NR_LOCKS; i++)
		lw_test_lock_init(lw_tr_read_type[i], &tr_locks[i], &lw_tr_shared);
	for (i = 0; i < nr; i++) {
		r[i].lock = c->lock;
		init_completion(&r[i].held);
		init_completion(&r[i].release);
		init_completion(&r[i].done);
		task = kthread_run(test_kernel_reader, &r[i], "lw_tr_reader%u", i);
		KUNIT_ASSERT_FALSE(test, IS_ERR(task));
		wait_for_completion(&r[i].held);
	}
	lw_tr_change(test, c->change);
	test_kernel_read(c->lock);
	test_kernel_read_unlock(c->lock);
	for (i = 0; i < nr; i++) {
		complete(&r[i].release);
		wait_for_completion(&r[i].done);
	}
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);
	KUNIT_EXPECT_TRUE(test, lw_tr_free(c->lock));
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);
}

/* Switch checking on, and wait until it is fully on: "on" waits a bounded time. */
static void lw_tr_switch_on(struct kunit *test)
{
	KUNIT_ASSERT_EQ(test, lockwarden_control("on"), 0);
	synchronize_rcu();
}

/*
 * Switch checking off, start kthread @name running @fn(@arg), which takes
 * a lock and then completes @held, and switch checking on again once it
 * holds it: a hold lockwarden never saw, kept across the switch-on.
 */
static void lw_tr_hold_while_off(struct kunit *test, int (*fn)(void *), void *arg,
				 struct completion *held, const char *name)
{
	struct task_struct *task;

	KUNIT_ASSERT_EQ(test, lockwarden_control("off"), 0);
	task = kthread_run(fn, arg, "%s", name);
	KUNIT_ASSERT_FALSE(test, IS_ERR(task));
	wait_for_completion(held);
	lw_tr_switch_on(test);
}

/* ===== A hold from while checking was off ===== */

struct lw_tr_holder {
	struct completion held;
	struct completion release;
	struct completion done;
};

static int test_kernel_holder(void *arg)
	__lw_no_tsa
{
	struct lw_tr_holder *h = arg;

	lw_mutex_lock(&tr_m);
	complete(&h->held);
	wait_for_completion(&h->release);
	lw_assert_held(&tr_m);
	lw_mutex_unlock(&tr_m);
	complete(&h->done);
	return 0;
}

static int test_kernel_waiter(void *arg)
	__lw_no_tsa
{
	struct completion *done = arg;

	lw_mutex_lock(&tr_m);
	lw_mutex_unlock(&tr_m);
	complete(done);
	return 0;
}

/*
 * A kthread takes a mutex while checking is off and holds it across the
 * switch-on; another waits for it (lockwarden records a waiter's
 * acquisition before it blocks). The holder's assertion and release are of
 * a hold lockwarden never saw, and the kernel names the holder as the
 * mutex's owner: no "lock not held", no "unlock by a non-owner" against the
 * waiter. With the mutex free again, an assertion is a finding as before.
 */
static void test_hold_from_while_off(struct kunit *test)
	__lw_no_tsa
{
	struct lw_tr_holder h;
	struct completion waited;
	struct task_struct *task;

	lw_mutex_init(&tr_m, &lw_tr_m);
	init_completion(&h.held);
	init_completion(&h.release);
	init_completion(&h.done);
	init_completion(&waited);
	lw_tr_hold_while_off(test, test_kernel_holder, &h, &h.held, "lw_tr_holder");
	task = kthread_run(test_kernel_waiter, &waited, "lw_tr_waiter");
	KUNIT_ASSERT_FALSE(test, IS_ERR(task));
	/* Let the waiter block on the mutex. */
	msleep(50);
	complete(&h.release);
	wait_for_completion(&h.done);
	wait_for_completion(&waited);
	KUNIT_EXPECT_FALSE(test, mutex_is_locked(&tr_m.lock));
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);

	lw_test_expect(test, LW_KIND_NOT_HELD);
	lw_assert_held(&tr_m);
	KUNIT_EXPECT_EQ(test, lw_test_count_kind(test, LW_KIND_NOT_HELD, NULL), 1U);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 1U);
}

/* ===== Read holds and a switch: whose release it is ===== */

/*
 * A reader kthread takes an rw_semaphore while checking is off and holds
 * it across the switch-on; then the test task takes it for reading too.
 * The kthread's assertion and release are of a hold lockwarden never saw,
 * and the kernel counts readers, not which: no "lock not held", no
 * "unlock by a non-owner" against the test task's entry. The test task's
 * own release is plain, and the lock is free after.
 */
static void test_read_hold_from_while_off(struct kunit *test)
	__lw_no_tsa
{
	struct lw_tr_reader r = { .lock = LW_TR_RWSEM };

	lw_test_lock_init(T_RWSEM_READ, &tr_locks[LW_TR_RWSEM], &lw_tr_shared);
	init_completion(&r.held);
	init_completion(&r.release);
	init_completion(&r.done);
	lw_tr_hold_while_off(test, test_kernel_reader, &r, &r.held, "lw_tr_reader");
	test_kernel_read(LW_TR_RWSEM);
	complete(&r.release);
	wait_for_completion(&r.done);
	test_kernel_read_unlock(LW_TR_RWSEM);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);
	KUNIT_EXPECT_TRUE(test, lw_tr_free(LW_TR_RWSEM));
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);
}

struct lw_tr_release {
	struct work_struct work;
	pid_t pid;		/* the task that ran it */
};

static void test_kernel_release_read(struct work_struct *work)
{
	struct lw_tr_release *r = container_of(work, struct lw_tr_release, work);

	r->pid = task_pid_nr(current);
	test_kernel_read_unlock(LW_TR_RWSEM);
}

/*
 * Checking is switched off and on, and only then is an rw_semaphore
 * initialised: no hold from while checking was off can be of it. The test
 * task takes it for reading and a work item releases it: one unlock by a
 * non-owner naming the worker, as without a switch. (Before lockwarden
 * told such a lock apart, no read release without a record was a finding
 * once checking had been switched off and on: a driver loaded after an
 * off and on went unchecked there for the rest of the boot.) The release
 * reaches the kernel: the lock is free after.
 */
static void test_read_release_after_a_switch(struct kunit *test)
	__lw_no_tsa
{
	struct lw_finding *f = lw_test_begin(test, LW_KIND_UNLOCK_NON_OWNER);
	struct lw_tr_release r;

	KUNIT_ASSERT_EQ(test, lockwarden_control("off"), 0);
	lw_tr_switch_on(test);
	lw_test_lock_init(T_RWSEM_READ, &tr_locks[LW_TR_RWSEM], &lw_tr_shared);
	INIT_WORK_ONSTACK(&r.work, test_kernel_release_read);
	test_kernel_read(LW_TR_RWSEM);
	queue_work(system_wq, &r.work);
	flush_work(&r.work);
	destroy_work_on_stack(&r.work);
	KUNIT_EXPECT_FALSE(test, rwsem_is_locked(&tr_locks[LW_TR_RWSEM].w.lock));
	lw_expect_only(test, LW_KIND_UNLOCK_NON_OWNER, f);
	KUNIT_EXPECT_STREQ(test, f->cls[0], "lw_tr_shared");
	KUNIT_EXPECT_EQ(test, f->pid, r.pid);
	KUNIT_EXPECT_NE(test, f->pid, task_pid_nr(current));
}

/* ===== Stale entries that outnumber the room of a stack ===== */

#define LW_TR_DEEP	(LW_MAX_DEPTH - 2)

/*
 * The test task holds LW_TR_DEEP mutexes when checking goes off, releases
 * them unseen, and takes them again, in reverse order, after it is on
 * (their stale entries are dropped as each is taken: one cannot take
 * exclusively a lock one still holds), then as many more of new classes:
 * no stale entry is left to fill the stack. Then, with the stack full of
 * live entries, one more lock is a depth overflow as before.
 */
static void test_stale_entries_make_room(struct kunit *test)
	__lw_no_tsa
{
	unsigned int nr = LW_MAX_DEPTH + 1, i;
	struct lw_class *classes = kunit_kcalloc(test, nr, sizeof(*classes), GFP_KERNEL);
	struct lw_mutex *locks = kunit_kcalloc(test, nr, sizeof(*locks), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, classes);
	KUNIT_ASSERT_NOT_NULL(test, locks);
	for (i = 0; i < nr; i++) {
		classes[i].name = "lw_tr_deep";
		/* Ranks make the order one way whatever was learned before. */
		classes[i].rank = i + 1;
		KUNIT_ASSERT_EQ(test, lw_class_register(&classes[i]), 0);
		lw_mutex_init(&locks[i], &classes[i]);
	}
	for (i = 0; i < LW_TR_DEEP; i++)
		lw_mutex_lock(&locks[i]);
	KUNIT_ASSERT_EQ(test, lockwarden_control("off"), 0);
	for (i = LW_TR_DEEP; i-- > 0;)
		lw_mutex_unlock(&locks[i]);
	KUNIT_ASSERT_EQ(test, lockwarden_control("on"), 0);
	synchronize_rcu();
	/* The stale entries of the first half are dropped as they are taken. */
	for (i = 0; i < LW_MAX_DEPTH; i++)
		lw_mutex_lock(&locks[i]);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);

	lw_test_expect(test, LW_KIND_DEPTH);
	lw_mutex_lock(&locks[LW_MAX_DEPTH]);
	KUNIT_EXPECT_EQ(test, lw_test_count_kind(test, LW_KIND_DEPTH, NULL), 1U);
	lw_mutex_unlock(&locks[LW_MAX_DEPTH]);
	for (i = LW_MAX_DEPTH; i-- > 0;)
		lw_mutex_unlock(&locks[i]);
	for (i = 0; i < nr; i++) {
		KUNIT_EXPECT_FALSE(test, mutex_is_locked(&locks[i].lock));
		lw_class_unregister(&classes[i]);
	}
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 1U);
}

/* ===== A hold whose stale entry was dropped to make room ===== */

#define LW_TR_FILL	(LW_MAX_DEPTH - 1)

static LW_DEFINE_CLASS(lw_tr_rw, 0);
static struct lw_rwlock tr_rw;

/* Work on another CPU than the test task's, which spins meanwhile. */
struct lw_tr_work {
	struct work_struct work;
	bool done;
};

static void lw_tr_reset_fn(struct work_struct *work)
{
	struct lw_tr_work *w = container_of(work, struct lw_tr_work, work);

	lockwarden_reset();
	/* Pairs with the test task's smp_load_acquire(): the reset is done. */
	smp_store_release(&w->done, true);
}

/* A writer of tr_rw: its entry is pushed before it waits for the readers. */
static void lw_tr_writer_fn(struct work_struct *work)
	__lw_no_tsa
{
	struct lw_tr_work *w = container_of(work, struct lw_tr_work, work);

	lw_write_lock(&tr_rw);
	lw_write_unlock(&tr_rw);
	WRITE_ONCE(w->done, true);	/* read after flush_work() */
}

/* Whether a writer waits for tr_rw (a queued rwlock's waiting bit). */
static bool lw_tr_writer_waits(void)
{
#ifdef CONFIG_QUEUED_RWLOCKS
	return atomic_read(&tr_rw.lock.raw_lock.cnts) & _QW_WAITING;
#else
	return true;	/* not run: see test_dropped_entry_still_held() */
#endif
}

/*
 * The test task holds tr_rw for read and LW_TR_FILL spinlocks when a reset
 * (work on another CPU: the task spins) makes every entry stale; one more
 * spinlock finds the stack full, and the stale entries go to make room. A
 * writer then waits for tr_rw, its entry pushed: lockwarden has a live
 * record of tr_rw, in another context, and none in this one, whose hold
 * the kernel does not name (a read hold). Reaching tr_rw's data is no
 * finding: the hold may be one of the entries dropped. Nor are the
 * releases, one for each entry dropped. With tr_rw free, the same access
 * is one unguarded access.
 */
static void test_dropped_entry_still_held(struct kunit *test)
	__lw_no_tsa
{
	struct lw_class *classes = kunit_kcalloc(test, LW_TR_FILL + 1, sizeof(*classes),
						 GFP_KERNEL);
	struct lw_spinlock *fill = kunit_kcalloc(test, LW_TR_FILL + 1, sizeof(*fill), GFP_KERNEL);
	struct lw_tr_work reset = { .done = false }, writer = { .done = false };
	int data = 0, other;
	unsigned int i, taken = LW_TR_FILL;
	const char *stalled = NULL;

	KUNIT_ASSERT_NOT_NULL(test, classes);
	KUNIT_ASSERT_NOT_NULL(test, fill);
	if (num_online_cpus() < 2)
		kunit_skip(test, "needs a second CPU for the reset and the writer");
	if (!IS_ENABLED(CONFIG_QUEUED_RWLOCKS))
		kunit_skip(test, "needs a queued rwlock, which tells a writer waits");
	lw_rwlock_init(&tr_rw, &lw_tr_rw);
	for (i = 0; i <= LW_TR_FILL; i++) {
		classes[i].name = "lw_tr_fill";
		classes[i].rank = i + 1;
		KUNIT_ASSERT_EQ(test, lw_class_register(&classes[i]), 0);
		lw_spin_lock_init(&fill[i], &classes[i]);
	}
	INIT_WORK_ONSTACK(&reset.work, lw_tr_reset_fn);
	INIT_WORK_ONSTACK(&writer.work, lw_tr_writer_fn);

	lw_read_lock(&tr_rw);
	for (i = 0; i < LW_TR_FILL; i++)
		lw_spin_lock(&fill[i]);
	other = cpumask_any_but(cpu_online_mask, smp_processor_id());
	queue_work_on(other, system_wq, &reset.work);
	/* Pairs with lw_tr_reset_fn()'s release: every entry is stale now. */
	if (!lw_test_spin_until(smp_load_acquire(&reset.done))) {
		stalled = "the reset";
		goto unlock;
	}
	lw_spin_lock(&fill[LW_TR_FILL]);
	taken++;
	queue_work_on(other, system_wq, &writer.work);
	if (!lw_test_spin_until(lw_tr_writer_waits())) {
		stalled = "the writer";
		goto unlock;
	}
	data = *lw_locked_by_read(&data, &tr_rw);
unlock:
	for (i = taken; i-- > 0;)
		lw_spin_unlock(&fill[i]);
	lw_read_unlock(&tr_rw);
	/* Reported with no lock held: a failure's message is allocated. */
	if (stalled)
		KUNIT_FAIL(test, "%s, work on CPU %d, did not come in %d s", stalled, other,
			   LW_TEST_WAIT / HZ);
	if (taken > LW_TR_FILL)
		flush_work(&writer.work);
	flush_work(&reset.work);
	destroy_work_on_stack(&writer.work);
	destroy_work_on_stack(&reset.work);
	KUNIT_EXPECT_EQ(test, writer.done, taken > LW_TR_FILL);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);

	lw_test_expect(test, LW_KIND_UNGUARDED);
	data = *lw_locked_by_read(&data, &tr_rw);
	KUNIT_EXPECT_EQ(test, lw_test_count_kind(test, LW_KIND_UNGUARDED, NULL), 1U);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 1U);
	for (i = 0; i <= LW_TR_FILL; i++)
		lw_class_unregister(&classes[i]);
}

/* ===== Updates from other contexts that overflow a stack's queue ===== */

#define LW_TR_CLASSES	(LW_HELD_REQS + 2)

/*
 * The test task holds a lock of each of more dynamic classes than its
 * stack queues updates for, and one more lock; the classes are
 * unregistered (each a "lock held at module unload", and an update for the
 * stack). The overflow makes the stack's entries stale, not gone: the
 * releases that follow are no finding, and reach the kernel.
 */
static void test_request_overflow(struct kunit *test)
	__lw_no_tsa
{
	struct lw_class *classes = kunit_kcalloc(test, LW_TR_CLASSES, sizeof(*classes),
						 GFP_KERNEL);
	struct lw_mutex *locks = kunit_kcalloc(test, LW_TR_CLASSES, sizeof(*locks), GFP_KERNEL);
	struct lw_mutex outer;
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, classes);
	KUNIT_ASSERT_NOT_NULL(test, locks);
	lw_test_expect(test, LW_KIND_UNLOAD_HELD);
	lw_mutex_init(&outer, &lw_tr_outer);
	lw_mutex_lock(&outer);
	for (i = 0; i < LW_TR_CLASSES; i++) {
		classes[i].name = "lw_tr_dynamic";
		KUNIT_ASSERT_EQ(test, lw_class_register(&classes[i]), 0);
		lw_mutex_init(&locks[i], &classes[i]);
		lw_mutex_lock(&locks[i]);
	}
	for (i = 0; i < LW_TR_CLASSES; i++)
		lw_class_unregister(&classes[i]);
	KUNIT_EXPECT_EQ(test, lw_test_count_kind(test, LW_KIND_UNLOAD_HELD, NULL), 1U);

	for (i = LW_TR_CLASSES; i-- > 0;) {
		lw_mutex_unlock(&locks[i]);
		KUNIT_EXPECT_FALSE(test, mutex_is_locked(&locks[i].lock));
	}
	lw_mutex_unlock(&outer);
	KUNIT_EXPECT_FALSE(test, mutex_is_locked(&outer.lock));
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 1U);
}

/* ===== A lock taken behind lockwarden's back, and the wrappers ===== */

struct lw_tr_obj {
	struct kref ref;
	bool released;
};

static void lw_tr_release(struct kref *ref)
	__lw_no_tsa
{
	struct lw_tr_obj *o = container_of(ref, struct lw_tr_obj, ref);

	o->released = true;
	lw_assert_held(&tr_m);
	lw_mutex_unlock(&tr_m);
}

/*
 * kref_put_mutex() takes the kernel mutex inside an lw_mutex, behind
 * lockwarden's back; the driver's lw_mutex_unlock() in the release is of a
 * hold lockwarden never saw. It is no "unlock of a lock not held" (the
 * kernel says the mutex is held), and it reaches the kernel; the assertion
 * in the release is no finding either, as the kernel names this task as
 * the mutex's owner. The same through lw_kref_put_mutex() is a hold
 * lockwarden sees (and checks the order of): no finding.
 */
static void test_lock_taken_behind_its_back(struct kunit *test)
	__lw_no_tsa
{
	struct lw_tr_obj o = { .released = false };
	atomic_t cnt = ATOMIC_INIT(1);

	lw_mutex_init(&tr_m, &lw_tr_m);

	/* The kernel's helper: untracked, unchecked, released for real. */
	kref_init(&o.ref);
	KUNIT_EXPECT_EQ(test, kref_put_mutex(&o.ref, lw_tr_release, &tr_m.lock), 1);
	KUNIT_EXPECT_TRUE(test, o.released);
	KUNIT_EXPECT_FALSE(test, mutex_is_locked(&tr_m.lock));
	/* Neither the assertion nor the release in it is a finding. */
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);

	/* The wrappers: tracked holds, no finding. */
	lockwarden_reset();
	o.released = false;
	kref_init(&o.ref);
	kref_get(&o.ref);
	KUNIT_EXPECT_EQ(test, lw_kref_put_mutex(&o.ref, lw_tr_release, &tr_m), 0);
	KUNIT_EXPECT_FALSE(test, o.released);
	KUNIT_EXPECT_EQ(test, lw_kref_put_mutex(&o.ref, lw_tr_release, &tr_m), 1);
	KUNIT_EXPECT_TRUE(test, o.released);
	KUNIT_EXPECT_FALSE(test, mutex_is_locked(&tr_m.lock));

	atomic_set(&cnt, 2);
	KUNIT_EXPECT_EQ(test, lw_atomic_dec_and_mutex_lock(&cnt, &tr_m), 0);
	KUNIT_EXPECT_EQ(test, lw_atomic_dec_and_mutex_lock(&cnt, &tr_m), 1);
	lw_assert_held(&tr_m);
	lw_mutex_unlock(&tr_m);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);
}

/* ===== Memory the checker was told is gone ===== */

struct lw_tr_held {
	struct lw_mutex *m;
	struct completion held;
	struct completion exit;
};

static int test_kernel_hold_and_exit(void *arg)
	__lw_no_tsa
{
	struct lw_tr_held *h = arg;

	lw_mutex_lock(h->m);
	complete(&h->held);
	wait_for_completion(&h->exit);
	return 0;	/* exits holding it */
}

/*
 * A kthread holds a mutex in memory the test then declares freed
 * (lw_check_freed(): a finding) and overwrites, as a reuse would; the
 * kthread then exits holding it. The task-exit hook reports nothing more
 * and writes nothing into that memory: its entry was made stale.
 */
static void test_exit_after_free(struct kunit *test)
{
	struct lw_mutex *m = kunit_kzalloc(test, sizeof(*m), GFP_KERNEL);
	struct lw_tr_held h = { .m = m };
	struct task_struct *task;
	unsigned long end = jiffies + 30 * HZ;
	size_t i;
	u8 *p;

	KUNIT_ASSERT_NOT_NULL(test, m);
	lw_test_expect(test, LW_KIND_DESTROY_HELD);
	lw_mutex_init(m, &lw_tr_m);
	init_completion(&h.held);
	init_completion(&h.exit);
	task = kthread_create(test_kernel_hold_and_exit, &h, "lw_tr_holder");
	KUNIT_ASSERT_FALSE(test, IS_ERR(task));
	get_task_struct(task);
	wake_up_process(task);
	wait_for_completion(&h.held);

	lw_check_freed(m, sizeof(*m));
	KUNIT_EXPECT_EQ(test, lw_test_count_kind(test, LW_KIND_DESTROY_HELD, NULL), 1U);
	memset(m, 0x5a, sizeof(*m));
	complete(&h.exit);
	while (!READ_ONCE(task->exit_state) && time_before(jiffies, end))
		msleep(20);
	KUNIT_EXPECT_NE(test, READ_ONCE(task->exit_state), 0);
	put_task_struct(task);

	for (i = 0, p = (u8 *)m; i < sizeof(*m); i++)
		if (p[i] != 0x5a)
			break;
	KUNIT_EXPECT_EQ(test, i, sizeof(*m));
	KUNIT_EXPECT_EQ(test, lw_test_count_kind(test, LW_KIND_EXIT_HELD, NULL), 0U);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 1U);
}

/*
 * A class in allocated memory whose name is freed without
 * lw_class_unregister() (a misuse, but a common one): lockwarden names it
 * from the copy it made at registration, never from the freed bytes.
 */
static void test_class_name_copied(struct kunit *test)
	__lw_no_tsa
{
	struct lw_class *class = kunit_kzalloc(test, sizeof(*class), GFP_KERNEL);
	struct lw_finding *f = lw_test_begin(test, LW_NONE);
	struct lw_mutex m;
	char *name;

	KUNIT_ASSERT_NOT_NULL(test, class);
	name = kstrdup("lw_tr_named", GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, name);
	lw_test_expect(test, LW_KIND_NOT_HELD);
	class->name = name;
	KUNIT_ASSERT_EQ(test, lw_class_register(class), 0);
	lw_mutex_init(&m, class);
	lw_mutex_lock(&m);
	lw_mutex_unlock(&m);
	memset(name, 'X', strlen(name));	/* freed and reused, as far as lockwarden knows */
	lw_assert_held(&m);
	KUNIT_ASSERT_EQ(test, lw_test_count_kind(test, LW_KIND_NOT_HELD, f), 1U);
	KUNIT_EXPECT_STREQ(test, f->cls[0], "lw_tr_named");
	class->name = "lw_tr_named";
	lw_class_unregister(class);
	kfree(name);
}

static struct kunit_case lw_tr_test_cases[] = {
	LW_KUNIT_CASE_PARAM_SLOW(test_readers_across_a_change, lw_tr_gen_params),
	KUNIT_CASE(test_hold_from_while_off),
	KUNIT_CASE(test_read_hold_from_while_off),
	KUNIT_CASE(test_read_release_after_a_switch),
	KUNIT_CASE(test_stale_entries_make_room),
	KUNIT_CASE(test_dropped_entry_still_held),
	KUNIT_CASE(test_request_overflow),
	KUNIT_CASE(test_lock_taken_behind_its_back),
	KUNIT_CASE(test_exit_after_free),
	KUNIT_CASE(test_class_name_copied),
	{}
};

LW_TEST_SUITE(lockwarden_trust, lw_test_init, lw_test_exit, lw_tr_test_cases);

MODULE_DESCRIPTION("KUnit tests of lockwarden as an observer the system can trust");
MODULE_LICENSE("GPL");
