#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The convert tier (TAP): tools/convert on its demo driver, whose report is
# compared with the expected one, and on three drivers of each kernel's
# Debian source, null_blk (block, a directory), uinput (input, one file
# of drivers/input/misc) and netdevsim (network, a directory; Debian's
# stock kernels do not ship it, so it is built with CONFIG_NETDEVSIM=m),
# each built against that kernel as the original,
# converted and compiled out (the same sections, the same code, no
# lockwarden symbol) and converted with lockwarden (calls lockwarden.ko).
# The first kernel of a series converts its source and checks the
# reports; the other kernel of that series builds the same conversion.
#
# Then one boot of each kernel for all three: under load (dd on null_blk,
# selftests/convert/uinput_load.c's writers on uinput, routes through a
# netdevsim port), the conversions
# with lockwarden give no finding and a clean console (no lockdep report),
# their classes taken; unloaded, and with selftests/convert/<driver>-
# inversion.cocci applied on top, lockwarden finds each inversion with its
# classes and sites (and lockdep null_blk's, on a debug kernel: it reports
# one cycle a boot). On a lockdep kernel the compiled-out conversions are
# not compared with the originals (see below).
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
# shellcheck source-path=SCRIPTDIR source=lockwarden/tap.sh
. "$top/selftests/lockwarden/tap.sh"

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
# netdevsim's: a device of two ports, routes added and deleted through one.
ns_load="$top/selftests/convert/netdevsim_load.sh:/bin/netdevsim_load.sh"
state="$top/selftests/convert/lw_state.sh:/bin/lw_state.sh"
# The kernel message between the two phases of a boot.
marker="convert tier: the inversion"
# boot_load OUT: boot $kernel with lockwarden and the three conversions, run
# their loads, unload them, load the inversions and run the loads again:
# one boot for all. Its output in OUT.out, "== inversion" between the
# phases; the console in OUT.console, $marker between them.
boot_load() {
	local expect=()

	[ $lockdep -eq 0 ] || expect=(--expect 'possible circular locking dependency')
	"$vm/run" --kernel "$kernel" --timeout 300 --log "$1.console" ${expect[@]+"${expect[@]}"} \
		--module "$base/chkd/null_blk.ko" "${nullb_params[@]}" --file "$load" \
		--file "$base/binv/null_blk.ko:/files/null_blk_inversion.ko" \
		--file "$state" --file "$uinput_load:/files/uinput_load" \
		--file "$ui/chkd/uinput.ko:/files/uinput.ko" \
		--file "$ui/binv/uinput.ko:/files/uinput_inversion.ko" \
		--module "$ns/chkd/netdevsim.ko" --file "$ns_load" \
		--file "$ns/binv/netdevsim.ko:/files/netdevsim_inversion.ko" \
		-- sh -c "/bin/null_blk_load.sh && insmod /files/uinput.ko && /files/uinput_load &&
			/bin/lw_state.sh uinput uinput && /bin/netdevsim_load.sh &&
			rmmod null_blk uinput netdevsim && echo '== inversion' &&
			echo '$marker' >/dev/kmsg && insmod /files/null_blk_inversion.ko ${nullb_params[*]} &&
			/bin/null_blk_load.sh && insmod /files/uinput_inversion.ko && /files/uinput_load &&
			/bin/lw_state.sh uinput uinput && insmod /files/netdevsim_inversion.ko &&
			/bin/netdevsim_load.sh" >"$1.out" 2>"$1.err"
}
# section OUT NAME: the lines of the load's output section NAME (lw_state.sh).
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

