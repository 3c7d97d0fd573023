// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite of lockwarden's guarded data: access under the lock is no
 * finding, access without it exactly one "unguarded access"; a scoped guard
 * unlocks at the end of its block; a read guard hands out a const pointer.
 * The examples of Documentation/guarded.rst are compiled here, verbatim.
 */
#include <kunit/test.h>

#include "lw_test.h"

/* ===== The examples of Documentation/guarded.rst ===== */

/* Example "a counter guarded by a mutex": test_doc_examples. */
struct lw_doc_stats {
	u64 packets;
	u64 bytes;
};

struct lw_doc_dev {
	LW_MUTEX_GUARDED(stats, struct lw_doc_stats);
};

static void lw_doc_dev_init(struct lw_doc_dev *dev)
{
	lw_mutex_guarded_init(&dev->stats);
}

static void lw_doc_account(struct lw_doc_dev *dev, unsigned int len)
{
	lw_mutex_guard(&dev->stats, st);

	st->packets++;
	st->bytes += len;
}				/* unlocked here */

static u64 lw_doc_packets(struct lw_doc_dev *dev)
{
	struct lw_doc_stats *st = lw_mutex_lock_guarded(&dev->stats);
	u64 n = st->packets;

	lw_mutex_unlock_guarded(&dev->stats);
	return n;
}

/* Example "readers and writers": test_doc_examples. */
struct lw_doc_cfg {
	unsigned int mtu;
};

static LW_RWSEM_GUARDED(lw_doc_cfg, struct lw_doc_cfg);

static unsigned int lw_doc_mtu(void)
{
	lw_down_read_guard(&lw_doc_cfg, cfg);

	/* cfg->mtu = 0; would not compile: cfg is const */
	return cfg->mtu;
}

static void lw_doc_set_mtu(unsigned int mtu)
{
	lw_down_write_guard(&lw_doc_cfg, cfg);

	cfg->mtu = mtu;
}

/* Example "data guarded by a lock elsewhere": test_doc_examples. */
struct lw_doc_queue {
	struct lw_spinlock lock;
	unsigned int len;	/* guarded by lock */
};

static void lw_doc_queue_add(struct lw_doc_queue *q)
{
	lw_spin_lock(&q->lock);
	(*lw_locked_by(&q->len, &q->lock))++;
	lw_spin_unlock(&q->lock);
}

/* Example "a racy read for statistics": test_doc_examples. */
static u64 lw_doc_packets_racy(struct lw_doc_dev *dev)
{
	return lw_guarded_racy(&dev->stats).packets;
}

/* ===== The lock-type matrix ===== */

struct lw_gd_data {
	int value;
};

static LW_DEFINE_CLASS(lw_gd_mutex_class, 0);
static LW_DEFINE_CLASS(lw_gd_spin_class, 0);
static LW_DEFINE_CLASS(lw_gd_rwlock_class, 0);
static LW_DEFINE_CLASS(lw_gd_rwsem_class, 0);

static LW_MUTEX_GUARDED(gd_mutex, struct lw_gd_data);
static LW_SPIN_GUARDED(gd_spin, struct lw_gd_data);
static LW_RWLOCK_GUARDED(gd_rwlock, struct lw_gd_data);
static LW_RWSEM_GUARDED(gd_rwsem, struct lw_gd_data);

/*
 * One lock type and side: @locked reaches the data with lw_guarded() (or
 * lw_guarded_read() for @read) under the lock taken by hand; @unlocked
 * without it; @scoped through a scoped guard; @trylock tests that the lock
 * is free again, leaving it free.
 */
struct lw_gd_type {
	const char *name;
	const char *class;
	bool read;
	void (*init)(void);
	void (*locked)(void);
	void (*unlocked)(void);
	void (*scoped)(void);
	bool (*trylock)(void);
};

static int lw_gd_sink;

/* What a side does with the data: a writer's increment, a reader's load. */
#define LW_GD_WRITE(d)	((d)->value++)
#define LW_GD_READ(d)	(lw_gd_sink = (d)->value)

/*
 * LW_GD_TYPE(obj, trylock, unlock) defines lw_gd_<obj>_init(), which sets
 * up gd_<obj> with its class, and lw_gd_<obj>_trylock(), which tests by
 * lw_<trylock>() that its lock is free, and leaves it free.
 */
