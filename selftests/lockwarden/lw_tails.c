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
/* The tails of lw_<name>(&t_<tag>), a hold taken, and one given. */
#define LW_TAIL_TAKE(name, tag)	LW_TAIL(name, lw_##name(&t_##tag), LW_TOOK(&t_##tag))
#define LW_TAIL_GIVE(name, tag)	LW_TAIL(name, lw_##name(&t_##tag), LW_GAVE(&t_##tag))
/* The tail of lw_<lock>_nested(&t_<tag>, 1). */
#define LW_TAIL_NESTED(lock, tag)					\
	LW_TAIL(lock##_nested, lw_##lock##_nested(&t_##tag, 1), LW_TOOK(&t_##tag))
/* The tail of lw_<name>(...), a call that takes and gives no hold. */
#define LW_TAIL_CALL(name, ...)	LW_TAIL(name, lw_##name(__VA_ARGS__), LW_NONE)
/* The tail of __lw_<name>(...), which returns an int. */
#define LW_TAIL_TRY(name, ...)	LW_TAIL_INT(name, __lw_##name(__VA_ARGS__))

LW_TAIL_TAKE(mutex_lock, mutex)
LW_TAIL_GIVE(mutex_unlock, mutex)
LW_TAIL_NESTED(mutex_lock, mutex)
LW_TAIL_CALL(mutex_destroy, &t_mutex)
LW_TAIL(mutex_lock_pair, lw_mutex_lock_pair(&t_mutex, &t_mutex),
	LW_TOOK(&t_mutex); LW_TOOK(&t_mutex))
LW_TAIL_TRY(mutex_trylock, &t_mutex)
LW_TAIL_TAKE(spin_lock, spin)
LW_TAIL_GIVE(spin_unlock, spin)
LW_TAIL_NESTED(spin_lock, spin)
LW_TAIL_TAKE(spin_lock_bh, spin)
LW_TAIL_GIVE(spin_unlock_bh, spin)
LW_TAIL_TAKE(spin_lock_irq, spin)
LW_TAIL_GIVE(spin_unlock_irq, spin)
LW_TAIL(spin_lock_irqsave, lw_spin_lock_irqsave(&t_spin, t_flags), LW_TOOK(&t_spin))
LW_TAIL(spin_lock_irqsave_nested, lw_spin_lock_irqsave_nested(&t_spin, t_flags, 1),
	LW_TOOK(&t_spin))
LW_TAIL(spin_unlock_irqrestore, lw_spin_unlock_irqrestore(&t_spin, t_flags), LW_GAVE(&t_spin))
LW_TAIL_TRY(spin_trylock, &t_spin)
LW_TAIL_TAKE(raw_spin_lock, raw)
LW_TAIL_GIVE(raw_spin_unlock, raw)
LW_TAIL(raw_spin_lock_irqsave, lw_raw_spin_lock_irqsave(&t_raw, t_flags), LW_TOOK(&t_raw))
LW_TAIL(raw_spin_unlock_irqrestore, lw_raw_spin_unlock_irqrestore(&t_raw, t_flags),
	LW_GAVE(&t_raw))
LW_TAIL_TAKE(read_lock, rwlock)
LW_TAIL_GIVE(read_unlock, rwlock)
LW_TAIL(read_unlock_irqrestore, lw_read_unlock_irqrestore(&t_rwlock, t_flags),
	LW_GAVE(&t_rwlock))
LW_TAIL_TAKE(write_lock, rwlock)
LW_TAIL_GIVE(write_unlock, rwlock)
LW_TAIL_NESTED(write_lock, rwlock)
LW_TAIL(write_unlock_bh, lw_write_unlock_bh(&t_rwlock), LW_GAVE(&t_rwlock))
LW_TAIL_TRY(read_trylock, &t_rwlock)
LW_TAIL_TAKE(down_read, rwsem)
LW_TAIL_GIVE(up_read, rwsem)
LW_TAIL_NESTED(down_read, rwsem)
LW_TAIL_TAKE(down_write, rwsem)
LW_TAIL_GIVE(up_write, rwsem)
LW_TAIL_CALL(downgrade_write, &t_rwsem)
LW_TAIL_TRY(down_write_trylock, &t_rwsem)
LW_TAIL_TRY(down_read_interruptible, &t_rwsem)
LW_TAIL_TRY(down_read_killable, &t_rwsem)
LW_TAIL_TRY(down_write_killable, &t_rwsem)
LW_TAIL_TRY(spin_trylock_bh, &t_spin, NULL)
LW_TAIL_TRY(spin_trylock_irq, &t_spin, NULL)
LW_TAIL_TRY(spin_trylock_irqsave, &t_spin, &t_flags)
LW_TAIL_TRY(raw_spin_trylock_bh, &t_raw, NULL)
LW_TAIL_TRY(raw_spin_trylock_irq, &t_raw, NULL)
LW_TAIL_TRY(raw_spin_trylock_irqsave, &t_raw, &t_flags)
LW_TAIL_TRY(write_trylock_irqsave, &t_rwlock, &t_flags)
LW_TAIL_CALL(assert_held, &t_mutex)
LW_TAIL_CALL(assert_held_once, &t_spin)
LW_TAIL_CALL(assert_not_held, &t_rwsem)
LW_TAIL_CALL(might_lock, &t_mutex)
LW_TAIL_CALL(might_lock_read, &t_rwlock)
LW_TAIL_CALL(check_freed, &t_mutex, sizeof(t_mutex))
LW_TAIL_CALL(owned_give, &t_owned)
LW_TAIL_CALL(owned_take, &t_owned)
LW_TAIL_CALL(owned_assert, &t_owned)
LW_TAIL_CALL(owned_destroy, &t_owned)
LW_TAIL(guarded, t_sink = *lw_guarded(&t_guarded), LW_NONE)
LW_TAIL(guarded_lock, t_data = lw_mutex_lock_guarded(&t_guarded), LW_TOOK(&t_guarded.lock))
LW_TAIL(guarded_unlock, lw_mutex_unlock_guarded(&t_guarded), LW_GAVE(&t_guarded.lock))
LW_TAIL_CALL(poison, &t_guarded)
LW_TAIL_CALL(clear_poison, &t_guarded)
LW_TAIL_CALL(wait_for_completion, &t_completion)
LW_TAIL_CALL(complete, &t_completion)
LW_TAIL_CALL(complete_all, &t_completion)
LW_TAIL_CALL(condvar_wait, &t_condvar, &t_mutex)
LW_TAIL(condvar_wait_timeout, t_sink = lw_condvar_wait_timeout(&t_condvar, &t_mutex, 1), LW_NONE)
LW_TAIL_CALL(condvar_wait_event, &t_condvar, &t_mutex, t_sink)
LW_TAIL_CALL(condvar_notify_one, &t_condvar)
/* Init and class calls report no site; kept calls all the same. */
static struct lw_class t_class = LW_CLASS_INIT("t_class", 0);
LW_TAIL_CALL(mutex_init, &t_mutex, &t_class)
LW_TAIL_CALL(spin_lock_init, &t_spin, &t_class)
LW_TAIL_CALL(raw_spin_lock_init, &t_raw, &t_class)
LW_TAIL_CALL(rwlock_init, &t_rwlock, &t_class)
LW_TAIL_CALL(init_rwsem, &t_rwsem, &t_class)
LW_TAIL(guarded_init, lw_mutex_guarded_init(&t_guarded, &t_class), LW_NONE)
LW_TAIL_CALL(init_completion, &t_completion, &t_class)
LW_TAIL_CALL(condvar_init, &t_condvar, &t_class)
LW_TAIL_CALL(class_unregister, &t_class)
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
