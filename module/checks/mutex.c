// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden's hooks for lw_mutex: each wraps the kernel's mutex operation
 * in the checks of acquire.c. Each is called straight from an inline
 * wrapper in the driver, so _RET_IP_ is the driver's call site.
 */
#include "checks/hooks.h"

#include <linux/instruction_pointer.h>
#include <linux/minmax.h>

/**
 * lockwarden_mutex_init() - initialise an lw_mutex; use lw_mutex_init()
 * @m: the lock
 * @class: its class; on lockdep kernels also the lockdep class and name
 */
void lockwarden_mutex_init(struct lw_mutex *m, struct lw_class *class)
{
	lw_hook_init(m, mutex_init, class, LW_LOCK_MUTEX);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_mutex_init, LW_NS);

/**
 * lockwarden_mutex_lock() - checked mutex_lock(); use lw_mutex_lock()
 * @m: the lock
 */
void lockwarden_mutex_lock(struct lw_mutex *m)
{
	lw_hook_lock(&m->dep, LW_OP_MUTEX, &m->lock, LW_ACQ_SLEEPS, 0, _RET_IP_);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_mutex_lock, LW_NS);

/**
 * lockwarden_mutex_lock_nested() - checked mutex_lock_nested(); use lw_mutex_lock_nested()
 * @m: the lock
 * @subclass: nesting level
 */
void lockwarden_mutex_lock_nested(struct lw_mutex *m, unsigned int subclass)
{
	lw_hook_lock(&m->dep, LW_OP_MUTEX, &m->lock, LW_ACQ_SLEEPS, subclass, _RET_IP_);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_mutex_lock_nested, LW_NS);

/**
 * lockwarden_mutex_lock_interruptible() - checked mutex_lock_interruptible()
 * @m: the lock; use lw_mutex_lock_interruptible()
 *
 * Return: 0 when acquired, -EINTR when interrupted.
 */
int lockwarden_mutex_lock_interruptible(struct lw_mutex *m)
{
	return lw_hook_lock_wait(&m->dep, LW_OP_MUTEX, &m->lock, LW_ACQ_SLEEPS,
				 LW_WAIT_INTERRUPTIBLE, _RET_IP_);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_mutex_lock_interruptible, LW_NS);

/**
 * lockwarden_mutex_lock_killable() - checked mutex_lock_killable()
 * @m: the lock; use lw_mutex_lock_killable()
 *
 * Return: 0 when acquired, -EINTR when a fatal signal arrived.
 */
int lockwarden_mutex_lock_killable(struct lw_mutex *m)
{
	return lw_hook_lock_wait(&m->dep, LW_OP_MUTEX, &m->lock, LW_ACQ_SLEEPS, LW_WAIT_KILLABLE,
				 _RET_IP_);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_mutex_lock_killable, LW_NS);

/**
 * lockwarden_mutex_trylock() - checked mutex_trylock(); use lw_mutex_trylock()
 * @m: the lock
 *
 * Return: 1 if acquired, 0 if not.
 */
int lockwarden_mutex_trylock(struct lw_mutex *m)
{
	return lw_hook_trylock(&m->dep, LW_OP_MUTEX, &m->lock, LW_ACQ_SLEEPS, _RET_IP_);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_mutex_trylock, LW_NS);

/**
 * lockwarden_mutex_unlock() - checked mutex_unlock(); use lw_mutex_unlock()
 * @m: the lock
 */
void lockwarden_mutex_unlock(struct lw_mutex *m)
{
	lw_hook_unlock(&m->dep, LW_OP_MUTEX, &m->lock, LW_IRQ_NONE, 0, _RET_IP_);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_mutex_unlock, LW_NS);

/**
 * lockwarden_mutex_destroy() - checked mutex_destroy(); use lw_mutex_destroy()
 * @m: the lock
 */
void lockwarden_mutex_destroy(struct lw_mutex *m)
{
	lw_check_destroy(&m->dep, _RET_IP_);
	mutex_destroy(&m->lock);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_mutex_destroy, LW_NS);

/**
 * lockwarden_mutex_lock_pair() - two locks of one class in address order
 * @a: one lock; use lw_mutex_lock_pair()
 * @b: the other, or @a
 */
void lockwarden_mutex_lock_pair(struct lw_mutex *a, struct lw_mutex *b)
{
	unsigned long ip = _RET_IP_;

	if (a > b)
		swap(a, b);
	lw_hook_lock(&a->dep, LW_OP_MUTEX, &a->lock, LW_ACQ_SLEEPS, 0, ip);
	if (a != b)
		lw_hook_lock(&b->dep, LW_OP_MUTEX, &b->lock, LW_ACQ_SLEEPS,
			     SINGLE_DEPTH_NESTING, ip);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_mutex_lock_pair, LW_NS);
