/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lw_rwsem: a reader-writer semaphore whose use lockwarden checks.
 */
#ifndef _LOCKWARDEN_RWSEM_H
#define _LOCKWARDEN_RWSEM_H

#include <linux/rwsem.h>
#include <lockwarden/annotations.h>
#include <lockwarden/lock.h>

#if IS_ENABLED(CONFIG_LOCKWARDEN)

/**
 * struct lw_rwsem - an rw_semaphore whose use lockwarden checks
 * @lock: the kernel rw_semaphore
 * @dep: lockwarden's state
 */
struct lw_rwsem {
	struct rw_semaphore lock;	/* the kernel lock */
	struct lw_dep_map dep;		/* lockwarden's state of it */
} __lw_capability("rwsem");

void lockwarden_init_rwsem(struct lw_rwsem *s, struct lw_class *class);

/**
 * lockwarden_down_read() - checked down_read(); use lw_down_read()
 * @s: the semaphore
 */
void lockwarden_down_read(struct lw_rwsem *s);

/**
 * lockwarden_down_read_nested() - checked down_read_nested(); use lw_down_read_nested()
 * @s: the semaphore
 * @subclass: nesting level
 */
void lockwarden_down_read_nested(struct lw_rwsem *s, unsigned int subclass);

/**
 * lockwarden_down_read_trylock() - checked down_read_trylock(); use lw_down_read_trylock()
 * @s: the semaphore
 *
 * Return: 1 if acquired, 0 if not.
 */
int lockwarden_down_read_trylock(struct lw_rwsem *s);

/**
 * lockwarden_up_read() - checked up_read(); use lw_up_read()
 * @s: the semaphore
 */
void lockwarden_up_read(struct lw_rwsem *s);

/**
 * lockwarden_down_write() - checked down_write(); use lw_down_write()
 * @s: the semaphore
 */
void lockwarden_down_write(struct lw_rwsem *s);

/**
 * lockwarden_down_write_nested() - checked down_write_nested(); use lw_down_write_nested()
 * @s: the semaphore
 * @subclass: nesting level
 */
void lockwarden_down_write_nested(struct lw_rwsem *s, unsigned int subclass);

/**
 * lockwarden_down_write_trylock() - checked down_write_trylock(); use lw_down_write_trylock()
 * @s: the semaphore
 *
 * Return: 1 if acquired, 0 if not.
 */
int lockwarden_down_write_trylock(struct lw_rwsem *s);

/**
 * lockwarden_up_write() - checked up_write(); use lw_up_write()
 * @s: the semaphore
 */
void lockwarden_up_write(struct lw_rwsem *s);

void lockwarden_downgrade_write(struct lw_rwsem *s);

/**
 * lockwarden_down_read_interruptible() - checked down_read_interruptible()
 * @s: the semaphore; use lw_down_read_interruptible()
 *
 * Return: 0 when acquired, -EINTR when interrupted.
 */
int lockwarden_down_read_interruptible(struct lw_rwsem *s);

/**
 * lockwarden_down_read_killable() - checked down_read_killable()
 * @s: the semaphore; use lw_down_read_killable()
 *
 * Return: 0 when acquired, -EINTR when a fatal signal arrived.
 */
int lockwarden_down_read_killable(struct lw_rwsem *s);

/**
 * lockwarden_down_write_killable() - checked down_write_killable()
 * @s: the semaphore; use lw_down_write_killable()
 *
 * Return: 0 when acquired, -EINTR when a fatal signal arrived.
 */
int lockwarden_down_write_killable(struct lw_rwsem *s);

/**
 * lw_init_rwsem - initialise an lw_rwsem
 * @s: the semaphore
 * @...: optionally its class; without one, the class of this call site
 */
