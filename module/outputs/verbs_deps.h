/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The only kernel dependencies of the control file's language (verbs.c).
 * The userspace tests replace this file with a shim that has the same
 * include guard (tools/testing/verbs/verbs_deps.h), so that they compile
 * verbs.c as it is.
 */
#ifndef _LW_VERBS_DEPS_H
#define _LW_VERBS_DEPS_H

/* Before any kernel header: as core/core.h sets it. */
#ifndef pr_fmt
#define pr_fmt(fmt) "lockwarden: " fmt
#endif

#include <linux/kernel.h>
#include <linux/math64.h>
#include <linux/overflow.h>
#include <linux/printk.h>
#include <linux/seq_file.h>
#include <linux/string.h>
#include <linux/time64.h>
#include <linux/types.h>
#include <asm/page.h>
#include <lockwarden/lock.h>

#include "engine/engine.h"

#endif /* _LW_VERBS_DEPS_H */
