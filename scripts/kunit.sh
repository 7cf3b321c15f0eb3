#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# kunit.sh [--sanitizers | --coverage | --kcsan | --kcsan-control |
#           --kmemleak | --kmemleak-control]
#          [-- extra kunit.py run arguments]
#
# Contract: runs the project's KUnit suites on UML (Linux 6.12, kunit.py) and
# exits 0 only if kunit.py passed, at least one test ran, no test failed or
# crashed, and the raw kernel log has no BUG:/KASAN/UBSAN/WARNING:/lockdep/
# Oops/kmemleak report (offending lines are printed). --kcsan runs them on
# x86_64 instead (QEMU TCG, 2 vCPUs) with KCSAN, same criteria, so any
# "BUG: KCSAN:" report fails it. --kcsan-control builds the same kernel with
# IGD_VFIO_PCI_KCSAN_CONTROL and runs only the suite
# igd_opregion_kcsan_control, a deliberate race: it passes only if the log
# has "BUG: KCSAN: data-race in" naming iop_racy_ and no other
# report. --kmemleak adds the suite igd_opregion_kmemleak, which runs last
# and makes kmemleak scan (same criteria: a "new suspected memory leaks"
# line fails it); --kmemleak-control builds that with
# IGD_VFIO_PCI_KMEMLEAK_CONTROL (iop_kdev_open() leaks a marker string)
# and passes only if kmemleak reports leaks, all of them that string. The
# last line printed is
# `kunit(<mode>): N passed, N failed, N skipped` (crashed cases count as
# failed), or `kunit(<mode>): no test results ...` when nothing ran.
#
# It grafts the project into the tree unpacked by `scripts/provision.sh
# kunit`: <tree>/drivers/igd_opregion becomes a symlink to $IGD_SRC_DIR
# (default: this repository), and drivers/Kconfig and drivers/Makefile get
# one line each (added once). The project provides, at its root: Kconfig,
# Kbuild (kbuild reads it before Makefile) and tests/.kunitconfig.
# kunitconfig = scripts/kunit/uml.config + tests/.kunitconfig, then
#   --sanitizers: + scripts/kunit/sanitizers.config (KASAN, UBSAN, lockdep..)
#   --coverage:   + kunit.py's configs/coverage_uml.config, then lcov prints
#                 the line coverage of lib/ only.
#   --kcsan:      + scripts/kunit/kcsan.config, kunit.py --arch=x86_64
#                 --qemu_args='-smp 2' (x86_64.py sets no -smp: QEMU's
#                 default is one CPU, where KCSAN's watchpoints see no race)
#   --kcsan-control: as --kcsan, + CONFIG_IGD_VFIO_PCI_KCSAN_CONTROL=y
#   --kmemleak:   + scripts/kunit/kmemleak.config, kernel argument
#                 kmemleak.verbose=1 (leaked objects printed in the log)
#   --kmemleak-control: as --kmemleak, + CONFIG_IGD_VFIO_PCI_KMEMLEAK_CONTROL=y
# It also patches the cached tree once: UML's linker scripts get
# .fini_array.* (without it gcov never writes .gcda files), and --coverage
# builds with KCFLAGS=-Dmangle_path=kernel_mangle_path (gcc 12's libgcov
# defines mangle_path too). A build folder that last built another checkout
# drops the project's objects first (kbuild compares mtimes only).
# Each mode has its own build folder ($IGD_CACHE/kunit-{plain,san,cov,kcsan,
# kmemleak}; a mode and its control share one: only the project's objects
# differ) so
# each stays incremental; compiles go through ccache ($IGD_CACHE/ccache).
# Logs: $IGD_LOG_DIR/kunit-<mode>.out (kunit.py), kunit-<mode>.log (raw
# kernel), with --coverage also coverage-lib.info and coverage-html/.
#
# Environment: IGD_CACHE (default ~/.cache/igd-opregion), IGD_SRC_DIR,
# IGD_LINUX_TREE (default $IGD_CACHE/linux-source-6.12), IGD_LOG_DIR
# (default $IGD_CACHE/logs), IGD_KUNIT_JOBS (default: nproc).
# Safe to re-run; writes nothing into the project. Concurrent runs on one
# cache wait for each other (flock on $IGD_CACHE/kunit.lock).

