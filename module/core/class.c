// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden's class table: the id of each lock class and nesting subclass,
 * what is known of each id (interrupt usage, hold-time budget), and
 * forgetting an id with all learned about it. The checks decide when a
 * class is forgotten (checks/classes.c); nothing here raises a finding.
 */
#include "core/core.h"

#include <linux/overflow.h>
#include <linux/string.h>

/*
 * Per id, under the engine lock: what the id stands for and how it is used.
 * The class's name and rank are copied at registration: a class in
 * allocated memory may be freed without lw_class_unregister() (a misuse,
 * but a common one), and the table never reads it again but to compare its
 * address and to clear its id when it is forgotten.
 */
struct lw_class_slot {
	struct lw_class *class;
	char name[LW_NAME_LEN];
	int rank;
	u8 subclass;
	bool going;				/* being forgotten (lw_class_set_going()) */
	bool going_held;			/* and found held while going */
	bool dead;				/* forgotten; reusable once no chain names it */
	u8 event;				/* an event class's lw_lock_type, 0: a lock's */
	u8 usage;				/* BIT(enum lw_usage) */
	u64 budget_ns;				/* hold-time budget, 0: none; read locklessly */
	unsigned long usage_ip[LW_USAGE_COUNT];	/* where each usage was first seen */
};

/* A hold-time budget by class name: every subclass of the class has it. */
struct lw_budget {
	char name[LW_NAME_LEN];
	u64 ns;				/* 0: the slot is free */
};

static struct lw_class_slot *lw_slots;
static u32 lw_nr_dead;					/* under the engine lock */
static struct lw_budget lw_budgets[LW_MAX_BUDGETS];	/* under the engine lock */
static unsigned int lw_nr_budgets;			/* under the engine lock */

/* The budget set for class name @name, 0 for none. Precondition: engine lock held. */
static u64 lw_budget_of(const char *name)
{
	unsigned int i;

	for (i = 0; i < LW_MAX_BUDGETS; i++)
		if (lw_budgets[i].ns && !strcmp(lw_budgets[i].name, name))
			return lw_budgets[i].ns;
	return 0;
}

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

		if (slot->class || slot->dead)
			continue;
		memset(slot, 0, sizeof(*slot));
		slot->class = class;
		strscpy(slot->name, class->name, sizeof(slot->name));
		slot->rank = class->rank;
		slot->subclass = subclass;
		WRITE_ONCE(slot->budget_ns, lw_budget_of(slot->name));
		lw_engine.nr_classes++;
		WRITE_ONCE(class->id[subclass], id);
		return id;
	}
	lw_pool_full(LW_POOL_CLASSES);
	return 0;
}

/* Precondition: the engine lock is held. */
struct lw_class *lw_class_get(lw_id_t id)
{
	if (!id || id > lw_engine.max_classes)
		return NULL;
	return lw_slots[id].class;
}

/*
 * The name of class @id, as copied at its registration; "?" if none.
 * Precondition: the engine lock is held.
 */
const char *lw_class_name(lw_id_t id)
{
	return lw_class_get(id) ? lw_slots[id].name : "?";
}

/**
 * lw_class_name_of() - the name of a lock's class, as the class table has it
 * @class: the class of a lock in use
 *
 * The copy made at registration when @class has an id, else its own name.
 * Precondition: the engine lock is held.
 *
 * Return: the name.
 */
const char *lw_class_name_of(const struct lw_class *class)
{
	lw_id_t id = READ_ONCE(class->id[0]);

	return lw_class_get(id) == class ? lw_slots[id].name : class->name;
}

/*
 * Class @id is an event class of @type (enum lw_lock_type, from
 * LW_LOCK_COMPLETION on: checks/event.c), whose dependencies are waits and
 * signals, not acquisitions. Until the id is forgotten. Precondition: the
 * engine lock is held; @id is registered.
 */
void lw_class_mark_event(lw_id_t id, u8 type)
{
	lw_slots[id].event = type;
}

