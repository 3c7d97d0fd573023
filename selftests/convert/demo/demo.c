// SPDX-License-Identifier: GPL-2.0
/*
 * The convert tier's demo driver: every construct tools/convert converts,
 * and the ones it reports instead.
 */
#include <linux/cleanup.h>
#include <linux/module.h>
#include "demo.h"

/*
 * A macro's body: converted where Coccinelle knows the lock's type or the
 * lock is a variable the file defines, else reported.
 */
#define DEMO_STATS_LOCK(d)	spin_lock(&(d)->stats_lock)
#define DEMO_LIST_LOCK()	mutex_lock(&demo_list_mutex)
#define DEMO_LOCKED(d, stmt)					\
	do {							\
		struct demo_dev *__d = (d);			\
								\
		mutex_lock(&__d->cfg_mutex);			\
		stmt;						\
		mutex_unlock(&__d->cfg_mutex);			\
	} while (0)

static DEFINE_MUTEX(demo_list_mutex);
static DEFINE_SPINLOCK(demo_event_lock);
DECLARE_RWSEM(demo_table_sem);
static spinlock_t demo_irq_lock;
static struct demo_dev demo;
static struct lock_class_key demo_map_key;

static void demo_init_locks(struct demo_dev *d, bool ring_on_device)
{
	mutex_init(&d->cfg_mutex);
	spin_lock_init(&d->stats_lock);
	d->stats = 0;
	raw_spin_lock_init(&d->hw_lock);
	rwlock_init(&d->map_lock);
	init_rwsem(&d->state_sem);
	if (ring_on_device)
		mutex_init(&d->ring_mutex);
	else
		spin_lock_init(&d->ring_spin);
	spin_lock_init(&demo_irq_lock);
}

/* A kernel lock passed by pointer: reported. */
static void demo_stats_add(spinlock_t *lock, unsigned long *stats)
{
	spin_lock(lock);
	(*stats)++;
	spin_unlock(lock);
}

static void demo_locked_update(struct demo_dev *d)
{
	lockdep_assert_held(&d->cfg_mutex);
	d->stats++;
}

static int demo_use(struct demo_dev *d)
{
	unsigned long flags;

	mutex_lock(&d->cfg_mutex);
	demo_locked_update(d);
	mutex_unlock(&d->cfg_mutex);
	if (mutex_trylock(&d->cfg_mutex))
		mutex_unlock(&d->cfg_mutex);
	spin_lock_irqsave(&d->stats_lock, flags);
	d->stats += 2;
	spin_unlock_irqrestore(&d->stats_lock, flags);
	spin_lock_bh(&d->stats_lock);
	d->stats--;
	spin_unlock_bh(&d->stats_lock);
	raw_spin_lock(&d->hw_lock);
	d->stats <<= 1;
	raw_spin_unlock(&d->hw_lock);
	read_lock(&d->map_lock);
	flags = d->stats;
	read_unlock(&d->map_lock);
	write_lock_irq(&d->map_lock);
	d->stats = flags;
	write_unlock_irq(&d->map_lock);
	down_read(&d->state_sem);
	if (d->stats > 4)
		flags = 0;
	up_read(&d->state_sem);
	down_write(&d->state_sem);
	d->stats = 4;
	downgrade_write(&d->state_sem);
	up_read(&d->state_sem);
	spin_lock(&demo_irq_lock);
	d->stats |= 1;
	spin_unlock(&demo_irq_lock);
	scoped_guard(spinlock, &d->ring_spin)
		d->stats++;
	{
		guard(rwsem_write)(&d->state_sem);
		d->stats ^= 1;
	}
	/* A class set after init: reported. */
	lockdep_set_class(&d->map_lock, &demo_map_key);
	assert_spin_locked(&d->stats_lock);
	scoped_guard(spinlock_irqsave, &d->stats_lock)
		d->stats++;
	if (down_read_killable(&d->state_sem))
		return -EINTR;
	up_read(&d->state_sem);
	DEMO_LOCKED(d, d->stats++);
	demo_stats_add(&demo_irq_lock, &d->stats);
	/* Statically defined: converted, with their classes. */
	might_lock(&demo_list_mutex);
	DEMO_LIST_LOCK();
	lockdep_assert_held_once(&demo_list_mutex);
	if (mutex_is_locked(&demo_list_mutex))
		mutex_unlock(&demo_list_mutex);
	lockdep_assert_not_held(&demo_list_mutex);
	if (spin_trylock_irqsave(&demo_event_lock, flags))
		spin_unlock_irqrestore(&demo_event_lock, flags);
	scoped_guard(spinlock_bh, &demo_event_lock)
		d->stats++;
	if (down_write_killable(&demo_table_sem))
		return -EINTR;
	lockdep_assert_held_write(&demo_table_sem);
	up_write(&demo_table_sem);
	if (!down_read_interruptible(&demo_table_sem))
		up_read(&demo_table_sem);
	/* Borrowed from the driver core: left alone. */
	if (d->parent) {
		mutex_lock(&d->parent->mutex);
		mutex_unlock(&d->parent->mutex);
	}
	return 0;
}

static int __init demo_init(void)
{
	demo_init_locks(&demo, false);
	return demo_use(&demo);
}
module_init(demo_init);

MODULE_LICENSE("GPL");