# The script ends in { main "$@"; exit; }: shellcheck 0.9 then wrongly calls
# every function unreachable.
# shellcheck disable=SC2317
set -euo pipefail

prog=kunit.sh
die() {
	echo "$prog: error: $*" >&2
	exit 1
}
note() { echo "$prog: $*"; }
usage() { # the header comment, from its 4th line to the first empty line
	awk 'NR < 4 { next } /^$/ { exit } { sub(/^# ?/, ""); print }' "$0"
}

# Offending lines in the raw kernel log (extended regex).
log_pattern='BUG:|KASAN|UBSAN|WARNING:|possible circular locking|inconsistent lock state|Oops|kmemleak: .* new suspected memory leaks'
graft=drivers/igd_opregion

parse_args() {
	mode=plain
	extra=()
	while (($#)); do
		case $1 in
		--sanitizers)
			[[ $mode == cov ]] && die "--sanitizers and --coverage cannot be combined"
			mode=san
			;;
		--coverage)
			[[ $mode == san ]] && die "--sanitizers and --coverage cannot be combined"
			mode=cov
			;;
		--kcsan | --kcsan-control | --kmemleak | --kmemleak-control)
			[[ $mode == plain ]] || die "$1 cannot be combined with another mode"
			mode=${1#--}
			;;
		--)
			shift
			extra=("$@")
			break
			;;
		-h | --help)
			usage
			exit 0
			;;
		*) die "unknown argument '$1' (see --help; kunit.py arguments go after --)" ;;
		esac
		shift
	done
}

check_preconditions() {
	local tool f
	kunit_py=$tree/tools/testing/kunit/kunit.py
	[[ -f $kunit_py ]] ||
		die "no Linux tree at $tree (no tools/testing/kunit/kunit.py); run: sudo scripts/provision.sh kunit"
	for tool in python3 make gcc ccache flex bison bc ${mode_tools-}; do
		command -v "$tool" >/dev/null ||
			die "'$tool' not found; run: sudo scripts/provision.sh kunit"
	done

	[[ -d $src ]] || die "IGD_SRC_DIR=$src is not a folder"
	src=$(cd "$src" && pwd -P)
	[[ -f $src/Kconfig ]] ||
		die "$src/Kconfig is missing (drivers/Kconfig sources it through the graft)"
	if [[ ! -f $src/Kbuild ]]; then
		[[ -f $src/Makefile ]] || die "$src has neither Kbuild nor Makefile for kbuild"
		grep -q 'obj-' "$src/Makefile" ||
			die "$src has no Kbuild, and its Makefile is not a kbuild makefile (no obj-): add a Kbuild file"
	fi
	user_cfg=$src/tests/.kunitconfig
	[[ -f $user_cfg ]] || die "$user_cfg is missing"
	for f in "$base_cfg" ${mode_cfg:+"$mode_cfg"}; do
		[[ -f $f ]] || die "config fragment $f is missing"
	done
}

# Symlink + one line in drivers/Kconfig and drivers/Makefile, each only once.
graft_project() {
	local link=$tree/$graft line
	if [[ -e $link && ! -L $link ]]; then
		die "$link exists and is not a symlink; remove it by hand"
	fi
	if [[ "$(readlink "$link" || true)" != "$src" ]]; then
		ln -sfn "$src" "$link"
		note "grafted $src at $graft"
	fi
	line="source \"$graft/Kconfig\""
	grep -qxF "$line" "$tree/drivers/Kconfig" ||
		printf '\n%s\n' "$line" >>"$tree/drivers/Kconfig"
	line="obj-y += ${graft#drivers/}/"
	grep -qxF "$line" "$tree/drivers/Makefile" ||
		printf '%s\n' "$line" >>"$tree/drivers/Makefile"
}

