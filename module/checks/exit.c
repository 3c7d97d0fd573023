// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden's task-exit hook: a task that exits holding tracked locks is a
 * finding for each. A lock that guards data (guarded.h) is the one
 * exception to lockwarden's rule of only observing, as the guarded API
 * promises (the robust-futex contract): its data is poisoned and, a
 * sleeping lock, it is released for the task, so that the next locker is
 * told (-EOWNERDEAD) instead of waiting forever. Every other lock is left
 * held, as the kernel leaves it (on a lockdep kernel, do_exit()'s
 * debug_check_no_locks_held() reports it too).
 *
 * The hook is a probe on the sched_process_exit tracepoint, which a module
 * can attach to on a stock kernel: the tracepoint is not exported, but
 * for_each_kernel_tracepoint() finds it. do_exit() fires it in the exiting
 * task, after exit_mm() and before debug_check_no_locks_held(); probes run
 * with preemption disabled. Only the exiting task's own held-lock stack is
 * touched, by that task, as held.c requires.
 *
 * Guarded spinning locks (lw_spinlock, lw_rwlock) are reported and
 * poisoned but not released: a task cannot sleep in do_exit() holding one,
 * the kernel reports that itself ("scheduling while atomic", the preempt
 * count at exit), and whether to restore interrupts or bottom halves is not
 * known here.
 *
 * The lock's own memory may be gone by now (freed while held: a bug of its
 * own, reported if the driver checked the free). So only a guarded lock's
 * memory is touched, after a copy read without faulting shows it still is
 * that lock: guarded, of the class the entry records.
 */
#include "checks/fast.h"

#include <linux/tracepoint.h>
#include <linux/uaccess.h>
#include <trace/events/sched.h>

/* === Data === */

/* The sched_process_exit tracepoint, once the probe is attached. */
static struct tracepoint *lw_exit_tp;

/* === Internals === */

/* Release, for the current task, the kernel lock of @dep, held as @flags. */
static void lw_exit_release(struct lw_dep_map *dep, u8 type, unsigned int flags)
{
	switch (type) {
	case LW_LOCK_MUTEX:
		mutex_unlock(&container_of(dep, struct lw_mutex, dep)->lock);
		break;
	case LW_LOCK_RWSEM:
		if (flags & LW_ACQ_READ)
			up_read(&container_of(dep, struct lw_rwsem, dep)->lock);
		else
			up_write(&container_of(dep, struct lw_rwsem, dep)->lock);
		break;
	default:
		break;
	}
}

/*
 * Whether the held entry @h still leads to a live lock that guards data:
 * its lw_dep_map, read without faulting, names the entry's class and is
 * marked guarded. Sets *@type to its lock type and *@unmatched to whether
 * a release of it matched no hold of its releaser (LW_DEP_UNMATCHED).
 * Precondition: the engine lock is held.
 */
static bool lw_exit_guarded(const struct lw_held_lock *h, u8 *type, bool *unmatched)
{
	struct lw_dep_map copy;

	if (copy_from_kernel_nofault(&copy, h->dep, sizeof(copy)))
		return false;
	*type = copy.type;
	*unmatched = test_bit(LW_DEP_UNMATCHED, &copy.flags);
	return copy.class && copy.class == lw_class_get(h->class) &&
	       test_bit(LW_DEP_GUARDED, &copy.flags);
}

/*
 * Whether the exit hook releases, for the exiting task, a guarded lock of
 * @type that its entry holds as @flags say: a sleeping one, but not a read
 * hold of an rw_semaphore after a release of it that matched no hold of
 * its releaser (@unmatched): the kernel counts readers, not which ones, so
 * that release may have been of this task's hold, and this one another
 * reader's.
 */
static bool lw_exit_releases(u8 type, unsigned int flags, bool unmatched)
{
	if (type == LW_LOCK_RWSEM)
		return !(flags & LW_ACQ_READ) || !unmatched;
	return type == LW_LOCK_MUTEX;
}