#define LW_GD_TYPE(obj, trylock, unlock)				\
static void lw_gd_##obj##_init(void)					\
{									\
	lw_##obj##_guarded_init(&gd_##obj, &lw_gd_##obj##_class);	\
}									\
									\
static bool lw_gd_##obj##_trylock(void)					\
{									\
	if (!lw_##trylock(&gd_##obj.lock))				\
		return false;						\
	lw_##unlock(&gd_##obj.lock);					\
	return true;							\
}

/*
 * LW_GD_SIDE(side, obj, lockfn, unlockfn, guard, access, use) defines the
 * functions of struct lw_gd_type for one side of gd_<obj>:
 * lw_gd_<side>_locked() reaches the data by lw_<access>() under
 * lw_<lockfn>(), lw_gd_<side>_unlocked() without it, lw_gd_<side>_scoped()
 * through the scoped guard lw_<guard>(); each does LW_GD_<use>() with it.
 */
#define LW_GD_SIDE(side, obj, lockfn, unlockfn, guard, access, use)	\
static void lw_gd_##side##_locked(void)					\
{									\
	lw_##lockfn(&gd_##obj.lock);					\
	LW_GD_##use(lw_##access(&gd_##obj));				\
	lw_##unlockfn(&gd_##obj.lock);					\
}									\
									\
static void lw_gd_##side##_unlocked(void)				\
	__lw_no_tsa							\
{									\
	LW_GD_##use(lw_##access(&gd_##obj));				\
}									\
									\
static void lw_gd_##side##_scoped(void)					\
{									\
	lw_##guard(&gd_##obj, d);					\
									\
	LW_GD_##use(d);							\
}

LW_GD_TYPE(mutex, mutex_trylock, mutex_unlock)
LW_GD_TYPE(spin, spin_trylock, spin_unlock)
LW_GD_TYPE(rwlock, write_trylock, write_unlock)
LW_GD_TYPE(rwsem, down_write_trylock, up_write)

LW_GD_SIDE(mutex, mutex, mutex_lock, mutex_unlock, mutex_guard, guarded, WRITE)
LW_GD_SIDE(spin, spin, spin_lock, spin_unlock, spin_guard, guarded, WRITE)
LW_GD_SIDE(rwlock_w, rwlock, write_lock, write_unlock, write_guard, guarded, WRITE)
LW_GD_SIDE(rwlock_r, rwlock, read_lock, read_unlock, read_guard, guarded_read, READ)
LW_GD_SIDE(rwsem_w, rwsem, down_write, up_write, down_write_guard, guarded, WRITE)
LW_GD_SIDE(rwsem_r, rwsem, down_read, up_read, down_read_guard, guarded_read, READ)

static const struct lw_gd_type lw_gd_types[] = {
	{ "mutex", "lw_gd_mutex_class", false, lw_gd_mutex_init, lw_gd_mutex_locked,
	  lw_gd_mutex_unlocked, lw_gd_mutex_scoped, lw_gd_mutex_trylock },
	{ "spinlock", "lw_gd_spin_class", false, lw_gd_spin_init, lw_gd_spin_locked,
	  lw_gd_spin_unlocked, lw_gd_spin_scoped, lw_gd_spin_trylock },
	{ "rwlock_write", "lw_gd_rwlock_class", false, lw_gd_rwlock_init,
	  lw_gd_rwlock_w_locked, lw_gd_rwlock_w_unlocked, lw_gd_rwlock_w_scoped,
	  lw_gd_rwlock_trylock },
	{ "rwlock_read", "lw_gd_rwlock_class", true, lw_gd_rwlock_init,
	  lw_gd_rwlock_r_locked, lw_gd_rwlock_r_unlocked, lw_gd_rwlock_r_scoped,
	  lw_gd_rwlock_trylock },
	{ "rwsem_write", "lw_gd_rwsem_class", false, lw_gd_rwsem_init,
	  lw_gd_rwsem_w_locked, lw_gd_rwsem_w_unlocked, lw_gd_rwsem_w_scoped,
	  lw_gd_rwsem_trylock },
	{ "rwsem_read", "lw_gd_rwsem_class", true, lw_gd_rwsem_init,
	  lw_gd_rwsem_r_locked, lw_gd_rwsem_r_unlocked, lw_gd_rwsem_r_scoped,
	  lw_gd_rwsem_trylock },
};

LW_TEST_CASES_PARAM(lw_gd, lw_gd_types);

/* ===== Test cases ===== */

/* Reaching the data under its lock is no finding. */
static void test_access_under_lock(struct kunit *test)
{
	const struct lw_gd_type *t = test->param_value;

	t->init();
	t->locked();
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);
}

