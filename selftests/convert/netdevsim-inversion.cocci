// SPDX-License-Identifier: GPL-2.0
// An inversion for the convert tier, applied to netdevsim once converted:
// creating a device's FIB data takes its fib_lock inside its nh_lock,
// once, before any route; each FIB event's work then takes nh_lock inside
// fib_lock. The creation is over before the first event, so there is no
// real deadlock: lockwarden's lock-order cycle between
// nsim_fib_data_nh_lock_class and nsim_fib_data_fib_lock_class.

@create@
expression D, C;
@@
nsim_fib_create(...)
{
  <...
  lw_spin_lock_init(&D->fib_event_queue_lock, C);
+ lw_mutex_lock(&D->nh_lock);
+ lw_mutex_lock(&D->fib_lock);
+ lw_mutex_unlock(&D->fib_lock);
+ lw_mutex_unlock(&D->nh_lock);
  ...>
}

@work@
identifier data;
@@
nsim_fib_event_work(...)
{
  ...
  lw_mutex_lock(&data->fib_lock);
+ lw_mutex_lock(&data->nh_lock);
+ lw_mutex_unlock(&data->nh_lock);
  ...
}
