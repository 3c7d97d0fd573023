#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The compile-fail suite: each case here must draw its expected diagnostic
# from the named checker, and correct.c must draw none from any.
#
# A case names what it expects in its header comment:
#   " * expect TOOL: TEXT"   TOOL must print TEXT in a diagnostic on the case:
#                            a warning or error on a line of it, or a note
#                            of one (GCC names an argument's type there)
#   " * expect clean: TOOL..." each TOOL must compile it with no diagnostic
# TOOLs: clang-tsa (clang -Wthread-safety, debug-6.12, a kernel built with
# clang), clang (debug-6.12), gcc (stock kernel), sparse (C=1, stock
# kernel), each with lockwarden compiled in; gcc-out and sparse-out, the
# same with it compiled out. Each case is compiled as an object of a tiny
# external module with the kernel's own kbuild flags and W=1, one module
# and one kbuild run per tool for all the cases that name it (a kbuild run
# costs some 4 CPU seconds before it compiles anything).
#
# Usage: run.sh [CASE.c...]   TAP on stdout; logs in build/compile-fail/.
set -uo pipefail
# The kernel Makefile unexports LC_ALL: LANG too, for ASCII quotes in messages.
export LC_ALL=C LANG=C

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
out="$top/build/compile-fail"
# shellcheck source-path=SCRIPTDIR source=../lockwarden/tap.sh
. "$top/selftests/lockwarden/tap.sh"

# build TOOL CASE...: compile the CASEs with TOOL, each an object of one
# tiny external module: one kbuild run for them all (-k: on past a case
# that fails, one at a time, so that the output is in order). The log of
# each case is $out/TOOL/NAME/log: the lines from kbuild's "CC" (or
# sparse's "CHECK") line of that case up to the next case's; its status
# in .../rc is 0 when its object was made.
build() {
	local tool=$1 dir=$out/$1 kernel flags args=(W=1) src name objs=()

	shift
	flags="-I$top/include"
	case $tool in
	*-out) ;;
	*) flags+=" -DCONFIG_LOCKWARDEN=1" ;;
	esac
	case $tool in
	clang-tsa) kernel=debug-6.12 args+=(LLVM=-16) flags+=" -Wthread-safety" ;;
	clang) kernel=debug-6.12 args+=(LLVM=-16) ;;
	gcc | gcc-out) kernel=stock ;;
	sparse | sparse-out) kernel=stock args+=(C=1) ;;
	*) echo "# unknown tool $tool" >&2; return 1 ;;
	esac
	rm -rf "$dir" && mkdir -p "$dir"
	for src in "$@"; do
		name=$(basename "$src" .c)
		cp "$src" "$dir/"
		mkdir -p "$dir/$name"
		objs+=("$name.o")
	done
	printf 'obj-m := %s\nccflags-y := %s\n' "${objs[*]}" "$flags" >"$dir/Kbuild"
	make -C "$("$top/tools/vm/kdir" "$kernel")" M="$dir" "${args[@]}" -k -j1 \
		"${objs[@]}" >"$dir/log" 2>&1
	awk -v dir="$dir" '
		match($0, /^  (CC \[M\]|CHECK) +.*\/[A-Za-z0-9_]+\.[co]$/) {
			n = $NF; sub(/.*\//, "", n); sub(/\.[co]$/, "", n)
			if (n != cur) { if (cur != "") close(f); cur = n; f = dir "/" n "/log" }
		}
		cur != "" { print > f }' "$dir/log"
	for src in "$@"; do
		name=$(basename "$src" .c)
		touch "$dir/$name/log"
		[ -f "$dir/$name.o" ]
		echo $? >"$dir/$name/rc"
	done
}

rm -rf "$out"
[ $# -gt 0 ] || set -- "$here"/*.c
# expects CASE: the "TOOL: TEXT" lines of CASE's header.
expects() { sed -n 's/^ \* expect \([a-z-]*: .*\)$/\1/p' "$1"; }
# Each tool compiles the cases that name it, in one kbuild run.
declare -A cases=()
for src in "$@"; do
	while IFS= read -r line; do
		tool=${line%%: *}
		[ "$tool" = clean ] && tools=${line#*: } || tools=$tool
		for tool in $tools; do
			[[ " ${cases[$tool]:-} " == *" $src "* ]] || cases[$tool]+=" $src"
		done
	done < <(expects "$src")
done
for tool in "${!cases[@]}"; do
	# shellcheck disable=SC2086 # the list of cases, paths without spaces
	build "$tool" ${cases[$tool]}
done

for src in "$@"; do
	name=$(basename "$src" .c)
	while IFS= read -r line; do
		tool=${line%%: *}
		text=${line#*: }
		if [ "$tool" = clean ]; then
			for tool in $text; do
				log="$out/$tool/$name/log"
				[ "$(cat "$out/$tool/$name/rc")" -eq 0 ] &&
					! grep -E '(warning|error):' "$log" >&2
				ok $? "$name: $tool compiles it with no diagnostic"
			done
			continue
		fi
		# A diagnostic on a line of this very case, with the notes and
		# source lines printed after it until the next diagnostic.
		awk -v at="/$name.c:" '/(warning|error):/ { on = index($0, at) > 0 } on' \
			"$out/$tool/$name/log" | grep -qF -- "$text"
		ok $? "$name: $tool reports \"$text\""
	done < <(expects "$src")
done
tap_end && [ "$n" -gt 0 ]
