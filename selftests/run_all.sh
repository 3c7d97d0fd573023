#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# `make check`: every test tier of lockwarden, ending with the line
# "N passed, N failed" (after "N skipped"). Exits non-zero on any failure.
#
# In the foreground, in this order: userspace engine, control file parser
# and tool (ASan/UBSan) · the build matrix: W=1 on every test kernel, the
# compile-out and layering checks, first for the kernels that are ready
# (Debian's, and the ones built here that the kernel cache holds) · dkms on
# the stock kernels · make bench's lines · sparse · kernel-doc ·
# documentation examples, KUnit suites described, render · checkpatch ·
# the KUnit results, leak and console verdicts on crafted input · the
# build matrix of the debug kernels still being built · libFuzzer
# targets, short ·
# compile-fail suite · tools/convert on null_blk, uinput and netdevsim,
# built and run on stock and debug kernels · the build matrix of the
# sanitizer and PREEMPT_RT debug kernels if they were still being built.
# Beside them, from the start: the kernels built here, one after another
# (a lane of their own; on an empty kernel cache they build while the rest
# tests Debian's kernels); the VM boots, kernel by kernel as its modules
# are built: KUnit, lockdep parity, an outside driver and the tool on live
# debugfs on the debug kernels; kselftest, the debugfs files and full
# pools on the stock, debug and PREEMPT_RT kernels (stock-sid, Debian
# unstable's newest, is a stock kernel); a KUnit suite failing on purpose,
# its debugfs results read, on the debug kernels; mode=panic, the lockstat
# kselftest and the sites of every finding kind on the stock kernels and
# the PREEMPT_RT ones; KUnit, the kselftest, the debugfs files and full
# pools on the sanitizer kernel, each ending in a kmemleak scan after
# unload; KUnit and the kselftest on the PREEMPT_RT debug kernel;
# and the torture, two minutes on every test kernel but that one. Logs:
# build/check/.
#
# Usage: run_all.sh [matrix]   (matrix: the build matrix alone, `make matrix`)
# The VM boots run two at a time (LW_CHECK_JOBS=N for another number); their
# results are judged in order once they have all finished.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
vm="$top/tools/vm"
# shellcheck source=../tools/vm/lib.sh
. "$vm/lib.sh"
lw_need_pkgs make gcc libc6-dev binutils kmod sparse perl python3 python3-sphinx rsync git \
	qemu-system-x86 busybox-static cpio gzip groff-base graphviz ccache
# Every compiler call of the run goes through ccache, its files in
# $LW_CACHE/ccache beside the kernels: a warm run compiles only the
# sources that changed, and a warning comes back from the cache with its
# object, so W=1 stays checked. The test kernels themselves are not
# cached this way (tools/vm/prepare-debug). LW_CCACHE=0 compiles all.
# Debian's /usr/lib/ccache names only the compilers installed before
# ccache was (gcc and clang-14 here, not clang$LW_LLVM): the clang that
# builds the debug kernels' modules gets a name in a folder of our own.
if [ "${LW_CCACHE:-1}" != 0 ] && [ -d /usr/lib/ccache ]; then
	export CCACHE_DIR="$LW_CACHE/ccache"
	mkdir -p "$CCACHE_DIR/bin" && ccache --max-size=2G >/dev/null
	ln -sfn "$(command -v ccache)" "$CCACHE_DIR/bin/clang$LW_LLVM"
	export PATH="$CCACHE_DIR/bin:/usr/lib/ccache:$PATH"
fi
logs="$top/build/check"
mkdir -p "$logs"
rm -f "$logs/jobs.times"
only=${1:-}
case $only in
"" | matrix) ;;
*)
	echo "usage: $0 [matrix]" >&2
	exit 2
	;;
esac

# The test kernels (tools/vm/README): every tier runs on the stock and the
# debug kernel of each series; the stock kernels' boots on the PREEMPT_RT
# ones too. The build matrix covers them all, dkms the stock ones of Debian
# 12; the sanitizer kernel runs KUnit, the kselftest and the debugfs and
# pools kselftests. stock-sid, the newest
# kernel of Debian unstable, runs what the other stock kernels run but
# dkms (its modules build in a root of unstable: tools/vm/prepare-stock);
# rt-sid, its PREEMPT_RT flavour, what rt-6.12 runs.
stock_kernels="stock-6.1 stock-6.12 stock-sid"
dkms_kernels="stock-6.1 stock-6.12"
debug_kernels="debug-6.1 debug-6.12"
# The debug kernel whose KUnit module is also loaded a second time in one
# boot (gcc's, as Debian builds its kernels).
kunit_again_kernel=debug-6.1
rt_kernels="rt-6.12 rt-sid"
# The sanitizer kernel: KUnit, the kselftest, the debugfs and the pools
# kselftests, each then unloading and a kmemleak scan (the torture run too).
san_kernels="kasan-6.12"
# The PREEMPT_RT debug kernel: KUnit (Debian's RT image has no KUnit) and
# the kselftest with lockdep.
rtdebug_kernels="debug-rt-6.12"
# The kernels the kernel lane builds last: the foreground's tiers do not
# wait for them (deferred_builds).
late_kernels="$san_kernels $rtdebug_kernels"
# The torture's two minutes: on every test kernel.
torture_kernels="stock-6.1 debug-6.1 stock-6.12 debug-6.12 rt-6.12 kasan-6.12 stock-sid rt-sid"
vm_kernels="stock-6.1 debug-6.1 stock-6.12 debug-6.12 stock-sid"
matrix_kernels="$vm_kernels $rt_kernels $san_kernels $rtdebug_kernels"
passed=0
failed=0
skipped=0
failures=()

# result NAME STATUS [skip] [WHY]: tally one test point; a failure's WHY
# goes with its name into the summary's list.
result() {
	if [ "${3:-}" = skip ]; then
		skipped=$((skipped + 1))
		echo "  SKIP $1"
	elif [ "$2" -eq 0 ]; then
		passed=$((passed + 1))
		echo "  PASS $1"
	else
		failed=$((failed + 1))
		failures+=("$1${4:+ ($4)}")
		echo "  FAIL $1"
	fi
}

# tier TITLE: a heading, with the minutes and seconds since the start.
tier() { printf '\n=== %s === [%d:%02d]\n' "$*" $((SECONDS / 60)) $((SECONDS % 60)); }

# summary: the failures listed, the skips counted, then the last line, and
# exit non-zero on any failure.
summary() {
	echo
	if [ ${#failures[@]} -gt 0 ]; then
		echo "Failed:"
		printf '  %s\n' "${failures[@]}"
	fi
	echo "$skipped skipped (each with its reason above)"
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit
}

# tap_results PREFIX FILE: a result for each TAP line of FILE ("ok N name",
# "not ok N name"); a SKIP must give a reason. Shell builtins only: a
# KUnit log has some 700 lines, and a process or three for each took a
# core for a minute of every run.
tap_results() {
	local line status name tap_re='^(not )?ok [0-9]+ (- )?' bare_skip='# SKIP[[:space:]]*$'

	while IFS= read -r line; do
		case "$line" in
		"ok "*) status=0 ;;
		"not ok "*) status=1 ;;
		*) continue ;;
		esac
		name=$line
		[[ $line =~ $tap_re ]] && name=${line:${#BASH_REMATCH[0]}}
		if [[ $name =~ $bare_skip ]]; then
			result "$1: $name (skipped without a reason)" 1
		elif [ "$status" -eq 0 ] && [[ $name == *'# SKIP'* ]]; then
			result "$1: $name" 0 skip
		else
			result "$1: $name" "$status"
		fi
	done <"$2"
}

# suite PREFIX LOG NAME SUMMARY COMMAND...: run a test program with its
# output in LOG; one result per TAP line of LOG if LOG has a line matching
# the regex SUMMARY (always when SUMMARY is empty), else LOG's last lines;
# then the result "PREFIX: NAME" for the program's exit status.
suite() {
	local prefix=$1 log=$2 name=$3 summary=$4 rc

	shift 4
	"$@" >"$log" 2>&1
	rc=$?
	if [ -z "$summary" ] || grep -qE "$summary" "$log"; then
		tap_results "$prefix" "$log"
	else
		tail -n 20 "$log"
	fi
	result "$prefix: $name" $rc
}

# no_warnings LOG: true when the build log has no compiler/sparse diagnostics.
no_warnings() { ! grep -E '(warning|error):' "$1"; }

# is_debug KERNEL: true for the debug kernels (lockdep, KCSAN, KUnit).
is_debug() { case $1 in debug-*) return 0 ;; esac; return 1; }