# compiled_out NAME DIR KO: the original, its lines aligned to the
# conversion's (DIR/alig, made by prepare), and the conversion (DIR/conv)
# compiled out, as build_variants built them against $kdir: the same
# sections, code and data in their module KO; no lockwarden symbol.
compiled_out() {
	local orig="$2/alig/$3" conv="$2/conv/$3" rc

	built "$2/alig" "$3" >"$log.orig.build"
	ok $? "$1: the original builds"
	built "$2/conv" "$3" >"$log.conv.build"
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

# The drivers' directories under $base (null_blk's is $base itself), and
# their modules.
drv_dirs=("" ui/ ns/)
drv_kos=(null_blk.ko uinput.ko netdevsim.ko)
# build_variants VARIANT...: each VARIANT directory (alig and conv
# without lockwarden, chkd and binv with it) of the three drivers built in
# one kbuild run (which costs some 4 CPU seconds before it compiles
# anything; two directories of one driver cannot share a run, as their
# modules have one name), make -k, against $kdir, with netdevsim's
# CONFIG_NETDEVSIM=m (Debian's stock kernels do not build it); its output
# in $logs/convert-$kernel-VARIANT.build. Each module is removed first,
# so that one that does not build is not there after.
build_variants() {
	local v i dirs lw

	for v in "$@"; do
		dirs=()
		for i in "${!drv_dirs[@]}"; do
			rm -f "$base/${drv_dirs[i]}$v/${drv_kos[i]}"
			dirs+=("${drv_dirs[i]}$v/")
		done
		echo "obj-m := ${dirs[*]}" >"$base/Kbuild"
		lw=()
		case $v in
		chkd | binv) lw=(CONFIG_LOCKWARDEN=y KBUILD_EXTRA_SYMBOLS="$symvers") ;;
		esac
		make -C "$kdir" M="$base" -k "${margs[@]}" CONFIG_NETDEVSIM=m ${lw[@]+"${lw[@]}"} \
			modules >"$logs/convert-$kernel-$v.build" 2>&1
		rm -f "$base/Kbuild"
	done
}
# built DIR KO: DIR/KO was made by build_variants, and its run printed no
# diagnostic on a file of DIR nor one on no driver's file (a kernel
# header's); prints the run's diagnostics.
built() {
	local v=${1##*/} d diags dirs=()

	diags=$(grep -E '(warning|error):' "$logs/convert-$kernel-$v.build")
	[ -z "$diags" ] || echo "$diags"
	for d in "${drv_dirs[@]}"; do
		dirs+=(-e "$base/$d$v/")
	done
	[ -f "$1/$2" ] && ! grep -qF "$1/" <<<"$diags" &&
		! grep -vF "${dirs[@]}" <<<"$diags" | grep -q .
}

# Coccinelle's output, kept between runs in $LW_CACHE/convert/KEY/ (KEY:
# everything the output depends on, hashed), so that a warm run runs
# spatch only where an input changed; an entry unused for 30 days goes.
kept_dir="$LW_CACHE/convert"
mkdir -p "$kept_dir"
find "$kept_dir" -mindepth 1 -maxdepth 1 -mtime +30 -exec rm -rf {} +
# files_sum PATH...: one checksum of every file under each PATH, with
# their names.
files_sum() {
	find "$@" -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-64
}
# spatch's and Python's versions, part of every key.
kept_tools="$(spatch --version 2>&1 | head -n 1)
$(python3 --version 2>&1)"
# kept_key WORDS...: the cache key of an output that depends on WORDS
# (checksums, paths) and on $kept_tools.
kept_key() {
	printf '%s\n' "$@" "$kept_tools" | sha256sum | cut -c1-16
}
# kept_get KEY DIR: DIR becomes a copy of the output kept as KEY, if one is.
kept_get() {
	[ -f "$kept_dir/$1/ok" ] || return 1
	touch "$kept_dir/$1"
	rm -rf "$2" && cp -a "$kept_dir/$1/out" "$2"
}
# kept_put KEY DIR: a copy of DIR kept as KEY (a copy that fails is no
# test's failure: the next run makes the output again).
kept_put() {
	local tmp="$kept_dir/$1.$$"

	rm -rf "$tmp" "${kept_dir:?}/$1" && mkdir -p "$tmp" && cp -a "$2" "$tmp/out" &&
		touch "$tmp/ok" && mv "$tmp" "$kept_dir/$1"
}

# inversion_applied DIR DRIVER: selftests/convert/DRIVER-inversion.cocci
# applied to a copy of the conversion (DIR/src), in DIR/binv (built with
# lockwarden by build_variants); it adds lock calls. Kept (kept_get) by
# the .cocci's and the conversion's checksums.
inversion_applied() {
	local cocci="$top/selftests/convert/$2-inversion.cocci" key

	key=inv-$(kept_key "$(files_sum "$cocci")" "$(files_sum "$1/src")")
	rm -rf "$1/new"
	if ! kept_get "$key" "$1/new"; then
		cp -a "$1/src" "$1/new"
		spatch --very-quiet --max-width 200 --sp-file "$cocci" \
			--dir "$1/new" --include-headers --in-place >"$log.inv.spatch" 2>&1 || return 1
		kept_put "$key" "$1/new"
	fi
	refresh "$1/binv" "$1/new" &&
		[ "$(cat "$1"/binv/*.c | grep -cE 'lw_(spin|mutex)_lock\(')" -gt \
			"$(cat "$1"/src/*.c | grep -cE 'lw_(spin|mutex)_lock\(')" ]
}

# prepare DIR: the conversion in DIR/src copied to DIR/conv (compared
# with the original compiled out, but on a lockdep kernel) and to
# DIR/chkd (built with lockwarden), and the original (DIR/orig) in
# DIR/alig with its lines aligned to the conversion's
# (convert/align_lines.py adds empty lines where the conversion added
# lines, so that __LINE__ is the same in both).
prepare() {
	rm -rf "$1/new"
	cp -a "$1/src" "$1/new"
	refresh "$1/conv" "$1/new"
	python3 "$top/selftests/convert/align_lines.py" "$1/orig" "$1/src" "$1/new" &&
		refresh "$1/alig" "$1/new"
	rm -rf "$1/new"
	cp -a "$1/src" "$1/new"
	refresh "$1/chkd" "$1/new"
}

# converted_builds NAME DIR KO: prepare's directories as build_variants
# built them. Compiled out, against the original, but on a lockdep kernel:
# there spin_lock_init() names the lock after the expression it is given,
# "&(&x->lock)->lock", and the driver's strings differ from the
# original's. With lockwarden, its locks call lockwarden.ko, in its
# namespace.
converted_builds() {
	[ $lockdep -eq 1 ] || compiled_out "$1" "$2" "$3"
	built "$2/chkd" "$3" >"$log.chkd.build"
	ok $? "$1: converted, with lockwarden, builds with no warning"
	nm -u "$2/chkd/$3" >"$log.chkd.nm" 2>&1 &&
		grep -q ' lockwarden_spin_lock$' "$log.chkd.nm" &&
		grep -q ' lockwarden_spin_lock_init$' "$log.chkd.nm" &&
		modinfo -F import_ns "$2/chkd/$3" | grep -qx LOCKWARDEN
	ok $? "$1: with lockwarden, its locks call lockwarden.ko, in its namespace"
}

# convert_source NAME SRC DIR [FROM]: SRC (a directory or a file) copied
# to DIR/orig as the original and converted into DIR/src; the report in
# $log.report. With FROM, the DIR of an earlier kernel of the same series
# (the same source), its conversion is copied instead of made again, and
# no test point is written: the series' points were. A conversion is
# kept (kept_get) by the checksums of tools/convert and of the source (a
# file's whole directory: it copies the headers it includes from there)
# and by both paths, which the output names.
convert_source() {
	local start=$SECONDS rc key src_sum

	mkdir -p "$3"
	rm -rf "$3/new"
	if [ -d "$2" ]; then
		cp -a "$2" "$3/new"
	else
		mkdir "$3/new"
		cp -a "$2" "$3/new/"
		printf 'obj-m := %s.o\nccflags-y += -I%s\n' "$(basename "$2" .c)" "$(dirname "$2")" \
			>"$3/new/Kbuild"
	fi
	refresh "$3/orig" "$3/new"
	if [ -n "${4:-}" ]; then
		rm -rf "$3/src" && cp -a "$4/src" "$3/src"
		return
	fi
	if [ -d "$2" ]; then
		src_sum=$(files_sum "$2")
	else
		src_sum=$(files_sum "$(dirname "$2")" -maxdepth 1)
	fi
	key=conv-$(kept_key "$2" "$3/src" "$(files_sum "$top/tools/convert" "$top/tools/vm/lib.sh")" \
		"$src_sum")
	if kept_get "$key" "$3/src"; then
		ok 0 "$1: converted from Debian's $series source: the output tools/convert gave these inputs before ($kept_dir/$key)"
	else
		"$top/tools/convert/convert" "$2" "$3/src" >"$log.convert" 2>&1
		rc=$?
		[ $rc -eq 0 ] || sed 's/^/# /' "$log.convert"
		[ $rc -ne 0 ] || kept_put "$key" "$3/src"
		ok $rc "$1: converted from Debian's $series source in $((SECONDS - start)) s"
	fi
	cp "$3/src/lockwarden-convert.txt" "$log.report" 2>/dev/null
}

# classes_taken OUT DRIVER CLASS...: each CLASS acquired while lockstat
# was on, in the classes the load printed for DRIVER in OUT.
classes_taken() {
	local out=$1 driver=$2 class

	shift 2
	for class in "$@"; do
		section "$out" "$driver-classes" |
			awk -v c="$class" '$2 == c && $4 > 0 { ok = 1 } END { exit !ok }' || return 1
	done
}

# clean DRIVER: DRIVER's load ran to its end with no finding, and the
# console has no lockdep report, in the boot's first phase.
clean() {
	grep -qx "== $1-end" "$log.clean.out" && [ -z "$(section "$log.clean.out" "$1-findings")" ] &&
		! sed "/$marker/,\$d" "$log.boot.console" | grep -q 'possible circular locking dependency'
}

# cycle_found FINDINGS CLOSER SETUP TAKEN HELD MODULE: FINDINGS holds one
# lock-order cycle, titled "CLOSER / SETUP" (function EREs): TAKEN taken
# while holding HELD at CLOSER, the order TAKEN -> HELD learned at SETUP,
# each site in MODULE.
cycle_found() {
	local site="\\+0x[0-9a-f]+/0x[0-9a-f]+ \\[$6\\]\$"

	grep -qE "^lockwarden: lock-order cycle in $2 / $3\$" "$1" &&
		grep -A1 " takes $4 while holding $5, at:\$" "$1" | grep -qE "^  $2$site" &&
		grep -qE "^  $4 -> $5 at $3$site" "$1"
}

# driver_checks DRIVER LOAD NTH CLOSER SETUP TAKEN HELD CLASS...: the
# points of one driver in under_load's boot. Its conversion under LOAD,
# in the first phase: no finding, a clean console, each CLASS taken. Its
# inversion, in the second: the NTH finding of the boot, one lock-order
# cycle (cycle_found CLOSER SETUP TAKEN HELD, each site in DRIVER).
driver_checks() {
	local driver=$1 load=$2 nth=$3 closer=$4 setup=$5 taken=$6 held=$7 rc
	local all="$log.$driver-inv.all" findings="$log.$driver-inv.findings"

	shift 7
	[ $boot_rc -eq 0 ] && clean "$driver"
	ok $? "$driver $kernel: under $load, no finding and a clean console"
	classes_taken "$log.clean.out" "$driver" "$@"
	ok $? "$driver $kernel: its classes are taken under the load ($*)"
	# The findings of the drivers before it come first.
	section "$log.inv.out" "$driver-findings" >"$all"
	if [ "$nth" -eq 1 ]; then
		cp "$all" "$findings"
	else
		sed "1,/^finding #$((nth - 1)):/d" "$all" >"$findings"
	fi
	[ $boot_rc -eq 0 ] && [ "$(grep -c '^finding #' "$all")" -eq "$nth" ] &&
		cycle_found "$findings" "$closer" "$setup" "$taken" "$held" "$driver"
	rc=$?
	[ $rc -eq 0 ] || sed 's/^/# /' "$all"
	ok $rc "$driver $kernel: the inversion is found, one cycle, with its classes and sites"
}

# under_load: one boot of $kernel for the three drivers, in this order
# (driver_checks says what each gives). null_blk's setup site is
# null_init_queue(), or null_init_hctx() where it is inlined; uinput's are
# uinput_flush_requests() and uinput_create_device(), or their callers
# where they are inlined; netdevsim's nsim_fib_event_work() and
# nsim_fib_create(). On a lockdep kernel, lockdep's report of null_blk's,
# with the same classes (lockdep reports one cycle a boot).
under_load() {
	local boot_rc
	# uinput's sites, or their callers where they are inlined (".isra.0").
	local flush='uinput_(flush_requests|destroy_device)[.a-z0-9]*'
	local create='uinput_(create_device|ioctl_handler|ioctl)[.a-z0-9]*'

	log="$logs/null_blk-$kernel"
	boot_load "$log.boot"
	boot_rc=$?
	[ $boot_rc -eq 0 ] || tail -n 20 "$log.boot.err" | sed 's/^/# /'
	sed '/^== inversion$/,$d' "$log.boot.out" >"$log.clean.out"
	sed -n '/^== inversion$/,$p' "$log.boot.out" >"$log.inv.out"
	driver_checks null_blk "parallel O_DIRECT dd" 1 'null_[a-z_]*' 'null_init_[a-z]*' \
		nullb_queue_poll_lock_class nullb_lock_class "${classes[@]}"
	driver_checks uinput "four writers a device" 2 "$flush" "$create" \
		uinput_device_state_lock_class uinput_device_requests_lock_class "${ui_classes[@]}"
	driver_checks netdevsim "four writers of routes" 3 nsim_fib_event_work nsim_fib_create \
		nsim_fib_data_nh_lock_class nsim_fib_data_fib_lock_class "${ns_classes[@]}"

	[ $lockdep -eq 1 ] || return
	grep -q 'WARNING: possible circular locking dependency detected' "$log.boot.console" &&
		grep -q '(nullb_queue_poll_lock_class)' "$log.boot.console" &&
		grep -q '(nullb_lock_class)' "$log.boot.console"
	ok $? "null_blk $kernel: lockdep reports the same cycle, with the same class names"
}

# all_converted N FIELD...: the report ($report) lists each FIELD (a
# struct's field, or a variable) converted, N locks in all, each with its
# class, and nothing left unconverted.
all_converted() {
	local n=$1 f absent=0

	shift
	for f in "$@"; do
		grep -qF ": $f (" "$report" || { echo "# not converted: $f"; absent=1; }
	done
	[ $absent -eq 0 ] && grep -qx "converted locks: $n" "$report" &&
		grep -qx "classes: $n" "$report" && grep -qx 'not converted: 0' "$report"
}

# null_blk's report: its six locks, five fields and the DEFINE_MUTEX(),
# each with a class; the mutex's guard() in a macro body converted by its
# name; the configfs subsystem's mutex left alone.
null_blk_report() {
	all_converted 6 'struct nullb.lock' 'struct nullb_queue.poll_lock' \
		'struct nullb_device.zone_res_lock' 'struct nullb_zone.spinlock' \
		'struct nullb_zone.mutex' 'lock' &&
		grep -qx '  nullb_lock_class, defined in main.c' "$report" &&
		grep -q '^static LW_DEFINE_MUTEX(lock, &lock_class);$' "$dir/src/main.c"
	ok $? "$name: the report lists its six locks converted, each with its class"
	grep -qx 'not converted: 0' "$report" &&
		grep -qE '^  guard\(mutex\) +1$' "$report" && grep -q 'guard(lw_mutex)(&lock);' "$dir/src/main.c" &&
		sed -n '/^left alone/,$p' "$report" | grep -q 'mutex_init(&nullb_subsys.su_mutex)$'
	ok $? "$name: reported: nothing left, the macro's guard(mutex) converted, configfs's su_mutex left alone"
}

# uinput's report: its three locks (a mutex and two spinlocks of its
# device) converted, the input core's event_lock left alone.
uinput_report() {
	all_converted 3 &&
		grep -qx '  uinput_device_requests_lock_class, defined in uinput.c' "$report" &&
		[ "$(sed -n '/^left alone/,$p' "$report" | grep -c 'dev->event_lock)$')" -eq 5 ]
	ok $? "$name: its three locks converted, each with its class; the input core's event_lock left alone"
}

# netdevsim's report: its nine locks (six fields of its structs' mutexes
# and spinlocks, two of the FIB data's, and the bus's DEFINE_MUTEX()),
# nothing borrowed.
netdevsim_report() {
	all_converted 9 'struct nsim_fib_data.fib_lock' 'struct nsim_fib_data.nh_lock' \
		'struct nsim_fib_data.fib_event_queue_lock' 'struct nsim_trap_data.trap_lock' \
		'struct nsim_dev.fa_cookie_lock' 'struct nsim_dev.progs_list_lock' \
		'struct nsim_dev_hwstats.hwsdev_list_lock' 'struct nsim_bpf_bound_map.mutex' \
		'nsim_bus_dev_list_lock' &&
		grep -qx '  nsim_fib_data_fib_lock_class, defined in fib.c' "$report" &&
		grep -q '^static LW_DEFINE_MUTEX(nsim_bus_dev_list_lock, &nsim_bus_dev_list_lock_class);$' \
			"$dir/src/bus.c"
	ok $? "$name: its nine locks converted, each with its class, nothing left"
}

# convert_driver DRIVER SRC DIR SUB: convert DRIVER's SRC in DIR (the
# series' first kernel's conversion is in its DIR, its base and SUB); the
# first kernel of a series checks the report (DRIVER_report); every
# kernel prepares the conversion's builds and its inversion, which
# build_variants then builds for all three drivers and driver_builds
# judges.
declare -A inverted=()
convert_driver() {
	local driver=$1 dir=$3

	name="$driver $kernel"
	log="$logs/$driver-$kernel"
	convert_source "$name" "$2" "$dir" ${first:+"$top/build/convert/$first$4"}
	report="$log.report"
	[ -n "$first" ] || "${driver}_report"
	prepare "$dir"
	inversion_applied "$dir" "$driver"
	inverted[$driver]=$?
}

# driver_builds DRIVER DIR KO: DRIVER's builds (converted_builds) and its
# inversion's, with lockwarden.
driver_builds() {
	local driver=$1 dir=$2

	name="$driver $kernel"
	log="$logs/$driver-$kernel"
	converted_builds "$name" "$dir" "$3"
	[ "${inverted[$driver]}" -eq 0 ] && built "$dir/binv" "$3" >"$log.binv.build"
	ok $? "$name: the inversion applies and builds with lockwarden"
}

# uinput's load, a static program for the guests, rebuilt when changed.
uinput_load="$top/build/convert/uinput_load"
mkdir -p "$top/build/convert"
[ "$uinput_load" -nt "$top/selftests/convert/uinput_load.c" ] ||
	gcc -static -O2 -Wall -Werror -o "$uinput_load" "$top/selftests/convert/uinput_load.c" \
		>"$logs/uinput_load.build" 2>&1
ok $? "uinput's load program (selftests/convert/uinput_load.c) builds"

# The first kernel of each series converts its drivers and checks the
# reports; a second kernel of the series builds and runs that conversion.
declare -A first_of=()
for kernel in "${kernels[@]}"; do
	series=${kernel##*-}
	first=${first_of[$series]:-}
	[ -n "$first" ] || first_of[$series]=$kernel
	name="null_blk $kernel"
	ksrc=$("$vm/kernel-src" "$series")
	src="$ksrc/drivers/block/null_blk"
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
	ui_classes=(uinput_device_mutex_class uinput_device_state_lock_class uinput_device_requests_lock_class)
	# netdevsim's locks of device creation, routes and trap reports.
	ns_classes=(nsim_bus_dev_list_lock_class nsim_fib_data_fib_lock_class nsim_trap_data_trap_lock_class
		nsim_dev_fa_cookie_lock_class nsim_dev_hwstats_hwsdev_list_lock_class)
	lockdep=0
	grep -q '^CONFIG_PROVE_LOCKING=y' "$kdir/.config" && lockdep=1
	# Directories of one length: the objects hold their source paths. The
	# conversion is made in src; orig, alig, conv, chkd and binv are replaced
	# only when their sources change, so warm runs rebuild nothing.
	base="$top/build/convert/$kernel"
	convert_driver null_blk "$src" "$base" ""
	# uinput, one file of drivers/input/misc.
	ui="$base/ui"
	convert_driver uinput "$ksrc/drivers/input/misc/uinput.c" "$ui" /ui
	# netdevsim, a directory of drivers/net.
	ns="$base/ns"
	convert_driver netdevsim "$ksrc/drivers/net/netdevsim" "$ns" /ns
	if [ $lockdep -eq 1 ]; then
		build_variants chkd binv
	else
		build_variants alig conv chkd binv
	fi
	driver_builds null_blk "$base" null_blk.ko
	driver_builds uinput "$ui" uinput.ko
	driver_builds netdevsim "$ns" netdevsim.ko

	[ $vm_runs -eq 1 ] || continue
	under_load
done

tap_end
