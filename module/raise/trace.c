// SPDX-License-Identifier: GPL-2.0
/*
 * The one definition of lockwarden's trace events (raise/lw_trace.h): the
 * raise layer emits lockwarden:finding, the lock-statistics checks
 * lockwarden:contention and lockwarden:hold_over_budget.
 */
#include "raise/raise.h"

#define CREATE_TRACE_POINTS
#include "raise/lw_trace.h"
