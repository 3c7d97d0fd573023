// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden's check of classes going away: a class registered at run time
 * (lw_class_register()) until lw_class_unregister(), and every class a
 * module defines when that module unloads. Each is forgotten with all
 * learned about it, in batches; a lock of it still held is a finding.
 */
#include "checks/checks.h"

#include <linux/module.h>
#include <linux/notifier.h>

/* Which classes go: those of a module, or one class at every subclass. */
struct lw_going {
	struct module *mod;
	struct lw_class *class;
	struct lw_pending pending;
	unsigned int nr;
};

/* Mark the classes that go, a batch of ids at a time. */
static bool lw_going_mark(void *arg, u32 *pos)
{
	struct lw_going *g = arg;
	u64 end = (u64)*pos + LW_BATCH;

	for (*pos = max(*pos, 1U); *pos <= lw_engine.max_classes && *pos < end; ++*pos) {
		struct lw_class *class = lw_class_get(*pos);

		if (class && (g->class ? class == g->class :
			      within_module((unsigned long)class, g->mod))) {
			lw_class_set_going(*pos);
			g->nr++;
		}
	}
	return *pos > lw_engine.max_classes;
}

/* A lock of a class that goes is held: a finding, once per class. */
static void lw_going_held(lw_id_t id, unsigned long ip, void *arg)
{
	struct lw_going *g = arg;
	struct lw_finding_in in = { .kind = LW_KIND_UNLOAD_HELD, .nr = 1 };

	lw_in_class(&in, 0, id, ip);
	if (lw_class_going_held(id))
		lw_raise(&g->pending, &in);
}

/* Forget the classes marked, with the order learned about them. */
static bool lw_going_forget(void *arg, u32 *pos)
{
	u64 end = (u64)*pos + LW_BATCH;

	for (*pos = max(*pos, 1U); *pos <= lw_engine.max_classes && *pos < end; ++*pos)
		if (lw_class_going(*pos))
			lw_class_forget(*pos);
	return *pos > lw_engine.max_classes;
}

/*
 * Forget the classes @g names, with all learned about them; a lock of one
 * held anywhere is a finding and its entry becomes stale. In batches, the
 * engine lock dropped between them: one pass over the held-lock stacks for
 * all the classes, whatever their number. Their ids are reused only once
 * no cached chain can name them: the chain cache is cleared, in batches,
 * when a module's classes go or enough ids have died, so that unregistering
 * classes one by one does not clear it each time. Process context.
 */
static void lw_classes_forget(struct lw_going *g)
{
	unsigned long flags;
	bool done = false;
	u32 pos = 0;

	lw_maint_lock();
	if (!lw_batched(lw_going_mark, g) || !g->nr)
		goto out;
	while (!done) {
		if (!lw_engine_lock(&flags))
			goto out;
		done = lw_held_stale_going(&pos, lw_going_held, g);
		lw_engine_unlock(flags);
		lw_flush(&g->pending);
		g->pending = (struct lw_pending){ };
	}
	lw_batched(lw_going_forget, g);
	if (g->mod || lw_class_nr_dead() >= max(16U, lw_max_classes / 16))
		lw_chains_clear();
out:
	lw_maint_unlock();
}

/*
 * A module is going: forget every class it defines, so that no pointer
 * into the module survives and its ids can be reused.
 */
static int lw_class_module_notify(struct notifier_block *nb,
				  unsigned long action, void *data)
{
	struct lw_going g = { .mod = data };

	if (action != MODULE_STATE_GOING)
		return NOTIFY_DONE;
	lw_classes_forget(&g);
	return NOTIFY_OK;
}

static struct notifier_block lw_class_module_nb = {
	.notifier_call = lw_class_module_notify,
};

/**
 * lockwarden_class_register() - register a class in allocated memory
 * @class: the class, with name and rank set; use lw_class_register()
 *
 * Return: 0, or -ENOSPC when the class table is full.
 */
int lockwarden_class_register(struct lw_class *class)
{
	unsigned long flags;
	lw_id_t id = 0;

	class->dynamic = true;
	lockdep_register_key(&class->key);
	if (lw_engine_lock(&flags)) {
		id = lw_class_id(class, 0);
		lw_engine_unlock(flags);
	}
	return id ? 0 : -ENOSPC;
}
EXPORT_SYMBOL_NS_GPL(lockwarden_class_register, LW_NS);

/**
 * lockwarden_class_unregister() - forget a dynamic class; use lw_class_unregister()
 * @class: the class; no lock of it may be held or used again
 */
void lockwarden_class_unregister(struct lw_class *class)
{
	struct lw_going g = { .class = class };

	lw_classes_forget(&g);
	if (class->dynamic)
		lockdep_unregister_key(&class->key);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_class_unregister, LW_NS);

/* Watch modules unload. */
int lw_classes_init(void)
{
	return register_module_notifier(&lw_class_module_nb);
}

void lw_classes_exit(void)
{
	unregister_module_notifier(&lw_class_module_nb);
}