/* Reaching the data without its lock: one finding naming class and site. */
static void test_access_without_lock(struct kunit *test)
{
	const struct lw_gd_type *t = test->param_value;
	struct lw_finding *f = lw_test_begin(test, LW_KIND_UNGUARDED);

	t->init();
	t->unlocked();
	KUNIT_ASSERT_EQ(test, lw_test_count_kind(test, LW_KIND_UNGUARDED, f), 1U);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 1U);
	KUNIT_EXPECT_STREQ(test, f->cls[0], t->class);
	KUNIT_EXPECT_EQ(test, f->detail.unguarded.write_under_read, 0);
	KUNIT_EXPECT_NOT_NULL(test, strstr(f->site[0], "unlocked"));
}

/* A scoped guard unlocks at the end of its block: the lock is free after. */
static void test_scoped_guard_unlocks(struct kunit *test)
{
	const struct lw_gd_type *t = test->param_value;

	t->init();
	t->scoped();
	KUNIT_EXPECT_TRUE(test, t->trylock());
	t->scoped();
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);
}

/* Read locks and read guards hand out const pointers; the others do not. */
static void test_read_guard_is_const(struct kunit *test)
{
	static_assert(__same_type(lw_read_lock_guarded(&gd_rwlock),
				  const struct lw_gd_data *));
	static_assert(__same_type(lw_down_read_guarded(&gd_rwsem),
				  const struct lw_gd_data *));
	static_assert(__same_type(lw_guarded_read(&gd_mutex),
				  const struct lw_gd_data *));
	static_assert(__same_type(lw_write_lock_guarded(&gd_rwlock),
				  struct lw_gd_data *));
	static_assert(__same_type(lw_down_write_guarded(&gd_rwsem),
				  struct lw_gd_data *));
	static_assert(__same_type(lw_guarded(&gd_rwsem), struct lw_gd_data *));
	lw_gd_rwsem_init();
	{
		lw_down_read_guard(&gd_rwsem, d);

		static_assert(__same_type(d, const struct lw_gd_data *));
	}
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);
}

/* Writing (lw_guarded()) under a read hold: the finding says so. */
static void test_write_under_read_hold(struct kunit *test)
	__lw_no_tsa
{
	struct lw_finding *f = lw_test_begin(test, LW_KIND_UNGUARDED);

	lw_gd_rwsem_init();
	lw_down_read(&gd_rwsem.lock);
	lw_guarded(&gd_rwsem)->value++;
	lw_up_read(&gd_rwsem.lock);
	KUNIT_ASSERT_EQ(test, lw_test_count_kind(test, LW_KIND_UNGUARDED, f), 1U);
	KUNIT_EXPECT_EQ(test, f->detail.unguarded.write_under_read, 1);
	KUNIT_EXPECT_STREQ(test, f->cls[0], "lw_gd_rwsem_class");
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 1U);
}

static LW_DEFINE_CLASS(lw_gd_queue_class, 0);

/* lw_locked_by(): that lock instance, not another of its class. */
static void test_locked_by_instance(struct kunit *test)
	__lw_no_tsa
{
	struct lw_doc_queue *q = kunit_kcalloc(test, 2, sizeof(*q), GFP_KERNEL);
	struct lw_finding *f = lw_test_begin(test, LW_KIND_UNGUARDED);

	KUNIT_ASSERT_NOT_NULL(test, q);
	lw_spin_lock_init(&q[0].lock, &lw_gd_queue_class);
	lw_spin_lock_init(&q[1].lock, &lw_gd_queue_class);
	lw_doc_queue_add(&q[0]);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);

	/* Read without the lock: one finding. */
	KUNIT_EXPECT_EQ(test, *lw_locked_by_read(&q[0].len, &q[0].lock), 1U);
	KUNIT_ASSERT_EQ(test, lw_test_count_kind(test, LW_KIND_UNGUARDED, f), 1U);

	/* Written under the other queue's lock, of the same class: a second. */
	lw_spin_lock(&q[1].lock);
	(*lw_locked_by(&q[0].len, &q[0].lock))++;
	lw_spin_unlock(&q[1].lock);
	KUNIT_ASSERT_EQ(test, lw_test_count_kind(test, LW_KIND_UNGUARDED, f), 2U);
	KUNIT_EXPECT_STREQ(test, f->cls[0], "lw_gd_queue_class");
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 2U);
}

