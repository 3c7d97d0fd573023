// SPDX-License-Identifier: GPL-2.0
// lockwarden convert, pass 2: the calls on the locks pass 1 converted become
// lockwarden's wrappers, each init call naming the lock's class.
//
// Every rule matches on the lock's converted type, so a call on a lock the
// driver borrows (a kernel lock type still) is never touched. Run with the
// driver's headers parsed for types (--local-includes
// --include-headers-for-types). Each conversion is reported to
// $LW_CONVERT_REPORT as "call<TAB>FILE:LINE<TAB>FUNCTION<TAB>WRAPPER".

@initialize:python@
@@
import os
import re

def lw_report(kind, p, what, why):
    with open(os.environ["LW_CONVERT_REPORT"], "a") as out:
        out.write("%s\t%s:%s\t%s\t%s\n" % (kind, p[0].file, p[0].line, what, why))

def lw_class_name(base, f):
    """The class of a lock: <struct>_<field>_class, or <variable>_class."""
    base = re.sub(r"\b(struct|union|const|volatile)\b|\*", "", base).strip()
    return "%s_%s_class" % (base, f) if base else "%s_class" % f

// === Init calls: one class per lock, named after its field or variable ===

@init@
identifier fn = {spin_lock_init, raw_spin_lock_init, rwlock_init, mutex_init, init_rwsem};
{struct lw_spinlock *, struct lw_raw_spinlock *, struct lw_rwlock *, struct lw_mutex *,
 struct lw_rwsem *} L;
position p;
@@
fn@p(L)

// A field: the class is named after the struct and the field.
@init_field@
identifier init.fn, f;
type T;
T *E;
T E2;
position init.p;
@@
(
fn@p(&E->f)
|
fn@p(&E2.f)
)

@script:python class_field@
T << init_field.T;
f << init_field.f;
c;
@@
coccinelle.c = cocci.make_ident(lw_class_name(T, f))

@@
identifier init.fn, class_field.c;
fresh identifier lw = "lw_" ## fn;
expression L;
position init.p;
@@
- fn@p(L)
+ lw(L, &c)

@script:python@
fn << init.fn;
c << class_field.c;
p << init.p;
@@
lw_report("call", p, fn, "lw_%s, class %s" % (fn, c))

// A variable: the class is named after it.
@init_var@
identifier fn = {spin_lock_init, raw_spin_lock_init, rwlock_init, mutex_init, init_rwsem};
identifier v;
{struct lw_spinlock, struct lw_raw_spinlock, struct lw_rwlock, struct lw_mutex,
 struct lw_rwsem} V;
position p;
@@
fn@p(&V@v)

@script:python class_var@
v << init_var.v;
c;
@@
coccinelle.c = cocci.make_ident(lw_class_name("", v))

@@
identifier init_var.fn, class_var.c;
fresh identifier lw = "lw_" ## fn;
expression L;
position init_var.p;
@@
- fn@p(L)
+ lw(L, &c)

@script:python@
fn << init_var.fn;
c << class_var.c;
p << init_var.p;
@@
lw_report("call", p, fn, "lw_%s, class %s" % (fn, c))

// === Lock and unlock calls, every flavour lockwarden wraps ===

@spin_calls@
identifier fn = {spin_lock, spin_unlock, spin_lock_bh, spin_unlock_bh, spin_lock_irq,
	spin_unlock_irq, spin_lock_irqsave, spin_unlock_irqrestore, spin_lock_nested,
	spin_lock_irqsave_nested, spin_trylock, spin_trylock_bh, spin_trylock_irq,
	spin_trylock_irqsave, spin_is_locked};
fresh identifier lw = "lw_" ## fn;
struct lw_spinlock *L;
position p;
@@
- fn@p
+ lw
  (L, ...)

@script:python@
fn << spin_calls.fn;
p << spin_calls.p;
@@
lw_report("call", p, fn, "lw_" + fn)

@raw_spin_calls@
identifier fn = {raw_spin_lock, raw_spin_unlock, raw_spin_lock_bh, raw_spin_unlock_bh,
	raw_spin_lock_irq, raw_spin_unlock_irq, raw_spin_lock_irqsave,
	raw_spin_unlock_irqrestore, raw_spin_lock_nested, raw_spin_trylock, raw_spin_trylock_bh,
	raw_spin_trylock_irq, raw_spin_trylock_irqsave, raw_spin_is_locked};
fresh identifier lw = "lw_" ## fn;
struct lw_raw_spinlock *L;
position p;
@@
- fn@p
+ lw
  (L, ...)

@script:python@
fn << raw_spin_calls.fn;
p << raw_spin_calls.p;
@@
lw_report("call", p, fn, "lw_" + fn)

@rwlock_calls@
identifier fn = {read_lock, read_unlock, read_lock_bh, read_unlock_bh, read_lock_irq,
	read_unlock_irq, read_lock_irqsave, read_unlock_irqrestore, read_trylock,
	write_lock, write_unlock, write_lock_bh, write_unlock_bh, write_lock_irq,
	write_unlock_irq, write_lock_irqsave, write_unlock_irqrestore, write_lock_nested,
	write_trylock, write_trylock_irqsave};
fresh identifier lw = "lw_" ## fn;
struct lw_rwlock *L;
position p;
@@
- fn@p
+ lw
  (L, ...)

@script:python@
fn << rwlock_calls.fn;
p << rwlock_calls.p;
@@
lw_report("call", p, fn, "lw_" + fn)

