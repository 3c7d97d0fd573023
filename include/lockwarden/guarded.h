/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lockwarden guarded data: a lock and the data it protects in one object,
 * the data reachable only through the lock (Rust's Mutex<T> and RwLock<T>),
 * and data guarded by a lock elsewhere (Rust's LockedBy<T, U>).
 *
 * An exclusive lock hands out a T *, a read lock a const T *: a write
 * through a read lock does not compile. Every checked access tests that the
 * current context holds that very lock (with CONFIG_LOCKWARDEN, a finding
 * "unguarded access"; without, lockdep's assertion). Scoped guards unlock
 * at the end of the enclosing block and, on a KCSAN kernel, make any access
 * to the data that bypasses the lock a data-race report. See
 * Documentation/guarded.rst.
 */
#ifndef _LOCKWARDEN_GUARDED_H
#define _LOCKWARDEN_GUARDED_H

#include <linux/compiler.h>
#include <linux/container_of.h>
#include <linux/kcsan-checks.h>
#include <lockwarden/annotations.h>
#include <lockwarden/compat.h>
#include <lockwarden/mutex.h>
#include <lockwarden/rwlock.h>
#include <lockwarden/rwsem.h>
#include <lockwarden/spinlock.h>

/* === Declaring guarded data === */

/*
 * The data member is __private: sparse reports any access to it outside
 * the accessors below, which reach it with ACCESS_PRIVATE().
 */
#define __LW_GUARDED(lock_type, name, type)				\
	struct {							\
		lock_type lock;						\
		type __private __lw_data;				\
	} name

/**
 * LW_MUTEX_GUARDED - declare an object of @type guarded by an lw_mutex
 * @name: the name of the member or variable
 * @type: the type of the guarded data
 *
 * Declares a member or a variable, as DECLARE_KFIFO() does:
 * ``LW_MUTEX_GUARDED(stats, struct stats);``. Initialise it with
 * lw_mutex_guarded_init(); reach the data with lw_mutex_lock_guarded(),
 * lw_mutex_guard() or, under the lock, lw_guarded(). The lock itself is
 * member ``lock``.
 */
#define LW_MUTEX_GUARDED(name, type)	__LW_GUARDED(struct lw_mutex, name, type)

/**
 * LW_SPIN_GUARDED - declare an object of @type guarded by an lw_spinlock
 * @name: the name of the member or variable
 * @type: the type of the guarded data
 */
#define LW_SPIN_GUARDED(name, type)	__LW_GUARDED(struct lw_spinlock, name, type)

/**
 * LW_RWLOCK_GUARDED - declare an object of @type guarded by an lw_rwlock
 * @name: the name of the member or variable
 * @type: the type of the guarded data
 *
 * Readers get a const pointer, writers a plain one.
 */
#define LW_RWLOCK_GUARDED(name, type)	__LW_GUARDED(struct lw_rwlock, name, type)

/**
 * LW_RWSEM_GUARDED - declare an object of @type guarded by an lw_rwsem
 * @name: the name of the member or variable
 * @type: the type of the guarded data
 *
 * Readers get a const pointer, writers a plain one.
 */
#define LW_RWSEM_GUARDED(name, type)	__LW_GUARDED(struct lw_rwsem, name, type)

/* The guarded data of @g, unchecked: for the accessors only. */
#define __lw_data_of(g)		(&ACCESS_PRIVATE(g, __lw_data))

/*
 * The guarded object whose lock @l points to; @type is a pointer to the
 * object's type (typeof(g): g is not evaluated again). The accessors pass
 * the lock straight to an annotated function and find the object from the
 * lock it returns: -Wthread-safety matches a lock by the expression that
 * names it, and would not match one named through a local copy of g.
 */
#define __lw_obj_of(type, l)	container_of(l, typeof(*(type)NULL), lock)

/* Lock @l just taken: a finding if its data is poisoned (below); @l. */
#define __lw_poison_ret(l)						\
	({ typeof(l) __lw_pl = (l); (void)__lw_poisoned(__lw_pl); __lw_pl; })
#define __lw_const_data_of(g)						\
	({ typeof(g) __lw_cg = (g);					\
	   const typeof(ACCESS_PRIVATE(__lw_cg, __lw_data)) *__lw_cp =	\
		__lw_data_of(__lw_cg);					\
	   __lw_cp; })

/* === Checked access === */

#if IS_ENABLED(CONFIG_LOCKWARDEN)

void lockwarden_guarded_access(struct lw_dep_map *dep, bool write);

/* Every lockwarden lock embeds its lw_dep_map as member dep. */
static __always_inline void __lw_guarded_check(struct lw_dep_map *dep, bool write)
{
	if (lw_checking())
		lockwarden_guarded_access(dep, write);
}

/*
 * __lw_<type>_held(l) and __lw_<type>_held_read(l): check that this context
 * holds @l (exclusively; in any mode) and return it. For -Wthread-safety,
 * each requires what it checks, so reaching guarded data without its lock
 * is also a compile-time diagnostic.
 */
static __always_inline struct lw_mutex *__lw_mutex_held(struct lw_mutex *m)
	__lw_must_hold(m)
{
	__lw_guarded_check(&m->dep, true);
	return m;
}

static __always_inline struct lw_mutex *__lw_mutex_held_read(struct lw_mutex *m)
	__lw_must_hold(m)
{
	__lw_guarded_check(&m->dep, false);
	return m;
}

static __always_inline struct lw_spinlock *__lw_spin_held(struct lw_spinlock *l)
	__lw_must_hold(l)
{
	__lw_guarded_check(&l->dep, true);
	return l;
}

static __always_inline struct lw_spinlock *__lw_spin_held_read(struct lw_spinlock *l)
	__lw_must_hold(l)
{
	__lw_guarded_check(&l->dep, false);
	return l;
}

static __always_inline struct lw_rwlock *__lw_rwlock_held(struct lw_rwlock *l)
	__lw_must_hold(l)
{
	__lw_guarded_check(&l->dep, true);
	return l;
}

static __always_inline struct lw_rwlock *__lw_rwlock_held_read(struct lw_rwlock *l)
	__lw_must_hold_shared(l)
{
	__lw_guarded_check(&l->dep, false);
	return l;
}

static __always_inline struct lw_rwsem *__lw_rwsem_held(struct lw_rwsem *s)
	__lw_must_hold(s)
{
	__lw_guarded_check(&s->dep, true);
	return s;
}

static __always_inline struct lw_rwsem *__lw_rwsem_held_read(struct lw_rwsem *s)
	__lw_must_hold_shared(s)
{
	__lw_guarded_check(&s->dep, false);
	return s;
}

/* Of four functions, the one for the lock type @type points to. */
#define __lw_pick(type, mutex, spin, rwlock, rwsem)			\
	__builtin_choose_expr(__builtin_types_compatible_p(type, struct lw_mutex *), mutex, \
	__builtin_choose_expr(__builtin_types_compatible_p(type, struct lw_spinlock *), spin, \
	__builtin_choose_expr(__builtin_types_compatible_p(type, struct lw_rwlock *), rwlock, \
			      rwsem)))

/* Check that this context holds lock @l (exclusively), and return @l. */
#define __lw_held(l)							\
	__lw_pick(typeof(l), __lw_mutex_held, __lw_spin_held,		\
		  __lw_rwlock_held, __lw_rwsem_held)(l)

/* Check that this context holds lock @l in any mode, and return @l. */
#define __lw_held_read(l)						\
	__lw_pick(typeof(l), __lw_mutex_held_read, __lw_spin_held_read,	\
		  __lw_rwlock_held_read, __lw_rwsem_held_read)(l)

void lockwarden_racy_read(void);

/* Count a racy read, while checking is on. */
static __always_inline void __lw_count_racy(void)
{
	if (lw_checking())
		lockwarden_racy_read();
}

void lockwarden_guarded_init(struct lw_dep_map *dep);
void lockwarden_poison(struct lw_dep_map *dep);
void lockwarden_clear_poison(struct lw_dep_map *dep);
int lockwarden_poisoned_lock(struct lw_dep_map *dep);

/*
 * After taking lock @dep: 0, or -EOWNERDEAD and a finding (named after the
 * caller's site) if the data it guards is poisoned. Tested whether or not
 * checking is on: poison outlives switching checking off and on.
 */
static __always_inline int __lw_poison_check(struct lw_dep_map *dep)
{
	if (unlikely(test_bit(LW_DEP_POISONED, &dep->flags)))
		return lockwarden_poisoned_lock(dep);
	return 0;
}

/*
 * Initialise the lock of guarded object @g with the lock type's @kind init
 * and mark it as guarding data. Without a class, the class of the call site
 * is named as lw_mutex_init(&(g)->lock) would name it.
 */
#define __lw_guarded_init(kind, g, ...)					\
	({ typeof(g) __lw_gi = (g);					\
	   __lw_##kind##_init_fn(&__lw_gi->lock,			\
				 __lw_class_of("&(" #g ")->lock", ##__VA_ARGS__)); \
	   lockwarden_guarded_init(&__lw_gi->lock.dep); })

#define __lw_mutex_init_fn	lockwarden_mutex_init
#define __lw_spin_init_fn	lockwarden_spin_lock_init
#define __lw_rwlock_init_fn	lockwarden_rwlock_init
#define __lw_rwsem_init_fn	lockwarden_init_rwsem
#define __lw_poisoned(l)		__lw_poison_check(&(l)->dep)
#define __lw_is_poisoned(l)		test_bit(LW_DEP_POISONED, &(l)->dep.flags)
#define __lw_poison(l)			lockwarden_poison(&(l)->dep)
#define __lw_clear_poison(l)		lockwarden_clear_poison(&(l)->dep)

#else /* !CONFIG_LOCKWARDEN: lockdep's assertions, nothing without lockdep */

#define __lw_check_held(l, write)					\
	do {								\
		typeof(l) __lw_l = (l);					\
									\
		if (write)						\
			lockdep_assert_held_write(&__lw_l->lock);	\
		else							\
			lockdep_assert_held(&__lw_l->lock);		\
	} while (0)

#define __lw_held(l)							\
	({ typeof(l) __lw_hl = (l); __lw_check_held(__lw_hl, true); __lw_hl; })
#define __lw_held_read(l)						\
	({ typeof(l) __lw_hl = (l); __lw_check_held(__lw_hl, false); __lw_hl; })

#define __lw_count_racy()		do { } while (0)
#define __lw_guarded_init(kind, g, ...)	__lw_##kind##_init_fn(&(g)->lock)
#define __lw_mutex_init_fn(l)		mutex_init(&(l)->lock)
#define __lw_spin_init_fn(l)		spin_lock_init(&(l)->lock)
#define __lw_rwlock_init_fn(l)		rwlock_init(&(l)->lock)
#define __lw_rwsem_init_fn(l)		init_rwsem(&(l)->lock)

/* Poisoning is lockwarden's: compiled out, nothing is ever poisoned. */
#define __lw_poisoned(l)		((void)(l), 0)
#define __lw_is_poisoned(l)		((void)(l), false)
#define __lw_poison(l)			((void)(l))
#define __lw_clear_poison(l)		((void)(l))

#endif /* CONFIG_LOCKWARDEN */

/**
 * lw_guarded - the data of a guarded object, whose lock this context holds
 * @g: pointer to the guarded object
 *
 * For code that took the lock some other way (a trylock, a lock held by a
 * caller). Reaching the data without holding the lock exclusively (for an
 * rwlock or rwsem: for writing) is an "unguarded access" finding naming the
 * lock's class and the caller.
 *
 * Return: pointer to the guarded data.
 */
#define lw_guarded(g)							\
	__lw_data_of(__lw_obj_of(typeof(g), __lw_held(&(g)->lock)))

/**
 * lw_guarded_read - the data of a guarded object, read-only, under its lock
 * @g: pointer to the guarded object
 *
 * As lw_guarded(), for a context holding the lock in any mode.
 *
 * Return: const pointer to the guarded data.
 */
#define lw_guarded_read(g)						\
	__lw_const_data_of(__lw_obj_of(typeof(g), __lw_held_read(&(g)->lock)))

/**
 * lw_locked_by - data guarded by a lock that lives elsewhere
 * @ptr: pointer to the data
 * @l: the lockwarden lock guarding it (any type)
 *
 * Rust's LockedBy, Clang's guarded_by: reaching @ptr without holding that
 * very lock instance exclusively is an "unguarded access" finding.
 *
 * Return: @ptr.
 */
#define lw_locked_by(ptr, l)						\
	({ (void)__lw_held(l); (ptr); })

/**
 * lw_locked_by_read - read-only data guarded by a lock that lives elsewhere
 * @ptr: pointer to the data
 * @l: the lockwarden lock guarding it (any type), held in any mode
 *
 * Return: @ptr, as a const pointer.
 */
#define lw_locked_by_read(ptr, l)					\
({									\
	typeof(ptr) __lw_p = (ptr);					\
	const typeof(*__lw_p) *__lw_cp = __lw_p;			\
									\
	(void)__lw_held_read(l);					\
	__lw_cp;							\
})

/**
 * lw_guarded_racy - read guarded data without its lock, on purpose
 * @g: pointer to the guarded object
 *
 * For statistics-style reads that tolerate a torn or stale value: marked
 * with data_race(), so KCSAN does not report it, and not checked. With
 * CONFIG_LOCKWARDEN and checking on, counted in the ``racy_reads`` stat.
 *
 * Return: a copy of the guarded data.
 */
#define lw_guarded_racy(g)						\
	({ typeof(g) __lw_rg = (g);					\
	   __lw_count_racy();						\
	   /* the caller's choice: a stale or torn copy will do */	\
	   data_race(ACCESS_PRIVATE(__lw_rg, __lw_data)); })

/* === Initialisation, and locking that hands out the data === */

/**
 * lw_mutex_guarded_init - initialise an LW_MUTEX_GUARDED() object's lock
 * @g: pointer to the guarded object
 * @...: optionally the lock's class, as for lw_mutex_init()
 *
 * The data is left as it is: initialise it before sharing the object, or
 * under the lock. The lock is marked as guarding data, so that a task that
 * exits holding it poisons the data.
 */
#define lw_mutex_guarded_init(g, ...)	__lw_guarded_init(mutex, g, ##__VA_ARGS__)

/**
 * lw_spin_guarded_init - initialise an LW_SPIN_GUARDED() object's lock
 * @g: pointer to the guarded object
 * @...: optionally the lock's class
 */
#define lw_spin_guarded_init(g, ...)	__lw_guarded_init(spin, g, ##__VA_ARGS__)

/**
 * lw_rwlock_guarded_init - initialise an LW_RWLOCK_GUARDED() object's lock
 * @g: pointer to the guarded object
 * @...: optionally the lock's class
 */
#define lw_rwlock_guarded_init(g, ...)	__lw_guarded_init(rwlock, g, ##__VA_ARGS__)

/**
 * lw_rwsem_guarded_init - initialise an LW_RWSEM_GUARDED() object's lock
 * @g: pointer to the guarded object
 * @...: optionally the lock's class
 */
#define lw_rwsem_guarded_init(g, ...)	__lw_guarded_init(rwsem, g, ##__VA_ARGS__)

/*
 * __lw_<op>_ret(l): take lock @l as lw_<op>() does and return it, so a
 * locking accessor names the lock once, as its caller's unlock does.
 */
static __always_inline struct lw_mutex *__lw_mutex_lock_ret(struct lw_mutex *m)
	__lw_acquires(m) __lw_no_tsa
{
	lw_mutex_lock(m);
	return m;
}

static __always_inline struct lw_spinlock *__lw_spin_lock_ret(struct lw_spinlock *l)
	__lw_acquires(l) __lw_no_tsa
{
	lw_spin_lock(l);
	return l;
}

static __always_inline struct lw_rwlock *__lw_read_lock_ret(struct lw_rwlock *l)
	__lw_acquires_shared(l) __lw_no_tsa
{
	lw_read_lock(l);
	return l;
}

static __always_inline struct lw_rwlock *__lw_write_lock_ret(struct lw_rwlock *l)
	__lw_acquires(l) __lw_no_tsa
{
	lw_write_lock(l);
	return l;
}

static __always_inline struct lw_rwsem *__lw_down_read_ret(struct lw_rwsem *s)
	__lw_acquires_shared(s) __lw_no_tsa
{
	lw_down_read(s);
	return s;
}

static __always_inline struct lw_rwsem *__lw_down_write_ret(struct lw_rwsem *s)
	__lw_acquires(s) __lw_no_tsa
{
	lw_down_write(s);
	return s;
}

/**
 * lw_mutex_lock_guarded - lock a guarded object's mutex
 * @g: pointer to an LW_MUTEX_GUARDED() object
 *
 * Release with lw_mutex_unlock_guarded(). Context: process context; may sleep.
 *
 * Return: pointer to the guarded data, valid until the unlock.
 */
#define lw_mutex_lock_guarded(g)	\
	__lw_data_of(__lw_obj_of(typeof(g), __lw_poison_ret(__lw_mutex_lock_ret(&(g)->lock))))

/**
 * lw_mutex_unlock_guarded - unlock a guarded object's mutex
 * @g: pointer to an LW_MUTEX_GUARDED() object
 */
#define lw_mutex_unlock_guarded(g)	lw_mutex_unlock(&(g)->lock)

/**
 * lw_spin_lock_guarded - lock a guarded object's spinlock
 * @g: pointer to an LW_SPIN_GUARDED() object
 *
 * Release with lw_spin_unlock_guarded().
 *
 * Return: pointer to the guarded data, valid until the unlock.
 */
#define lw_spin_lock_guarded(g)	\
	__lw_data_of(__lw_obj_of(typeof(g), __lw_poison_ret(__lw_spin_lock_ret(&(g)->lock))))

/**
 * lw_spin_unlock_guarded - unlock a guarded object's spinlock
 * @g: pointer to an LW_SPIN_GUARDED() object
 */
#define lw_spin_unlock_guarded(g)	lw_spin_unlock(&(g)->lock)

/**
 * lw_read_lock_guarded - lock a guarded object's rwlock for reading
 * @g: pointer to an LW_RWLOCK_GUARDED() object
 *
 * Release with lw_read_unlock_guarded().
 *
 * Return: const pointer to the guarded data, valid until the unlock.
 */
#define lw_read_lock_guarded(g)	\
	__lw_const_data_of(__lw_obj_of(typeof(g), __lw_poison_ret(__lw_read_lock_ret(&(g)->lock))))

/**
 * lw_read_unlock_guarded - unlock a guarded object's rwlock held for reading
 * @g: pointer to an LW_RWLOCK_GUARDED() object
 */
#define lw_read_unlock_guarded(g)	lw_read_unlock(&(g)->lock)

/**
 * lw_write_lock_guarded - lock a guarded object's rwlock for writing
 * @g: pointer to an LW_RWLOCK_GUARDED() object
 *
 * Release with lw_write_unlock_guarded().
 *
 * Return: pointer to the guarded data, valid until the unlock.
 */
#define lw_write_lock_guarded(g)	\
	__lw_data_of(__lw_obj_of(typeof(g), __lw_poison_ret(__lw_write_lock_ret(&(g)->lock))))

/**
 * lw_write_unlock_guarded - unlock a guarded object's rwlock held for writing
 * @g: pointer to an LW_RWLOCK_GUARDED() object
 */
#define lw_write_unlock_guarded(g)	lw_write_unlock(&(g)->lock)

/**
 * lw_down_read_guarded - lock a guarded object's rwsem for reading
 * @g: pointer to an LW_RWSEM_GUARDED() object
 *
 * Release with lw_up_read_guarded(). Context: process context; may sleep.
 *
 * Return: const pointer to the guarded data, valid until the unlock.
 */
#define lw_down_read_guarded(g)	\
	__lw_const_data_of(__lw_obj_of(typeof(g), __lw_poison_ret(__lw_down_read_ret(&(g)->lock))))

/**
 * lw_up_read_guarded - unlock a guarded object's rwsem held for reading
 * @g: pointer to an LW_RWSEM_GUARDED() object
 */
#define lw_up_read_guarded(g)		lw_up_read(&(g)->lock)

/**
 * lw_down_write_guarded - lock a guarded object's rwsem for writing
 * @g: pointer to an LW_RWSEM_GUARDED() object
 *
 * Release with lw_up_write_guarded(). Context: process context; may sleep.
 *
 * Return: pointer to the guarded data, valid until the unlock.
 */
#define lw_down_write_guarded(g)	\
	__lw_data_of(__lw_obj_of(typeof(g), __lw_poison_ret(__lw_down_write_ret(&(g)->lock))))

/**
 * lw_up_write_guarded - unlock a guarded object's rwsem held for writing
 * @g: pointer to an LW_RWSEM_GUARDED() object
 */
#define lw_up_write_guarded(g)		lw_up_write(&(g)->lock)

/* === Poisoning (Rust's PoisonError) === */

/**
 * lw_poison - mark a guarded object's data poisoned
 * @g: pointer to a guarded object, whose lock this context holds exclusively
 *
 * For a critical section abandoned half way, leaving the data inconsistent.
 * Until lw_clear_poison(), every lock of @g through this header is a
 * "poisoned data locked" finding and the _check lock variants return
 * -EOWNERDEAD. A task that exits holding the lock of a guarded object
 * poisons it too. Compiled without lockwarden, nothing is poisoned.
 */
#define lw_poison(g)	__lw_poison(__lw_held(&(g)->lock))

/**
 * lw_clear_poison - clear the poison of a guarded object's data
 * @g: pointer to a guarded object
 *
 * Rust's clear_poison(): typically once the locker that got -EOWNERDEAD
 * has repaired the data.
 */
#define lw_clear_poison(g)	__lw_clear_poison(&(g)->lock)

/**
 * lw_is_poisoned - whether a guarded object's data is poisoned
 * @g: pointer to a guarded object
 *
 * A racy snapshot, as Rust's is_poisoned(); under the lock it is exact.
 * Scoped guards record the finding but cannot return the error: test this
 * inside the guard's block.
 *
 * Return: true if poisoned.
 */
#define lw_is_poisoned(g)	__lw_is_poisoned(&(g)->lock)

/*
 * The _check lock variants: lock, point *@data at the data, which lies @off
 * bytes after the lock, and say whether it is poisoned. The return value is
 * __must_check, and a macro that expands to the call keeps it so.
 */
static __always_inline int __must_check
__lw_mutex_lock_check(struct lw_mutex *m, void **data, size_t off)
	__lw_acquires(m) __lw_no_tsa
{
	lw_mutex_lock(m);
	*data = (char *)m + off;
	return __lw_poisoned(m);
}

static __always_inline int __must_check
__lw_spin_lock_check(struct lw_spinlock *l, void **data, size_t off)
	__lw_acquires(l) __lw_no_tsa
{
	lw_spin_lock(l);
	*data = (char *)l + off;
	return __lw_poisoned(l);
}

static __always_inline int __must_check
__lw_read_lock_check(struct lw_rwlock *l, void **data, size_t off)
	__lw_acquires_shared(l) __lw_no_tsa
{
	lw_read_lock(l);
	*data = (char *)l + off;
	return __lw_poisoned(l);
}

static __always_inline int __must_check
__lw_write_lock_check(struct lw_rwlock *l, void **data, size_t off)
	__lw_acquires(l) __lw_no_tsa
{
	lw_write_lock(l);
	*data = (char *)l + off;
	return __lw_poisoned(l);
}

static __always_inline int __must_check
__lw_down_read_check(struct lw_rwsem *s, void **data, size_t off)
	__lw_acquires_shared(s) __lw_no_tsa
{
	lw_down_read(s);
	*data = (char *)s + off;
	return __lw_poisoned(s);
}

static __always_inline int __must_check
__lw_down_write_check(struct lw_rwsem *s, void **data, size_t off)
	__lw_acquires(s) __lw_no_tsa
{
	lw_down_write(s);
	*data = (char *)s + off;
	return __lw_poisoned(s);
}

/*
 * @g is evaluated once, in &(g)->lock: the rest is typeof() and offsetof().
 * *@pp must have the type the plain variant returns (a const pointer for a
 * read lock): another is a "pointer type mismatch" warning.
 */
#define __LW_LOCK_CHECK(kind, g, pp, data_of)				\
	__LW_LOCK_CHECK_T(kind, &(g)->lock, pp, typeof(g), data_of)

/* @type: the guarded object's pointer type; the conditional checks *@pp's. */
#define __LW_LOCK_CHECK_T(kind, l, pp, type, data_of)			\
	__lw_##kind##_check(l,						\
		(void **)(1 ? (pp) : (typeof(data_of((type)NULL)) *)NULL),	\
		offsetof(typeof(*(type)NULL), __lw_data) -		\
		offsetof(typeof(*(type)NULL), lock))

/**
 * lw_mutex_lock_guarded_check - lock a guarded object's mutex, told of poison
 * @g: pointer to an LW_MUTEX_GUARDED() object
 * @pp: address of the pointer to set to the data
 *
 * Rust's lock(), which returns Err(PoisonError(guard)) with the lock held:
 * either way the mutex is held and *@pp points to the data; release with
 * lw_mutex_unlock_guarded(). Ignoring the result is a compiler warning.
 * Context: process context; may sleep.
 *
 * Return: 0, or -EOWNERDEAD if the data is poisoned (also a finding).
 */
#define lw_mutex_lock_guarded_check(g, pp)				\
	__LW_LOCK_CHECK(mutex_lock, g, pp, __lw_data_of)

/**
 * lw_spin_lock_guarded_check - lock a guarded object's spinlock, told of poison
 * @g: pointer to an LW_SPIN_GUARDED() object
 * @pp: address of the pointer to set to the data
 *
 * As lw_mutex_lock_guarded_check(); release with lw_spin_unlock_guarded().
 *
 * Return: 0, or -EOWNERDEAD if the data is poisoned (also a finding).
 */
#define lw_spin_lock_guarded_check(g, pp)				\
	__LW_LOCK_CHECK(spin_lock, g, pp, __lw_data_of)

/**
 * lw_read_lock_guarded_check - read-lock a guarded object's rwlock, told of
 *	poison
 * @g: pointer to an LW_RWLOCK_GUARDED() object
 * @pp: address of the const pointer to set to the data
 *
 * As lw_mutex_lock_guarded_check(); release with lw_read_unlock_guarded().
 *
 * Return: 0, or -EOWNERDEAD if the data is poisoned (also a finding).
 */
#define lw_read_lock_guarded_check(g, pp)				\
	__LW_LOCK_CHECK(read_lock, g, pp, __lw_const_data_of)

/**
 * lw_write_lock_guarded_check - write-lock a guarded object's rwlock, told of
 *	poison
 * @g: pointer to an LW_RWLOCK_GUARDED() object
 * @pp: address of the pointer to set to the data
 *
 * As lw_mutex_lock_guarded_check(); release with lw_write_unlock_guarded().
 *
 * Return: 0, or -EOWNERDEAD if the data is poisoned (also a finding).
 */
#define lw_write_lock_guarded_check(g, pp)				\
	__LW_LOCK_CHECK(write_lock, g, pp, __lw_data_of)

/**
 * lw_down_read_guarded_check - read-lock a guarded object's rwsem, told of
 *	poison
 * @g: pointer to an LW_RWSEM_GUARDED() object
 * @pp: address of the const pointer to set to the data
 *
 * As lw_mutex_lock_guarded_check(); release with lw_up_read_guarded().
 * Context: process context; may sleep.
 *
 * Return: 0, or -EOWNERDEAD if the data is poisoned (also a finding).
 */
#define lw_down_read_guarded_check(g, pp)				\
	__LW_LOCK_CHECK(down_read, g, pp, __lw_const_data_of)

/**
 * lw_down_write_guarded_check - write-lock a guarded object's rwsem, told of
 *	poison
 * @g: pointer to an LW_RWSEM_GUARDED() object
 * @pp: address of the pointer to set to the data
 *
 * As lw_mutex_lock_guarded_check(); release with lw_up_write_guarded().
 * Context: process context; may sleep.
 *
 * Return: 0, or -EOWNERDEAD if the data is poisoned (also a finding).
 */
#define lw_down_write_guarded_check(g, pp)				\
	__LW_LOCK_CHECK(down_write, g, pp, __lw_data_of)

/* === Scoped guards: unlocked at the end of the enclosing block === */

/*
 * Each guard is a variable whose __cleanup function unlocks. Neither sparse
 * nor Clang 16's -Wthread-safety sees a cleanup run, so a guard tells them
 * that the lock is released as soon as it is taken: the guard's scope is
 * what keeps the two balanced.
 */
static __always_inline struct lw_mutex *__lw_mutex_guard_enter(struct lw_mutex *m)
	__lw_no_tsa
{
	lw_mutex_lock(m);
	(void)__lw_poisoned(m);
	__release(m);
	return m;
}

static __always_inline void __lw_mutex_guard_exit(struct lw_mutex **m)
	__lw_no_tsa
{
	__acquire(*m);
	lw_mutex_unlock(*m);
}

static __always_inline struct lw_spinlock *__lw_spin_guard_enter(struct lw_spinlock *l)
	__lw_no_tsa
{
	lw_spin_lock(l);
	(void)__lw_poisoned(l);
	__release(l);
	return l;
}

static __always_inline void __lw_spin_guard_exit(struct lw_spinlock **l)
	__lw_no_tsa
{
	__acquire(*l);
	lw_spin_unlock(*l);
}

static __always_inline struct lw_rwlock *__lw_read_guard_enter(struct lw_rwlock *l)
	__lw_no_tsa
{
	lw_read_lock(l);
	(void)__lw_poisoned(l);
	__release(l);
	return l;
}

static __always_inline void __lw_read_guard_exit(struct lw_rwlock **l)
	__lw_no_tsa
{
	__acquire(*l);
	lw_read_unlock(*l);
}

static __always_inline struct lw_rwlock *__lw_write_guard_enter(struct lw_rwlock *l)
	__lw_no_tsa
{
	lw_write_lock(l);
	(void)__lw_poisoned(l);
	__release(l);
	return l;
}

static __always_inline void __lw_write_guard_exit(struct lw_rwlock **l)
	__lw_no_tsa
{
	__acquire(*l);
	lw_write_unlock(*l);
}

static __always_inline struct lw_rwsem *__lw_down_read_guard_enter(struct lw_rwsem *s)
	__lw_no_tsa
{
	lw_down_read(s);
	(void)__lw_poisoned(s);
	__release(s);
	return s;
}

static __always_inline void __lw_down_read_guard_exit(struct lw_rwsem **s)
	__lw_no_tsa
{
	__acquire(*s);
	lw_up_read(*s);
}

static __always_inline struct lw_rwsem *__lw_down_write_guard_enter(struct lw_rwsem *s)
	__lw_no_tsa
{
	lw_down_write(s);
	(void)__lw_poisoned(s);
	__release(s);
	return s;
}

static __always_inline void __lw_down_write_guard_exit(struct lw_rwsem **s)
	__lw_no_tsa
{
	__acquire(*s);
	lw_up_write(*s);
}

/* The type of each kind of guard: a pointer to the lock it holds. */
#define __lw_mutex_guard_t	struct lw_mutex *
#define __lw_spin_guard_t	struct lw_spinlock *
#define __lw_read_guard_t	struct lw_rwlock *
#define __lw_write_guard_t	struct lw_rwlock *
#define __lw_down_read_guard_t	struct lw_rwsem *
#define __lw_down_write_guard_t	struct lw_rwsem *

/*
 * The interrupt flavours of the spinning-lock guards. _bh and _irq hold a
 * pointer to the lock, as above; _irqsave also the saved interrupt flags.
 */
#define __LW_DEFINE_IRQ_GUARD(kind, type, lockfn, unlockfn)		\
static __always_inline type *__lw_##kind##_guard_enter(type *l)		\
	__lw_no_tsa							\
{									\
	lockfn(l);							\
	(void)__lw_poisoned(l);						\
	__release(l);							\
	return l;							\
}									\
									\
static __always_inline void __lw_##kind##_guard_exit(type **l)		\
	__lw_no_tsa							\
{									\
	__acquire(*l);							\
	unlockfn(*l);							\
}

#define __LW_DEFINE_IRQSAVE_GUARD(kind, type, lockfn, unlockfn)	\
struct __lw_##kind##_guard {						\
	type *l;							\
	unsigned long flags;						\
};									\
									\
static __always_inline struct __lw_##kind##_guard			\
__lw_##kind##_guard_enter(type *l)					\
	__lw_no_tsa							\
{									\
	struct __lw_##kind##_guard g = { .l = l };			\
									\
	lockfn(l, g.flags);						\
	(void)__lw_poisoned(l);						\
	__release(l);							\
	return g;							\
}									\
									\
static __always_inline void __lw_##kind##_guard_exit(struct __lw_##kind##_guard *g) \
	__lw_no_tsa							\
{									\
	__acquire(g->l);						\
	unlockfn(g->l, g->flags);					\
}

__LW_DEFINE_IRQ_GUARD(spin_bh, struct lw_spinlock, lw_spin_lock_bh, lw_spin_unlock_bh)
__LW_DEFINE_IRQ_GUARD(spin_irq, struct lw_spinlock, lw_spin_lock_irq, lw_spin_unlock_irq)
__LW_DEFINE_IRQSAVE_GUARD(spin_irqsave, struct lw_spinlock, lw_spin_lock_irqsave,
			  lw_spin_unlock_irqrestore)
__LW_DEFINE_IRQ_GUARD(read_bh, struct lw_rwlock, lw_read_lock_bh, lw_read_unlock_bh)
__LW_DEFINE_IRQ_GUARD(read_irq, struct lw_rwlock, lw_read_lock_irq, lw_read_unlock_irq)
__LW_DEFINE_IRQSAVE_GUARD(read_irqsave, struct lw_rwlock, lw_read_lock_irqsave,
			  lw_read_unlock_irqrestore)
__LW_DEFINE_IRQ_GUARD(write_bh, struct lw_rwlock, lw_write_lock_bh, lw_write_unlock_bh)
__LW_DEFINE_IRQ_GUARD(write_irq, struct lw_rwlock, lw_write_lock_irq, lw_write_unlock_irq)
__LW_DEFINE_IRQSAVE_GUARD(write_irqsave, struct lw_rwlock, lw_write_lock_irqsave,
			  lw_write_unlock_irqrestore)

#define __lw_spin_bh_guard_t		struct lw_spinlock *
#define __lw_spin_irq_guard_t		struct lw_spinlock *
#define __lw_spin_irqsave_guard_t	struct __lw_spin_irqsave_guard
#define __lw_read_bh_guard_t		struct lw_rwlock *
#define __lw_read_irq_guard_t		struct lw_rwlock *
#define __lw_read_irqsave_guard_t	struct __lw_read_irqsave_guard
#define __lw_write_bh_guard_t		struct lw_rwlock *
#define __lw_write_irq_guard_t		struct lw_rwlock *
#define __lw_write_irqsave_guard_t	struct __lw_write_irqsave_guard

/*
 * The object, the guard, the data pointer, then the KCSAN assertion, all
 * named after @p: cleanups run in reverse, so the assertion's scope ends
 * before the unlock.
 */
#define __LW_GUARD(kind, g, p, data_of, assert_scoped)			\
	typeof(g) __lw_obj_##p = (g);					\
	__lw_##kind##_guard_t __lw_guard_##p				\
		__cleanup(__lw_##kind##_guard_exit) =			\
		__lw_##kind##_guard_enter(&__lw_obj_##p->lock);		\
	typeof(data_of(__lw_obj_##p)) p = data_of(__lw_obj_##p);	\
	assert_scoped(ACCESS_PRIVATE(__lw_obj_##p, __lw_data))

/**
 * lw_mutex_guard - lock a guarded object's mutex until the end of the block
 * @g: pointer to an LW_MUTEX_GUARDED() object
 * @p: name of the pointer to the data this declares
 *
 * A declaration: put it at the start of a block. The mutex is unlocked when
 * the block is left, however it is left (return, break, goto). While held,
 * KCSAN reports any other access to the data.
 * Context: process context; may sleep.
 */
#define lw_mutex_guard(g, p)						\
	__LW_GUARD(mutex, g, p, __lw_data_of, ASSERT_EXCLUSIVE_ACCESS_SCOPED)

/**
 * lw_spin_guard - lock a guarded object's spinlock until the end of the block
 * @g: pointer to an LW_SPIN_GUARDED() object
 * @p: name of the pointer to the data this declares
 *
 * A declaration, as lw_mutex_guard().
 */
#define lw_spin_guard(g, p)						\
	__LW_GUARD(spin, g, p, __lw_data_of, ASSERT_EXCLUSIVE_ACCESS_SCOPED)

/**
 * lw_read_guard - lock a guarded object's rwlock for reading until the end
 *	of the block
 * @g: pointer to an LW_RWLOCK_GUARDED() object
 * @p: name of the const pointer to the data this declares
 *
 * A declaration, as lw_mutex_guard(). While held, KCSAN reports any
 * concurrent write to the data.
 */
#define lw_read_guard(g, p)						\
	__LW_GUARD(read, g, p, __lw_const_data_of, ASSERT_EXCLUSIVE_WRITER_SCOPED)

/**
 * lw_write_guard - lock a guarded object's rwlock for writing until the end
 *	of the block
 * @g: pointer to an LW_RWLOCK_GUARDED() object
 * @p: name of the pointer to the data this declares
 *
 * A declaration, as lw_mutex_guard().
 */
#define lw_write_guard(g, p)						\
	__LW_GUARD(write, g, p, __lw_data_of, ASSERT_EXCLUSIVE_ACCESS_SCOPED)

/**
 * lw_down_read_guard - lock a guarded object's rwsem for reading until the
 *	end of the block
 * @g: pointer to an LW_RWSEM_GUARDED() object
 * @p: name of the const pointer to the data this declares
 *
 * A declaration, as lw_mutex_guard(). Context: process context; may sleep.
 */
#define lw_down_read_guard(g, p)					\
	__LW_GUARD(down_read, g, p, __lw_const_data_of, ASSERT_EXCLUSIVE_WRITER_SCOPED)

/**
 * lw_down_write_guard - lock a guarded object's rwsem for writing until the
 *	end of the block
 * @g: pointer to an LW_RWSEM_GUARDED() object
 * @p: name of the pointer to the data this declares
 *
 * A declaration, as lw_mutex_guard(). Context: process context; may sleep.
 */
#define lw_down_write_guard(g, p)					\
	__LW_GUARD(down_write, g, p, __lw_data_of, ASSERT_EXCLUSIVE_ACCESS_SCOPED)

/**
 * lw_spin_guard_bh - lw_spin_guard(), with bottom halves disabled
 * @g: pointer to an LW_SPIN_GUARDED() object
 * @p: name of the pointer to the data this declares
 *
 * A declaration, as lw_spin_guard(); bottom halves are enabled again when the
 * block is left.
 */
#define lw_spin_guard_bh(g, p)						\
	__LW_GUARD(spin_bh, g, p, __lw_data_of, ASSERT_EXCLUSIVE_ACCESS_SCOPED)

/**
 * lw_spin_guard_irq - lw_spin_guard(), with interrupts disabled
 * @g: pointer to an LW_SPIN_GUARDED() object
 * @p: name of the pointer to the data this declares
 *
 * A declaration, as lw_spin_guard(); interrupts are enabled again when the
 * block is left.
 */
#define lw_spin_guard_irq(g, p)						\
	__LW_GUARD(spin_irq, g, p, __lw_data_of, ASSERT_EXCLUSIVE_ACCESS_SCOPED)

/**
 * lw_spin_guard_irqsave - lw_spin_guard(), with interrupts disabled, restored after
 * @g: pointer to an LW_SPIN_GUARDED() object
 * @p: name of the pointer to the data this declares
 *
 * A declaration, as lw_spin_guard(); the interrupt state is saved in the guard
 * and restored when the block is left.
 */
#define lw_spin_guard_irqsave(g, p)					\
	__LW_GUARD(spin_irqsave, g, p, __lw_data_of, ASSERT_EXCLUSIVE_ACCESS_SCOPED)

/**
 * lw_read_guard_bh - lw_read_guard(), with bottom halves disabled
 * @g: pointer to an LW_RWLOCK_GUARDED() object
 * @p: name of the const pointer to the data this declares
 *
 * A declaration, as lw_read_guard(); bottom halves are enabled again when the
 * block is left.
 */
#define lw_read_guard_bh(g, p)						\
	__LW_GUARD(read_bh, g, p, __lw_const_data_of, ASSERT_EXCLUSIVE_WRITER_SCOPED)

/**
 * lw_read_guard_irq - lw_read_guard(), with interrupts disabled
 * @g: pointer to an LW_RWLOCK_GUARDED() object
 * @p: name of the const pointer to the data this declares
 *
 * A declaration, as lw_read_guard(); interrupts are enabled again when the
 * block is left.
 */
#define lw_read_guard_irq(g, p)						\
	__LW_GUARD(read_irq, g, p, __lw_const_data_of, ASSERT_EXCLUSIVE_WRITER_SCOPED)

/**
 * lw_read_guard_irqsave - lw_read_guard(), with interrupts disabled, restored after
 * @g: pointer to an LW_RWLOCK_GUARDED() object
 * @p: name of the const pointer to the data this declares
 *
 * A declaration, as lw_read_guard(); the interrupt state is saved in the guard
 * and restored when the block is left.
 */
#define lw_read_guard_irqsave(g, p)					\
	__LW_GUARD(read_irqsave, g, p, __lw_const_data_of, ASSERT_EXCLUSIVE_WRITER_SCOPED)

/**
 * lw_write_guard_bh - lw_write_guard(), with bottom halves disabled
 * @g: pointer to an LW_RWLOCK_GUARDED() object
 * @p: name of the pointer to the data this declares
 *
 * A declaration, as lw_write_guard(); bottom halves are enabled again when the
 * block is left.
 */
#define lw_write_guard_bh(g, p)						\
	__LW_GUARD(write_bh, g, p, __lw_data_of, ASSERT_EXCLUSIVE_ACCESS_SCOPED)

/**
 * lw_write_guard_irq - lw_write_guard(), with interrupts disabled
 * @g: pointer to an LW_RWLOCK_GUARDED() object
 * @p: name of the pointer to the data this declares
 *
 * A declaration, as lw_write_guard(); interrupts are enabled again when the
 * block is left.
 */
#define lw_write_guard_irq(g, p)					\
	__LW_GUARD(write_irq, g, p, __lw_data_of, ASSERT_EXCLUSIVE_ACCESS_SCOPED)

/**
 * lw_write_guard_irqsave - lw_write_guard(), with interrupts disabled, restored after
 * @g: pointer to an LW_RWLOCK_GUARDED() object
 * @p: name of the pointer to the data this declares
 *
 * A declaration, as lw_write_guard(); the interrupt state is saved in the guard
 * and restored when the block is left.
 */
#define lw_write_guard_irqsave(g, p)					\
	__LW_GUARD(write_irqsave, g, p, __lw_data_of, ASSERT_EXCLUSIVE_ACCESS_SCOPED)

/* === The kernel's guard() and scoped_guard(), where it has them === */

#ifdef LW_HAVE_CLEANUP_H
#include <linux/cleanup.h>

DEFINE_GUARD(lw_mutex, struct lw_mutex *,
	     __lw_mutex_guard_enter(_T), __lw_mutex_guard_exit(&_T))
DEFINE_GUARD(lw_spinlock, struct lw_spinlock *,
	     __lw_spin_guard_enter(_T), __lw_spin_guard_exit(&_T))
DEFINE_GUARD(lw_read_lock, struct lw_rwlock *,
	     __lw_read_guard_enter(_T), __lw_read_guard_exit(&_T))
DEFINE_GUARD(lw_write_lock, struct lw_rwlock *,
	     __lw_write_guard_enter(_T), __lw_write_guard_exit(&_T))
DEFINE_GUARD(lw_rwsem_read, struct lw_rwsem *,
	     __lw_down_read_guard_enter(_T), __lw_down_read_guard_exit(&_T))
DEFINE_GUARD(lw_rwsem_write, struct lw_rwsem *,
	     __lw_down_write_guard_enter(_T), __lw_down_write_guard_exit(&_T))
#endif

#endif /* _LOCKWARDEN_GUARDED_H */
