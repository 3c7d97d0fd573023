/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lockwarden lock classes, the per-lock state, and what every lock type
 * shares: class selection at init, nesting subclasses, assert-held, and the
 * macros that generate each lock type's wrappers from its table of calls.
 *
 * With CONFIG_LOCKWARDEN defined, every operation goes through lockwarden.ko,
 * which learns the order of lock classes and reports violations. Without it,
 * each wrapper is the plain kernel lock: same size, same code, no reference
 * to any lockwarden symbol.
 */
#ifndef _LOCKWARDEN_LOCK_H
#define _LOCKWARDEN_LOCK_H

#include <linux/compiler.h>
#include <linux/debug_locks.h>
#include <linux/lockdep.h>
#include <linux/types.h>
#include <lockwarden/annotations.h>

/* Subclasses of one class that may nest, as lockdep's MAX_LOCKDEP_SUBCLASSES. */
#define LW_MAX_SUBCLASSES	8

#if IS_ENABLED(CONFIG_LOCKWARDEN)

#include <linux/jump_label.h>

/**
 * struct lw_class - a lock class: the unit lock order is learned and checked on
 * @name: the name reports use; also the lockdep class name on lockdep kernels
 * @rank: declared rank; locks are taken in ascending rank, 0 means unranked
 * @dynamic: the class lives in allocated memory and was registered with
 *	lw_class_register()
 * @id: lockwarden's index of the class for each nesting subclass, 0 until
 *	used; written only by lockwarden, under its engine lock
 * @key: the lockdep key of the class (empty on kernels without lockdep), so
 *	lockdep and lockwarden see the same classes under the same names
 *
 * Define one with LW_DEFINE_CLASS() in static storage (LW_DEFINE_CLASS_NAMED()
 * or LW_CLASS_INIT() to name it by a string), or initialise one in
 * allocated memory with lw_class_init() and register it with
 * lw_class_register(). A class defined in a module is
 * forgotten by lockwarden when that module unloads.
 */
struct lw_class {
	const char *name;
	int rank;
	bool dynamic;
	u16 id[LW_MAX_SUBCLASSES];
	struct lock_class_key key;
};

/**
 * struct lw_dep_map - lockwarden's per-lock state, embedded in every lock
 * @class: the lock's class, or NULL for a lock lockwarden does not track
 * @gen: checking generation the lock was last initialised or taken in; a
 *	release of a lock taken in an older generation (before checking was
 *	switched off and on, or a reset) is not checked
 * @untracked: acquisitions in generation @gen that no held-lock stack
 *	records (no stack free, depth exceeded): their releases are not
 *	findings
 * @flags: LW_DEP_* bits, changed with atomic bit operations
 * @poison_ip: where the data this lock guards was last poisoned
 * @type: which lock type embeds this map (lockwarden's enum lw_lock_type)
 * @memo_seq: even while the memo below is whole, odd while one context
 *	writes it
 * @memo_from: the memo of the lock's last acquisition on a cached chain:
 *	the chain key of the locks held before it
 * @memo_key: the chain key with the lock added
 * @memo_tag: how it was added (class id, keyed flags, context) and the
 *	chain cache's epoch when @memo_key was found in it; 0: no memo
 *
 * Fields are private to lockwarden.ko; the guarded-data inlines only test
 * LW_DEP_POISONED. Which context holds the lock is kept in that context's
 * held-lock stack. The memo lets an acquisition that repeats the lock's
 * last one skip the chain key and the cache lookup (lockwarden's
 * checks/fast.h); it shares the lock's own cache lines.
 */
struct lw_dep_map {
	struct lw_class *class;
	unsigned int gen;
	atomic_t untracked;
	unsigned long flags;
	unsigned long poison_ip;
	u8 type;
	u32 memo_seq;
	u64 memo_from;
	u64 memo_key;
	u64 memo_tag;
};

/* Bits of struct lw_dep_map.flags. */
#define LW_DEP_GUARDED		0	/* the lock guards data (guarded.h) */
#define LW_DEP_POISONED		1	/* and that data is poisoned */
#define LW_DEP_POISONED_EXIT	2	/* by a task that exited holding the lock */
#define LW_DEP_UNMATCHED	3	/* a release of it matched no hold its releaser had */
#define LW_DEP_FRESH		4	/* initialised while checking was on, in @gen */