/* === The interrupt flavours of the spinlock and rwlock guards === */

enum lw_gd_irq_flavour {
	LW_GD_SPIN_BH, LW_GD_SPIN_IRQ, LW_GD_SPIN_IRQSAVE,
	LW_GD_READ_BH, LW_GD_READ_IRQ, LW_GD_READ_IRQSAVE,
	LW_GD_WRITE_BH, LW_GD_WRITE_IRQ, LW_GD_WRITE_IRQSAVE,
	LW_GD_NR_IRQ_FLAVOURS,
};

static const char *const lw_gd_irq_names[] = {
	"spin_bh", "spin_irq", "spin_irqsave",
	"read_bh", "read_irq", "read_irqsave",
	"write_bh", "write_irq", "write_irqsave",
};

static_assert(ARRAY_SIZE(lw_gd_irq_names) == LW_GD_NR_IRQ_FLAVOURS);

LW_TEST_NAMES_PARAM(lw_gd_irq, lw_gd_irq_names);

/* What a guard of flavour @f saw inside its block. */
struct lw_gd_irq_seen {
	bool irqs_off;
	bool bh_off;
	int value;
};

/* Reach the data through the checked accessor, under the guard. */
static void lw_gd_irq_seen_in(struct lw_gd_irq_seen *seen, int value)
{
	seen->irqs_off = irqs_disabled();
	seen->bh_off = softirq_count() != 0;
	seen->value = value;
}

/*
 * In lw_gd_irq_guard(): enter the guard lw_<guard>() of gd_<obj>, do
 * LW_GD_<use>() with its pointer, and record what is seen through it and
 * through lw_<access>(); leave the block.
 */
