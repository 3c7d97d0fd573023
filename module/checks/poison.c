// SPDX-License-Identifier: GPL-2.0
/*
 * lockwarden's poisoning of guarded data (Rust's PoisonError): a guard, or a
 * task that exits holding the lock, marks the data poisoned; every later
 * lock of it through the guarded-data API is told (-EOWNERDEAD) and is a
 * finding, until the poison is cleared.
 *
 * The state is two bits of the lock's lw_dep_map, changed with atomic bit
 * operations and read by the inline lock paths of guarded.h without a lock.
 * The poisoner holds the lock, so the next locker sees the bit set.
 */
#include "checks/checks.h"

/* Mark the data guarded by @dep poisoned at @ip. */
void lw_poison_dep(struct lw_dep_map *dep, unsigned long ip)
{
	WRITE_ONCE(dep->poison_ip, ip);
	/* Orders poison_ip before the bit, for a reader that tests the bit. */
	smp_mb__before_atomic();
	set_bit(LW_DEP_POISONED, &dep->flags);
}

/**
 * lockwarden_guarded_init() - mark a lock as one that guards data
 * @dep: the lock's lockwarden state; use the lw_*_guarded_init() wrappers
 *
 * A task that exits holding such a lock poisons the data.
 */
void lockwarden_guarded_init(struct lw_dep_map *dep)
{
	set_bit(LW_DEP_GUARDED, &dep->flags);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_guarded_init, LW_NS);

/**
 * lockwarden_poison() - poison the data a lock guards; use lw_poison()
 * @dep: the lock's lockwarden state
 */
void lockwarden_poison(struct lw_dep_map *dep)
{
	clear_bit(LW_DEP_POISONED_EXIT, &dep->flags);
	lw_poison_dep(dep, _RET_IP_);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_poison, LW_NS);

/**
 * lockwarden_clear_poison() - clear a lock's poison; use lw_clear_poison()
 * @dep: the lock's lockwarden state
 */
void lockwarden_clear_poison(struct lw_dep_map *dep)
{
	clear_bit(LW_DEP_POISONED, &dep->flags);
	clear_bit(LW_DEP_POISONED_EXIT, &dep->flags);
}
EXPORT_SYMBOL_NS_GPL(lockwarden_clear_poison, LW_NS);

/**
 * lockwarden_poisoned_lock() - a poisoned lock was just locked
 * @dep: the lock's lockwarden state; called by the guarded.h lock paths
 *	once they hold the lock and found LW_DEP_POISONED set
 *
 * A finding naming the lock's class, the locker's site and where the data
 * was poisoned, while checking is on.
 *
 * Return: -EOWNERDEAD.
 */
int lockwarden_poisoned_lock(struct lw_dep_map *dep)
{
	struct lw_pending pending = { };
	unsigned long irqflags;

	/* Pairs with smp_mb__before_atomic() in lw_poison_dep(). */
	smp_mb__after_atomic();
	if (dep->class && static_key_enabled(&lockwarden_enabled) &&
	    lw_engine_lock(&irqflags)) {
		struct lw_finding_in in = {
			.kind = LW_KIND_POISONED,
			.nr = 2,
			.cls = { lw_class_name_of(dep->class), lw_class_name_of(dep->class) },
			.ip = { _RET_IP_, READ_ONCE(dep->poison_ip) },
			.detail.poisoned.by_exit = test_bit(LW_DEP_POISONED_EXIT, &dep->flags),
		};

		lw_raise(&pending, &in);
		lw_engine_unlock(irqflags);
		lw_flush(&pending);
	}
	return -EOWNERDEAD;
}
EXPORT_SYMBOL_NS_GPL(lockwarden_poisoned_lock, LW_NS);