#define lw_init_rwsem(s, ...)						\
	({ lockwarden_init_rwsem(s, __lw_class_of(#s, ##__VA_ARGS__)); __lw_no_tail(); })

#else /* !CONFIG_LOCKWARDEN: the plain kernel rw_semaphore */

struct lw_rwsem {
	struct rw_semaphore lock;	/* the kernel lock, and nothing else */
};

/* init_rwsem() spelled out, naming the lock @s, as lw_mutex_init(). */
#define lw_init_rwsem(s, ...)						\
	do {								\
		static struct lock_class_key __key;			\
									\
		__init_rwsem(&(s)->lock, #s, &__key);			\
	} while (0)

#endif /* CONFIG_LOCKWARDEN */

/**
 * LW_DECLARE_RWSEM - define an lw_rwsem, initialised, with its class
 * @var: the variable
 * @class: pointer to its class, defined with LW_DEFINE_CLASS()
 *
 * As DECLARE_RWSEM(), for a semaphore in static storage: no
 * lw_init_rwsem() is needed. Prefix with ``static`` as needed.
 */
#define LW_DECLARE_RWSEM(var, class)					\
	__LW_DEFINE_LOCK(lw_rwsem, class, __RWSEM_INITIALIZER, LW_LOCK_RWSEM, var)

/**
 * lw_rwsem_is_locked - whether anyone holds an lw_rwsem, in either mode
 * @s: the semaphore
 *
 * As rwsem_is_locked(): its own state, not a check.
 *
 * Return: true if held.
 */
static __always_inline bool lw_rwsem_is_locked(struct lw_rwsem *s);

__LW_IS_LOCKED(rwsem, lw_rwsem, rwsem_is_locked)

/*
 * The wrappers, compiled in or out: compiled out, each is the kernel's call,
 * plus the hold counts for sparse that the kernel's rw_semaphore does not
 * keep.
 */

/**
 * lw_down_read - acquire an lw_rwsem for reading
 * @s: the semaphore
 *
 * Read holds of an rw_semaphore do not recurse safely (a waiting writer
 * blocks the second one): taking one twice is recursive locking.
 * Context: process context; may sleep.
 */
static __always_inline void lw_down_read(struct lw_rwsem *s) __lw_acquires_shared(s);

/**
 * lw_down_read_nested - acquire an lw_rwsem for reading, nested in its own class
 * @s: the semaphore
 * @subclass: nesting level, below LW_MAX_SUBCLASSES; each level is ordered
 *	as a class of its own
 *
 * As down_read_nested(); release with lw_up_read().
 * Context: process context; may sleep.
 */
static __always_inline void lw_down_read_nested(struct lw_rwsem *s,
						unsigned int subclass)
	__lw_acquires_shared(s);

__LW_INT_OP(down_read_trylock, lw_rwsem, __lw_try_acquires_shared, down_read_trylock(&l->lock))

/**
 * lw_down_read_trylock - try to acquire an lw_rwsem for reading
 * @s: the semaphore
 *
 * Return: 1 if acquired (no order dependency is learned), 0 if not.
 */
#define lw_down_read_trylock(s)	__lw_cond_lock(__lw_down_read_trylock, s)

__LW_INT_OP(down_read_interruptible, lw_rwsem, __lw_try_acquires_shared_err,
	    down_read_interruptible(&l->lock))

/**
 * lw_down_read_interruptible - acquire an lw_rwsem for reading unless a signal arrives
 * @s: the semaphore
 *
 * Context: process context; may sleep.
 *
 * Return: 0 when acquired, -EINTR when interrupted.
 */
#define lw_down_read_interruptible(s)					\
	__lw_cond_lock_err(__lw_down_read_interruptible, s)

__LW_INT_OP(down_read_killable, lw_rwsem, __lw_try_acquires_shared_err,
	    down_read_killable(&l->lock))

/**
 * lw_down_read_killable - acquire an lw_rwsem for reading unless the task is killed
 * @s: the semaphore
 *
 * Context: process context; may sleep.
 *
 * Return: 0 when acquired, -EINTR when a fatal signal arrived.
 */
#define lw_down_read_killable(s)	__lw_cond_lock_err(__lw_down_read_killable, s)

/**
 * lw_up_read - release an lw_rwsem held for reading
 * @s: the semaphore
 */
static __always_inline void lw_up_read(struct lw_rwsem *s) __lw_releases_shared(s);

__LW_SLEEPING_OPS(down_read, up_read, lw_rwsem)

/**
 * lw_down_write - acquire an lw_rwsem for writing
 * @s: the semaphore
 *
 * Taking it for writing while this context holds it for reading is a
 * read-to-write upgrade, a certain deadlock.
 * Context: process context; may sleep.
 */
static __always_inline void lw_down_write(struct lw_rwsem *s) __lw_acquires(s);

/**
 * lw_down_write_nested - acquire an lw_rwsem for writing, nested in its own class
 * @s: the semaphore
 * @subclass: nesting level, below LW_MAX_SUBCLASSES; each level is ordered
 *	as a class of its own
 *
 * As down_write_nested(); release with lw_up_write().
 * Context: process context; may sleep.
 */
static __always_inline void lw_down_write_nested(struct lw_rwsem *s,
						 unsigned int subclass)
	__lw_acquires(s);

__LW_INT_OP(down_write_trylock, lw_rwsem, __lw_try_acquires, down_write_trylock(&l->lock))

/**
 * lw_down_write_trylock - try to acquire an lw_rwsem for writing
 * @s: the semaphore
 *
 * Return: 1 if acquired (no order dependency is learned), 0 if not.
 */
#define lw_down_write_trylock(s)	__lw_cond_lock(__lw_down_write_trylock, s)

__LW_INT_OP(down_write_killable, lw_rwsem, __lw_try_acquires_err, down_write_killable(&l->lock))

/**
 * lw_down_write_killable - acquire an lw_rwsem for writing unless the task is killed
 * @s: the semaphore
 *
 * The kernel has no down_write_interruptible(), so neither has lockwarden.
 * Context: process context; may sleep.
 *
 * Return: 0 when acquired, -EINTR when a fatal signal arrived.
 */
#define lw_down_write_killable(s)	__lw_cond_lock_err(__lw_down_write_killable, s)

/**
 * lw_up_write - release an lw_rwsem held for writing
 * @s: the semaphore
 */
static __always_inline void lw_up_write(struct lw_rwsem *s) __lw_releases(s);

__LW_SLEEPING_OPS(down_write, up_write, lw_rwsem)

/**
 * lw_downgrade_write - turn a write hold of an lw_rwsem into a read hold
 * @s: the semaphore
 */
static __always_inline void lw_downgrade_write(struct lw_rwsem *s)
	__lw_releases(s) __lw_acquires_shared(s) __lw_no_tsa
{
	__lw_hook_or(lockwarden_downgrade_write(s), downgrade_write(&s->lock));
}

#if !IS_ENABLED(CONFIG_LOCKWARDEN)
/* Compiled out, the kernel's calls themselves (__LW_PLAIN_ACQUIRE()). */
#define lw_down_read(s)			__LW_PLAIN_ACQUIRE(down_read(&(s)->lock), (typeof(s))NULL)
#define lw_down_read_nested(s, sub)					\
	__LW_PLAIN_ACQUIRE(down_read_nested(&(s)->lock, sub), (typeof(s))NULL)
#define lw_up_read(s)			__LW_PLAIN_RELEASE(up_read(&(s)->lock), (typeof(s))NULL)
#define lw_down_write(s)		__LW_PLAIN_ACQUIRE(down_write(&(s)->lock), (typeof(s))NULL)
#define lw_down_write_nested(s, sub)					\
	__LW_PLAIN_ACQUIRE(down_write_nested(&(s)->lock, sub), (typeof(s))NULL)
#define lw_up_write(s)			__LW_PLAIN_RELEASE(up_write(&(s)->lock), (typeof(s))NULL)
#define __lw_down_read_trylock(s)	down_read_trylock(&(s)->lock)
#define __lw_down_read_interruptible(s)	down_read_interruptible(&(s)->lock)
#define __lw_down_read_killable(s)	down_read_killable(&(s)->lock)
#define __lw_down_write_trylock(s)	down_write_trylock(&(s)->lock)
#define __lw_down_write_killable(s)	down_write_killable(&(s)->lock)
#endif

#endif /* _LOCKWARDEN_RWSEM_H */
