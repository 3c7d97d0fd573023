// SPDX-License-Identifier: GPL-2.0
/*
 * lw_tails.ko: every lockwarden wrapper as the last call of a function, the
 * place where gcc (sibling calls allowed, as on the stock kernels) would
 * compile a call as a jump and the hook would report the caller's caller.
 * `make check` disassembles it (selftests/tails.sh): no function may jump
 * into lockwarden.ko. Never loaded.
 */
#include <linux/module.h>
#include <lockwarden/lockwarden.h>

static struct lw_mutex t_mutex;
static struct lw_spinlock t_spin;
static struct lw_raw_spinlock t_raw;
static struct lw_rwlock t_rwlock;
static struct lw_rwsem t_rwsem;
static struct lw_owned t_owned;
static struct lw_completion t_completion;
static struct lw_condvar t_condvar;
static LW_MUTEX_GUARDED(t_guarded, int);
static unsigned long t_flags;
static int t_sink;
static int *t_data;

/*
 * LW_TAIL(name, call, sparse): void lw_tail_<name>(void), ending with @call
 * and then @sparse, which balances its hold for sparse and compiles to
 * nothing: the call stays the last thing the function does. LW_TAIL_INT()
 * returns @call's value, as a function that returns a trylock's would.
 */
#define LW_TAIL(name, call, sparse)					\
	static noinline __lw_no_tsa void lw_tail_##name(void)		\
	{								\
		call;							\
		sparse;							\
	}
#define LW_TAIL_INT(name, call)						\
	static noinline __lw_no_tsa int lw_tail_##name(void)		\
	{								\
		return call;						\
	}
#define LW_TOOK(l)	__release(l)	/* for sparse: held past the return */
#define LW_GAVE(l)	__acquire(l)	/* for sparse: taken before the call */
#define LW_NONE		do { } while (0)

LW_TAIL(mutex_lock, lw_mutex_lock(&t_mutex), LW_TOOK(&t_mutex))
LW_TAIL(mutex_lock_nested, lw_mutex_lock_nested(&t_mutex, 1), LW_TOOK(&t_mutex))
LW_TAIL(mutex_unlock, lw_mutex_unlock(&t_mutex), LW_GAVE(&t_mutex))
LW_TAIL(mutex_destroy, lw_mutex_destroy(&t_mutex), LW_NONE)
LW_TAIL(mutex_lock_pair, lw_mutex_lock_pair(&t_mutex, &t_mutex),
	LW_TOOK(&t_mutex); LW_TOOK(&t_mutex))
LW_TAIL_INT(mutex_trylock, __lw_mutex_trylock(&t_mutex))
LW_TAIL(spin_lock, lw_spin_lock(&t_spin), LW_TOOK(&t_spin))
LW_TAIL(spin_lock_nested, lw_spin_lock_nested(&t_spin, 1), LW_TOOK(&t_spin))
LW_TAIL(spin_unlock, lw_spin_unlock(&t_spin), LW_GAVE(&t_spin))
LW_TAIL(spin_lock_bh, lw_spin_lock_bh(&t_spin), LW_TOOK(&t_spin))
LW_TAIL(spin_unlock_bh, lw_spin_unlock_bh(&t_spin), LW_GAVE(&t_spin))
LW_TAIL(spin_lock_irq, lw_spin_lock_irq(&t_spin), LW_TOOK(&t_spin))
LW_TAIL(spin_unlock_irq, lw_spin_unlock_irq(&t_spin), LW_GAVE(&t_spin))
LW_TAIL(spin_lock_irqsave, lw_spin_lock_irqsave(&t_spin, t_flags), LW_TOOK(&t_spin))
LW_TAIL(spin_lock_irqsave_nested, lw_spin_lock_irqsave_nested(&t_spin, t_flags, 1),
	LW_TOOK(&t_spin))
LW_TAIL(spin_unlock_irqrestore, lw_spin_unlock_irqrestore(&t_spin, t_flags), LW_GAVE(&t_spin))
LW_TAIL_INT(spin_trylock, __lw_spin_trylock(&t_spin))
LW_TAIL(raw_spin_lock, lw_raw_spin_lock(&t_raw), LW_TOOK(&t_raw))
LW_TAIL(raw_spin_unlock, lw_raw_spin_unlock(&t_raw), LW_GAVE(&t_raw))
LW_TAIL(raw_spin_lock_irqsave, lw_raw_spin_lock_irqsave(&t_raw, t_flags), LW_TOOK(&t_raw))
LW_TAIL(raw_spin_unlock_irqrestore, lw_raw_spin_unlock_irqrestore(&t_raw, t_flags),
	LW_GAVE(&t_raw))
