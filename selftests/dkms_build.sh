#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# `dkms build` (not install) of lockwarden with the repository's dkms.conf
# against a test kernel's unpacked headers, as a distribution's DKMS would
# build it. Everything dkms keeps stays in build/dkms/KERNEL/ (its --dkmstree
# and --sourcetree); nothing is installed into the host.
#
# Usage: dkms_build.sh KERNEL   (stock-6.1, stock-6.12, rt-6.12)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=../tools/vm/lib.sh
. "$top/tools/vm/lib.sh"

kernel=$(lw_kernel_name "${1:-}") || lw_die "usage: $0 KERNEL"
! lw_kernel_built "$kernel" || lw_die "$kernel: dkms builds against Debian's kernels"
lw_need_pkgs dkms rsync
hdr=$("$LW_VM_DIR/kdir" "$kernel")
kver=$(sed -n 's/^override KERNELRELEASE = //p' "$hdr/.kernelvariables")
[ -n "$kver" ] || lw_die "$hdr: no KERNELRELEASE"
name=$(sed -n 's/^PACKAGE_NAME="\(.*\)"$/\1/p' "$top/dkms.conf")
version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$top/dkms.conf")
if [ -z "$name" ] || [ -z "$version" ]; then
	lw_die "dkms.conf: no PACKAGE_NAME or PACKAGE_VERSION"
fi

dir="$top/build/dkms/$kernel"
rm -rf "$dir" && mkdir -p "$dir/tree" "$dir/src/$name-$version"
# The source as a release tarball would have it.
git -C "$top" ls-files -z -- dkms.conf Makefile Kbuild module include selftests/lockwarden |
	rsync -a --from0 --files-from=- "$top/" "$dir/src/$name-$version/"
trees=(--dkmstree "$dir/tree" --sourcetree "$dir/src")
dkms add -m "$name" -v "$version" "${trees[@]}"
dkms build -m "$name" -v "$version" -k "$kver" --kernelsourcedir "$hdr" "${trees[@]}" |
	tee "$dir/dkms.out"
# dkms reports a failed CLEAN and goes on.
! grep -q 'bad exit status' "$dir/dkms.out" || lw_die "a dkms step failed (above)"
ko=$(find "$dir/tree/$name/$version/$kver" -name "$name.ko*" | head -n 1)
[ -n "$ko" ] || lw_die "dkms built no $name.ko"
[ "$(modinfo -F vermagic "$ko" | cut -d' ' -f1)" = "$kver" ] ||
	lw_die "$ko: not built for $kver"
echo "dkms built $ko for $kver"
