/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lw_completion: a completion whose waits and completions lockwarden orders
 * against the locks held, in the graph of lock classes (Documentation/waits.rst).
 */
#ifndef _LOCKWARDEN_COMPLETION_H
#define _LOCKWARDEN_COMPLETION_H

#include <linux/completion.h>
#include <lockwarden/lock.h>

#if IS_ENABLED(CONFIG_LOCKWARDEN)

/**
 * struct lw_completion - a completion whose use lockwarden checks
 * @completion: the kernel completion
 * @dep: lockwarden's state: the completion's event class
 * @all_ip: where lw_complete_all() last completed it, for the report of a
 *	completion done twice
 */
struct lw_completion {
	struct completion completion;	/* the kernel completion */
	struct lw_dep_map dep;		/* lockwarden's state of it */
	unsigned long all_ip;		/* the last complete_all()'s site */
};

void lockwarden_completion_init(struct lw_completion *c, struct lw_class *class);
void lockwarden_completion_signal(struct lw_completion *c);
void lockwarden_completion_signal_all(struct lw_completion *c);

/**
 * lw_init_completion - initialise an lw_completion
 * @c: the completion
 * @...: optionally its event class, defined with LW_DEFINE_CLASS(); without
 *	one, the completion gets the class of this call site, named after @c
 *
 * As init_completion(). A class is either a lock class or an event class:
 * give a completion a class of its own.
 */