/**
 * LW_CLASS_INIT - the initialiser of a lock class named by a string
 * @class_name: the name reports use, a string that outlives the class
 * @class_rank: the declared rank (ascending acquisition order), or 0 for none
 *
 * For a class whose name is not a C identifier, or one embedded in another
 * object: ``static struct lw_class c = LW_CLASS_INIT("dev->lock", 1);``.
 * Compiled out, the class is empty: a static one never referenced then
 * needs ``__maybe_unused``, as LW_DEFINE_CLASS_NAMED() adds.
 */
#define LW_CLASS_INIT(class_name, class_rank)				\
	{ .name = (class_name), .rank = (class_rank) }

/**
 * lw_class_init - initialise a lock class named by a string, at run time
 * @class: the class, in allocated memory or static storage; not yet in use
 * @class_name: the name reports use, a string that outlives the class
 * @class_rank: the declared rank, or 0 for none
 *
 * For classes made at run time, one per device for instance: then register
 * a class in allocated memory with lw_class_register() before its first
 * lock is initialised, and unregister it before freeing it.
 */
static inline void lw_class_init(struct lw_class *class, const char *class_name,
				 int class_rank)
{
	*class = (struct lw_class)LW_CLASS_INIT(class_name, class_rank);
}

/*
 * The lock types that embed a struct lw_dep_map (its member type): a
 * statically initialised lock (LW_DEFINE_MUTEX() and the others) names
 * its own. An lw_completion embeds one too: it is no lock, but its waits
 * and completions are ordered against locks in the same graph; so do the
 * other event types, for their waits and wake-ups: a report names an event
 * class by its type (Documentation/waits.rst).
 */
enum lw_lock_type {
	LW_LOCK_MUTEX,
	LW_LOCK_SPINLOCK,
	LW_LOCK_RWLOCK,
	LW_LOCK_RWSEM,
	LW_LOCK_RAW_SPINLOCK,
	/* The event types: every type from LW_LOCK_COMPLETION on. */
	LW_LOCK_COMPLETION,
	LW_LOCK_WAITQUEUE,	/* an lw_wait_queue */
	LW_LOCK_WORK,		/* an lw_work */
	LW_LOCK_WORKQUEUE,	/* an lw_workqueue */
	LW_LOCK_TIMER,		/* an lw_timer */
	LW_LOCK_KTHREAD,	/* an lw_kthread */
	LW_LOCK_CONDVAR,	/* an lw_condvar */
};

/*
 * The definition of the variable named by the last argument, a lock of
 * @ltype, with its static initialiser: the kernel lock's own (@kinit, as
 * DEFINE_MUTEX() uses) and lockwarden's state, attached to class @lclass
 * as lock type @dtype. lockwarden registers the class the first time a
 * lock of it is taken, as it does any static class. On a lockdep kernel,
 * lockdep keys the kernel lock by its address and names it after the
 * variable, as it does a DEFINE_MUTEX() lock. (The variable is the
 * variadic argument because its name is written twice.)
 */
#define __LW_DEFINE_LOCK(ltype, lclass, kinit, dtype, ...)		\
	struct ltype __VA_ARGS__ = {					\
		.lock = kinit(__VA_ARGS__.lock),			\
		.dep = { .class = (lclass), .type = (dtype) },		\
	}

/**
 * enum lw_irq_mode - what a lock operation does to interrupts
 * @LW_IRQ_NONE: nothing (spin_lock())
 * @LW_IRQ_BH: disables bottom halves (spin_lock_bh())
 * @LW_IRQ_DISABLE: disables interrupts (spin_lock_irq())
 * @LW_IRQ_SAVE: saves and disables interrupts (spin_lock_irqsave())
 */
enum lw_irq_mode {
	LW_IRQ_NONE,
	LW_IRQ_BH,
	LW_IRQ_DISABLE,
	LW_IRQ_SAVE,
};

extern struct static_key_true lockwarden_enabled;

