#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The convert tier (TAP): tools/convert on its demo driver, whose report is
# compared with the expected one, and on null_blk from each stock kernel's
# Debian source, built against that kernel as the original, converted and
# compiled out (the same sections, the same code, no lockwarden symbol)
# and converted with lockwarden (calls lockwarden.ko).
#
# Then one boot of each kernel: under dd load, the conversion with
# lockwarden gives no finding and a clean console (no lockdep report), its
# classes taken; unloaded, and with selftests/convert/null_blk-inversion.cocci
# applied on top, lockwarden finds the inversion with its classes and sites
# (and lockdep, on a debug kernel). On a lockdep kernel the compiled-out
# conversion is not compared with the original (see below).
#
# Usage: convert_test.sh [--logs DIR] [--no-vm] [KERNEL...]
#   (default: stock-6.1 stock-6.12 debug-6.1 debug-6.12)
# Needs lockwarden built for each KERNEL (tools/vm/build-modules), for its
# Module.symvers and lockwarden.ko; builds it when missing.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
vm="$top/tools/vm"
# shellcheck source-path=SCRIPTDIR source=../tools/vm/lib.sh
. "$vm/lib.sh"
logs="$top/build/check/convert"
if [ "${1:-}" = --logs ]; then
	logs=$2
	shift 2
fi
vm_runs=1
if [ "${1:-}" = --no-vm ]; then
	vm_runs=0
	shift
