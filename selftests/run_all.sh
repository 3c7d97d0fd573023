#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# `make check`: every test tier of lockwarden, in order of cost, ending with
# one line "N passed, N failed, N skipped". Exits non-zero on any failure.
#
# Tiers: userspace engine and tool (ASan/UBSan) · builds with W=1 on both
# kernels and the compile-out check · sparse · compile-fail suite ·
# kernel-doc · documentation examples · checkpatch · KUnit, lockdep parity,
# an outside driver and the tool on live debugfs on the debug kernel ·
# kselftest and the debugfs files on the stock and the debug kernel ·
# the lockstat kselftest on the stock kernel · the torture, two minutes on
# each kernel. Logs: build/check/.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
vm="$top/tools/vm"
# shellcheck source=../tools/vm/lib.sh
. "$vm/lib.sh"
lw_need_pkgs make gcc libc6-dev binutils kmod sparse perl python3 python3-sphinx rsync git \
	qemu-system-x86 busybox-static cpio gzip groff-base graphviz
logs="$top/build/check"
mkdir -p "$logs"
passed=0
failed=0
skipped=0
failures=()

# result NAME STATUS [skip]: tally one test point.
result() {
	if [ "${3:-}" = skip ]; then
		skipped=$((skipped + 1))
		echo "  SKIP $1"
	elif [ "$2" -eq 0 ]; then
		passed=$((passed + 1))
		echo "  PASS $1"
	else
		failed=$((failed + 1))
		failures+=("$1")
		echo "  FAIL $1"
	fi
}

tier() { printf '\n=== %s ===\n' "$*"; }

# tap_results PREFIX FILE: one result per TAP "ok"/"not ok" line of FILE.
tap_results() {
	local line status name
	while IFS= read -r line; do
		case "$line" in
		"ok "*) status=0 ;;
		"not ok "*) status=1 ;;
		*) continue ;;
		esac
		name=$(printf '%s' "$line" | sed -E 's/^(not )?ok [0-9]+ (- )?//')
		if printf '%s' "$name" | grep -qE '# SKIP[[:space:]]*$'; then
			result "$1: $name (skipped without a reason)" 1
		elif printf '%s' "$name" | grep -q '# SKIP'; then
			result "$1: $name" 0 skip
		else
			result "$1: $name" "$status"
		fi
	done <"$2"
}

# no_warnings LOG: true when the build log has no compiler/sparse diagnostics.
no_warnings() { ! grep -E '(warning|error):' "$1"; }

tier "userspace engine (ASan, UBSan)"
log="$logs/engine.log"
make -C "$top/tools/testing/engine" check >"$log" 2>&1
rc=$?
if grep -qE '^[0-9]+ passed, [0-9]+ failed' "$log"; then
	tap_results engine "$log"
else
	tail -n 20 "$log"
fi
result "engine: test run completes cleanly" $rc

tier "userspace tool (ASan, UBSan)"
log="$logs/tool.log"
PROMTOOL=${PROMTOOL:-$(lw_promtool)} make -C "$top/tools/lockwarden" check >"$log" 2>&1
rc=$?
if grep -qE '^# [0-9]+ passed, [0-9]+ failed' "$log"; then
	tap_results tool "$log"
else
	tail -n 20 "$log"
fi
result "tool: builds with -Werror and its test run completes cleanly" $rc