int lockwarden_class_register(struct lw_class *class);
void lockwarden_class_unregister(struct lw_class *class);
bool lockwarden_assert_held(struct lw_dep_map *dep);
void lockwarden_assert_not_held(struct lw_dep_map *dep);
void lockwarden_might_lock(struct lw_dep_map *dep, bool read);
void lockwarden_check_freed(const void *mem, size_t size);
void lockwarden_event_wait(struct lw_dep_map *dep);
void lockwarden_event_signal(struct lw_dep_map *dep);

/*
 * The wrappers are always inlined, so the out-of-line hooks are called from
 * the driver's own code and their return address names the driver's call
 * site. Checking switched off costs one patched jump.
 */
#define lw_checking()	static_branch_likely(&lockwarden_enabled)

/*
 * The class an init call names, or else one made for that call site: one
 * static class per site, named after the lock expression, as lockdep keys a
 * class per mutex_init() site.
 */
#define __lw_pick_class(_1, _2, pick, ...)	pick
#define __lw_class_given(name, class)		(class)
#define __lw_class_auto(cname)						\
	({ static struct lw_class __lw_site_class = { .name = cname };	\
	   &__lw_site_class; })
#define __lw_class_of(...)						\
	__lw_pick_class(__VA_ARGS__, __lw_class_given,			\
			__lw_class_auto)(__VA_ARGS__)

/**
 * lw_class_register - register a class that lives in allocated memory
 * @class: the class, with @name and @rank set
 *
 * Static classes need no registration. Unregister before freeing @class.
 *
 * Return: 0, or -ENOSPC when lockwarden's class table is full (the locks of
 * the class then go unchecked).
 */
#define lw_class_register(class)	__lw_no_tail_value(lockwarden_class_register(class))

/**
 * lw_class_unregister - forget a class registered with lw_class_register()
 * @class: the class; no lock of it may be in use any more
 */
#define lw_class_unregister(class)					\
	({ lockwarden_class_unregister(class); __lw_no_tail(); })

/**
 * lw_assert_held - report a finding if this context does not hold a lock
 * @l: any lockwarden lock (lw_mutex, lw_spinlock, lw_raw_spinlock, lw_rwlock, lw_rwsem)
 */
#define lw_assert_held(l)	__lw_no_tail_call(lockwarden_assert_held(&(l)->dep))

/**
 * lw_assert_held_once - lw_assert_held(), checked until it first fails here
 * @l: any lockwarden lock
 *
 * As lockdep_assert_held_once(): once this call site has raised its
 * finding, it checks no more (a hot path that asserts on every call costs
 * one test from then on).
 */
#define lw_assert_held_once(l)						\
	do {								\
		static bool __lw_reported;				\
									\
		if (!READ_ONCE(__lw_reported) &&			\
		    lockwarden_assert_held(&(l)->dep))			\
			WRITE_ONCE(__lw_reported, true);		\
		__lw_no_tail();						\
	} while (0)

/**
 * lw_assert_not_held - report a finding if this context holds a lock
 * @l: any lockwarden lock
 *
 * As lockdep_assert_not_held(): for code that takes @l itself, or must not
 * be called under it. The finding, "lock held", names where this context
 * took @l. A hold lockwarden did not record is not one.
 */
#define lw_assert_not_held(l)	__lw_hook(lockwarden_assert_not_held(&(l)->dep))

/**
 * lw_might_lock - check as if a lock were taken here, without taking it
 * @l: any lockwarden lock; an lw_rwlock or lw_rwsem as if for writing
 *
 * As might_lock(): for a path that takes @l only sometimes (an error path,
 * a slow path), so that its order against the locks held is learned and
 * checked on every call. Everything an acquisition checks is checked
 * (order, rank, recursion, context) and the dependencies are learned;
 * nothing is held after. On a lockdep kernel lockdep is told too, as
 * might_lock() tells it.
 */
#define lw_might_lock(l)		__lw_might_lock(l, false, might_lock)

/**
 * lw_might_lock_read - lw_might_lock() for a shared hold
 * @l: an lw_rwlock or lw_rwsem
 *
 * As might_lock_read().
 */
#define lw_might_lock_read(l)		__lw_might_lock(l, true, might_lock_read)

/* lw_might_lock() (@read: _read()); @plain, the kernel's, on its lock. */
#define __lw_might_lock(l, read, plain)					\
	do {								\
		typeof(l) __lw_ml = (l);				\
									\
		__lw_hook_or(lockwarden_might_lock(&__lw_ml->dep, read), \
			     plain(&__lw_ml->lock));			\
	} while (0)

