// SPDX-License-Identifier: GPL-2.0
// An inversion for the convert tier, applied to null_blk once converted:
// its commands take their queue's poll_lock inside the device's lock, and
// queue setup takes the two the other way round, once, before any I/O
// (so no real deadlock; dd polls no queue): lockwarden's (and lockdep's)
// lock-order cycle between nullb_lock_class and
// nullb_queue_poll_lock_class. Any kernel: zoned or not.

// The I/O side: a queue's poll_lock inside the device's lock.
@io@
identifier fn, cmd;
expression N;
@@
fn(..., struct nullb_cmd *cmd, ...)
{
  <...
  lw_spin_lock_irq(&N->lock);
+ lw_spin_lock(&cmd->nq->poll_lock);
+ lw_spin_unlock(&cmd->nq->poll_lock);
  ...>
}

// The setup side, once the queue's poll_lock is initialised.
@setup@
expression Q, C;
identifier nullb;
@@
null_init_queue(struct nullb *nullb, ...)
{
  ...
  lw_spin_lock_init(&Q->poll_lock, C);
+ lw_spin_lock_irq(&Q->poll_lock);
+ lw_spin_lock(&nullb->lock);
+ lw_spin_unlock(&nullb->lock);
+ lw_spin_unlock_irq(&Q->poll_lock);
  ...
}
