// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden's out-of-line hooks for each lock type: they wrap the kernel
 * lock operation in the checks of acquire.c. Each is called straight from
 * an inline wrapper in the driver, so _RET_IP_ is the driver's call site.
 */
#include "checks/fast.h"

#include <linux/instruction_pointer.h>

/*
 * While lw_timing is on (lockstat, hold-time budgets: lockstat.c), each
 * acquisition goes through a _timed variant: with lockstat on it tries the
 * lock first and, when the try fails, times the blocking acquisition (as
 * lock_stat finds contention); then it stamps the hold. Each release is
 * timed first. Off, the hooks cost the key's one branch more.
 */
static __always_inline bool lw_timing_on(void)
{
	return static_branch_unlikely(&lw_timing);
}

/*
 * Whether a timed acquisition as @subclass tries the lock first. Not for a
 * nested one on a lockdep kernel: lockdep would record the try's hold as
 * subclass 0, so such contentions go uncounted there.
 */
static bool lw_try_first(unsigned int subclass)
{
	return lw_lockstat_enabled() && !(IS_ENABLED(CONFIG_DEBUG_LOCK_ALLOC) && subclass);
}

/* Interrupts or bottom halves off as @mode asks; returns saved flags. */
static unsigned long lw_irq_off(enum lw_irq_mode mode)
{
	unsigned long flags = 0;

	switch (mode) {
	case LW_IRQ_NONE:
		break;
	case LW_IRQ_BH:
		local_bh_disable();
		break;
	case LW_IRQ_DISABLE:
		local_irq_disable();
		break;
	case LW_IRQ_SAVE:
		local_irq_save(flags);
		break;
	}
	return flags;
}

/* Undo lw_irq_off(). */
static void lw_irq_on(enum lw_irq_mode mode, unsigned long flags)
{
	switch (mode) {
	case LW_IRQ_NONE:
		break;
	case LW_IRQ_BH:
		local_bh_enable();
		break;
	case LW_IRQ_DISABLE:
		local_irq_enable();
		break;
	case LW_IRQ_SAVE:
		local_irq_restore(flags);
		break;
	}
}

/* === lw_mutex === */

static void lw_mutex_lock_timed(struct lw_mutex *m, unsigned int subclass)
{
	bool try = lw_try_first(subclass);
	u64 wait = 0;

	if (!try || !mutex_trylock(&m->lock)) {
		wait = try ? lw_wait_start() : 0;
		mutex_lock_nested(&m->lock, subclass);
	}
	lw_timed_acquired(&m->dep, subclass, wait);
}

/* mutex_lock_interruptible() (@killable: _killable()), timed. */
static int lw_mutex_lock_wait_timed(struct lw_mutex *m, bool killable)
{
	u64 wait = 0;
	int ret = 0;

	if (!lw_lockstat_enabled() || !mutex_trylock(&m->lock)) {
		wait = lw_wait_start();
		ret = killable ? mutex_lock_killable(&m->lock) :
				 mutex_lock_interruptible(&m->lock);
	}
	if (!ret)
		lw_timed_acquired(&m->dep, 0, wait);
	return ret;
}

/**
 * lockwarden_mutex_init() - initialise an lw_mutex; use lw_mutex_init()
 * @m: the lock
 * @class: its class; on lockdep kernels also the lockdep class and name
 */
void lockwarden_mutex_init(struct lw_mutex *m, struct lw_class *class)
{
	mutex_init(&m->lock);
	/* lockdep sees the class under its name (a no-op without lockdep). */
	if (class)
		lockdep_set_class_and_name(&m->lock, &class->key, class->name);
	lw_dep_init(&m->dep, class, LW_LOCK_MUTEX);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_mutex_init, LW_NS);

/**
 * lockwarden_mutex_lock() - checked mutex_lock(); use lw_mutex_lock()
 * @m: the lock
 */
void lockwarden_mutex_lock(struct lw_mutex *m)
{
	lw_acquire(&m->dep, LW_ACQ_SLEEPS, 0, _RET_IP_);
	if (lw_timing_on())
		lw_mutex_lock_timed(m, 0);
	else
		mutex_lock(&m->lock);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_mutex_lock, LW_NS);

/**
 * lockwarden_mutex_lock_nested() - checked mutex_lock_nested(); use lw_mutex_lock_nested()
 * @m: the lock
 * @subclass: nesting level
 */
