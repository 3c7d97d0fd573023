// SPDX-License-Identifier: GPL-2.0
/*
 * lw_demo.ko: the smallest driver with a lock-order bug. Its open path takes
 * the device lock then the buffer lock; its release path takes them the other
 * way round. Each path alone works; run concurrently they can deadlock.
 * Loading it with lockwarden reports the cycle at once, naming both paths.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <lockwarden/lockwarden.h>

struct demo_device {
	struct lw_mutex dev_lock;	/* protects the device state */
	struct lw_mutex buf_lock;	/* protects the buffer */
	int users;
	int buffered;
};

static LW_DEFINE_CLASS(demo_dev_lock, 0);
static LW_DEFINE_CLASS(demo_buf_lock, 0);

static struct demo_device demo;

static noinline void demo_open(struct demo_device *d)
{
	lw_mutex_lock(&d->dev_lock);
	d->users++;
	lw_mutex_lock(&d->buf_lock);
	d->buffered = 0;
	lw_mutex_unlock(&d->buf_lock);
	lw_mutex_unlock(&d->dev_lock);
}

static noinline void demo_release(struct demo_device *d)
{
	lw_mutex_lock(&d->buf_lock);
	d->buffered = 0;
	lw_mutex_lock(&d->dev_lock);	/* wrong order: dev_lock comes first */
	d->users--;
	lw_mutex_unlock(&d->dev_lock);
	lw_mutex_unlock(&d->buf_lock);
}

static int __init demo_init(void)
{
	lw_mutex_init(&demo.dev_lock, &demo_dev_lock);
	lw_mutex_init(&demo.buf_lock, &demo_buf_lock);
	demo_open(&demo);
	demo_release(&demo);
	pr_info("opened and released once; see /sys/kernel/debug/lockwarden/findings\n");
	return 0;
}
module_init(demo_init);

static void __exit demo_exit(void)
{
}
module_exit(demo_exit);

MODULE_DESCRIPTION("lockwarden demo: a driver with an ABBA lock-order bug");
MODULE_LICENSE("GPL");
