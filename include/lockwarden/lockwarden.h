/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lockwarden: the one header a driver includes.
 *
 * Build the driver with -DCONFIG_LOCKWARDEN=1 to check its locking with
 * lockwarden.ko; build it without to get the plain kernel locks at zero cost.
 * See "Building a driver with lockwarden" in Documentation/lockwarden.rst.
 */
#ifndef _LOCKWARDEN_LOCKWARDEN_H
#define _LOCKWARDEN_LOCKWARDEN_H

#include <lockwarden/compat.h>
#include <lockwarden/chan.h>
#include <lockwarden/completion.h>
#include <lockwarden/condvar.h>
#include <lockwarden/guarded.h>
#include <lockwarden/kthread.h>
#include <lockwarden/lock.h>
#include <lockwarden/mutex.h>
#include <lockwarden/owned.h>
#include <lockwarden/raw_spinlock.h>
#include <lockwarden/refcount.h>
#include <lockwarden/rwlock.h>
#include <lockwarden/rwsem.h>
#include <lockwarden/spinlock.h>
#include <lockwarden/timer.h>
#include <lockwarden/waitqueue.h>
#include <lockwarden/work.h>

#if IS_ENABLED(CONFIG_LOCKWARDEN) && !defined(LOCKWARDEN_CORE)
/* A checked driver imports the namespace of lockwarden.ko's exports. */
MODULE_IMPORT_NS(LW_NS);
#endif

#endif /* _LOCKWARDEN_LOCKWARDEN_H */
