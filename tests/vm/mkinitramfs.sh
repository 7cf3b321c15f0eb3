#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mkinitramfs.sh OUT MODULES OURS GUEST VBT_DIR
#
# Builds the test VM's initramfs (gzip'd newc cpio) at OUT: a static
# busybox, tests/vm/init as /init, the kernel's VFIO modules (from the
# unpacked MODULES tree, decompressed for busybox insmod), our two modules
# from the directory OURS (a build of the project with the simulated
# platform), the static guest program GUEST and the real VBT
# blobs of VBT_DIR. Exits non-zero naming what is missing.
#
# The kernel's modules are vfio_iommu_type1 and vfio-pci-core with what
# modules.dep says they need (vfio, irqbypass; vfio_virqfd on 6.1), in
# load order in /lib/modules/load.list, which /init reads; modules built
# into the kernel are left out. They come as .ko (6.1, the 7.2 build) or
# .ko.xz (6.12).
#
# With GUEST_FAULTS set (the VM tier), also that program as
# /bin/guest_faults: kmemleak and fault injection (tests/vm/guest_faults.c).
#
# With QEMU_BIN and QTEST_CLIENT set (the qemu tier and the demo), also a
# stripped copy of that qemu-system-x86_64 with the shared libraries it
# links (found by ldd), qboot.rom as its firmware, and the qtest client
# tests/qemu/qtest_igd as /bin/qtest_igd.
set -euo pipefail

[ $# -eq 5 ] || { echo "usage: $0 OUT MODULES OURS GUEST VBT_DIR" >&2; exit 2; }
out=$1 modules=$2 ours=$3 guest=$4 vbt_dir=$5
here=$(dirname "$0")

die() { echo "mkinitramfs: $*" >&2; exit 1; }

busybox=$(command -v busybox) || die "busybox not found (package busybox-static)"
# A dynamic busybox would need its libraries in the initramfs.
if LC_ALL=C readelf -l "$busybox" | grep -q 'program interpreter'; then
	die "$busybox is dynamically linked (install busybox-static)"
fi

stage=$(mktemp -d "${out%/*}/.initramfs.XXXXXX")
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage"/{bin,dev,proc,sys,tmp,lib/modules,vbt}
cp "$busybox" "$stage/bin/busybox"
cp "$here/init" "$stage/init"
chmod 755 "$stage/init"
cp "$guest" "$stage/bin/guest_i915"
if [ -n "${GUEST_FAULTS:-}" ]; then
	cp "$GUEST_FAULTS" "$stage/bin/guest_faults" || die "cannot copy $GUEST_FAULTS"
fi

dep=$modules/modules.dep
[ -f "$dep" ] || die "missing $dep (run depmod)"
add_module() { # PATH relative to $modules, as modules.dep names it
	local name=${1##*/}
	name=${name%%.ko*}
	grep -qxF "$name" "$stage/lib/modules/load.list" 2>/dev/null && return 0
	case $1 in
	*.ko) cp "$modules/$1" "$stage/lib/modules/$name.ko" ;;
	*.ko.xz) xz -dc "$modules/$1" >"$stage/lib/modules/$name.ko" ;;
	*.ko.zst) zstd -qdc "$modules/$1" >"$stage/lib/modules/$name.ko" ;;
	*) die "unknown module file $1" ;;
	esac || die "cannot copy $modules/$1"
	echo "$name" >>"$stage/lib/modules/load.list"
}
for m in vfio_iommu_type1 vfio-pci-core; do
	line=$(grep -E "(^|/)$m\.ko(\.xz|\.zst)?:" "$dep") || {
		grep -qE "(^|/)$m\.ko\$" "$modules/modules.builtin" 2>/dev/null && continue
		die "$m is neither in $dep nor built in"
	}
	# modules.dep lists a module's dependencies last-needed first.
	for d in $(echo "${line#*:}" | tr ' ' '\n' | tac) "${line%%:*}"; do
		add_module "$d"
	done
done
for m in igd-vfio-pci igd-opregion-sim; do
	[ -f "$ours/$m.ko" ] || die "missing $ours/$m.ko"
	cp "$ours/$m.ko" "$stage/lib/modules/${m##*/}.ko"
done

if [ -n "${QEMU_BIN:-}" ]; then
	[ -x "$QEMU_BIN" ] || die "QEMU_BIN=$QEMU_BIN is not executable"
	[ -x "${QTEST_CLIENT:-}" ] || die "QTEST_CLIENT='${QTEST_CLIENT:-}' is not executable"
	[ -f /usr/share/qemu/qboot.rom ] || die "no /usr/share/qemu/qboot.rom (package qemu-system-data)"
	mkdir -p "$stage/qemu"
	strip -o "$stage/bin/qemu-system-x86_64" "$QEMU_BIN"
	cp /usr/share/qemu/qboot.rom "$stage/qemu/"
	cp "$QTEST_CLIENT" "$stage/bin/qtest_igd"
	# The dynamic loader and every library, at the paths ldd names.
	for lib in $(ldd "$QEMU_BIN" | grep -oE '/[^ ]+\.so[^ ]*'); do
		mkdir -p "$stage$(dirname "$lib")"
		cp -L "$lib" "$stage$lib"
	done
fi

n=0
for f in "$vbt_dir"/*.vbt; do
	[ -f "$f" ] || continue
	cp "$f" "$stage/vbt/"
	n=$((n + 1))
done
[ "$n" -ge 1 ] || die "no VBT blobs in $vbt_dir"

(cd "$stage" && find . -print0 | LC_ALL=C sort -z |
	cpio --null -o -H newc --owner=0:0 --quiet) | gzip -1 >"$out.tmp"
mv "$out.tmp" "$out"
echo "mkinitramfs: $out ($(du -k "$out" | cut -f1) KiB, $n VBT blobs)"
