// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite of poisoning and the task-exit hook: poisoned guarded data
 * makes each lock through guarded.h a finding and the _check variants
 * return -EOWNERDEAD, until lw_clear_poison(); a kthread that exits holding
 * a lock is a finding, its guarded data is poisoned and its sleeping lock
 * released; a kthread that exits cleanly is none. The poisoning example of
 * Documentation/guarded.rst is compiled here, verbatim.
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/kthread.h>
#include <linux/rcupdate.h>
#include <linux/rwsem.h>
#include <linux/sched/task.h>
#include <linux/string.h>

#include "lw_test.h"

/* ===== The poisoning example of Documentation/guarded.rst ===== */

/* Example "poisoning": test_doc_poison_example. */
struct lw_doc_acct {
	u64 in, out;	/* in == out, except inside an update */
};

static LW_MUTEX_GUARDED(lw_doc_acct, struct lw_doc_acct);

static void lw_doc_transfer(u64 n, bool fail)
{
	struct lw_doc_acct *a = lw_mutex_lock_guarded(&lw_doc_acct);

	a->in += n;
	if (fail) {
		/* Abandoned half way: in != out. */
		lw_poison(&lw_doc_acct);
		lw_mutex_unlock_guarded(&lw_doc_acct);
		return;
	}
	a->out += n;
	lw_mutex_unlock_guarded(&lw_doc_acct);
}

static u64 lw_doc_balance(void)
{
	struct lw_doc_acct *a;
	u64 in;

	if (lw_mutex_lock_guarded_check(&lw_doc_acct, &a) == -EOWNERDEAD) {
		/* Repair the invariant, then say so. */
		a->out = a->in;
		lw_clear_poison(&lw_doc_acct);
	}
	in = a->in;
	lw_mutex_unlock_guarded(&lw_doc_acct);
	return in;
}

/* ===== Poisoning by a guard ===== */

struct lw_pt_data {
	int a;
	int b;
};

static LW_DEFINE_CLASS(lw_pt_mutex, 0);
static LW_DEFINE_CLASS(lw_pt_spin, 0);
static LW_DEFINE_CLASS(lw_pt_rwlock, 0);
static LW_DEFINE_CLASS(lw_pt_rwsem, 0);
static LW_DEFINE_CLASS(lw_pt_plain, 0);

/* One guarded object of each lock type, and a lock that guards nothing. */
struct lw_pt {
	LW_MUTEX_GUARDED(m, struct lw_pt_data);
	LW_SPIN_GUARDED(s, struct lw_pt_data);
	LW_RWLOCK_GUARDED(rw, struct lw_pt_data);
	LW_RWSEM_GUARDED(sem, struct lw_pt_data);
	struct lw_mutex plain;
};

static struct lw_pt *lw_pt_new(struct kunit *test)
{
	struct lw_pt *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, t);
	lw_mutex_guarded_init(&t->m, &lw_pt_mutex);
	lw_spin_guarded_init(&t->s, &lw_pt_spin);
	lw_rwlock_guarded_init(&t->rw, &lw_pt_rwlock);
	lw_rwsem_guarded_init(&t->sem, &lw_pt_rwsem);
	lw_mutex_init(&t->plain, &lw_pt_plain);
	return t;
}

/* The ways to lock a guarded object: each _check variant. */
enum lw_pt_mode {
	LW_PT_MUTEX,
	LW_PT_SPIN,
	LW_PT_READ,
	LW_PT_WRITE,
	LW_PT_DOWN_READ,
	LW_PT_DOWN_WRITE,
	LW_PT_NR_MODES,
};

static const char *const lw_pt_mode_names[] = {
	"mutex", "spin", "read_lock", "write_lock", "down_read", "down_write",
};

static const char *const lw_pt_mode_class[] = {
	"lw_pt_mutex", "lw_pt_spin", "lw_pt_rwlock", "lw_pt_rwlock",
	"lw_pt_rwsem", "lw_pt_rwsem",
};

