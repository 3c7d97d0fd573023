#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Build lockwarden's libFuzzer targets (tools/testing/fuzz) and run each:
# first a replay of its seeds (the committed corpus/<target>/, regressions
# included, and the tool's fixtures), then SECONDS of fuzzing. Prints TAP,
# two points per target; exits non-zero on any failure.
#
# Usage: run.sh [-s SECONDS] [--fresh] [TARGET...]
#   -s SECONDS  fuzzing time per target (default 60; 0 replays only)
#   --fresh     fuzz from the seeds alone, as make check does; otherwise
#               build/fuzz/<target>/corpus keeps what earlier runs found
#   TARGET      engine control json findings graph classes stats lockstat saved
#               (default: all)
#   CLANG=clang-N (environment) builds with another clang than clang-16
#
# A crash leaves build/fuzz/<target>/crash-<sha1>; the failing point says
# how to reproduce it and where to commit it as a regression input.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
# shellcheck source-path=SCRIPTDIR source=../../vm/lib.sh
. "$top/tools/vm/lib.sh"

all_targets=(engine control json findings graph classes stats lockstat saved)
seconds=60
fresh=0
targets=()
while [ $# -gt 0 ]; do
	case "$1" in
	-s) seconds=${2:?-s needs a number of seconds}; shift ;;
	--fresh) fresh=1 ;;
	-h | --help) sed -n '3,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	-*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
	*) targets+=("$1") ;;
	esac
	shift
done
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")
case "$seconds" in '' | *[!0-9]*) echo "run.sh: -s takes whole seconds" >&2; exit 2 ;; esac

# clang-N's libFuzzer runtime is in libclang-rt-N-dev (CLANG=clang-19 works).
CLANG=${CLANG:-clang-16}
case "${CLANG#clang-}" in
'' | *[!0-9]*) lw_need_pkgs make ;;
*) lw_need_pkgs make "$CLANG" "libclang-rt-${CLANG#clang-}-dev" ;;
esac

out="$top/build/fuzz"
fixtures="$top/tools/lockwarden/fixtures"
mkdir -p "$out"
tmp=
trap '[ -z "$tmp" ] || rm -rf "$tmp"' EXIT

# ok STATUS DESCRIPTION: one TAP point, counted in $n and $failed.
# shellcheck source=../../../selftests/lockwarden/tap.sh
. "$top/selftests/lockwarden/tap.sh"

# The tool's fixtures as seeds of @target, rebuilt on every run so they
# follow format changes (fuzz_saved.c's input: sections of two runs).
fixture_seeds() {
	local target=$1 dir=$2 f name a b file
	case "$target" in
	graph | classes | stats | lockstat)
		for f in "$fixtures"/*/"$target" "$fixtures"/*/*/"$target"; do
			[ -f "$f" ] || continue
			name=${f#"$fixtures"/}
			cp "$f" "$dir/fixture-${name//\//-}"
		done ;;
	findings)
		for f in "$fixtures"/*/findings.json; do
			name=${f#"$fixtures"/}
			cp "$f" "$dir/fixture-${name%%/*}"
		done ;;
	json)
		for f in "$fixtures"/*/findings.json; do
			name=${f#"$fixtures"/}
			split -l 1 -a 3 "$f" "$dir/fixture-${name%%/*}-"
		done ;;
	saved)
		for pair in hand:vm-debug vm-stock:vm-debug vm-scenarios:hand \
			    vm-lockstat:hand runs/a:runs/b; do
			a=${pair%%:*}
			b=${pair#*:}
			for file in graph classes findings.json stats lockstat; do
				[ -f "$fixtures/$a/$file" ] &&
					printf '@@ a/%s\n' "$file" && cat "$fixtures/$a/$file"
				[ -f "$fixtures/$b/$file" ] &&
					printf '@@ b/%s\n' "$file" && cat "$fixtures/$b/$file"
			done >"$dir/fixture-${a//\//-}-${b//\//-}"
		done ;;
	esac
}

