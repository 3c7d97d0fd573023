/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The contract of lockwarden's outputs, the top layer: the one printer of a
 * finding (console and seq_file), the decoding of a finding's detail, the
 * console report, findings.json, the tabular files, stats, lockstat, the
 * debugfs directory, the control file and its language (verbs.h), and the
 * KUnit integration. They work from copies the core hands them
 * (core/snap.c): no output touches the engine's state or takes its lock.
 */
#ifndef _LW_OUTPUTS_H
#define _LW_OUTPUTS_H

/* First: it sets pr_fmt before any kernel header does. */
#include "checks/checks.h"
#include "outputs/verbs.h"

#include <linux/list.h>
#include <linux/seq_file.h>

struct dentry;

/* === The printer (report.c) and a finding's detail (detail.c) === */

/* Room for any title: the prefix, a kind name and two site functions. */
#define LW_TITLE_LEN		(64 + 2 * LW_SITE_LEN)

void lw_format_title(char *buf, size_t len, const struct lw_finding *f);
void lw_print_finding(struct seq_file *seq, const struct lw_finding *f);
int lw_findings_show_each(struct seq_file *seq,
			  void (*show)(struct seq_file *seq, const struct lw_finding *f));
bool lw_with_finding(u32 serial, void (*fn)(const struct lw_finding *f, void *arg),
		     void *arg);

/*
 * Where a finding is copied to be printed (copies.c): one per CPU and
 * context (task, softirq, hardirq), as a finding is too large for a stack
 * in atomic context. A context uses its own, with preemption off, so no
 * lock is needed and none is held while it prints. Allocated at load.
 */
#define LW_COPY_CONTEXTS	3
extern struct lw_finding *lw_copies;
int lw_report_init(void);
void lw_report_exit(void);

/* One member of a finding's detail, decoded: its findings.json key and value. */
struct lw_field {
	const char *key;
	enum { LW_FIELD_INT, LW_FIELD_BOOL, LW_FIELD_STR } type;
	union {
		long long i;
		bool b;
		const char *s;
	};
};

/* Members a finding's detail decodes to at most. */
#define LW_FIELDS_MAX		4

unsigned int lw_detail_fields(const struct lw_finding *f, struct lw_field *out);
const char *lw_usage_text(unsigned int bit);
const char *lw_ctx_name(unsigned int ctx);

/*
 * How an event class reads, by its type (enum lw_lock_type, from
 * LW_LOCK_COMPLETION on), for the report, findings.json and the classes
 * file alike: lw_event_words().
 * @id: its stable name in findings.json and the classes file ("work")
 * @noun: what it is in a sentence ("work")
 * @waits: what its waiter does to it ("flushes": "flushes work W")
 * @wait: the call that waits, in a scenario ("flush_work")
 * @signals: what its signaller does ("completes"); NULL for an event that
 *	is the end of a run (a work's, a workqueue's, a timer's, a kthread's):
 *	the locks it waits for are those taken while it runs
 * @signalled: the same in a cycle's link out of the event ("completed")
 * @signal: the call that signals, in a scenario ("complete")
 */
struct lw_event_words {
	const char *id;
	const char *noun;
	const char *waits;
	const char *wait;
	const char *signals;
	const char *signalled;
	const char *signal;
};

const struct lw_event_words *lw_event_words(u8 type);

/* === The console (console.c) === */

/* enum lw_mode and lw_mode_names[] are the control file's too: verbs.h. */
extern int lw_mode;

int lw_console_init(void);
void lw_console_exit(void);

/* === The control file (control.c) === */

/*
 * A verb of the control file, as it applies: @set applies a request for
 * @verb that verbs.c parsed, in process context; it may sleep, and returns
 * 0 or a negative errno (after a one-line rate-limited message, but for
 * -EBUSY). @show, if set, prints the setting as the lines that make it
 * (lw_verb_show()). Verbs are serialised.
 */
struct lw_control_verb {
	enum lw_verb verb;
	int (*set)(const struct lw_verb_req *req);
	void (*show)(struct seq_file *seq);
	struct list_head node;
};

void lw_control_register(struct lw_control_verb *verbs, unsigned int nr);
void lw_control_init(struct dentry *dir);
int lockwarden_control(const char *verb);