static_assert(ARRAY_SIZE(lw_pt_mode_names) == LW_PT_NR_MODES);

LW_TEST_NAMES_PARAM(lw_pt_gen, lw_pt_mode_names);

/*
 * Lock @t's object of @mode with its _check variant, from this one site;
 * *@data receives the data pointer. Returns what the variant returned.
 */
static noinline int lw_pt_lock(struct lw_pt *t, enum lw_pt_mode mode,
			       const struct lw_pt_data **data)
	__lw_no_tsa
{
	struct lw_pt_data *w = NULL;
	int ret;

	switch (mode) {
	case LW_PT_MUTEX:
		ret = lw_mutex_lock_guarded_check(&t->m, &w);
		break;
	case LW_PT_SPIN:
		ret = lw_spin_lock_guarded_check(&t->s, &w);
		break;
	case LW_PT_READ:
		return lw_read_lock_guarded_check(&t->rw, data);
	case LW_PT_WRITE:
		ret = lw_write_lock_guarded_check(&t->rw, &w);
		break;
	case LW_PT_DOWN_READ:
		return lw_down_read_guarded_check(&t->sem, data);
	default:
		ret = lw_down_write_guarded_check(&t->sem, &w);
		break;
	}
	*data = w;
	return ret;
}

static void lw_pt_unlock(struct lw_pt *t, enum lw_pt_mode mode)
	__lw_no_tsa
{
	switch (mode) {
	case LW_PT_MUTEX:
		lw_mutex_unlock_guarded(&t->m);
		break;
	case LW_PT_SPIN:
		lw_spin_unlock_guarded(&t->s);
		break;
	case LW_PT_READ:
		lw_read_unlock_guarded(&t->rw);
		break;
	case LW_PT_WRITE:
		lw_write_unlock_guarded(&t->rw);
		break;
	case LW_PT_DOWN_READ:
		lw_up_read_guarded(&t->sem);
		break;
	default:
		lw_up_write_guarded(&t->sem);
		break;
	}
}

/* The data of @t's object that @mode locks, and whether it is poisoned. */
static const struct lw_pt_data *lw_pt_expected(struct lw_pt *t, enum lw_pt_mode mode,
					       bool *poisoned)
{
	switch (mode) {
	case LW_PT_MUTEX:
		*poisoned = lw_is_poisoned(&t->m);
		return __lw_data_of(&t->m);
	case LW_PT_SPIN:
		*poisoned = lw_is_poisoned(&t->s);
		return __lw_data_of(&t->s);
	case LW_PT_READ:
	case LW_PT_WRITE:
		*poisoned = lw_is_poisoned(&t->rw);
		return __lw_data_of(&t->rw);
	default:
		*poisoned = lw_is_poisoned(&t->sem);
		return __lw_data_of(&t->sem);
	}
}

/* Poison @t's object of @mode under its lock held exclusively. */
static void lw_pt_poison(struct lw_pt *t, enum lw_pt_mode mode)
	__lw_no_tsa
{
	switch (mode) {
	case LW_PT_MUTEX:
		lw_mutex_lock_guarded(&t->m)->a = 1;
		lw_poison(&t->m);
		lw_mutex_unlock_guarded(&t->m);
		break;
	case LW_PT_SPIN:
		lw_spin_lock_guarded(&t->s)->a = 1;
		lw_poison(&t->s);
		lw_spin_unlock_guarded(&t->s);
		break;
	case LW_PT_READ:
	case LW_PT_WRITE:
		lw_write_lock_guarded(&t->rw)->a = 1;
		lw_poison(&t->rw);
		lw_write_unlock_guarded(&t->rw);
		break;
	default:
		lw_down_write_guarded(&t->sem)->a = 1;
		lw_poison(&t->sem);
		lw_up_write_guarded(&t->sem);
		break;
	}
}