/*
 * Take the topmost lock off the current task's stack: a finding, and poison
 * if it guards data. Returns false when the task holds no tracked lock.
 * Sets *@depp, *@typep and *@flagsp to the lock, its type and how it was
 * held, and *@release to whether its kernel lock is to be released.
 */
static bool lw_exit_pop(struct lw_dep_map **depp, u8 *typep, unsigned int *flagsp,
			bool *release)
{
	struct lw_pending pending = { };
	struct lw_finding_in in = { .kind = LW_KIND_EXIT_HELD, .nr = 1 };
	struct lw_held_stack *s;
	struct lw_held_lock *h;
	unsigned long irqflags;
	bool guarded, vouched, unmatched = false;

	if (!lw_engine_lock(&irqflags))
		return false;
	s = lw_held_current(false);
	if (!s || !s->depth) {
		lw_engine_unlock(irqflags);
		return false;
	}
	h = &s->locks[s->depth - 1];
	*depp = h->dep;
	*flagsp = h->flags;
	*release = false;
	/*
	 * A stale entry is no hold lockwarden vouches for, nor any while
	 * checking is going on (the release of an entry may have gone unseen),
	 * nor one of guarded data that the kernel says is not this task's:
	 * dropped, unreported.
	 */
	vouched = lw_held_live(h) && !lw_engine.switching;
	guarded = vouched && lw_exit_guarded(h, typep, &unmatched);
	if (guarded && !lw_dep_may_be_mine(h->dep, h->flags)) {
		vouched = false;
		guarded = false;
	}
	if (vouched) {
		*release = guarded && lw_exit_releases(*typep, h->flags, unmatched);
		if (guarded) {
			set_bit(LW_DEP_POISONED_EXIT, &h->dep->flags);
			lw_poison_dep(h->dep, h->ip);
		}
		in.cls[0] = lw_class_name(h->class);
		in.sub[0] = lw_class_subclass(h->class);
		in.ip[0] = h->ip;
		in.detail.exit.guarded = guarded;
		in.detail.exit.released = *release;
		lw_raise(&pending, &in);
	}
	lw_held_drop(s, *depp);
	lw_engine_unlock(irqflags);
	lw_flush(&pending);
	return true;
}

/*
 * The probe: @p is the exiting task, current. Each lock it holds, newest
 * first, is reported; one that guards data is poisoned and, if it sleeps,
 * released.
 */
static void lw_exit_probe(void *data, LW_SCHED_EXIT_PROTO)
{
	struct lw_dep_map *dep;
	unsigned int flags;
	bool release;
	u8 type = 0;

	if (!static_key_enabled(&lockwarden_enabled) || p != current)
		return;
	while (lw_exit_pop(&dep, &type, &flags, &release))
		if (release)
			lw_exit_release(dep, type, flags);
}

static void lw_exit_find_tp(struct tracepoint *tp, void *priv)
{
	struct tracepoint **found = priv;

	if (!strcmp(tp->name, "sched_process_exit"))
		*found = tp;
}

/* === Interface to main.c === */

/*
 * Attach the probe. Without the tracepoint (a kernel without
 * CONFIG_TRACEPOINTS) lockwarden works on, without the hook: -ENOENT.
 */
int lw_exit_hook_init(void)
{
	struct tracepoint *tp = NULL;
	int ret;

	/* The build fails if the probe's prototype is not the tracepoint's. */
	check_trace_callback_type_sched_process_exit(lw_exit_probe);
	for_each_kernel_tracepoint(lw_exit_find_tp, &tp);
	if (!tp)
		return -ENOENT;
	ret = tracepoint_probe_register(tp, lw_exit_probe, NULL);
	if (!ret)
		lw_exit_tp = tp;
	return ret;
}

/* Detach the probe and wait until no task runs it. */
void lw_exit_hook_exit(void)
{
	if (!lw_exit_tp)
		return;
	tracepoint_probe_unregister(lw_exit_tp, lw_exit_probe, NULL);
	tracepoint_synchronize_unregister();
	lw_exit_tp = NULL;
}
