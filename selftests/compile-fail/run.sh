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
# TOOLs: clang-tsa (clang -Wthread-safety, debug kernel), clang (debug
# kernel), gcc (stock kernel), sparse (C=1, stock kernel), each with
# lockwarden compiled in; gcc-out and sparse-out, the same with it compiled
# out. Each case is compiled as an object of a tiny external module with
# the kernel's own kbuild flags and W=1.
#
# Usage: run.sh [CASE.c...]   TAP on stdout; logs in build/compile-fail/.
set -uo pipefail
# The kernel Makefile unexports LC_ALL: LANG too, for ASCII quotes in messages.
export LC_ALL=C LANG=C

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
out="$top/build/compile-fail"
n=0
failed=0

# compile TOOL CASE: compile CASE with TOOL once; the log is $out/TOOL/NAME/log.
compile() {
	local tool=$1 src=$2 name dir kernel flags args=(W=1)

	name=$(basename "$src" .c)
	dir="$out/$tool/$name"
	[ -f "$dir/log" ] && return
	flags="-I$top/include"
	case $tool in
	*-out) ;;
	*) flags+=" -DCONFIG_LOCKWARDEN=1" ;;
	esac
	case $tool in
	clang-tsa) kernel=debug args+=(LLVM=-16) flags+=" -Wthread-safety" ;;
	clang) kernel=debug args+=(LLVM=-16) ;;
	gcc | gcc-out) kernel=stock ;;
	sparse | sparse-out) kernel=stock args+=(C=1) ;;
	*) echo "# $name: unknown tool $tool" >&2; return 1 ;;
	esac
	rm -rf "$dir" && mkdir -p "$dir"
	cp "$src" "$dir/"
	printf 'obj-m := %s.o\nccflags-y := %s\n' "$name" "$flags" >"$dir/Kbuild"
	make -C "$("$top/tools/vm/kdir" "$kernel")" M="$dir" "${args[@]}" "$name.o" \
		>"$dir/log" 2>&1
	echo $? >"$dir/rc"
}

# point STATUS NAME: one TAP test point.
point() {
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n - $2"
	else
		failed=$((failed + 1))
		echo "not ok $n - $2"
	fi
}

rm -rf "$out"
[ $# -gt 0 ] || set -- "$here"/*.c
for src in "$@"; do
	name=$(basename "$src" .c)
	while IFS= read -r line; do
		tool=${line%%: *}
		text=${line#*: }
		if [ "$tool" = clean ]; then
			for tool in $text; do
				compile "$tool" "$src"
				log="$out/$tool/$name/log"
				[ "$(cat "$out/$tool/$name/rc")" -eq 0 ] &&
					! grep -E '(warning|error):' "$log" >&2
				point $? "$name: $tool compiles it with no diagnostic"
			done
			continue
		fi
		compile "$tool" "$src"
		# A diagnostic on a line of this very case, with the notes and
		# source lines printed after it until the next diagnostic.
		awk -v at="/$name.c:" '/(warning|error):/ { on = index($0, at) > 0 } on' \
			"$out/$tool/$name/log" | grep -qF -- "$text"
		point $? "$name: $tool reports \"$text\""
	done < <(sed -n 's/^ \* expect \([a-z-]*: .*\)$/\1/p' "$src")
done
echo "1..$n"
[ "$failed" -eq 0 ] && [ "$n" -gt 0 ]