#define lw_init_completion(c, ...)					\
	({ lockwarden_completion_init(c, __lw_class_of(#c, ##__VA_ARGS__)); __lw_no_tail(); })

/**
 * LW_DECLARE_COMPLETION - define an lw_completion, initialised, with its class
 * @var: the variable
 * @eclass: pointer to its event class, defined with LW_DEFINE_CLASS()
 *
 * As DECLARE_COMPLETION(), for a completion in static storage: no
 * lw_init_completion() is needed; lockwarden registers the class when the
 * completion is first waited for or completed. Prefix with ``static`` as
 * needed.
 */
#define LW_DECLARE_COMPLETION(var, eclass)	__LW_DECLARE_COMPLETION(eclass, var)

/* The variable is the variadic argument, as in __LW_DEFINE_LOCK(): it is written twice. */
#define __LW_DECLARE_COMPLETION(eclass, ...)				\
	struct lw_completion __VA_ARGS__ = {				\
		.completion = COMPLETION_INITIALIZER(__VA_ARGS__.completion), \
		.dep = { .class = (eclass), .type = LW_LOCK_COMPLETION }, \
	}

#else /* !CONFIG_LOCKWARDEN: the plain kernel completion */

struct lw_completion {
	struct completion completion;	/* the kernel completion, and nothing else */
};

#define lw_init_completion(c, ...)	init_completion(&(c)->completion)

#define LW_DECLARE_COMPLETION(var, eclass)	__LW_DECLARE_COMPLETION(eclass, var)
#define __LW_DECLARE_COMPLETION(eclass, ...)				\
	struct lw_completion __VA_ARGS__ = {				\
		.completion = COMPLETION_INITIALIZER(__VA_ARGS__.completion), \
	}

#endif /* CONFIG_LOCKWARDEN */

/*
 * The wrappers, compiled in or out: each checks (while checking is on)
 * and then makes the kernel's call, always, as the driver wrote it.
 * Compiled out, the check is not compiled: each is the kernel's call.
 */

/* A wait: the locks held are ordered before the completion's class. */
#define __lw_completion_wait(c)		__lw_hook(lockwarden_event_wait(&(c)->dep))
/* A completion: its class is ordered before the locks held. */
#define __lw_completion_signal(c)	__lw_hook(lockwarden_completion_signal(c))
/* A complete_all(): checked as a completion, and its site remembered. */
#define __lw_completion_signal_all(c)	__lw_hook(lockwarden_completion_signal_all(c))

/**
 * lw_reinit_completion - make an lw_completion not done again
 * @c: the completion
 *
 * As reinit_completion(). It neither waits nor wakes anyone, so lockwarden
 * learns nothing from it.
 */
static __always_inline void lw_reinit_completion(struct lw_completion *c)
{
	reinit_completion(&c->completion);
}

/**
 * lw_wait_for_completion - wait for an lw_completion, checking the wait
 * @c: the completion
 *
 * As wait_for_completion(). Before waiting, the locks this context holds
 * are ordered before @c's class, as if it were a lock taken here: a wait
 * in atomic context, and a wait that closes a cycle with the locks its
 * completers hold, are findings.
 *
 * Context: process context; may sleep.
 */
static __always_inline void lw_wait_for_completion(struct lw_completion *c)
{
	__lw_completion_wait(c);
	wait_for_completion(&c->completion);
}

/**
 * lw_wait_for_completion_interruptible - wait for an lw_completion unless
 *	a signal arrives
 * @c: the completion
 *
 * As wait_for_completion_interruptible(); checked as
 * lw_wait_for_completion(): a signal is no way out a driver can rely on.
 *
 * Context: process context; may sleep.
 * Return: 0 when completed, -ERESTARTSYS when interrupted.
 */
static __always_inline int lw_wait_for_completion_interruptible(struct lw_completion *c)
{
	__lw_completion_wait(c);
	return wait_for_completion_interruptible(&c->completion);
}

/**
 * lw_wait_for_completion_killable - wait for an lw_completion unless the
 *	task is killed
 * @c: the completion
 *
 * As wait_for_completion_killable(); checked as lw_wait_for_completion().
 *
 * Context: process context; may sleep.
 * Return: 0 when completed, -ERESTARTSYS when a fatal signal arrived.
 */
static __always_inline int lw_wait_for_completion_killable(struct lw_completion *c)
{
	__lw_completion_wait(c);
	return wait_for_completion_killable(&c->completion);
}

/**
 * lw_wait_for_completion_timeout - wait for an lw_completion, at most
 *	@timeout jiffies
 * @c: the completion
 * @timeout: the longest wait, in jiffies
 *
 * As wait_for_completion_timeout(); checked as lw_wait_for_completion():
 * a wait that deadlocks with its completer hangs for the whole timeout and
 * then fails, so it is reported too.
 *
 * Context: process context; may sleep.
 * Return: 0 when the time ran out, else the jiffies left (at least 1).
 */
static __always_inline unsigned long
lw_wait_for_completion_timeout(struct lw_completion *c, unsigned long timeout)
{
	__lw_completion_wait(c);
	return wait_for_completion_timeout(&c->completion, timeout);
}

/**
 * lw_wait_for_completion_interruptible_timeout - wait for an lw_completion,
 *	at most @timeout jiffies, unless a signal arrives
 * @c: the completion
 * @timeout: the longest wait, in jiffies
 *
 * As wait_for_completion_interruptible_timeout(); checked as
 * lw_wait_for_completion().
 *
 * Context: process context; may sleep.
 * Return: -ERESTARTSYS when interrupted, 0 when the time ran out, else the
 * jiffies left (at least 1).
 */
static __always_inline long
lw_wait_for_completion_interruptible_timeout(struct lw_completion *c, unsigned long timeout)
{
	__lw_completion_wait(c);
	return wait_for_completion_interruptible_timeout(&c->completion, timeout);
}

/**
 * lw_wait_for_completion_killable_timeout - wait for an lw_completion, at
 *	most @timeout jiffies, unless the task is killed
 * @c: the completion
 * @timeout: the longest wait, in jiffies
 *
 * As wait_for_completion_killable_timeout(); checked as
 * lw_wait_for_completion().
 *
 * Context: process context; may sleep.
 * Return: -ERESTARTSYS when a fatal signal arrived, 0 when the time ran
 * out, else the jiffies left (at least 1).
 */
static __always_inline long
lw_wait_for_completion_killable_timeout(struct lw_completion *c, unsigned long timeout)
{
	__lw_completion_wait(c);
	return wait_for_completion_killable_timeout(&c->completion, timeout);
}

/**
 * lw_try_wait_for_completion - take one completion of an lw_completion
 *	without waiting
 * @c: the completion
 *
 * As try_wait_for_completion(). It never waits, so, as a trylock, it
 * adds no dependency.
 *
 * Return: true if a completion was taken, false if it would have to wait.
 */
static __always_inline bool lw_try_wait_for_completion(struct lw_completion *c)
{
	return try_wait_for_completion(&c->completion);
}

/**
 * lw_completion_done - whether an lw_completion has completions to take
 * @c: the completion
 *
 * As completion_done(): the completion's own state, not a check.
 *
 * Return: true if a wait would not block.
 */
static __always_inline bool lw_completion_done(struct lw_completion *c)
{
	return completion_done(&c->completion);
}

/**
 * lw_complete - complete an lw_completion, waking one waiter
 * @c: the completion
 *
 * As complete(). Before completing, @c's class is ordered before the locks
 * this context holds (the waiter cannot be woken until they are free): a
 * completion that closes a cycle with a wait for @c is a finding. So is a
 * completion of @c while it is done for good, by an lw_complete_all() not
 * followed by lw_reinit_completion(): it wakes nobody and counts nothing.
 *
 * Context: any context.
 */
static __always_inline void lw_complete(struct lw_completion *c)
{
	__lw_completion_signal(c);
	complete(&c->completion);
}

/**
 * lw_complete_all - complete an lw_completion for good, waking every waiter
 * @c: the completion
 *
 * As complete_all(); checked as lw_complete(), completed twice included.
 * Waits return at once until lw_reinit_completion().
 *
 * Context: any context.
 */
static __always_inline void lw_complete_all(struct lw_completion *c)
{
	__lw_completion_signal_all(c);
	complete_all(&c->completion);
}

#endif /* _LOCKWARDEN_COMPLETION_H */
