#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# provision.sh [userspace|kunit|vm|kernel-6.1|kernel-7.2|kernels|qemu|deb|all]...
#                                                     (no argument: all)
#
# Contract: makes this Debian 12 machine ready for the project's tests and
# exits 0, or exits 1 with a message saying what is missing. Idempotent: a
# re-run installs nothing and downloads nothing that is already there.
#   userspace  build-essential clang libclang-rt-14-dev llvm valgrind
#              intel-gpu-tools python3 jq
#   kunit      userspace + linux-source-6.12, KUnit build tools and
#              qemu-system-x86 (make kcsan runs KUnit on x86_64); unpacks
#              /usr/src/linux-source-6.12.tar.xz into $IGD_CACHE/linux-source-6.12
#   vm         userspace + pahole sparse busybox-static qemu-system-x86 cpio
#              xz-utils kmod; fetches the newest Debian 6.12 kernel image,
#              headers and kbuild (.debs, never installed) into
#              $IGD_CACHE/debian/<ABI>/, makes them self-contained (no
#              path into /usr), runs depmod on the extracted modules, points
#              $IGD_CACHE/kernel/6.12/{current,kdir,vmlinuz,modules} and
#              $IGD_CACHE/debian/{current,kdir,vmlinuz,modules} at them, then
#              builds a trivial module against kdir to prove it works.
#   kernel-6.1 the same for Debian 12's own 6.1 (bookworm-security, ABI
#              6.1.0-N, kbuild linux-kbuild-6.1): $IGD_CACHE/kernel/6.1/
#   kernel-7.2 vm packages + kernel build tools; scripts/kernel-build.sh 7.2 builds
#              Linux 7.2 from sid's linux-source-7.2 with a minimal
#              configuration (scripts/kernel/7.2.config): $IGD_CACHE/kernel/7.2/
#   kernels    vm, kernel-6.1 and kernel-7.2: what make matrix needs
#   qemu       vm + what scripts/qemu-build.sh needs: installs
#              scripts/apt/igd-opregion.sources (deb-src lines for trixie
#              and sid, bookworm-backports), then meson and python3-pycotap
#              from bookworm-backports and QEMU's build dependencies for a
#              minimal build (ninja-build, libglib2.0-dev, libpixman-1-dev,
#              libfdt-dev, ...). The source itself is fetched by
#              scripts/qemu-build.sh with apt-get source.
#   deb        what make deb and the deb tier need: debhelper, dh-dkms,
#              dkms, lintian (the tier itself installs and purges the
#              packages and the Debian kernel it builds the module for)
# Packages are installed only as root (apt-get); as non-root a missing package
# is an error naming it. Ends with one line per step: what it did, how long.
#
# Environment: IGD_CACHE (default ~/.cache/igd-opregion); IGD_DEBIAN_ABI
# (e.g. 6.12.117+deb12) pins the Debian 6.12 kernel instead of the newest,
# IGD_DEBIAN_ABI_6_1 (e.g. 6.1.0-57) the 6.1 one.

# The script ends in { main "$@"; exit; }: shellcheck 0.9 then wrongly calls
# every function unreachable.
# shellcheck disable=SC2317
set -euo pipefail

prog=provision.sh
usage() { # the header comment, from its 4th line to the first empty line
	awk 'NR < 4 { next } /^$/ { exit } { sub(/^# ?/, ""); print }' "$0"
}
die() {
	echo "$prog: error: $*" >&2
	exit 1
}
note() { echo "$prog: $*"; }

IGD_CACHE=${IGD_CACHE:-$HOME/.cache/igd-opregion}
export DEBIAN_FRONTEND=noninteractive

pkgs_userspace=(build-essential clang libclang-rt-14-dev llvm valgrind
	intel-gpu-tools python3 python3-docutils jq)
pkgs_kunit=(linux-source-6.12 flex bison bc libelf-dev libssl-dev ccache lcov
	python3 qemu-system-x86)
