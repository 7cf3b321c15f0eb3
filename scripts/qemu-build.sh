#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# qemu-build.sh [--apply-only] [VERSION]   (default: 10.2.2)
#
# Builds a minimal qemu-system-x86_64 (q35, vfio-pci, IGD quirks, TCG and
# qtest, log trace backend) from Debian's QEMU source with the project's
# live-OpRegion series applied, for the qemu test tier and the demo.
#   1. apt-get source qemu=<Debian version> into $IGD_CACHE/qemu/src (the
#      deb-src lines come from scripts/apt/igd-opregion.sources, installed
#      by scripts/provision.sh qemu);
#   2. unpacks it once into a git tree, $IGD_CACHE/qemu/tree-VERSION, whose
#      first commit is Debian's source with Debian's patches;
#   3. resets that tree to the first commit and applies vmm/qemu/VERSION/*.patch
#      in the order of vmm/qemu/VERSION/series with git am, only when the
#      series changed (git keeps the times of untouched files, so ninja
#      rebuilds only what the series touches);
#   4. configures (once) and builds with ninja in $IGD_CACHE/qemu/build-VERSION,
#      compiling through ccache ($IGD_CACHE/ccache).
# --apply-only stops after step 3 (the series applies: that is all).
# Prints the path of the binary (or of the tree) on its last line. Exit 1
# naming what failed.
set -euo pipefail

prog=qemu-build.sh
die() { echo "$prog: error: $*" >&2; exit 1; }
note() { echo "$prog: $*" >&2; }

here=$(cd "$(dirname "$0")/.." && pwd)
apply_only=0
if [[ ${1:-} == --apply-only ]]; then
	apply_only=1
	shift
fi
ver=${1:-10.2.2}
case $ver in
10.2.2) debver=1:10.2.2+ds-1 ;;
10.0.13) debver=1:10.0.13+ds-0+deb13u1 ;;
*) die "unknown QEMU version '$ver' (10.2.2 or 10.0.13)" ;;
esac
IGD_CACHE=${IGD_CACHE:-$HOME/.cache/igd-opregion}
series_dir=$here/vmm/qemu/$ver
[[ -f $series_dir/series ]] || die "no series file in $series_dir"
src=$IGD_CACHE/qemu/src
tree=$IGD_CACHE/qemu/tree-$ver
build=$IGD_CACHE/qemu/build-$ver
export CCACHE_DIR=${CCACHE_DIR:-$IGD_CACHE/ccache}
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-5G}

for t in meson ninja ccache git dpkg-source; do
	command -v "$t" >/dev/null || die "'$t' not found: run scripts/provision.sh qemu"
done

# 1. The Debian source package.
dsc=$src/qemu_${debver#1:}.dsc
if [[ ! -f $dsc ]]; then
	mkdir -p "$src"
	note "apt-get source qemu=$debver"
	(cd "$src" && apt-get source -q --download-only "qemu=$debver" >&2) ||
		die "apt-get source qemu=$debver failed (deb-src lines: scripts/provision.sh qemu)"
fi

# 2. A git tree of it, made once.
if [[ ! -f $tree/.igd-base ]]; then
	rm -rf "$tree" "$tree.tmp"
	note "unpacking $dsc"
	dpkg-source -x "$dsc" "$tree.tmp" >/dev/null ||
		die "dpkg-source -x $dsc failed"
	(cd "$tree.tmp" && git init -q && git add -A -f &&
		git -c user.name=igd -c user.email=igd@localhost commit -q \
			-m "Debian qemu $debver" && git tag igd-base) ||
		die "could not make a git tree of $dsc"
	echo "$debver" >"$tree.tmp/.git/igd-base"
	touch "$tree.tmp/.igd-base"
	mv "$tree.tmp" "$tree"
fi

# 3. The series, applied only when it changed.
want=$(cd "$series_dir" && cat series $(grep -v '^#' series) | sha256sum | cut -c1-16)
if [[ "$(cat "$tree/.igd-series" 2>/dev/null)" != "$want" ]]; then
	note "applying vmm/qemu/$ver/series"
	(cd "$tree" && { git am --abort >/dev/null 2>&1 || true; } &&
		git checkout -q -f igd-base && git clean -q -fdx -e .igd-base -e igd-test.mak) ||
		die "could not reset $tree"
	while read -r p; do
		[[ -z $p || $p == \#* ]] && continue
		(cd "$tree" && git -c user.name=igd -c user.email=igd@localhost \
			am -q --committer-date-is-author-date "$series_dir/$p") ||
			die "$p does not apply to qemu $debver"
	done <"$series_dir/series"
	echo "$want" >"$tree/.igd-series"
fi

if ((apply_only)); then
	echo "$tree"
	exit 0
fi

# 4. Configure once, build. configure takes a device list by its name in
# configs/devices/x86_64-softmmu/.
mak=$tree/configs/devices/x86_64-softmmu/igd-test.mak
cmp -s "$here/vmm/qemu/igd-test-devices.mak" "$mak" ||
	cp "$here/vmm/qemu/igd-test-devices.mak" "$mak"
if [[ ! -f $build/build.ninja ]]; then
	rm -rf "$build"
	mkdir -p "$build"
	note "configuring in $build"
	(cd "$build" && "$tree/configure" --python=/usr/bin/python3 --cc="ccache gcc" --cxx="ccache g++" \
		--target-list=x86_64-softmmu --without-default-features \
		--without-default-devices \
		--with-devices-x86_64=igd-test \
		--enable-tcg --enable-kvm --enable-trace-backends=log \
		--disable-docs --disable-tools --disable-guest-agent \
		--disable-install-blobs --disable-download --disable-werror >&2) ||
		die "configure failed (log: $build/meson-logs/meson-log.txt)"
fi
note "building (ninja -C $build qemu-system-x86_64)"
ninja -C "$build" qemu-system-x86_64 >&2 || die "the QEMU build failed"
echo "$build/qemu-system-x86_64"