void lockwarden_mutex_lock_nested(struct lw_mutex *m, unsigned int subclass)
{
	lw_acquire(&m->dep, LW_ACQ_SLEEPS, subclass, _RET_IP_);
	if (lw_timing_on())
		lw_mutex_lock_timed(m, subclass);
	else
		mutex_lock_nested(&m->lock, subclass);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_mutex_lock_nested, LW_NS);

/**
 * lockwarden_mutex_lock_interruptible() - checked mutex_lock_interruptible()
 * @m: the lock; use lw_mutex_lock_interruptible()
 *
 * Return: 0 when acquired, -EINTR when interrupted.
 */
int lockwarden_mutex_lock_interruptible(struct lw_mutex *m)
{
	int ret;

	lw_acquire(&m->dep, LW_ACQ_SLEEPS, 0, _RET_IP_);
	if (lw_timing_on())
		ret = lw_mutex_lock_wait_timed(m, false);
	else
		ret = mutex_lock_interruptible(&m->lock);
	if (ret)
		lw_acquire_failed(&m->dep);
	return ret;
}
EXPORT_SYMBOL_NS_GPL(lockwarden_mutex_lock_interruptible, LW_NS);

/**
 * lockwarden_mutex_lock_killable() - checked mutex_lock_killable()
 * @m: the lock; use lw_mutex_lock_killable()
 *
 * Return: 0 when acquired, -EINTR when a fatal signal arrived.
 */
int lockwarden_mutex_lock_killable(struct lw_mutex *m)
{
	int ret;

	lw_acquire(&m->dep, LW_ACQ_SLEEPS, 0, _RET_IP_);
	if (lw_timing_on())
		ret = lw_mutex_lock_wait_timed(m, true);
	else
		ret = mutex_lock_killable(&m->lock);
	if (ret)
		lw_acquire_failed(&m->dep);
	return ret;
}
EXPORT_SYMBOL_NS_GPL(lockwarden_mutex_lock_killable, LW_NS);

/**
 * lockwarden_mutex_trylock() - checked mutex_trylock(); use lw_mutex_trylock()
 * @m: the lock
 *
 * Return: 1 if acquired, 0 if not.
 */
int lockwarden_mutex_trylock(struct lw_mutex *m)
{
	if (!mutex_trylock(&m->lock))
		return 0;
	lw_acquire(&m->dep, LW_ACQ_SLEEPS | LW_ACQ_TRY, 0, _RET_IP_);
	if (lw_timing_on())
		lw_timed_acquired(&m->dep, 0, 0);
	return 1;
}
EXPORT_SYMBOL_NS_GPL(lockwarden_mutex_trylock, LW_NS);

/**
 * lockwarden_mutex_unlock() - checked mutex_unlock(); use lw_mutex_unlock()
 * @m: the lock
 */
void lockwarden_mutex_unlock(struct lw_mutex *m)
{
	if (lw_timing_on())
		lw_timed_release(&m->dep, _RET_IP_);
	if (lw_release(&m->dep, _RET_IP_))
		mutex_unlock(&m->lock);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_mutex_unlock, LW_NS);

/**
 * lockwarden_mutex_destroy() - checked mutex_destroy(); use lw_mutex_destroy()
 * @m: the lock
 */
void lockwarden_mutex_destroy(struct lw_mutex *m)
{
	lw_check_destroy(&m->dep, _RET_IP_);
	mutex_destroy(&m->lock);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_mutex_destroy, LW_NS);

/**
 * lockwarden_mutex_lock_pair() - two locks of one class in address order
 * @a: one lock; use lw_mutex_lock_pair()
 * @b: the other, or @a
 */
void lockwarden_mutex_lock_pair(struct lw_mutex *a, struct lw_mutex *b)
{
	unsigned long ip = _RET_IP_;

	if (a > b)
		swap(a, b);
	lw_acquire(&a->dep, LW_ACQ_SLEEPS, 0, ip);
	if (lw_timing_on())
		lw_mutex_lock_timed(a, 0);
	else
		mutex_lock(&a->lock);
	if (a == b)
		return;
	lw_acquire(&b->dep, LW_ACQ_SLEEPS, SINGLE_DEPTH_NESTING, ip);
	if (lw_timing_on())
		lw_mutex_lock_timed(b, SINGLE_DEPTH_NESTING);
	else
		mutex_lock_nested(&b->lock, SINGLE_DEPTH_NESTING);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_mutex_lock_pair, LW_NS);