/**
 * lw_check_freed - report any lock in memory about to be freed that is held
 * @mem: start of the memory
 * @size: its size in bytes
 *
 * Call before kfree() of an object that embeds lockwarden locks.
 */
#define lw_check_freed(mem, size)	__lw_no_tail_call(lockwarden_check_freed(mem, size))

/*
 * After a call into lockwarden.ko: nothing, but the call cannot then be
 * compiled as a tail call (a jump), so the return address it reports is
 * the driver's call site, not its caller's. gcc on the stock kernels
 * (sibling calls allowed) makes a jump of a call that ends a function.
 */
static __always_inline void __lw_no_tail(void)
{
	asm volatile("");
}

/* @call, a call into lockwarden.ko that returns nothing, kept a call. */
#define __lw_no_tail_call(call)		do { call; __lw_no_tail(); } while (0)

/* @call, a call into lockwarden.ko that returns a value, kept a call. */
#define __lw_no_tail_value(call)					\
	({ typeof(call) __lw_ret = (call); __lw_no_tail(); __lw_ret; })

/*
 * __lw_hook_or(hook, plain): a wrapper's body. While checking is on, @hook,
 * the call into lockwarden.ko, never a tail call; else @plain, the
 * kernel's own call. Compiled out, @plain alone: @hook is not compiled.
 * __lw_hook_or_value() is the same for calls that return a value;
 * __lw_hook() has no @plain.
 */
#define __lw_hook_or(hook, plain)					\
	do {								\
		if (lw_checking()) {					\
			hook;						\
			__lw_no_tail();					\
		} else {						\
			plain;						\
		}							\
	} while (0)
#define __lw_hook_or_value(hook, plain)					\
	(lw_checking() ? __lw_no_tail_value(hook) : (plain))
#define __lw_hook(hook)			__lw_hook_or(hook, (void)0)

/*
 * The wrappers of the spinning locks (lw_spinlock, lw_rwlock), generated
 * from one row per lock call. A public wrapper's contract, its kernel-doc
 * and its sparse and Clang annotations, is its prototype, written out in
 * the lock's header before the row; an internal helper (__lw_*) takes its
 * annotation from the row.
 *
 * __LW_SPINNING_OPS(op, type, acquires): for a struct @type, lw_<op>_lock()
 * and lw_<op>_unlock(), their _bh and _irq flavours,
 * lw_<op>_unlock_irqrestore() and __lw_<op>_lock_irqsave(), which takes the
 * lock as @acquires says and returns the flags lw_<op>_lock_irqsave()
 * stores. Each calls lockwarden_<op>_lock() or lockwarden_<op>_unlock()
 * with its enum lw_irq_mode while checking is on, else the kernel's
 * <op>_lock() and so on.
 */