pkgs_vm=(pahole sparse busybox-static qemu-system-x86 cpio xz-utils kmod rsync)
pkgs_kbuild=(flex bison bc libelf-dev libssl-dev ccache dpkg make)	# kernel-7.2
pkgs_qemu=(ninja-build libglib2.0-dev libpixman-1-dev libfdt-dev zlib1g-dev
	python3-venv flex bison dpkg-dev ccache pkg-config git binutils)
pkgs_qemu_bpo=(meson python3-pycotap)	# from bookworm-backports
pkgs_deb=(debhelper dh-dkms dkms lintian dpkg-dev rsync git)

summary=()
tmp_paths=()
cleanup() {
	local rc=$? p
	for p in ${tmp_paths[@]+"${tmp_paths[@]}"}; do
		rm -rf "$p"
	done
	if ((${#summary[@]})); then
		echo
		echo "provision summary:"
		printf '  %s\n' "${summary[@]}"
	fi
	((rc == 0)) || echo "$prog: FAILED (exit $rc)" >&2
}
trap cleanup EXIT

now() { echo "$EPOCHREALTIME"; }
since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1fs", b - a }'; }
record() { summary+=("$(printf '%-10s %-8s %s' "$1" "$2" "$3")"); }

is_root() { ((EUID == 0)); }

apt_updated=0
apt_update_once() {
	((apt_updated)) && return 0
	is_root || die "the apt package lists need 'apt-get update', which needs root"
	note "apt-get update"
	apt-get update -q || die "apt-get update failed"
	apt_updated=1
}

is_installed() {
	[[ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null || true)" == installed ]]
}

# ensure_packages STEP PKG... -> sets $pkg_result for the summary
ensure_packages() {
	local step=$1 p missing=() all=()
	shift
	for p in "$@"; do
		[[ " ${all[*]} " == *" $p "* ]] || all+=("$p")
	done
	for p in "${all[@]}"; do
		is_installed "$p" || missing+=("$p")
	done
	if ((${#missing[@]} == 0)); then
		pkg_result="all ${#all[@]} packages already installed"
		return 0
	fi
	is_root || die "step '$step' needs packages that are not installed: ${missing[*]}
  install them with: sudo apt-get install --no-install-recommends ${missing[*]}
  (or run: sudo $0 $step)"
	apt_update_once
	note "installing: ${missing[*]}"
	apt-get install -y -q --no-install-recommends "${missing[@]}" ||
		die "apt-get install failed for: ${missing[*]}"
	for p in "${missing[@]}"; do
		is_installed "$p" || die "package $p is still not installed after apt-get install"
	done
	pkg_result="installed ${#missing[@]} of ${#all[@]} packages (${missing[*]})"
}

# ---- userspace -------------------------------------------------------------
step_userspace() {
	local t0
	t0=$(now)
	ensure_packages userspace "${pkgs_userspace[@]}"
	record userspace "$(since "$t0")" "$pkg_result"
}

# ---- kunit -------------------------------------------------------------------
step_kunit() {
	local t0 tarball tree stamp want tmp
	t0=$(now)
	ensure_packages kunit "${pkgs_userspace[@]}" "${pkgs_kunit[@]}"
	record kunit-pkgs "$(since "$t0")" "$pkg_result"

	t0=$(now)
	tarball=/usr/src/linux-source-6.12.tar.xz
	tree=$IGD_CACHE/linux-source-6.12
	stamp=$tree/.igd-unpacked
	[[ -f $tarball ]] || die "$tarball is missing although linux-source-6.12 is installed"
	want="linux-source-6.12 $(dpkg-query -W -f='${Version}' linux-source-6.12) $(stat -c '%s %Y' "$tarball")"
	if [[ -f $stamp && "$(cat "$stamp")" == "$want" ]]; then
		record kunit-tree "$(since "$t0")" "already unpacked at $tree"
		return 0
	fi
	mkdir -p "$IGD_CACHE"
	tmp=$(mktemp -d "$IGD_CACHE/.unpack.XXXXXX")
	tmp_paths+=("$tmp")
	note "unpacking $tarball into $tree"
	# --touch: every file is newer than any object in the kunit build
	# folders, so a new source version rebuilds them all (through ccache)
	# instead of keeping objects that tar's old mtimes would call fresh.
	tar --touch -xJf "$tarball" -C "$tmp" || die "could not unpack $tarball"
	[[ -f $tmp/linux-source-6.12/tools/testing/kunit/kunit.py ]] ||
		die "$tarball has no linux-source-6.12/tools/testing/kunit/kunit.py"
	# Replaced whole; scripts/kunit.sh redoes the graft on its next run. Not
	# under a running kunit.sh: take its lock.
	local lock_fd
	exec {lock_fd}>"$IGD_CACHE/kunit.lock"
	flock "$lock_fd"
	rm -rf "$tree"
	mv "$tmp/linux-source-6.12" "$tree"
	printf '%s\n' "$want" >"$stamp"
	exec {lock_fd}>&-
	record kunit-tree "$(since "$t0")" "unpacked $tarball into $tree"
}

# ---- vm, kernel-6.1 ----------------------------------------------------------
# Debian's kernel series: how the archive names an ABI of each.
series_abi_re() {
	case $1 in
	6.12) echo '6\.12\.[0-9]+\+deb12' ;;
	6.1) echo '6\.1\.0-[0-9]+' ;;
	*) die "no Debian kernel series '$1'" ;;
	esac
}

deb_pkgs() { # ABI -> the four package names
	local kbuild=linux-kbuild-$1
	# 6.1's kbuild is named by the series, 6.12's by the ABI.
	[[ $1 =~ ^6\.1\.0- ]] && kbuild=linux-kbuild-6.1
	echo "linux-image-$1-amd64-unsigned linux-headers-$1-amd64 linux-headers-$1-common $kbuild"
}

apt_has() {
	apt-cache show --no-all-versions "$1" 2>/dev/null | grep '^Package:' >/dev/null
}

abi_available() {
	local p
	for p in $(deb_pkgs "$1"); do
		apt_has "$p" || return 1
	done
}

# Newest linux-image-<SERIES ABI>-amd64-unsigned with all three companions.
newest_abi() {
	local abi re
	re=$(series_abi_re "$1")
	while read -r abi; do
		# Already fetched (so it was complete in the archive): skip apt-cache.
		if [[ -f $debdir/$abi/.igd-complete ]] || abi_available "$abi"; then
			echo "$abi"
			return 0
		fi
		note "skipping $abi: not all of $(deb_pkgs "$abi") are in the archive" >&2
	done < <(apt-cache search --names-only "^linux-image-$re-amd64-unsigned\$" |
		sed -nE "s/^linux-image-($re)-amd64-unsigned .*/\1/p" | sort -rV)
	return 1
}

# Download and unpack ABI into $IGD_CACHE/debian/ABI (atomically).
fetch_abi() {
	local abi=$1 krel="$1-amd64" dest tmp deb link target mk common
	local -a apt_opts=()
	dest=$debdir/$abi
	tmp=$(mktemp -d "$debdir/.$abi.XXXXXX")
	tmp_paths+=("$tmp")
	# Root's apt drops to user _apt, which cannot write to our folder.
	is_root && apt_opts=(-o APT::Sandbox::User=root)
	# shellcheck disable=SC2046 # deb_pkgs prints four plain package names
	if ! (cd "$tmp" && apt-get download -q ${apt_opts[@]+"${apt_opts[@]}"} $(deb_pkgs "$abi")); then
		if ((apt_updated)) || ! is_root; then
			die "apt-get download failed for ABI $abi"
		fi
		note "download failed; refreshing the package lists and retrying"
		apt_update_once
		# shellcheck disable=SC2046
		(cd "$tmp" && apt-get download -q ${apt_opts[@]+"${apt_opts[@]}"} $(deb_pkgs "$abi")) ||
			die "apt-get download failed for ABI $abi"
	fi
	for deb in "$tmp"/*.deb; do
		dpkg-deb -x "$deb" "$tmp" || die "dpkg-deb -x $deb failed"
	done

	# 1. The headers' Makefile includes the common headers by absolute path.
	mk=$tmp/usr/src/linux-headers-$krel/Makefile
	common=$dest/usr/src/linux-headers-$abi-common
	[[ -f $mk ]] || die "$(basename "$mk") missing from linux-headers-$krel"
	grep -qE '^include /usr/src/' "$mk" ||
		die "$mk has no 'include /usr/src/...' line: Debian changed the layout"
	sed -i -E "s|^include /usr/src/linux-headers-[^/]*-common/|include $common/|" "$mk"
	grep -qxF "include $common/Makefile" "$mk" || die "could not rewrite the include line in $mk"

	# 2. Absolute symlinks (lib/modules/<krel>/{build,source} -> /usr/src/...)
	# point into the extracted tree instead; the headers' scripts and tools
	# links (-> ../../lib/linux-kbuild-<ABI>/...) are relative already.
	while IFS= read -r -d '' link; do
		target=$(readlink "$link")
		ln -sfn "$(realpath -s -m --relative-to="$(dirname "$link")" "$tmp$target")" "$link"
	done < <(find "$tmp" -type l -lname '/*' -print0)

	for target in "usr/src/linux-headers-$krel/scripts/Makefile.build" \
		"usr/src/linux-headers-$krel/scripts/basic/fixdep" \
		"lib/modules/$krel/build/Makefile" "boot/vmlinuz-$krel"; do
		[[ -e $tmp/$target ]] || die "$target missing or dangling in the extracted ABI $abi"
	done
	# 3. The image ships no modules.dep (Debian runs depmod at install time);
	# generate it so that modprobe -d / an initramfs builder can resolve
	# dependencies (vfio-pci -> vfio-pci-core -> vfio, irqbypass).
	depmod -b "$tmp" -F "$tmp/boot/System.map-$krel" "$krel" ||
		die "depmod failed for the extracted $krel"
	printf '%s\n' "$abi" >"$tmp/.igd-complete"
	rm -rf "$dest"
	mv "$tmp" "$dest"
}

# debian_kernel SERIES STEP: the newest Debian kernel of SERIES (6.12 or 6.1),
# fetched and made self-contained under $IGD_CACHE/debian/<ABI>/, with
# $IGD_CACHE/kernel/SERIES/{current,kdir,vmlinuz,modules} pointing at it
# (for 6.12 also the older $IGD_CACHE/debian/{current,kdir,vmlinuz,modules}),
# then proven by building a trivial module against it.
debian_kernel() {
	local series=$1 step=$2 t0 abi how krel ver pin re links what
	t0=$(now)
	debdir=$IGD_CACHE/debian
	mkdir -p "$debdir" "$IGD_CACHE/kernel/$series"
	debdir=$(cd "$debdir" && pwd -P)
	links=$IGD_CACHE/kernel/$series
	re=$(series_abi_re "$series")
	if [[ $series == 6.12 ]]; then
		pin=${IGD_DEBIAN_ABI:-}
		# The cached choice from before $IGD_CACHE/kernel existed.
		[[ -f $links/current || ! -f $debdir/current ]] || cp "$debdir/current" "$links/current"
	else
		pin=${IGD_DEBIAN_ABI_6_1:-}
	fi
	if [[ -n $pin ]]; then
		abi=$pin
		[[ $abi =~ ^$re$ ]] ||
			die "the pinned ABI '$abi' is not of Debian's $series series ($re)"
		how="pinned"
	else
		if [[ -z "$(apt-cache search --names-only "^linux-image-$re-amd64-unsigned\$" 2>/dev/null)" ]]; then
			apt_update_once
		fi
		if abi=$(newest_abi "$series"); then
			how="newest in the archive"
		elif [[ -f $links/current && -f "$debdir/$(cat "$links/current")/.igd-complete" ]]; then
			abi=$(cat "$links/current")
			how="none in the package lists; keeping the cached one"
		else
			die "apt-cache offers no linux-image-$re-amd64-unsigned with headers and kbuild (try: sudo apt-get update, or pin an ABI: see the header)"
		fi
	fi
	krel=$abi-amd64
	note "Debian $series kernel ABI: $abi ($how)"
	if [[ -f $debdir/$abi/.igd-complete ]]; then
		what="ABI $abi ($how): already unpacked"
	else
		if [[ -n $pin ]] && ! abi_available "$abi"; then
			apt_update_once
			abi_available "$abi" || die "the archive has not all of: $(deb_pkgs "$abi")"
		fi
		fetch_abi "$abi"
		what="ABI $abi ($how): downloaded $(du -ch --apparent-size "$debdir/$abi"/*.deb | tail -n 1 | cut -f1) of .debs, unpacked"
	fi
	printf '%s\n' "$abi" >"$links/.current.tmp"
	mv "$links/.current.tmp" "$links/current"
	ln -sfn "$debdir/$abi/usr/src/linux-headers-$krel" "$links/kdir"
	ln -sfn "$debdir/$abi/boot/vmlinuz-$krel" "$links/vmlinuz"
	ln -sfn "$debdir/$abi/lib/modules/$krel" "$links/modules"
	if [[ $series == 6.12 ]]; then
		printf '%s\n' "$abi" >"$debdir/.current.tmp"
		mv "$debdir/.current.tmp" "$debdir/current"
		ln -sfn "$abi/usr/src/linux-headers-$krel" "$debdir/kdir"
		ln -sfn "$abi/boot/vmlinuz-$krel" "$debdir/vmlinuz"
		ln -sfn "$abi/lib/modules/$krel" "$debdir/modules"
	fi
	record "$step" "$(since "$t0")" "$what; kdir, vmlinuz, modules in $links -> $debdir/$abi"

	# Prove kdir works: a trivial out-of-tree module, built outside the repo.
	t0=$(now)
	local mod
	mod=$(mktemp -d "${TMPDIR:-/tmp}/igd-modcheck.XXXXXX")
	tmp_paths+=("$mod")
	cat >"$mod/igd_modcheck.c" <<-'EOF'
		// SPDX-License-Identifier: GPL-2.0
		#include <linux/init.h>
		#include <linux/module.h>

		static int __init igd_modcheck_init(void)
		{
			return 0;
		}

		static void __exit igd_modcheck_exit(void)
		{
		}

		module_init(igd_modcheck_init);
		module_exit(igd_modcheck_exit);
		MODULE_LICENSE("GPL");
		MODULE_DESCRIPTION("provision.sh build check");
	EOF
	echo 'obj-m := igd_modcheck.o' >"$mod/Kbuild"
	if ! make -C "$links/kdir" M="$mod" W=1 modules >"$mod/build.log" 2>&1; then
		sed 's/^/    /' "$mod/build.log" >&2
		die "building a trivial module against $links/kdir failed (log above)"
	fi
	ver=$(modinfo -F vermagic "$mod/igd_modcheck.ko" | awk '{ print $1 }')
	[[ $ver == "$krel" ]] || die "module vermagic '$ver' does not match kernel $krel"
	if grep -q 'warning:' "$mod/build.log"; then
		sed 's/^/    /' "$mod/build.log"
		die "the trivial module built with warnings (W=1)"
	fi
	rm -rf "$mod"
	record "$step-mod" "$(since "$t0")" "built a trivial module with make -C $links/kdir M=<tmp> W=1 (vermagic $ver)"

	local old
	old=$(find "$debdir" -mindepth 1 -maxdepth 1 -type d -regextype posix-extended \
		-regex ".*/$re" ! -name "$abi" -printf '%f ')
	[[ -z $old ]] || note "older ABI folders kept in $debdir (remove by hand if unused): $old"
}

step_vm() {
	local t0
	t0=$(now)
	ensure_packages vm "${pkgs_userspace[@]}" "${pkgs_vm[@]}"
	record vm-pkgs "$(since "$t0")" "$pkg_result"
	debian_kernel 6.12 vm-kernel
}

step_kernel_6_1() {
	local t0
	t0=$(now)
	ensure_packages kernel-6.1 "${pkgs_userspace[@]}" "${pkgs_vm[@]}"
	record k6.1-pkgs "$(since "$t0")" "$pkg_result"
	debian_kernel 6.1 k6.1
}

# ---- kernel-7.2 ------------------------------------------------------------------
step_kernel_7_2() {
	local t0 here out
	here=$(cd "$(dirname "$0")" && pwd)
	t0=$(now)
	ensure_packages kernel-7.2 "${pkgs_userspace[@]}" "${pkgs_vm[@]}" "${pkgs_kbuild[@]}"
	record k7.2-pkgs "$(since "$t0")" "$pkg_result"
	t0=$(now)
	out=$("$here/kernel-build.sh" 7.2) || die "scripts/kernel-build.sh 7.2 failed"
	record k7.2 "$(since "$t0")" "${out##*$'\n'}"
}

# ---- qemu ----------------------------------------------------------------------
step_qemu() {
	local t0 src=/etc/apt/sources.list.d/igd-opregion.sources p missing=()
	local here
	here=$(cd "$(dirname "$0")" && pwd)
	t0=$(now)
	if ! cmp -s "$here/apt/igd-opregion.sources" "$src"; then
		is_root || die "step 'qemu' needs $src (sudo $0 qemu)"
		install -m 644 "$here/apt/igd-opregion.sources" "$src"
		apt_updated=0
		apt_update_once
	fi
	ensure_packages qemu "${pkgs_qemu[@]}"
	for p in "${pkgs_qemu_bpo[@]}"; do
		is_installed "$p" || missing+=("$p")
	done
	# meson 1.0 from bookworm is too old for QEMU 10.x: want the backport.
	if is_installed meson && dpkg --compare-versions \
		"$(dpkg-query -W -f='${Version}' meson)" lt 1.5; then
		missing+=(meson)
	fi
	if ((${#missing[@]})); then
		is_root || die "step 'qemu' needs from bookworm-backports: ${missing[*]}"
		apt_update_once
		note "installing from bookworm-backports: ${missing[*]}"
		apt-get install -y -q --no-install-recommends -t bookworm-backports \
			"${missing[@]}" || die "apt-get install -t bookworm-backports failed for: ${missing[*]}"
	fi
	record qemu "$(since "$t0")" "$pkg_result; backports: ${missing[*]:-already installed}"
}

# ---- deb -----------------------------------------------------------------------
step_deb() {
	local t0
	t0=$(now)
	ensure_packages deb "${pkgs_deb[@]}"
	record deb "$(since "$t0")" "$pkg_result"
}

# ---- main --------------------------------------------------------------------
main() {
	(($#)) || set -- all
	steps=()
	for a in "$@"; do
		case $a in
		userspace | kunit | vm | deb) steps+=("$a") ;;
		kernel-6.1) steps+=(kernel_6_1) ;;
		kernel-7.2) steps+=(kernel_7_2) ;;
		kernels) steps+=(vm kernel_6_1 kernel_7_2) ;;
		qemu) steps+=(vm qemu) ;;
		all) steps+=(userspace kunit vm kernel_6_1 kernel_7_2 qemu deb) ;;
		-h | --help)
			usage
			exit 0
			;;
		*) die "unknown step '$a' (expected: userspace, kunit, vm, kernel-6.1, kernel-7.2, kernels, qemu, deb or all)" ;;
		esac
	done
	for tool in dpkg-query apt-get apt-cache; do
		command -v "$tool" >/dev/null || die "'$tool' not found: this script is for Debian 12"
	done

	done_steps=" "
	for s in "${steps[@]}"; do
		[[ $done_steps == *" $s "* ]] && continue
		"step_$s"
		done_steps+="$s "
	done
	note "done"
}

# Everything is in functions: bash has parsed the whole file before it runs,
# so editing this script while it runs cannot derail it.
{
	main "$@"
	exit
}