# UML's linker scripts (6.12) collect .init_array.* but not .fini_array.*.
# gcc 12 puts the gcov destructors (which write the .gcda files at exit) in
# .fini_array.00100, so with CONFIG_GCOV no .gcda file was ever written.
# Patch the cached tree once (idempotent; only the link of `linux` changes).
patch_tree() {
	local common=$tree/arch/um/include/asm/common.lds.S dyn=$tree/arch/um/kernel/dyn.lds.S
	if ! grep -qF '*(.fini_array.*)' "$common"; then
		sed -i 's/^\t\*(\.fini_array)$/\t*(.fini_array.*)\n\t*(.fini_array)/' "$common"
		grep -qF '*(.fini_array.*)' "$common" || die "could not patch $common for gcov"
		note "patched $common: .fini_array.* (gcov .gcda writers)"
	fi
	if ! grep -qF '*(.fini_array.*)' "$dyn"; then
		sed -i 's/^\( *\.fini_array *: *{ \)\*(\.fini_array) }$/\1*(.fini_array.*) *(.fini_array) }/' "$dyn"
		grep -qF '*(.fini_array.*)' "$dyn" || die "could not patch $dyn for gcov"
		note "patched $dyn: .fini_array.* (gcov .gcda writers)"
	fi
}

# Concatenate the fragments; kunit.py's parser lets later lines win.
write_kunitconfig() {
	local f
	{
		printf '# generated by scripts/kunit.sh (mode %s)\n' "$mode"
		for f in "$base_cfg" "$user_cfg" ${mode_cfg:+"$mode_cfg"}; do
			printf '\n# ---- %s\n' "$f"
			cat "$f"
		done
		case $mode in
		kcsan-control | kmemleak-control)
			printf '\n# ---- the positive control (kunit.sh --%s)\n' "$mode"
			printf 'CONFIG_IGD_VFIO_PCI_%s=y\n' "$(tr a-z- A-Z_ <<<"$mode")"
			;;
		esac
	} >"$kunitconfig"
}

# The graft path (drivers/igd_opregion/...) is the same for every checkout,
# so kbuild judges objects by mtime alone: after a switch to a checkout whose
# files are older than the objects (another clone, a copy), it would link
# the other checkout's objects. Each build folder remembers its source and
# drops the project's objects when that changes (ccache makes this cheap).
forget_other_checkout() {
	local stamp=$build_dir/.igd-src
	if [[ "$(cat "$stamp" 2>/dev/null || true)" != "$src" && -d $build_dir/$graft ]]; then
		note "build folder was last used with $(cat "$stamp" 2>/dev/null || echo 'an unknown checkout'): rebuilding the project's objects"
		rm -rf "${build_dir:?}/$graft"
	fi
	mkdir -p "$build_dir"
	printf '%s\n' "$src" >"$stamp"
}

ccache_counts() { # prints "hits misses" from ccache's machine-readable stats
	ccache --print-stats 2>/dev/null | awk -F'\t' '
		$1 == "direct_cache_hit" || $1 == "preprocessed_cache_hit" { h += $2 }
		$1 == "cache_miss" { m += $2 }
		END { print h + 0, m + 0 }'
}

run_kunit() {
	local h0 m0 h1 m1 start
	mkdir -p "$build_dir" "$log_dir"
	forget_other_checkout
	# A failed build leaves the previous run's log behind: never check it.
	rm -f "$build_dir/test.log"
	# gcov counters add up across runs: start from zero.
	[[ $mode != cov ]] || find "$build_dir" -name '*.gcda' -delete
	read -r h0 m0 < <(ccache_counts)
	note "mode=$mode src=$src build_dir=$build_dir jobs=$jobs CCACHE_DIR=$CCACHE_DIR"
	start=$EPOCHREALTIME
	rc=0
	(cd "$tree" && python3 "$kunit_py" run \
		--kunitconfig="$kunitconfig" \
		--build_dir="$build_dir" \
		--jobs="$jobs" \
		"${make_opts[@]/#/--make_options=}" \
		${arch_opts[@]+"${arch_opts[@]}"} \
		${extra[@]+"${extra[@]}"}) 2>&1 | tee "$out" || rc=$?
	elapsed=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
	read -r h1 m1 < <(ccache_counts)
	ccache_hits=$((h1 - h0))
	ccache_misses=$((m1 - m0))
	if ((rc != 0)); then
		note "kunit.py exited with status $rc"
		fail=1
	fi
}

