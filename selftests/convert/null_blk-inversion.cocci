// SPDX-License-Identifier: GPL-2.0
// An inversion for the convert tier, applied to null_blk once converted:
// the zone resource lock's holders take the device's lock inside it, and
// device setup takes the two the other way round, once, before any I/O
// (so no real deadlock): lockwarden's lock-order cycle between
// nullb_device_zone_res_lock_class and nullb_lock_class.

// The I/O side: nullb->lock inside zone_res_lock (6.1 takes it with
// _irq, 6.12 plain), as one expression: 6.1 takes it in an if without
// braces.
@io@
expression D;
identifier take = {lw_spin_lock_irq, lw_spin_lock};
@@
- take(&D->zone_res_lock)
+ (take(&D->zone_res_lock), lw_spin_lock(&D->nullb->lock), lw_spin_unlock(&D->nullb->lock))

// The setup side, once the zone resource lock is initialised.
@setup@
expression D, C;
@@
  lw_spin_lock_init(&D->zone_res_lock, C);
+ lw_spin_lock_irq(&D->nullb->lock);
+ lw_spin_lock(&D->zone_res_lock);
+ lw_spin_unlock(&D->zone_res_lock);
+ lw_spin_unlock_irq(&D->nullb->lock);