#define LW_GD_IRQ_GUARD(guard, obj, access, use)			\
	do {								\
		lw_##guard(&gd_##obj, d);				\
									\
		LW_GD_##use(d);						\
		lw_gd_irq_seen_in(seen, d->value + lw_##access(&gd_##obj)->value); \
	} while (0)

/* Enter a guard of flavour @f, touch the data, leave the block. */
static void lw_gd_irq_guard(enum lw_gd_irq_flavour f, struct lw_gd_irq_seen *seen)
	__lw_no_tsa
{
	switch (f) {
	case LW_GD_SPIN_BH:
		LW_GD_IRQ_GUARD(spin_guard_bh, spin, guarded, WRITE);
		break;
	case LW_GD_SPIN_IRQ:
		LW_GD_IRQ_GUARD(spin_guard_irq, spin, guarded, WRITE);
		break;
	case LW_GD_SPIN_IRQSAVE:
		LW_GD_IRQ_GUARD(spin_guard_irqsave, spin, guarded, WRITE);
		break;
	case LW_GD_READ_BH:
		LW_GD_IRQ_GUARD(read_guard_bh, rwlock, guarded_read, READ);
		break;
	case LW_GD_READ_IRQ:
		LW_GD_IRQ_GUARD(read_guard_irq, rwlock, guarded_read, READ);
		break;
	case LW_GD_READ_IRQSAVE:
		LW_GD_IRQ_GUARD(read_guard_irqsave, rwlock, guarded_read, READ);
		break;
	case LW_GD_WRITE_BH:
		LW_GD_IRQ_GUARD(write_guard_bh, rwlock, guarded, WRITE);
		break;
	case LW_GD_WRITE_IRQ:
		LW_GD_IRQ_GUARD(write_guard_irq, rwlock, guarded, WRITE);
		break;
	default:
		LW_GD_IRQ_GUARD(write_guard_irqsave, rwlock, guarded, WRITE);
		break;
	}
}

/* Whether the lock of flavour @f is free: take it for writing, and release it. */
static bool lw_gd_irq_free(enum lw_gd_irq_flavour f)
{
	return f <= LW_GD_SPIN_IRQSAVE ? lw_gd_spin_trylock() : lw_gd_rwlock_trylock();
}

/*
 * Each interrupt flavour of a guard: inside its block, the lock held (the
 * checked accessor is no finding), bottom halves or interrupts off as the
 * flavour says (on PREEMPT_RT interrupts stay on, as the kernel's
 * spinlock_t and rwlock_t leave them); after it, the lock free and the
 * interrupt state as before, an irqsave guard entered with interrupts off
 * leaving them off (not tried on PREEMPT_RT, where that is a bug). The data
 * reached after the block is the one finding.
 */
static void test_irq_guards(struct kunit *test)
	__lw_no_tsa
{
	enum lw_gd_irq_flavour f = lw_test_param_index(test, lw_gd_irq_names);
	bool bh = f % 3 == 0, save = f % 3 == 2, spin = f <= LW_GD_SPIN_IRQSAVE;
	struct lw_finding *found = kunit_kzalloc(test, sizeof(*found), GFP_KERNEL);
	struct lw_gd_irq_seen seen = { };

	KUNIT_ASSERT_NOT_NULL(test, found);
	lw_test_expect(test, LW_KIND_UNGUARDED);
	lw_gd_spin_init();
	lw_gd_rwlock_init();
	lw_spin_lock(&gd_spin.lock);
	lw_guarded(&gd_spin)->value = 0;
	lw_spin_unlock(&gd_spin.lock);
	lw_write_lock(&gd_rwlock.lock);
	lw_guarded(&gd_rwlock)->value = 0;
	lw_write_unlock(&gd_rwlock.lock);

	KUNIT_ASSERT_FALSE(test, irqs_disabled());
	lw_gd_irq_guard(f, &seen);
	KUNIT_EXPECT_EQ(test, seen.bh_off, bh);
	/* PREEMPT_RT's spinlock_t and rwlock_t leave interrupts on. */
	KUNIT_EXPECT_EQ(test, seen.irqs_off, !bh && !IS_ENABLED(CONFIG_PREEMPT_RT));
	KUNIT_EXPECT_EQ(test, seen.value, f >= LW_GD_READ_BH && f <= LW_GD_READ_IRQSAVE ? 0 : 2);
	KUNIT_EXPECT_FALSE(test, irqs_disabled());
	KUNIT_EXPECT_EQ(test, softirq_count(), 0UL);
	KUNIT_EXPECT_TRUE(test, lw_gd_irq_free(f));
	lw_expect_only(test, LW_NONE, found);

	/* Not on PREEMPT_RT: there a spinlock_t with interrupts off is a bug. */
	if (save && !IS_ENABLED(CONFIG_PREEMPT_RT)) {
		local_irq_disable();
		lw_gd_irq_guard(f, &seen);
		KUNIT_EXPECT_TRUE(test, irqs_disabled());
		local_irq_enable();
		KUNIT_EXPECT_TRUE(test, seen.irqs_off);
		lw_expect_only(test, LW_NONE, found);
	}

	/* The guard is gone: the checked accessor without the lock. */
	if (spin)
		lw_gd_sink = lw_guarded(&gd_spin)->value;
	else
		lw_gd_sink = lw_guarded(&gd_rwlock)->value;
	lw_expect_only(test, LW_KIND_UNGUARDED, found);
	KUNIT_EXPECT_STREQ(test, found->cls[0], spin ? "lw_gd_spin_class" : "lw_gd_rwlock_class");
}

/*
 * A racy read is counted in the racy_reads stat, once per read, and is no
 * finding; reads under the lock are not counted.
 */
#ifdef LW_HAVE_CLEANUP_H
/*
 * The kernel's guard() and scoped_guard() with guarded.h's guard classes,
 * reaching the data with lw_guarded(). The capability analysis cannot see
 * a cleanup function run (Documentation/static-checking.rst).
 */
static void lw_gd_kernel_guards(void)
	__lw_no_tsa
{
	{
		guard(lw_mutex)(&gd_mutex.lock);

		lw_guarded(&gd_mutex)->value++;
	}
	scoped_guard(lw_spinlock, &gd_spin.lock)
		lw_guarded(&gd_spin)->value++;
	scoped_guard(lw_write_lock, &gd_rwlock.lock)
		lw_guarded(&gd_rwlock)->value++;
	scoped_guard(lw_read_lock, &gd_rwlock.lock)
		lw_gd_sink += lw_guarded_read(&gd_rwlock)->value;
	scoped_guard(lw_rwsem_write, &gd_rwsem.lock)
		lw_guarded(&gd_rwsem)->value++;
	scoped_guard(lw_rwsem_read, &gd_rwsem.lock)
		lw_gd_sink += lw_guarded_read(&gd_rwsem)->value;
}

/*
 * Each guard class holds its lock for the block and releases it at its
 * end: the accesses inside are no finding, every lock is free afterwards,
 * and the same access after the block is one.
 */
static void test_kernel_guard_classes(struct kunit *test)
{
	lw_gd_mutex_init();
	lw_gd_spin_init();
	lw_gd_rwlock_init();
	lw_gd_rwsem_init();
	lw_gd_kernel_guards();
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);
	KUNIT_EXPECT_TRUE(test, lw_gd_mutex_trylock());
	KUNIT_EXPECT_TRUE(test, lw_gd_spin_trylock());
	KUNIT_EXPECT_TRUE(test, lw_gd_rwlock_trylock());
	KUNIT_EXPECT_TRUE(test, lw_gd_rwsem_trylock());

	lw_kunit_expect(test, LW_KIND_UNGUARDED);
	lw_gd_mutex_unlocked();
	KUNIT_EXPECT_EQ(test, lw_test_count_kind(test, LW_KIND_UNGUARDED, NULL), 1U);
}
#else
static void test_kernel_guard_classes(struct kunit *test)
{
	kunit_skip(test, "this kernel has no linux/cleanup.h");
}
#endif

