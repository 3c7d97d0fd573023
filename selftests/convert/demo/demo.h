/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The convert tier's demo driver: one lock of each type in a struct of its
 * own, and one it borrows from the driver core.
 */
#ifndef _DEMO_H
#define _DEMO_H

#include <linux/device.h>
#include <linux/mutex.h>
#include <linux/rwsem.h>
#include <linux/spinlock.h>

struct demo_dev {
	struct device *parent;		/* its mutex is the driver core's */
	struct mutex cfg_mutex;		/* the configuration */
	spinlock_t stats_lock;		/* @stats */
	raw_spinlock_t hw_lock;		/* the registers */
	rwlock_t map_lock;		/* the map */
	struct rw_semaphore state_sem;	/* the state */
	union {
		spinlock_t ring_spin;	/* the ring, in memory */
		struct mutex ring_mutex;	/* the ring, on a device */
	};
	unsigned long stats;
};

#endif /* _DEMO_H */