# VM boots run in the background, at most $jobs_max at once: vm_start JOB
# OUT RUN-ARGS... runs tools/vm/run RUN-ARGS with its stdout in OUT, its
# stderr in $logs/JOB.stderr and its exit status in $logs/JOB.rc;
# vm_wait waits for all (the torture lanes too); vm_rc JOB prints the
# status (125: never ran).
jobs_max=${LW_CHECK_JOBS:-2}
vm_pids=()
vm_start() {
	local job=$1 out=$2

	shift 2
	vm_job "$job" "$out" "$vm/run" "$@"
}
# vm_job JOB OUT COMMAND...: the same for a command that boots a VM itself.
vm_job() {
	local job=$1 out=$2 pid alive

	shift 2
	# Wait for one of these jobs (not a torture lane) to end.
	while [ ${#vm_pids[@]} -ge "$jobs_max" ]; do
		wait -n "${vm_pids[@]}"
		alive=()
		for pid in "${vm_pids[@]}"; do
			kill -0 "$pid" 2>/dev/null && alive+=("$pid")
		done
		vm_pids=(${alive[@]+"${alive[@]}"})
	done
	vm_run_job "$job" "$out" "$@" &
	vm_pids+=($!)
}
# vm_run_job JOB OUT COMMAND...: run one job in the foreground. Each job
# adds a line to $logs/jobs.times: its name, start and end (seconds into
# the run) and the CPU seconds it used (user and system, QEMU included),
# to see where the time of a run goes.
vm_run_job() {
	local job=$1 out=$2 start=$SECONDS rc cpu

	shift 2
	rm -f "$logs/$job.rc"
	# In a subshell: `times` then counts this job's processes only; its
	# second line is theirs.
	cpu=$(
		"$@" >"$out" 2>"$logs/$job.stderr"
		echo $? >"$logs/$job.rc"
		times
	)
	cpu=$(sed -n 2p <<<"$cpu")
	rc=$(cat "$logs/$job.rc")
	printf '%s %d %d %s rc=%s\n' "$job" "$start" "$SECONDS" "$cpu" "$rc" >>"$logs/jobs.times"
}
vm_wait() {
	wait
	vm_pids=()
}
vm_rc() { cat "$logs/$1.rc" 2>/dev/null || echo 125; }

# The fuzzer runs for a set time and does what it can in it, at a lower
# priority (nice LW_TIMED_NICE, 10 by default): it takes the CPU the rest
# of the run leaves, not a fair share of it, and runs fewer inputs when the
# machine is busy (testing.rst); its checks are the same.
timed_nice=${LW_TIMED_NICE:-10}
# The torture too runs for a set time, but in a guest whose clock is the
# host's: starved, the guest's lockup detectors and the test's own
# timeouts fire on a kernel that is not stuck. At nice 10 beside the
# build matrix and the boots, the kasan-6.12 torture got 94 s of CPU in
# 17 minutes: a soft lockup "stuck for 80s" in its boot's ACPI init, and a
# verb writer that could not finish. It runs at a fair share
# (LW_TORTURE_NICE, 0 by default).
torture_nice=${LW_TORTURE_NICE:-0}

# The kernels built here (tools/vm/prepare-debug: gcc, clang for
# debug-6.12 and kasan-6.12, a quarter of an hour each on two cores when
# the kernel cache does not have them) are prepared one after another in a
# lane of their own from the start, each leaving $logs/prepared-KERNEL. On
# an empty kernel cache they build beside everything that needs only
# Debian's kernels, which the run takes first: those kernels' module
# builds, boots and tortures, dkms, sparse, the documentation. A kernel
# the cache has is ready in a second.
kernel_lane() {
	local kernel

	for kernel in "$@"; do
		"$vm/kdir" "$kernel" >>"$logs/kernels.log" 2>&1
		: >"$logs/prepared-$kernel"
	done
}
rm -f "$logs"/prepared-* "$logs/kernels.log"
built_kernels=()
for kernel in $matrix_kernels; do
	lw_kernel_built "$kernel" && built_kernels+=("$kernel")
done
kernel_lane "${built_kernels[@]}" &

if [ -z "$only" ]; then
tier "userspace engine (ASan, UBSan)"
suite engine "$logs/engine.log" "test run completes cleanly" '^[0-9]+ passed, [0-9]+ failed' \
	make -C "$top/tools/testing/engine" check

tier "userspace control file parser and filter (ASan, UBSan)"
suite verbs "$logs/verbs.log" "test run completes cleanly" '^[0-9]+ passed, [0-9]+ failed' \
	make -C "$top/tools/testing/verbs" check

tier "userspace tool (ASan, UBSan)"
PROMTOOL=${PROMTOOL:-$(lw_promtool)} suite tool "$logs/tool.log" \
	"builds with -Werror and its test run completes cleanly" '^# [0-9]+ passed, [0-9]+ failed' \
	make -C "$top/tools/lockwarden" check

# The fuzz targets run one after another on one core: in the background,
# beside the build matrix; judged after it; at $timed_nice.
rm -f "$logs/fuzz.rc"
{
	nice -n "$timed_nice" "$top/tools/testing/fuzz/run.sh" -s 10 --fresh \
		>"$logs/fuzz.tap" 2>"$logs/fuzz.stderr"
	echo $? >"$logs/fuzz.rc"
} &
fuzz_pid=$!

tier "the layering check checks"
suite layers "$logs/layers-self-test.tap" \
	"the check passes calls that go down and fails each kind of violation" '' \
	python3 "$top/selftests/layers.py" --self-test
suite layers "$logs/layers-includes.tap" \
	"every #include of module/'s layers names a header of its layer or one below" '' \
	python3 "$top/selftests/layers.py" --includes "$top/module"
suite layers "$logs/layers-doc.tap" \
	"Documentation/lockwarden.rst's layers' table names every file of module/'s layers" '' \
	python3 "$top/selftests/layers.py" --doc "$top/Documentation/lockwarden.rst" "$top/module"
fi

# The torture, two minutes on every test kernel, in lanes of its own
# (LW_TORTURE_LANES, 2 by default). A run lasts its two minutes whatever
# CPU it gets, so it runs beside everything else: each starts as soon as
# its kernel's modules are built (the build matrix leaves
# $logs/built-KERNEL), while the matrix builds the others; at
# $torture_nice.
torture_lanes=${LW_TORTURE_LANES:-2}
torture_lane() {
	local kernel

	for kernel in "$@"; do
		while [ ! -e "$logs/built-$kernel" ]; do
			sleep 1
		done
		vm_run_job "torture-$kernel" "$logs/torture-$kernel.out" \
			nice -n "$torture_nice" "$top/selftests/torture.sh" \
			--kernel "$kernel" --minutes 2 --no-build --logs "$logs/torture-$kernel"
	done
}
rm -f "$logs"/built-*
if [ "$only" != matrix ]; then
	for ((lane = 0; lane < torture_lanes; lane++)); do
		i=0 lane_kernels=()
		for kernel in $torture_kernels; do
			[ $((i++ % torture_lanes)) -eq "$lane" ] && lane_kernels+=("$kernel")
		done
		[ ${#lane_kernels[@]} -eq 0 ] || torture_lane "${lane_kernels[@]}" &
	done
fi

# ===== VM tiers =====
# Every boot is started first, two at a time; the tiers then judge their
# results in order.

# The console reports the KUnit suites provoke on purpose on a debug
# kernel: lockdep's and the kernel's own debug checks (lockdep reports once,
# then turns itself off), the warnings CONFIG_DEBUG_RWSEMS gives for an
# up_write() by another task and for an up_read() of a free rw_semaphore,
# and the KCSAN report lockwarden_guarded_kcsan provokes, with the warning
# KCSAN's own report code sometimes gives for it (a reordered access whose
# frame it cannot find in the stack: "Cannot find frame for lw_gk_...").
kunit_expect=(--expect 'possible circular locking dependency'
	--expect 'possible recursive locking'
	--expect 'sleeping function called from invalid context'
	--expect 'Invalid wait context'
	--expect 'at kernel/locking/rwsem\.c:[0-9]+ (up_write|__up_read)'
	--expect 'inconsistent lock state'
	--expect '(HARDIRQ|SOFTIRQ)-safe -> (HARDIRQ|SOFTIRQ)-unsafe lock order detected'
	--expect 'possible irq lock inversion dependency detected'
	--expect 'bad unlock balance'
	--expect 'still has locks held'
	--expect 'MAX_LOCK_DEPTH too low'
	--expect 'BUG: KCSAN: .* in lw_gk_'
	--expect 'at kernel/kcsan/report\.c:[0-9]+ ')

# Parity: "SHAPE:TAKEN:HELD TYPE...", the last pair of SHAPE taking class
# TAKEN while holding HELD. Every shape of lib/locking-selftest.c on a
# sleeping and a spinning lock, and ABBA on every lock type and side (the
# interrupt flavours change no dependency lockdep or lockwarden learns).
parity_shapes='abba:a:b mutex spin rwsem rwsem_read rwlock rwlock_read
abbcca:a:c mutex spin rwsem
abcabc:c:b mutex spin
abbccdda:a:d mutex spin
abcdbdda:a:d mutex spin
abcdbcda:a:d mutex spin rwsem'
parity_aa_types="mutex spin rwsem rwsem_read rwlock_read"

# parity_start KERNEL SCENARIO EXPECT...: boot KERNEL, play SCENARIO and save
# lockwarden's findings to $logs/parity-KERNEL-SCENARIO.findings and the
# console to .console; the console reports matching EXPECT are allowed.
# The parity boots of a kernel resume one snapshot, saved by the first of
# them with lockwarden and lw_scenario.ko loaded and nothing played
# (tools/vm/run --base): lockdep, which reports once, starts afresh in
# each, and a resume costs half a boot (less with 384 MB, which the
# scenarios need no more than).
parity_start() {
	local kernel=$1 scenario=$2 re expect=() job

	shift 2
	for re in "$@"; do
		expect+=(--expect "$re")
	done
	job=parity-$kernel-$scenario
	vm_start "$job" "$logs/$job.findings" --kernel "$kernel" --log "$logs/$job.console" \
		--base "$logs/snapshot-$kernel-scenario" --mem 384 \
		--module "$top/build/$kernel/selftests/lockwarden/lw_scenario.ko" ${expect[@]+"${expect[@]}"} \
		-- sh -c "echo $scenario > /sys/module/lw_scenario/parameters/run &&
			cat /sys/kernel/debug/lockwarden/findings"
}

# script_start NAME KERNEL MODULE [OPTION]... -- COMMAND...: boot NAME-KERNEL
# of KERNEL whose script loads lockwarden.ko and the test module MODULE
# (selftests/lockwarden/MODULE.ko, both copied in) itself, with run's
# OPTIONs (--expect).
script_start() {
	local name=$1 kernel=$2 mods="$top/build/$2" ko=$3.ko

	shift 3
	vm_start "$name-$kernel" "$logs/$name-$kernel.tap" --kernel "$kernel" \
		--no-lockwarden --log "$logs/$name-$kernel.console" \
		--file "$mods/module/lockwarden.ko:/lib/lockwarden/lockwarden.ko" \
		--file "$mods/selftests/lockwarden/$ko:/lib/lockwarden/$ko" \
		"$@"
}

# kunitlog_start KERNEL COMMAND...: a KUnit suite failing on purpose
# (lw_kunit_log.ko): COMMAND runs kunit_log_test.sh, which checks that its
# results in debugfs name each test's unexpected findings, however they were
# raised. The debug and sanitizer kernels have KUnit built in; lockdep
# agrees on the suite's cycles.
kunitlog_start() {
	local kernel=$1

	shift
	script_start kunitlog "$kernel" lw_kunit_log \
		--expect 'possible circular locking dependency' -- "$@"
}

# kselftest_start KERNEL [OPTION]... -- COMMAND...: the kselftest's boot of
# KERNEL, with lw_scenario.ko.
kselftest_start() {
	script_start kselftest "$1" lw_scenario "${@:2}"
}

# vm_kernel KERNEL: start KERNEL's boots (all but the torture's), $jobs_max
# at a time.
vm_kernel() {
	local kernel=$1 mods="$top/build/$1" spec types type ctx drv expect append
	local again="insmod /lib/lockwarden/lockwarden_kunit.ko && dmesg"

	# The sanitizer kernel: any KASAN, UBSAN, DEBUG_LIST, DEBUG_OBJECTS or
	# lockup report fails the run; after the tests every lockwarden module
	# unloads and kmemleak scans (leaks_test.sh). Its KUnit output and the leak
	# check's TAP are cut apart at a marker line.
	if [[ " $san_kernels " == *" $kernel "* ]]; then
		vm_start "kunit-$kernel" "$logs/kunit-$kernel.out" --kernel "$kernel" \
			--log "$logs/kunit-$kernel.console" \
			--module "$mods/module/tests/lockwarden_kunit.ko" "${kunit_expect[@]}" \
			-- sh -c 'dmesg; echo "# leaks_test.sh"; /selftests/lockwarden/leaks_test.sh'
		kselftest_start "$kernel" --expect 'possible circular locking dependency' \
			--expect 'lock held when returning to user space' \
			-- sh -c '/selftests/lockwarden/lockwarden_test.sh; /selftests/lockwarden/leaks_test.sh'
		# Preemptible: a finding raised in task context is appended to
		# the test's log at once, not when the test ends.
		kunitlog_start "$kernel" \
			sh -c '/selftests/lockwarden/kunit_log_test.sh; /selftests/lockwarden/leaks_test.sh'
		# The debugfs files (the control file's bad and random writes,
		# every file read while findings are raised) and the full pools,
		# under the sanitizers.
		vm_start "debugfs-$kernel" "$logs/debugfs-$kernel.tap" --kernel "$kernel" --no-lockwarden \
			--expect 'WARNING: .* lw_report_console' \
			--expect 'possible circular locking dependency' --expect 'inconsistent lock state' \
			--expect 'lock held when returning to user space' --log "$logs/debugfs-$kernel.console" \
			--file "$mods/module/lockwarden.ko:/lib/lockwarden/lockwarden.ko" \
			--file "$mods/selftests/lockwarden/lw_scenario.ko:/lib/lockwarden/lw_scenario.ko" \
			-- sh -c '/selftests/lockwarden/debugfs_test.sh; /selftests/lockwarden/leaks_test.sh'
		vm_start "pools-$kernel" "$logs/pools-$kernel.tap" --kernel "$kernel" --no-lockwarden \
			--expect 'possible circular locking dependency' --expect 'possible recursive locking' \
			--log "$logs/pools-$kernel.console" \
			--file "$mods/module/lockwarden.ko:/lib/lockwarden/lockwarden.ko" \
			--file "$mods/selftests/lockwarden/lw_scenario.ko:/lib/lockwarden/lw_scenario.ko" \
			-- sh -c '/selftests/lockwarden/pools_test.sh; /selftests/lockwarden/leaks_test.sh'
		return
	fi

	# The PREEMPT_RT debug kernel: KUnit, and the kselftest with lockdep
	# on RT (its ABBA agreement; the kernel's own report of the
	# spinlock_t the kselftest takes with preemption off on RT).
	if [[ " $rtdebug_kernels " == *" $kernel "* ]]; then
		vm_start "kunit-$kernel" "$logs/kunit-$kernel.dmesg" --kernel "$kernel" \
			--log "$logs/kunit-$kernel.console" \
			--module "$mods/module/tests/lockwarden_kunit.ko" "${kunit_expect[@]}" -- dmesg
		kselftest_start "$kernel" --expect 'possible circular locking dependency' \
			--expect 'lock held when returning to user space' \
			--expect 'sleeping function called from invalid context at kernel/locking/spinlock_rt\.c:' \
			-- /selftests/lockwarden/lockwarden_test.sh
		return
	fi

	if is_debug "$kernel"; then
		vm_start "kunit-$kernel" "$logs/kunit-$kernel.dmesg" --kernel "$kernel" \
			--log "$logs/kunit-$kernel.console" \
			--module "$mods/module/tests/lockwarden_kunit.ko" "${kunit_expect[@]}" -- dmesg
		# The module loaded again in the same boot, as a driver is reloaded
		# while lockwarden stays: what the first run left (its classes
		# unregistered at unload, checking switched off and on) must not
		# change a case's verdict. Only the second run's log is judged.
		[ "$kernel" != "$kunit_again_kernel" ] ||
			vm_start "kunit-again-$kernel" "$logs/kunit-again-$kernel.dmesg" --kernel "$kernel" \
				--log "$logs/kunit-again-$kernel.console" \
				--module "$mods/module/tests/lockwarden_kunit.ko" "${kunit_expect[@]}" \
				-- sh -c "rmmod lockwarden_kunit && dmesg -c >/dev/null && $again"
		while read -r spec types; do
			for type in $types; do
				parity_start "$kernel" "${spec%%:*}_$type" 'possible circular locking dependency'
			done
		done <<<"$parity_shapes"
		for type in $parity_aa_types; do
			parity_start "$kernel" "aa_$type" 'possible recursive locking'
		done
		parity_start "$kernel" rwlock_read_bh
		parity_start "$kernel" completion
		parity_start "$kernel" waitqueue
		parity_start "$kernel" work_flush 'possible circular locking dependency'
		parity_start "$kernel" timer_sync 'possible circular locking dependency'
		parity_start "$kernel" kthread_stop
		parity_start "$kernel" rread_first 'possible circular locking dependency'
		for ctx in hardirq softirq reenable; do
			parity_start "$kernel" "irq_$ctx" 'inconsistent lock state'
		done
		parity_start "$kernel" irq_order 'HARDIRQ-safe -> HARDIRQ-unsafe lock order detected'
		parity_start "$kernel" irq_order_late 'possible irq lock inversion dependency detected'
		parity_start "$kernel" irq_order_read
		parity_start "$kernel" sleep_atomic 'sleeping function called from invalid context' \
			'Invalid wait context'
		parity_start "$kernel" wait_context 'Invalid wait context'
		# With lockstat on (a try first): lockdep learns the same order.
		vm_start "parity-$kernel-abba_lockstat" "$logs/parity-$kernel-abba_lockstat.findings" \
			--kernel "$kernel" --log "$logs/parity-$kernel-abba_lockstat.console" \
			--base "$logs/snapshot-$kernel-scenario" --mem 384 \
			--module "$mods/selftests/lockwarden/lw_scenario.ko" \
			--expect 'possible circular locking dependency' \
			-- sh -c 'echo 1 > /sys/module/lockwarden/parameters/lockstat &&
				echo abba_mutex > /sys/module/lw_scenario/parameters/run &&
				cat /sys/kernel/debug/lockwarden/findings'
		# The same nest on two sets of classes, with lockstat off and on:
		# the dependencies lockdep lists for each (/proc/lockdep).
		vm_start "parity-$kernel-lockstat_graph" "$logs/parity-$kernel-lockstat_graph.deps" \
			--kernel "$kernel" --log "$logs/parity-$kernel-lockstat_graph.console" \
			--base "$logs/snapshot-$kernel-scenario" --mem 384 \
			--module "$mods/selftests/lockwarden/lw_scenario.ko" \
			-- sh -c 'run=/sys/module/lw_scenario/parameters/run
				echo graph_p > $run &&
				echo 1 > /sys/module/lockwarden/parameters/lockstat &&
				echo graph_q > $run &&
				awk "/ FD: / { c = /lw_sc_graph_/ } c" /proc/lockdep'

		# README.md's driver, the Kbuild it shows, and its build and run
		# commands.
		drv="$logs/mydriver-$kernel"
		rm -rf "$drv" && mkdir -p "$drv"
		# shellcheck disable=SC2016 # the backquotes of a Markdown code block
		sed -n '/^```c$/,/^```$/{/^```/d;p}' "$top/README.md" >"$drv/mydriver.c"
		printf '%s\n' 'obj-m := mydriver.o' \
			'ccflags-y += -I$(LOCKWARDEN)/include -DCONFIG_LOCKWARDEN=1' >"$drv/Kbuild"
		mapfile -t margs < <(lw_kernel_make_args "$kernel")
		make -C "$("$vm/kdir" "$kernel")" ${margs[@]+"${margs[@]}"} M="$drv" LOCKWARDEN="$top" \
			KBUILD_EXTRA_SYMBOLS="$mods/Module.symvers" modules >"$logs/mydriver-$kernel.log" 2>&1
		echo $? >"$logs/mydriver-$kernel.build-rc"
		vm_start "mydriver-$kernel" "$logs/mydriver-$kernel.findings" --kernel "$kernel" \
			--module "$drv/mydriver.ko" --log "$logs/mydriver-$kernel.console" \
			--expect 'possible circular locking dependency' \
			-- cat /sys/kernel/debug/lockwarden/findings

		vm_start "tool-vm-$kernel" "$logs/tool-vm-$kernel.tap" --kernel "$kernel" \
			--log "$logs/tool-vm-$kernel.console" \
			--module "$mods/selftests/lockwarden/lw_scenario.ko" \
			--expect 'possible circular locking dependency' \
			--file "$top/tools/lockwarden/lockwarden-static:/bin/lockwarden" \
			--file "$top/tools/lockwarden/tests/vm_test.sh:/tool/vm_test.sh" \
			-- /tool/vm_test.sh
	fi
	# On the main target too: its modules have debug information, so
	# the host names the saved sites from lw_scenario.ko (vm_sites.sh).
	if [ "$kernel" = stock-6.1 ]; then
		vm_start "tool-vm-$kernel" "$logs/tool-vm-$kernel.tap" --kernel "$kernel" \
			--log "$logs/tool-vm-$kernel.console" \
			--module "$mods/selftests/lockwarden/lw_scenario.ko" \
			--file "$top/tools/lockwarden/lockwarden-static:/bin/lockwarden" \
			--file "$top/tools/lockwarden/tests/vm_test.sh:/tool/vm_test.sh" \
			-- /tool/vm_test.sh
	fi

	# kselftest: lockdep agrees on the ABBA; the "hold" scenario returns to
	# user space holding a mutex on purpose (lockdep is off by then;
	# expected anyway).
	expect=()
	is_debug "$kernel" && expect=(--expect 'possible circular locking dependency'
		--expect 'lock held when returning to user space')
	kselftest_start "$kernel" ${expect[@]+"${expect[@]}"} -- /selftests/lockwarden/lockwarden_test.sh

	# A reschedule due under a spinning lock happens at its release, with
	# lockwarden as without: the stock kernels booted with preempt=full, so
	# that the kernel reschedules there, as PREEMPT_RT does anyway.
	if ! is_debug "$kernel"; then
		append=(--append preempt=full)
		case " $rt_kernels " in *" $kernel "*) append=() ;; esac
		vm_start "resched-$kernel" "$logs/resched-$kernel.tap" --kernel "$kernel" \
			--no-lockwarden ${append[@]+"${append[@]}"} --log "$logs/resched-$kernel.console" \
			--file "$mods/module/lockwarden.ko:/lib/lockwarden/lockwarden.ko" \
			--file "$mods/selftests/lockwarden/lw_scenario.ko:/lib/lockwarden/lw_scenario.ko" \
			-- /selftests/lockwarden/resched_test.sh
		# A locked-down kernel, as Debian's is under Secure Boot: the
		# test loads the modules, then raises the lockdown itself.
		vm_start "lockdown-$kernel" "$logs/lockdown-$kernel.tap" --kernel "$kernel" \
			--no-lockwarden --log "$logs/lockdown-$kernel.console" \
			--file "$top/tools/lockwarden/lockwarden-static:/bin/lockwarden" \
			--file "$mods/module/lockwarden.ko:/lib/lockwarden/lockwarden.ko" \
			--file "$mods/selftests/lockwarden/lw_scenario.ko:/lib/lockwarden/lw_scenario.ko" \
			-- /selftests/lockwarden/lockdown_test.sh
		# A deadlock on purpose, two CPUs spinning with interrupts
		# off: the runner's report at the timeout names each side
		# (tools/vm/run). The report is read 15 s before the timeout:
		# 75 s after the boot began, room for a boot on a loaded host
		# (about 10 s on an idle one). On the RT kernel the command
		# loads the module itself: its place then comes from the
		# guest's watch of the modules (no overdue dump runs once the
		# CPUs stop), which says it within a second.
		hang_ko=$mods/selftests/lockwarden/lw_hang.ko
		hang_load=(--module "$hang_ko")
		hang_cmd='echo 1 >/sys/module/lw_hang/parameters/start; sleep 120'
		case " $rt_kernels " in *" $kernel "*)
			hang_load=(--file "$hang_ko:/lib/lockwarden/lw_hang.ko")
			hang_cmd="insmod /lib/lockwarden/lw_hang.ko && sleep 2 && $hang_cmd" ;;
		esac
		vm_start "hang-$kernel" "$logs/hang-$kernel.out" --kernel "$kernel" --no-lockwarden \
			--timeout 90 --log "$logs/hang-$kernel.console" "${hang_load[@]}" \
			-- sh -c "$hang_cmd"
	fi
	# debugfs: mode=warn WARNs on purpose; lockdep agrees on the cycles and
	# sees the "hold" scenario's task exit with a mutex held.
	expect=(--expect 'WARNING: .* lw_report_console')
	is_debug "$kernel" && expect+=(--expect 'possible circular locking dependency'
		--expect 'inconsistent lock state'
		--expect 'lock held when returning to user space')
	vm_start "debugfs-$kernel" "$logs/debugfs-$kernel.tap" --kernel "$kernel" --no-lockwarden \
		"${expect[@]}" --log "$logs/debugfs-$kernel.console" \
		--file "$mods/module/lockwarden.ko:/lib/lockwarden/lockwarden.ko" \
		--file "$mods/selftests/lockwarden/lw_scenario.ko:/lib/lockwarden/lw_scenario.ko" \
		-- /selftests/lockwarden/debugfs_test.sh

	# Full pools: lockdep agrees on the cycle and the recursion the
	# scenarios provoke.
	expect=()
	is_debug "$kernel" && expect=(--expect 'possible circular locking dependency'
		--expect 'possible recursive locking')
	vm_start "pools-$kernel" "$logs/pools-$kernel.tap" --kernel "$kernel" --no-lockwarden \
		${expect[@]+"${expect[@]}"} --log "$logs/pools-$kernel.console" \
		--file "$mods/module/lockwarden.ko:/lib/lockwarden/lockwarden.ko" \
		--file "$mods/selftests/lockwarden/lw_scenario.ko:/lib/lockwarden/lw_scenario.ko" \
		-- /selftests/lockwarden/pools_test.sh

	is_debug "$kernel" && kunitlog_start "$kernel" /selftests/lockwarden/kunit_log_test.sh

	# mode=panic, lockstat and the sites: on Debian's kernels, the stock
	# and the PREEMPT_RT ones.
	is_debug "$kernel" || debian_start "$kernel"
}

# debian_start KERNEL: the boots of Debian's kernels (stock and PREEMPT_RT)
# only. mode=panic: loaded with it, a consistent order runs on, the first
# finding is printed and then panics the guest, so the command never
# finishes (125). panic=0: no reboot, so the panic flushes the consoles to
# the end (tools/vm/run stops QEMU at the panic's last line): on the RT
# kernels' nbcon console a reboot lost the log's end now and then. The
# lockstat kselftest. The sites kselftest (lw_sites.ko): each finding kind
# names the function whose last call raised it.
debian_start() {
	local kernel=$1 mods="$top/build/$1"

	vm_start "panic-$kernel" "$logs/panic-$kernel.out" --kernel "$kernel" --no-lockwarden \
		--timeout 120 --append panic=0 --log "$logs/panic-$kernel.console" \
		--file "$mods/module/lockwarden.ko:/lib/lockwarden/lockwarden.ko" \
		--file "$mods/selftests/lockwarden/lw_scenario.ko:/lib/lockwarden/lw_scenario.ko" \
		-- sh -c 'run=/sys/module/lw_scenario/parameters/run
			insmod /lib/lockwarden/lockwarden.ko mode=panic &&
			insmod /lib/lockwarden/lw_scenario.ko &&
			cat /sys/module/lockwarden/parameters/mode &&
			echo consistent >$run && echo consistent-survived &&
			echo abba >$run; echo abba-survived'
	script_start lockstat "$kernel" lw_scenario -- /selftests/lockwarden/lockstat_test.sh
	script_start sites "$kernel" lw_sites -- /selftests/lockwarden/sites_test.sh
}

# vm_launch: start every boot but the torture's, kernel by kernel as the
# build matrix builds their modules ($logs/built-KERNEL), and wait for
# them. It runs in the background from the start, beside the build matrix
# and the static tiers. Of the kernels ready, the sanitizer one first: its
# two boots are the longest of the pool, and a run should not end on them
# with a core idle (build/check/jobs.times).
vm_launch() {
	local pending next kernel rest

	read -ra pending <<<"$san_kernels $vm_kernels $rt_kernels $rtdebug_kernels"
	make -s -C "$top/tools/lockwarden" lockwarden-static >"$logs/tool-vm.build" 2>&1
	echo $? >"$logs/tool-vm.build-rc"
	while [ ${#pending[@]} -gt 0 ]; do
		next=
		for kernel in "${pending[@]}"; do
			[ -e "$logs/built-$kernel" ] && next=$kernel && break
		done
		if [ -z "$next" ]; then
			sleep 1
			continue
		fi
		rest=()
		for kernel in "${pending[@]}"; do
			[ "$kernel" = "$next" ] || rest+=("$kernel")
		done
		pending=(${rest[@]+"${rest[@]}"})
		lw_kernel_keep "$next"
		vm_kernel "$next"
	done
	vm_wait
}
if [ "$only" != matrix ]; then
	vm_launch &
fi

# matrix_build KERNEL: KERNEL's tier of the build matrix; it leaves
# $logs/built-KERNEL for the boots and the torture that wait for it.
matrix_build() {
	local kernel=$1 log rc out m built objs enabled

	tier "build for $kernel (W=1)"
	# Prepare the kernel first (one built here the kernel lane has
	# prepared, or is building: this waits for it); the boots and builds
	# after this one find its directory in the environment
	# (lw_kernel_keep).
	lw_kernel_keep "$kernel"
	log="$logs/build-$kernel.log"
	"$vm/build-modules" "$kernel" >"$log" 2>&1
	rc=$?
	[ $rc -eq 0 ] || tail -n 30 "$log"
	no_warnings "$log" >/dev/null
	result "build $kernel: modules build with no warnings" $((rc || $?))
	out="$top/build/$kernel/selftests/lockwarden"
	m="$top/build/$kernel/module"
	built="lockwarden.ko, lw_scenario.ko"
	is_debug "$kernel" && built+=", lockwarden_kunit.ko, lw_kunit_log.ko"
	[ -f "$m/lockwarden.ko" ] && [ -f "$out/lw_scenario.ko" ] &&
		{ ! is_debug "$kernel" ||
			{ [ -f "$m/tests/lockwarden_kunit.ko" ] && [ -f "$out/lw_kunit_log.ko" ]; }; }
	result "build $kernel: $built built" $?

	nm -u "$out/lw_compile_out.ko" 2>/dev/null >"$logs/compile-out-$kernel.nm"
	! grep -qiE 'lockwarden|(^| )lw_' "$logs/compile-out-$kernel.nm" &&
		grep -q ' mutex_lock' "$logs/compile-out-$kernel.nm" &&
		[ -z "$(modinfo -F import_ns "$out/lw_compile_out.ko" 2>/dev/null)" ]
	result "build $kernel: compiled out, a driver references only plain kernel locks" $?
	# The objects the lock paths (and owned objects) run, the subscribers
	# of a raised finding included: no allocator, nothing that sleeps (but
	# the kernel locks the mutex and rwsem hooks pass through: not listed).
	# (core/state.o and core/alloc.o allocate the pools, at load and on
	# first use; the outputs' debugfs files run in process context.)
	objs=("$m"/engine/{graph,chain,findings,stacks}.o "$m"/core/{held,stacks,lockstat,class}.o
		"$m"/raise/{raise,filter}.o
		"$m"/checks/{acquire,spinlock,raw_spinlock,rwlock,completion,waitqueue,work,timer,kthread,guarded,owned,lockstat,poison,exit}.o
		"$m"/outputs/{report,console}.o)
	# With KUnit built in (the debug kernels), what a finding does to a test.
	is_debug "$kernel" && objs+=("$m/outputs/kunit.o")
	nm -u "${objs[@]}" >"$logs/lockpath-$kernel.nm" 2>&1 &&
		! grep -qE ' (__?k[mvz]+alloc|kv?[mcz]alloc|vmalloc|vzalloc|kmem_cache_alloc|__get_free_pages|schedule|msleep|usleep_range|mutex_lock|down_(read|write)|wait_for_|might_sleep)' \
			"$logs/lockpath-$kernel.nm" &&
		grep -q ' lw_graph_add$' "$logs/lockpath-$kernel.nm" &&
		grep -q ' lw_chains_lookup$' "$logs/lockpath-$kernel.nm"
	result "build $kernel: the lock-path checks reference no allocator and nothing that sleeps" $?
	# The layers: every call of lockwarden.ko goes down (selftests/layers.py).
	python3 "$top/selftests/layers.py" "$m/lockwarden.mod" >"$logs/layers-$kernel.tap" 2>&1
	rc=$?
	[ $rc -eq 0 ] || grep -E '^(# |not ok)' "$logs/layers-$kernel.tap"
	result "build $kernel: every call of lockwarden.ko stays in its layer or goes down" $rc
	# Every wrapper ends with a call into lockwarden.ko, never a jump, so
	# the site a hook reports is the driver's own (gcc on the stock
	# kernels makes a jump of a call that ends a function).
	enabled=("$out"/lw_{scenario,demo,bench,tails,sites,torture,torture_peer}.ko)
	is_debug "$kernel" && enabled+=("$m/tests/lockwarden_kunit.ko" "$out/lw_kunit_log.ko")
	"$top/selftests/tails.sh" "${enabled[@]}" >"$logs/tails-$kernel.log" 2>&1 &&
		objdump -d "$out/lw_tails.ko" | grep -c '<lw_tail_mutex_unlock>:' >/dev/null
	rc=$?
	[ $rc -eq 0 ] || cat "$logs/tails-$kernel.log"
	result "build $kernel: no wrapper's call into lockwarden.ko is compiled as a jump (lw_tails.ko and the drivers)" $rc
	nm -u "$out/lw_demo.ko" 2>/dev/null | grep -q ' lockwarden_mutex_lock$' &&
		modinfo -F import_ns "$out/lw_demo.ko" | grep -qx LOCKWARDEN
	result "build $kernel: enabled, a driver calls lockwarden.ko in its namespace" $?
	: >"$logs/built-$kernel"
}

# The kernels whose preparation is done (every one but a kernel the lane
# still builds): the others come after the static tiers.
deferred=()
for kernel in $matrix_kernels; do
	if lw_kernel_built "$kernel" && [ ! -e "$logs/prepared-$kernel" ]; then
		deferred+=("$kernel")
	else
		matrix_build "$kernel"
	fi
done

if [ "$only" != matrix ]; then
tier "dkms build on the stock kernels (dkms.conf, not installed)"
lw_need_pkgs dkms
for kernel in $dkms_kernels; do
	log="$logs/dkms-$kernel.log"
	"$top/selftests/dkms_build.sh" "$kernel" >"$log" 2>&1
	rc=$?
	[ $rc -eq 0 ] || tail -n 20 "$log"
	result "dkms $kernel: dkms build of lockwarden with the repository's dkms.conf" $rc
done

tier "make bench, quick: every line printed (the values not judged)"
suite bench "$logs/bench-lines.tap" "the check runs to its end" '' "$top/selftests/bench_lines.sh"

tier "sparse (C=2, stock kernel)"
log="$logs/sparse.log"
LW_BUILD_NAME=sparse-stock "$vm/build-modules" stock C=2 >"$log" 2>&1
rc=$?
no_warnings "$log"
result "sparse: no warnings" $((rc || $?))

tier "kernel-doc"
log="$logs/kernel-doc.log"
# 6.12's kernel-doc: its -Wall also wants every return value described.
"$("$vm/kernel-src" 6.12)/scripts/kernel-doc" -Wall -none \
	"$top"/include/lockwarden/*.h "$top"/module/*.c "$top"/module/{engine,core,raise,checks,outputs}/*.[ch] >"$log" 2>&1
rc=$?
grep -v 'Sphinx version' "$log" >"$log.real"
[ -s "$log.real" ] && cat "$log.real"
result "kernel-doc: no warnings" $((rc || $([ -s "$log.real" ] && echo 1 || echo 0)))
# Every exported function has a kernel-doc comment of its own.
undocumented=
for sym in $(sed -n 's/^EXPORT_SYMBOL_NS_GPL(\([a-z_0-9]*\),.*/\1/p' "$top"/module/*.c "$top"/module/{engine,core,raise,checks,outputs}/*.c); do
	grep -q "^[a-z].*[ *]$sym(" "$top"/module/*.c "$top"/module/{engine,core,raise,checks,outputs}/*.c || continue
	grep -q "^ \* $sym() - " "$top"/module/*.c "$top"/module/{engine,core,raise,checks,outputs}/*.c || undocumented="$undocumented $sym"
done
[ -z "$undocumented" ] || echo "  no kernel-doc:$undocumented"
result "kernel-doc: every exported function documented" "$([ -z "$undocumented" ] && echo 0 || echo 1)"

tier "documentation: its examples compiled, the KUnit suites described"
suite docs "$logs/doc-examples.log" "every C example of guarded.rst is compiled by a test" '' \
	python3 "$top/selftests/doc_examples.py" "$top/Documentation/guarded.rst" \
	"$top/module/tests/guarded_test.c" "$top/module/tests/poison_test.c"
suite docs "$logs/doc-examples-waits.log" "every C example of waits.rst is compiled by a test" '' \
	python3 "$top/selftests/doc_examples.py" "$top/Documentation/waits.rst" \
	"$top/module/tests/completion_test.c" "$top/module/tests/condvar_test.c"
suite docs "$logs/kunit-doc-self-test.tap" \
	"the check passes a suite with its entry and fails each kind of mistake" '' \
	python3 "$top/selftests/kunit_doc.py" --self-test
suite docs "$logs/kunit-doc.tap" \
	"Documentation/testing.rst's KUnit tier has an entry for each suite of module/tests/" '' \
	python3 "$top/selftests/kunit_doc.py" "$top/Documentation/testing.rst" "$top/module/tests"

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

tier "shellcheck and pyflakes on every script"
lw_need_pkgs shellcheck pyflakes3
suite lint "$logs/lint.tap" "no shellcheck warning, no pyflakes message" '' \
	"$top/selftests/lint.sh"

tier "the kernel cache: which trees the preparing scripts remove"
suite cache_test.sh "$logs/cache-test.tap" "it runs to its end" '' "$top/selftests/cache_test.sh"

tier "the KUnit results script on crafted logs"
suite kunit_results.py "$logs/kunit-results-test.tap" "its tests on crafted logs pass" '' \
	python3 "$top/selftests/kunit_results_test.py" "$("$vm/kernel-src")"

tier "the leak verdict on crafted kmemleak reports"
sh "$top/selftests/lockwarden/leaks_test.sh" --classify "$top/selftests/fixtures/kmemleak-ours.txt" \
	>"$logs/leaks-ours.log" 2>&1
[ $? -eq 1 ] && [ "$(grep -c '^# ours: ' "$logs/leaks-ours.log")" -eq 2 ]
result "leaks_test.sh: a leak traced to an lw_ symbol or to unloaded module text is ours" $?
sh "$top/selftests/lockwarden/leaks_test.sh" --classify "$top/selftests/fixtures/kmemleak-kernel.txt" \
	>"$logs/leaks-kernel.log" 2>&1 && ! grep -q '^# ours: ' "$logs/leaks-kernel.log" &&
	grep -qx '# leaks of the kernel itself, not counted: 1' "$logs/leaks-kernel.log"
result "leaks_test.sh: the kernel's own leak is not, whatever its bytes spell" $?

tier "the console verdict on crafted console logs"
# reports FIXTURE [REGEX...]: tools/vm/reports.sh on it, its messages kept.
reports() {
	local f=$1
	shift
	"$vm/reports.sh" "$top/selftests/fixtures/console-$f.txt" "$@" >"$logs/reports-$f.log" 2>&1
}
reports kcsan-kernel &&
	grep -q '^lockwarden-vm: kernel-internal KCSAN report, not counted: ' "$logs/reports-kcsan-kernel.log"
result "reports.sh: a race between two kernel functions is not counted, whatever was interrupted or sits at +0x0" $?
reports kcsan-kernel-deep &&
	grep -q '^lockwarden-vm: kernel-internal KCSAN report, not counted: ' "$logs/reports-kcsan-kernel-deep.log"
result "reports.sh: nor one deep under a kernel API lockwarden called (the module loader's state, read by lockdep's unwinder)" $?
reports kcsan-kernel-exit &&
	grep -q '^lockwarden-vm: kernel-internal KCSAN report, not counted: ' "$logs/reports-kcsan-kernel-exit.log"
result "reports.sh: nor one in a task's exit, the torture's thread its fourth frame (do_exit against the load balancer)" $?
reports kcsan-kernel-static &&
	grep -q '^lockwarden-vm: kernel-internal KCSAN report, not counted: ' "$logs/reports-kcsan-kernel-static.log"
result "reports.sh: nor one on the kernel image's static data, the torture's timer its second frame (ktime_get against timekeeping_advance)" $?
sed 's/0xffffffff81ec10d8/0xffffffffa0041238/' "$top/selftests/fixtures/console-kcsan-kernel-static.txt" \
	>"$logs/console-kcsan-module-static.txt"
"$vm/reports.sh" "$logs/console-kcsan-module-static.txt" >"$logs/reports-kcsan-module-static.log" 2>&1
[ $? -eq 1 ] && grep -q '^lockwarden-vm: console report: BUG: KCSAN' "$logs/reports-kcsan-module-static.log"
result "reports.sh: the same race on a module's static data is counted" $?
reports kmemleak &&
	grep -q "^lockwarden-vm: kmemleak's suspects, not counted" "$logs/reports-kmemleak.log"
result "reports.sh: kmemleak's count of suspects is not counted (leaks_test.sh tells whose they are)" $?
reports kcsan-ours
[ $? -eq 1 ] && grep -q '^lockwarden-vm: console report: BUG: KCSAN' "$logs/reports-kcsan-ours.log"
result "reports.sh: a race in a kernel helper lockwarden called (its third frame) is counted" $?
reports kcsan-ours-header
[ $? -eq 1 ]
result "reports.sh: a race that KCSAN's header puts in lockwarden is counted" $?
reports expected 'possible circular locking dependency' 'MAX_LOCKDEP_CHAIN(S|_HLOCKS) too low'
[ $? -eq 2 ] && [ "$(grep -c '^lockwarden-vm: expected console report: ' "$logs/reports-expected.log")" -eq 2 ]
result "reports.sh: an --expect allows its report and no other (a WARNING and a soft lockup counted)" $?
fi

# deferred_builds LATE: the build tiers of the deferred kernels, those the
# lane builds last (LATE=1: the sanitizer and PREEMPT_RT debug kernels) or
# the others (LATE=0), each once the lane has prepared it. No later tier
# of the foreground needs a late kernel: on an empty cache they come
# after them.
deferred_builds() {
	local kernel late

	for kernel in ${deferred[@]+"${deferred[@]}"}; do
		late=0
		[[ " $late_kernels " != *" $kernel "* ]] || late=1
		[ "$late" = "$1" ] || continue
		[ -e "$logs/prepared-$kernel" ] ||
			echo "the $kernel kernel is still being built: waiting for it ($logs/kernels.log)"
		matrix_build "$kernel"
	done
}
deferred_builds 0
if [ "$only" = matrix ]; then
	deferred_builds 1
	summary
fi

tier "fuzz (libFuzzer, short)"
wait "$fuzz_pid"
tap_results fuzz "$logs/fuzz.tap"
result "fuzz: every target replays its corpus and fuzzes 10 s without a failure" \
	"$(cat "$logs/fuzz.rc" 2>/dev/null || echo 1)"

tier "compile-fail suite (clang -Wthread-safety, sparse, gcc, clang)"
log="$logs/compile-fail.tap"
"$top/selftests/compile-fail/run.sh" >"$log" 2>"$logs/compile-fail.stderr"
rc=$?
tap_results compile-fail "$log"
result "compile-fail: every case draws its diagnostic, correct.c none" $rc

tier "convert: null_blk, uinput and netdevsim converted by tools/convert, built and run on the stock and debug kernels"
suite convert "$logs/convert.tap" "the tier runs to its end" '' \
	"$top/selftests/convert_test.sh" --logs "$logs/convert"

deferred_builds 1

vm_wait
tool_build=$(cat "$logs/tool-vm.build-rc" 2>/dev/null || echo 1)

# vm_why FILE: why tools/vm/run failed a job, from its messages in FILE
# (its stderr), on one line: the console reports that no --expect allowed,
# a timeout or an error, the first three.
vm_why() {
	sed -n 's/^lockwarden-vm: \(console report\|timeout\|error\): /\1: /p' "$1" |
		awk 'NR > 3 { exit } NR > 1 { printf "; " } { printf "%s", $0 }'
}

# vm_result JOB NAME: the run's own point, its stderr's tail on failure.
vm_result() {
	local rc

	rc=$(vm_rc "$1")
	[ "$rc" -eq 0 ] || tail -n 40 "$logs/$1.stderr"
	result "$2" "$rc" '' "$([ "$rc" -eq 0 ] || vm_why "$logs/$1.stderr")"
}

# leaks_ended NAME TAP: the leak check that ends a boot of a sanitizer
# kernel (leaks_test.sh, in the TAP file TAP) ran to its last point.
leaks_ended() {
	grep -qx 'ok 4 no leaked object was allocated by lockwarden' "$2"
	result "$1: the leak check ran to its end" $?
}

# report_block CONSOLE HEADER: the console report whose header line is
# HEADER, from it to 60 lines on (a KCSAN or lockdep report, an oops).
report_block() {
	local at

	at=$(grep -n -m 1 -F -- "$2" "$1" | cut -d: -f1)
	[ -z "$at" ] || sed -n "$at,$((at + 60))p" "$1"
}

# lw_finding KIND: lockwarden stored exactly one finding, and of KIND.
lw_finding() {
	[ "$(grep -c '^finding #' "$log.findings")" -eq 1 ] &&
		grep -q "^lockwarden: $1 in " "$log.findings"
}
# parity_cycle SCENARIO TEXT: $kernel's parity boot of SCENARIO ended well,
# with one lock-order cycle, a line of whose findings matches TEXT.
parity_cycle() {
	log="$logs/parity-$kernel-$1"
	[ "$(vm_rc "parity-$kernel-$1")" -eq 0 ] && lw_finding 'lock-order cycle' &&
		grep -q -e "$2" "$log.findings"
}
# lw_silent SCENARIO REGEX: $kernel's parity boot of SCENARIO ran it, and
# neither lockwarden (no finding) nor the console (no line matching REGEX)
# reports anything.
lw_silent() {
	log="$logs/parity-$kernel-$1"
	[ "$(vm_rc "parity-$kernel-$1")" -eq 0 ] &&
		[ "$(grep -c '^finding #' "$log.findings")" -eq 0 ] &&
		! grep -Eq "$2" "$log.console"
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

# lockdep_sites HEADER: the kernel's report HEADER names a function of the
# scenario as the site of the lock it is trying to acquire and of the lock
# it already holds, not lockwarden's hook that took the kernel lock.
lockdep_sites() {
	local report

	report=$(kernel_report "$1")
	grep -A1 'is trying to acquire lock:$' <<<"$report" | grep -q ', at: lw_scenario_' &&
		grep -A1 'already holding lock:$' <<<"$report" | grep -q ', at: lw_scenario_'
}
# lockdep_names_lockwarden CONSOLE: a lockdep report on CONSOLE names a
# function of lockwarden as a site: a lock's ", at: SITE" (an acquisition,
# a held lock), or the line after "... lock (NAME) at:" (a release).
lockdep_names_lockwarden() {
	awk '/, at: lockwarden_/ || (prev ~ /\) at:$/ && /\] lockwarden_/) { found = 1 }
		{ prev = $0 } END { exit !found }' "$1"
}

# kunit_verdict KERNEL [again]: the cases of KERNEL's KUnit run, from its
# kernel log $logs/kunit-KERNEL.dmesg (with "again", the second load's,
# $logs/kunit-again-KERNEL.dmesg): every case reported, none failed or
# skipped without a reason (selftests/kunit_results.py).
kunit_verdict() {
	local kernel=$1 run=kunit-$1 name="kunit $1" rc

	[ "${2:-}" != again ] || run=kunit-again-$kernel name="kunit $kernel, loaded again"
	python3 "$top/selftests/kunit_results.py" "$("$vm/kernel-src" "${kernel##*-}")" \
		"$logs/$run.dmesg" "$top"/module/tests/*.c >"$logs/$run.results" 2>&1
	rc=$?
	tap_results "$name" "$logs/$run.results"
	result "$name: every case reported, none failed or skipped without reason" $rc
}

for kernel in $debug_kernels; do
	tier "KUnit on $kernel"
	vm_result "kunit-$kernel" "kunit $kernel: VM run completes with a clean console"
	kunit_verdict "$kernel"
	if [ "$kernel" = "$kunit_again_kernel" ]; then
		vm_result "kunit-again-$kernel" \
			"kunit $kernel, loaded again: VM run completes with a clean console"
		kunit_verdict "$kernel" again
	fi

	tier "lockdep parity on $kernel: each finding, one boot each (lockdep reports once)"
	while read -r spec types; do
		shape=${spec%%:*} taken=${spec#*:}
		held=${taken#*:} taken=${taken%:*}
		for type in $types; do
			log="$logs/parity-$kernel-${shape}_$type"
			a="lw_sc_${type}_${shape}_$taken" b="lw_sc_${type}_${shape}_$held"
			[ "$(vm_rc "parity-$kernel-${shape}_$type")" -eq 0 ] &&
				grep -q "takes $a while holding $b," "$log.findings" &&
				reports 'WARNING: possible circular locking dependency detected' "$a" "$b"
			result "parity $kernel ${shape}_$type: lockwarden and lockdep report it, same class names" $?
			[ "$shape" = abba ] || continue
			[ "$(vm_rc "parity-$kernel-${shape}_$type")" -eq 0 ] &&
				lockdep_sites 'WARNING: possible circular locking dependency detected'
			result "parity $kernel ${shape}_$type: lockdep names the scenario's calls as the sites, not lockwarden's" $?
		done
	done <<<"$parity_shapes"

	# AA: a second lock of a class already held (lockdep's AA selftests).
	for type in $parity_aa_types; do
		log="$logs/parity-$kernel-aa_$type"
		a="lw_sc_${type%_read}_abba_a"
		[ "$(vm_rc "parity-$kernel-aa_$type")" -eq 0 ] && lw_finding 'recursive locking' &&
			grep -q "takes a lock of class $a," "$log.findings" &&
			reports 'WARNING: possible recursive locking detected' "$a"
		result "parity $kernel aa_$type: lockwarden and lockdep report recursive locking of $a" $?
		[ "$(vm_rc "parity-$kernel-aa_$type")" -eq 0 ] &&
			lockdep_sites 'WARNING: possible recursive locking detected'
		result "parity $kernel aa_$type: lockdep names the scenario's calls as the sites, not lockwarden's" $?
	done

	# rwlock_t readers with bottom halves off may recurse: neither reports.
	lw_silent rwlock_read_bh 'possible recursive locking'
	result "parity $kernel rwlock_read_bh: neither lockwarden nor lockdep reports recursive readers" $?

	# A wait holding the mutex its completer takes first (waits.rst):
	# lockdep, which orders locks only, is silent (a report would fail the
	# boot: none is expected); lockwarden reports the cycle.
	parity_cycle completion '^  wait_for_completion(lw_scenario_done);$' &&
		! grep -q 'possible circular locking dependency' "$log.console"
	result "parity $kernel completion: lockwarden reports the mutex + completion deadlock, lockdep misses it" $?

	# The same with a wait queue: lockdep has no model of wait_event().
	parity_cycle waitqueue 'while holding lw_scenario_wq_cfg, at:' &&
		! grep -q 'possible circular locking dependency' "$log.console"
	result "parity $kernel waitqueue: lockwarden reports the mutex + wait queue deadlock, lockdep misses it" $?

	# A flush of a work under the mutex the work takes, a synchronous timer
	# deletion under its callback's lock: lockdep models both (waits.rst),
	# naming the work's and the timer's map after their lockwarden class and
	# each statically defined lock after its variable.
	parity_cycle work_flush 'flushes work lw_scenario_work while holding lw_scenario_work_cfg, at:' &&
		reports 'WARNING: possible circular locking dependency detected' \
			lw_scenario_work lw_sc_work_cfg.lock
	result "parity $kernel work_flush: lockwarden and lockdep report the flush under the work's mutex" $?
	parity_cycle timer_sync 'synchronously deletes timer lw_scenario_timer while holding lw_scenario_timer_lock, at:' &&
		reports 'WARNING: possible circular locking dependency detected' \
			lw_scenario_timer lw_sc_timer_lock.lock
	result "parity $kernel timer_sync: lockwarden and lockdep report the deletion under the callback's lock" $?
	# A kthread stopped under the mutex it takes: lockdep has no model of it.
	parity_cycle kthread_stop 'stops kthread lw_scenario_kthread while holding lw_scenario_kthread_cfg, at:' &&
		! grep -q 'possible circular locking dependency' "$log.console"
	result "parity $kernel kthread_stop: lockwarden reports the stop under the thread's mutex, lockdep misses it" $?

	# A recursive read's dependency learned first, the write that closes
	# the cycle after it: both report the one cycle (lockdep since v5.10).
	parity_cycle rread_first "takes lw_sc_rread_a while holding lw_sc_rread_b," &&
		reports 'WARNING: possible circular locking dependency detected' \
			lw_sc_rread_a lw_sc_rread_b
	result "parity $kernel rread_first: lockwarden and lockdep report a recursive read's cycle closed after it" $?

	# A spinlock's class taken in an irq_work (tasklet), then with
	# interrupts (bottom halves) enabled.
	for ctx in hardirq:HARDIRQ softirq:SOFTIRQ; do
		bits=${ctx#*:}
		ctx=${ctx%:*}
		log="$logs/parity-$kernel-irq_$ctx"
		[ "$(vm_rc "parity-$kernel-irq_$ctx")" -eq 0 ] && lw_finding 'irq-safety inversion' &&
			grep -q "^class lw_sc_$ctx is held with ${ctx}s enabled, at:" "$log.findings" &&
			grep -q "^and taken in $ctx context, at:" "$log.findings" &&
			reports 'WARNING: inconsistent lock state' "lw_sc_$ctx" &&
			kernel_report 'WARNING: inconsistent lock state' |
			grep -qF "inconsistent {IN-$bits-W} -> {$bits-ON-W} usage."
		result "parity $kernel irq_$ctx: lockwarden and lockdep report lw_sc_$ctx's irq-safety inversion" $?
	done

	# The hardirq inversion again, the class held with interrupts off when
	# an inner unlock enables them: both mark it there, at that unlock.
	log="$logs/parity-$kernel-irq_reenable"
	[ "$(vm_rc "parity-$kernel-irq_reenable")" -eq 0 ] && lw_finding 'irq-safety inversion' &&
		grep -q '^class lw_sc_hardirq is taken in hardirq context, at:' "$log.findings" &&
		grep -A1 '^and held with hardirqs enabled, at:' "$log.findings" |
		grep -q 'lw_scenario_irq_reenable+' &&
		reports 'WARNING: inconsistent lock state' lw_sc_hardirq &&
		kernel_report 'WARNING: inconsistent lock state' |
		grep -qF 'inconsistent {HARDIRQ-ON-W} -> {IN-HARDIRQ-W} usage.'
	result "parity $kernel irq_reenable: lockwarden and lockdep report the class held when an inner unlock enables interrupts" $?

	# An irq-safe class held, by the order learned, when an irq-unsafe one
	# is taken: found when that order is learned last (irq_order), and
	# when the interrupt's use is seen last (irq_order_late), each as
	# lockdep's report; the path and both usage sites are named.
	for spec in 'irq_order:HARDIRQ-safe -> HARDIRQ-unsafe lock order detected' \
		'irq_order_late:possible irq lock inversion dependency detected'; do
		scenario=${spec%%:*}
		log="$logs/parity-$kernel-$scenario"
		[ "$(vm_rc "parity-$kernel-$scenario")" -eq 0 ] && lw_finding 'irq-safety inversion' &&
			grep -A1 '^irq-safe class lw_sc_irq_safe is taken in hardirq context, at:' \
				"$log.findings" | grep -q 'lw_scenario_irq_use+' &&
			grep -q '^  lw_sc_irq_safe -> lw_sc_irq_unsafe at lw_scenario_irq_learn+' \
				"$log.findings" &&
			grep -A1 '^but irq-unsafe class lw_sc_irq_unsafe is held with hardirqs enabled, at:' \
				"$log.findings" | grep -q 'lw_scenario_irq_unsafe+' &&
			reports "WARNING: ${spec#*:}" lw_sc_irq_safe lw_sc_irq_unsafe
		result "parity $kernel $scenario: lockwarden and lockdep report the irq-safe -> irq-unsafe order" $?
	done

	# Its counterpart: the class read in the interrupt and held only for
	# reading before the other. Readers do not wait for readers: neither
	# reports.
	lw_silent irq_order_read 'lock order detected|irq lock inversion|inconsistent lock state'
	result "parity $kernel irq_order_read: neither lockwarden nor lockdep reports a reader held before an irq-unsafe class" $?

	# A free mutex taken under a spinlock: might_sleep() names the spinlock
	# it holds, lockdep's wait-context check the mutex as well.
	log="$logs/parity-$kernel-sleep_atomic"
	[ "$(vm_rc "parity-$kernel-sleep_atomic")" -eq 0 ] && lw_finding 'sleeping lock in atomic context' &&
		grep -q 'takes sleeping lock lw_sc_mutex_abba_a in atomic context' "$log.findings" &&
		grep -q 'while holding spinning lock lw_sc_spin_abba_a,' "$log.findings" &&
		reports 'BUG: sleeping function called from invalid context' lw_sc_spin_abba_a &&
		reports '[ BUG: Invalid wait context ]' lw_sc_mutex_abba_a lw_sc_spin_abba_a
	result "parity $kernel sleep_atomic: lockwarden and the kernel report a mutex taken under a spinlock" $?

	# A spinlock_t under a raw spinlock: lockdep reports it where it is
	# built with PROVE_RAW_LOCK_NESTING (6.12), and is silent otherwise.
	log="$logs/parity-$kernel-wait_context"
	if grep -q '^CONFIG_PROVE_RAW_LOCK_NESTING=y' "$("$vm/kdir" "$kernel")/.config"; then
		lockdep_says() { reports '[ BUG: Invalid wait context ]' lw_scenario_config lw_scenario_raw; }
		says="lockdep reports it too"
	else
		lockdep_says() { ! grep -q 'Invalid wait context' "$log.console"; }
		says="lockdep, without PROVE_RAW_LOCK_NESTING, is silent"
	fi
	[ "$(vm_rc "parity-$kernel-wait_context")" -eq 0 ] && lw_finding 'invalid wait context' &&
		grep -q 'takes lw_scenario_config, a lock that sleeps on PREEMPT_RT, at:' "$log.findings" &&
		grep -q 'while holding raw spinlock lw_scenario_raw, taken at:' "$log.findings" &&
		lockdep_says
	result "parity $kernel wait_context: lockwarden reports a spinlock_t under a raw spinlock; $says" $?

	# ABBA with lockstat on: the kernel lock is tried first, and lockdep,
	# told of the acquisition before the try, reports the same cycle.
	log="$logs/parity-$kernel-abba_lockstat"
	[ "$(vm_rc "parity-$kernel-abba_lockstat")" -eq 0 ] && lw_finding 'lock-order cycle' &&
		reports 'WARNING: possible circular locking dependency detected' \
			lw_sc_mutex_abba_a lw_sc_mutex_abba_b
	result "parity $kernel abba_mutex, lockstat on: lockwarden and lockdep report the same cycle" $?

	# lockdep's dependencies among set p (lockstat off) and set q (on),
	# "FROM TO" with the set's letter dropped. A class's line has its
	# "FD:" count (its address is "(____ptrval____)" on 6.1).
	lockdep_deps() {
		awk -v set="_$1_" '/ FD: / { from = $NF; next }
			/^ -> / && index(from, set) && index($NF, set) { print from, $NF }' \
			"$logs/parity-$kernel-lockstat_graph.deps" | sed "s/_$1_/_/g" | sort
	}
	[ "$(vm_rc "parity-$kernel-lockstat_graph")" -eq 0 ] &&
		[ "$(lockdep_deps p | wc -l)" -eq 3 ] && [ "$(lockdep_deps p)" = "$(lockdep_deps q)" ]
	result "parity $kernel lockstat_graph: lockdep learns the same three dependencies with lockstat on as off" $?

	# Every parity boot: no lockdep report names lockwarden as a site.
	named=()
	for log in "$logs/parity-$kernel-"*.console; do
		lockdep_names_lockwarden "$log" && named+=("${log##*/}")
	done
	[ ${#named[@]} -eq 0 ] || echo "  lockwarden named as a site in: ${named[*]}"
	[ ${#named[@]} -eq 0 ]
	result "parity $kernel: no lockdep report names a function of lockwarden as a site" $?

	tier "README workflow: an outside driver on $kernel"
	[ "$(cat "$logs/mydriver-$kernel.build-rc")" -eq 0 ] && no_warnings "$logs/mydriver-$kernel.log"
	result "outside driver $kernel: builds against tools/vm/kdir $kernel with no warnings" $?
	[ "$(vm_rc "mydriver-$kernel")" -eq 0 ] &&
		grep -q '^lockwarden: lock-order cycle in my_release / my_open$' \
			"$logs/mydriver-$kernel.findings" &&
		grep -q '^lockwarden: rank violation in my_release / my_release$' \
			"$logs/mydriver-$kernel.findings"
	result "outside driver $kernel: tools/vm/run loads it and its ABBA and rank violation are found" $?

	tier "the lockwarden command on live debugfs ($kernel)"
	[ "$tool_build" -eq 0 ] || tail -n 20 "$logs/tool-vm.build"
	result "tool vm $kernel: the static binary builds" "$tool_build"
	tap_results "tool vm $kernel" "$logs/tool-vm-$kernel.tap"
	vm_result "tool-vm-$kernel" "tool vm $kernel: exits 0 with a clean console"
	# The live Prometheus output, checked by the same checker as the
	# fixtures'.
	name="tool vm $kernel: the live stats --prometheus output passes promcheck.py"
	if grep -q '^# prom: ' "$logs/tool-vm-$kernel.tap"; then
		sed -n 's/^# prom: //p' "$logs/tool-vm-$kernel.tap" |
			python3 "$top/tools/lockwarden/tests/promcheck.py"
		result "$name" $?
	else
		result "$name # SKIP no live output (the VM test skipped or failed first)" 0 skip
	fi
done

tier "the lockwarden command on live debugfs (stock-6.1), sites named from lw_scenario.ko"
tap_results "tool vm stock-6.1" "$logs/tool-vm-stock-6.1.tap"
vm_result "tool-vm-stock-6.1" "tool vm stock-6.1: exits 0 with a clean console"
LWT="$top/tools/lockwarden/lockwarden-static" "$top/tools/lockwarden/tests/vm_sites.sh" \
	"$logs/tool-vm-stock-6.1.tap" "$top/build/stock-6.1/selftests/lockwarden" \
	>"$logs/tool-sites-stock-6.1.tap" 2>&1
tap_results "tool sites stock-6.1" "$logs/tool-sites-stock-6.1.tap"

for kernel in $vm_kernels $rt_kernels; do
	tier "kselftest on $kernel"
	tap_results "kselftest $kernel" "$logs/kselftest-$kernel.tap"
	vm_result "kselftest-$kernel" "kselftest $kernel: exits 0 with a clean console"
	# Where nothing serialises softirqs on a CPU, the kselftest's tasklet
	# ran while the preempted timer callback held its lock: what its
	# no-finding point is about.
	if grep -qx '# CONFIG_PREEMPT_RT_NEEDS_BH_LOCK is not set' "$("$vm/kdir" "$kernel")/.config"; then
		grep -q '^# bh_preempted: the tasklet ran while ' "$logs/kselftest-$kernel.tap"
		result "kselftest $kernel (PREEMPT_RT_NEEDS_BH_LOCK off): the tasklet ran while the preempted timer callback held its lock" $?
	fi
done

for kernel in $stock_kernels $rt_kernels; do
	tier "a reschedule due under a spinning lock on $kernel: at its release, as without lockwarden"
	tap_results "resched $kernel" "$logs/resched-$kernel.tap"
	vm_result "resched-$kernel" "resched $kernel: exits 0 with a clean console"
	tier "a locked-down kernel ($kernel, lockdown=integrity as under Secure Boot): lockwarden's files read, control refused"
	tap_results "lockdown $kernel" "$logs/lockdown-$kernel.tap"
	vm_result "lockdown-$kernel" "lockdown $kernel: exits 0 with a clean console"
done

for kernel in $vm_kernels $rt_kernels $san_kernels; do
	tier "debugfs files on $kernel"
	log="$logs/debugfs-$kernel"
	tap_results "debugfs $kernel" "$log.tap"
	vm_result "debugfs-$kernel" "debugfs $kernel: exits 0 with a clean console"
	if [[ " $san_kernels " == *" $kernel "* ]]; then
		leaks_ended "debugfs $kernel" "$log.tap"
	fi
	# findings.json as the test printed it, through Python's JSON parser.
	python3 "$top/selftests/debugfs_json.py" "$log.tap" >"$log.json-results" 2>&1
	rc=$?
	tap_results "debugfs $kernel json" "$log.json-results"
	result "debugfs $kernel: findings.json validates" $rc
done

for kernel in $vm_kernels $rt_kernels $san_kernels; do
	tier "full pools on $kernel"
	tap_results "pools $kernel" "$logs/pools-$kernel.tap"
	vm_result "pools-$kernel" "pools $kernel: exits 0 with a clean console"
	if [[ " $san_kernels " == *" $kernel "* ]]; then
		leaks_ended "pools $kernel" "$logs/pools-$kernel.tap"
	fi
done

for kernel in $debug_kernels $san_kernels; do
	tier "a KUnit test's log in debugfs names its unexpected findings, on $kernel"
	tap_results "kunit log $kernel" "$logs/kunitlog-$kernel.tap"
	vm_result "kunitlog-$kernel" "kunit log $kernel: exits 0 with a clean console"
	[[ " $san_kernels " != *" $kernel "* ]] && continue
	leaks_ended "kunit log $kernel" "$logs/kunitlog-$kernel.tap"
done

for kernel in $stock_kernels $rt_kernels; do
	how=
	case " $rt_kernels " in *" $kernel "*) how=", the module loaded by the command" ;; esac
	tier "a deadlock at a timeout on $kernel (one boot$how): both sides named"
	log="$logs/hang-$kernel"
	hang_failed=$failed
	rc=$(vm_rc "hang-$kernel")
	[ "$rc" -eq 124 ] && grep -q 'lw_hang: CPU 0 holds A, takes B' "$log.console" &&
		grep -q 'lw_hang: CPU 1 holds B, takes A' "$log.console" &&
		! grep -qE '\] (BUG|WARNING):' "$log.console"
	result "hang $kernel: lw_hang deadlocks CPUs 0 and 1, the run times out, no BUG or WARNING" $?
	grep -qE '^lockwarden-vm: vcpu 0:  \? [0-9a-f]{16} lw_hang_ab\+0x[0-9a-f]+ \[lw_hang\]$' "$log.console" &&
		grep -qE '^lockwarden-vm: vcpu 1:  \? [0-9a-f]{16} lw_hang_ba\+0x[0-9a-f]+ \[lw_hang\]$' "$log.console" &&
		! grep -qE '^lockwarden-vm: vcpu 0: .*lw_hang_ba|^lockwarden-vm: vcpu 1: .*lw_hang_ab' "$log.console"
	result "hang $kernel: each vCPU's report names its own side in the module, not the other's" $?
	[ "$(grep -cE '^lockwarden-vm: vcpu [01]: RIP [0-9a-f]{16} [A-Za-z_][A-Za-z0-9_.]*\+0x[0-9a-f]+, interrupts off$' "$log.console")" -eq 2 ] &&
		grep -qE '^lockwarden-vm: vcpu 1:  \? [0-9a-f]{16} kthread\+0x' "$log.console"
	result "hang $kernel: the kernel's code named too (Debian's image: its kallsyms), interrupts off" $?
	# On a failure, the exit status and what the run printed of the test,
	# for the log of a run whose files are gone (CI's).
	[ "$failed" -eq "$hang_failed" ] || {
		echo "    exit status $rc; the run's lines of it:"
		grep -E 'lwvm: |lw_hang|lockwarden-vm: (booting|vcpu [01]: (RIP|  \?)|timeout|error)|BUG|WARNING|panic' \
			"$log.stderr" | head -n 40 | sed 's/^/    /'
	}
done

for kernel in $stock_kernels $rt_kernels; do
	tier "mode=panic on $kernel (one boot)"
	log="$logs/panic-$kernel"
	rc=$(vm_rc "panic-$kernel")
	[ "$rc" -eq 125 ] && grep -qx panic "$log.out" && grep -qx consistent-survived "$log.out"
	result "panic $kernel: the mode parameter is set at load, a consistent order does not panic" $?
	[ "$rc" -eq 125 ] && ! grep -q abba-survived "$log.out" &&
		awk '/lockwarden: lock-order cycle in lw_scenario_abba_reverse/ { seen = 1 }
			seen && /Kernel panic - not syncing: lockwarden: lock-order cycle \(finding #1\)/ { ok = 1 }
			END { exit !ok }' "$log.console"
	result "panic $kernel: the first finding is printed, then the kernel panics naming it" $?

	tier "lockstat kselftest on $kernel"
	tap_results "lockstat $kernel" "$logs/lockstat-$kernel.tap"
	vm_result "lockstat-$kernel" "lockstat $kernel: exits 0 with a clean console"

	tier "sites kselftest on $kernel: every kind names the function whose last call raised it"
	tap_results "sites $kernel" "$logs/sites-$kernel.tap"
	vm_result "sites-$kernel" "sites $kernel: exits 0 with a clean console"
done

for kernel in $san_kernels; do
	tier "KUnit and the kselftest on the sanitizer kernel $kernel"
	out="$logs/kunit-$kernel"
	sed '/^# leaks_test.sh$/,$d' "$out.out" >"$out.dmesg"
	sed -n '/^# leaks_test.sh$/,$p' "$out.out" >"$out.leaks.tap"
	vm_result "kunit-$kernel" "kunit $kernel: no sanitizer, lockup or kernel report"
	kunit_verdict "$kernel"
	tap_results "kunit $kernel leaks" "$out.leaks.tap"
	leaks_ended "kunit $kernel" "$out.leaks.tap"

	tap_results "kselftest $kernel" "$logs/kselftest-$kernel.tap"
	vm_result "kselftest-$kernel" "kselftest $kernel: no sanitizer, lockup or kernel report"
	leaks_ended "kselftest $kernel" "$logs/kselftest-$kernel.tap"
done

for kernel in $rtdebug_kernels; do
	tier "KUnit and the kselftest on the PREEMPT_RT debug kernel $kernel"
	vm_result "kunit-$kernel" "kunit $kernel: VM run completes with a clean console"
	kunit_verdict "$kernel"
	tap_results "kselftest $kernel" "$logs/kselftest-$kernel.tap"
	vm_result "kselftest-$kernel" "kselftest $kernel: exits 0 with a clean console"
done

for kernel in $torture_kernels; do
	tier "torture on $kernel (2 minutes)"
	log="$logs/torture-$kernel"
	rc=$(vm_rc "torture-$kernel")
	why=
	if [ "$rc" -ne 0 ]; then
		grep -v '^# stat: ' "$log.out" | tail -n 40
		# A timeout: where the guest was shortly before (selftests/torture.sh).
		[ ! -s "$log/overdue" ] || head -n 150 "$log/overdue"
		why=$(vm_why "$log.out")
		# The first report whole, as the console printed it.
		header=$(sed -n 's/^lockwarden-vm: console report: //p' "$log.out" | head -n 1)
		[ -z "$header" ] || report_block "$log/console.log" "$header"
	fi
	tap_results "torture $kernel" "$log/tap"
	result "torture $kernel: exits 0 with a clean console" "$rc" '' "$why"
done

summary
