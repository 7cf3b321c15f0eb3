#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mkinitramfs.sh OUT MODULES OURS GUEST VBT_DIR
#
# Builds the test VM's initramfs (gzip'd newc cpio) at OUT: a static
# busybox, tests/vm/init as /init, the VFIO modules of Debian's kernel
# (from the unpacked MODULES tree, decompressed for busybox insmod), our
# three modules from the directory OURS (a build of the project with the
# simulated platform), the static guest program GUEST and the real VBT
# blobs of VBT_DIR. Exits non-zero naming what is missing.
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

for m in virt/lib/irqbypass drivers/vfio/vfio drivers/vfio/vfio_iommu_type1 \
	 drivers/vfio/pci/vfio-pci-core; do
	src=$modules/kernel/$m.ko.xz
	[ -f "$src" ] || die "missing $src"
	xz -dc "$src" >"$stage/lib/modules/${m##*/}.ko"
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
