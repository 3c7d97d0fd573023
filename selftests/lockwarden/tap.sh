#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# TAP helpers shared by lockwarden's kselftest scripts, sourced by each:
# ok STATUS DESCRIPTION and check DESCRIPTION COMMAND... print one numbered
# test point and count the failures in $failed; not COMMAND... inverts.
# shellcheck shell=sh disable=SC2034

ksft_skip=4	# kselftest's KSFT_SKIP exit status
n=0
failed=0

ok() {
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $n $2"
	else
		echo "not ok $n $2"
		failed=$((failed + 1))
	fi
}

# check DESCRIPTION COMMAND...: a test point that passes when COMMAND does.
check() {
	desc=$1
	shift
	"$@" >/dev/null 2>&1
	ok $? "$desc"
}

not() { ! "$@"; }
