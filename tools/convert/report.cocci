// SPDX-License-Identifier: GPL-2.0
// lockwarden convert, pass 3: what is left on the converted source, reported,
// nothing changed.
//
// "left": a converted lock still reaches a function or guard that is not
// lockwarden's (its API has no wrapper for it): the build fails there until
// it is converted by hand. "kept": a kernel lock call on a lock that keeps
// its kernel type, borrowed from a subsystem or defined in a way pass 1 left.
// Lines as pass 1's, to $LW_CONVERT_REPORT.

@initialize:python@
@@
import os
import re

def lw_report(kind, p, what, why):
    with open(os.environ["LW_CONVERT_REPORT"], "a") as out:
        out.write("%s\t%s:%s\t%s\t%s\n" % (kind, p[0].file, p[0].line, what, why))

def lw_ours(name):
    return name.startswith(("lw_", "__lw_", "LW_"))

# The kernel's calls on a lock, every type and flavour, and the lockdep calls
# that name a lock.
LW_KERNEL_LOCK_CALL = re.compile(
    r"^((raw_)?spin_(lock|unlock|trylock|is_locked|is_contended)\w*"
    r"|(read|write)_(lock|unlock|trylock)\w*|rwlock_init"
    r"|mutex_\w+|(down|up)_(read|write)\w*|downgrade_write|init_rwsem|rwsem_is_\w+"
    r"|assert_(raw_)?spin_locked|lockdep_\w+)$")

def lw_kernel_lock_call(name):
    return LW_KERNEL_LOCK_CALL.match(name) is not None

@left_call@
identifier fn;
{struct lw_spinlock *, struct lw_raw_spinlock *, struct lw_rwlock *, struct lw_mutex *,
 struct lw_rwsem *} L;
expression list es1, es2;
position p;
@@
fn@p(es1, L, es2)

@script:python@
fn << left_call.fn;
L << left_call.L;
p << left_call.p;
@@
if fn.startswith(("lockdep_set_class", "lockdep_set_subclass", "lockdep_set_novalidate")):
    lw_report("left", p, "%s(%s)" % (fn, L),
              "lockwarden names a lock's class at its init and a subclass at each _nested() call: "
              "give the lw_*_init() call the class by hand (the build fails here)")
elif lw_kernel_lock_call(fn):
    lw_report("left", p, "%s(%s)" % (fn, L),
              "lockwarden's API has no %s(): convert by hand (the build fails here)" % fn)
elif not lw_ours(fn):
    lw_report("left", p, "%s(%s)" % (fn, L),
              "a converted lock passed to %s(): if it takes a kernel lock, change its type by hand" % fn)

@left_value@
identifier fn;
{struct lw_spinlock, struct lw_raw_spinlock, struct lw_rwlock, struct lw_mutex,
 struct lw_rwsem} V;
expression list es1, es2;
position p;
@@
fn@p(es1, V, es2)

@script:python@
fn << left_value.fn;
V << left_value.V;
p << left_value.p;
@@
if not lw_ours(fn):
    lw_report("left", p, "%s(..., %s, ...)" % (fn, V),
              "a macro given the lock itself: convert by hand (the build fails here)")

@left_guard@
identifier cls;
{struct lw_spinlock *, struct lw_raw_spinlock *, struct lw_rwlock *, struct lw_mutex *,
 struct lw_rwsem *} L;
position p;
@@
guard@p(cls)(L)

@script:python@
cls << left_guard.cls;
L << left_guard.L;
p << left_guard.p;
@@
if not lw_ours(cls):
    lw_report("left", p, "guard(%s)(%s)" % (cls, L),
              "lockwarden has no guard class for %s: convert by hand (the build fails here)" % cls)

@left_scoped@
iterator name scoped_guard;
identifier cls;
{struct lw_spinlock *, struct lw_raw_spinlock *, struct lw_rwlock *, struct lw_mutex *,
 struct lw_rwsem *} L;
statement S;
position p;
@@
scoped_guard@p(cls, L) S

@script:python@
cls << left_scoped.cls;
L << left_scoped.L;
p << left_scoped.p;
@@
if not lw_ours(cls):
    lw_report("left", p, "scoped_guard(%s, %s)" % (cls, L),
              "lockwarden has no guard class for %s: convert by hand (the build fails here)" % cls)

// Kernel locks that keep their type, borrowed from a subsystem or defined
// in a way pass 1 left: their type is often unknown here (declared in a
// kernel header, or by a DEFINE_ macro), so these match the kernel's lock
// calls by name. A call also reported "left" is dropped by the wrapper.
@kept_call@
identifier fn;
expression L;
expression list es;
position p;
@@
fn@p(L, es)

@script:python@
fn << kept_call.fn;
L << kept_call.L;
p << kept_call.p;
@@
if lw_kernel_lock_call(fn):
    lw_report("kept", p, "%s(%s)" % (fn, L), L)

@kept_guard@
identifier cls;
expression L;
position p;
@@
guard@p(cls)(L)

@script:python@
cls << kept_guard.cls;
L << kept_guard.L;
p << kept_guard.p;
@@
if not lw_ours(cls):
    lw_report("kept", p, "guard(%s)(%s)" % (cls, L), L)

@kept_scoped@
iterator name scoped_guard;
identifier cls;
expression L;
statement S;
position p;
@@
scoped_guard@p(cls, L) S

@script:python@
cls << kept_scoped.cls;
L << kept_scoped.L;
p << kept_scoped.p;
@@
if not lw_ours(cls):
    lw_report("kept", p, "scoped_guard(%s, %s)" % (cls, L), L)
