// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden's owned objects: who owns each struct lw_owned, and the
 * findings of its misuse (use after move, a second take, access by a
 * non-owner, freed while owned elsewhere).
 *
 * The state of an object is one word, changed with cmpxchg: the owner's
 * context id, or the giver's with LW_OWNED_MOVING set while the object is in
 * transit. A context id is the task_struct of a task (its pid kept beside
 * it), or a CPU number tagged softirq or hardirq, as fast.h tells contexts
 * apart. The checks take the engine lock only to raise a finding; nothing
 * allocates or sleeps, so every operation works in interrupt context.
 */
#include "checks/fast.h"

#include <linux/pid.h>
#include <linux/sched.h>

/* === Internals === */

#define LW_OWNED_MOVING		1UL	/* given, not yet taken */
#define LW_OWNED_SOFTIRQ	2UL	/* a CPU's softirq context: cpu << 3 | this */
#define LW_OWNED_HARDIRQ	4UL	/* a CPU's hardirq context */

/* The current context's id, with its pid in *@pid; 0 in NMI context. */
static unsigned long lw_owned_me(int *pid)
{
	unsigned long pc = lw_pc();

	*pid = 0;
	if (unlikely(pc & NMI_MASK))
		return 0;
	if (pc & HARDIRQ_MASK)
		return (unsigned long)raw_smp_processor_id() << 3 | LW_OWNED_HARDIRQ;
	if (lw_softirq_count(pc) & SOFTIRQ_OFFSET)
		return (unsigned long)raw_smp_processor_id() << 3 | LW_OWNED_SOFTIRQ;
	*pid = task_pid_nr(current);
	return (unsigned long)current;
}

/*
 * The state of @o, or 0 when it is of an older generation (checking was
 * switched off and on, or reset since @o last changed hands): it is then
 * adopted by @me as its owner, with no finding.
 */
static unsigned long lw_owned_state(struct lw_owned *o, unsigned long me, int pid,
				    unsigned long ip)
{
	unsigned int gen = READ_ONCE(lw_engine.gen);

	if (likely(READ_ONCE(o->gen) == gen))
		return atomic_long_read(&o->owner);
	WRITE_ONCE(o->pid, pid);
	WRITE_ONCE(o->ip, ip);
	atomic_long_set(&o->owner, me);
	WRITE_ONCE(o->gen, gen);
	return 0;
}

/* Whether @state names @me, with pid @pid, as the owner. */
static bool lw_owned_is(const struct lw_owned *o, unsigned long state,
			unsigned long me, int pid)
{
	return state == me && (!pid || READ_ONCE(o->pid) == pid);
}

/*
 * Raise a finding of @kind on @o, used at @ip in @state, against where it
 * last changed hands; its detail says who has it.
 */
static void lw_owned_raise(struct lw_owned *o, enum lw_kind kind,
			   unsigned long state, unsigned long ip)
{
	struct lw_pending pending = { };
	struct lw_finding_in in = {
		.kind = kind,
		.nr = 2,
		.cls = { o->name, o->name },
		.ip = { ip, READ_ONCE(o->ip) },
		.detail.owned = {
			.owner = READ_ONCE(o->pid),
			.ctx = LW_CTX_TASK,
			.in_transit = state & LW_OWNED_MOVING,
		},
	};
	unsigned long irqflags;

	if (state & (LW_OWNED_SOFTIRQ | LW_OWNED_HARDIRQ)) {
		in.detail.owned.owner = state >> 3;
		in.detail.owned.ctx = state & LW_OWNED_HARDIRQ ? LW_CTX_HARDIRQ : LW_CTX_SOFTIRQ;
	}
	if (!lw_engine_lock(&irqflags))
		return;
	/*
	 * Only a verdict on a state of this generation: if checking was
	 * switched off and on, or reset, since @state was read (the checking
	 * context preempted meanwhile, as a PREEMPT_RT softirq thread may
	 * be), a give while off may have gone unseen.
	 */
	if (READ_ONCE(o->gen) == lw_engine.gen)
		lw_raise(&pending, &in);
	lw_engine_unlock(irqflags);
	lw_flush(&pending);
}

/* @me uses @o, in @state, that it does not own: which finding that is. */
static enum lw_kind lw_owned_misuse(const struct lw_owned *o, unsigned long state,
				    unsigned long me)
{
	if (state == (me | LW_OWNED_MOVING) || READ_ONCE(o->giver) == me)
		return LW_KIND_USE_AFTER_MOVE;
	return LW_KIND_NOT_OWNER;
}

/* A use of an owned object: who uses it, and the state it found. */
struct lw_owned_use {
	unsigned long me;	/* the context's id: lw_owned_me() */
	int pid;		/* its pid; 0 for an interrupt context */
	unsigned long state;	/* lw_owned_state(): 0 if adopted by the use */
};