# The figures of a libFuzzer log: runs, runs per second, coverage, corpus.
figures() {
	local runs rate cov corp
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$1")
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$1")
	cov=$(grep -oE ' cov: [0-9]+' "$1" | tail -n 1 | grep -oE '[0-9]+')
	corp=$(grep -oE ' corp: [0-9]+' "$1" | tail -n 1 | grep -oE '[0-9]+')
	echo "${runs:-?} runs, ${rate:-?}/s, cov ${cov:-?}, corpus ${corp:-?}"
}

# Why a run failed, as TAP diagnostics.
explain() { # explain TARGET LOG
	local artifact
	artifact=$(grep -oE "Test unit written to [^ ]+" "$2" | tail -n 1 | cut -d' ' -f5)
	grep -E 'check failed|ERROR: |SUMMARY: |runtime error' "$2" |
		head -n 5 | sed 's/^/# /'
	if [ -n "$artifact" ]; then
		echo "# input: $artifact"
		# The engine and control targets say what they did with LW_FUZZ_TRACE=1.
		echo "# reproduce: $(case "$1" in engine | control) echo 'LW_FUZZ_TRACE=1 ' ;; esac)$out/bin/fuzz_$1 $artifact"
		echo "# keep it: cp $artifact tools/testing/fuzz/corpus/$1/regress-<what>"
	fi
	echo "# log: $2"
}

log="$out/build.log"
make -C "$here" O="$out" CLANG="$CLANG" -j2 >"$log" 2>&1
rc=$?
ok $rc "fuzz: the targets build with $CLANG, -Wall -Wextra -Werror"
if [ $rc -ne 0 ]; then
	tail -n 20 "$log" | sed 's/^/# /'
	echo "1..$n"
	exit 1
fi

for t in "${targets[@]}"; do
	bin="$out/bin/fuzz_$t"
	work="$out/$t"
	committed="$here/corpus/$t"
	if [ ! -x "$bin" ] || [ ! -d "$committed" ]; then
		ok 1 "$t: no such target"
		continue
	fi
	# Where the tool's targets write their input as files.
	tmp="$work/tmp"
	rm -rf "$work/seeds" "$tmp"
	[ $fresh -eq 1 ] && rm -rf "$work/corpus"
	mkdir -p "$work/seeds" "$work/corpus" "$tmp"
	fixture_seeds "$t" "$work/seeds"
	opts=(-close_fd_mask=2 -timeout=25 -rss_limit_mb=2048 "-artifact_prefix=$work/")
	case "$t" in
	engine) ;;
	control) opts+=("-dict=$here/dict/control.dict") ;;
	*) opts+=("-dict=$here/dict/tool.dict") ;;
	esac
	inputs=$(find "$committed" "$work/seeds" -type f | wc -l)

	# Every committed and fixture input once: the regression run.
	TMPDIR="$tmp" "$bin" "${opts[@]}" -runs=0 "$committed" "$work/seeds" \
		>"$work/replay.log" 2>&1
	rc=$?
	ok $rc "$t: $inputs seed and regression inputs replay cleanly"
	[ $rc -eq 0 ] || explain "$t" "$work/replay.log"

	[ "$seconds" -gt 0 ] || continue
	start=$(date +%s)
	TMPDIR="$tmp" "$bin" "${opts[@]}" -max_total_time="$seconds" -print_final_stats=1 \
		"$work/corpus" "$committed" "$work/seeds" >"$work/fuzz.log" 2>&1
	rc=$?
	ok $rc "$t: ${seconds}s of fuzzing find nothing"
	echo "# $t: $(figures "$work/fuzz.log"), $(($(date +%s) - start))s wall"
	[ $rc -eq 0 ] || explain "$t" "$work/fuzz.log"
	rm -rf "$tmp"
done
echo "1..$n"
[ $failed -eq 0 ]
