#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The scripts' static checks: shellcheck on every tracked shell script
# (warnings and errors; each run from the script's folder, where its
# "source=" directives point) and pyflakes on every tracked Python file.
# Prints TAP, a point per file.
#
# Usage: lint.sh [FILE...]   (default: every tracked script)
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=lockwarden/tap.sh
. "$top/selftests/lockwarden/tap.sh"
cd "$top" || exit 1

# lint_kind FILE: "shell" for a .sh file or one whose first line runs sh
# or bash, "python" for a .py file or one run by python, else nothing.
lint_kind() {
	case $1 in
	*.sh) echo shell ;;
	*.py) echo python ;;
	*) head -n 1 "$1" | sed -nE 's/^#!.*[/ ](ba)?sh( .*)?$/shell/p; s/^#!.*python.*/python/p' ;;
	esac
}

if [ $# -gt 0 ]; then
	files=("$@")
else
	mapfile -t files < <(git ls-files)
fi

for f in "${files[@]}"; do
	[ -f "$f" ] || continue
	case $(lint_kind "$f") in
	shell)
		out=$(cd "$(dirname "$f")" && shellcheck -x -S warning -f gcc "$(basename "$f")" 2>&1)
		ok $? "shellcheck: $f" "$out" ;;
	python)
		out=$(pyflakes3 "$f" 2>&1)
		ok $? "pyflakes: $f" "$out" ;;
	esac
done
# No script found is a broken check (not a git checkout?), not a pass.
[ "$n" -gt 0 ] || ok 1 "some script was checked" "none of: ${files[*]:0:5}"
tap_end