for kernel in stock debug; do
	tier "build for the $kernel kernel (W=1)"
	# Prepare the kernel first, with its progress on the terminal.
	"$vm/kdir" "$kernel" >/dev/null
	log="$logs/build-$kernel.log"
	"$vm/build-modules" "$kernel" >"$log" 2>&1
	rc=$?
	[ $rc -eq 0 ] || tail -n 30 "$log"
	no_warnings "$log" >/dev/null
	result "build $kernel: modules build with no warnings" $((rc || $?))

	out="$top/build/$kernel/selftests/lockwarden"
	nm -u "$out/lw_compile_out.ko" 2>/dev/null >"$logs/compile-out-$kernel.nm"
	! grep -qiE 'lockwarden|(^| )lw_' "$logs/compile-out-$kernel.nm" &&
		grep -q ' mutex_lock' "$logs/compile-out-$kernel.nm" &&
		[ -z "$(modinfo -F import_ns "$out/lw_compile_out.ko" 2>/dev/null)" ]
	result "build $kernel: compiled out, a driver references only plain kernel locks" $?
	# The objects of the checks the lock paths (and owned objects) run: no
	# allocator, nothing that sleeps. (main.o and class.o allocate the pools
	# at load, lockstat_setup.o the statistics when switched on.)
	m="$top/build/$kernel/module"
	objs=("$m"/engine/{graph,chain,findings}.o "$m"/core/{held,stacks}.o "$m"/raise/filter.o
		"$m"/checks/{acquire,owned,lockstat,poison,exit}.o)
	# With KUnit built in (the debug kernel), what a finding does to a test.
	[ "$kernel" = debug ] && objs+=("$m/outputs/kunit.o")
	nm -u "${objs[@]}" >"$logs/lockpath-$kernel.nm" 2>&1 &&
		! grep -qE ' (__?k[mvz]+alloc|kv?[mcz]alloc|vmalloc|vzalloc|kmem_cache_alloc|__get_free_pages|schedule|msleep|usleep_range|mutex_lock|down_(read|write)|wait_for_|might_sleep)' \
			"$logs/lockpath-$kernel.nm" &&
		grep -q ' lw_graph_add$' "$logs/lockpath-$kernel.nm" &&
		grep -q ' lw_chains_lookup$' "$logs/lockpath-$kernel.nm"
	result "build $kernel: the lock-path checks reference no allocator and nothing that sleeps" $?
	nm -u "$out/lw_demo.ko" 2>/dev/null | grep -q ' lockwarden_mutex_lock$' &&
		modinfo -F import_ns "$out/lw_demo.ko" | grep -qx LOCKWARDEN
	result "build $kernel: enabled, a driver calls lockwarden.ko in its namespace" $?
done

tier "sparse (C=2, stock kernel)"
log="$logs/sparse.log"
LW_BUILD_NAME=sparse-stock "$vm/build-modules" stock C=2 >"$log" 2>&1
rc=$?
no_warnings "$log"
result "sparse: no warnings" $((rc || $?))

tier "compile-fail suite (clang -Wthread-safety, sparse, gcc, clang)"
log="$logs/compile-fail.tap"
"$top/selftests/compile-fail/run.sh" >"$log" 2>"$logs/compile-fail.stderr"
rc=$?
tap_results compile-fail "$log"
result "compile-fail: every case draws its diagnostic, correct.c none" $rc

