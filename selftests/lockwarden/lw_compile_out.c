// SPDX-License-Identifier: GPL-2.0
/*
 * lw_compile_out.ko: the lockwarden wrappers, built without CONFIG_LOCKWARDEN.
 * It must compile to the plain kernel locks: `make check` verifies that it
 * references no lockwarden symbol and imports no lockwarden namespace. Never
 * loaded.
 */
#include <linux/build_bug.h>
#include <linux/module.h>
#include <lockwarden/lockwarden.h>

#if IS_ENABLED(CONFIG_LOCKWARDEN)
#error "lw_compile_out must be built without CONFIG_LOCKWARDEN"
#endif

static_assert(sizeof(struct lw_mutex) == sizeof(struct mutex));
static_assert(sizeof(struct lw_spinlock) == sizeof(spinlock_t));
static_assert(sizeof(struct lw_raw_spinlock) == sizeof(raw_spinlock_t));
static_assert(sizeof(struct lw_rwlock) == sizeof(rwlock_t));
static_assert(sizeof(struct lw_rwsem) == sizeof(struct rw_semaphore));
static_assert(sizeof(struct lw_class) == 0);
static_assert(sizeof(struct lw_owned) == 0);
static_assert(sizeof(struct lw_completion) == sizeof(struct completion));
static_assert(sizeof(struct lw_condvar) == sizeof(struct wait_queue_head));

/* An owned object: no state, no checks; lw_chan is a plain bounded queue. */
struct co_msg {
	struct lw_owned own;
	int val;
};

static struct co_msg co_msgs[2];
static struct lw_owned *co_slots[1];
static struct lw_chan co_chan;

static LW_DEFINE_CLASS(lw_compile_out_class, 1);
static LW_DEFINE_CLASS_NAMED(co_named_class, "co->named", 2);
static struct lw_class co_string_class __maybe_unused = LW_CLASS_INIT("co->string", 3);
static struct lw_class co_run_class;
static struct lw_mutex co_mutex, co_mutex2;
static struct lw_spinlock co_spin;
static struct lw_raw_spinlock co_raw;
static struct lw_rwlock co_rwlock;
static struct lw_rwsem co_rwsem;

/* Defined with their class: the kernel's static initialisers alone. */
static LW_DEFINE_MUTEX(co_smutex, &co_named_class);
static LW_DEFINE_SPINLOCK(co_sspin, &lw_compile_out_class);
static LW_DEFINE_RAW_SPINLOCK(co_sraw, &co_string_class);
static LW_DEFINE_RWLOCK(co_srwlock, &co_named_class);
static LW_DECLARE_RWSEM(co_srwsem, &lw_compile_out_class);
static LW_DECLARE_COMPLETION(co_scompletion, &co_named_class);
static struct lw_completion co_completion;
static struct lw_condvar co_condvar;

struct co_data {
	int value;
};

/* What LW_MUTEX_GUARDED() compiles out to: the lock, then the data. */
struct co_plain {
	struct mutex lock;	/* guards data */
	struct co_data data;
};

static LW_MUTEX_GUARDED(co_gmutex, struct co_data);
static LW_SPIN_GUARDED(co_gspin, struct co_data);
static LW_RWLOCK_GUARDED(co_grwlock, struct co_data);
static LW_RWSEM_GUARDED(co_grwsem, struct co_data);
static int co_sink;

static_assert(sizeof(co_gmutex) == sizeof(struct co_plain));

/* A block holding @guard on guarded object @g: it writes, or reads, the data. */
#define co_write_guard(guard, g)	do { guard(g, d); d->value++; } while (0)
#define co_read_guard(guard, g)		do { guard(g, d); co_sink = d->value; } while (0)

/* Completions compiled out: the kernel's calls. Never run: they would block. */
static void __init lw_compile_out_completions(void)
{
	lw_init_completion(&co_completion, &lw_compile_out_class);
	lw_init_completion(&co_completion);
	lw_complete(&co_scompletion);
	lw_complete_all(&co_completion);
	lw_wait_for_completion(&co_scompletion);
	co_sink += lw_wait_for_completion_interruptible(&co_completion);
	co_sink += lw_wait_for_completion_killable(&co_completion);
	co_sink += lw_wait_for_completion_timeout(&co_completion, 1);
	co_sink += lw_wait_for_completion_interruptible_timeout(&co_completion, 1);
	co_sink += lw_wait_for_completion_killable_timeout(&co_completion, 1);
	co_sink += lw_try_wait_for_completion(&co_completion);
	co_sink += lw_completion_done(&co_completion);
	lw_reinit_completion(&co_completion);
}

