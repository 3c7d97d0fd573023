/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lockwarden annotations: the sparse context and Clang thread-safety
 * capability annotations of the lockwarden API, in one place.
 *
 * Each macro is, under sparse, the kernel's context annotation
 * (__acquires() and friends); with Clang and lockwarden compiled in, the
 * matching capability attribute, which -Wthread-safety checks; otherwise
 * nothing (GCC has no thread-safety analysis, and compiled out the
 * wrappers are the kernel's own locks). See
 * Documentation/static-checking.rst.
 */
#ifndef _LOCKWARDEN_ANNOTATIONS_H
#define _LOCKWARDEN_ANNOTATIONS_H

#include <linux/compiler_types.h>

#if !defined(__CHECKER__) && IS_ENABLED(CONFIG_LOCKWARDEN) && \
	defined(__clang__) && __has_attribute(capability)

/**
 * __lw_capability - mark a lock type as a capability for -Wthread-safety
 * @kind: what Clang's diagnostics call it ("mutex", "spinlock", ...)
 *
 * Goes after the closing brace of the struct definition.
 */
#define __lw_capability(kind)		__attribute__((capability(kind)))

/**
 * __lw_no_tsa - do not analyse this function's body with -Wthread-safety
 *
 * For the lock wrappers themselves, whose bodies call kernel locks Clang
 * knows nothing of, and for code whose locking Clang cannot follow;
 * callers still see the function's own annotations. Nothing to sparse.
 */
#define __lw_no_tsa			__attribute__((no_thread_safety_analysis))

/**
 * __lw_acquires - the function returns holding @l exclusively
 * @l: the lockwarden lock, an expression of the function's parameters or
 *	a global (for guarded data: &obj->lock)
 */
#define __lw_acquires(l)		__attribute__((acquire_capability(l)))

/**
 * __lw_acquires_shared - the function returns holding @l for reading
 * @l: the lockwarden lock
 */
#define __lw_acquires_shared(l)		__attribute__((acquire_shared_capability(l)))

/**
 * __lw_releases - the function is entered holding @l exclusively and
 *	releases it
 * @l: the lockwarden lock
 */
#define __lw_releases(l)		__attribute__((release_capability(l)))

/**
 * __lw_releases_shared - the function is entered holding @l for reading
 *	and releases it
 * @l: the lockwarden lock
 */
#define __lw_releases_shared(l)		__attribute__((release_shared_capability(l)))

/**
 * __lw_must_hold - the function is entered and left holding @l exclusively
 * @l: the lockwarden lock
 *
 * For a driver's functions called with a lock held. A call without it held
 * is a -Wthread-safety diagnostic (sparse does not check callers).
 */
#define __lw_must_hold(l)		__attribute__((requires_capability(l)))

/**
 * __lw_must_hold_shared - the function is entered and left holding @l in
 *	any mode
 * @l: the lockwarden lock
 */
#define __lw_must_hold_shared(l)	__attribute__((requires_shared_capability(l)))

/**
 * __lw_try_acquires - the function returns 1 when it took @l exclusively
 * @l: the lockwarden lock
 *
 * Clang's half only: sparse sees the call through __lw_cond_lock().
 */
#define __lw_try_acquires(l)		__attribute__((try_acquire_capability(1, l)))

/**
 * __lw_try_acquires_shared - the function returns 1 when it took @l for
 *	reading
 * @l: the lockwarden lock
 */
#define __lw_try_acquires_shared(l)	__attribute__((try_acquire_shared_capability(1, l)))

/**
 * __lw_try_acquires_err - the function returns 0 when it took @l
 *	exclusively, an error otherwise
 * @l: the lockwarden lock
 *
 * Clang's half only: sparse sees the call through __lw_cond_lock_err().
 */
#define __lw_try_acquires_err(l)	__attribute__((try_acquire_capability(0, l)))

/**
 * __lw_try_acquires_shared_err - the function returns 0 when it took @l
 *	for reading, an error otherwise
 * @l: the lockwarden lock
 */
#define __lw_try_acquires_shared_err(l)	__attribute__((try_acquire_shared_capability(0, l)))

#else /* sparse, GCC, or lockwarden compiled out */

#define __lw_capability(kind)
#define __lw_no_tsa
/* The kernel's context annotations: empty outside sparse. */
#define __lw_acquires(l)		__acquires(l)
#define __lw_acquires_shared(l)		__acquires(l)
#define __lw_releases(l)		__releases(l)
#define __lw_releases_shared(l)		__releases(l)
#define __lw_must_hold(l)		__must_hold(l)
#define __lw_must_hold_shared(l)	__must_hold(l)
#define __lw_try_acquires(l)
#define __lw_try_acquires_shared(l)
#define __lw_try_acquires_err(l)
#define __lw_try_acquires_shared_err(l)

#endif

/*
 * __lw_cond_lock(fn, l, ...): call fn(l, ...), which returns 1 when it took
 * @l, as __cond_lock() does. __lw_cond_lock_err(fn, l): the same for fn(l) that
 * returns 0 when it took @l and an error otherwise. Outside sparse, the call
 * alone: Clang sees it returns straight from fn()'s try-acquire attribute.
 */
#ifdef __CHECKER__
#define __lw_cond_lock(fn, l, ...)					\
	({ typeof(l) __lw_cl = (l); __cond_lock(__lw_cl, fn(__lw_cl, ##__VA_ARGS__)); })
#define __lw_cond_lock_err(fn, l)					\
	({								\
		typeof(l) __lw_cl = (l);				\
		int __lw_ret = fn(__lw_cl);				\
									\
		if (!__lw_ret)						\
			__acquire(__lw_cl);				\
		__lw_ret;						\
	})
#else
#define __lw_cond_lock(fn, l, ...)	fn(l, ##__VA_ARGS__)
#define __lw_cond_lock_err(fn, l)	fn(l)
#endif

#endif /* _LOCKWARDEN_ANNOTATIONS_H */