/*
 * The event type of class @id (enum lw_lock_type), 0 if it is a lock class:
 * true for an event class. Precondition: engine lock held.
 */
u8 lw_class_is_event(lw_id_t id)
{
	return lw_class_get(id) ? lw_slots[id].event : 0;
}

/* The declared rank of class @id, 0 if none. Precondition: engine lock held. */
int lw_class_rank(lw_id_t id)
{
	return lw_class_get(id) ? lw_slots[id].rank : 0;
}

/* Precondition: the engine lock is held; @id is registered. */
unsigned int lw_class_subclass(lw_id_t id)
{
	return lw_slots[id].subclass;
}

/*
 * The usage bits (BIT(enum lw_usage)) of class @id. Under the engine lock,
 * exact; without it a hint (lw_irqs_enabled()): a bit is only ever set,
 * and cleared by a reset, under the lock.
 */
u8 lw_class_usage(lw_id_t id)
{
	return READ_ONCE(lw_slots[id].usage);
}

/* Where class @id first showed usage @bit, 0 if never. Precondition: engine lock held. */
unsigned long lw_class_usage_ip(lw_id_t id, enum lw_usage bit)
{
	return lw_slots[id].usage_ip[bit];
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
	/* The irq-safety checks of chains with a known finding may differ now. */
	lw_known_invalidate();
	slot->usage |= BIT(bit);
	slot->usage_ip[bit] = ip;
	if (bit < LW_USAGE_READ && (slot->usage & BIT(opp + LW_USAGE_READ)))
		opp += LW_USAGE_READ;
	else if (!(slot->usage & BIT(opp)))
		return 1;
	*other = opp;
	return slot->usage_ip[opp] ?: 1;
}

/**
 * lw_class_set_going() - class id @id is about to be forgotten
 * @id: a registered id
 *
 * From now on lw_class_going() says so of it, for the scan of the held
 * locks (lw_held_stale_going()). Precondition: the engine lock is held.
 */
void lw_class_set_going(lw_id_t id)
{
	lw_slots[id].going = true;
}

/* Whether class @id is being forgotten. Precondition: engine lock held. */
bool lw_class_going(lw_id_t id)
{
	return lw_class_get(id) && lw_slots[id].going;
}

/*
 * A lock of class @id, which is going, was found held: true the first
 * time, so that it is reported once. Precondition: the engine lock is held.
 */
bool lw_class_going_held(lw_id_t id)
{
	bool first = !lw_slots[id].going_held;

	lw_slots[id].going_held = true;
	return first;
}

/**
 * lw_class_forget() - forget class id @id and the order learned about it
 * @id: a registered id, going, whose held entries were made stale
 *	(classes.c does it)
 *
 * Its learned order and its statistics. The id is dead: not reused until
 * the chain cache, whose keys may name it, was cleared (lw_class_free_dead()).
 * Precondition: the engine lock is held.
 */
void lw_class_forget(lw_id_t id)
{
	struct lw_class_slot *slot = &lw_slots[id];

	lw_graph_forget(&lw_engine.graph, id);
	/* Its id, in known findings' keys, will be another class's. */
	lw_known_invalidate();
	lw_lockstat_forget(id);
	WRITE_ONCE(slot->class->id[slot->subclass], 0);
	memset(slot, 0, sizeof(*slot));
	slot->dead = true;
	lw_nr_dead++;
	lw_engine.nr_classes--;
}

/* Dead ids (lw_class_forget()) waiting for a clear of the chain cache. */
u32 lw_class_nr_dead(void)
{
	return lw_nr_dead;
}

/*
 * Make the dead ids of up to @budget slots from *@pos on reusable: the
 * chain cache has been cleared since they died. True when every slot was
 * seen. Precondition: engine lock held.
 */
bool lw_class_free_dead_step(u32 *pos, u32 budget)
{
	u64 end = (u64)*pos + budget;

	for (; *pos <= lw_engine.max_classes && *pos < end; ++*pos) {
		if (lw_slots[*pos].dead) {
			lw_slots[*pos].dead = false;
			lw_nr_dead--;
		}
	}
	return *pos > lw_engine.max_classes;
}

