// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden's decoding of a finding's detail (struct lw_detail, tagged by
 * the finding's kind), in one place for every printer: the members
 * findings.json writes under "detail", and the names of the usage bits and
 * contexts that both the text report and findings.json use.
 */
#include "outputs/outputs.h"

/*
 * Each usage bit of an irq-safety inversion: its stable id (findings.json)
 * and how it reads in a report.
 */
static const struct {
	const char *id;
	const char *text;
} lw_usages[] = {
	[LW_USED_IN_HARDIRQ]	  = { "used_in_hardirq", "taken in hardirq context" },
	[LW_ENABLED_HARDIRQ]	  = { "enabled_hardirq", "held with hardirqs enabled" },
	[LW_USED_IN_SOFTIRQ]	  = { "used_in_softirq", "taken in softirq context" },
	[LW_ENABLED_SOFTIRQ]	  = { "enabled_softirq", "held with softirqs enabled" },
	[LW_USED_IN_HARDIRQ_READ] = { "used_in_hardirq_read", "read in hardirq context" },
	[LW_ENABLED_HARDIRQ_READ] = { "enabled_hardirq_read", "read-held with hardirqs enabled" },
	[LW_USED_IN_SOFTIRQ_READ] = { "used_in_softirq_read", "read in softirq context" },
	[LW_ENABLED_SOFTIRQ_READ] = { "enabled_softirq_read", "read-held with softirqs enabled" },
};

static_assert(ARRAY_SIZE(lw_usages) == LW_USAGE_COUNT);

static const char *const lw_ctx_names[] = {
	[LW_CTX_TASK]		= "task",
	[LW_CTX_SOFTIRQ]	= "softirq",
	[LW_CTX_HARDIRQ]	= "hardirq",
};

/* The text of usage bit @bit in a report; "?" for none. */
const char *lw_usage_text(unsigned int bit)
{
	return bit < LW_USAGE_COUNT ? lw_usages[bit].text : "?";
}

static const char *lw_usage_id(unsigned int bit)
{
	return bit < LW_USAGE_COUNT ? lw_usages[bit].id : "?";
}

static const struct lw_event_words lw_events[] = {
	[LW_LOCK_COMPLETION] = { "completion", "completion", "waits for", "wait_for_completion",
				 "completes", "completed", "complete" },
	[LW_LOCK_WAITQUEUE]  = { "wait_queue", "wait queue", "waits on", "wait_event",
				 "wakes up", "woken up", "wake_up" },
	[LW_LOCK_WORK]	     = { "work", "work", "flushes", "flush_work" },
	[LW_LOCK_WORKQUEUE]  = { "workqueue", "workqueue", "flushes", "flush_workqueue" },
	[LW_LOCK_TIMER]	     = { "timer", "timer", "synchronously deletes", "timer_delete_sync" },
	[LW_LOCK_KTHREAD]    = { "kthread", "kthread", "stops", "kthread_stop" },
	[LW_LOCK_CONDVAR]    = { "condvar", "condvar", "waits on", "lw_condvar_wait",
				 "notifies", "notified", "lw_condvar_notify_one" },
};

/* An event type this table does not know: a saved copy's, or a bug. */
static const struct lw_event_words lw_event_unknown = {
	"event", "event", "waits for", "wait", "signals", "signalled", "signal"
};

/**
 * lw_event_words() - how an event class of a type reads
 * @type: the class's event type (enum lw_lock_type, struct lw_finding event[])
 *
 * Return: the type's words; for a type that is no event type, generic
 * ones ("event", "waits for", "signals").
 */
const struct lw_event_words *lw_event_words(u8 type)
{
	if (type < ARRAY_SIZE(lw_events) && lw_events[type].id)
		return &lw_events[type];
	return &lw_event_unknown;
}

/* The name of context @ctx (enum lw_ctx): "task", "softirq" or "hardirq". */
const char *lw_ctx_name(unsigned int ctx)
{
	return ctx < ARRAY_SIZE(lw_ctx_names) ? lw_ctx_names[ctx] : "?";
}

static void lw_field_int(struct lw_field *f, const char *key, long long v)
{
	*f = (struct lw_field) { .key = key, .type = LW_FIELD_INT, .i = v };
}

static void lw_field_bool(struct lw_field *f, const char *key, bool v)
{
	*f = (struct lw_field) { .key = key, .type = LW_FIELD_BOOL, .b = v };
}

static void lw_field_str(struct lw_field *f, const char *key, const char *v)
{
	*f = (struct lw_field) { .key = key, .type = LW_FIELD_STR, .s = v };
}

/**
 * lw_detail_fields() - the detail members of a finding, decoded
 * @f: the finding
 * @out: receives up to LW_FIELDS_MAX members, in findings.json's order
 *	(Documentation/debugfs.rst, "detail")
 *
 * Return: the number of members; 0 for a kind with no detail.
 */
unsigned int lw_detail_fields(const struct lw_finding *f, struct lw_field *out)
{
	const struct lw_detail *d = &f->detail;
	bool task = d->owned.ctx == LW_CTX_TASK;

	switch (f->kind) {
	case LW_KIND_CYCLE:
		lw_field_int(&out[0], "length", f->nr);
		return 1;
	case LW_KIND_RANK:
		lw_field_int(&out[0], "rank", d->rank.rank);
		lw_field_int(&out[1], "held_rank", d->rank.held_rank);
		return 2;
	case LW_KIND_IRQ_INVERSION:
		lw_field_str(&out[0], "usage", lw_usage_id(d->irq.usage));
		lw_field_str(&out[1], "conflicts_with", lw_usage_id(d->irq.conflicts_with));
		if (!d->irq.links)
			return 2;
		lw_field_int(&out[2], "links", d->irq.links);
		return 3;
	case LW_KIND_DEPTH:
		lw_field_int(&out[0], "max_depth", LW_MAX_DEPTH);
		return 1;
	case LW_KIND_USE_AFTER_MOVE:
	case LW_KIND_DOUBLE_TAKE:
	case LW_KIND_NOT_OWNER:
	case LW_KIND_FREED_OWNED:
		lw_field_str(&out[0], "owner_context", lw_ctx_name(d->owned.ctx));
		lw_field_int(&out[1], task ? "owner_pid" : "owner_cpu", d->owned.owner);
		lw_field_bool(&out[2], "in_transit", d->owned.in_transit);
		return 3;
	case LW_KIND_UNGUARDED:
		lw_field_bool(&out[0], "write_under_read", d->unguarded.write_under_read);
		return 1;
	case LW_KIND_HOLD_BUDGET:
		lw_field_int(&out[0], "held_ns", d->budget.held_ns);
		lw_field_int(&out[1], "budget_ns", d->budget.budget_ns);
		return 2;
	case LW_KIND_POISONED:
		lw_field_bool(&out[0], "by_exit", d->poisoned.by_exit);
		return 1;
	case LW_KIND_EXIT_HELD:
		lw_field_bool(&out[0], "guarded", d->exit.guarded);
		lw_field_bool(&out[1], "released", d->exit.released);
		return 2;
	default:
		return 0;
	}
}