/* === lw_spinlock === */

static void lw_spin_lock_timed(struct lw_spinlock *l, unsigned int subclass)
	__acquires(&l->lock)
{
	bool try = lw_try_first(subclass);
	u64 wait = 0;

	if (try && lw_compat_spin_trylock(&l->lock)) {
		__acquire(&l->lock);	/* for sparse: the try took it */
	} else {
		wait = try ? lw_wait_start() : 0;
		spin_lock_nested(&l->lock, subclass);
	}
	lw_timed_acquired(&l->dep, subclass, wait);
}

/**
 * lockwarden_spin_lock_init() - initialise an lw_spinlock; use lw_spin_lock_init()
 * @l: the lock
 * @class: its class
 */
void lockwarden_spin_lock_init(struct lw_spinlock *l, struct lw_class *class)
{
	spin_lock_init(&l->lock);
	/* lockdep sees the class under its name (a no-op without lockdep). */
	if (class)
		lockdep_set_class_and_name(&l->lock, &class->key, class->name);
	lw_dep_init(&l->dep, class, LW_LOCK_SPINLOCK);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_spin_lock_init, LW_NS);

/**
 * lockwarden_spin_lock() - checked spin_lock*(); use the lw_spin_lock*() wrappers
 * @l: the lock
 * @mode: what to do to interrupts first
 *
 * Return: the saved interrupt flags for LW_IRQ_SAVE, else 0.
 */
unsigned long lockwarden_spin_lock(struct lw_spinlock *l, enum lw_irq_mode mode)
	__acquires(&l->lock)
{
	unsigned long flags = lw_irq_off(mode);

	lw_acquire(&l->dep, 0, 0, _RET_IP_);
	if (lw_timing_on())
		lw_spin_lock_timed(l, 0);
	else
		spin_lock(&l->lock);
	return flags;
}
EXPORT_SYMBOL_NS_GPL(lockwarden_spin_lock, LW_NS);

/**
 * lockwarden_spin_lock_nested() - checked spin_lock*_nested(); use lw_spin_lock*_nested()
 * @l: the lock
 * @mode: what to do to interrupts first
 * @subclass: nesting level
 *
 * Return: the saved interrupt flags for LW_IRQ_SAVE, else 0.
 */
unsigned long lockwarden_spin_lock_nested(struct lw_spinlock *l, enum lw_irq_mode mode,
					  unsigned int subclass)
	__acquires(&l->lock)
{
	unsigned long flags = lw_irq_off(mode);

	lw_acquire(&l->dep, 0, subclass, _RET_IP_);
	if (lw_timing_on())
		lw_spin_lock_timed(l, subclass);
	else
		spin_lock_nested(&l->lock, subclass);
	return flags;
}
EXPORT_SYMBOL_NS_GPL(lockwarden_spin_lock_nested, LW_NS);

/**
 * lockwarden_spin_unlock() - checked spin_unlock*(); use the lw_spin_unlock*() wrappers
 * @l: the lock
 * @mode: what to restore to interrupts after
 * @flags: the flags saved for LW_IRQ_SAVE
 */
void lockwarden_spin_unlock(struct lw_spinlock *l, enum lw_irq_mode mode,
			    unsigned long flags)
	__releases(&l->lock)
{
	if (lw_timing_on())
		lw_timed_release(&l->dep, _RET_IP_);
	/* Not held: neither the unlock nor its interrupt change is done. */
	if (lw_release(&l->dep, _RET_IP_)) {
		spin_unlock(&l->lock);
		lw_irq_on(mode, flags);
	} else {
		__release(&l->lock);	/* for sparse: the caller's release */
	}
}
EXPORT_SYMBOL_NS_GPL(lockwarden_spin_unlock, LW_NS);

/**
 * lockwarden_spin_trylock() - checked spin_trylock(); use lw_spin_trylock()
 * @l: the lock
 *
 * Return: 1 if acquired, 0 if not.
 */