/*
 * Condition variables compiled out: a wait queue, and the mutex's own calls
 * around the sleep. The waits that run return at once or after a jiffy.
 */
static void __init lw_compile_out_condvars(struct lw_mutex *m)
{
	lw_condvar_init(&co_condvar, &lw_compile_out_class);
	lw_condvar_init(&co_condvar);
	lw_condvar_notify_one(&co_condvar);
	lw_condvar_notify_all(&co_condvar);
	lw_mutex_lock(m);
	lw_condvar_wait_event(&co_condvar, m, co_sink != INT_MIN);
	co_sink += lw_condvar_wait_event_interruptible(&co_condvar, m, co_sink != INT_MIN);
	co_sink += lw_condvar_wait_event_timeout(&co_condvar, m, co_sink == INT_MIN, 1);
	co_sink += lw_condvar_wait_timeout(&co_condvar, m, 1);
	if (co_sink == INT_MIN) {	/* never: they would block */
		lw_condvar_wait(&co_condvar, m);
		co_sink += lw_condvar_wait_interruptible(&co_condvar, m);
	}
	lw_mutex_unlock(m);
}

/* Poisoning compiled out: nothing is poisoned, every _check returns 0. */
static void __init lw_compile_out_poison(void)
{
	const struct co_data *r;
	struct co_data *w;
	int err;

	err = lw_mutex_lock_guarded_check(&co_gmutex, &w);
	lw_poison(&co_gmutex);
	lw_mutex_unlock_guarded(&co_gmutex);
	err |= lw_is_poisoned(&co_gmutex);
	lw_clear_poison(&co_gmutex);
	err |= lw_spin_lock_guarded_check(&co_gspin, &w);
	lw_spin_unlock_guarded(&co_gspin);
	err |= lw_write_lock_guarded_check(&co_grwlock, &w);
	lw_write_unlock_guarded(&co_grwlock);
	err |= lw_read_lock_guarded_check(&co_grwlock, &r);
	co_sink = r->value;
	lw_read_unlock_guarded(&co_grwlock);
	err |= lw_down_write_guarded_check(&co_grwsem, &w);
	lw_up_write_guarded(&co_grwsem);
	err |= lw_down_read_guarded_check(&co_grwsem, &r);
	co_sink = r->value;
	lw_up_read_guarded(&co_grwsem);
	co_sink += err + w->value;
}

/* The interrupt flavours of the guards compiled out: the plain calls. */
static void __init lw_compile_out_irq_guards(void)
{
	co_write_guard(lw_spin_guard_bh, &co_gspin);
	co_write_guard(lw_spin_guard_irq, &co_gspin);
	co_write_guard(lw_spin_guard_irqsave, &co_gspin);
	co_read_guard(lw_read_guard_bh, &co_grwlock);
	co_read_guard(lw_read_guard_irq, &co_grwlock);
	co_read_guard(lw_read_guard_irqsave, &co_grwlock);
	co_write_guard(lw_write_guard_bh, &co_grwlock);
	co_write_guard(lw_write_guard_irq, &co_grwlock);
	co_write_guard(lw_write_guard_irqsave, &co_grwlock);
}

/* Guarded data compiled out: the plain locks, and lockdep's assertions. */
static void __init lw_compile_out_guarded(void)
{
	lw_mutex_guarded_init(&co_gmutex, &lw_compile_out_class);
	lw_spin_guarded_init(&co_gspin);
	lw_rwlock_guarded_init(&co_grwlock);
	lw_rwsem_guarded_init(&co_grwsem);

	lw_mutex_lock_guarded(&co_gmutex)->value++;
	lw_guarded(&co_gmutex)->value++;
	co_sink = lw_guarded_read(&co_gmutex)->value;
	lw_mutex_unlock_guarded(&co_gmutex);
	co_sink = lw_guarded_racy(&co_gmutex).value;
	lw_spin_lock_guarded(&co_gspin)->value++;
	lw_spin_unlock_guarded(&co_gspin);
	co_sink = lw_read_lock_guarded(&co_grwlock)->value;
	lw_read_unlock_guarded(&co_grwlock);
	lw_write_lock_guarded(&co_grwlock)->value++;
	lw_write_unlock_guarded(&co_grwlock);
	co_sink = lw_down_read_guarded(&co_grwsem)->value;
	lw_up_read_guarded(&co_grwsem);
	lw_down_write_guarded(&co_grwsem)->value++;
	lw_up_write_guarded(&co_grwsem);

	lw_mutex_lock(&co_mutex);
	(*lw_locked_by(&co_sink, &co_mutex))++;
	co_sink = *lw_locked_by_read(&co_sink, &co_mutex);
	lw_mutex_unlock(&co_mutex);
	co_write_guard(lw_mutex_guard, &co_gmutex);
	co_write_guard(lw_spin_guard, &co_gspin);
	co_read_guard(lw_read_guard, &co_grwlock);
	co_write_guard(lw_write_guard, &co_grwlock);
	co_read_guard(lw_down_read_guard, &co_grwsem);
	co_write_guard(lw_down_write_guard, &co_grwsem);
	lw_compile_out_poison();
	lw_compile_out_completions();
	lw_compile_out_condvars(&co_mutex);
	lw_compile_out_irq_guards();
}

