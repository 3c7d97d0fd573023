/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lockwarden lock classes and the checked mutex, lw_mutex.
 *
 * With CONFIG_LOCKWARDEN defined, every operation goes through lockwarden.ko,
 * which learns the order of lock classes and reports violations. Without it,
 * each wrapper is the plain kernel lock: same size, same code, no reference
 * to any lockwarden symbol.
 */
#ifndef _LOCKWARDEN_LOCK_H
#define _LOCKWARDEN_LOCK_H

#include <linux/compiler.h>
#include <linux/mutex.h>
#include <linux/types.h>

#if IS_ENABLED(CONFIG_LOCKWARDEN)

#include <linux/jump_label.h>
#include <linux/lockdep_types.h>

/**
 * struct lw_class - a lock class: the unit lock order is learned and checked on
 * @name: the name reports use; also the lockdep class name on lockdep kernels
 * @rank: declared rank; locks are taken in ascending rank, 0 means unranked
 * @id: lockwarden's index of the class, 0 until the first lock using it is
 *	initialised; written only by lockwarden, under its engine lock
 * @key: the lockdep key of the class (empty on kernels without lockdep), so
 *	lockdep and lockwarden see the same classes under the same names
 *
 * Define one with LW_DEFINE_CLASS() in static storage. A class defined in a
 * module is forgotten by lockwarden when that module unloads.
 */
struct lw_class {
	const char *name;
	int rank;
	u16 id;
	struct lock_class_key key;
};

/**
 * struct lw_dep_map - lockwarden's per-lock state, embedded in every lock
 * @class: the lock's class, or NULL for a lock lockwarden does not track
 * @holder: the held-lock stack of the context holding the lock, or NULL
 * @ip: where the holder acquired it
 * @gen: checking generation the lock was last seen in; state from an older
 *	generation (before checking was switched off and on) is ignored
 *
 * Fields are private to lockwarden.ko and change under its engine lock.
 */
struct lw_dep_map {
	struct lw_class *class;
	void *holder;
	unsigned long ip;
	unsigned int gen;
};

/**
 * struct lw_mutex - a mutex whose use lockwarden checks
 * @mutex: the kernel mutex
 * @dep: lockwarden's state
 */
struct lw_mutex {
	struct mutex mutex;		/* the kernel lock */
	struct lw_dep_map dep;		/* lockwarden's state of it */
};

/**
 * LW_DEFINE_CLASS - define a lock class
 * @var: the variable, whose name is also the class name
 * @class_rank: the declared rank (ascending acquisition order), or 0 for none
 *
 * Prefix with ``static`` as with DEFINE_MUTEX(). Taking a lock of a lower
 * rank while holding one of a higher rank is a finding the first time.
 */
#define LW_DEFINE_CLASS(var, class_rank)				\
	struct lw_class var = { .name = #var, .rank = (class_rank) }

DECLARE_STATIC_KEY_TRUE(lockwarden_enabled);

void lockwarden_mutex_init(struct lw_mutex *m, struct lw_class *class);
void lockwarden_mutex_lock(struct lw_mutex *m);
int lockwarden_mutex_trylock(struct lw_mutex *m);
void lockwarden_mutex_unlock(struct lw_mutex *m);

/*
 * The wrappers are always inlined, so the out-of-line hooks are called from
 * the driver's own code and their return address names the driver's call
 * site. Checking switched off costs one patched jump.
 */

/**
 * lw_mutex_init - initialise an lw_mutex in a class
 * @m: the lock
 * @class: its class, defined with LW_DEFINE_CLASS()
 *
 * Registers @class with lockwarden on first use. Context: process context.
 */
#define lw_mutex_init(m, class)		lockwarden_mutex_init(m, class)

/**
 * lw_mutex_lock - acquire an lw_mutex, checking the order against held locks
 * @m: the lock
 *
 * Context: process context; may sleep.
 */
static __always_inline void lw_mutex_lock(struct lw_mutex *m)
{
	if (static_branch_likely(&lockwarden_enabled))
		lockwarden_mutex_lock(m);
	else
		mutex_lock(&m->mutex);
}

/**
 * lw_mutex_trylock - try to acquire an lw_mutex without waiting
 * @m: the lock
 *
 * A successful trylock adds no lock-order dependency: it cannot deadlock.
 *
 * Return: 1 if the lock was acquired, 0 if it is held elsewhere.
 */
static __always_inline int lw_mutex_trylock(struct lw_mutex *m)
{
	if (static_branch_likely(&lockwarden_enabled))
		return lockwarden_mutex_trylock(m);
	return mutex_trylock(&m->mutex);
}

/**
 * lw_mutex_unlock - release an lw_mutex
 * @m: the lock
 *
 * Releasing a lock that is not held, or one held by another context, is a
 * finding. A lock that is not held at all is left alone rather than corrupted.
 */
static __always_inline void lw_mutex_unlock(struct lw_mutex *m)
{
	if (static_branch_likely(&lockwarden_enabled))
		lockwarden_mutex_unlock(m);
	else
		mutex_unlock(&m->mutex);
}

#else /* !CONFIG_LOCKWARDEN: the plain kernel lock */

struct lw_class { };

#define LW_DEFINE_CLASS(var, class_rank) struct lw_class var __maybe_unused = { }

struct lw_mutex {
	struct mutex mutex;		/* the kernel lock, and nothing else */
};

#define lw_mutex_init(m, class)		do { (void)(class); mutex_init(&(m)->mutex); } while (0)
#define lw_mutex_lock(m)		mutex_lock(&(m)->mutex)
#define lw_mutex_trylock(m)		mutex_trylock(&(m)->mutex)
#define lw_mutex_unlock(m)		mutex_unlock(&(m)->mutex)

#endif /* CONFIG_LOCKWARDEN */

#endif /* _LOCKWARDEN_LOCK_H */
