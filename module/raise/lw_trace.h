/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lockwarden's trace events, under the system "lockwarden": a finding
 * raised, and with lockstat on a contention, and a hold over its class's
 * budget; for perf, bpftrace and the tracing ring buffer. raise/trace.c
 * defines them.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM lockwarden

#if !defined(_LW_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _LW_TRACE_H

#include <linux/string.h>
#include <linux/tracepoint.h>

/*
 * Each event's fields are named as it prints them (class=, site=, ...), so
 * that a filter, perf script or bpftrace's args use the names
 * Documentation/debugfs.rst gives.
 */

/* The room for a class name in an event: longer names are cut. */
#define LW_TRACE_NAME		48
/* And for a finding kind's id (findings.json's "kind"). */
#define LW_TRACE_KIND		24

/**
 * finding - a finding is raised: its first occurrence or a recurrence
 * @kind: the kind's stable id, as findings.json names it
 * @cls0: its first class
 * @ip0: its first site
 * @cls1: its second class, or NULL for a finding of one class
 * @ip1: its second site, or 0
 * @is_new: the first occurrence of this finding
 *
 * Emitted for every occurrence the class filter lets through, under the
 * engine lock; the task that raised it is the event's own.
 */
TRACE_EVENT(finding,
	    TP_PROTO(const char *kind, const char *cls0, unsigned long ip0,
		     const char *cls1, unsigned long ip1, bool is_new),
	    TP_ARGS(kind, cls0, ip0, cls1, ip1, is_new),
	    TP_STRUCT__entry(__array(char, kind, LW_TRACE_KIND)
			     __array(char, class, LW_TRACE_NAME)
			     __array(char, other_class, LW_TRACE_NAME)
			     __field(unsigned long, site)
			     __field(unsigned long, other_site)
			     __field(bool, new)),
	    TP_fast_assign(strscpy(__entry->kind, kind, LW_TRACE_KIND);
			   strscpy(__entry->class, cls0 ?: "", LW_TRACE_NAME);
			   strscpy(__entry->other_class, cls1 ?: "", LW_TRACE_NAME);
			   __entry->site = ip0;
			   __entry->other_site = ip1;
			   __entry->new = is_new;),
	    TP_printk("kind=%s new=%d class=%s site=%pS other_class=%s other_site=%pS",
		      __entry->kind, __entry->new, __entry->class, (void *)__entry->site,
		      __entry->other_class, (void *)__entry->other_site)
);

/**
 * contention - lockstat: an acquisition waited, the lock being held
 * @cls: the lock's class
 * @subclass: the nesting subclass it was taken as
 * @wait_ns: how long it waited
 * @ip: where it was acquired
 */
TRACE_EVENT(contention,
	    TP_PROTO(const char *cls, unsigned int subclass, u64 wait_ns, unsigned long ip),
	    TP_ARGS(cls, subclass, wait_ns, ip),
	    TP_STRUCT__entry(__array(char, class, LW_TRACE_NAME)
			     __field(unsigned int, subclass)
			     __field(u64, wait_ns)
			     __field(unsigned long, site)),
	    TP_fast_assign(strscpy(__entry->class, cls, LW_TRACE_NAME);
			   __entry->subclass = subclass;
			   __entry->wait_ns = wait_ns;
			   __entry->site = ip;),
	    TP_printk("class=%s subclass=%u wait_ns=%llu site=%pS",
		      __entry->class, __entry->subclass, __entry->wait_ns, (void *)__entry->site)
);

/**
 * hold_over_budget - a lock was held longer than its class's budget
 * @cls: the lock's class
 * @held_ns: how long it was held
 * @budget_ns: the class's budget
 * @ip: where it is released
 * @acquire_ip: where it was acquired
 *
 * Emitted whether or not the class filter lets the finding through.
 */
TRACE_EVENT(hold_over_budget,
	    TP_PROTO(const char *cls, u64 held_ns, u64 budget_ns, unsigned long ip,
		     unsigned long acquire_ip),
	    TP_ARGS(cls, held_ns, budget_ns, ip, acquire_ip),
	    TP_STRUCT__entry(__array(char, class, LW_TRACE_NAME)
			     __field(u64, held_ns)
			     __field(u64, budget_ns)
			     __field(unsigned long, site)
			     __field(unsigned long, acquired)),
	    TP_fast_assign(strscpy(__entry->class, cls, LW_TRACE_NAME);
			   __entry->held_ns = held_ns;
			   __entry->budget_ns = budget_ns;
			   __entry->site = ip;
			   __entry->acquired = acquire_ip;),
	    TP_printk("class=%s held_ns=%llu budget_ns=%llu site=%pS acquired=%pS",
		      __entry->class, __entry->held_ns, __entry->budget_ns,
		      (void *)__entry->site, (void *)__entry->acquired)
);

#endif /* _LW_TRACE_H */

/* This part must be outside the include guard. */
#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH raise
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE lw_trace
#include <trace/define_trace.h>
