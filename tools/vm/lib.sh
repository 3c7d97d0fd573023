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

# lw_apt_locked COMMAND...: run COMMAND (an apt-get) holding our apt lock,
# one at a time: make check prepares its kernels in a lane of their own
# beside tiers that install what they need, and apt-get fails at once on a
# lock another apt-get holds.
lw_apt_locked() {
	mkdir -p "$LW_CACHE" && flock "$LW_CACHE/.apt.lock" "$@"
}

# lw_need_pkgs PKG...: install the Debian packages that are missing.
# One dpkg-query for them all (each reads dpkg's whole database: tens of
# milliseconds), and none for a package this process or one of its
# parents found installed already (LW_PKGS_HAVE, exported): make check
# boots a hundred VMs, whose scripts ask for the same packages each time.
lw_need_pkgs() {
	local want=() missing=() p abbrev
	local -A ok=()

	for p in "$@"; do
		[[ " ${LW_PKGS_HAVE:-} " == *" $p "* ]] || want+=("$p")
	done
	[ ${#want[@]} -eq 0 ] && return 0
	while read -r p abbrev; do
		[ "$abbrev" != ii ] || ok[$p]=1
	done < <(dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' "${want[@]}" 2>/dev/null)
	for p in "${want[@]}"; do
		[ -n "${ok[$p]:-}" ] || missing+=("$p")
	done
	if [ ${#missing[@]} -eq 0 ]; then
		export LW_PKGS_HAVE="${LW_PKGS_HAVE:-} ${want[*]}"
		return 0
	fi
	[ "$(id -u)" -eq 0 ] || lw_die "missing packages (run as root to install): ${missing[*]}"
	lw_say "installing ${missing[*]}"
	if [ ! -e "$LW_CACHE/.apt-updated" ] ||
	   [ -n "$(find "$LW_CACHE/.apt-updated" -mmin +720 2>/dev/null)" ]; then
		lw_apt_locked apt-get update -q >&2 || lw_die "apt-get update failed"
		touch "$LW_CACHE/.apt-updated"
	fi
	DEBIAN_FRONTEND=noninteractive lw_apt_locked apt-get install -y -q --no-install-recommends \
		"${missing[@]}" >&2 || lw_die "apt-get install failed: ${missing[*]}"
	export LW_PKGS_HAVE="${LW_PKGS_HAVE:-} ${want[*]}"
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

# lw_cache_prune PREFIX KEEP: mark cache entry KEEP used now, and remove
# every other entry $LW_CACHE/PREFIX* (a kernel tree of another key or
# version), with its log, that no run has used for LW_CACHE_KEEP_DAYS days
# (default 7): a tree of another branch's configuration stays while that
# branch is worked on. An entry's use is its .lockwarden-used stamp, or
# when there is none (made before the stamps) the time it was made. The
# caller holds the lock that serialises the making of PREFIX's entries
# (prepare-NAME), and every run prepares the kernels it boots (a tree in
# use is stamped at the run's start).
lw_cache_prune() {
	local prefix=$1 keep=$2 days=${LW_CACHE_KEEP_DAYS:-7} now e used

	[ ! -d "$keep" ] || touch "$keep/.lockwarden-used" || :
	now=$(date +%s)
	for e in "$LW_CACHE/$prefix"*; do
		if [ "$e" = "$keep" ] || [ ! -e "$e" ]; then
			continue
		fi
		case $e in *.log) continue ;; esac
		used=$(stat -c %Y "$e/.lockwarden-used" 2>/dev/null || stat -c %Y "$e") || continue
		[ $((now - used)) -gt $((days * 86400)) ] || continue
		lw_say "removing ${e##*/} from the cache: unused for over $days days"
		rm -rf "$e" "$e.log" || :
	done
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

# The test kernels, by name. stock and debug stay as the 6.1 ones.
# shellcheck disable=SC2034 # used by the scripts that source this file
LW_KERNELS="stock-6.1 debug-6.1 stock-6.12 debug-6.12 rt-6.12 kasan-6.12 debug-rt-6.12 stock-sid rt-sid"
# The clang that builds the clang kernels (lw_kernel_clang) and their modules.
LW_LLVM=-16

# lw_kernel_name NAME: print the canonical name of test kernel NAME (stock
# is stock-6.1, debug is debug-6.1); fail, printing nothing, if unknown.
lw_kernel_name() {
	case $1 in
	stock | debug) echo "$1-6.1" ;;
	*)
		case " $LW_KERNELS " in
		*" $1 "*) echo "$1" ;;
		*) return 1 ;;
		esac
		;;
	esac
}

# lw_kernel_built NAME: true for the kernels built here from linux-source
# (debug-*, kasan-*), false for Debian's images (stock-*, rt-*).
lw_kernel_built() {
	case $1 in
	debug* | kasan-*) return 0 ;;
	*) return 1 ;;
	esac
}

# lw_kernel_clang NAME: true for the kernels built with clang$LW_LLVM:
# debug-6.12, whose kCFI traps an indirect call through a mismatched
# prototype and whose modules get clang's W=1 and -Wthread-safety, and
# kasan-6.12 (built with gcc it does not boot through PVH). debug-6.1 and
# debug-rt-6.12 use gcc, as Debian builds its kernels: their KUnit runs
# see the code gcc makes of a driver (Documentation/testing.rst).
lw_kernel_clang() {
	case $1 in
	debug-6.12 | kasan-6.12) return 0 ;;
	*) return 1 ;;
	esac
}

# lw_kernel_make_args NAME: the make arguments out-of-tree modules for
# kernel NAME need (the compiler the kernel was built with), one a line.
# Debian unstable's kernels (stock-sid, rt-sid) have their compiler and
# pahole run in a root of unstable (prepare-stock, sid-exec), which sees
# this repository too.
lw_kernel_make_args() {
	local dir

	if [[ $1 == *-sid ]]; then
		dir=$(lw_kernel_dir "$1") || return 1
		echo "CC=$dir/bin/sid-exec $(cat "$dir/cc")"
		echo "PAHOLE=$dir/bin/sid-exec pahole"
		echo "LW_SID_BINDS=$LW_TOP"
		return 0
	fi
	! lw_kernel_clang "$1" || echo "LLVM=$LW_LLVM"
}

# lw_kernel_dir NAME: prepare test kernel NAME, print its cache directory.
# It holds vmlinux (booted through PVH); for Debian's kernels also vmlinuz
# and a `build` link to the headers, for the built ones the O= tree. A
# directory that lw_kernel_keep put in the environment is printed as it
# is, without asking the preparing script again.
lw_kernel_dir() {
	local name var

	name=$(lw_kernel_name "$1") || lw_die "unknown kernel '$1' (one of: stock debug $LW_KERNELS)"
	var=LW_KDIR_${name//[.-]/_}
	if [ -n "${!var:-}" ] && [ -f "${!var}/.lockwarden-ready" ]; then
		echo "${!var}"
	elif lw_kernel_built "$name"; then
		"$LW_VM_DIR/prepare-debug" "$name"
	else
		"$LW_VM_DIR/prepare-stock" "$name"
	fi
}

# lw_kernel_keep NAME: prepare test kernel NAME and export its directory
# (LW_KDIR_<NAME>) to this shell's later children. make check boots each
# kernel dozens of times; preparing asks dpkg, apt's lists and the
# compiler each time (a second or more of CPU a boot).
lw_kernel_keep() {
	local name dir

	name=$(lw_kernel_name "$1") || return 1
	dir=$(lw_kernel_dir "$name") || return 1
	export "LW_KDIR_${name//[.-]/_}=$dir"
}
