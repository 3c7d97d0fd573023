// SPDX-License-Identifier: GPL-2.0
// lockwarden convert, pass 1: a driver's own lock fields and variables become
// lockwarden's lock types; the definitions it cannot convert are reported.
//
// A lock is the driver's own when its declaration is in the driver's files:
// a field of a struct (or of a union in one) the driver defines, or a
// variable it declares. Every later pass matches on these types, so a lock
// the driver borrows from a subsystem keeps its kernel type and its calls.
//
// Reports go to the file named by $LW_CONVERT_REPORT, one line each:
// "KIND<TAB>FILE:LINE<TAB>WHAT<TAB>WHY".

@initialize:python@
@@
import os

def lw_report(kind, p, what, why):
    with open(os.environ["LW_CONVERT_REPORT"], "a") as out:
        out.write("%s\t%s:%s\t%s\t%s\n" % (kind, p[0].file, p[0].line, what, why))

// Fields of a struct, and of a union in one: found and reported first,
// then changed (a rule that changes a struct would make the next one's
// positions those of a temporary file).
@lockfield@
typedef spinlock_t, raw_spinlock_t, rwlock_t;
identifier s, f;
type T = {spinlock_t, raw_spinlock_t, rwlock_t, struct mutex, struct rw_semaphore};
position p;
@@
struct s { ...
  T f@p;
  ... };

@script:python@
s << lockfield.s;
f << lockfield.f;
T << lockfield.T;
p << lockfield.p;
@@
lw_report("lock", p, "struct %s.%s" % (s, f), "%s, a field of the driver's own struct" % T)

@unionfield@
typedef spinlock_t, raw_spinlock_t, rwlock_t;
identifier s, f;
type T = {spinlock_t, raw_spinlock_t, rwlock_t, struct mutex, struct rw_semaphore};
position p;
@@
struct s { ...
  union { ...
  T f@p;
  ... };
  ... };

@script:python@
s << unionfield.s;
f << unionfield.f;
T << unionfield.T;
p << unionfield.p;
@@
lw_report("lock", p, "struct %s.%s" % (s, f), "%s, a field of a union in the driver's own struct" % T)

// One rule a type: a disjunction would change one type a struct only.
@@
identifier s, f;
@@
struct s { ...
- spinlock_t f;
+ struct lw_spinlock f;
  ... };

@@
identifier s, f;
@@
struct s { ...
- raw_spinlock_t f;
+ struct lw_raw_spinlock f;
  ... };

@@
identifier s, f;
@@
struct s { ...
- rwlock_t f;
+ struct lw_rwlock f;
  ... };

@@
identifier s, f;
@@
struct s { ...
- struct mutex f;
+ struct lw_mutex f;
  ... };

@@
identifier s, f;
@@
struct s { ...
- struct rw_semaphore f;
+ struct lw_rwsem f;
  ... };

@@
identifier s, f;
@@
struct s { ...
  union { ...
- spinlock_t f;
+ struct lw_spinlock f;
  ... };
  ... };

@@
identifier s, f;
@@
struct s { ...
  union { ...
- raw_spinlock_t f;
+ struct lw_raw_spinlock f;
  ... };
  ... };

@@
identifier s, f;
@@
struct s { ...
  union { ...
- rwlock_t f;
+ struct lw_rwlock f;
  ... };
  ... };

@@
identifier s, f;
@@
struct s { ...
  union { ...
- struct mutex f;
+ struct lw_mutex f;
  ... };
  ... };

@@
identifier s, f;
@@
struct s { ...
  union { ...
- struct rw_semaphore f;
+ struct lw_rwsem f;
  ... };
  ... };

// Variables without an initialiser (file scope or local): their init call
// gives them a class.
@lockvar@
identifier v;
position p;
@@
(
- spinlock_t v@p;
+ struct lw_spinlock v;
|
- raw_spinlock_t v@p;
+ struct lw_raw_spinlock v;
|
- rwlock_t v@p;
+ struct lw_rwlock v;
|
- struct mutex v@p;
+ struct lw_mutex v;
|
- struct rw_semaphore v@p;
+ struct lw_rwsem v;
)

@script:python@
v << lockvar.v;
p << lockvar.p;
@@
lw_report("lock", p, v, "a variable of the driver")

// Static definitions become lockwarden's, with a class named after the
// variable (<variable>_class). Written here as a typed definition, so
// that the next passes know the lock's type; finish.py writes it as
// LW_DEFINE_<KIND>(var, &class) or LW_DECLARE_RWSEM(var, &class).
@lockdef@
declarer name DEFINE_MUTEX, DEFINE_SPINLOCK, DEFINE_RAW_SPINLOCK, DEFINE_RWLOCK,
	DECLARE_RWSEM;
identifier v;
fresh identifier c = v ## "_class";
position p;
@@
(
- DEFINE_MUTEX@p(v);
+ struct lw_mutex v = LW_CONVERT_DEFINE_MUTEX(v, &c);
|
- DEFINE_SPINLOCK@p(v);
+ struct lw_spinlock v = LW_CONVERT_DEFINE_SPINLOCK(v, &c);
|
- DEFINE_RAW_SPINLOCK@p(v);
+ struct lw_raw_spinlock v = LW_CONVERT_DEFINE_RAW_SPINLOCK(v, &c);
|
- DEFINE_RWLOCK@p(v);
+ struct lw_rwlock v = LW_CONVERT_DEFINE_RWLOCK(v, &c);
|
- DECLARE_RWSEM@p(v);
+ struct lw_rwsem v = LW_CONVERT_DECLARE_RWSEM(v, &c);
)

@script:python@
v << lockdef.v;
p << lockdef.p;
@@
lw_report("lock", p, v, "a variable of the driver, statically defined, class %s_class" % v)

@lockinit@
identifier v;
expression init;
type T = {spinlock_t, raw_spinlock_t, rwlock_t, struct mutex, struct rw_semaphore};
position p;
@@
T v@p = init;

@script:python@
v << lockinit.v;
T << lockinit.T;
p << lockinit.p;
@@
lw_report("left", p, "%s %s = ..." % (T, v),
          "a kernel initialiser: define it with LW_DEFINE_<KIND>() by hand; the lock and its calls stay the kernel's")

// A pointer to a kernel lock may point at a converted one: a driver that
// passes its locks by pointer needs the pointer's type changed by hand.
@lockptr@
identifier v;
type T = {spinlock_t, raw_spinlock_t, rwlock_t, struct mutex, struct rw_semaphore};
position p;
@@
T *v@p;

@script:python@
v << lockptr.v;
T << lockptr.T;
p << lockptr.p;
@@
lw_report("left", p, "%s *%s" % (T, v),
          "a pointer to a kernel lock: if it points at a converted lock, its type is to change by hand")

@lockparam@
identifier fn, v;
type T = {spinlock_t, raw_spinlock_t, rwlock_t, struct mutex, struct rw_semaphore};
position p;
@@
fn(..., T *v@p, ...) { ... }

@script:python@
v << lockparam.v;
T << lockparam.T;
fn << lockparam.fn;
p << lockparam.p;
@@
lw_report("left", p, "%s(%s *%s)" % (fn, T, v),
          "a parameter pointing at a kernel lock: if a converted lock is passed, its type is to change by hand")
