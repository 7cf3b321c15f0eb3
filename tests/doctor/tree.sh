# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# tests/doctor/tree.sh - builders of the fake host trees opregionctl doctor
# reads with --root DIR (sourced by tests/tiers/doctor). Each writes what
# a real host has at that path, nothing the tool printed:
#
#   mkpci R ADDR VENDOR DEVICE CLASS ASLS [CFGLEN]
#       /sys/bus/pci/devices/ADDR: vendor, device, class as sysfs prints
#       them, and config: CFGLEN bytes (default 256) with the IDs, the
#       class code and ASLS at 0xFC
#   bind R ADDR DRIVER      the device's driver symlink
#   mkkernel R RELEASE      /proc/sys/kernel/osrelease
#   mkqemu R VERSION yes|no DIR/usr/bin/qemu-system-x86_64, a script that
#       answers --version and -device vfio-pci,help (with or without
#       x-igd-opregion-live) as QEMU does
#   mkdpkg R PKG VERSION    a dpkg status stanza, installed
#   mkpve R VMID LINE...    /etc/pve/qemu-server/VMID.conf
#   mkiomem R LINE...       /proc/iomem, "START-END : NAME" lines
#   mkdebugfs R DIR ADDR OPFILE VBTFILE
#       /sys/kernel/debug/dri/DIR with name, i915_opregion, i915_vbt
#   mkfw R LAYOUT VBT ASLS [EXTPA]
#       the layout's OpRegion image in R/dev/mem (tests/doctor/mkfw.c)
#
# MKFW must name the built helper.

# le VALUE N: VALUE as N little-endian bytes
le() {
	local v=$1 n=$2 i h

	for ((i = 0; i < n; i++)); do
		printf -v h '%02x' $(((v >> (8 * i)) & 0xff))
		printf '%b' "\\x$h"
	done
}

# put FILE VALUE N OFFSET: store VALUE as N little-endian bytes at OFFSET
put() {
	le "$2" "$3" | dd of="$1" bs=1 seek=$(($4)) conv=notrunc status=none
}

mkpci() {
	local r=$1 addr=$2 ven=$3 dev=$4 cls=$5 asls=$6 len=${7:-256}
	local d=$r/sys/bus/pci/devices/$addr

	mkdir -p "$d"
	printf '0x%04x\n' $((ven)) >"$d/vendor"
	printf '0x%04x\n' $((dev)) >"$d/device"
	printf '0x%06x\n' $((cls)) >"$d/class"
	dd if=/dev/zero of="$d/config" bs=256 count=1 status=none
	put "$d/config" "$ven" 2 0
	put "$d/config" "$dev" 2 2
	put "$d/config" $((cls << 8)) 4 8
	put "$d/config" "$asls" 4 0xfc
	truncate -s "$len" "$d/config"
}

bind() {
	ln -sfn "../../../../bus/pci/drivers/$3" "$1/sys/bus/pci/devices/$2/driver"
}

mkkernel() {
	mkdir -p "$1/proc/sys/kernel"
	printf '%s\n' "$2" >"$1/proc/sys/kernel/osrelease"
}

# The script's text is single-quoted on purpose:
# shellcheck disable=SC2016
mkqemu() {
	local r=$1 ver=$2 live=$3 f=$1/usr/bin/qemu-system-x86_64

	mkdir -p "$r/usr/bin"
	{
		echo '#!/bin/sh'
		echo 'case "$1" in'
		echo '--version)'
		echo "	echo 'QEMU emulator version $ver (Debian 1:$ver+ds-1)'"
		echo "	echo 'Copyright (c) 2003-2025 Fabrice Bellard and the QEMU Project developers'"
		echo '	exit 0 ;;'
		echo '-device)'
		echo '	[ "$2" = vfio-pci,help ] || exit 1'
		echo "	echo 'vfio-pci options:'"
		echo "	echo '  host=<str>'"
		echo "	echo '  x-igd-gms=<uint32>     -  (default: 0)'"
		echo "	echo '  x-igd-opregion=<bool>  -  (default: false)'"
		[ "$live" = yes ] &&
			echo "	echo '  x-igd-opregion-live=<OnOffAuto> - on/off/auto (default: \"auto\")'"
		echo "	echo '  x-no-mmap=<bool>       -  (default: false)'"
		echo '	exit 0 ;;'
		echo 'esac'
		echo 'exit 1'
	} >"$f"
	chmod 755 "$f"
}

mkdpkg() {
	mkdir -p "$1/var/lib/dpkg"
	printf 'Package: %s\nStatus: install ok installed\nPriority: optional\nVersion: %s\nDescription: test\n\n' \
		"$2" "$3" >>"$1/var/lib/dpkg/status"
}

mkpve() {
	local r=$1 vmid=$2

	shift 2
	mkdir -p "$r/etc/pve/qemu-server"
	printf '%s\n' "$@" >"$r/etc/pve/qemu-server/$vmid.conf"
}

mkiomem() {
	local r=$1

	shift
	mkdir -p "$r/proc"
	printf '%s\n' "$@" >"$r/proc/iomem"
}

mkdebugfs() {
	local addr=$3 d=$1/sys/kernel/debug/dri/$2

	mkdir -p "$d"
	printf 'i915 dev=%s unique=%s\n' "$addr" "$addr" >"$d/name"
	cp "$4" "$d/i915_opregion"
	cp "$5" "$d/i915_vbt"
}

mkfw() {
	mkdir -p "$1/dev"
	"$MKFW" "$2" "$3" "$1/dev/mem" "${@:4}"
}
