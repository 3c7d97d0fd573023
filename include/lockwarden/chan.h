/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lw_chan: a bounded multi-producer, single-consumer queue of owned objects
 * (struct lw_owned) whose send gives ownership and whose receive takes it,
 * as a Rust channel moves its messages. Compiled without CONFIG_LOCKWARDEN,
 * a plain bounded queue.
 */
#ifndef _LOCKWARDEN_CHAN_H
#define _LOCKWARDEN_CHAN_H

#include <linux/container_of.h>
#include <linux/errno.h>
#include <linux/spinlock.h>
#include <lockwarden/owned.h>

/**
 * struct lw_chan - a bounded multi-producer, single-consumer queue of owned
 *	objects whose send gives ownership and whose receive takes it
 * @lock: protects the fields below
 * @slots: the queue's storage, provided by the caller
 * @capacity: entries of @slots
 * @head: slot of the oldest message
 * @count: messages queued
 */
struct lw_chan {
	spinlock_t lock;		/* protects the fields below */
	struct lw_owned **slots;
	unsigned int capacity;
	unsigned int head;
	unsigned int count;
};

/**
 * lw_chan_init - initialise an lw_chan
 * @c: the channel
 * @slots: storage for @capacity messages, which must outlive the channel
 * @capacity: the most messages queued at once; at least 1
 */
static inline void lw_chan_init(struct lw_chan *c, struct lw_owned **slots,
				unsigned int capacity)
{
	spin_lock_init(&c->lock);
	c->slots = slots;
	c->capacity = capacity;
	c->head = 0;
	c->count = 0;
}

/**
 * lw_chan_send - queue an owned object, giving its ownership to the receiver
 * @c: the channel
 * @o: the object's struct lw_owned, owned by the current context
 *
 * The object is given before it is queued, so the receiver always takes an
 * object in transit; after a successful send, any use of the object by the
 * sender is a use after move. A full channel leaves the object with its
 * owner.
 *
 * Context: any, but NMI; does not sleep.
 * Return: 0, or -ENOSPC when the channel is full.
 */
static inline int lw_chan_send(struct lw_chan *c, struct lw_owned *o)
{
	unsigned long flags;

	spin_lock_irqsave(&c->lock, flags);
	if (c->count == c->capacity) {
		spin_unlock_irqrestore(&c->lock, flags);
		return -ENOSPC;
	}
	lw_owned_give(o);
	c->slots[(c->head + c->count) % c->capacity] = o;
	c->count++;
	spin_unlock_irqrestore(&c->lock, flags);
	return 0;
}

/**
 * lw_chan_recv - dequeue the oldest object, taking its ownership
 * @c: the channel; only one context at a time may receive from it
 *
 * Context: any, but NMI; does not sleep.
 * Return: the object's struct lw_owned, now owned by the current context,
 * or NULL when the channel is empty.
 */
static inline struct lw_owned *lw_chan_recv(struct lw_chan *c)
{
	struct lw_owned *o = NULL;
	unsigned long flags;

	spin_lock_irqsave(&c->lock, flags);
	if (c->count) {
		o = c->slots[c->head];
		c->head = (c->head + 1) % c->capacity;
		c->count--;
	}
	spin_unlock_irqrestore(&c->lock, flags);
	if (o)
		lw_owned_take(o);
	return o;
}

/**
 * lw_chan_recv_entry - lw_chan_recv(), as the object that embeds the lw_owned
 * @c: the channel
 * @type: the object's type
 * @member: name of its struct lw_owned member
 *
 * Return: the object, now owned by the current context, or NULL when the
 * channel is empty.
 */
#define lw_chan_recv_entry(c, type, member)				\
	({ struct lw_owned *__lw_o = lw_chan_recv(c);			\
	   __lw_o ? container_of(__lw_o, type, member) : NULL; })

#endif /* _LOCKWARDEN_CHAN_H */
