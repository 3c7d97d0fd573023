/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lockwarden compat: every kernel-version-dependent definition, in one place.
 *
 * Supported: 6.1 LTS and newer, PREEMPT_RT included; built and tested on
 * Debian's 6.1 and 6.12 kernels, on 6.12 PREEMPT_RT and on Debian
 * unstable's newest kernel and its PREEMPT_RT flavour (7.2 in December
 * 2026). Code elsewhere in
 * lockwarden uses only the names defined here and never tests the kernel
 * version itself.
 */
#ifndef _LOCKWARDEN_COMPAT_H
#define _LOCKWARDEN_COMPAT_H

#include <linux/version.h>
#include <linux/hrtimer.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>

/* Whether the kernel is release @major.@minor or a later one. */
#define LW_KERNEL_AT_LEAST(major, minor)				\
	(LINUX_VERSION_MAJOR * 256 + LINUX_VERSION_PATCHLEVEL >= (major) * 256 + (minor))

/*
 * Symbol namespace of lockwarden's exports. Since 6.13 the namespace
 * arguments of EXPORT_SYMBOL_NS_GPL() and MODULE_IMPORT_NS() are string
 * literals; before, they were bare identifiers that the macros stringified.
 */
#if LW_KERNEL_AT_LEAST(6, 13)
#define LW_NS "LOCKWARDEN"
#else
#define LW_NS LOCKWARDEN
#endif

/*
 * linux/cleanup.h, with DEFINE_GUARD(), guard() and scoped_guard(), arrived
 * in 6.5 and was backported to later 6.1 stable releases (Debian's 6.1 has
 * it), so its presence is tested, not the version: every kernel that has
 * it defines its mutex guard class in <linux/mutex.h>, which includes it.
 * (__has_include() would do, but Debian 12's sparse does not know it.)
 * lockwarden's own scoped guards need only __cleanup, which every
 * supported kernel has.
 */
#ifdef DEFINE_GUARD
#define LW_HAVE_CLEANUP_H 1
#endif

/*
 * Trylock of the kernel lock inside an lw_spinlock or lw_rwlock, without the
 * sparse context the kernel's spin_trylock() and read_trylock() macros add
 * (__cond_lock()): lockwarden's own annotations count the acquisition. On
 * PREEMPT_RT spinlock_t and rwlock_t are sleeping locks built on an
 * rt_mutex, spinlock_t has no rlock member and the _raw_*_trylock()
 * functions of rwlock_t do not exist: the rt_*_trylock() functions take
 * their place (CONFIG_PREEMPT_RT is the switch the kernel's own
 * <linux/spinlock.h> and <linux/rwlock.h> use).
 */
#ifdef CONFIG_PREEMPT_RT
#define lw_compat_spin_trylock(lock)	rt_spin_trylock(lock)
#define lw_compat_read_trylock(lock)	rt_read_trylock(lock)
#define lw_compat_write_trylock(lock)	rt_write_trylock(lock)
#else
#define lw_compat_spin_trylock(lock)	_raw_spin_trylock(&(lock)->rlock)
#define lw_compat_read_trylock(lock)	_raw_read_trylock(lock)
#define lw_compat_write_trylock(lock)	_raw_write_trylock(lock)
#endif

/*
 * KUnit integration (module/kunit.c) needs KUnit built in, as the kernel's
 * own hook for analysis tools does on 6.1 (kunit_fail_current_test() in
 * <kunit/test-bug.h>): lockwarden.ko then never depends on kunit.ko. The
 * running test is current->kunit_test, a field every supported kernel with
 * KUnit has; 6.3 added kunit_get_current_test(), which reads the same field.
 */
#if IS_BUILTIN(CONFIG_KUNIT)
#define LW_HAVE_KUNIT 1
#define lw_current_kunit_test()	(current->kunit_test)

#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/preempt.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>

