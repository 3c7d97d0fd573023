// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden's check of classes going away: a class registered at run time
 * (lw_class_register()) until lw_class_unregister(), and every class a
 * module defines when that module unloads. Each is forgotten by the core
 * with all learned about it; a lock of it still held is a finding.
 */
#include "checks/checks.h"

#include <linux/module.h>
#include <linux/notifier.h>

/*
 * Forget class id @id; a finding if a lock of it is held anywhere.
 * Precondition: the engine lock is held.
 */
static void lw_class_going(lw_id_t id, struct lw_pending *pending)
{
	unsigned long ip;

	if (lw_held_any_of_class(id, &ip)) {
		struct lw_finding_in in = {
			.kind = LW_KIND_UNLOAD_HELD,
			.nr = 1,
			.cls = { lw_class_name(id) },
			.sub = { lw_class_subclass(id) },
			.ip = { ip },
		};

		lw_raise(pending, &in);
	}
	lw_class_forget(id);
}

/*
 * A module is going: forget every class it defines, with the order learned
 * about it and any held-lock entry of it (a finding: held at unload), so no
 * pointer into the module survives and its ids can be reused.
 */
static int lw_class_module_notify(struct notifier_block *nb,
				  unsigned long action, void *data)
{
	struct lw_pending pending = { };
	struct module *mod = data;
	unsigned long flags;
	u32 id;

	if (action != MODULE_STATE_GOING)
		return NOTIFY_DONE;
	if (!lw_engine_lock(&flags))
		return NOTIFY_DONE;
	for (id = 1; id <= lw_engine.max_classes; id++) {
		struct lw_class *class = lw_class_get(id);

		if (class && within_module((unsigned long)class, mod))
			lw_class_going(id, &pending);
	}
	lw_engine_unlock(flags);
	lw_flush(&pending);
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
	struct lw_pending pending = { };
	unsigned long flags;
	unsigned int sub;

	if (lw_engine_lock(&flags)) {
		for (sub = 0; sub < LW_MAX_SUBCLASSES; sub++)
			if (class->id[sub])
				lw_class_going(class->id[sub], &pending);
		lw_engine_unlock(flags);
	}
	lw_flush(&pending);
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
