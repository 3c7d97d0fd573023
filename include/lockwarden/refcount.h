/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lockwarden's versions of the kernel helpers that drop a count and take a
 * lock when it reaches zero (atomic_dec_and_lock(), refcount_dec_and_
 * mutex_lock(), kref_put_mutex() and the others): the kernel's take the
 * lock behind lockwarden's back through the lock's .lock member; these
 * take it through the checked wrappers. Compiled out, each is the kernel's.
 */
#ifndef _LOCKWARDEN_REFCOUNT_H
#define _LOCKWARDEN_REFCOUNT_H

#include <linux/atomic.h>
#include <linux/kref.h>
#include <linux/refcount.h>
#include <lockwarden/annotations.h>
#include <lockwarden/lock.h>
#include <lockwarden/mutex.h>
#include <lockwarden/spinlock.h>

#if IS_ENABLED(CONFIG_LOCKWARDEN)

/*
 * __LW_DEC_AND_LOCK(name, cnt, type, not_last, last, lock, unlock): int
 * __lw_<name>(cnt, struct type *l), @cnt declaring the count c, as
 * lib/refcount.c and lib/dec_and_lock.c do it, through the wrappers: 0
 * when @not_last(c) drops a count that is not the last; else lw_<lock>(l),
 * then 1 with @l held if @last(c) drops the last, or lw_<unlock>(l) and 0.
 */
#define __LW_DEC_AND_LOCK(name, cnt, type, not_last, last, lock, unlock) \
static __always_inline int						\
__lw_##name(cnt, struct type *l)					\
	__lw_try_acquires(l) __lw_no_tsa				\
{									\
	if (not_last(c))						\
		return 0;						\
	lw_##lock(l);							\
	if (last(c)) {							\
		__release(l);	/* for sparse: the caller's __cond_lock() counts it */ \
		return 1;						\
	}								\
	lw_##unlock(l);							\
	return 0;							\
}

/* The count was not 1, and is one less. */
#define __lw_atomic_dec_not_one(c)	atomic_add_unless(c, -1, 1)

__LW_DEC_AND_LOCK(atomic_dec_and_mutex_lock, atomic_t *c, lw_mutex, __lw_atomic_dec_not_one,
		  atomic_dec_and_test, mutex_lock, mutex_unlock)
__LW_DEC_AND_LOCK(atomic_dec_and_lock, atomic_t *c, lw_spinlock, __lw_atomic_dec_not_one,
		  atomic_dec_and_test, spin_lock, spin_unlock)
__LW_DEC_AND_LOCK(refcount_dec_and_mutex_lock, refcount_t *c, lw_mutex, refcount_dec_not_one,
		  refcount_dec_and_test, mutex_lock, mutex_unlock)
__LW_DEC_AND_LOCK(refcount_dec_and_lock, refcount_t *c, lw_spinlock, refcount_dec_not_one,
		  refcount_dec_and_test, spin_lock, spin_unlock)

/* __LW_DEC_AND_LOCK()'s shape, with the interrupt state saved in *@flags. */
static __always_inline int __lw_atomic_dec_and_lock_irqsave(atomic_t *cnt,
							    struct lw_spinlock *l,
							    unsigned long *flags)
	__lw_try_acquires(l) __lw_no_tsa
{
	if (atomic_add_unless(cnt, -1, 1))
		return 0;
	lw_spin_lock_irqsave(l, *flags);
	if (atomic_dec_and_test(cnt)) {
		__release(l);	/* for sparse: the caller's __cond_lock() counts it */
		return 1;
	}
	lw_spin_unlock_irqrestore(l, *flags);
	return 0;
}

#else /* !CONFIG_LOCKWARDEN: the kernel's helpers on the plain lock */

#define __lw_atomic_dec_and_mutex_lock(cnt, m)	atomic_dec_and_mutex_lock(cnt, &(m)->lock)
#define __lw_atomic_dec_and_lock(cnt, l)	_atomic_dec_and_lock(cnt, &(l)->lock)
#define __lw_atomic_dec_and_lock_irqsave(cnt, l, flags)			\
	_atomic_dec_and_lock_irqsave(cnt, &(l)->lock, flags)
#define __lw_refcount_dec_and_mutex_lock(r, m)	refcount_dec_and_mutex_lock(r, &(m)->lock)
#define __lw_refcount_dec_and_lock(r, l)	refcount_dec_and_lock(r, &(l)->lock)

#endif /* CONFIG_LOCKWARDEN */

/*
 * fn(a, l, ...), which returns nonzero when it took @l: for sparse, as
 * __cond_lock() does; for Clang, the call alone (its try-acquire attribute).
 */
