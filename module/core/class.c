// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden's class table: registration of lock classes and their nesting
 * subclasses, their interrupt usage, and their purge when the module that
 * defines them unloads or a dynamic class is unregistered.
 */
#include "internal.h"

#include <linux/module.h>
#include <linux/notifier.h>
#include <linux/slab.h>

/* Per id, under the engine lock: what the id stands for and how it is used. */
struct lw_class_slot {
	struct lw_class *class;
	u8 subclass;
	u8 usage;				/* BIT(enum lw_usage) */
	unsigned long usage_ip[LW_USAGE_COUNT];	/* where each usage was first seen */
};

static struct lw_class_slot *lw_slots;

/*
 * The id of @subclass of @class, registering it under the lowest free id. Returns the
 * id, or 0 when the table is full (counted; the locks then go unchecked).
 *
 * Precondition: the engine lock is held.
 */
lw_id_t lw_class_id(struct lw_class *class, unsigned int subclass)
{
	u32 id;

	if (subclass >= LW_MAX_SUBCLASSES)
		subclass = LW_MAX_SUBCLASSES - 1;
	if (class->id[subclass])
		return class->id[subclass];
	for (id = 1; id <= lw_engine.max_classes; id++) {
		struct lw_class_slot *slot = &lw_slots[id];

		if (slot->class)
			continue;
		memset(slot, 0, sizeof(*slot));
		slot->class = class;
		slot->subclass = subclass;
		lw_engine.nr_classes++;
		lw_lockstat_class_added(id, class);
		WRITE_ONCE(class->id[subclass], id);
		return id;
	}
	lw_stat_inc(LW_STAT_CLASSES_FULL);
	return 0;
}

/* Precondition: the engine lock is held. */
struct lw_class *lw_class_get(lw_id_t id)
{
	if (!id || id > lw_engine.max_classes)
		return NULL;
	return lw_slots[id].class;
}

/* Precondition: the engine lock is held; @id is registered. */
unsigned int lw_class_subclass(lw_id_t id)
{
	return lw_slots[id].subclass;
}

/* The usage bits (BIT(enum lw_usage)) of class @id. Precondition: engine lock held. */
u8 lw_class_usage(lw_id_t id)
{
	return lw_slots[id].usage;
}

/*
 * Record that class @id shows usage @bit at @ip. Returns 0 if the bit was
 * set before; otherwise the site of a usage it conflicts with, if any, its
 * bit in *@other, or 1. A usage conflicts with the opposite one (used in an
 * interrupt against taken with it enabled) of the same interrupt unless
 * both are reads.
 *
 * Precondition: the engine lock is held.
 */
unsigned long lw_class_mark_usage(lw_id_t id, enum lw_usage bit, unsigned long ip,
				  enum lw_usage *other)
{
	struct lw_class_slot *slot = &lw_slots[id];
	/* USED_IN_x <-> ENABLED_x, the write side first. */
	enum lw_usage opp = (bit % LW_USAGE_READ) ^ 1;

	BUILD_BUG_ON(BITS_PER_TYPE(slot->usage) < LW_USAGE_COUNT);
	if (slot->usage & BIT(bit))
		return 0;
	slot->usage |= BIT(bit);
	slot->usage_ip[bit] = ip;
	if (bit < LW_USAGE_READ && (slot->usage & BIT(opp + LW_USAGE_READ)))
		opp += LW_USAGE_READ;
	else if (!(slot->usage & BIT(opp)))
		return 1;
	*other = opp;
	return slot->usage_ip[opp] ?: 1;
}

/* Forget id @id and all learned about it. Precondition: engine lock held. */
static void lw_class_forget_id(lw_id_t id, struct lw_pending *pending)
{
	struct lw_class_slot *slot = &lw_slots[id];
	unsigned long ip;

	if (lw_held_any_of_class(id, &ip)) {
		struct lw_finding_in in = {
			.kind = LW_KIND_UNLOAD_HELD,
			.nr = 1,
			.cls = { slot->class->name },
			.sub = { slot->subclass },
			.ip = { ip },
		};

		lw_raise(pending, &in);
	}
	lw_graph_forget(&lw_engine.graph, id);
	lw_chains_reset(&lw_engine.chains);	/* cached chains may name the id */
	lw_held_forget_class(id);
	lw_lockstat_forget(id);
	WRITE_ONCE(slot->class->id[slot->subclass], 0);
	memset(slot, 0, sizeof(*slot));
	lw_engine.nr_classes--;
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
		struct lw_class *class = lw_slots[id].class;

		if (class && within_module((unsigned long)class, mod))
			lw_class_forget_id(id, &pending);
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
				lw_class_forget_id(class->id[sub], &pending);
		lw_engine_unlock(flags);
	}
	lw_flush(&pending);
	if (class->dynamic)
		lockdep_unregister_key(&class->key);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_class_unregister, LW_NS);

/* Forget every class's interrupt usage. Precondition: engine lock held. */
void lw_class_reset_usage(void)
{
	u32 id;

	for (id = 1; id <= lw_engine.max_classes; id++) {
		lw_slots[id].usage = 0;
		memset(lw_slots[id].usage_ip, 0, sizeof(lw_slots[id].usage_ip));
	}
}

int lw_class_init(void)
{
	int ret;

	lw_engine.max_classes = lw_max_classes;
	lw_slots = kvcalloc(lw_max_classes + 1, sizeof(*lw_slots), GFP_KERNEL);
	if (!lw_slots)
		return -ENOMEM;
	ret = register_module_notifier(&lw_class_module_nb);
	if (ret)
		kvfree(lw_slots);
	return ret;
}

void lw_class_exit(void)
{
	unregister_module_notifier(&lw_class_module_nb);
	kvfree(lw_slots);
	lw_slots = NULL;
}