LW_TAIL(read_lock, lw_read_lock(&t_rwlock), LW_TOOK(&t_rwlock))
LW_TAIL(read_unlock, lw_read_unlock(&t_rwlock), LW_GAVE(&t_rwlock))
LW_TAIL(read_unlock_irqrestore, lw_read_unlock_irqrestore(&t_rwlock, t_flags),
	LW_GAVE(&t_rwlock))
LW_TAIL(write_lock, lw_write_lock(&t_rwlock), LW_TOOK(&t_rwlock))
LW_TAIL(write_lock_nested, lw_write_lock_nested(&t_rwlock, 1), LW_TOOK(&t_rwlock))
LW_TAIL(write_unlock, lw_write_unlock(&t_rwlock), LW_GAVE(&t_rwlock))
LW_TAIL(write_unlock_bh, lw_write_unlock_bh(&t_rwlock), LW_GAVE(&t_rwlock))
LW_TAIL_INT(read_trylock, __lw_read_trylock(&t_rwlock))
LW_TAIL(down_read, lw_down_read(&t_rwsem), LW_TOOK(&t_rwsem))
LW_TAIL(down_read_nested, lw_down_read_nested(&t_rwsem, 1), LW_TOOK(&t_rwsem))
LW_TAIL(up_read, lw_up_read(&t_rwsem), LW_GAVE(&t_rwsem))
LW_TAIL(down_write, lw_down_write(&t_rwsem), LW_TOOK(&t_rwsem))
LW_TAIL(up_write, lw_up_write(&t_rwsem), LW_GAVE(&t_rwsem))
LW_TAIL(downgrade_write, lw_downgrade_write(&t_rwsem), LW_NONE)
LW_TAIL_INT(down_write_trylock, __lw_down_write_trylock(&t_rwsem))
LW_TAIL_INT(down_read_interruptible, __lw_down_read_interruptible(&t_rwsem))
LW_TAIL_INT(down_read_killable, __lw_down_read_killable(&t_rwsem))
LW_TAIL_INT(down_write_killable, __lw_down_write_killable(&t_rwsem))
LW_TAIL_INT(spin_trylock_bh, __lw_spin_trylock_bh(&t_spin, NULL))
LW_TAIL_INT(spin_trylock_irq, __lw_spin_trylock_irq(&t_spin, NULL))
LW_TAIL_INT(spin_trylock_irqsave, __lw_spin_trylock_irqsave(&t_spin, &t_flags))
LW_TAIL_INT(raw_spin_trylock_bh, __lw_raw_spin_trylock_bh(&t_raw, NULL))
LW_TAIL_INT(raw_spin_trylock_irq, __lw_raw_spin_trylock_irq(&t_raw, NULL))
LW_TAIL_INT(raw_spin_trylock_irqsave, __lw_raw_spin_trylock_irqsave(&t_raw, &t_flags))
LW_TAIL_INT(write_trylock_irqsave, __lw_write_trylock_irqsave(&t_rwlock, &t_flags))
LW_TAIL(assert_held, lw_assert_held(&t_mutex), LW_NONE)
LW_TAIL(assert_held_once, lw_assert_held_once(&t_spin), LW_NONE)
LW_TAIL(assert_not_held, lw_assert_not_held(&t_rwsem), LW_NONE)
LW_TAIL(might_lock, lw_might_lock(&t_mutex), LW_NONE)
LW_TAIL(might_lock_read, lw_might_lock_read(&t_rwlock), LW_NONE)
LW_TAIL(check_freed, lw_check_freed(&t_mutex, sizeof(t_mutex)), LW_NONE)
LW_TAIL(owned_give, lw_owned_give(&t_owned), LW_NONE)
LW_TAIL(owned_take, lw_owned_take(&t_owned), LW_NONE)
LW_TAIL(owned_assert, lw_owned_assert(&t_owned), LW_NONE)
LW_TAIL(owned_destroy, lw_owned_destroy(&t_owned), LW_NONE)
LW_TAIL(guarded, t_sink = *lw_guarded(&t_guarded), LW_NONE)
LW_TAIL(guarded_lock, t_data = lw_mutex_lock_guarded(&t_guarded), LW_TOOK(&t_guarded.lock))
LW_TAIL(guarded_unlock, lw_mutex_unlock_guarded(&t_guarded), LW_GAVE(&t_guarded.lock))
LW_TAIL(poison, lw_poison(&t_guarded), LW_NONE)
LW_TAIL(clear_poison, lw_clear_poison(&t_guarded), LW_NONE)
LW_TAIL(wait_for_completion, lw_wait_for_completion(&t_completion), LW_NONE)
LW_TAIL(complete, lw_complete(&t_completion), LW_NONE)
LW_TAIL(complete_all, lw_complete_all(&t_completion), LW_NONE)
LW_TAIL(condvar_wait, lw_condvar_wait(&t_condvar, &t_mutex), LW_NONE)
LW_TAIL(condvar_wait_timeout, t_sink = lw_condvar_wait_timeout(&t_condvar, &t_mutex, 1), LW_NONE)
LW_TAIL(condvar_wait_event, lw_condvar_wait_event(&t_condvar, &t_mutex, t_sink), LW_NONE)
LW_TAIL(condvar_notify_one, lw_condvar_notify_one(&t_condvar), LW_NONE)
/* Init and class calls report no site; kept calls all the same. */
static struct lw_class t_class = LW_CLASS_INIT("t_class", 0);
LW_TAIL(mutex_init, lw_mutex_init(&t_mutex, &t_class), LW_NONE)
LW_TAIL(spin_lock_init, lw_spin_lock_init(&t_spin, &t_class), LW_NONE)
LW_TAIL(raw_spin_lock_init, lw_raw_spin_lock_init(&t_raw, &t_class), LW_NONE)
LW_TAIL(rwlock_init, lw_rwlock_init(&t_rwlock, &t_class), LW_NONE)
LW_TAIL(init_rwsem, lw_init_rwsem(&t_rwsem, &t_class), LW_NONE)
LW_TAIL(guarded_init, lw_mutex_guarded_init(&t_guarded, &t_class), LW_NONE)
LW_TAIL(init_completion, lw_init_completion(&t_completion, &t_class), LW_NONE)
LW_TAIL(condvar_init, lw_condvar_init(&t_condvar, &t_class), LW_NONE)
LW_TAIL(class_unregister, lw_class_unregister(&t_class), LW_NONE)
LW_TAIL_INT(class_register, lw_class_register(&t_class))

