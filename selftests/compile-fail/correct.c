// SPDX-License-Identifier: GPL-2.0
/*
 * Compile-fail suite, the counterpart: every lock and guarded-data
 * operation used correctly, which every checker must accept silently.
 *
 * expect clean: clang-tsa sparse gcc clang sparse-out gcc-out
 */
#include <lockwarden/lockwarden.h>

struct cf_stats {
	u64 packets;
	u64 bytes;
};

struct cf_dev {
	LW_MUTEX_GUARDED(stats, struct cf_stats);
	LW_SPIN_GUARDED(irq_stats, struct cf_stats);
	LW_RWLOCK_GUARDED(table, struct cf_stats);
	LW_RWSEM_GUARDED(config, struct cf_stats);
	struct lw_mutex mutex;
	struct lw_spinlock spin;
	struct lw_rwlock rwlock;
	struct lw_rwsem rwsem;
	int value;
};

/* Called with the mutex held; it stays held. */
static void cf_set_locked(struct cf_dev *d, int value)
	__lw_must_hold(&d->mutex)
{
	d->value = value;
}

/* Called with the stats lock held: the data through lw_guarded(). */
static void cf_count_locked(struct cf_dev *d, unsigned int len)
	__lw_must_hold(&d->stats.lock)
{
	struct cf_stats *s = lw_guarded(&d->stats);

	s->packets++;
	s->bytes += len;
}

/* Takes the lock for its caller, which releases it. */
static void cf_lock_for_caller(struct cf_dev *d)
	__lw_acquires(&d->mutex)
{
	lw_mutex_lock(&d->mutex);
}

static void cf_unlock_for_caller(struct cf_dev *d)
	__lw_releases(&d->mutex)
{
	lw_mutex_unlock(&d->mutex);
}

/* The lock-taking refcount helpers: held only when they say so. */
static __maybe_unused void cf_correct_refcount(struct cf_dev *d, atomic_t *cnt, refcount_t *r)
{
	unsigned long flags;

	if (lw_atomic_dec_and_mutex_lock(cnt, &d->mutex)) {
		cf_set_locked(d, 0);
		lw_mutex_unlock(&d->mutex);
	}
	if (lw_refcount_dec_and_mutex_lock(r, &d->mutex))
		lw_mutex_unlock(&d->mutex);
	if (lw_atomic_dec_and_lock(cnt, &d->spin))
		lw_spin_unlock(&d->spin);
	if (lw_atomic_dec_and_lock_irqsave(cnt, &d->spin, flags))
		lw_spin_unlock_irqrestore(&d->spin, flags);
	if (lw_refcount_dec_and_lock(r, &d->spin))
		lw_spin_unlock(&d->spin);
}

/*
 * The plain, _bh, _irq and _irqsave flavours of <@lk>_lock() and
 * <@unlk>_unlock() on @l, each taken and released.
 */
#define cf_flavours(lk, unlk, l)					\
	do {								\
		typeof(l) __l = (l);					\
		unsigned long __flags;					\
									\
		lk##_lock(__l);						\
		unlk##_unlock(__l);					\
		lk##_lock_bh(__l);					\
		unlk##_unlock_bh(__l);					\
		lk##_lock_irq(__l);					\
		unlk##_unlock_irq(__l);					\
		lk##_lock_irqsave(__l, __flags);			\
		unlk##_unlock_irqrestore(__l, __flags);			\
	} while (0)

/* @unlock() of @l if @trylock() of it took it. */
#define cf_try(trylock, unlock, l)					\
	do {								\
		typeof(l) __l = (l);					\
									\
		if (trylock(__l))					\
			unlock(__l);					\
	} while (0)

/* A block holding @guard on guarded object @g that writes its data. */
#define cf_write_guard(guard, g)					\
	do {								\
		guard(g, __s);						\
									\
		__s->packets++;						\
	} while (0)

/* The same, reading it into @sum. */
#define cf_read_guard(guard, g, sum)					\
	do {								\
		guard(g, __s);						\
									\
		(sum) += __s->packets;					\
	} while (0)

static __maybe_unused void cf_correct_mutex(struct cf_dev *d, struct cf_dev *e)
{
	lw_mutex_init(&d->mutex);
	lw_mutex_lock(&d->mutex);
	cf_set_locked(d, 1);
	lw_mutex_unlock(&d->mutex);

	lw_mutex_lock_nested(&d->mutex, 1);
	lw_mutex_unlock(&d->mutex);

	cf_lock_for_caller(d);
	cf_set_locked(d, 2);
	cf_unlock_for_caller(d);

	lw_mutex_lock_pair(&d->mutex, &e->mutex);
	lw_mutex_unlock(&e->mutex);
	lw_mutex_unlock(&d->mutex);
	lw_mutex_destroy(&d->mutex);
}

static __maybe_unused void cf_correct_spin(struct cf_dev *d)
{
	unsigned long flags;

	lw_spin_lock_init(&d->spin);
	cf_flavours(lw_spin, lw_spin, &d->spin);
	lw_spin_lock_nested(&d->spin, 1);
	lw_spin_unlock(&d->spin);
	lw_spin_lock_irqsave_nested(&d->spin, flags, 1);
	lw_spin_unlock_irqrestore(&d->spin, flags);
}

static __maybe_unused void cf_correct_rwlock(struct cf_dev *d)
{
	lw_rwlock_init(&d->rwlock);
	cf_flavours(lw_read, lw_read, &d->rwlock);
	cf_flavours(lw_write, lw_write, &d->rwlock);
	lw_write_lock_nested(&d->rwlock, 1);
	lw_write_unlock(&d->rwlock);
}