/*
 * A test's log: up to 6.6 a char array of KUNIT_LOG_SIZE bytes, which
 * kunit_log_append() fills without allocating, in any context; from 6.7 a
 * string_stream, to which it appends by allocating with GFP_KERNEL. The
 * macro KUNIT_LOG_SIZE tells which. lw_kunit_log_may_append() is true where
 * appending to a test's log is safe: where the task may sleep, and is not
 * about to (a condvar's sleep releases its mutex queued as a waiter, its
 * state no longer TASK_RUNNING, and an allocation there could wake it).
 */
#ifdef KUNIT_LOG_SIZE
#define lw_kunit_log_may_append()	true
#else
#define lw_kunit_log_may_append()					\
	(preemptible() && !rcu_preempt_depth() && task_is_running(current))
#endif

#endif

/*
 * A KUnit case of lockwarden's own tests that takes seconds: from 6.6 one
 * whose speed attribute is slow (kunit.filter="speed>slow" leaves it out,
 * and KUnit does not ask for the mark), a plain case before.
 */
#if IS_ENABLED(CONFIG_KUNIT)
#include <kunit/test.h>

#ifdef KUNIT_CASE_SLOW
#define LW_KUNIT_CASE_SLOW(test_name)		KUNIT_CASE_SLOW(test_name)
#define LW_KUNIT_CASE_PARAM_SLOW(test_name, gen)			\
	KUNIT_CASE_PARAM_ATTR(test_name, gen, { .speed = KUNIT_SPEED_SLOW })
#else
#define LW_KUNIT_CASE_SLOW(test_name)		KUNIT_CASE(test_name)
#define LW_KUNIT_CASE_PARAM_SLOW(test_name, gen) KUNIT_CASE_PARAM(test_name, gen)
#endif
#endif

/*
 * The arguments of a probe on the sched_process_exit tracepoint (after the
 * probe's data pointer), as TP_PROTO() in include/trace/events/sched.h
 * declares them: a probe must match exactly on kernels with kCFI. 6.1 and
 * 6.12 have (struct task_struct *p); 6.16 added bool group_dead (and fires
 * the tracepoint earlier in do_exit(), before exit_mm()). The probe is
 * checked against the tracepoint's own prototype when it is built
 * (check_trace_callback_type_sched_process_exit()): a kernel that changes
 * them again fails to build and needs its own line here, the probe using
 * only @p.
 */
#if LW_KERNEL_AT_LEAST(6, 16)
#define LW_SCHED_EXIT_PROTO	struct task_struct *p, bool group_dead
#else
#define LW_SCHED_EXIT_PROTO	struct task_struct *p
#endif

/*
 * Set up an hrtimer to call @fn: hrtimer_setup() from 6.13, which replaced
 * hrtimer_init() and the assignment of its function (gone since).
 */
static inline void lw_compat_hrtimer_setup(struct hrtimer *t,
					   enum hrtimer_restart (*fn)(struct hrtimer *),
					   clockid_t clock, enum hrtimer_mode mode)
{
#if LW_KERNEL_AT_LEAST(6, 13)
	hrtimer_setup(t, fn, clock, mode);
#else
	hrtimer_init(t, clock, mode);
	t->function = fn;
#endif
}

/*
 * Whether anyone holds spinlock_t @l, from its own state (spin_is_locked(),
 * spelled out so that it reads as the state query it is here, not as a
 * lock assertion): a raw spinlock, or on PREEMPT_RT an rt_mutex.
 */
static inline bool lw_compat_spin_is_locked(spinlock_t *l)
{
#ifdef CONFIG_PREEMPT_RT
	return rt_mutex_base_is_locked(&l->lock);
#else
	return raw_spin_is_locked(&l->rlock);
#endif
}