@mutex_calls@
identifier fn = {mutex_lock, mutex_lock_nested, mutex_lock_interruptible, mutex_lock_killable,
	mutex_trylock, mutex_unlock, mutex_destroy, mutex_is_locked};
fresh identifier lw = "lw_" ## fn;
struct lw_mutex *L;
position p;
@@
- fn@p
+ lw
  (L, ...)

@script:python@
fn << mutex_calls.fn;
p << mutex_calls.p;
@@
lw_report("call", p, fn, "lw_" + fn)

@rwsem_calls@
identifier fn = {down_read, down_read_nested, down_read_trylock, up_read, down_write,
	down_read_interruptible, down_read_killable, down_write_nested, down_write_trylock,
	down_write_killable, up_write, downgrade_write, rwsem_is_locked};
fresh identifier lw = "lw_" ## fn;
struct lw_rwsem *L;
position p;
@@
- fn@p
+ lw
  (L, ...)

@script:python@
fn << rwsem_calls.fn;
p << rwsem_calls.p;
@@
lw_report("call", p, fn, "lw_" + fn)

// === Assertions ===

// lockdep_assert_held() and its kind check that this context holds the
// lock; lw_assert_held() checks a hold in either mode, so the _read and
// _write forms become it (the mode is no longer checked).
@assert_held@
identifier fn = {lockdep_assert_held, lockdep_assert_held_read, lockdep_assert_held_write};
{struct lw_spinlock *, struct lw_raw_spinlock *, struct lw_rwlock *, struct lw_mutex *,
 struct lw_rwsem *} L;
position p;
@@
- fn@p(L)
+ lw_assert_held(L)

@script:python@
fn << assert_held.fn;
p << assert_held.p;
@@
lw_report("call", p, fn, "lw_assert_held" if fn == "lockdep_assert_held" else
          "lw_assert_held, the mode not checked")

// lockdep_assert_held_once(), lockdep_assert_not_held(), might_lock() and
// might_lock_read(): lockwarden's, of the same names less "lockdep_".
@assert_other@
identifier fn = {lockdep_assert_held_once, lockdep_assert_not_held, might_lock,
	might_lock_read};
{struct lw_spinlock *, struct lw_raw_spinlock *, struct lw_rwlock *, struct lw_mutex *,
 struct lw_rwsem *} L;
position p;
@@
fn@p(L)

@script:python assert_other_name@
fn << assert_other.fn;
lw;
@@
coccinelle.lw = cocci.make_ident("lw_" + fn.replace("lockdep_", ""))

@@
identifier assert_other.fn, assert_other_name.lw;
expression L;
position assert_other.p;
@@
- fn@p(L)
+ lw(L)

@script:python@
fn << assert_other.fn;
lw << assert_other_name.lw;
p << assert_other.p;
@@
lw_report("call", p, fn, lw)

// assert_spin_locked() is no check of this context: anyone holding the
// lock satisfies it. It becomes the same test on lockwarden's lock.
@assert_spin@
struct lw_spinlock *L;
position p;
@@
- assert_spin_locked@p(L)
+ BUG_ON(!lw_spin_is_locked(L))

@script:python@
p << assert_spin.p;
@@
lw_report("call", p, "assert_spin_locked", "BUG_ON(!lw_spin_is_locked())")

@assert_raw_spin@
struct lw_raw_spinlock *L;
position p;
@@
- assert_raw_spin_locked@p(L)
+ BUG_ON(!lw_raw_spin_is_locked(L))

@script:python@
p << assert_raw_spin.p;
@@
lw_report("call", p, "assert_raw_spin_locked", "BUG_ON(!lw_raw_spin_is_locked())")

// === guard() and scoped_guard(): the guard classes lockwarden defines ===

@guard_calls@
identifier cls = {mutex, spinlock, spinlock_bh, spinlock_irq, spinlock_irqsave, raw_spinlock,
	raw_spinlock_bh, raw_spinlock_irq, raw_spinlock_irqsave, read_lock, read_lock_bh,
	read_lock_irq, read_lock_irqsave, write_lock, write_lock_bh, write_lock_irq,
	write_lock_irqsave, rwsem_read, rwsem_write};
fresh identifier lw = "lw_" ## cls;
{struct lw_spinlock *, struct lw_raw_spinlock *, struct lw_rwlock *, struct lw_mutex *,
 struct lw_rwsem *} L;
position p;
@@
- guard@p(cls)(L)
+ guard(lw)(L)

@script:python@
cls << guard_calls.cls;
p << guard_calls.p;
@@
lw_report("call", p, "guard(%s)" % cls, "guard(lw_%s)" % cls)

@scoped_calls@
iterator name scoped_guard;
identifier cls = {mutex, spinlock, spinlock_bh, spinlock_irq, spinlock_irqsave, raw_spinlock,
	raw_spinlock_bh, raw_spinlock_irq, raw_spinlock_irqsave, read_lock, read_lock_bh,
	read_lock_irq, read_lock_irqsave, write_lock, write_lock_bh, write_lock_irq,
	write_lock_irqsave, rwsem_read, rwsem_write};
fresh identifier lw = "lw_" ## cls;
{struct lw_spinlock *, struct lw_raw_spinlock *, struct lw_rwlock *, struct lw_mutex *,
 struct lw_rwsem *} L;
statement S;
position p;
@@
- scoped_guard@p(cls, L)
+ scoped_guard(lw, L)
  S

@script:python@
cls << scoped_calls.cls;
p << scoped_calls.p;
@@
lw_report("call", p, "scoped_guard(%s)" % cls, "scoped_guard(lw_%s)" % cls)