#define __LW_SPINNING_OPS(op, type, acquires)				\
static __always_inline unsigned long __lw_##op##_lock_irqsave(struct type *l) \
	acquires(l) __lw_no_tsa						\
{									\
	unsigned long flags;						\
									\
	if (lw_checking())						\
		return __lw_no_tail_value(lockwarden_##op##_lock(l, LW_IRQ_SAVE)); \
	op##_lock_irqsave(&l->lock, flags);				\
	return flags;							\
}									\
									\
static __always_inline void						\
lw_##op##_unlock_irqrestore(struct type *l, unsigned long flags)	\
	__lw_no_tsa							\
{									\
	__lw_hook_or(lockwarden_##op##_unlock(l, LW_IRQ_SAVE, flags),	\
		     op##_unlock_irqrestore(&l->lock, flags));		\
}									\
									\
__LW_SPINNING_LOCK(op##_lock, lockwarden_##op##_lock, type, LW_IRQ_NONE)	\
__LW_SPINNING_UNLOCK(op##_unlock, lockwarden_##op##_unlock, type, LW_IRQ_NONE)	\
__LW_SPINNING_LOCK(op##_lock_bh, lockwarden_##op##_lock, type, LW_IRQ_BH)	\
__LW_SPINNING_UNLOCK(op##_unlock_bh, lockwarden_##op##_unlock, type, LW_IRQ_BH)	\
__LW_SPINNING_LOCK(op##_lock_irq, lockwarden_##op##_lock, type, LW_IRQ_DISABLE)	\
__LW_SPINNING_UNLOCK(op##_unlock_irq, lockwarden_##op##_unlock, type, LW_IRQ_DISABLE)

/* lw_<lockfn>(l): @hook(l, @mode), or the kernel's <lockfn>(). */
#define __LW_SPINNING_LOCK(lockfn, hook, type, mode)			\
static __always_inline void lw_##lockfn(struct type *l)		\
	__lw_no_tsa							\
{									\
	__lw_hook_or(hook(l, mode), lockfn(&l->lock));			\
}

/* lw_<unlockfn>(l): @hook(l, @mode, 0), or the kernel's <unlockfn>(). */
#define __LW_SPINNING_UNLOCK(unlockfn, hook, type, mode)		\
static __always_inline void lw_##unlockfn(struct type *l)		\
	__lw_no_tsa							\
{									\
	__lw_hook_or(hook(l, mode, 0), unlockfn(&l->lock));		\
}

/*
 * __LW_TRYLOCK_IRQ(op, irq, mode, type, plain): int __lw_<op>_trylock_<irq>()
 * for a struct @type, a trylock that first does to interrupts what @mode
 * says and undoes it if the lock is not taken, as the kernel's
 * <op>_trylock_<irq>(): lockwarden_<op>_trylock_irq(l, @mode, flags) while
 * checking is on, else @plain, the kernel's call on @l (and on *@flags, for
 * LW_IRQ_SAVE, where the interrupt state is saved). Returns 1 if taken.
 * The public name is a macro that tells sparse (__lw_cond_lock()); sparse's
 * count of the kernel's own __cond_lock() is dropped here.
 */
#define __LW_TRYLOCK_IRQ(op, irq, mode, type, plain)			\
static __always_inline int						\
__lw_##op##_trylock_##irq(struct type *l, unsigned long *flags)		\
	__lw_try_acquires(l) __lw_no_tsa				\
{									\
	if (lw_checking())						\
		return __lw_no_tail_value(lockwarden_##op##_trylock_irq(l, mode, flags)); \
	if (!(plain))							\
		return 0;						\
	__release(&l->lock);						\
	return 1;							\
}

#else /* !CONFIG_LOCKWARDEN: the plain kernel locks */

struct lw_class { };

#define LW_CLASS_INIT(class_name, class_rank)	{ }
static inline void lw_class_init(struct lw_class *class, const char *class_name,
				 int class_rank)
{
}

#define __LW_DEFINE_LOCK(ltype, lclass, kinit, dtype, ...)		\
	struct ltype __VA_ARGS__ = { .lock = kinit(__VA_ARGS__.lock) }

#define lw_class_register(class)	({ (void)(class); 0; })
#define lw_class_unregister(class)	((void)(class))
#define lw_assert_held(l)		lockdep_assert_held(&(l)->lock)
#define lw_assert_held_once(l)		lockdep_assert_held_once(&(l)->lock)
#define lw_assert_not_held(l)		lockdep_assert_not_held(&(l)->lock)
#define lw_might_lock(l)		might_lock(&(l)->lock)
#define lw_might_lock_read(l)		might_lock_read(&(l)->lock)
#define lw_check_freed(mem, size)	debug_check_no_locks_freed(mem, size)

#define __lw_hook_or(hook, plain)	plain
#define __lw_hook_or_value(hook, plain)	(plain)
#define __lw_hook(hook)			do { } while (0)

/*
 * Compiled out, the sleeping locks' wrappers (mutex.h, rwsem.h) end as
 * macros around the kernel's call, with sparse's hold count that the
 * kernel's mutex and rw_semaphore do not keep: the inline functions their
 * rows generate stay unused. An inline function around the call, however
 * empty, can change how gcc allocates registers around it, and a
 * converted driver would then not compile to the same bytes as its
 * original (selftests/convert_test.sh compares them).
 */
#define __LW_PLAIN_ACQUIRE(call, l)	({ call; __acquire(l); })
#define __LW_PLAIN_RELEASE(call, l)	({ __release(l); call; })
/*
 * Each wrapper names the lock sparse counts as (typeof(l))NULL: sparse
 * counts holds, not which lock, and the wrapper then names its argument
 * once (it is evaluated once in any case: gcc drops __acquire()).
 */

#endif /* CONFIG_LOCKWARDEN */

/**
 * LW_DEFINE_CLASS - define a lock class
 * @var: the variable, whose name is also the class name
 * @class_rank: the declared rank (ascending acquisition order), or 0 for none
 *
 * Prefix with ``static`` as with DEFINE_MUTEX(). Taking a lock of a lower
 * rank while holding one of a higher rank is a finding the first time.
 */
#define LW_DEFINE_CLASS(var, class_rank)	LW_DEFINE_CLASS_NAMED(var, #var, class_rank)

/**
 * LW_DEFINE_CLASS_NAMED - define a lock class named by a string
 * @var: the variable
 * @class_name: the name reports use, a string
 * @class_rank: the declared rank (ascending acquisition order), or 0 for none
 *
 * As LW_DEFINE_CLASS(), for a name that is not the variable's:
 * ``static LW_DEFINE_CLASS_NAMED(rx_class, "rx_ring->lock", 2);``.
 */
#define LW_DEFINE_CLASS_NAMED(var, class_name, class_rank)		\
	struct lw_class var __maybe_unused = LW_CLASS_INIT(class_name, class_rank)

/*
 * __LW_IS_LOCKED(name, type, is_locked): lw_<name>_is_locked() for a struct
 * @type, the kernel's @is_locked() on its lock, in both builds: the state
 * of the lock itself, held by anyone, not a check.
 */
#define __LW_IS_LOCKED(name, type, is_locked)				\
static __always_inline bool lw_##name##_is_locked(struct type *l)	\
{									\
	return is_locked(&l->lock);					\
}

/*
 * The wrappers of the sleeping locks (lw_mutex, lw_rwsem), the same in both
 * builds: compiled out, __lw_hook_or() leaves the kernel's call alone. As
 * above, each one's contract is its prototype, written out before its row.
 * One definition serves both builds: kernel-doc, annotations and code are
 * each written once.
 * The kernel's mutex and rw_semaphore carry no sparse annotations, so these
 * count the holds for sparse themselves (__acquire(), __release()).
 *
 * __LW_SLEEPING_OPS(lockop, unlockop, type): lw_<lockop>(),
 * lw_<lockop>_nested() and lw_<unlockop>(), which call lockwarden_<lockop>()
 * and so on while checking is on, else the kernel's <lockop>() and so on.
 */
#define __LW_SLEEPING_OPS(lockop, unlockop, type)			\
static __always_inline void lw_##lockop(struct type *l)		\
	__lw_no_tsa							\
{									\
	__lw_hook_or(lockwarden_##lockop(l), lockop(&l->lock));		\
	__acquire(l);							\
}									\
									\
static __always_inline void						\
lw_##lockop##_nested(struct type *l, unsigned int subclass)		\
	__lw_no_tsa							\
{									\
	__lw_hook_or(lockwarden_##lockop##_nested(l, subclass),		\
		     lockop##_nested(&l->lock, subclass));		\
	__acquire(l);							\
}									\
									\
static __always_inline void lw_##unlockop(struct type *l)		\
	__lw_no_tsa							\
{									\
	__release(l);							\
	__lw_hook_or(lockwarden_##unlockop(l), unlockop(&l->lock));	\
}

/*
 * __LW_INT_OP(op, type, acquires, plain): int __lw_<op>(l) for a struct
 * @type, a lock call that may fail (a trylock, an interruptible lock), its
 * result as @acquires (__lw_try_acquires and its _shared and _err forms)
 * says: lockwarden_<op>(l) while checking is on, else @plain, the kernel's
 * call on @l. The public name is a macro that tells sparse when it acquired
 * (__lw_cond_lock(), __lw_cond_lock_err()).
 */
#define __LW_INT_OP(op, type, acquires, plain)				\
static __always_inline int __lw_##op(struct type *l)			\
	acquires(l) __lw_no_tsa						\
{									\
	return __lw_hook_or_value(lockwarden_##op(l), plain);		\
}

#endif /* _LOCKWARDEN_LOCK_H */