/*
 * Whether anyone holds rwlock_t @l, from its own state: the kernel has no
 * rwlock_is_locked(). On PREEMPT_RT an rwlock_t is an rwbase_rt; otherwise
 * a queued rwlock counts its readers and writer in cnts (a waiting writer
 * counts too: "held" then errs on the side of no finding). Where neither
 * is known, every rwlock_t is taken to be held, for the same reason.
 */
static inline bool lw_compat_rwlock_is_locked(rwlock_t *l)
{
#if defined(CONFIG_PREEMPT_RT)
	return rw_base_is_locked(&l->rwbase);
#elif defined(CONFIG_QUEUED_RWLOCKS)
	return atomic_read(&l->raw_lock.cnts);
#else
	return true;
#endif
}

#ifdef CONFIG_PREEMPT_RT
/*
 * On PREEMPT_RT: the task that holds rt_mutex @m (the owner word, bit 0
 * "has waiters" masked), or NULL.
 */
static inline struct task_struct *lw_rt_mutex_owner(struct rt_mutex_base *m)
{
	return (struct task_struct *)((unsigned long)READ_ONCE(m->owner) & ~1UL);
}

/*
 * On PREEMPT_RT: the writer of @rwb, an rw_semaphore's or rwlock_t's base,
 * or NULL. The writer holds the rt_mutex; so does, for a moment, a reader
 * on its slow path, and a writer that waits for the readers to leave:
 * readers at WRITER_BIAS tells the writer that holds it.
 */
static inline struct task_struct *lw_rwbase_writer(struct rwbase_rt *rwb)
{
	struct task_struct *owner = lw_rt_mutex_owner(&rwb->rtmutex);

	return atomic_read(&rwb->readers) == WRITER_BIAS ? owner : NULL;
}
#endif

/*
 * The task that holds mutex @m, from its own state, or NULL when it is free
 * or the kernel does not say: the owner word with its flag bits masked
 * (the low three bits of a mutex's owner; on PREEMPT_RT, its rt_mutex's).
 * A racy read.
 */
static inline struct task_struct *lw_mutex_owner(struct mutex *m)
{
#ifdef CONFIG_PREEMPT_RT
	return lw_rt_mutex_owner(&m->rtmutex);
#else
	return (struct task_struct *)(atomic_long_read(&m->owner) & ~0x07UL);
#endif
}

/*
 * The task that holds spinlock_t @l, from its own state, or NULL when it is
 * free or the kernel does not say: on PREEMPT_RT, where it is a sleeping
 * lock, the owner of its rt_mutex; a spinning lock names no owner. A racy
 * read.
 */
static inline struct task_struct *lw_spin_owner(spinlock_t *l)
{
#ifdef CONFIG_PREEMPT_RT
	return lw_rt_mutex_owner(&l->lock);
#else
	return NULL;
#endif
}

/*
 * The task that holds rwlock_t @l for writing, from its own state, or NULL
 * when none does or the kernel does not say: on PREEMPT_RT, where it is a
 * sleeping lock, its rwbase's writer; a spinning one names no owner. A
 * racy read.
 */
static inline struct task_struct *lw_rwlock_writer(rwlock_t *l)
{
#ifdef CONFIG_PREEMPT_RT
	return lw_rwbase_writer(&l->rwbase);
#else
	return NULL;
#endif
}

/*
 * The task that holds rw_semaphore @s for writing, from its own state, or
 * NULL when none does or the kernel does not say: the owner word names the
 * writer, unless bit 0 (reader-owned) is set; on PREEMPT_RT its rwbase's
 * writer. A racy read.
 */
static inline struct task_struct *lw_rwsem_writer(struct rw_semaphore *s)
{
#ifdef CONFIG_PREEMPT_RT
	return lw_rwbase_writer(&s->rwbase);
#else
	unsigned long owner = atomic_long_read(&s->owner);

	return owner & 1UL ? NULL : (struct task_struct *)(owner & ~0x07UL);
#endif
}

#endif /* _LOCKWARDEN_COMPAT_H */
