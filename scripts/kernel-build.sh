#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kernel-build.sh [VERSION]      (default, and the only one known: 7.2)
#
# Builds Linux VERSION from Debian sid's linux-source-VERSION with this
# machine's gcc and a minimal configuration (Debian's own 7.2 headers were
# built with gcc-16, which Debian 12 cannot install; gcc 12 rejects their
# flags), and points $IGD_CACHE/kernel/VERSION/{kdir,vmlinuz,modules} at
# the result, as scripts/provision.sh does for Debian's 6.1 and 6.12:
#   1. the newest linux-source-VERSION .deb in sid, fetched with apt-get
#      download through a private apt configuration: the sources of
#      scripts/apt/sid-kernel.sources and package lists of its own in
#      $IGD_CACHE/apt-sid. The host's apt never sees sid;
#   2. its tarball unpacked once into $IGD_CACHE/linux-VERSION/linux-source-VERSION;
#   3. allnoconfig with scripts/kernel/VERSION.config as KCONFIG_ALLCONFIG
#      in $IGD_CACHE/linux-VERSION/build; every line of the fragment must
#      be in the resulting .config, or the script fails naming it;
#   4. make through ccache ($IGD_CACHE/ccache), then modules_install (and
#      so depmod) into $IGD_CACHE/linux-VERSION/modroot.
# The build folder is the kdir out-of-tree modules are built against
# (make -C kdir M=...). A finished build is kept: while the source version
# and the fragment are unchanged the script fetches and builds nothing.
# IGD_KERNEL_REFRESH=1 looks for a newer linux-source-VERSION in sid first.
# Prints what it did and how long it took; exit 1 naming what failed.
set -euo pipefail

prog=kernel-build.sh
die() { echo "$prog: error: $*" >&2; exit 1; }
note() { echo "$prog: $*" >&2; }

here=$(cd "$(dirname "$0")" && pwd)
ver=${1:-7.2}
[[ $ver == 7.2 ]] || die "unknown kernel '$ver' (only 7.2 is built from source)"
fragment=$here/kernel/$ver.config
[[ -f $fragment ]] || die "no configuration fragment $fragment"
IGD_CACHE=${IGD_CACHE:-$HOME/.cache/igd-opregion}
top=$IGD_CACHE/linux-$ver
src=$top/linux-source-$ver
build=$top/build
modroot=$top/modroot
links=$IGD_CACHE/kernel/$ver
pkg=linux-source-$ver
export CCACHE_DIR=${CCACHE_DIR:-$IGD_CACHE/ccache}
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-5G}

for t in apt-get dpkg-deb ccache gcc make flex bison bc depmod xz; do
	command -v "$t" >/dev/null || die "'$t' not found: run scripts/provision.sh kunit"
done
mkdir -p "$top" "$IGD_CACHE/kernel"
exec {lock_fd}>"$top/.lock"
flock "$lock_fd"

# ---- 1. linux-source-VERSION from sid, by a private apt ---------------------
aptdir=$IGD_CACHE/apt-sid
apt_opts=(-o "Dir::Etc::SourceList=/dev/null"
	-o "Dir::Etc::SourceParts=$aptdir/sources.list.d"
	-o "Dir::Etc::Preferences=/dev/null"
	-o "Dir::Etc::PreferencesParts=/dev/null"
	-o "Dir::State::Lists=$aptdir/lists"
	-o "Dir::Cache=$aptdir/cache"
	-o "Acquire::Languages=none" -q)
((EUID == 0)) && apt_opts+=(-o APT::Sandbox::User=root)
sid_update() {
	mkdir -p "$aptdir/sources.list.d" "$aptdir/lists/partial" \
		"$aptdir/cache/archives/partial"
	cp "$here/apt/sid-kernel.sources" "$aptdir/sources.list.d/"
	note "apt-get update (sid, private lists in $aptdir)"
	apt-get "${apt_opts[@]}" update >&2 || die "apt-get update of sid's lists failed"
}
sid_version() {
	apt-cache "${apt_opts[@]}" show --no-all-versions "$pkg" 2>/dev/null |
		sed -n 's/^Version: //p'
}

stamp_want() { # the build's identity: source version and fragment
	echo "$1 $(sha256sum <"$fragment" | cut -c1-16)"
}