int lockwarden_spin_trylock(struct lw_spinlock *l)
{
	/* Unannotated: the caller's __cond_lock() accounts the hold for sparse. */
	if (!lw_compat_spin_trylock(&l->lock))
		return 0;
	lw_acquire(&l->dep, LW_ACQ_TRY, 0, _RET_IP_);
	if (lw_timing_on())
		lw_timed_acquired(&l->dep, 0, 0);
	return 1;
}
EXPORT_SYMBOL_NS_GPL(lockwarden_spin_trylock, LW_NS);

/* === lw_rwlock === */

static void lw_read_lock_timed(struct lw_rwlock *l)
	__acquires(&l->lock)
{
	u64 wait = 0;

	if (lw_lockstat_enabled() && lw_compat_read_trylock(&l->lock)) {
		__acquire(&l->lock);	/* for sparse: the try took it */
	} else {
		wait = lw_wait_start();
		read_lock(&l->lock);
	}
	lw_timed_acquired(&l->dep, 0, wait);
}

static void lw_write_lock_timed(struct lw_rwlock *l, unsigned int subclass)
	__acquires(&l->lock)
{
	bool try = lw_try_first(subclass);
	u64 wait = 0;

	if (try && lw_compat_write_trylock(&l->lock)) {
		__acquire(&l->lock);	/* for sparse: the try took it */
	} else {
		wait = try ? lw_wait_start() : 0;
		write_lock_nested(&l->lock, subclass);
	}
	lw_timed_acquired(&l->dep, subclass, wait);
}

/**
 * lockwarden_rwlock_init() - initialise an lw_rwlock; use lw_rwlock_init()
 * @l: the lock
 * @class: its class
 */
void lockwarden_rwlock_init(struct lw_rwlock *l, struct lw_class *class)
{
	rwlock_init(&l->lock);
	/* lockdep sees the class under its name (a no-op without lockdep). */
	if (class)
		lockdep_set_class_and_name(&l->lock, &class->key, class->name);
	lw_dep_init(&l->dep, class, LW_LOCK_RWLOCK);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_rwlock_init, LW_NS);

/**
 * lockwarden_read_lock() - checked read_lock*(); use the lw_read_lock*() wrappers
 * @l: the lock
 * @mode: what to do to interrupts first
 *
 * Return: the saved interrupt flags for LW_IRQ_SAVE, else 0.
 */
unsigned long lockwarden_read_lock(struct lw_rwlock *l, enum lw_irq_mode mode)
	__acquires(&l->lock)
{
	unsigned long flags = lw_irq_off(mode);

	lw_acquire(&l->dep, LW_ACQ_READ | LW_ACQ_RREAD, 0, _RET_IP_);
	if (lw_timing_on())
		lw_read_lock_timed(l);
	else
		read_lock(&l->lock);
	return flags;
}
EXPORT_SYMBOL_NS_GPL(lockwarden_read_lock, LW_NS);

/**
 * lockwarden_read_unlock() - checked read_unlock*(); use the lw_read_unlock*() wrappers
 * @l: the lock
 * @mode: what to restore to interrupts after
 * @flags: the flags saved for LW_IRQ_SAVE
 */
void lockwarden_read_unlock(struct lw_rwlock *l, enum lw_irq_mode mode,
			    unsigned long flags)
	__releases(&l->lock)
{
	if (lw_timing_on())
		lw_timed_release(&l->dep, _RET_IP_);
	/* Not held: neither the unlock nor its interrupt change is done. */
	if (lw_release(&l->dep, _RET_IP_)) {
		read_unlock(&l->lock);
		lw_irq_on(mode, flags);
	} else {
		__release(&l->lock);	/* for sparse: the caller's release */
	}
}
EXPORT_SYMBOL_NS_GPL(lockwarden_read_unlock, LW_NS);

/**
 * lockwarden_read_trylock() - checked read_trylock(); use lw_read_trylock()
 * @l: the lock
 *
 * Return: 1 if acquired, 0 if not.
 */
int lockwarden_read_trylock(struct lw_rwlock *l)
{
	if (!lw_compat_read_trylock(&l->lock))
		return 0;
	lw_acquire(&l->dep, LW_ACQ_READ | LW_ACQ_RREAD | LW_ACQ_TRY, 0, _RET_IP_);
	if (lw_timing_on())
		lw_timed_acquired(&l->dep, 0, 0);
	return 1;
}
EXPORT_SYMBOL_NS_GPL(lockwarden_read_trylock, LW_NS);

