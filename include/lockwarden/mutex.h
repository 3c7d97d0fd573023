/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lw_mutex: a mutex whose use lockwarden checks.
 */
#ifndef _LOCKWARDEN_MUTEX_H
#define _LOCKWARDEN_MUTEX_H

#include <linux/minmax.h>
#include <linux/mutex.h>
#include <lockwarden/annotations.h>
#include <lockwarden/lock.h>

#if IS_ENABLED(CONFIG_LOCKWARDEN)

/**
 * struct lw_mutex - a mutex whose use lockwarden checks
 * @lock: the kernel mutex
 * @dep: lockwarden's state
 */
struct lw_mutex {
	struct mutex lock;		/* the kernel lock */
	struct lw_dep_map dep;		/* lockwarden's state of it */
} __lw_capability("mutex");

void lockwarden_mutex_init(struct lw_mutex *m, struct lw_class *class);

/**
 * lockwarden_mutex_lock() - checked mutex_lock(); use lw_mutex_lock()
 * @m: the lock
 */
void lockwarden_mutex_lock(struct lw_mutex *m);

/**
 * lockwarden_mutex_lock_nested() - checked mutex_lock_nested(); use lw_mutex_lock_nested()
 * @m: the lock
 * @subclass: nesting level
 */
void lockwarden_mutex_lock_nested(struct lw_mutex *m, unsigned int subclass);

/**
 * lockwarden_mutex_lock_interruptible() - checked mutex_lock_interruptible()
 * @m: the lock; use lw_mutex_lock_interruptible()
 *
 * Return: 0 when acquired, -EINTR when interrupted.
 */
int lockwarden_mutex_lock_interruptible(struct lw_mutex *m);

/**
 * lockwarden_mutex_lock_killable() - checked mutex_lock_killable()
 * @m: the lock; use lw_mutex_lock_killable()
 *
 * Return: 0 when acquired, -EINTR when a fatal signal arrived.
 */
int lockwarden_mutex_lock_killable(struct lw_mutex *m);

/**
 * lockwarden_mutex_trylock() - checked mutex_trylock(); use lw_mutex_trylock()
 * @m: the lock
 *
 * Return: 1 if acquired, 0 if not.
 */
int lockwarden_mutex_trylock(struct lw_mutex *m);

/**
 * lockwarden_mutex_unlock() - checked mutex_unlock(); use lw_mutex_unlock()
 * @m: the lock
 */
void lockwarden_mutex_unlock(struct lw_mutex *m);

void lockwarden_mutex_destroy(struct lw_mutex *m);

void lockwarden_mutex_lock_pair(struct lw_mutex *a, struct lw_mutex *b);

/**
 * lw_mutex_init - initialise an lw_mutex
 * @m: the lock
 * @...: optionally its class, defined with LW_DEFINE_CLASS(); without one,
 *	the lock gets the class of this call site, named after @m
 *
 * Context: process context.
 */
