// SPDX-License-Identifier: GPL-2.0
// An inversion for the convert tier, applied to uinput once converted:
// creating a device takes its requests_lock inside its state_lock, and
// flushing the requests at destroy takes the two the other way round, on
// the one task that owns the device (so no real deadlock): lockwarden's
// lock-order cycle between uinput_device_state_lock_class and
// uinput_device_requests_lock_class.

@create@
expression U;
@@
uinput_create_device(...)
{
  <...
  lw_spin_lock(&U->state_lock);
+ lw_spin_lock(&U->requests_lock);
+ lw_spin_unlock(&U->requests_lock);
  ...>
}

@flush@
identifier udev;
@@
uinput_flush_requests(struct uinput_device *udev)
{
  ...
  lw_spin_lock(&udev->requests_lock);
+ lw_spin_lock(&udev->state_lock);
+ lw_spin_unlock(&udev->state_lock);
  ...
}
