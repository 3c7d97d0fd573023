#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# In the guest of the convert tier: a netdevsim device of two ports, its
# first port up, and four writers each adding then deleting ROUTES IPv4
# routes through it (each a FIB notification whose work takes netdevsim's
# fib_lock), with the device's trap reports running beside them (every
# 100 ms: its trap_lock and fa_cookie_lock) and lockwarden's lockstat on;
# then lockwarden's state for netdevsim (lw_state.sh).
#
# Usage: netdevsim_load.sh [ROUTES]   (default 16)
routes=${1:-16}

echo 1 >/sys/module/lockwarden/parameters/lockstat || exit 1
echo "1 2" >/sys/bus/netdevsim/new_device || exit 1
dev=
for d in /sys/bus/netdevsim/devices/netdevsim1/net/*; do
	[ -e "$d" ] && dev=${d##*/} && break
done
[ -n "$dev" ] || exit 1
ip link set "$dev" up || exit 1
pids=
for w in 1 2 3 4; do
	(
		i=0
		while [ $i -lt "$routes" ]; do
			ip route add "10.$w.$i.0/24" dev "$dev" || exit 1
			i=$((i + 1))
		done
		i=0
		while [ $i -lt "$routes" ]; do
			ip route del "10.$w.$i.0/24" dev "$dev" || exit 1
			i=$((i + 1))
		done
	) &
	pids="$pids $!"
done
rc=0
for p in $pids; do
	wait "$p" || rc=1
done
[ $rc -eq 0 ] || exit 1
/bin/lw_state.sh netdevsim nsim
