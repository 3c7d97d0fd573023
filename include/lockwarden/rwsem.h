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
void lockwarden_down_read(struct lw_rwsem *s);
void lockwarden_down_read_nested(struct lw_rwsem *s, unsigned int subclass);
int lockwarden_down_read_trylock(struct lw_rwsem *s);
void lockwarden_up_read(struct lw_rwsem *s);
void lockwarden_down_write(struct lw_rwsem *s);
void lockwarden_down_write_nested(struct lw_rwsem *s, unsigned int subclass);
int lockwarden_down_write_trylock(struct lw_rwsem *s);
void lockwarden_up_write(struct lw_rwsem *s);
void lockwarden_downgrade_write(struct lw_rwsem *s);

/**
 * lw_init_rwsem - initialise an lw_rwsem
 * @s: the semaphore
 * @...: optionally its class; without one, the class of this call site
 */
#define lw_init_rwsem(s, ...)						\
	lockwarden_init_rwsem(s, __lw_class_of(#s, ##__VA_ARGS__))

/**
 * lw_down_read - acquire an lw_rwsem for reading
 * @s: the semaphore
 *
 * Read holds of an rw_semaphore do not recurse safely (a waiting writer
 * blocks the second one): taking one twice is recursive locking.
 * Context: process context; may sleep.
 */
static __always_inline void lw_down_read(struct lw_rwsem *s)
	__lw_acquires_shared(s) __lw_no_tsa
{
	if (lw_checking())
		lockwarden_down_read(s);
	else
		down_read(&s->lock);
	__acquire(s);
}

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
	__lw_acquires_shared(s) __lw_no_tsa
{
	if (lw_checking())
		lockwarden_down_read_nested(s, subclass);
	else
		down_read_nested(&s->lock, subclass);
	__acquire(s);
}

static __always_inline int __lw_down_read_trylock(struct lw_rwsem *s)
	__lw_try_acquires_shared(s) __lw_no_tsa
{
	if (lw_checking())
		return lockwarden_down_read_trylock(s);
	return down_read_trylock(&s->lock);
}

/**
 * lw_down_read_trylock - try to acquire an lw_rwsem for reading
 * @s: the semaphore
 *
 * Return: 1 if acquired (no order dependency is learned), 0 if not.
 */
#define lw_down_read_trylock(s)	__lw_cond_lock(__lw_down_read_trylock, s)

/**
 * lw_up_read - release an lw_rwsem held for reading
 * @s: the semaphore
 */
static __always_inline void lw_up_read(struct lw_rwsem *s)
	__lw_releases_shared(s) __lw_no_tsa
{
	__release(s);
	if (lw_checking())
		lockwarden_up_read(s);
	else
		up_read(&s->lock);
}

/**
 * lw_down_write - acquire an lw_rwsem for writing
 * @s: the semaphore
 *
 * Taking it for writing while this context holds it for reading is a
 * read-to-write upgrade, a certain deadlock.
 * Context: process context; may sleep.
 */
static __always_inline void lw_down_write(struct lw_rwsem *s)
	__lw_acquires(s) __lw_no_tsa
{
	if (lw_checking())
		lockwarden_down_write(s);
	else
		down_write(&s->lock);
	__acquire(s);
}

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
	__lw_acquires(s) __lw_no_tsa
{
	if (lw_checking())
		lockwarden_down_write_nested(s, subclass);
	else
		down_write_nested(&s->lock, subclass);
	__acquire(s);
}

static __always_inline int __lw_down_write_trylock(struct lw_rwsem *s)
	__lw_try_acquires(s) __lw_no_tsa
{
	if (lw_checking())
		return lockwarden_down_write_trylock(s);
	return down_write_trylock(&s->lock);
}

/**
 * lw_down_write_trylock - try to acquire an lw_rwsem for writing
 * @s: the semaphore
 *
 * Return: 1 if acquired (no order dependency is learned), 0 if not.
 */
#define lw_down_write_trylock(s)	__lw_cond_lock(__lw_down_write_trylock, s)

/**
 * lw_up_write - release an lw_rwsem held for writing
 * @s: the semaphore
 */
static __always_inline void lw_up_write(struct lw_rwsem *s)
	__lw_releases(s) __lw_no_tsa
{
	__release(s);
	if (lw_checking())
		lockwarden_up_write(s);
	else
		up_write(&s->lock);
}

/**
 * lw_downgrade_write - turn a write hold of an lw_rwsem into a read hold
 * @s: the semaphore
 */
static __always_inline void lw_downgrade_write(struct lw_rwsem *s)
	__lw_releases(s) __lw_acquires_shared(s) __lw_no_tsa
{
	if (lw_checking())
		lockwarden_downgrade_write(s);
	else
		downgrade_write(&s->lock);
}

#else /* !CONFIG_LOCKWARDEN: the plain kernel rw_semaphore */

struct lw_rwsem {
	struct rw_semaphore lock;	/* the kernel lock, and nothing else */
};

/*
 * The kernel's rw_semaphore carries no sparse annotations; these count the
 * holds for sparse as the checked build does, at no cost to the compiled code.
 */
#define lw_init_rwsem(s, ...)		init_rwsem(&(s)->lock)
#define __lw_down_read_trylock(s)	down_read_trylock(&(s)->lock)
#define lw_down_read_trylock(s)		__lw_cond_lock(__lw_down_read_trylock, s)
#define __lw_down_write_trylock(s)	down_write_trylock(&(s)->lock)
#define lw_down_write_trylock(s)	__lw_cond_lock(__lw_down_write_trylock, s)
#define lw_downgrade_write(s)		downgrade_write(&(s)->lock)

static __always_inline void lw_down_read(struct lw_rwsem *s) __acquires(s)
{
	down_read(&s->lock);
	__acquire(s);
}

static __always_inline void lw_down_read_nested(struct lw_rwsem *s, unsigned int subclass)
	__acquires(s)
{
	down_read_nested(&s->lock, subclass);
	__acquire(s);
}

static __always_inline void lw_up_read(struct lw_rwsem *s) __releases(s)
{
	__release(s);
	up_read(&s->lock);
}

static __always_inline void lw_down_write(struct lw_rwsem *s) __acquires(s)
{
	down_write(&s->lock);
	__acquire(s);
}

static __always_inline void lw_down_write_nested(struct lw_rwsem *s, unsigned int subclass)
	__acquires(s)
{
	down_write_nested(&s->lock, subclass);
	__acquire(s);
}

static __always_inline void lw_up_write(struct lw_rwsem *s) __releases(s)
{
	__release(s);
	up_write(&s->lock);
}

#endif /* CONFIG_LOCKWARDEN */

#endif /* _LOCKWARDEN_RWSEM_H */
