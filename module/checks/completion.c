// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden's hooks for lw_completion: its waits and completions are the
 * waits and signals of its event class (event.c). Each hook is called
 * straight from an inline wrapper in the driver, so _RET_IP_ is the
 * driver's call site; the wrapper then makes the kernel's call itself.
 */
#include "checks/event.h"

#include <linux/limits.h>

/*
 * Whether @c is done for good: complete_all() sets the count to UINT_MAX
 * (every kernel since v4.13), which only reinit_completion() clears, and
 * neither complete() nor a wait changes. A read without the completion's
 * lock: a complete_all() racing with this completion is missed.
 */
static bool lw_completion_done_for_good(const struct lw_completion *c)
{
	return READ_ONCE(c->completion.done) == UINT_MAX;
}

/*
 * Report completion @c completed at @ip while done for good, with the site
 * of the complete_all() that made it so, when known.
 */
static noinline void lw_completion_twice(struct lw_completion *c, unsigned long ip)
{
	unsigned long all_ip = READ_ONCE(c->all_ip), irqflags;
	struct lw_finding_in in = { .kind = LW_KIND_DOUBLE_COMPLETE, .nr = 1 };
	struct lw_pending pending = { };
	lw_id_t id;

	if (!lw_event_ready(&c->dep) || !lw_engine_lock(&irqflags))
		return;
	id = READ_ONCE(c->dep.class->id[0]);
	if (id) {
		lw_in_class(&in, 0, id, ip);
		if (all_ip) {
			lw_in_class(&in, 1, id, all_ip);
			in.nr = 2;
		}
		lw_raise(&pending, &in);
	}
	lw_engine_unlock(irqflags);
	lw_flush(&pending);
}

/* === Interface to the wrappers === */

/**
 * lockwarden_completion_init() - initialise an lw_completion; use
 *	lw_init_completion()
 * @c: the completion
 * @class: its event class
 */
void lockwarden_completion_init(struct lw_completion *c, struct lw_class *class)
{
	init_completion(&c->completion);
	c->all_ip = 0;
	lw_event_init(&c->dep, class, LW_LOCK_COMPLETION);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_completion_init, LW_NS);

/**
 * lockwarden_completion_signal() - check a completion of an lw_completion;
 *	lw_complete() and lw_complete_all() call it
 * @c: the completion
 *
 * A completion while @c is done for good is a finding too. The caller then
 * completes, whatever was found.
 */
void lockwarden_completion_signal(struct lw_completion *c)
{
	if (unlikely(lw_completion_done_for_good(c)))
		lw_completion_twice(c, _RET_IP_);
	lw_event_signal(&c->dep, _RET_IP_);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_completion_signal, LW_NS);

/**
 * lockwarden_completion_signal_all() - check a complete_all() of an
 *	lw_completion; lw_complete_all() calls it
 * @c: the completion
 *
 * As lockwarden_completion_signal(), then @c remembers the site, for the
 * report of a completion that follows it with no reinit.
 */
void lockwarden_completion_signal_all(struct lw_completion *c)
{
	if (unlikely(lw_completion_done_for_good(c)))
		lw_completion_twice(c, _RET_IP_);
	lw_event_signal(&c->dep, _RET_IP_);
	WRITE_ONCE(c->all_ip, _RET_IP_);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_completion_signal_all, LW_NS);
