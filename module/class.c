// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden's class table: registration of lock classes, and their purge
 * when the module that defines them unloads.
 */
#include "internal.h"

#include <linux/module.h>
#include <linux/notifier.h>
#include <linux/slab.h>

/*
 * Register @class, giving it the lowest free id. Returns the id, or 0 when
 * the table is full (counted; locks of the class then go unchecked).
 *
 * Precondition: the engine lock is held.
 */
lw_id_t lw_class_register(struct lw_class *class)
{
	u32 id;

	if (class->id)
		return class->id;
	for (id = 1; id <= lw_engine.max_classes; id++) {
		if (!lw_engine.classes[id]) {
			lw_engine.classes[id] = class;
			lw_engine.nr_classes++;
			class->id = id;
			return id;
		}
	}
	lw_stat_inc(LW_STAT_CLASSES_FULL);
	return 0;
}

/* Precondition: the engine lock is held. */
struct lw_class *lw_class_get(lw_id_t id)
{
	if (!id || id > lw_engine.max_classes)
		return NULL;
	return lw_engine.classes[id];
}

/*
 * A module is going: forget every class it defines, with the order learned
 * about it and any held-lock entry of it, so no pointer into the module
 * survives and its ids can be reused.
 */
static int lw_class_module_notify(struct notifier_block *nb,
				  unsigned long action, void *data)
{
	struct module *mod = data;
	unsigned long flags;
	u32 id;

	if (action != MODULE_STATE_GOING)
		return NOTIFY_DONE;
	if (!lw_engine_lock(&flags))
		return NOTIFY_DONE;
	for (id = 1; id <= lw_engine.max_classes; id++) {
		struct lw_class *class = lw_engine.classes[id];

		if (!class || !within_module((unsigned long)class, mod))
			continue;
		lw_graph_forget(&lw_engine.graph, id);
		lw_held_forget_class(id);
		class->id = 0;
		lw_engine.classes[id] = NULL;
		lw_engine.nr_classes--;
	}
	lw_engine_unlock(flags);
	return NOTIFY_OK;
}

static struct notifier_block lw_class_module_nb = {
	.notifier_call = lw_class_module_notify,
};

int lw_class_init(void)
{
	lw_engine.max_classes = lw_max_classes;
	lw_engine.classes = kcalloc(lw_max_classes + 1, sizeof(*lw_engine.classes),
				    GFP_KERNEL);
	if (!lw_engine.classes)
		return -ENOMEM;
	return register_module_notifier(&lw_class_module_nb);
}

void lw_class_exit(void)
{
	unregister_module_notifier(&lw_class_module_nb);
	kfree(lw_engine.classes);
	lw_engine.classes = NULL;
}