#ifdef __CHECKER__
#define __lw_cond_lock_arg(fn, a, l, ...)				\
	({ typeof(l) __lw_cl = (l); __cond_lock(__lw_cl, fn(a, __lw_cl, ##__VA_ARGS__)); })
#else
#define __lw_cond_lock_arg(fn, a, l, ...)	fn(a, l, ##__VA_ARGS__)
#endif

/**
 * lw_atomic_dec_and_mutex_lock - decrement, and lock an lw_mutex if it hits 0
 * @cnt: the count
 * @m: the lock
 *
 * atomic_dec_and_mutex_lock() through lockwarden.
 *
 * Return: 1 with @m held when the count reached 0, else 0 (not held).
 */
#define lw_atomic_dec_and_mutex_lock(cnt, m)				\
	__lw_cond_lock_arg(__lw_atomic_dec_and_mutex_lock, cnt, m)

/**
 * lw_atomic_dec_and_lock - decrement, and lock an lw_spinlock if it hits 0
 * @cnt: the count
 * @l: the lock
 *
 * atomic_dec_and_lock() through lockwarden.
 *
 * Return: 1 with @l held when the count reached 0, else 0 (not held).
 */
#define lw_atomic_dec_and_lock(cnt, l)					\
	__lw_cond_lock_arg(__lw_atomic_dec_and_lock, cnt, l)

/**
 * lw_atomic_dec_and_lock_irqsave - lw_atomic_dec_and_lock(), interrupts saved
 * @cnt: the count
 * @l: the lock
 * @flags: unsigned long lvalue that receives the saved interrupt state
 *
 * atomic_dec_and_lock_irqsave() through lockwarden; release with
 * lw_spin_unlock_irqrestore().
 *
 * Return: 1 with @l held when the count reached 0, else 0 (not held).
 */
#define lw_atomic_dec_and_lock_irqsave(cnt, l, flags)			\
	__lw_cond_lock_arg(__lw_atomic_dec_and_lock_irqsave, cnt, l, &(flags))

/**
 * lw_refcount_dec_and_mutex_lock - refcount_dec_and_mutex_lock() on an lw_mutex
 * @r: the refcount
 * @m: the lock
 *
 * Return: nonzero (true) with @m held when the count reached 0, else 0 (not
 * held).
 */
#define lw_refcount_dec_and_mutex_lock(r, m)				\
	__lw_cond_lock_arg(__lw_refcount_dec_and_mutex_lock, r, m)

/**
 * lw_refcount_dec_and_lock - refcount_dec_and_lock() on an lw_spinlock
 * @r: the refcount
 * @l: the lock
 *
 * Return: nonzero (true) with @l held when the count reached 0, else 0 (not
 * held).
 */
#define lw_refcount_dec_and_lock(r, l)					\
	__lw_cond_lock_arg(__lw_refcount_dec_and_lock, r, l)

/*
 * __LW_KREF_PUT(name, type, dec_and_lock): lw_kref_<name>() for a struct
 * @type, in both builds, as the kernel's kref_<name>(): if
 * lw_<dec_and_lock>() took the lock as the count reached 0, release(),
 * which unlocks it. Each one's contract is its prototype, before its row.
 */
#define __LW_KREF_PUT(name, type, dec_and_lock)				\
static __always_inline int						\
lw_kref_##name(struct kref *kref, void (*release)(struct kref *kref),	\
	       struct type *l)						\
	__lw_no_tsa							\
{									\
	if (lw_##dec_and_lock(&kref->refcount, l)) {			\
		release(kref);						\
		__release(l);	/* for sparse: release() unlocks it */	\
		return 1;						\
	}								\
	return 0;							\
}

/**
 * lw_kref_put_mutex - kref_put_mutex() on an lw_mutex
 * @kref: the object's count
 * @release: called with @m held when the count reaches 0; it releases @m
 *	with lw_mutex_unlock()
 * @m: the lock
 *
 * Return: 1 if the object was released, else 0.
 */
static __always_inline int lw_kref_put_mutex(struct kref *kref,
					     void (*release)(struct kref *kref),
					     struct lw_mutex *m);

__LW_KREF_PUT(put_mutex, lw_mutex, refcount_dec_and_mutex_lock)

/**
 * lw_kref_put_lock - kref_put_lock() on an lw_spinlock
 * @kref: the object's count
 * @release: called with @l held when the count reaches 0; it releases @l
 *	with lw_spin_unlock()
 * @l: the lock
 *
 * Return: 1 if the object was released, else 0.
 */
static __always_inline int lw_kref_put_lock(struct kref *kref,
					    void (*release)(struct kref *kref),
					    struct lw_spinlock *l);

__LW_KREF_PUT(put_lock, lw_spinlock, refcount_dec_and_lock)

#endif /* _LOCKWARDEN_REFCOUNT_H */