/**
 * lockwarden_write_lock() - checked write_lock*(); use the lw_write_lock*() wrappers
 * @l: the lock
 * @mode: what to do to interrupts first
 *
 * Return: the saved interrupt flags for LW_IRQ_SAVE, else 0.
 */
unsigned long lockwarden_write_lock(struct lw_rwlock *l, enum lw_irq_mode mode)
	__acquires(&l->lock)
{
	unsigned long flags = lw_irq_off(mode);

	lw_acquire(&l->dep, 0, 0, _RET_IP_);
	if (lw_timing_on())
		lw_write_lock_timed(l, 0);
	else
		write_lock(&l->lock);
	return flags;
}
EXPORT_SYMBOL_NS_GPL(lockwarden_write_lock, LW_NS);

/**
 * lockwarden_write_lock_nested() - checked write_lock_nested(); use lw_write_lock_nested()
 * @l: the lock
 * @subclass: nesting level
 */
void lockwarden_write_lock_nested(struct lw_rwlock *l, unsigned int subclass)
	__acquires(&l->lock)
{
	lw_acquire(&l->dep, 0, subclass, _RET_IP_);
	if (lw_timing_on())
		lw_write_lock_timed(l, subclass);
	else
		write_lock_nested(&l->lock, subclass);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_write_lock_nested, LW_NS);

/**
 * lockwarden_write_unlock() - checked write_unlock*(); use the lw_write_unlock*() wrappers
 * @l: the lock
 * @mode: what to restore to interrupts after
 * @flags: the flags saved for LW_IRQ_SAVE
 */
void lockwarden_write_unlock(struct lw_rwlock *l, enum lw_irq_mode mode,
			     unsigned long flags)
	__releases(&l->lock)
{
	if (lw_timing_on())
		lw_timed_release(&l->dep, _RET_IP_);
	/* Not held: neither the unlock nor its interrupt change is done. */
	if (lw_release(&l->dep, _RET_IP_)) {
		write_unlock(&l->lock);
		lw_irq_on(mode, flags);
	} else {
		__release(&l->lock);	/* for sparse: the caller's release */
	}
}
EXPORT_SYMBOL_NS_GPL(lockwarden_write_unlock, LW_NS);

/**
 * lockwarden_write_trylock() - checked write_trylock(); use lw_write_trylock()
 * @l: the lock
 *
 * Return: 1 if acquired, 0 if not.
 */
int lockwarden_write_trylock(struct lw_rwlock *l)
{
	if (!lw_compat_write_trylock(&l->lock))
		return 0;
	lw_acquire(&l->dep, LW_ACQ_TRY, 0, _RET_IP_);
	if (lw_timing_on())
		lw_timed_acquired(&l->dep, 0, 0);
	return 1;
}
EXPORT_SYMBOL_NS_GPL(lockwarden_write_trylock, LW_NS);

/* === lw_rwsem === */

static void lw_down_read_timed(struct lw_rwsem *s, unsigned int subclass)
{
	bool try = lw_try_first(subclass);
	u64 wait = 0;

	if (!try || !down_read_trylock(&s->lock)) {
		wait = try ? lw_wait_start() : 0;
		down_read_nested(&s->lock, subclass);
	}
	lw_timed_acquired(&s->dep, subclass, wait);
}

static void lw_down_write_timed(struct lw_rwsem *s, unsigned int subclass)
{
	bool try = lw_try_first(subclass);
	u64 wait = 0;

	if (!try || !down_write_trylock(&s->lock)) {
		wait = try ? lw_wait_start() : 0;
		down_write_nested(&s->lock, subclass);
	}
	lw_timed_acquired(&s->dep, subclass, wait);
}

/**
 * lockwarden_init_rwsem() - initialise an lw_rwsem; use lw_init_rwsem()
 * @s: the semaphore
 * @class: its class
 */
void lockwarden_init_rwsem(struct lw_rwsem *s, struct lw_class *class)
{
	init_rwsem(&s->lock);
	/* lockdep sees the class under its name (a no-op without lockdep). */
	if (class)
		lockdep_set_class_and_name(&s->lock, &class->key, class->name);
	lw_dep_init(&s->dep, class, LW_LOCK_RWSEM);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_init_rwsem, LW_NS);

/**
 * lockwarden_down_read() - checked down_read(); use lw_down_read()
 * @s: the semaphore
 */