/* Referenced, so that each is compiled; never called. */
static const void *const lw_tails[] __used = {
	lw_tail_mutex_lock, lw_tail_mutex_lock_nested, lw_tail_mutex_unlock,
	lw_tail_mutex_destroy, lw_tail_mutex_lock_pair, lw_tail_mutex_trylock,
	lw_tail_spin_lock, lw_tail_spin_lock_nested, lw_tail_spin_unlock,
	lw_tail_spin_lock_bh, lw_tail_spin_unlock_bh, lw_tail_spin_lock_irq,
	lw_tail_spin_unlock_irq, lw_tail_spin_lock_irqsave,
	lw_tail_spin_lock_irqsave_nested, lw_tail_spin_unlock_irqrestore,
	lw_tail_spin_trylock, lw_tail_raw_spin_lock, lw_tail_raw_spin_unlock,
	lw_tail_raw_spin_lock_irqsave, lw_tail_raw_spin_unlock_irqrestore,
	lw_tail_read_lock, lw_tail_read_unlock, lw_tail_read_unlock_irqrestore,
	lw_tail_write_lock, lw_tail_write_lock_nested, lw_tail_write_unlock,
	lw_tail_write_unlock_bh, lw_tail_read_trylock, lw_tail_down_read,
	lw_tail_down_read_nested, lw_tail_up_read, lw_tail_down_write,
	lw_tail_up_write, lw_tail_downgrade_write, lw_tail_down_write_trylock,
	lw_tail_down_read_interruptible, lw_tail_down_read_killable,
	lw_tail_down_write_killable, lw_tail_spin_trylock_bh, lw_tail_spin_trylock_irq,
	lw_tail_spin_trylock_irqsave, lw_tail_raw_spin_trylock_bh,
	lw_tail_raw_spin_trylock_irq, lw_tail_raw_spin_trylock_irqsave,
	lw_tail_write_trylock_irqsave, lw_tail_assert_held_once,
	lw_tail_assert_not_held, lw_tail_might_lock, lw_tail_might_lock_read,
	lw_tail_assert_held, lw_tail_check_freed, lw_tail_owned_give,
	lw_tail_owned_take, lw_tail_owned_assert, lw_tail_owned_destroy,
	lw_tail_guarded, lw_tail_guarded_lock, lw_tail_guarded_unlock,
	lw_tail_poison, lw_tail_clear_poison, lw_tail_mutex_init,
	lw_tail_spin_lock_init, lw_tail_raw_spin_lock_init, lw_tail_rwlock_init,
	lw_tail_init_rwsem, lw_tail_guarded_init, lw_tail_class_unregister,
	lw_tail_class_register, lw_tail_wait_for_completion, lw_tail_complete,
	lw_tail_complete_all, lw_tail_init_completion, lw_tail_condvar_wait,
	lw_tail_condvar_wait_timeout, lw_tail_condvar_wait_event, lw_tail_condvar_notify_one,
	lw_tail_condvar_init,
};

MODULE_DESCRIPTION("lockwarden: every wrapper in tail position, never loaded");
MODULE_LICENSE("GPL");
