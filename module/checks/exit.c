// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden's task-exit hook: a task that exits holding tracked locks is a
 * finding for each, its guarded data is poisoned, and its sleeping locks
 * are released for it, so that other tasks are not stuck forever and, on a
 * lockdep kernel, do_exit()'s debug_check_no_locks_held() finds nothing.
 *
 * The hook is a probe on the sched_process_exit tracepoint, which a module
 * can attach to on a stock kernel: the tracepoint is not exported, but
 * for_each_kernel_tracepoint() finds it. do_exit() fires it in the exiting
 * task, after exit_mm() and before debug_check_no_locks_held(); probes run
 * with preemption disabled. Only the exiting task's own held-lock stack is
 * touched, by that task, as held.c requires.
 *
 * Spinning locks (lw_spinlock, lw_rwlock) are reported and poisoned but not
 * released: a task cannot sleep in do_exit() holding one, the kernel reports
 * that itself ("scheduling while atomic", the preempt count at exit), and
 * whether to restore interrupts or bottom halves is not known here.
 */
#include "checks/fast.h"

#include <linux/tracepoint.h>
#include <trace/events/sched.h>

/* === Data === */

/* The sched_process_exit tracepoint, once the probe is attached. */
static struct tracepoint *lw_exit_tp;

/* === Internals === */

/* Release, for the current task, the kernel lock of @dep, held as @flags. */
static void lw_exit_release(struct lw_dep_map *dep, unsigned int flags)
{
	switch (dep->type) {
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
 * Take the topmost lock off the current task's stack: a finding, poison if
 * it guards data. Returns false when the task holds no tracked lock. Sets
 * *@depp and *@flagsp to the lock and how it was held, *@release to whether
 * its kernel lock is to be released.
 */
static bool lw_exit_pop(struct lw_dep_map **depp, unsigned int *flagsp, bool *release)
{
	struct lw_pending pending = { };
	struct lw_finding_in in = { .kind = LW_KIND_EXIT_HELD, .nr = 1 };
	struct lw_held_stack *s;
	struct lw_held_lock *h;
	struct lw_class *class;
	unsigned long irqflags;
	struct lw_dep_map *dep;
	bool guarded;

	if (!lw_engine_lock(&irqflags))
		return false;
	s = lw_held_current(false);
	if (!s || !s->depth) {
		lw_engine_unlock(irqflags);
		return false;
	}
	h = &s->locks[s->depth - 1];
	dep = h->dep;
	guarded = test_bit(LW_DEP_GUARDED, &dep->flags);
	*release = dep->type == LW_LOCK_MUTEX || dep->type == LW_LOCK_RWSEM;
	if (guarded) {
		set_bit(LW_DEP_POISONED_EXIT, &dep->flags);
		lw_poison_dep(dep, h->ip);
	}
	class = lw_class_get(h->class);
	in.cls[0] = class ? class->name : "?";
	in.sub[0] = lw_class_subclass(h->class);
	in.ip[0] = h->ip;
	in.rank[0] = guarded;
	in.rank[1] = *release;
	lw_raise(&pending, &in);
	*depp = dep;
	*flagsp = h->flags;
	lw_held_drop(s, dep);
	lw_engine_unlock(irqflags);
	lw_flush(&pending);
	return true;
}

/*
 * The probe: @p is the exiting task, current. Each lock it holds, newest
 * first, is reported, poisoned if it guards data and released if it sleeps.
 */
static void lw_exit_probe(void *data, LW_SCHED_EXIT_PROTO)
{
	struct lw_dep_map *dep;
	unsigned int flags;
	bool release;

	if (!static_key_enabled(&lockwarden_enabled) || p != current)
		return;
	while (lw_exit_pop(&dep, &flags, &release))
		if (release)
			lw_exit_release(dep, flags);
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