/* @unlock if @trylock took its lock. */
#define co_try(trylock, unlock)						\
	do {								\
		int taken = (trylock);					\
									\
		if (taken)						\
			unlock;						\
	} while (0)

/*
 * Every flavour of <@lk>_lock and _unlock, on co_<@v>: the spinlock_t's and
 * the raw spinlock's, both initialised first.
 */
#define co_spin_calls(lk, v)						\
	do {								\
		unsigned long __flags;					\
									\
		lk##_lock_init(&co_##v, &lw_compile_out_class);		\
		lk##_lock(&co_##v);					\
		lk##_unlock(&co_##v);					\
		lk##_lock_bh(&co_##v);					\
		lk##_unlock_bh(&co_##v);				\
		lk##_lock_irq(&co_##v);					\
		lk##_unlock_irq(&co_##v);				\
		lk##_lock_irqsave(&co_##v, __flags);			\
		lk##_unlock_irqrestore(&co_##v, __flags);		\
		lk##_lock_nested(&co_##v, SINGLE_DEPTH_NESTING);	\
		lk##_unlock(&co_##v);					\
		if (lk##_trylock(&co_##v))				\
			lk##_unlock(&co_##v);				\
	} while (0)

/* A block holding guard() class @class on @l. */
#define co_kernel_guard(class, l)					\
	do {								\
		guard(class)(l);					\
		co_sink++;						\
	} while (0)

/* The guard() classes of the interrupt flavours: the plain calls. */
static void __init lw_compile_out_kernel_guards(void)
{
#ifdef LW_HAVE_CLEANUP_H
	co_kernel_guard(lw_spinlock_bh, &co_sspin);
	co_kernel_guard(lw_spinlock_irq, &co_sspin);
	co_kernel_guard(lw_spinlock_irqsave, &co_sspin);
	co_kernel_guard(lw_raw_spinlock_bh, &co_sraw);
	co_kernel_guard(lw_raw_spinlock_irq, &co_sraw);
	co_kernel_guard(lw_raw_spinlock_irqsave, &co_sraw);
	co_kernel_guard(lw_read_lock_bh, &co_srwlock);
	co_kernel_guard(lw_read_lock_irq, &co_srwlock);
	co_kernel_guard(lw_read_lock_irqsave, &co_srwlock);
	co_kernel_guard(lw_write_lock_bh, &co_srwlock);
	co_kernel_guard(lw_write_lock_irq, &co_srwlock);
	co_kernel_guard(lw_write_lock_irqsave, &co_srwlock);
#endif
}

/*
 * Static locks, state queries, the trylock and wait flavours, assertions and
 * might_lock compiled out: the kernel's calls.
 */
static void __init lw_compile_out_api(void)
{
	unsigned long flags;

	lw_class_init(&co_run_class, "co_run", 4);
	lw_mutex_lock(&co_smutex);
	lw_assert_held_once(&co_smutex);
	co_sink += lw_mutex_is_locked(&co_smutex);
	lw_mutex_unlock(&co_smutex);
	lw_assert_not_held(&co_smutex);
	lw_might_lock(&co_smutex);
	co_try(lw_spin_trylock_bh(&co_sspin), lw_spin_unlock_bh(&co_sspin));
	co_try(lw_spin_trylock_irq(&co_sspin), lw_spin_unlock_irq(&co_sspin));
	co_try(lw_spin_trylock_irqsave(&co_sspin, flags),
	       lw_spin_unlock_irqrestore(&co_sspin, flags));
	co_sink += lw_spin_is_locked(&co_sspin);
	co_try(lw_raw_spin_trylock_bh(&co_sraw), lw_raw_spin_unlock_bh(&co_sraw));
	co_try(lw_raw_spin_trylock_irq(&co_sraw), lw_raw_spin_unlock_irq(&co_sraw));
	co_try(lw_raw_spin_trylock_irqsave(&co_sraw, flags),
	       lw_raw_spin_unlock_irqrestore(&co_sraw, flags));
	co_sink += lw_raw_spin_is_locked(&co_sraw);
	co_try(lw_write_trylock_irqsave(&co_srwlock, flags),
	       lw_write_unlock_irqrestore(&co_srwlock, flags));
	lw_might_lock_read(&co_srwlock);
	co_try(!lw_down_read_interruptible(&co_srwsem), lw_up_read(&co_srwsem));
	co_try(!lw_down_read_killable(&co_srwsem), lw_up_read(&co_srwsem));
	co_try(!lw_down_write_killable(&co_srwsem), lw_up_write(&co_srwsem));
	co_sink += lw_rwsem_is_locked(&co_srwsem);
	lw_compile_out_kernel_guards();
}

static int __init lw_compile_out_init(void)
{
	unsigned long flags;

	lw_mutex_init(&co_mutex, &lw_compile_out_class);
	lw_mutex_init(&co_mutex2);
	lw_mutex_lock(&co_mutex);
	lw_assert_held(&co_mutex);
	lw_mutex_lock_nested(&co_mutex2, SINGLE_DEPTH_NESTING);
	lw_mutex_unlock(&co_mutex2);
	lw_mutex_unlock(&co_mutex);
	lw_mutex_lock_pair(&co_mutex, &co_mutex2);
	lw_mutex_unlock(&co_mutex2);
	lw_mutex_unlock(&co_mutex);
	if (!lw_mutex_lock_interruptible(&co_mutex))
		lw_mutex_unlock(&co_mutex);
	if (!lw_mutex_lock_killable(&co_mutex))
		lw_mutex_unlock(&co_mutex);
	if (lw_mutex_trylock(&co_mutex))
		lw_mutex_unlock(&co_mutex);

	co_spin_calls(lw_spin, spin);
	lw_spin_lock_irqsave_nested(&co_spin, flags, SINGLE_DEPTH_NESTING);
	lw_spin_unlock_irqrestore(&co_spin, flags);

	co_spin_calls(lw_raw_spin, raw);
	lw_raw_spin_lock(&co_raw);
	lw_assert_held(&co_raw);
	lw_raw_spin_unlock(&co_raw);

	lw_rwlock_init(&co_rwlock);
	lw_read_lock(&co_rwlock);
	lw_read_unlock(&co_rwlock);
	lw_write_lock_irqsave(&co_rwlock, flags);
	lw_write_unlock_irqrestore(&co_rwlock, flags);
	lw_write_lock_nested(&co_rwlock, SINGLE_DEPTH_NESTING);
	lw_write_unlock(&co_rwlock);

	lw_init_rwsem(&co_rwsem, &lw_compile_out_class);
	lw_down_write(&co_rwsem);
	lw_downgrade_write(&co_rwsem);
	lw_up_read(&co_rwsem);
	lw_down_read_nested(&co_rwsem, SINGLE_DEPTH_NESTING);
	lw_up_read(&co_rwsem);
	lw_down_write_nested(&co_rwsem, SINGLE_DEPTH_NESTING);
	lw_up_write(&co_rwsem);
	lw_check_freed(&co_rwsem, sizeof(co_rwsem));
	lw_mutex_destroy(&co_mutex2);

	lw_owned_init(&co_msgs[0].own);
	lw_owned_init(&co_msgs[1].own);
	lw_owned_get(&co_msgs[0].own, &co_msgs[0])->val = 1;
	lw_owned_give(&co_msgs[0].own);
	lw_owned_take(&co_msgs[0].own);
	lw_owned_assert(&co_msgs[0].own);
	lw_chan_init(&co_chan, co_slots, ARRAY_SIZE(co_slots));
	if (lw_chan_send(&co_chan, &co_msgs[0].own) ||
	    lw_chan_send(&co_chan, &co_msgs[1].own) != -ENOSPC ||
	    lw_chan_recv_entry(&co_chan, struct co_msg, own) != &co_msgs[0] ||
	    lw_chan_recv(&co_chan))
		return -EINVAL;
	lw_owned_destroy(&co_msgs[0].own);
	lw_owned_destroy(&co_msgs[1].own);
	lw_compile_out_guarded();
	lw_compile_out_api();
	return 0;
}
module_init(lw_compile_out_init);

MODULE_DESCRIPTION("lockwarden compiled out: plain kernel locks");
MODULE_LICENSE("GPL");