static void lw_pt_clear(struct lw_pt *t, enum lw_pt_mode mode)
{
	switch (mode) {
	case LW_PT_MUTEX:
		lw_clear_poison(&t->m);
		break;
	case LW_PT_SPIN:
		lw_clear_poison(&t->s);
		break;
	case LW_PT_READ:
	case LW_PT_WRITE:
		lw_clear_poison(&t->rw);
		break;
	default:
		lw_clear_poison(&t->sem);
		break;
	}
}

/*
 * Unpoisoned, a _check lock returns 0 and is no finding; poisoned, it
 * returns -EOWNERDEAD holding the lock, with the data, and is one finding
 * (counted again at each lock) until lw_clear_poison().
 */
static void test_poisoned_lock(struct kunit *test)
	__lw_no_tsa
{
	enum lw_pt_mode mode = lw_test_param_index(test, lw_pt_mode_names);
	struct lw_finding *f = lw_test_begin(test, LW_KIND_POISONED);
	struct lw_pt *t = lw_pt_new(test);
	const struct lw_pt_data *d = NULL, *want;
	bool poisoned;

	want = lw_pt_expected(t, mode, &poisoned);
	KUNIT_EXPECT_FALSE(test, poisoned);
	KUNIT_EXPECT_EQ(test, lw_pt_lock(t, mode, &d), 0);
	KUNIT_EXPECT_PTR_EQ(test, d, want);
	lw_pt_unlock(t, mode);
	lw_expect_only(test, LW_NONE, f);

	/* Poisoning itself is no finding. */
	lw_pt_poison(t, mode);
	lw_pt_expected(t, mode, &poisoned);
	KUNIT_EXPECT_TRUE(test, poisoned);
	lw_expect_only(test, LW_NONE, f);

	d = NULL;
	KUNIT_EXPECT_EQ(test, lw_pt_lock(t, mode, &d), -EOWNERDEAD);
	KUNIT_EXPECT_PTR_EQ(test, d, want);
	KUNIT_EXPECT_EQ(test, d->a, 1);
	lw_pt_unlock(t, mode);
	/* Held when it said so: its unlock was no "unlock of a lock not held". */
	lw_expect_only(test, LW_KIND_POISONED, f);
	KUNIT_EXPECT_STREQ(test, f->cls[0], lw_pt_mode_class[mode]);
	KUNIT_EXPECT_NOT_NULL(test, strstr(f->site[0], "lw_pt_lock"));
	KUNIT_EXPECT_NOT_NULL(test, strstr(f->site[1], "lw_pt_poison"));
	KUNIT_EXPECT_EQ(test, f->detail.poisoned.by_exit, 0);

	KUNIT_EXPECT_EQ(test, lw_pt_lock(t, mode, &d), -EOWNERDEAD);
	lw_pt_unlock(t, mode);
	lw_expect_only(test, LW_KIND_POISONED, f);
	KUNIT_EXPECT_EQ(test, f->count, 2U);

	lw_pt_clear(t, mode);
	lw_pt_expected(t, mode, &poisoned);
	KUNIT_EXPECT_FALSE(test, poisoned);
	KUNIT_EXPECT_EQ(test, lw_pt_lock(t, mode, &d), 0);
	lw_pt_unlock(t, mode);
	lw_expect_only(test, LW_KIND_POISONED, f);
	KUNIT_EXPECT_EQ(test, f->count, 2U);
}

