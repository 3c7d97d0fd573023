/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lw_owned: an object with one owning context at a time, moved between
 * tasks, work items and interrupt context by give and take (Rust's Send and
 * move semantics).
 *
 * With CONFIG_LOCKWARDEN defined, lockwarden.ko records the owner of each
 * object and reports use after move, a second take of one object, access
 * by a context that does not own it, and an object freed while another
 * context owns it. Without it, struct lw_owned is empty and every
 * operation does nothing.
 */
#ifndef _LOCKWARDEN_OWNED_H
#define _LOCKWARDEN_OWNED_H

#include <linux/compiler.h>
#include <linux/types.h>
#include <lockwarden/lock.h>

#if IS_ENABLED(CONFIG_LOCKWARDEN)

/**
 * struct lw_owned - ownership state of an object, embedded in the object
 * @owner: the owning context's id; while the object is given and not yet
 *	taken, the giver's id with bit 0 set; 0 when untracked or destroyed
 * @giver: id of the context that gave the object last
 * @ip: where the object last changed hands (init, give or take)
 * @name: the object's name in reports
 * @pid: the owning task's pid, 0 for an interrupt context
 * @gen: checking generation the state belongs to; state of an older one is
 *	adopted by the next operation, without a finding
 *
 * Fields are private to lockwarden.ko. A context id names a task (its
 * task_struct and pid) or one CPU's softirq or hardirq context.
 */
struct lw_owned {
	atomic_long_t owner;
	unsigned long giver;
	unsigned long ip;
	const char *name;
	int pid;
	unsigned int gen;
};

void lockwarden_owned_init(struct lw_owned *o, const char *name);
void lockwarden_owned_give(struct lw_owned *o);
void lockwarden_owned_take(struct lw_owned *o);
void lockwarden_owned_assert(struct lw_owned *o);
void lockwarden_owned_destroy(struct lw_owned *o);

#else /* !CONFIG_LOCKWARDEN: no state, no checking */

struct lw_owned { };

#endif /* CONFIG_LOCKWARDEN */

/* Compiled in or out, these; compiled out, each does nothing (__lw_hook()). */

/**
 * lw_owned_init - make the current context the owner of an object
 * @o: the object's struct lw_owned, named in reports after this expression
 *
 * Context: any, but NMI.
 */
#define lw_owned_init(o)	__lw_owned_init(o, #o)

static __always_inline void __lw_owned_init(struct lw_owned *o, const char *name)
{
	__lw_hook(lockwarden_owned_init(o, name));
}

/**
 * lw_owned_give - give up ownership of an object, for another context to take
 * @o: the object, owned by the current context
 *
 * From here until another context takes the object, it is in transit, and
 * any use of it by the giver is a use after move. Giving an object the
 * current context does not own is a finding (use after move, or access by a
 * non-owner).
 *
 * Context: any, but NMI; does not sleep.
 */
static __always_inline void lw_owned_give(struct lw_owned *o)
{
	__lw_hook(lockwarden_owned_give(o));
}

/**
 * lw_owned_take - become the owner of an object given by another context
 * @o: the object, in transit
 *
 * Taking an object that is not in transit (one already taken by another
 * receiver, or never given) is a finding; the taker owns the object after.
 *
 * Context: any, but NMI; does not sleep.
 */
static __always_inline void lw_owned_take(struct lw_owned *o)
{
	__lw_hook(lockwarden_owned_take(o));
}

/**
 * lw_owned_assert - report a finding unless the current context owns an object
 * @o: the object
 *
 * The giver of an object that has moved on gets a use-after-move finding,
 * any other context that is not the owner an access-by-non-owner finding.
 *
 * Context: any, but NMI; does not sleep.
 */
static __always_inline void lw_owned_assert(struct lw_owned *o)
{
	__lw_hook(lockwarden_owned_assert(o));
}

/**
 * lw_owned_destroy - end the ownership tracking of an object about to be freed
 * @o: the object, owned by the current context
 *
 * Call before freeing the object. Destroying an object that another context
 * owns, or that is in transit, is a finding.
 *
 * Context: any, but NMI; does not sleep.
 */
static __always_inline void lw_owned_destroy(struct lw_owned *o)
{
	__lw_hook(lockwarden_owned_destroy(o));
}

/**
 * lw_owned_get - an owned object, once its owner is checked
 * @o: the object's struct lw_owned
 * @ptr: pointer to the object
 *
 * The accessor of an owned object: lw_owned_assert() on @o, then @ptr, as in
 * ``lw_owned_get(&buf->own, buf)->len = len;``. Compiled without
 * CONFIG_LOCKWARDEN, just @ptr.
 */
#define lw_owned_get(o, ptr)	({ lw_owned_assert(o); (ptr); })

#endif /* _LOCKWARDEN_OWNED_H */