void lockwarden_down_read(struct lw_rwsem *s)
{
	lw_acquire(&s->dep, LW_ACQ_SLEEPS | LW_ACQ_READ, 0, _RET_IP_);
	if (lw_timing_on())
		lw_down_read_timed(s, 0);
	else
		down_read(&s->lock);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_down_read, LW_NS);

/**
 * lockwarden_down_read_nested() - checked down_read_nested(); use lw_down_read_nested()
 * @s: the semaphore
 * @subclass: nesting level
 */
void lockwarden_down_read_nested(struct lw_rwsem *s, unsigned int subclass)
{
	lw_acquire(&s->dep, LW_ACQ_SLEEPS | LW_ACQ_READ, subclass, _RET_IP_);
	if (lw_timing_on())
		lw_down_read_timed(s, subclass);
	else
		down_read_nested(&s->lock, subclass);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_down_read_nested, LW_NS);

/**
 * lockwarden_down_read_trylock() - checked down_read_trylock(); use lw_down_read_trylock()
 * @s: the semaphore
 *
 * Return: 1 if acquired, 0 if not.
 */
int lockwarden_down_read_trylock(struct lw_rwsem *s)
{
	if (!down_read_trylock(&s->lock))
		return 0;
	lw_acquire(&s->dep, LW_ACQ_SLEEPS | LW_ACQ_READ | LW_ACQ_TRY, 0, _RET_IP_);
	if (lw_timing_on())
		lw_timed_acquired(&s->dep, 0, 0);
	return 1;
}
EXPORT_SYMBOL_NS_GPL(lockwarden_down_read_trylock, LW_NS);

/**
 * lockwarden_up_read() - checked up_read(); use lw_up_read()
 * @s: the semaphore
 */
void lockwarden_up_read(struct lw_rwsem *s)
{
	if (lw_timing_on())
		lw_timed_release(&s->dep, _RET_IP_);
	if (lw_release(&s->dep, _RET_IP_))
		up_read(&s->lock);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_up_read, LW_NS);

/**
 * lockwarden_down_write() - checked down_write(); use lw_down_write()
 * @s: the semaphore
 */
void lockwarden_down_write(struct lw_rwsem *s)
{
	lw_acquire(&s->dep, LW_ACQ_SLEEPS, 0, _RET_IP_);
	if (lw_timing_on())
		lw_down_write_timed(s, 0);
	else
		down_write(&s->lock);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_down_write, LW_NS);

/**
 * lockwarden_down_write_nested() - checked down_write_nested(); use lw_down_write_nested()
 * @s: the semaphore
 * @subclass: nesting level
 */
void lockwarden_down_write_nested(struct lw_rwsem *s, unsigned int subclass)
{
	lw_acquire(&s->dep, LW_ACQ_SLEEPS, subclass, _RET_IP_);
	if (lw_timing_on())
		lw_down_write_timed(s, subclass);
	else
		down_write_nested(&s->lock, subclass);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_down_write_nested, LW_NS);

/**
 * lockwarden_down_write_trylock() - checked down_write_trylock(); use lw_down_write_trylock()
 * @s: the semaphore
 *
 * Return: 1 if acquired, 0 if not.
 */
int lockwarden_down_write_trylock(struct lw_rwsem *s)
{
	if (!down_write_trylock(&s->lock))
		return 0;
	lw_acquire(&s->dep, LW_ACQ_SLEEPS | LW_ACQ_TRY, 0, _RET_IP_);
	if (lw_timing_on())
		lw_timed_acquired(&s->dep, 0, 0);
	return 1;
}
EXPORT_SYMBOL_NS_GPL(lockwarden_down_write_trylock, LW_NS);

/**
 * lockwarden_up_write() - checked up_write(); use lw_up_write()
 * @s: the semaphore
 */
void lockwarden_up_write(struct lw_rwsem *s)
{
	if (lw_timing_on())
		lw_timed_release(&s->dep, _RET_IP_);
	if (lw_release(&s->dep, _RET_IP_))
		up_write(&s->lock);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_up_write, LW_NS);

/**
 * lockwarden_downgrade_write() - checked downgrade_write(); use lw_downgrade_write()
 * @s: the semaphore
 */
void lockwarden_downgrade_write(struct lw_rwsem *s)
{
	lw_downgrade(&s->dep);
	downgrade_write(&s->lock);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_downgrade_write, LW_NS);