/* A scoped guard and a plain guarded lock record the finding too. */
static void test_poisoned_guard(struct kunit *test)
	__lw_no_tsa
{
	struct lw_finding *f = lw_test_begin(test, LW_KIND_POISONED);
	struct lw_pt *t = lw_pt_new(test);

	{
		lw_mutex_guard(&t->m, d);

		d->b = 2;
		KUNIT_EXPECT_FALSE(test, lw_is_poisoned(&t->m));
	}
	lw_expect_only(test, LW_NONE, f);
	lw_pt_poison(t, LW_PT_MUTEX);
	{
		lw_mutex_guard(&t->m, d);

		KUNIT_EXPECT_TRUE(test, lw_is_poisoned(&t->m));
		KUNIT_EXPECT_EQ(test, d->b, 2);
	}
	lw_expect_only(test, LW_KIND_POISONED, f);
	KUNIT_EXPECT_NOT_NULL(test, strstr(f->site[0], "test_poisoned_guard"));
	KUNIT_EXPECT_EQ(test, lw_mutex_lock_guarded(&t->m)->b, 2);
	lw_mutex_unlock_guarded(&t->m);
	KUNIT_EXPECT_EQ(test, lw_test_count_kind(test, LW_KIND_POISONED, NULL), 2U);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 2U);
}

/* Poisoning needs the lock held exclusively: else an unguarded access too. */
static void test_poison_unlocked(struct kunit *test)
	__lw_no_tsa
{
	struct lw_finding *f = lw_test_begin(test, LW_KIND_UNGUARDED);
	struct lw_pt *t = lw_pt_new(test);

	lw_poison(&t->m);
	lw_expect_only(test, LW_KIND_UNGUARDED, f);
	KUNIT_EXPECT_TRUE(test, lw_is_poisoned(&t->m));
}

/* === Task exit === */

/* What an exiting kthread does before it returns. */
enum lw_pt_exit {
	LW_PT_EXIT_CLEAN,	/* locks and unlocks the guarded mutex */
	LW_PT_EXIT_MUTEX,	/* returns holding the guarded mutex */
	LW_PT_EXIT_RWSEM_READ,	/* returns holding the guarded rwsem for reading */
	LW_PT_EXIT_RWSEM_WRITE,	/* returns holding it for writing */
	LW_PT_EXIT_PLAIN,	/* returns holding a mutex that guards nothing */
	/* Takes the guarded rwsem for reading, says so, returns when told. */
	LW_PT_EXIT_READ_WAIT,
};

struct lw_pt_thread {
	struct lw_pt *t;
	enum lw_pt_exit what;
	struct completion took, go;	/* for LW_PT_EXIT_READ_WAIT */
};

static noinline int lw_pt_exit_fn(void *arg)
	__lw_no_tsa
{
	struct lw_pt_thread *th = arg;
	struct lw_pt *t = th->t;

	switch (th->what) {
	case LW_PT_EXIT_CLEAN:
		lw_mutex_lock_guarded(&t->m)->a = 3;
		lw_mutex_unlock_guarded(&t->m);
		break;
	case LW_PT_EXIT_MUTEX:
		lw_mutex_lock_guarded(&t->m)->a = 3;
		break;
	case LW_PT_EXIT_RWSEM_READ:
		lw_down_read_guarded(&t->sem);
		break;
	case LW_PT_EXIT_RWSEM_WRITE:
		lw_down_write_guarded(&t->sem)->a = 3;
		break;
	case LW_PT_EXIT_PLAIN:
		lw_mutex_lock(&t->plain);
		break;
	case LW_PT_EXIT_READ_WAIT:
		lw_down_read_guarded(&t->sem);
		complete(&th->took);
		wait_for_completion(&th->go);
		break;
	}
	return 0;
}

/*
 * Run lw_pt_exit_fn() doing @what in a kthread and wait until it has passed
 * the exit hook: exit_notify(), which sets exit_state, runs after it (the
 * kthread's "exited" completion, before it, is too early).
 */
static struct task_struct *lw_pt_start_exit(struct kunit *test, struct lw_pt_thread *th)
{
	struct task_struct *task;

	init_completion(&th->took);
	init_completion(&th->go);
	task = kthread_create(lw_pt_exit_fn, th, "lw_pt_exit");
	KUNIT_ASSERT_FALSE(test, IS_ERR(task));
	get_task_struct(task);
	wake_up_process(task);
	return task;
}