/*
 * Forget the interrupt usage of up to @budget classes from *@pos on; true
 * when every class's is forgotten. Precondition: engine lock held.
 */
bool lw_class_reset_usage_step(u32 *pos, u32 budget)
{
	u64 end = (u64)*pos + budget;

	for (; *pos <= lw_engine.max_classes && *pos < end; ++*pos) {
		lw_slots[*pos].usage = 0;
		memset(lw_slots[*pos].usage_ip, 0, sizeof(lw_slots[*pos].usage_ip));
	}
	return *pos > lw_engine.max_classes;
}

/**
 * lw_class_budget_ns() - the hold-time budget of class id @id
 * @id: a class id
 *
 * Lockless: a release reads it while timing holds.
 *
 * Return: the budget in ns, 0 for none.
 */
u64 lw_class_budget_ns(lw_id_t id)
{
	return READ_ONCE(lw_slots[id].budget_ns);
}

/**
 * lw_class_set_budget() - set the hold-time budget of every class named @name
 * @name: the class name, now and for classes registered later
 * @ns: the budget, 0 to remove it
 *
 * Return: 0, -ENOSPC when LW_MAX_BUDGETS budgets are set already, -EBUSY
 * if the engine lock could not be taken.
 */
int lw_class_set_budget(const char *name, u64 ns)
{
	struct lw_budget *b = NULL;
	unsigned long flags;
	unsigned int i;
	u32 id;

	if (!lw_engine_lock(&flags))
		return -EBUSY;
	for (i = 0; !b && i < LW_MAX_BUDGETS; i++)
		if (lw_budgets[i].ns && !strcmp(lw_budgets[i].name, name))
			b = &lw_budgets[i];
	for (i = 0; !b && ns && i < LW_MAX_BUDGETS; i++)
		if (!lw_budgets[i].ns)
			b = &lw_budgets[i];
	if (!b) {
		lw_engine_unlock(flags);
		return ns ? -ENOSPC : 0;
	}
	if (!b->ns)
		lw_nr_budgets++;
	else if (!ns)
		lw_nr_budgets--;
	strscpy(b->name, name, sizeof(b->name));
	b->ns = ns;
	for (id = 1; id <= lw_engine.max_classes; id++)
		if (lw_slots[id].class && !strcmp(lw_slots[id].name, name))
			WRITE_ONCE(lw_slots[id].budget_ns, ns);
	lw_engine_unlock(flags);
	return 0;
}

/**
 * lw_class_budgets() - copy the budgets set
 * @names: receives each budget's class name
 * @ns: receives each budget
 *
 * Return: how many were copied, at most LW_MAX_BUDGETS.
 */
unsigned int lw_class_budgets(char names[][LW_NAME_LEN], u64 *ns)
{
	unsigned long flags;
	unsigned int i, n = 0;

	if (!lw_engine_lock(&flags))
		return 0;
	for (i = 0; i < LW_MAX_BUDGETS; i++) {
		if (!lw_budgets[i].ns)
			continue;
		strscpy(names[n], lw_budgets[i].name, LW_NAME_LEN);
		ns[n++] = lw_budgets[i].ns;
	}
	lw_engine_unlock(flags);
	return n;
}

/**
 * lw_class_nr_budgets() - how many hold-time budgets are set
 *
 * Return: the number, a racy read.
 */
unsigned int lw_class_nr_budgets(void)
{
	return READ_ONCE(lw_nr_budgets);
}

/* Bytes lw_class_table_init() needs: one slot per id, 0 included. */
size_t lw_class_mem_size(void)
{
	return array_size(lw_max_classes + 1, sizeof(*lw_slots));
}

/* Use @mem, zeroed, of lw_class_mem_size() bytes; NULL when it is freed. */
void lw_class_table_init(void *mem)
{
	lw_engine.max_classes = mem ? lw_max_classes : 0;
	lw_slots = mem;
}