check_log() {
	local raw=$build_dir/test.log bad n
	if [[ ! -f $raw ]]; then
		note "no kernel log ($raw): the kernel was not built or did not run"
		fail=1
		return 0
	fi
	cp "$raw" "$log_dir/kunit-$mode.log"
	case $mode in
	kcsan) note "KCSAN reports: $(grep -c 'BUG: KCSAN:' "$raw" || true)" ;;
	kmemleak) note "kmemleak reports: $(grep -c 'new suspected memory leaks' "$raw" || true)" ;;
	kcsan-control | kmemleak-control) check_control "$raw" && return 0 ;;
	esac
	if bad=$(grep -nE "$log_pattern" "$raw"); then
		note "the kernel log ($log_dir/kunit-$mode.log) has reports:"
		head -n 50 <<<"$bad" | sed 's/^/    /'
		n=$(wc -l <<<"$bad")
		((n <= 50)) || note "... and $((n - 50)) more lines"
		fail=1
	fi
}

# A control passes only if its tool reported the planted bug, and nothing
# else: KCSAN a data race naming iop_racy_*, kmemleak leaks (the
# count line), every one of them (kmemleak.verbose=1 prints each) the
# string iop_kdev_open() leaks in the control build.
check_control() {
	local raw=$1 caught others ours
	if [[ $mode == kcsan-control ]]; then
		caught=$(grep -m 1 -E 'BUG: KCSAN: data-race in .*iop_racy_' "$raw" || true)
		others=$(grep -E 'BUG: KCSAN:' "$raw" | grep -vE 'data-race in .*iop_racy_' || true)
		ours='BUG: KCSAN:'
	else
		caught=$(grep -m 1 -E 'kmemleak: [0-9]+ new suspected memory leaks' "$raw" || true)
		# One "unreferenced object" block per leak, up to the next one;
		# each must be the control's string, whose start the block's
		# hex dump shows (UML's kmemleak prints empty backtraces).
		others=$(awk '/unreferenced object/ { if (blk != "" && !ok) print blk; blk = $0; ok = 0; next }
			blk != "" && /igd-opregion kme/ { ok = 1 }
			END { if (blk != "" && !ok) print blk }' "$raw")
		ours='kmemleak: .* new suspected memory leaks'
	fi
	if [[ -z $caught ]]; then
		note "the control's planted bug was NOT reported: the tool is not working here"
		fail=1
		return 0
	fi
	note "control caught: $caught"
	if [[ -n $others ]]; then
		note "the control run has other reports:"
		head -n 20 <<<"$others" | sed 's/^/    /'
		fail=1
	fi
	if grep -nE "$log_pattern" "$raw" | grep -vE "$ours" | sed 's/^/    /' | grep .; then
		note "the control run's log has other reports (above)"
		fail=1
	fi
	return 0
}

# Line coverage of lib/ only. gcda/gcno files live in the build folder; the
# sources are named through the graft (<tree>/drivers/igd_opregion/lib/...),
# or as $src/lib/... if a tool resolves the symlink: accept both.
report_coverage() {
	local all=$tmp_dir/coverage.info lib=$log_dir/coverage-lib.info err=$tmp_dir/lcov.err summary
	[[ -f $build_dir/test.log ]] || return 0
	rm -rf "$lib" "$log_dir/coverage-html"
	if lcov --quiet --capture --directory "$build_dir/$graft" --base-directory "$tree" \
		--output-file "$all" 2>"$err" &&
		lcov --quiet --extract "$all" "*/$graft/lib/*" "$src/lib/*" \
			--output-file "$lib" 2>>"$err" && [[ -s $lib ]]; then
		# Name the files as in the project, not through the graft.
		sed -i "s|^SF:$tree/$graft/|SF:$src/|" "$lib"
		summary=$(lcov --summary "$lib" 2>&1 | sed -n 's/^ *lines\.*: *//p')
		note "line coverage of lib/: ${summary:-unknown} ($lib)"
		if command -v genhtml >/dev/null &&
			genhtml --quiet --output-directory "$log_dir/coverage-html" "$lib" >/dev/null 2>&1; then
			note "coverage report: $log_dir/coverage-html/index.html"
		fi
	else
		note "warning: no coverage data for lib/ (does the kunitconfig build lib/?)"
		sed 's/^/    /' "$err" >&2
	fi
}

# Parse "Testing complete. Ran N tests: passed: N, failed: N, crashed: N,
# skipped: N, errors: N" (kunit.py leaves out the zero counts).
summarize() {
	local line total passed failed skipped
	note "wall time ${elapsed}s (build + run); ccache: $ccache_hits hits, $ccache_misses misses (all compiler calls, Kconfig probes too)"
	note "logs: $out (kunit.py), $log_dir/kunit-$mode.log (raw kernel)"
	line=$(grep -E 'Testing complete\. Ran [0-9]+ tests' "$out" | tail -n 1 || true)
	if [[ -z $line ]]; then
		echo "kunit($mode): no test results (kunit.py exit status $rc)"
		exit 1
	fi
	count() {
		local n
		n=$(grep -oE "$1: [0-9]+" <<<"$line" | grep -oE '[0-9]+$' || true)
		echo "${n:-0}"
	}
	total=$(grep -oE 'Ran [0-9]+ tests' <<<"$line" | grep -oE '[0-9]+')
	passed=$(count passed)
	failed=$(($(count failed) + $(count crashed)))
	skipped=$(count skipped)
	if ((total == 0)); then
		note "no test ran: are the suites enabled in tests/.kunitconfig?"
		fail=1
	fi
	((failed == 0)) || fail=1
	echo "kunit($mode): $passed passed, $failed failed, $skipped skipped"
}

main() {
	local script_dir repo_root
	parse_args "$@"
	script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
	repo_root=$(cd "$script_dir/.." && pwd -P)

	IGD_CACHE=${IGD_CACHE:-$HOME/.cache/igd-opregion}
	tree=${IGD_LINUX_TREE:-$IGD_CACHE/linux-source-6.12}
	src=${IGD_SRC_DIR:-$repo_root}
	log_dir=${IGD_LOG_DIR:-$IGD_CACHE/logs}
	jobs=${IGD_KUNIT_JOBS:-$(nproc)}
	build_dir=$IGD_CACHE/kunit-$mode
	out=$log_dir/kunit-$mode.out
	base_cfg=$script_dir/kunit/uml.config
	make_opts=("CC=ccache gcc")
	arch_opts=()
	case $mode in
	plain) mode_cfg='' mode_tools='' ;;
	kcsan | kcsan-control)
		mode_cfg=$script_dir/kunit/kcsan.config mode_tools=qemu-system-x86_64
		build_dir=$IGD_CACHE/kunit-kcsan
		# Two vCPUs, each on its own host thread (multi-threaded TCG),
		# so the racing kthreads really overlap. The suites take minutes
		# under TCG with KCSAN: kunit.py's 300 s would cut them short.
		arch_opts=(--arch=x86_64 "--qemu_args=-smp 2 -accel tcg,thread=multi"
			--timeout=1800)
		[[ $mode == kcsan ]] || arch_opts+=(igd_opregion_kcsan_control)
		;;
	kmemleak | kmemleak-control)
		mode_cfg=$script_dir/kunit/kmemleak.config mode_tools=''
		build_dir=$IGD_CACHE/kunit-kmemleak
		arch_opts=(--kernel_args=kmemleak.verbose=1)
		;;
	san) mode_cfg=$script_dir/kunit/sanitizers.config mode_tools='' ;;
	cov)
		mode_cfg=$tree/tools/testing/kunit/configs/coverage_uml.config mode_tools=lcov
		# gcc 12's libgcov.a defines a global mangle_path(), as does
		# fs/seq_file.c: the UML link fails with "multiple definition of
		# `mangle_path'". Rename the kernel's one at compile time.
		make_opts+=("KCFLAGS=-Dmangle_path=kernel_mangle_path")
		;;
	esac
	export CCACHE_DIR=$IGD_CACHE/ccache

	check_preconditions
	# One run at a time per cache: runs share the tree, its graft symlink
	# (which may point at another checkout) and the build folders.
	mkdir -p "$IGD_CACHE"
	exec {lock_fd}>"$IGD_CACHE/kunit.lock"
	if ! flock -n "$lock_fd"; then
		note "waiting for another kunit.sh run (lock $IGD_CACHE/kunit.lock)"
		flock "$lock_fd"
	fi
	graft_project
	patch_tree
	tmp_dir=$(mktemp -d "${TMPDIR:-/tmp}/igd-kunit.XXXXXX")
	trap 'rm -rf "$tmp_dir"' EXIT
	kunitconfig=$tmp_dir/kunitconfig
	write_kunitconfig

	fail=0
	run_kunit
	check_log
	[[ $mode != cov ]] || report_coverage
	summarize
	return "$fail"
}

{
	main "$@"
	exit
}
