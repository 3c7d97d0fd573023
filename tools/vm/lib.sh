# SPDX-License-Identifier: GPL-2.0
# Shared settings of the tools/vm scripts: cache location and messages.
# shellcheck shell=bash

LW_VM_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck disable=SC2034 # used by the scripts that source this file
LW_TOP=$(cd "$LW_VM_DIR/../.." && pwd)
# Built kernels live outside the repository and survive clean clones.
LW_CACHE=${LOCKWARDEN_CACHE:-/var/cache/lockwarden}

lw_say() { printf 'lockwarden-vm: %s\n' "$*" >&2; }
lw_die() { lw_say "error: $*"; exit 1; }

# lw_need_pkgs PKG...: install the Debian packages that are missing.
lw_need_pkgs() {
	local missing=() p
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
			missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	[ "$(id -u)" -eq 0 ] || lw_die "missing packages (run as root to install): ${missing[*]}"
	lw_say "installing ${missing[*]}"
	if [ ! -e "$LW_CACHE/.apt-updated" ] ||
	   [ -n "$(find "$LW_CACHE/.apt-updated" -mmin +720 2>/dev/null)" ]; then
		apt-get update -q >&2 || lw_die "apt-get update failed"
		mkdir -p "$LW_CACHE" && touch "$LW_CACHE/.apt-updated"
	fi
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
		"${missing[@]}" >&2 || lw_die "apt-get install failed: ${missing[*]}"
}

# lw_promtool: print the path of promtool, unpacked once from Debian's
# prometheus package into $LW_CACHE (the package itself would install and
# start a server); print nothing if it cannot be had.
lw_promtool() {
	local dir="$LW_CACHE/promtool" tmp deb
	if [ ! -x "$dir/promtool" ]; then
		mkdir -p "$LW_CACHE" || return 0
		tmp=$(mktemp -d) || return 0
		if (cd "$tmp" && { apt-get download -q prometheus >/dev/null 2>&1 ||
			{ apt-get update -q >/dev/null 2>&1 &&
			  apt-get download -q prometheus >/dev/null 2>&1; }; }); then
			deb=$(ls "$tmp"/prometheus_*.deb 2>/dev/null | head -n 1)
			if [ -n "$deb" ] && dpkg-deb -x "$deb" "$tmp/x" &&
			   [ -x "$tmp/x/usr/bin/promtool" ]; then
				mkdir -p "$dir" && cp "$tmp/x/usr/bin/promtool" "$dir/"
			fi
		fi
		rm -rf "$tmp"
	fi
	[ -x "$dir/promtool" ] && echo "$dir/promtool"
	return 0
}

# lw_lock NAME: hold an exclusive lock on $LW_CACHE/.NAME.lock (fd 9) until
# the calling script and all its children exit; wait if someone else holds it.
lw_lock() {
	mkdir -p "$LW_CACHE"
	exec 9>"$LW_CACHE/.$1.lock"
	if ! flock -n 9; then
		lw_say "waiting for another $1 to finish"
		flock 9
	fi
}

# lw_kernel_dir stock|debug: prepare the test kernel, print its directory.
lw_kernel_dir() {
	case $1 in
	stock | debug) "$LW_VM_DIR/prepare-$1" ;;
	*) lw_die "unknown kernel '$1' (stock or debug)" ;;
	esac
}