/*
 * The current context uses @o at @ip: who it is, and @o's state, into
 * *@u. False in NMI context, where nothing is checked.
 */
static bool lw_owned_use(struct lw_owned *o, unsigned long ip, struct lw_owned_use *u)
{
	u->me = lw_owned_me(&u->pid);
	if (!u->me)
		return false;
	u->state = lw_owned_state(o, u->me, u->pid, ip);
	return true;
}

/*
 * Use @u of @o at @ip: a finding, and true, if the state it found names
 * another owner, or @o in transit.
 */
static bool lw_owned_check(struct lw_owned *o, const struct lw_owned_use *u, unsigned long ip)
{
	if (!u->state || lw_owned_is(o, u->state, u->me, u->pid))
		return false;
	lw_owned_raise(o, lw_owned_misuse(o, u->state, u->me), u->state, ip);
	return true;
}

/* === Public interface === */

/**
 * lockwarden_owned_init() - make the current context the owner of an object
 * @o: the object's ownership state; use lw_owned_init()
 * @name: the object's name in reports
 */
void lockwarden_owned_init(struct lw_owned *o, const char *name)
{
	int pid;
	unsigned long me = lw_owned_me(&pid);

	o->name = name;
	o->giver = 0;
	o->pid = pid;
	o->ip = _RET_IP_;
	atomic_long_set(&o->owner, me);
	WRITE_ONCE(o->gen, READ_ONCE(lw_engine.gen));
}
EXPORT_SYMBOL_NS_GPL(lockwarden_owned_init, LW_NS);

/**
 * lockwarden_owned_give() - mark an object owned by this context in transit
 * @o: the object's ownership state; use lw_owned_give()
 */
void lockwarden_owned_give(struct lw_owned *o)
{
	struct lw_owned_use u;

	if (!lw_owned_use(o, _RET_IP_, &u) || lw_owned_check(o, &u, _RET_IP_))
		return;
	WRITE_ONCE(o->giver, u.me);
	WRITE_ONCE(o->ip, _RET_IP_);
	/* Publishes giver and ip to the taker; loses only to a racing misuse. */
	atomic_long_cmpxchg_release(&o->owner, u.me, u.me | LW_OWNED_MOVING);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_owned_give, LW_NS);

/**
 * lockwarden_owned_take() - make this context the owner of an object in transit
 * @o: the object's ownership state; use lw_owned_take()
 */
void lockwarden_owned_take(struct lw_owned *o)
{
	struct lw_owned_use u;

	if (!lw_owned_use(o, _RET_IP_, &u) || !u.state)
		return;
	/* Of two receivers, exactly one wins the object. */
	if ((u.state & LW_OWNED_MOVING) &&
	    atomic_long_try_cmpxchg_acquire(&o->owner, &u.state, u.me)) {
		WRITE_ONCE(o->pid, u.pid);
		WRITE_ONCE(o->ip, _RET_IP_);
		return;
	}
	/*
	 * Not in transit. Never given since its init, there is no give this
	 * take could be a second receiver of: its owner taking it changes
	 * nothing, another context takes what it does not own.
	 */
	if (!(u.state & LW_OWNED_MOVING) && !READ_ONCE(o->giver)) {
		if (!lw_owned_is(o, u.state, u.me, u.pid))
			lw_owned_raise(o, LW_KIND_NOT_OWNER, u.state, _RET_IP_);
		return;
	}
	lw_owned_raise(o, LW_KIND_DOUBLE_TAKE, u.state, _RET_IP_);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_owned_take, LW_NS);

/**
 * lockwarden_owned_assert() - a finding unless this context owns an object
 * @o: the object's ownership state; use lw_owned_assert()
 */
void lockwarden_owned_assert(struct lw_owned *o)
{
	struct lw_owned_use u;

	if (lw_owned_use(o, _RET_IP_, &u))
		lw_owned_check(o, &u, _RET_IP_);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_owned_assert, LW_NS);

/**
 * lockwarden_owned_destroy() - end the tracking of an object about to be freed
 * @o: the object's ownership state; use lw_owned_destroy()
 */
void lockwarden_owned_destroy(struct lw_owned *o)
{
	struct lw_owned_use u;

	if (!lw_owned_use(o, _RET_IP_, &u))
		return;
	/*
	 * Its giver freeing it in transit uses it after the move; anyone else
	 * not its owner frees what another context owns or is to take.
	 */
	if (u.state == (u.me | LW_OWNED_MOVING))
		lw_owned_raise(o, LW_KIND_USE_AFTER_MOVE, u.state, _RET_IP_);
	else if (u.state && !lw_owned_is(o, u.state, u.me, u.pid))
		lw_owned_raise(o, LW_KIND_FREED_OWNED, u.state, _RET_IP_);
	atomic_long_set(&o->owner, 0);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_owned_destroy, LW_NS);