static __maybe_unused void cf_correct_rwsem(struct cf_dev *d)
{
	lw_init_rwsem(&d->rwsem);
	lw_down_read(&d->rwsem);
	lw_up_read(&d->rwsem);
	lw_down_read_nested(&d->rwsem, 1);
	lw_up_read(&d->rwsem);
	lw_down_write(&d->rwsem);
	lw_up_write(&d->rwsem);
	lw_down_write_nested(&d->rwsem, 1);
	lw_downgrade_write(&d->rwsem);
	lw_up_read(&d->rwsem);
}

static __maybe_unused int cf_correct_conditional(struct cf_dev *d)
{
	int ret;

	if (lw_mutex_trylock(&d->mutex)) {
		cf_set_locked(d, 3);
		lw_mutex_unlock(&d->mutex);
	}
	cf_try(lw_spin_trylock, lw_spin_unlock, &d->spin);
	cf_try(lw_read_trylock, lw_read_unlock, &d->rwlock);
	cf_try(lw_write_trylock, lw_write_unlock, &d->rwlock);
	cf_try(lw_down_read_trylock, lw_up_read, &d->rwsem);
	cf_try(lw_down_write_trylock, lw_up_write, &d->rwsem);

	ret = lw_mutex_lock_interruptible(&d->mutex);
	if (ret)
		return ret;
	cf_set_locked(d, 4);
	lw_mutex_unlock(&d->mutex);

	if (lw_mutex_lock_killable(&d->mutex))
		return -EINTR;
	lw_mutex_unlock(&d->mutex);
	return 0;
}

/* Static locks with their class, the irq trylocks, the rwsem waits. */
static LW_DEFINE_CLASS_NAMED(cf_class, "cf->lock", 1);
static LW_DEFINE_SPINLOCK(cf_spin, &cf_class);
static LW_DECLARE_RWSEM(cf_rwsem, &cf_class);

static __maybe_unused int cf_correct_api(struct cf_dev *d)
{
	unsigned long flags;
	int taken, err;

	lw_might_lock(&d->mutex);
	lw_assert_not_held(&d->mutex);
	lw_mutex_lock(&d->mutex);
	lw_assert_held_once(&d->mutex);
	lw_mutex_unlock(&d->mutex);

	taken = lw_spin_trylock_bh(&cf_spin);
	if (taken)
		lw_spin_unlock_bh(&cf_spin);
	taken = lw_spin_trylock_irqsave(&cf_spin, flags);
	if (taken)
		lw_spin_unlock_irqrestore(&cf_spin, flags);
	taken = lw_write_trylock_irqsave(&d->rwlock, flags);
	if (taken)
		lw_write_unlock_irqrestore(&d->rwlock, flags);

	lw_might_lock_read(&cf_rwsem);
	err = lw_down_read_killable(&cf_rwsem);
	if (!err)
		lw_up_read(&cf_rwsem);
	err = lw_down_write_killable(&cf_rwsem);
	if (err)
		return err;
	lw_up_write(&cf_rwsem);
	return lw_mutex_is_locked(&d->mutex) + lw_spin_is_locked(&cf_spin);
}

static __maybe_unused u64 cf_correct_guarded(struct cf_dev *d)
{
	struct cf_stats *s;
	const struct cf_stats *c;
	u64 sum;

	lw_mutex_guarded_init(&d->stats);
	lw_spin_guarded_init(&d->irq_stats);
	lw_rwlock_guarded_init(&d->table);
	lw_rwsem_guarded_init(&d->config);

	s = lw_mutex_lock_guarded(&d->stats);
	s->packets++;
	cf_count_locked(d, 64);
	lw_guarded(&d->stats)->bytes++;
	sum = lw_guarded_read(&d->stats)->packets;
	lw_mutex_unlock_guarded(&d->stats);

	s = lw_spin_lock_guarded(&d->irq_stats);
	s->packets++;
	lw_spin_unlock_guarded(&d->irq_stats);

	c = lw_read_lock_guarded(&d->table);
	sum += c->packets;
	lw_read_unlock_guarded(&d->table);
	s = lw_write_lock_guarded(&d->table);
	s->packets++;
	lw_write_unlock_guarded(&d->table);

	c = lw_down_read_guarded(&d->config);
	sum += lw_guarded_read(&d->config)->packets + c->bytes;
	lw_up_read_guarded(&d->config);
	s = lw_down_write_guarded(&d->config);
	s->packets++;
	lw_up_write_guarded(&d->config);

	lw_mutex_lock(&d->mutex);
	sum += *lw_locked_by(&d->value, &d->mutex);
	sum += *lw_locked_by_read(&d->value, &d->mutex);
	lw_mutex_unlock(&d->mutex);

	return sum + lw_guarded_racy(&d->stats).packets;
}

static __maybe_unused u64 cf_correct_guards(struct cf_dev *d)
{
	u64 sum = 0;

	cf_write_guard(lw_mutex_guard, &d->stats);
	cf_write_guard(lw_spin_guard, &d->irq_stats);
	cf_read_guard(lw_read_guard, &d->table, sum);
	cf_write_guard(lw_write_guard, &d->table);
	cf_read_guard(lw_down_read_guard, &d->config, sum);
	cf_write_guard(lw_down_write_guard, &d->config);
	/* The guard has gone: the lock is free to take again. */
	lw_mutex_lock(&d->stats.lock);
	sum += lw_guarded(&d->stats)->packets;
	lw_mutex_unlock(&d->stats.lock);
	return sum;
}