fi
kernels=("$@")
[ ${#kernels[@]} -gt 0 ] || kernels=(stock-6.1 stock-6.12 debug-6.1 debug-6.12)
mkdir -p "$logs"
n=0
failed=0

# ok STATUS NAME: one TAP line.
ok() {
	n=$((n + 1))
	if [ "$1" -ne 0 ]; then
		failed=$((failed + 1))
		printf 'not '
	fi
	echo "ok $n $2"
}

# The demo driver: every construct, and the report expected of it (the
# report's first lines name the directories: not compared).
demo="$logs/demo"
"$top/tools/convert/convert" "$top/selftests/convert/demo" "$demo" >"$logs/demo.log" 2>&1 &&
	sed 1,3d "$demo/lockwarden-convert.txt" | diff -u "$top/selftests/convert/demo.report" - \
		>"$logs/demo.diff"
rc=$?
[ $rc -eq 0 ] || cat "$logs/demo.log" "$logs/demo.diff" | sed 's/^/# /'
ok $rc "demo: the report is the expected one (selftests/convert/demo.report)"
# The demo's source as converted: no kernel call on a converted lock but
# those the report lists, one class definition for each class.
grep -q '^static LW_DEFINE_CLASS(demo_dev_ring_spin_class, 0);$' "$demo/demo.c" &&
	grep -q 'lw_spin_lock_init(&d->ring_spin, &demo_dev_ring_spin_class);' "$demo/demo.c" &&
	grep -q '^	struct lw_rwsem state_sem;	/\* the state \*/$' "$demo/demo.h" &&
	grep -q '^#include <lockwarden/lockwarden.h>$' "$demo/demo.h" &&
	grep -q 'scoped_guard(lw_spinlock, &d->ring_spin)' "$demo/demo.c" &&
	grep -q '^static LW_DEFINE_MUTEX(demo_list_mutex, &demo_list_mutex_class);$' "$demo/demo.c" &&
	grep -q '^LW_DECLARE_RWSEM(demo_table_sem, &demo_table_sem_class);$' "$demo/demo.c" &&
	grep -q '^static LW_DEFINE_CLASS(demo_event_lock_class, 0);$' "$demo/demo.c" &&
	grep -q 'lw_mutex_lock(&demo_list_mutex)$' "$demo/demo.c" &&
	grep -q 'BUG_ON(!lw_spin_is_locked(&d->stats_lock));' "$demo/demo.c" &&
	grep -q 'scoped_guard(lw_spinlock_irqsave, &d->stats_lock)' "$demo/demo.c" &&
	! grep -q 'LW_CONVERT_' "$demo/demo.c" &&
	[ "$(grep -cE '(^|[^_])(spin_lock|mutex_lock|down_write|read_lock)\(&d->(stats_lock|cfg_mutex|state_sem|map_lock)' \
		"$demo/demo.c")" -eq 0 ]
ok $? "demo: the converted source has the types, static definitions, wrappers, classes and include"

# A memory-backed device, zoned where the kernel has zoned block devices
# (the debug kernels do not): every lock of null_blk's I/O path but the
# poll queues' is taken (the device's spinlock; the zone's mutex and the
# zone resources' spinlock); the guest's load script.
load="$top/selftests/convert/null_blk_load.sh:/bin/null_blk_load.sh"
# The kernel message between the two phases of a boot.
marker="convert tier: the inversion"
# boot_load OUT: boot $kernel with lockwarden and the conversion, run the
# load, unload it, load the inversion and run the load again: one boot
# for both. Its output in OUT.out, "== inversion" between the phases; the
# console in OUT.console, $marker between them.
boot_load() {
	local expect=()

	[ $lockdep -eq 0 ] || expect=(--expect 'possible circular locking dependency')
	"$vm/run" --kernel "$kernel" --timeout 300 --log "$1.console" ${expect[@]+"${expect[@]}"} \
		--module "$base/chkd/null_blk.ko" "${nullb_params[@]}" --file "$load" \
		--file "$base/binv/null_blk.ko:/files/null_blk_inversion.ko" \
		-- sh -c "/bin/null_blk_load.sh && rmmod null_blk && echo '== inversion' &&
			echo '$marker' >/dev/kmsg &&
			insmod /files/null_blk_inversion.ko ${nullb_params[*]} &&
			/bin/null_blk_load.sh" >"$1.out" 2>"$1.err"
}
# section OUT NAME: the lines of the load's output section NAME.
section() { sed -n "/^== $2\$/,/^== /{/^== /d;p}" "$1"; }

# section_sizes KO: NAME SIZE of each allocated section but the debug info.
section_sizes() {
	size -A "$1" | awk 'NR > 2 && $1 ~ /^\./ && $1 !~ /^\.(debug|comment|BTF)/ { print $1, $2 }'
}
# code_sum KO: a checksum of its code and data, section by section.
code_sum() {
	local sec

	for sec in .text .init.text .exit.text .data .rodata .text.unlikely; do
		printf '%s ' "$sec"
		objcopy -O binary -j "$sec" "$1" /dev/stdout 2>/dev/null | md5sum
	done
}

# refresh DIR NEW: DIR becomes NEW, a fresh copy of a driver's source,
# unless their sources are the same: DIR then stays, with its objects,
# and a build in it has nothing to do (kbuild rebuilds what changed
# headers or flags touch).
refresh() {
	if [ -d "$1" ] && diff -r -q -x '*.o' -x '*.ko' -x '*.mod*' -x '.*' -x '*.symvers' \
		-x 'modules.order' "$1" "$2" >/dev/null 2>&1; then
		rm -rf "$2"
	else
		rm -rf "$1"
		mv "$2" "$1"
	fi
}

# compiled_out NAME: the original and the conversion compiled out, built
# against $kdir: the same sections, code and data; no lockwarden symbol.
compiled_out() {
	local orig="$base/orig/null_blk.ko" conv="$base/conv/null_blk.ko" rc

	make -C "$kdir" M="$base/orig" "${margs[@]}" modules >"$log.orig.build" 2>&1
	ok $? "$1: the original builds"
	make -C "$kdir" M="$base/conv" "${margs[@]}" modules >"$log.conv.build" 2>&1 &&
		! grep -E '(warning|error):' "$log.conv.build"
	ok $? "$1: converted, compiled out, builds with no warning"
	rm -f "$log.sizes.diff" "$log.code.diff"
	diff <(section_sizes "$orig") <(section_sizes "$conv") >"$log.sizes.diff" &&
		diff <(code_sum "$orig") <(code_sum "$conv") >"$log.code.diff" &&
		[ -s "$orig" ]
	rc=$?
	[ $rc -eq 0 ] || cat "$log.sizes.diff" "$log.code.diff" 2>/dev/null | sed 's/^/# /'
	ok $rc "$1: compiled out, every section the original's size, its code and data the same bytes"
	nm "$conv" >"$log.conv.nm" 2>&1 && ! grep -qiE 'lockwarden|(^| )_*lw_' "$log.conv.nm" &&
		[ -z "$(modinfo -F import_ns "$conv")" ]
	ok $? "$1: compiled out, no lockwarden symbol or namespace"
}

# checked DIR: DIR, a copy of the conversion, built with lockwarden.
checked() {
	make -C "$kdir" M="$1" "${margs[@]}" CONFIG_LOCKWARDEN=y \
		KBUILD_EXTRA_SYMBOLS="$symvers" modules >"$log.$(basename "$1").build" 2>&1 &&
		! grep -E '(warning|error):' "$log.$(basename "$1").build"
}

# inversion_applied: the inversion applied to a copy of the conversion,
# in binv, built with lockwarden.
inversion_applied() {
	rm -rf "$base/new"
	cp -a "$base/src" "$base/new"
	spatch --very-quiet --max-width 200 --sp-file "$top/selftests/convert/null_blk-inversion.cocci" \
		--dir "$base/new" --include-headers --in-place >"$log.inv.spatch" 2>&1 &&
		refresh "$base/binv" "$base/new" &&
		[ "$(grep -c 'poll_lock)' "$base/binv/main.c")" -gt "$(grep -c 'poll_lock)' "$base/src/main.c")" ] &&
		checked "$base/binv"
}

# under_load NAME: one boot. The conversion with lockwarden under dd: no
# finding, a clean console (no lockdep report), its I/O classes taken.
# Then the inversion under dd: one lock-order cycle, with its classes and
# sites (the setup's site is null_init_queue(), or null_init_hctx() where
# it is inlined); on a lockdep kernel, lockdep's report of the same
# classes.
under_load() {
	local class taken=0 rc site='+0x[0-9a-f]*/0x[0-9a-f]* \[null_blk\]$'

	boot_load "$log.boot"
	rc=$?
	[ $rc -eq 0 ] || tail -n 20 "$log.boot.err" | sed 's/^/# /'
	sed '/^== inversion$/,$d' "$log.boot.out" >"$log.clean.out"
	sed -n '/^== inversion$/,$p' "$log.boot.out" >"$log.inv.out"
	[ $rc -eq 0 ] && grep -qx '== end' "$log.clean.out" && [ -z "$(section "$log.clean.out" findings)" ] &&
		! sed "/$marker/,\$d" "$log.boot.console" | grep -q 'possible circular locking dependency'
	ok $? "$1: under parallel O_DIRECT dd, no finding and a clean console"
	for class in "${classes[@]}"; do
		section "$log.clean.out" classes | awk -v c="$class" '$2 == c && $4 > 0 { ok = 1 } END { exit !ok }' &&
			taken=$((taken + 1))
	done
	[ $taken -eq ${#classes[@]} ]
	ok $? "$1: its classes are taken under the load (${classes[*]})"

	section "$log.inv.out" findings >"$log.inv.findings"
	[ $rc -eq 0 ] && [ "$(grep -c '^finding #' "$log.inv.findings")" -eq 1 ] &&
		grep -q '^lockwarden: lock-order cycle in null_[a-z_]* / null_init_[a-z]*$' "$log.inv.findings" &&
		grep -A1 ' takes nullb_queue_poll_lock_class while holding nullb_lock_class, at:$' \
			"$log.inv.findings" | grep -q "^  null_[a-z_]*$site" &&
		grep -q "^  nullb_queue_poll_lock_class -> nullb_lock_class at null_init_[a-z]*$site" \
			"$log.inv.findings"
	rc=$?
	[ $rc -eq 0 ] || sed 's/^/# /' "$log.inv.findings"
	ok $rc "$1: the inversion is found, one cycle, with its classes and sites"
	[ $lockdep -eq 1 ] || return
	grep -q 'WARNING: possible circular locking dependency detected' "$log.boot.console" &&
		grep -q '(nullb_queue_poll_lock_class)' "$log.boot.console" &&
		grep -q '(nullb_lock_class)' "$log.boot.console"
	ok $? "$1: lockdep reports the same cycle, with the same class names"
}

for kernel in "${kernels[@]}"; do
	series=${kernel##*-}
	name="null_blk $kernel"
	src="$("$vm/kernel-src" "$series")/drivers/block/null_blk"
	kdir=$("$vm/kdir" "$kernel")
	mapfile -t margs < <(lw_kernel_make_args "$kernel")
	symvers="$top/build/$kernel/Module.symvers"
	[ -f "$symvers" ] || "$vm/build-modules" "$kernel" >"$logs/lockwarden-$kernel.log" 2>&1
	nullb_params=(nr_devices=1 memory_backed=1 gb=1)
	classes=(nullb_lock_class)
	if grep -q '^CONFIG_BLK_DEV_ZONED=y' "$kdir/.config"; then
		nullb_params+=(zoned=1 zone_size=16 zone_max_open=2)
		classes+=(nullb_zone_mutex_class nullb_device_zone_res_lock_class)
	fi
	lockdep=0
	grep -q '^CONFIG_PROVE_LOCKING=y' "$kdir/.config" && lockdep=1
	# Directories of one length: the objects hold their source paths. The
	# conversion is made in src; orig, conv, chkd and binv are replaced
	# only when their sources change, so warm runs rebuild nothing.
	base="$top/build/convert/$kernel"
	log="$logs/null_blk-$kernel"
	mkdir -p "$base"
	rm -rf "$base/new"
	cp -a "$src" "$base/new"
	refresh "$base/orig" "$base/new"

	start=$SECONDS
	"$top/tools/convert/convert" "$src" "$base/src" >"$log.convert" 2>&1
	rc=$?
	report="$base/src/lockwarden-convert.txt"
	[ $rc -eq 0 ] || sed 's/^/# /' "$log.convert"
	ok $rc "$name: converted from Debian's $series source in $((SECONDS - start)) s"
	cp "$report" "$log.report" 2>/dev/null

	# Its six locks: five fields and the DEFINE_MUTEX() converted, each
	# with a class; the mutex's guard() in a macro body converted by its
	# name; the configfs subsystem's mutex left alone.
	absent=0
	for f in 'struct nullb.lock' 'struct nullb_queue.poll_lock' 'struct nullb_device.zone_res_lock' \
		'struct nullb_zone.spinlock' 'struct nullb_zone.mutex' 'lock'; do
		grep -qF ": $f (" "$report" || { echo "# not converted: $f"; absent=1; }
	done
	[ $absent -eq 0 ] && grep -qx 'converted locks: 6' "$report" &&
		grep -qx 'classes: 6' "$report" && grep -qx '  nullb_lock_class, defined in main.c' "$report" &&
		grep -q '^static LW_DEFINE_MUTEX(lock, &lock_class);$' "$base/src/main.c"
	ok $? "$name: the report lists its six locks converted, each with its class"
	grep -qx 'not converted: 0' "$report" &&
		grep -qE '^  guard\(mutex\) +1$' "$report" && grep -q 'guard(lw_mutex)(&lock);' "$base/src/main.c" &&
		sed -n '/^left alone/,$p' "$report" | grep -q 'mutex_init(&nullb_subsys.su_mutex)$'
	ok $? "$name: reported: nothing left, the macro's guard(mutex) converted, configfs's su_mutex left alone"

	# Compiled out on a lockdep kernel, spin_lock_init() names the lock
	# after the expression it is given, "&(&x->lock)->lock": the driver's
	# strings differ from the original's there.
	rm -rf "$base/new"
	cp -a "$base/src" "$base/new"
	refresh "$base/conv" "$base/new"
	[ $lockdep -eq 1 ] || compiled_out "$name"

	cp -a "$base/src" "$base/new"
	refresh "$base/chkd" "$base/new"
	checked "$base/chkd"
	ok $? "$name: converted, with lockwarden, builds with no warning"
	nm -u "$base/chkd/null_blk.ko" >"$log.chkd.nm" 2>&1 &&
		grep -q ' lockwarden_spin_lock$' "$log.chkd.nm" &&
		grep -q ' lockwarden_spin_lock_init$' "$log.chkd.nm" &&
		modinfo -F import_ns "$base/chkd/null_blk.ko" | grep -qx LOCKWARDEN
	ok $? "$name: with lockwarden, its locks call lockwarden.ko, in its namespace"

	inversion_applied
	ok $? "$name: the inversion applies and builds with lockwarden"

	[ $vm_runs -eq 1 ] || continue
	under_load "$name"
done

echo "1..$n"
echo "# $((n - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