static void test_racy_read_counted(struct kunit *test)
{
	struct lw_doc_dev *dev = kunit_kzalloc(test, sizeof(*dev), GFP_KERNEL);
	unsigned long before;

	KUNIT_ASSERT_NOT_NULL(test, dev);
	lw_doc_dev_init(dev);
	before = lockwarden_stat_read(LW_STAT_RACY_READS);
	lw_doc_account(dev, 10);
	KUNIT_EXPECT_EQ(test, lw_doc_packets(dev), 1ULL);
	KUNIT_EXPECT_EQ(test, lockwarden_stat_read(LW_STAT_RACY_READS), before);
	KUNIT_EXPECT_EQ(test, lw_doc_packets_racy(dev), 1ULL);
	KUNIT_EXPECT_EQ(test, lw_guarded_racy(&dev->stats).bytes, 10ULL);
	KUNIT_EXPECT_EQ(test, lw_doc_packets_racy(dev), 1ULL);
	KUNIT_EXPECT_EQ(test, lockwarden_stat_read(LW_STAT_RACY_READS), before + 3);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);
}

/* The examples of Documentation/guarded.rst run, and give no finding. */
static void test_doc_examples(struct kunit *test)
{
	struct lw_doc_dev *dev = kunit_kzalloc(test, sizeof(*dev), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, dev);
	lw_doc_dev_init(dev);
	lw_doc_account(dev, 100);
	lw_doc_account(dev, 200);
	KUNIT_EXPECT_EQ(test, lw_doc_packets(dev), 2ULL);
	KUNIT_EXPECT_EQ(test, lw_doc_packets_racy(dev), 2ULL);
	KUNIT_EXPECT_EQ(test, lw_mutex_lock_guarded(&dev->stats)->bytes, 300ULL);
	lw_mutex_unlock_guarded(&dev->stats);

	lw_rwsem_guarded_init(&lw_doc_cfg);
	lw_doc_set_mtu(1500);
	KUNIT_EXPECT_EQ(test, lw_doc_mtu(), 1500U);
	KUNIT_EXPECT_EQ(test, lockwarden_findings_count(), 0U);
}

static struct kunit_case lw_gd_test_cases[] = {
	KUNIT_CASE_PARAM(test_access_under_lock, lw_gd_gen_params),
	KUNIT_CASE_PARAM(test_access_without_lock, lw_gd_gen_params),
	KUNIT_CASE_PARAM(test_scoped_guard_unlocks, lw_gd_gen_params),
	KUNIT_CASE(test_read_guard_is_const),
	KUNIT_CASE(test_write_under_read_hold),
	KUNIT_CASE(test_locked_by_instance),
	KUNIT_CASE_PARAM(test_irq_guards, lw_gd_irq_gen_params),
	KUNIT_CASE(test_kernel_guard_classes),
	KUNIT_CASE(test_racy_read_counted),
	KUNIT_CASE(test_doc_examples),
	{}
};

LW_TEST_SUITE(lockwarden_guarded, lw_test_init, lw_test_exit, lw_gd_test_cases);