#define lw_mutex_init(m, ...)						\
	({ lockwarden_mutex_init(m, __lw_class_of(#m, ##__VA_ARGS__)); __lw_no_tail(); })

#else /* !CONFIG_LOCKWARDEN: the plain kernel mutex */

struct lw_mutex {
	struct mutex lock;		/* the kernel lock, and nothing else */
};

/*
 * mutex_init() spelled out, so that the lock's name is @m as the driver
 * wrote it, not "&(@m)->lock": the driver's strings, and so its size, are
 * those of the mutex_init() it had.
 */
#define lw_mutex_init(m, ...)						\
	do {								\
		static struct lock_class_key __key;			\
									\
		__mutex_init(&(m)->lock, #m, &__key);			\
	} while (0)

#endif /* CONFIG_LOCKWARDEN */

/**
 * LW_DEFINE_MUTEX - define an lw_mutex, initialised, with its class
 * @var: the variable
 * @class: pointer to its class, defined with LW_DEFINE_CLASS()
 *
 * As DEFINE_MUTEX(), for a lock in static storage: no lw_mutex_init() is
 * needed. Prefix with ``static`` as needed.
 */
#define LW_DEFINE_MUTEX(var, class)					\
	__LW_DEFINE_LOCK(lw_mutex, class, __MUTEX_INITIALIZER, LW_LOCK_MUTEX, var)

/**
 * lw_mutex_is_locked - whether anyone holds an lw_mutex
 * @m: the lock
 *
 * As mutex_is_locked(): the lock's own state, not a check; to require that
 * this context holds it, lw_assert_held().
 *
 * Return: true if held.
 */
static __always_inline bool lw_mutex_is_locked(struct lw_mutex *m);

__LW_IS_LOCKED(mutex, lw_mutex, mutex_is_locked)

/*
 * The wrappers, compiled in or out: compiled out, each is the kernel's call,
 * plus the hold counts for sparse that the kernel's mutex does not keep.
 */

/**
 * lw_mutex_lock - acquire an lw_mutex, checking the order against held locks
 * @m: the lock
 *
 * Context: process context; may sleep.
 */
static __always_inline void lw_mutex_lock(struct lw_mutex *m) __lw_acquires(m);

/**
 * lw_mutex_lock_nested - acquire an lw_mutex nested in one of its own class
 * @m: the lock
 * @subclass: nesting level, below LW_MAX_SUBCLASSES; each level is ordered
 *	as a class of its own
 */
static __always_inline void lw_mutex_lock_nested(struct lw_mutex *m,
						 unsigned int subclass)
	__lw_acquires(m);

__LW_INT_OP(mutex_lock_interruptible, lw_mutex, __lw_try_acquires_err,
	    mutex_lock_interruptible(&l->lock))

/**
 * lw_mutex_lock_interruptible - acquire an lw_mutex unless a signal arrives
 * @m: the lock
 *
 * Return: 0 when acquired, -EINTR when interrupted.
 */
#define lw_mutex_lock_interruptible(m)					\
	__lw_cond_lock_err(__lw_mutex_lock_interruptible, m)

__LW_INT_OP(mutex_lock_killable, lw_mutex, __lw_try_acquires_err, mutex_lock_killable(&l->lock))

/**
 * lw_mutex_lock_killable - acquire an lw_mutex unless the task is killed
 * @m: the lock
 *
 * Return: 0 when acquired, -EINTR when a fatal signal arrived.
 */
#define lw_mutex_lock_killable(m)					\
	__lw_cond_lock_err(__lw_mutex_lock_killable, m)

__LW_INT_OP(mutex_trylock, lw_mutex, __lw_try_acquires, mutex_trylock(&l->lock))

/**
 * lw_mutex_trylock - try to acquire an lw_mutex without waiting
 * @m: the lock
 *
 * A successful trylock adds no lock-order dependency: it cannot deadlock.
 *
 * Return: 1 if the lock was acquired, 0 if it is held elsewhere.
 */
#define lw_mutex_trylock(m)	__lw_cond_lock(__lw_mutex_trylock, m)

/**
 * lw_mutex_unlock - release an lw_mutex
 * @m: the lock
 *
 * Releasing a lock that is not held, or one held by another context, is a
 * finding; the release reaches the kernel all the same, as written.
 */
static __always_inline void lw_mutex_unlock(struct lw_mutex *m) __lw_releases(m);

__LW_SLEEPING_OPS(mutex_lock, mutex_unlock, lw_mutex)

/**
 * lw_mutex_destroy - declare an lw_mutex unused; a finding if it is held
 * @m: the lock
 */
static __always_inline void lw_mutex_destroy(struct lw_mutex *m)
{
	__lw_hook_or(lockwarden_mutex_destroy(m), mutex_destroy(&m->lock));
}

/* The kernel's double_lock(): @a and @b of one class, in address order. */
static __always_inline void __lw_mutex_lock_pair(struct lw_mutex *a, struct lw_mutex *b)
{
	if (a == b) {
		mutex_lock(&a->lock);
		return;
	}
	if (a > b)
		swap(a, b);
	mutex_lock(&a->lock);
	mutex_lock_nested(&b->lock, SINGLE_DEPTH_NESTING);
}

/**
 * lw_mutex_lock_pair - acquire two lw_mutexes of one class in a stable order
 * @a: one lock
 * @b: the other; may be @a, which is then taken once
 *
 * The lower address is taken first and the other nested in subclass 1, so
 * callers that pass the pair either way round never deadlock (as
 * double_lock() in the kernel). Release each lock taken with
 * lw_mutex_unlock(): both, or @a once when @a == @b. sparse and Clang's
 * -Wthread-safety count a hold of each of @a and @b: with @a == @b they
 * expect two unlocks.
 */
static __always_inline void lw_mutex_lock_pair(struct lw_mutex *a, struct lw_mutex *b)
	__lw_acquires(a) __lw_acquires(b) __lw_no_tsa
{
	__lw_hook_or(lockwarden_mutex_lock_pair(a, b), __lw_mutex_lock_pair(a, b));
	__acquire(a);
	__acquire(b);
}

#if !IS_ENABLED(CONFIG_LOCKWARDEN)
/* Compiled out, the kernel's calls themselves (__LW_PLAIN_ACQUIRE()). */
#define lw_mutex_lock(m)		__LW_PLAIN_ACQUIRE(mutex_lock(&(m)->lock), (typeof(m))NULL)
#define lw_mutex_lock_nested(m, sub)					\
	__LW_PLAIN_ACQUIRE(mutex_lock_nested(&(m)->lock, sub), (typeof(m))NULL)
#define lw_mutex_unlock(m)						\
	__LW_PLAIN_RELEASE(mutex_unlock(&(m)->lock), (typeof(m))NULL)
#define __lw_mutex_lock_interruptible(m) mutex_lock_interruptible(&(m)->lock)
#define __lw_mutex_lock_killable(m)	mutex_lock_killable(&(m)->lock)
#define __lw_mutex_trylock(m)		mutex_trylock(&(m)->lock)
#endif

#endif /* _LOCKWARDEN_MUTEX_H */