have=$(cat "$src/.igd-version" 2>/dev/null || true)
if [[ -n $have && -z ${IGD_KERNEL_REFRESH:-} &&
	"$(cat "$build/.igd-built" 2>/dev/null)" == "$(stamp_want "$have")" ]]; then
	note "$pkg $have: already built in $build"
	debver=$have
	fresh=0
else
	t0=$(date +%s)
	debver=
	if [[ -z ${IGD_KERNEL_REFRESH:-} && -d $aptdir/lists ]]; then
		debver=$(sid_version)
	fi
	if [[ -z $debver ]]; then
		sid_update
		debver=$(sid_version)
	fi
	[[ -n $debver ]] || die "sid offers no $pkg (sid moved on to a newer kernel?)"
	if [[ $have != "$debver" ]]; then
		deb=$top/${pkg}_${debver}_all.deb
		if [[ ! -f $deb ]]; then
			rm -f "$top/${pkg}"_*_all.deb
			if ! (cd "$top" && apt-get "${apt_opts[@]}" download "$pkg=$debver" >&2); then
				# The lists may name a version the archive already dropped.
				sid_update
				debver=$(sid_version)
				deb=$top/${pkg}_${debver}_all.deb
				(cd "$top" && apt-get "${apt_opts[@]}" download "$pkg=$debver" >&2) ||
					die "apt-get download $pkg=$debver failed"
			fi
		fi
		# ---- 2. unpacked once; --touch: a new version rebuilds (via ccache)
		note "unpacking $deb"
		rm -rf "$src" "$src.tmp"
		mkdir -p "$src.tmp"
		dpkg-deb --fsys-tarfile "$deb" | tar -xO "./usr/src/$pkg.tar.xz" |
			tar --touch -xJf - -C "$src.tmp" ||
			die "could not unpack /usr/src/$pkg.tar.xz from $deb"
		[[ -f $src.tmp/$pkg/Makefile ]] || die "$deb has no $pkg/Makefile"
		mv "$src.tmp/$pkg" "$src"
		rmdir "$src.tmp"
		echo "$debver" >"$src/.igd-version"
		rm -rf "$build" "$modroot"
	fi
	fresh=1
	note "$pkg $debver: source ready in $(($(date +%s) - t0)) s"
fi

# ---- 3. configuration, 4. build ---------------------------------------------
kmake() {
	make -C "$src" O="$build" ARCH=x86_64 CC="ccache gcc" \
		KBUILD_BUILD_TIMESTAMP="$debver" KBUILD_BUILD_USER=igd \
		KBUILD_BUILD_HOST=igd-opregion "$@"
}
if ((fresh)); then
	t0=$(date +%s)
	mkdir -p "$build"
	rm -f "$build/.igd-built"
	KCONFIG_ALLCONFIG=$fragment kmake -s allnoconfig >&2 ||
		die "make allnoconfig with $fragment failed"
	missing=$(grep -E '^(CONFIG_|# CONFIG_.* is not set$)' "$fragment" |
		while IFS= read -r line; do
			grep -qxF -- "$line" "$build/.config" || echo "$line"
		done)
	[[ -z $missing ]] || die "not in the resulting .config (a dependency is missing from $fragment):
$missing"
	note "building Linux $ver ($debver) in $build with ccache"
	kmake -j"$(nproc)" >"$top/build.log" 2>&1 ||
		{ tail -n 40 "$top/build.log" >&2; die "the kernel build failed (log: $top/build.log)"; }
	rm -rf "$modroot"
	kmake -s INSTALL_MOD_PATH="$modroot" modules_install >>"$top/build.log" 2>&1 ||
		{ tail -n 20 "$top/build.log" >&2; die "modules_install failed (log: $top/build.log)"; }
	stamp_want "$debver" >"$build/.igd-built"
	note "built Linux $ver ($debver) in $(($(date +%s) - t0)) s (log: $top/build.log)"
fi

krel=$(kmake -s kernelrelease)
[[ -f $build/arch/x86/boot/bzImage && -d $modroot/lib/modules/$krel ]] ||
	die "the build in $build has no bzImage or modules for $krel"
mkdir -p "$links"
ln -sfn "$build" "$links/kdir"
ln -sfn "$build/arch/x86/boot/bzImage" "$links/vmlinuz"
ln -sfn "$modroot/lib/modules/$krel" "$links/modules"
echo "$krel" >"$links/current"
echo "$links: Linux $krel from $pkg $debver"
