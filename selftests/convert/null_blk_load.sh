#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# In the guest of the convert tier: parallel O_DIRECT writes and reads on
# /dev/nullb0, one zone (STRIDE blocks of 64 KiB) apart, with lockwarden's
# lockstat on; then lockwarden's state for null_blk (lw_state.sh).
#
# Usage: null_blk_load.sh [STRIDE]   (default 256: 16 MiB zones)
stride=${1:-256}

echo 1 >/sys/module/lockwarden/parameters/lockstat || exit 1
[ -b /dev/nullb0 ] || exit 1
for i in 0 1 2 3; do
	dd if=/dev/zero of=/dev/nullb0 bs=64k count=100 seek=$((i * stride)) oflag=direct 2>&1 &
done
wait
for i in 0 1 2 3; do
	dd if=/dev/nullb0 of=/dev/null bs=64k count=100 skip=$((i * stride)) iflag=direct 2>&1 &
done
wait
/bin/lw_state.sh null_blk nullb
