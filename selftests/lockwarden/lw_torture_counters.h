/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lw_torture_counters.h: every counter the torture keeps, each as
 * LW_TT_COUNTER(NAME, name): LW_TTC_<NAME> of enum lw_tt_counter, which
 * the stats file prints as <name>. The operations by kind (each must run
 * at least once in a run), then events that may or may not happen, then
 * the errors (each must stay 0). Included, with no guard, where
 * LW_TT_COUNTER() is defined: lw_torture.h and lw_torture_main.c.
 */
/* The operations, each counted when it took its lock (or ran). */
LW_TT_COUNTER(MUTEX_LOCK, mutex_lock),
LW_TT_COUNTER(MUTEX_LOCK_INTERRUPTIBLE, mutex_lock_interruptible),
LW_TT_COUNTER(MUTEX_LOCK_KILLABLE, mutex_lock_killable),
LW_TT_COUNTER(MUTEX_TRYLOCK, mutex_trylock),
LW_TT_COUNTER(MUTEX_LOCK_NESTED, mutex_lock_nested),
LW_TT_COUNTER(MUTEX_LOCK_PAIR, mutex_lock_pair),
LW_TT_COUNTER(SPIN_LOCK, spin_lock),
LW_TT_COUNTER(SPIN_LOCK_BH, spin_lock_bh),
LW_TT_COUNTER(SPIN_LOCK_IRQ, spin_lock_irq),
LW_TT_COUNTER(SPIN_LOCK_IRQSAVE, spin_lock_irqsave),
LW_TT_COUNTER(SPIN_LOCK_NESTED, spin_lock_nested),
LW_TT_COUNTER(SPIN_LOCK_IRQSAVE_NESTED, spin_lock_irqsave_nested),
LW_TT_COUNTER(SPIN_TRYLOCK, spin_trylock),
LW_TT_COUNTER(READ_LOCK, read_lock),
LW_TT_COUNTER(READ_LOCK_BH, read_lock_bh),
LW_TT_COUNTER(READ_LOCK_IRQ, read_lock_irq),
LW_TT_COUNTER(READ_LOCK_IRQSAVE, read_lock_irqsave),
LW_TT_COUNTER(READ_TRYLOCK, read_trylock),
LW_TT_COUNTER(WRITE_LOCK, write_lock),
LW_TT_COUNTER(WRITE_LOCK_BH, write_lock_bh),
LW_TT_COUNTER(WRITE_LOCK_IRQ, write_lock_irq),
LW_TT_COUNTER(WRITE_LOCK_IRQSAVE, write_lock_irqsave),
LW_TT_COUNTER(WRITE_LOCK_NESTED, write_lock_nested),
LW_TT_COUNTER(WRITE_TRYLOCK, write_trylock),
LW_TT_COUNTER(DOWN_READ, down_read),
LW_TT_COUNTER(DOWN_READ_NESTED, down_read_nested),
LW_TT_COUNTER(DOWN_READ_TRYLOCK, down_read_trylock),
LW_TT_COUNTER(DOWN_WRITE, down_write),
LW_TT_COUNTER(DOWN_WRITE_NESTED, down_write_nested),
LW_TT_COUNTER(DOWN_WRITE_TRYLOCK, down_write_trylock),
LW_TT_COUNTER(DOWNGRADE_WRITE, downgrade_write),
LW_TT_COUNTER(MUTEX_LOCK_GUARDED, mutex_lock_guarded),
LW_TT_COUNTER(MUTEX_LOCK_GUARDED_CHECK, mutex_lock_guarded_check),
LW_TT_COUNTER(MUTEX_GUARD, mutex_guard),
LW_TT_COUNTER(SPIN_LOCK_GUARDED, spin_lock_guarded),
LW_TT_COUNTER(SPIN_LOCK_GUARDED_CHECK, spin_lock_guarded_check),
LW_TT_COUNTER(SPIN_GUARD, spin_guard),
LW_TT_COUNTER(SPIN_GUARD_BH, spin_guard_bh),
LW_TT_COUNTER(SPIN_GUARD_IRQ, spin_guard_irq),
LW_TT_COUNTER(SPIN_GUARD_IRQSAVE, spin_guard_irqsave),
LW_TT_COUNTER(READ_LOCK_GUARDED, read_lock_guarded),
LW_TT_COUNTER(READ_LOCK_GUARDED_CHECK, read_lock_guarded_check),
LW_TT_COUNTER(READ_GUARD, read_guard),
LW_TT_COUNTER(READ_GUARD_BH, read_guard_bh),
LW_TT_COUNTER(READ_GUARD_IRQ, read_guard_irq),
LW_TT_COUNTER(READ_GUARD_IRQSAVE, read_guard_irqsave),
LW_TT_COUNTER(WRITE_LOCK_GUARDED, write_lock_guarded),
LW_TT_COUNTER(WRITE_LOCK_GUARDED_CHECK, write_lock_guarded_check),
LW_TT_COUNTER(WRITE_GUARD, write_guard),
LW_TT_COUNTER(WRITE_GUARD_BH, write_guard_bh),
LW_TT_COUNTER(WRITE_GUARD_IRQ, write_guard_irq),
LW_TT_COUNTER(WRITE_GUARD_IRQSAVE, write_guard_irqsave),
LW_TT_COUNTER(DOWN_READ_GUARDED, down_read_guarded),
LW_TT_COUNTER(DOWN_READ_GUARDED_CHECK, down_read_guarded_check),
LW_TT_COUNTER(DOWN_READ_GUARD, down_read_guard),
LW_TT_COUNTER(DOWN_WRITE_GUARDED, down_write_guarded),
LW_TT_COUNTER(DOWN_WRITE_GUARDED_CHECK, down_write_guarded_check),
LW_TT_COUNTER(DOWN_WRITE_GUARD, down_write_guard),
LW_TT_COUNTER(GUARD_LW_MUTEX, guard_lw_mutex),
LW_TT_COUNTER(GUARD_LW_SPINLOCK, guard_lw_spinlock),
LW_TT_COUNTER(GUARD_LW_READ_LOCK, guard_lw_read_lock),
LW_TT_COUNTER(GUARD_LW_WRITE_LOCK, guard_lw_write_lock),
LW_TT_COUNTER(GUARD_LW_RWSEM_READ, guard_lw_rwsem_read),
LW_TT_COUNTER(GUARD_LW_RWSEM_WRITE, guard_lw_rwsem_write),
LW_TT_COUNTER(GUARDED, guarded),
LW_TT_COUNTER(GUARDED_READ, guarded_read),
LW_TT_COUNTER(LOCKED_BY, locked_by),
LW_TT_COUNTER(LOCKED_BY_READ, locked_by_read),
LW_TT_COUNTER(GUARDED_RACY, guarded_racy),
LW_TT_COUNTER(TRYLOCK_REVERSE, trylock_reverse),
LW_TT_COUNTER(OWNED_INIT, owned_init),
LW_TT_COUNTER(OWNED_DESTROY, owned_destroy),
LW_TT_COUNTER(OWNED_SEND_TASK, owned_send_task),
LW_TT_COUNTER(OWNED_SEND_SOFTIRQ, owned_send_softirq),
LW_TT_COUNTER(OWNED_SEND_HARDIRQ, owned_send_hardirq),
LW_TT_COUNTER(OWNED_RECV_TASK, owned_recv_task),
LW_TT_COUNTER(OWNED_RECV_SOFTIRQ, owned_recv_softirq),
LW_TT_COUNTER(OWNED_RECV_HARDIRQ, owned_recv_hardirq),
/* lw_torture_peer.ko's waits and events (it counts them here). */
LW_TT_COUNTER(CONDVAR_NOTIFY_ONE, condvar_notify_one),
LW_TT_COUNTER(CONDVAR_NOTIFY_ALL, condvar_notify_all),
LW_TT_COUNTER(CONDVAR_WAIT_TIMEOUT, condvar_wait_timeout),
LW_TT_COUNTER(CONDVAR_WAIT_EVENT_TIMEOUT, condvar_wait_event_timeout),
LW_TT_COUNTER(COMPLETE, complete),
LW_TT_COUNTER(WAIT_FOR_COMPLETION_TIMEOUT, wait_for_completion_timeout),
LW_TT_COUNTER(NESTS_WORKER, nests_worker),
LW_TT_COUNTER(NESTS_SHORT_LIVED, nests_short_lived),
LW_TT_COUNTER(NESTS_PEER, nests_peer),
LW_TT_COUNTER(NESTS_TIMER, nests_timer),
LW_TT_COUNTER(NESTS_TASKLET, nests_tasklet),
LW_TT_COUNTER(NESTS_IRQ_WORK, nests_irq_work),
LW_TT_COUNTER(NESTS_HRTIMER, nests_hrtimer),
LW_TT_COUNTER(THREADS_EXITED, threads_exited),
/* Events that may or may not happen. */
LW_TT_COUNTER(TRYLOCK_BUSY, trylock_busy),	/* a trylock found the lock taken */
LW_TT_COUNTER(LOCK_INTERRUPTED, lock_interrupted),	/* killable/interruptible: -EINTR */
LW_TT_COUNTER(THREADS_KILLED, threads_killed),	/* SIGKILL sent to a short-lived kthread */
LW_TT_COUNTER(VERBS, verbs),	/* control verbs the guest script wrote */
LW_TT_COUNTER(INJECTED, injected),	/* the inverted pair, taken */
/* Interrupt work skipped: over its share of a CPU. */
LW_TT_COUNTER(IRQ_NESTS_SKIPPED, irq_nests_skipped),
/* Errors: each must stay 0. */
LW_TT_COUNTER(ERR_NOT_TAKEN, err_not_taken),	/* a lock call returned, the kernel lock not held */
LW_TT_COUNTER(ERR_UNLOCK_SKIPPED, err_unlock_skipped),	/* an unlock did not reach the kernel */
LW_TT_COUNTER(ERR_EXCLUSION, err_exclusion),	/* two holders where the lock allows one */
LW_TT_COUNTER(ERR_DATA, err_data),	/* guarded data seen torn */
LW_TT_COUNTER(ERR_POISONED, err_poisoned),	/* a _check lock reported poison */
LW_TT_COUNTER(ERR_OWNED, err_owned),	/* an owned object changed off its owner */
LW_TT_COUNTER(ERR_STALL, err_stall),	/* a context made no progress */
LW_TT_COUNTER(ERR_LEFT_HELD, err_left_held),	/* a lock held after every holder stopped */
LW_TT_COUNTER(ERR_TORTURE, err_torture),	/* the torture's own invariant broken */
