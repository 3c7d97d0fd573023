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
#include <lockwarden/raw_spinlock.h>
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
	if (lw_checking()) {
		lockwarden_guarded_access(dep, write);
		__lw_no_tail();
	}
}

/* The lock __lw_<name>_held() returned: checked already. */
#define __lw_held_as(hl, write)		(hl)

void lockwarden_racy_read(void);

/* Count a racy read, while checking is on. */
static __always_inline void __lw_count_racy(void)
{
	if (lw_checking()) {
		lockwarden_racy_read();
		__lw_no_tail();
	}
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
		return __lw_no_tail_value(lockwarden_poisoned_lock(dep));
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
	   lockwarden_guarded_init(&__lw_gi->lock.dep);			\
	   __lw_no_tail(); })

#define __lw_mutex_init_fn	lockwarden_mutex_init
#define __lw_spin_init_fn	lockwarden_spin_lock_init
#define __lw_rwlock_init_fn	lockwarden_rwlock_init
#define __lw_rwsem_init_fn	lockwarden_init_rwsem
#define __lw_poisoned(l)		__lw_poison_check(&(l)->dep)
#define __lw_is_poisoned(l)		test_bit(LW_DEP_POISONED, &(l)->dep.flags)
#define __lw_poison(l)		__lw_no_tail_call(lockwarden_poison(&(l)->dep))
#define __lw_clear_poison(l)	__lw_no_tail_call(lockwarden_clear_poison(&(l)->dep))

#else /* !CONFIG_LOCKWARDEN: lockdep's assertions, nothing without lockdep */

#define __lw_guarded_check(dep, write)	do { } while (0)

/*
 * The lock __lw_<name>_held() returned, asserted held (for writing) here,
 * so that a lockdep report names the caller's line.
 */
#define __lw_held_as(hl, write)						\
	({								\
		__auto_type __lw_hl = (hl);				\
									\
		if (write)						\
			lockdep_assert_held_write(&__lw_hl->lock);	\
		else							\
			lockdep_assert_held(&__lw_hl->lock);		\
		__lw_hl;						\
	})

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

/*
 * What __lw_pick() calls for a lock of any other type: never defined, and
 * a build error that names that type, on the caller's line. Clang: "passing
 * 'struct mutex *' to parameter of type 'struct
 * lw_mutex_spinlock_rwlock_or_rwsem *'"; GCC: "passing argument 1 of
 * '__lw_not_a_lockwarden_lock' from incompatible pointer type", with the
 * note "expected 'struct lw_mutex_spinlock_rwlock_or_rwsem *' but argument
 * is of type 'struct mutex *'". A void * passes that check, not this one:
 * "call to '__lw_not_a_lockwarden_lock' declared with attribute error".
 */
struct lw_mutex_spinlock_rwlock_or_rwsem;
void __lw_not_a_lockwarden_lock(struct lw_mutex_spinlock_rwlock_or_rwsem *l)
	__compiletime_error("not a lockwarden lock");

/* Of four functions, the one for the lock type @type points to. */
#define __lw_pick(type, mutex, spin, rwlock, rwsem)			\
	__builtin_choose_expr(__builtin_types_compatible_p(type, struct lw_mutex *), mutex, \
	__builtin_choose_expr(__builtin_types_compatible_p(type, struct lw_spinlock *), spin, \
	__builtin_choose_expr(__builtin_types_compatible_p(type, struct lw_rwlock *), rwlock, \
	__builtin_choose_expr(__builtin_types_compatible_p(type, struct lw_rwsem *), rwsem, \
			      __lw_not_a_lockwarden_lock))))

/* Check that this context holds lock @l (exclusively), and return @l. */
#define __lw_held(l)							\
	__lw_held_as(__lw_pick(typeof(l), __lw_mutex_held, __lw_spin_held,	\
			       __lw_rwlock_held, __lw_rwsem_held)(l), true)

/* Check that this context holds lock @l in any mode, and return @l. */
#define __lw_held_read(l)						\
	__lw_held_as(__lw_pick(typeof(l), __lw_mutex_held_read, __lw_spin_held_read, \
			       __lw_rwlock_held_read, __lw_rwsem_held_read)(l), false)

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

/* === What each lock type provides for its guarded data === */