static void lw_pt_wait_exit(struct kunit *test, struct task_struct *task)
{
	unsigned long end = jiffies + 30 * HZ;

	while (!READ_ONCE(task->exit_state) && time_before(jiffies, end))
		msleep(20);
	KUNIT_EXPECT_NE(test, READ_ONCE(task->exit_state), 0);
	put_task_struct(task);
}

static void lw_pt_run_exit(struct kunit *test, struct lw_pt *t, enum lw_pt_exit what)
{
	struct lw_pt_thread th = { .t = t, .what = what };

	lw_pt_wait_exit(test, lw_pt_start_exit(test, &th));
}

/*
 * A kthread that returns holding a guarded mutex: one "lock held at task
 * exit" naming the lock and where it was taken; the mutex is free again,
 * its data poisoned: the next lock gets -EOWNERDEAD and is a finding naming
 * the exit; lw_clear_poison() ends it. (That lockdep stays on through the
 * exit, the release reaching it before do_exit() checks, the kselftest
 * shows: by the time this suite runs, an earlier one's report has turned
 * lockdep off.)
 */
static void test_exit_holding_guarded(struct kunit *test)
	__lw_no_tsa
{
	struct lw_finding *f = lw_test_begin(test, LW_KIND_EXIT_HELD);
	struct lw_pt *t = lw_pt_new(test);
	const struct lw_pt_data *d;

	lw_test_expect(test, LW_KIND_POISONED);
	lw_pt_run_exit(test, t, LW_PT_EXIT_MUTEX);
	lw_expect_only(test, LW_KIND_EXIT_HELD, f);
	KUNIT_EXPECT_STREQ(test, f->cls[0], "lw_pt_mutex");
	KUNIT_EXPECT_NOT_NULL(test, strstr(f->site[0], "lw_pt_exit_fn"));
	KUNIT_EXPECT_STREQ(test, f->comm, "lw_pt_exit");
	KUNIT_EXPECT_EQ(test, f->detail.exit.guarded, 1);	/* poisoned */
	KUNIT_EXPECT_EQ(test, f->detail.exit.released, 1);	/* released */

	/* Released: free now (a trylock, so that a bug fails, not hangs). */
	KUNIT_ASSERT_TRUE(test, lw_mutex_trylock(&t->m.lock));
	lw_mutex_unlock(&t->m.lock);
	KUNIT_EXPECT_TRUE(test, lw_is_poisoned(&t->m));

	KUNIT_EXPECT_EQ(test, lw_pt_lock(t, LW_PT_MUTEX, &d), -EOWNERDEAD);
	KUNIT_EXPECT_EQ(test, d->a, 3);
	lw_pt_unlock(t, LW_PT_MUTEX);
	KUNIT_EXPECT_EQ(test, lw_test_count_kind(test, LW_KIND_POISONED, f), 1U);
	KUNIT_EXPECT_EQ(test, f->detail.poisoned.by_exit, 1);	/* by an exit */
	KUNIT_EXPECT_NOT_NULL(test, strstr(f->site[1], "lw_pt_exit_fn"));
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 2U);

	lw_clear_poison(&t->m);
	KUNIT_EXPECT_EQ(test, lw_pt_lock(t, LW_PT_MUTEX, &d), 0);
	lw_pt_unlock(t, LW_PT_MUTEX);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 2U);
}