/* === The debugfs files (debugfs.c and one init per file) === */

void lw_debugfs_init(void);
void lw_debugfs_exit(void);
void lw_findings_debugfs_init(struct dentry *dir);
void lw_json_debugfs_init(struct dentry *dir);
void lw_dump_debugfs_init(struct dentry *dir);
void lw_stats_debugfs_init(struct dentry *dir);
void lw_lockstat_debugfs_init(struct dentry *dir);

/*
 * The mode of a file that is read, and that a write resets (stats,
 * lockstat): root's, with no write bit. A locked-down kernel (what Secure
 * Boot makes of Debian's: lockdown=integrity) refuses to open a debugfs
 * file whose mode has a bit beyond 0444; this one it still lets be read.
 * Where the kernel is not locked down root writes it anyway: a file's mode
 * does not bind root (CAP_DAC_OVERRIDE).
 */
#define LW_DEBUGFS_RESET_MODE	0400

/*
 * LW_DEFINE_SHOW_WRITE(name): lw_<name>_fops, a debugfs file read through
 * lw_<name>_show() (single_open(), with the file's private data) and
 * written through lw_<name>_write(): the kernel's
 * DEFINE_SHOW_STORE_ATTRIBUTE(), which 6.1 does not have.
 */
#define LW_DEFINE_SHOW_WRITE(name)					\
static int lw_##name##_open(struct inode *inode, struct file *file)	\
{									\
	return single_open(file, lw_##name##_show, inode->i_private);	\
}									\
									\
static const struct file_operations lw_##name##_fops = {		\
	.owner		= THIS_MODULE,					\
	.open		= lw_##name##_open,				\
	.read		= seq_read,					\
	.write		= lw_##name##_write,				\
	.llseek		= seq_lseek,					\
	.release	= single_release,				\
}

/*
 * LW_DEFINE_SHOW_RESET(name, reset): LW_DEFINE_SHOW_WRITE(name) for a file
 * that any write resets: lw_<name>_write() calls reset() and takes the
 * whole write. Such a file is created LW_DEBUGFS_RESET_MODE.
 */
#define LW_DEFINE_SHOW_RESET(name, reset)					\
static ssize_t lw_##name##_write(struct file *file, const char __user *buf,	\
				 size_t count, loff_t *ppos)			\
{										\
	reset();								\
	return count;								\
}										\
										\
LW_DEFINE_SHOW_WRITE(name)

/* === Lockstat and budgets switched (lockstat.c) === */

int lw_lockstat_outputs_init(void);
void lw_lockstat_outputs_exit(void);

/* === KUnit integration (kunit.c, kunit_watch.c) === */

#ifdef LW_HAVE_KUNIT
struct kunit;

/* A line of a test's log: "unexpected finding #SERIAL: TITLE\n". */
#define LW_KUNIT_LINE_LEN	(LW_TITLE_LEN + 32)

/*
 * One test's watch. @test is NULL while the slot is free. @unlogged counts
 * the lines its task's findings could not append to its log where they were
 * raised; the first of them waits in @unlogged_line for the watch's end.
 */
struct lw_kunit_watch {
	struct kunit *test;
	DECLARE_BITMAP(expected, LW_KIND_COUNT);
	u32 seen[LW_KIND_COUNT];	/* occurrences since the watch began, anywhere */
	u32 unlogged;
	char unlogged_line[LW_KUNIT_LINE_LEN];
};

/* The watches, under lw_kunit_lock. */
extern struct lw_kunit_watch lw_kunit_watches[LW_KUNIT_WATCHES];
extern raw_spinlock_t lw_kunit_lock;

struct lw_kunit_watch *lw_kunit_find(const struct kunit *test);
unsigned int lw_kunit_watches_in_use(void);
int lw_kunit_init_hook(void);
void lw_kunit_exit_hook(void);
#else
static inline unsigned int lw_kunit_watches_in_use(void)
{
	return 0;
}

static inline int lw_kunit_init_hook(void)
{
	return 0;
}

static inline void lw_kunit_exit_hook(void)
{
}
#endif

#endif /* _LW_OUTPUTS_H */