/*
 * __LW_GUARDED_TYPE(name, type, must_hold_read): for a lock of @type,
 *
 * __lw_<name>_held(l) and __lw_<name>_held_read(l) check that this context
 * holds @l (exclusively; in any mode) and return it. For -Wthread-safety,
 * each requires what it checks, so reaching guarded data without its lock
 * is also a compile-time diagnostic, which names the function. A mutex or
 * spinlock has no shared mode: its @must_hold_read is __lw_must_hold.
 * Compiled out, they check nothing and __lw_held_as() asserts with lockdep.
 *
 * __lw_<name>_data_check(l, data, off), for a lock @l just taken, points
 * *@data at the data, which lies @off bytes after the lock, and says whether
 * it is poisoned. The result is __must_check, and a macro that expands to
 * the call keeps it so.
 */
#define __LW_GUARDED_TYPE(name, type, must_hold_read)			\
static __always_inline int __must_check					\
__lw_##name##_data_check(type *l, void **data, size_t off)		\
{									\
	*data = (char *)l + off;					\
	return __lw_poisoned(l);					\
}									\
									\
__LW_DEFINE_HELD(name##_held, type, __lw_must_hold, true)		\
__LW_DEFINE_HELD(name##_held_read, type, must_hold_read, false)

/* __lw_<fn>(l): check that this context holds @l as @must_hold says. */
#define __LW_DEFINE_HELD(fn, type, must_hold, write)			\
static __always_inline type *__lw_##fn(type *l)				\
	must_hold(l)							\
{									\
	__lw_guarded_check(&l->dep, write);				\
	return l;							\
}

/*
 * __LW_GUARDED_LOCK(kind, type, lockfn, unlockfn, acquires): for one way to
 * hold a lock of @type, taken with @lockfn, released with @unlockfn and held
 * as @acquires (__lw_acquires or __lw_acquires_shared) says, named @kind
 * (@lockfn without its lw_):
 *
 * __lw_<kind>_ret(l) takes @l and returns it, so that a locking accessor
 * names the lock once, as its caller's unlock does;
 *
 * __lw_<kind>_guard_enter() and _exit(), the scoped guard's (below).
 */
#define __LW_GUARDED_LOCK(kind, type, lockfn, unlockfn, acquires)	\
static __always_inline type *__lw_##kind##_ret(type *l)			\
	acquires(l) __lw_no_tsa						\
{									\
	lockfn(l);							\
	return l;							\
}									\
									\
__LW_DEFINE_GUARD(kind, type, __lw_##kind##_ret, unlockfn)

/*
 * A scoped guard is a variable whose __cleanup function unlocks. Neither
 * sparse nor Clang 16's -Wthread-safety sees a cleanup run, so a guard tells
 * them that the lock is released as soon as it is taken: the guard's scope
 * is what keeps the two balanced. __lw_<kind>_guard_enter(l) takes @l and
 * returns the guard, a pointer to the lock; __lw_<kind>_guard_exit() takes
 * a pointer to the guard and unlocks.
 */
#define __LW_DEFINE_GUARD(kind, type, lockfn, unlockfn)		\
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

/*
 * The guards of the interrupt flavours of a spinning lock's @lockfn and
 * @unlockfn: <kind>_irqsave, whose guard also keeps the saved flags, then
 * <kind>_bh and <kind>_irq.
 */
#define __LW_DEFINE_IRQ_GUARDS(kind, type, lockfn, unlockfn)		\
struct __lw_##kind##_irqsave_guard {					\
	type *l;							\
	unsigned long flags;						\
};									\
									\
static __always_inline struct __lw_##kind##_irqsave_guard		\
__lw_##kind##_irqsave_guard_enter(type *l)				\
	__lw_no_tsa							\
{									\
	struct __lw_##kind##_irqsave_guard g = { .l = l };		\
									\
	lockfn##_irqsave(l, g.flags);					\
	(void)__lw_poisoned(l);						\
	__release(l);							\
	return g;							\
}									\
									\
static __always_inline void						\
__lw_##kind##_irqsave_guard_exit(struct __lw_##kind##_irqsave_guard *g)	\
	__lw_no_tsa							\
{									\
	__acquire(g->l);						\
	unlockfn##_irqrestore(g->l, g->flags);				\
}									\
									\
__LW_DEFINE_GUARD(kind##_bh, type, lockfn##_bh, unlockfn##_bh)		\
__LW_DEFINE_GUARD(kind##_irq, type, lockfn##_irq, unlockfn##_irq)

/* lw_mutex */
__LW_GUARDED_TYPE(mutex, struct lw_mutex, __lw_must_hold)
__LW_GUARDED_LOCK(mutex_lock, struct lw_mutex, lw_mutex_lock, lw_mutex_unlock, __lw_acquires)

/* lw_spinlock */
__LW_GUARDED_TYPE(spin, struct lw_spinlock, __lw_must_hold)
__LW_GUARDED_LOCK(spin_lock, struct lw_spinlock, lw_spin_lock, lw_spin_unlock, __lw_acquires)
__LW_DEFINE_IRQ_GUARDS(spin_lock, struct lw_spinlock, lw_spin_lock, lw_spin_unlock)

/* lw_raw_spinlock: its guard() classes (it guards no data) */
__LW_GUARDED_LOCK(raw_spin_lock, struct lw_raw_spinlock, lw_raw_spin_lock, lw_raw_spin_unlock,
		  __lw_acquires)
__LW_DEFINE_IRQ_GUARDS(raw_spin_lock, struct lw_raw_spinlock, lw_raw_spin_lock,
		       lw_raw_spin_unlock)

/* lw_rwlock, read and write */
__LW_GUARDED_TYPE(rwlock, struct lw_rwlock, __lw_must_hold_shared)
__LW_GUARDED_LOCK(read_lock, struct lw_rwlock, lw_read_lock, lw_read_unlock, __lw_acquires_shared)
__LW_DEFINE_IRQ_GUARDS(read_lock, struct lw_rwlock, lw_read_lock, lw_read_unlock)
__LW_GUARDED_LOCK(write_lock, struct lw_rwlock, lw_write_lock, lw_write_unlock, __lw_acquires)
__LW_DEFINE_IRQ_GUARDS(write_lock, struct lw_rwlock, lw_write_lock, lw_write_unlock)

/* lw_rwsem, read and write */
__LW_GUARDED_TYPE(rwsem, struct lw_rwsem, __lw_must_hold_shared)
__LW_GUARDED_LOCK(down_read, struct lw_rwsem, lw_down_read, lw_up_read, __lw_acquires_shared)
__LW_GUARDED_LOCK(down_write, struct lw_rwsem, lw_down_write, lw_up_write, __lw_acquires)

/*
 * Take the lock of guarded object @g with __lw_<kind>_ret() and return a
 * pointer to its data (__LW_READ_LOCK_GUARDED(): a const pointer, for a
 * shared hold). @g is evaluated once, in &(g)->lock.
 */
#define __LW_LOCK_GUARDED_AS(kind, g, data_of)				\
	data_of(__lw_obj_of(typeof(g), __lw_poison_ret(__lw_##kind##_ret(&(g)->lock))))
#define __LW_LOCK_GUARDED(kind, g)	__LW_LOCK_GUARDED_AS(kind, g, __lw_data_of)
#define __LW_READ_LOCK_GUARDED(kind, g)	__LW_LOCK_GUARDED_AS(kind, g, __lw_const_data_of)

/**
 * lw_mutex_lock_guarded - lock a guarded object's mutex
 * @g: pointer to an LW_MUTEX_GUARDED() object
 *
 * Release with lw_mutex_unlock_guarded(). Context: process context; may sleep.
 *
 * Return: pointer to the guarded data, valid until the unlock.
 */
#define lw_mutex_lock_guarded(g)	__LW_LOCK_GUARDED(mutex_lock, g)

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
#define lw_spin_lock_guarded(g)	__LW_LOCK_GUARDED(spin_lock, g)

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
#define lw_read_lock_guarded(g)	__LW_READ_LOCK_GUARDED(read_lock, g)

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
#define lw_write_lock_guarded(g)	__LW_LOCK_GUARDED(write_lock, g)

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
#define lw_down_read_guarded(g)	__LW_READ_LOCK_GUARDED(down_read, g)

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
#define lw_down_write_guarded(g)	__LW_LOCK_GUARDED(down_write, g)

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
 * @g is evaluated once, in &(g)->lock: the rest is typeof() and offsetof().
 * *@pp must have the type the plain variant returns (a const pointer for a
 * shared hold, __LW_READ_LOCK_CHECK()): another is a "pointer type
 * mismatch" warning.
 */
#define __LW_LOCK_CHECK(kind, g, pp)					\
	__LW_LOCK_CHECK_T(kind, &(g)->lock, pp, typeof(g), __lw_data_of)
#define __LW_READ_LOCK_CHECK(kind, g, pp)				\
	__LW_LOCK_CHECK_T(kind, &(g)->lock, pp, typeof(g), __lw_const_data_of)

/*
 * Take lock @l with __lw_<kind>_ret(), then its type's data check. @type:
 * the guarded object's pointer type; the conditional checks *@pp's.
 */
#define __LW_LOCK_CHECK_T(kind, l, pp, type, data_of)			\
	__lw_pick(typeof(l), __lw_mutex_data_check, __lw_spin_data_check, \
		  __lw_rwlock_data_check, __lw_rwsem_data_check)(	\
		__lw_##kind##_ret(l),					\
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
#define lw_mutex_lock_guarded_check(g, pp)	__LW_LOCK_CHECK(mutex_lock, g, pp)

/**
 * lw_spin_lock_guarded_check - lock a guarded object's spinlock, told of poison
 * @g: pointer to an LW_SPIN_GUARDED() object
 * @pp: address of the pointer to set to the data
 *
 * As lw_mutex_lock_guarded_check(); release with lw_spin_unlock_guarded().
 *
 * Return: 0, or -EOWNERDEAD if the data is poisoned (also a finding).
 */
#define lw_spin_lock_guarded_check(g, pp)	__LW_LOCK_CHECK(spin_lock, g, pp)

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
#define lw_read_lock_guarded_check(g, pp)	__LW_READ_LOCK_CHECK(read_lock, g, pp)

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
#define lw_write_lock_guarded_check(g, pp)	__LW_LOCK_CHECK(write_lock, g, pp)

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
#define lw_down_read_guarded_check(g, pp)	__LW_READ_LOCK_CHECK(down_read, g, pp)

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
#define lw_down_write_guarded_check(g, pp)	__LW_LOCK_CHECK(down_write, g, pp)

/* === Scoped guards: unlocked at the end of the enclosing block === */

/*
 * The object, the guard, the data pointer, then the KCSAN assertion, all
 * named after @p: cleanups run in reverse, so the assertion's scope ends
 * before the unlock. __LW_GUARD() holds the lock exclusively and declares a
 * pointer to the data; __LW_READ_GUARD() holds it shared and declares a
 * const pointer, and KCSAN reports only a concurrent write.
 */
#define __LW_GUARD_DECL(kind, g, p, data_of, assert_scoped)		\
	typeof(g) __lw_obj_##p = (g);					\
	__auto_type __lw_guard_##p __cleanup(__lw_##kind##_guard_exit) =	\
		__lw_##kind##_guard_enter(&__lw_obj_##p->lock);		\
	typeof(data_of(__lw_obj_##p)) p = data_of(__lw_obj_##p);	\
	assert_scoped(ACCESS_PRIVATE(__lw_obj_##p, __lw_data))
#define __LW_GUARD(kind, g, p)						\
	__LW_GUARD_DECL(kind, g, p, __lw_data_of, ASSERT_EXCLUSIVE_ACCESS_SCOPED)
#define __LW_READ_GUARD(kind, g, p)					\
	__LW_GUARD_DECL(kind, g, p, __lw_const_data_of, ASSERT_EXCLUSIVE_WRITER_SCOPED)

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
#define lw_mutex_guard(g, p)	__LW_GUARD(mutex_lock, g, p)

/**
 * lw_spin_guard - lock a guarded object's spinlock until the end of the block
 * @g: pointer to an LW_SPIN_GUARDED() object
 * @p: name of the pointer to the data this declares
 *
 * A declaration, as lw_mutex_guard().
 */
#define lw_spin_guard(g, p)	__LW_GUARD(spin_lock, g, p)

/**
 * lw_read_guard - lock a guarded object's rwlock for reading until the end
 *	of the block
 * @g: pointer to an LW_RWLOCK_GUARDED() object
 * @p: name of the const pointer to the data this declares
 *
 * A declaration, as lw_mutex_guard(). While held, KCSAN reports any
 * concurrent write to the data.
 */
#define lw_read_guard(g, p)	__LW_READ_GUARD(read_lock, g, p)

/**
 * lw_write_guard - lock a guarded object's rwlock for writing until the end
 *	of the block
 * @g: pointer to an LW_RWLOCK_GUARDED() object
 * @p: name of the pointer to the data this declares
 *
 * A declaration, as lw_mutex_guard().
 */
#define lw_write_guard(g, p)	__LW_GUARD(write_lock, g, p)

/**
 * lw_down_read_guard - lock a guarded object's rwsem for reading until the
 *	end of the block
 * @g: pointer to an LW_RWSEM_GUARDED() object
 * @p: name of the const pointer to the data this declares
 *
 * A declaration, as lw_mutex_guard(). Context: process context; may sleep.
 */
#define lw_down_read_guard(g, p)	__LW_READ_GUARD(down_read, g, p)

/**
 * lw_down_write_guard - lock a guarded object's rwsem for writing until the
 *	end of the block
 * @g: pointer to an LW_RWSEM_GUARDED() object
 * @p: name of the pointer to the data this declares
 *
 * A declaration, as lw_mutex_guard(). Context: process context; may sleep.
 */
#define lw_down_write_guard(g, p)	__LW_GUARD(down_write, g, p)

/**
 * lw_spin_guard_bh - lw_spin_guard(), with bottom halves disabled
 * @g: pointer to an LW_SPIN_GUARDED() object
 * @p: name of the pointer to the data this declares
 *
 * A declaration, as lw_spin_guard(); bottom halves are enabled again when the
 * block is left.
 */
#define lw_spin_guard_bh(g, p)	__LW_GUARD(spin_lock_bh, g, p)

/**
 * lw_spin_guard_irq - lw_spin_guard(), with interrupts disabled
 * @g: pointer to an LW_SPIN_GUARDED() object
 * @p: name of the pointer to the data this declares
 *
 * A declaration, as lw_spin_guard(); interrupts are enabled again when the
 * block is left.
 */
#define lw_spin_guard_irq(g, p)	__LW_GUARD(spin_lock_irq, g, p)

/**
 * lw_spin_guard_irqsave - lw_spin_guard(), with interrupts disabled, restored after
 * @g: pointer to an LW_SPIN_GUARDED() object
 * @p: name of the pointer to the data this declares
 *
 * A declaration, as lw_spin_guard(); the interrupt state is saved in the guard
 * and restored when the block is left.
 */
#define lw_spin_guard_irqsave(g, p)	__LW_GUARD(spin_lock_irqsave, g, p)

/**
 * lw_read_guard_bh - lw_read_guard(), with bottom halves disabled
 * @g: pointer to an LW_RWLOCK_GUARDED() object
 * @p: name of the const pointer to the data this declares
 *
 * A declaration, as lw_read_guard(); bottom halves are enabled again when the
 * block is left.
 */
#define lw_read_guard_bh(g, p)	__LW_READ_GUARD(read_lock_bh, g, p)

/**
 * lw_read_guard_irq - lw_read_guard(), with interrupts disabled
 * @g: pointer to an LW_RWLOCK_GUARDED() object
 * @p: name of the const pointer to the data this declares
 *
 * A declaration, as lw_read_guard(); interrupts are enabled again when the
 * block is left.
 */
#define lw_read_guard_irq(g, p)	__LW_READ_GUARD(read_lock_irq, g, p)

/**
 * lw_read_guard_irqsave - lw_read_guard(), with interrupts disabled, restored after
 * @g: pointer to an LW_RWLOCK_GUARDED() object
 * @p: name of the const pointer to the data this declares
 *
 * A declaration, as lw_read_guard(); the interrupt state is saved in the guard
 * and restored when the block is left.
 */
#define lw_read_guard_irqsave(g, p)	__LW_READ_GUARD(read_lock_irqsave, g, p)

/**
 * lw_write_guard_bh - lw_write_guard(), with bottom halves disabled
 * @g: pointer to an LW_RWLOCK_GUARDED() object
 * @p: name of the pointer to the data this declares
 *
 * A declaration, as lw_write_guard(); bottom halves are enabled again when the
 * block is left.
 */
#define lw_write_guard_bh(g, p)	__LW_GUARD(write_lock_bh, g, p)

/**
 * lw_write_guard_irq - lw_write_guard(), with interrupts disabled
 * @g: pointer to an LW_RWLOCK_GUARDED() object
 * @p: name of the pointer to the data this declares
 *
 * A declaration, as lw_write_guard(); interrupts are enabled again when the
 * block is left.
 */
#define lw_write_guard_irq(g, p)	__LW_GUARD(write_lock_irq, g, p)

/**
 * lw_write_guard_irqsave - lw_write_guard(), with interrupts disabled, restored after
 * @g: pointer to an LW_RWLOCK_GUARDED() object
 * @p: name of the pointer to the data this declares
 *
 * A declaration, as lw_write_guard(); the interrupt state is saved in the guard
 * and restored when the block is left.
 */
#define lw_write_guard_irqsave(g, p)	__LW_GUARD(write_lock_irqsave, g, p)

/* === The kernel's guard() and scoped_guard(), where it has them === */

#ifdef LW_HAVE_CLEANUP_H
#include <linux/cleanup.h>

/* The guard() class @class: lockwarden's own guard @kind, on a @type. */
#define __LW_KERNEL_GUARD(class, type, kind)				\
	DEFINE_GUARD(class, type *, __lw_##kind##_guard_enter(_T),	\
		     __lw_##kind##_guard_exit(&_T))

/*
 * The guard() class @class of lockwarden's _irqsave guard @kind on a @type,
 * as the kernel's spinlock_irqsave: the guard keeps the saved flags.
 */
#define __LW_KERNEL_IRQSAVE_GUARD(class, type, kind)			\
	DEFINE_LOCK_GUARD_1(class, type,				\
			    _T->flags = __lw_##kind##_guard_enter(_T->lock).flags, \
			    __lw_##kind##_guard_exit(&(struct __lw_##kind##_guard) \
						     { .l = _T->lock, .flags = _T->flags }), \
			    unsigned long flags)

__LW_KERNEL_GUARD(lw_mutex, struct lw_mutex, mutex_lock)
__LW_KERNEL_GUARD(lw_spinlock, struct lw_spinlock, spin_lock)
__LW_KERNEL_GUARD(lw_spinlock_bh, struct lw_spinlock, spin_lock_bh)
__LW_KERNEL_GUARD(lw_spinlock_irq, struct lw_spinlock, spin_lock_irq)
__LW_KERNEL_IRQSAVE_GUARD(lw_spinlock_irqsave, struct lw_spinlock, spin_lock_irqsave)
__LW_KERNEL_GUARD(lw_raw_spinlock, struct lw_raw_spinlock, raw_spin_lock)
__LW_KERNEL_GUARD(lw_raw_spinlock_bh, struct lw_raw_spinlock, raw_spin_lock_bh)
__LW_KERNEL_GUARD(lw_raw_spinlock_irq, struct lw_raw_spinlock, raw_spin_lock_irq)
__LW_KERNEL_IRQSAVE_GUARD(lw_raw_spinlock_irqsave, struct lw_raw_spinlock, raw_spin_lock_irqsave)
__LW_KERNEL_GUARD(lw_read_lock, struct lw_rwlock, read_lock)
__LW_KERNEL_GUARD(lw_read_lock_bh, struct lw_rwlock, read_lock_bh)
__LW_KERNEL_GUARD(lw_read_lock_irq, struct lw_rwlock, read_lock_irq)
__LW_KERNEL_IRQSAVE_GUARD(lw_read_lock_irqsave, struct lw_rwlock, read_lock_irqsave)
__LW_KERNEL_GUARD(lw_write_lock, struct lw_rwlock, write_lock)
__LW_KERNEL_GUARD(lw_write_lock_bh, struct lw_rwlock, write_lock_bh)
__LW_KERNEL_GUARD(lw_write_lock_irq, struct lw_rwlock, write_lock_irq)
__LW_KERNEL_IRQSAVE_GUARD(lw_write_lock_irqsave, struct lw_rwlock, write_lock_irqsave)
__LW_KERNEL_GUARD(lw_rwsem_read, struct lw_rwsem, down_read)
__LW_KERNEL_GUARD(lw_rwsem_write, struct lw_rwsem, down_write)
#endif

#endif /* _LOCKWARDEN_GUARDED_H */