/* An rwsem held for reading, then for writing, at exit: released, poisoned. */
static void test_exit_holding_rwsem(struct kunit *test)
	__lw_no_tsa
{
	struct lw_finding *f = lw_test_begin(test, LW_KIND_EXIT_HELD);
	struct lw_pt *t = lw_pt_new(test);
	enum lw_pt_exit what;

	for (what = LW_PT_EXIT_RWSEM_READ; what <= LW_PT_EXIT_RWSEM_WRITE; what++) {
		lw_clear_poison(&t->sem);
		lw_pt_run_exit(test, t, what);
		/* One each: the read hold's, then the write hold's (newest in f). */
		KUNIT_EXPECT_EQ(test, lw_test_count_kind(test, LW_KIND_EXIT_HELD, f),
				what - LW_PT_EXIT_RWSEM_READ + 1U);
		KUNIT_EXPECT_EQ(test, lockwarden_findings_count(),
				what - LW_PT_EXIT_RWSEM_READ + 1U);
		KUNIT_EXPECT_STREQ(test, f->cls[0], "lw_pt_rwsem");
		KUNIT_EXPECT_EQ(test, f->detail.exit.guarded, 1);
		KUNIT_EXPECT_EQ(test, f->detail.exit.released, 1);
		KUNIT_ASSERT_TRUE(test, lw_down_write_trylock(&t->sem.lock));
		lw_up_write(&t->sem.lock);
		KUNIT_EXPECT_TRUE(test, lw_is_poisoned(&t->sem));
	}
}

/*
 * A read hold the exit hook cannot vouch for is not released. Once checking
 * was switched off and on, a reader may hold an rw_semaphore with no record
 * (taken while off), so a release of it that no record explains is
 * counted, not a finding. Here the kthread reads the guarded rwsem; this
 * task reads it too and releases it twice, the second time the kthread's
 * hold in the kernel's count (a driver's bug lockwarden cannot tell from a
 * hold it did not see); then it reads it again. When the kthread exits, the
 * kernel's count is this task's hold: releasing "the kthread's" would drop
 * it. The exit is a finding, the data poisoned, and the lock left as the
 * kernel has it, held by this task.
 */
static void test_exit_read_hold_unvouched(struct kunit *test)
	__lw_no_tsa
{
	struct lw_finding *f = lw_test_begin(test, LW_KIND_EXIT_HELD);
	struct lw_pt *t = lw_pt_new(test);
	struct lw_pt_thread th = { .t = t, .what = LW_PT_EXIT_READ_WAIT };
	struct task_struct *task;
	bool held;

	KUNIT_ASSERT_EQ(test, lockwarden_control("off"), 0);
	KUNIT_ASSERT_EQ(test, lockwarden_control("on"), 0);
	synchronize_rcu();
	task = lw_pt_start_exit(test, &th);
	wait_for_completion(&th.took);
	lw_down_read(&t->sem.lock);
	lw_up_read(&t->sem.lock);
	lw_up_read(&t->sem.lock);	/* the kthread's hold, in the kernel's count */
	lw_down_read(&t->sem.lock);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);
	complete(&th.go);
	lw_pt_wait_exit(test, task);

	lw_expect_only(test, LW_KIND_EXIT_HELD, f);
	KUNIT_EXPECT_STREQ(test, f->cls[0], "lw_pt_rwsem");
	KUNIT_EXPECT_EQ(test, f->detail.exit.guarded, 1);	/* poisoned */
	KUNIT_EXPECT_EQ(test, f->detail.exit.released, 0);	/* not released */
	KUNIT_EXPECT_TRUE(test, lw_is_poisoned(&t->sem));
	/* This task's own hold, still there: then released. */
	held = rwsem_is_locked(&t->sem.lock.lock);
	KUNIT_EXPECT_TRUE(test, held);
	if (held) {
		KUNIT_EXPECT_FALSE(test, lw_down_write_trylock(&t->sem.lock));
		lw_up_read(&t->sem.lock);
	}
	KUNIT_ASSERT_TRUE(test, lw_down_write_trylock(&t->sem.lock));
	lw_up_write(&t->sem.lock);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 1U);
}

/*
 * A lock that guards nothing: the finding, and nothing else. lockwarden
 * only observes: the mutex stays held, as the kernel leaves it (a lockdep
 * kernel reports the exit itself), and is not poisoned.
 */