tier "kernel-doc"
log="$logs/kernel-doc.log"
KBUILD_EXTRA_WARN=1 "$("$vm/kernel-src")/scripts/kernel-doc" -none \
	"$top"/include/lockwarden/*.h "$top"/module/*.c "$top"/module/{engine,core,raise,checks,outputs}/*.[ch] >"$log" 2>&1
rc=$?
grep -v 'Sphinx version' "$log" >"$log.real"
[ -s "$log.real" ] && cat "$log.real"
result "kernel-doc: no warnings" $((rc || $([ -s "$log.real" ] && echo 1 || echo 0)))
# Every exported function has a kernel-doc comment of its own.
missing=
for sym in $(sed -n 's/^EXPORT_SYMBOL_NS_GPL(\([a-z_0-9]*\),.*/\1/p' "$top"/module/*.c "$top"/module/{engine,core,raise,checks,outputs}/*.c); do
	grep -q "^[a-z].*[ *]$sym(" "$top"/module/*.c "$top"/module/{engine,core,raise,checks,outputs}/*.c || continue
	grep -q "^ \* $sym() - " "$top"/module/*.c "$top"/module/{engine,core,raise,checks,outputs}/*.c || missing="$missing $sym"
done
[ -z "$missing" ] || echo "  no kernel-doc:$missing"
result "kernel-doc: every exported function documented" "$([ -z "$missing" ] && echo 0 || echo 1)"

tier "documentation examples"
log="$logs/doc-examples.log"
python3 "$top/selftests/doc_examples.py" "$top/Documentation/guarded.rst" \
	"$top/module/tests/guarded_test.c" "$top/module/tests/poison_test.c" >"$log" 2>&1
rc=$?
tap_results docs "$log"
result "docs: every C example of guarded.rst is compiled by a test" $rc

tier "documentation renders (Sphinx, kernel-doc; a warning fails)"
log="$logs/htmldocs.log"
make -s -C "$top" htmldocs >"$log" 2>&1
rc=$?
[ $rc -eq 0 ] || tail -n 20 "$log"
result "docs: Documentation/ renders with no warning" $rc

tier "checkpatch --strict"
log="$logs/checkpatch.log"
make -s -C "$top" checkpatch >"$log" 2>&1
rc=$?
[ $rc -eq 0 ] || cat "$log"
result "checkpatch: no errors, warnings or checks" $rc

tier "KUnit on the debug kernel"
out="$logs/kunit.dmesg"
# lockdep and the kernel's own debug checks report what the suites provoke
# on purpose (lockdep reports once, then turns itself off): expected. So is
# the KCSAN report lockwarden_guarded_kcsan provokes.
"$vm/run" --kernel debug --log "$logs/kunit.console" \
	--module "$top/build/debug/module/tests/lockwarden_kunit.ko" \
	--expect 'possible circular locking dependency' \
	--expect 'possible recursive locking' \
	--expect 'sleeping function called from invalid context' \
	--expect 'Invalid wait context' \
	--expect 'at kernel/locking/rwsem\.c:[0-9]+ up_write' \
	--expect 'inconsistent lock state' \
	--expect 'bad unlock balance' \
	--expect 'still has locks held' \
	--expect 'MAX_LOCK_DEPTH too low' \
	--expect 'BUG: KCSAN: .* in lw_gk_' \
	-- dmesg >"$out" 2>"$logs/kunit.stderr"
rc=$?
[ $rc -eq 0 ] || tail -n 40 "$logs/kunit.stderr"
result "kunit: VM run completes with a clean console" $rc
python3 "$top/selftests/kunit_results.py" "$("$vm/kernel-src")" "$out" \
	"$top"/module/tests/*.c >"$logs/kunit.results" 2>&1
rc=$?
tap_results kunit "$logs/kunit.results"
result "kunit: every case reported, none failed or skipped without reason" $rc

tier "lockdep parity: each finding, one boot each (lockdep reports once)"
mods="$top/build/debug"
# parity SCENARIO EXPECT...: boot the debug kernel, play SCENARIO and save
# lockwarden's findings to $log.findings and the console to $log.console;
# the console reports matching EXPECT (regexes) are allowed.
parity() {
	local scenario=$1 re expect=()

	shift
	for re in "$@"; do
		expect+=(--expect "$re")
	done
	log="$logs/parity-$scenario"
	"$vm/run" --kernel debug --log "$log.console" \
		--module "$mods/selftests/lockwarden/lw_scenario.ko" "${expect[@]}" \
		-- sh -c "echo $scenario > /sys/module/lw_scenario/parameters/run &&
			cat /sys/kernel/debug/lockwarden/findings" \
		>"$log.findings" 2>/dev/null
}
# lw_finding KIND: lockwarden stored exactly one finding, and of KIND.
lw_finding() {
	[ "$(grep -c '^finding #' "$log.findings")" -eq 1 ] &&
		grep -q "^lockwarden: $1 in " "$log.findings"
}
# kernel_report HEADER: the console report starting with the line that
# contains HEADER (fixed string), up to its stack trace.
kernel_report() {
	awk -v h="$1" 'index($0, h) { on = 1 } on { print }
		on && /(stack backtrace|Call Trace):/ { exit }' "$log.console"
}
# reports HEADER CLASS...: the kernel's report HEADER names each CLASS as
# lockdep prints a class, "(name)".
reports() {
	local header=$1 report class

	shift
	report=$(kernel_report "$header")
	[ -n "$report" ] || return 1
	for class in "$@"; do
		grep -qF "($class)" <<<"$report" || return 1
	done
}

# Cycles: "SHAPE:TAKEN:HELD TYPE...", the last pair of SHAPE taking class
# TAKEN while holding HELD. Every shape of lib/locking-selftest.c on a
# sleeping and a spinning lock, and ABBA on every lock type and side (the
# interrupt flavours change no dependency lockdep or lockwarden learns).
while read -r spec types; do
	shape=${spec%%:*} taken=${spec#*:}
	held=${taken#*:} taken=${taken%:*}
	for type in $types; do
		parity "${shape}_$type" 'possible circular locking dependency'
		rc=$?
		a="lw_sc_${type}_${shape}_$taken" b="lw_sc_${type}_${shape}_$held"
		[ $rc -eq 0 ] &&
			grep -q "takes $a while holding $b," "$log.findings" &&
			reports 'WARNING: possible circular locking dependency detected' "$a" "$b"
		result "parity ${shape}_$type: lockwarden and lockdep report it, same class names" $?
	done
done <<'SHAPES'
abba:a:b mutex spin rwsem rwsem_read rwlock rwlock_read
abbcca:a:c mutex spin rwsem
abcabc:c:b mutex spin
abbccdda:a:d mutex spin
abcdbdda:a:d mutex spin
abcdbcda:a:d mutex spin rwsem
SHAPES

# AA: a second lock of a class already held (lockdep's AA selftests).
for type in mutex spin rwsem rwsem_read rwlock_read; do
	parity "aa_$type" 'possible recursive locking'
	rc=$?
	a="lw_sc_${type%_read}_abba_a"
	[ $rc -eq 0 ] && lw_finding 'recursive locking' &&
		grep -q "takes a lock of class $a," "$log.findings" &&
		reports 'WARNING: possible recursive locking detected' "$a"
	result "parity aa_$type: lockwarden and lockdep report recursive locking of $a" $?
done

# rwlock_t readers with bottom halves off may recurse: neither reports.
parity rwlock_read_bh
rc=$?
[ $rc -eq 0 ] && [ "$(grep -c '^finding #' "$log.findings")" -eq 0 ] &&
	! grep -q 'possible recursive locking' "$log.console"
result "parity rwlock_read_bh: neither lockwarden nor lockdep reports recursive readers" $?

# A spinlock's class taken in an irq_work (tasklet), then with interrupts
# (bottom halves) enabled.
for ctx in hardirq:HARDIRQ softirq:SOFTIRQ; do
	bits=${ctx#*:}
	ctx=${ctx%:*}
	parity "irq_$ctx" 'inconsistent lock state'
	rc=$?
	[ $rc -eq 0 ] && lw_finding 'irq-safety inversion' &&
		grep -q "^class lw_sc_$ctx is taken with ${ctx}s enabled, at:" "$log.findings" &&
		grep -q "^and taken in $ctx context, at:" "$log.findings" &&
		reports 'WARNING: inconsistent lock state' "lw_sc_$ctx" &&
		kernel_report 'WARNING: inconsistent lock state' |
		grep -qF "inconsistent {IN-$bits-W} -> {$bits-ON-W} usage."
	result "parity irq_$ctx: lockwarden and lockdep report lw_sc_$ctx's irq-safety inversion" $?
done

# A free mutex taken under a spinlock: might_sleep() names the spinlock it
# holds, lockdep's wait-context check the mutex as well.
parity sleep_atomic 'sleeping function called from invalid context' 'Invalid wait context'
rc=$?
[ $rc -eq 0 ] && lw_finding 'sleeping lock in atomic context' &&
	grep -q 'takes sleeping lock lw_sc_mutex_abba_a in atomic context' "$log.findings" &&
	grep -q 'while holding spinning lock lw_sc_spin_abba_a,' "$log.findings" &&
	reports 'BUG: sleeping function called from invalid context' lw_sc_spin_abba_a &&
	reports '[ BUG: Invalid wait context ]' lw_sc_mutex_abba_a lw_sc_spin_abba_a
result "parity sleep_atomic: lockwarden and the kernel report a mutex taken under a spinlock" $?

tier "README workflow: an outside driver on the debug kernel"
drv="$logs/mydriver"
rm -rf "$drv" && mkdir -p "$drv"
cp "$top/selftests/lockwarden/lw_demo.c" "$drv/mydriver.c"
# The Kbuild README.md shows, and its build and run commands.
printf '%s\n' 'obj-m := mydriver.o' \
	'ccflags-y += -I$(LOCKWARDEN)/include -DCONFIG_LOCKWARDEN=1' >"$drv/Kbuild"
make -C "$("$vm/kdir" debug)" LLVM=-16 M="$drv" LOCKWARDEN="$top" \
	KBUILD_EXTRA_SYMBOLS="$top/build/debug/Module.symvers" modules >"$logs/mydriver.log" 2>&1
rc=$?
no_warnings "$logs/mydriver.log"
result "outside driver: builds against tools/vm/kdir debug with no warnings" $((rc || $?))
"$vm/run" --kernel debug --module "$drv/mydriver.ko" --log "$logs/mydriver.console" \
	--expect 'possible circular locking dependency' \
	-- cat /sys/kernel/debug/lockwarden/findings >"$logs/mydriver.findings" 2>/dev/null &&
	grep -q '^lockwarden: lock-order cycle in demo_release / demo_open$' "$logs/mydriver.findings"
result "outside driver: tools/vm/run loads it and its ABBA is found" $?

tier "the lockwarden command on live debugfs (debug kernel)"
log="$logs/tool-vm"
make -s -C "$top/tools/lockwarden" lockwarden-static >"$log.build" 2>&1
rc=$?
[ $rc -eq 0 ] || tail -n 20 "$log.build"
result "tool vm: the static binary builds" $rc
"$vm/run" --kernel debug --log "$log.console" \
	--module "$top/build/debug/selftests/lockwarden/lw_scenario.ko" \
	--expect 'possible circular locking dependency' \
	--file "$top/tools/lockwarden/lockwarden-static:/bin/lockwarden" \
	--file "$top/tools/lockwarden/tests/vm_test.sh:/tool/vm_test.sh" \
	-- /tool/vm_test.sh >"$log.tap" 2>"$log.stderr"
rc=$?
[ $rc -eq 0 ] || tail -n 40 "$log.stderr"
tap_results "tool vm" "$log.tap"
result "tool vm: exits 0 with a clean console" $rc
# The live Prometheus output, checked by the same checker as the fixtures'.
name="tool vm: the live stats --prometheus output passes promcheck.py"
if grep -q '^# prom: ' "$log.tap"; then
	sed -n 's/^# prom: //p' "$log.tap" | python3 "$top/tools/lockwarden/tests/promcheck.py"
	result "$name" $?
else
	result "$name # SKIP no live output (the VM test skipped or failed first)" 0 skip
fi

for kernel in stock debug; do
	tier "kselftest on the $kernel kernel"
	expect=()
	# lockdep agrees on the ABBA; the "hold" scenario returns to user space
	# holding a mutex on purpose (lockdep is off by then; expected anyway).
	[ "$kernel" = debug ] && expect=(--expect 'possible circular locking dependency'
		--expect 'lock held when returning to user space')
	mods="$top/build/$kernel"
	"$vm/run" --kernel "$kernel" --no-lockwarden "${expect[@]}" \
		--log "$logs/kselftest-$kernel.console" \
		--file "$mods/module/lockwarden.ko:/lib/lockwarden/lockwarden.ko" \
		--file "$mods/selftests/lockwarden/lw_scenario.ko:/lib/lockwarden/lw_scenario.ko" \
		-- /selftests/lockwarden/lockwarden_test.sh \
		>"$logs/kselftest-$kernel.tap" 2>"$logs/kselftest-$kernel.stderr"
	rc=$?
	[ $rc -eq 0 ] || tail -n 40 "$logs/kselftest-$kernel.stderr"
	tap_results "kselftest $kernel" "$logs/kselftest-$kernel.tap"
	result "kselftest $kernel: exits 0 with a clean console" $rc
done

for kernel in stock debug; do
	tier "debugfs files on the $kernel kernel"
	# mode=warn WARNs on purpose; lockdep agrees on the cycles and sees the
	# "hold" scenario's task exit with a mutex held.
	expect=(--expect 'WARNING: .* lw_report_console')
	[ "$kernel" = debug ] && expect+=(--expect 'possible circular locking dependency'
		--expect 'inconsistent lock state'
		--expect 'lock held when returning to user space')
	mods="$top/build/$kernel"
	log="$logs/debugfs-$kernel"
	"$vm/run" --kernel "$kernel" --no-lockwarden "${expect[@]}" --log "$log.console" \
		--file "$mods/module/lockwarden.ko:/lib/lockwarden/lockwarden.ko" \
		--file "$mods/selftests/lockwarden/lw_scenario.ko:/lib/lockwarden/lw_scenario.ko" \
		-- /selftests/lockwarden/debugfs_test.sh >"$log.tap" 2>"$log.stderr"
	rc=$?
	[ $rc -eq 0 ] || tail -n 40 "$log.stderr"
	tap_results "debugfs $kernel" "$log.tap"
	result "debugfs $kernel: exits 0 with a clean console" $rc
	# findings.json as the test printed it, through Python's JSON parser.
	python3 "$top/selftests/debugfs_json.py" "$log.tap" >"$log.json-results" 2>&1
	rc=$?
	tap_results "debugfs $kernel json" "$log.json-results"
	result "debugfs $kernel: findings.json validates" $rc
done

tier "mode=panic on the stock kernel (one boot)"
# Loaded with mode=panic: a consistent order runs on, the first finding is
# printed and then panics the guest, so the command never finishes (125).
mods="$top/build/stock"
log="$logs/panic-stock"
"$vm/run" --kernel stock --no-lockwarden --timeout 120 --log "$log.console" \
	--file "$mods/module/lockwarden.ko:/lib/lockwarden/lockwarden.ko" \
	--file "$mods/selftests/lockwarden/lw_scenario.ko:/lib/lockwarden/lw_scenario.ko" \
	-- sh -c 'run=/sys/module/lw_scenario/parameters/run
		insmod /lib/lockwarden/lockwarden.ko mode=panic &&
		insmod /lib/lockwarden/lw_scenario.ko &&
		cat /sys/module/lockwarden/parameters/mode &&
		echo consistent >$run && echo consistent-survived &&
		echo abba >$run; echo abba-survived' >"$log.out" 2>"$log.stderr"
rc=$?
[ $rc -eq 125 ] && grep -qx panic "$log.out" && grep -qx consistent-survived "$log.out"
result "panic: the mode parameter is set at load, a consistent order does not panic" $?
[ $rc -eq 125 ] && ! grep -q abba-survived "$log.out" &&
	awk '/lockwarden: lock-order cycle in lw_scenario_abba_reverse/ { seen = 1 }
		seen && /Kernel panic - not syncing: lockwarden: lock-order cycle \(finding #1\)/ { ok = 1 }
		END { exit !ok }' "$log.console"
result "panic: the first finding is printed, then the kernel panics naming it" $?

tier "lockstat kselftest on the stock kernel"
mods="$top/build/stock"
"$vm/run" --kernel stock --no-lockwarden --log "$logs/lockstat-stock.console" \
	--file "$mods/module/lockwarden.ko:/lib/lockwarden/lockwarden.ko" \
	--file "$mods/selftests/lockwarden/lw_scenario.ko:/lib/lockwarden/lw_scenario.ko" \
	-- /selftests/lockwarden/lockstat_test.sh \
	>"$logs/lockstat-stock.tap" 2>"$logs/lockstat-stock.stderr"
rc=$?
[ $rc -eq 0 ] || tail -n 40 "$logs/lockstat-stock.stderr"
tap_results "lockstat stock" "$logs/lockstat-stock.tap"
result "lockstat stock: exits 0 with a clean console" $rc

for kernel in stock debug; do
	tier "torture on the $kernel kernel (2 minutes)"
	# The modules were built by the build tier.
	log="$logs/torture-$kernel"
	"$top/selftests/torture.sh" --kernel "$kernel" --minutes 2 --no-build --logs "$log" \
		>"$log.out" 2>&1
	rc=$?
	[ $rc -eq 0 ] || tail -n 40 "$log.out"
	tap_results "torture $kernel" "$log/tap"
	result "torture $kernel: exits 0 with a clean console" $rc
done

echo
if [ ${#failures[@]} -gt 0 ]; then
	echo "Failed:"
	printf '  %s\n' "${failures[@]}"
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
