// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden's hooks for lw_rwsem, readers and writers: each wraps the
 * kernel's rw_semaphore operation in the checks of acquire.c. Each is
 * called straight from an inline wrapper in the driver, so _RET_IP_ is the
 * driver's call site.
 */
#include "checks/hooks.h"

#include <linux/instruction_pointer.h>

/**
 * lockwarden_init_rwsem() - initialise an lw_rwsem; use lw_init_rwsem()
 * @s: the semaphore
 * @class: its class
 */
void lockwarden_init_rwsem(struct lw_rwsem *s, struct lw_class *class)
{
	lw_hook_init(s, init_rwsem, class, LW_LOCK_RWSEM);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_init_rwsem, LW_NS);

/**
 * lockwarden_down_read() - checked down_read(); use lw_down_read()
 * @s: the semaphore
 */
void lockwarden_down_read(struct lw_rwsem *s)
{
	lw_hook_lock(&s->dep, LW_OP_DOWN_READ, &s->lock, LW_ACQ_SLEEPS | LW_ACQ_READ, 0,
		     _RET_IP_);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_down_read, LW_NS);

/**
 * lockwarden_down_read_nested() - checked down_read_nested(); use lw_down_read_nested()
 * @s: the semaphore
 * @subclass: nesting level
 */
void lockwarden_down_read_nested(struct lw_rwsem *s, unsigned int subclass)
{
	lw_hook_lock(&s->dep, LW_OP_DOWN_READ, &s->lock, LW_ACQ_SLEEPS | LW_ACQ_READ,
		     subclass, _RET_IP_);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_down_read_nested, LW_NS);

/**
 * lockwarden_down_read_trylock() - checked down_read_trylock(); use lw_down_read_trylock()
 * @s: the semaphore
 *
 * Return: 1 if acquired, 0 if not.
 */
int lockwarden_down_read_trylock(struct lw_rwsem *s)
{
	return lw_hook_trylock(&s->dep, LW_OP_DOWN_READ, &s->lock,
			       LW_ACQ_SLEEPS | LW_ACQ_READ, _RET_IP_);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_down_read_trylock, LW_NS);

/**
 * lockwarden_up_read() - checked up_read(); use lw_up_read()
 * @s: the semaphore
 */
void lockwarden_up_read(struct lw_rwsem *s)
{
	lw_hook_unlock(&s->dep, LW_OP_DOWN_READ, &s->lock, LW_IRQ_NONE, 0, _RET_IP_);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_up_read, LW_NS);

/**
 * lockwarden_down_write() - checked down_write(); use lw_down_write()
 * @s: the semaphore
 */
void lockwarden_down_write(struct lw_rwsem *s)
{
	lw_hook_lock(&s->dep, LW_OP_DOWN_WRITE, &s->lock, LW_ACQ_SLEEPS, 0, _RET_IP_);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_down_write, LW_NS);

/**
 * lockwarden_down_write_nested() - checked down_write_nested(); use lw_down_write_nested()
 * @s: the semaphore
 * @subclass: nesting level
 */
void lockwarden_down_write_nested(struct lw_rwsem *s, unsigned int subclass)
{
	lw_hook_lock(&s->dep, LW_OP_DOWN_WRITE, &s->lock, LW_ACQ_SLEEPS, subclass, _RET_IP_);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_down_write_nested, LW_NS);

/**
 * lockwarden_down_write_trylock() - checked down_write_trylock(); use lw_down_write_trylock()
 * @s: the semaphore
 *
 * Return: 1 if acquired, 0 if not.
 */
int lockwarden_down_write_trylock(struct lw_rwsem *s)
{
	return lw_hook_trylock(&s->dep, LW_OP_DOWN_WRITE, &s->lock, LW_ACQ_SLEEPS, _RET_IP_);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_down_write_trylock, LW_NS);

/**
 * lockwarden_up_write() - checked up_write(); use lw_up_write()
 * @s: the semaphore
 */
void lockwarden_up_write(struct lw_rwsem *s)
{
	lw_hook_unlock(&s->dep, LW_OP_DOWN_WRITE, &s->lock, LW_IRQ_NONE, 0, _RET_IP_);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_up_write, LW_NS);

/**
 * lockwarden_downgrade_write() - checked downgrade_write(); use lw_downgrade_write()
 * @s: the semaphore
 */
void lockwarden_downgrade_write(struct lw_rwsem *s)
{
	lw_downgrade(&s->dep);
	downgrade_write(&s->lock);
	/* lockdep's entry, now a read hold, names the hook again. */
	lw_op_lockdep_held_at(LW_OP_DOWN_READ, &s->lock, _RET_IP_);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_downgrade_write, LW_NS);

/**
 * lockwarden_down_read_interruptible() - checked down_read_interruptible()
 * @s: the semaphore; use lw_down_read_interruptible()
 *
 * Return: 0 when acquired, -EINTR when interrupted.
 */
int lockwarden_down_read_interruptible(struct lw_rwsem *s)
{
	return lw_hook_lock_wait(&s->dep, LW_OP_DOWN_READ, &s->lock, LW_ACQ_SLEEPS | LW_ACQ_READ,
				 LW_WAIT_INTERRUPTIBLE, _RET_IP_);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_down_read_interruptible, LW_NS);

/**
 * lockwarden_down_read_killable() - checked down_read_killable()
 * @s: the semaphore; use lw_down_read_killable()
 *
 * Return: 0 when acquired, -EINTR when a fatal signal arrived.
 */
int lockwarden_down_read_killable(struct lw_rwsem *s)
{
	return lw_hook_lock_wait(&s->dep, LW_OP_DOWN_READ, &s->lock, LW_ACQ_SLEEPS | LW_ACQ_READ,
				 LW_WAIT_KILLABLE, _RET_IP_);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_down_read_killable, LW_NS);

/**
 * lockwarden_down_write_killable() - checked down_write_killable()
 * @s: the semaphore; use lw_down_write_killable()
 *
 * Return: 0 when acquired, -EINTR when a fatal signal arrived.
 */
int lockwarden_down_write_killable(struct lw_rwsem *s)
{
	return lw_hook_lock_wait(&s->dep, LW_OP_DOWN_WRITE, &s->lock, LW_ACQ_SLEEPS,
				 LW_WAIT_KILLABLE, _RET_IP_);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_down_write_killable, LW_NS);