static void test_exit_holding_plain(struct kunit *test)
	__lw_no_tsa
{
	struct lw_finding *f = lw_test_begin(test, LW_KIND_EXIT_HELD);
	struct lw_pt *t = lw_pt_new(test);

	lw_pt_run_exit(test, t, LW_PT_EXIT_PLAIN);
	lw_expect_only(test, LW_KIND_EXIT_HELD, f);
	KUNIT_EXPECT_STREQ(test, f->cls[0], "lw_pt_plain");
	KUNIT_EXPECT_EQ(test, f->detail.exit.guarded, 0);
	KUNIT_EXPECT_EQ(test, f->detail.exit.released, 0);
	KUNIT_EXPECT_TRUE(test, mutex_is_locked(&t->plain.lock));
	KUNIT_EXPECT_FALSE(test, lw_mutex_trylock(&t->plain));
	KUNIT_EXPECT_FALSE(test, test_bit(LW_DEP_POISONED, &t->plain.dep.flags));
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 1U);
}

/* A kthread that unlocks before it exits: no finding, no poison. */
static void test_exit_clean(struct kunit *test)
	__lw_no_tsa
{
	struct lw_finding *f = lw_test_begin(test, LW_NONE);
	struct lw_pt *t = lw_pt_new(test);
	const struct lw_pt_data *d;

	lw_pt_run_exit(test, t, LW_PT_EXIT_CLEAN);
	lw_expect_only(test, LW_NONE, f);
	KUNIT_EXPECT_FALSE(test, lw_is_poisoned(&t->m));
	KUNIT_EXPECT_EQ(test, lw_pt_lock(t, LW_PT_MUTEX, &d), 0);
	KUNIT_EXPECT_EQ(test, d->a, 3);
	lw_pt_unlock(t, LW_PT_MUTEX);
	lw_expect_only(test, LW_NONE, f);
}

/* The example of guarded.rst: a repaired poison is one finding, then none. */
static void test_doc_poison_example(struct kunit *test)
	__lw_no_tsa
{
	struct lw_finding *f = lw_test_begin(test, LW_KIND_POISONED);
	struct lw_doc_acct *a;

	lw_mutex_guarded_init(&lw_doc_acct);
	lw_doc_transfer(5, false);
	KUNIT_EXPECT_EQ(test, lw_doc_balance(), 5ULL);
	lw_expect_only(test, LW_NONE, f);
	lw_doc_transfer(3, true);
	KUNIT_EXPECT_TRUE(test, lw_is_poisoned(&lw_doc_acct));
	KUNIT_EXPECT_EQ(test, lw_doc_balance(), 8ULL);
	lw_expect_only(test, LW_KIND_POISONED, f);
	KUNIT_EXPECT_NOT_NULL(test, strstr(f->site[1], "lw_doc_transfer"));
	KUNIT_EXPECT_FALSE(test, lw_is_poisoned(&lw_doc_acct));
	KUNIT_EXPECT_EQ(test, lw_doc_balance(), 8ULL);
	a = lw_mutex_lock_guarded(&lw_doc_acct);
	KUNIT_EXPECT_EQ(test, a->out, 8ULL);
	lw_mutex_unlock_guarded(&lw_doc_acct);
	lw_expect_only(test, LW_KIND_POISONED, f);
	KUNIT_EXPECT_EQ(test, f->count, 1U);
}

static struct kunit_case lw_pt_test_cases[] = {
	KUNIT_CASE(test_doc_poison_example),
	KUNIT_CASE_PARAM(test_poisoned_lock, lw_pt_gen_gen_params),
	KUNIT_CASE(test_poisoned_guard),
	KUNIT_CASE(test_poison_unlocked),
	KUNIT_CASE(test_exit_holding_guarded),
	KUNIT_CASE(test_exit_holding_rwsem),
	KUNIT_CASE(test_exit_read_hold_unvouched),
	KUNIT_CASE(test_exit_holding_plain),
	KUNIT_CASE(test_exit_clean),
	{}
};

LW_TEST_SUITE(lockwarden_poison, lw_test_init, lw_test_exit, lw_pt_test_cases);
