#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# soak.sh: what make soak runs (never part of make check).
#
# - fuzz_probe, then fuzz_ops, each until it has executed SOAK_RUNS inputs
#   (default 10^7) with the oracle, under nice, on their working corpora
#   (BUILD/fuzz/corpus) and the committed seeds (tests/fuzz/run.sh -n):
#   as SOAK_JOBS libFuzzer jobs (default 2, a core each) of SOAK_RUNS /
#   SOAK_JOBS inputs. One target after the other on every core, rather
#   than one core each: fuzz_probe needs a fraction of fuzz_ops' time, and
#   its core would idle for the rest;
# - the vfio-fuzz tier for SOAK_VM_TIME seconds (default 1800) on each
#   kernel of SOAK_KERNELS (default 7.2, the build with lockdep and
#   hung-task detection), meanwhile;
# - then the inputs of the working corpora that add coverage are merged
#   into tests/fuzz/corpus/<target> (libFuzzer -merge=1), which the
#   caller commits when they grew.
#
# Prints each part's figures (executions, cov/ft, seconds, the VM's seed
# and counts) and ends with "N passed, N failed". Logs in BUILD/soak/.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

build=${BUILD:-build}
runs=${SOAK_RUNS:-10000000}
jobs=${SOAK_JOBS:-2}
per_job=$(((runs + jobs - 1) / jobs))
vm_time=${SOAK_VM_TIME:-1800}
kernels=${SOAK_KERNELS:-7.2}
targets=(fuzz_probe fuzz_ops)
logs=$build/soak
mkdir -p "$logs"
pass=0 fail=0

count() { # LOG: add its "N passed, N failed" to the totals
	local line p f
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$1" | tail -n 1)
	if [ -z "$line" ]; then
		fail=$((fail + 1))
		return
	fi
	p=${line%% passed*}
	f=${line#* passed, }
	f=${f%% failed*}
	pass=$((pass + p))
	fail=$((fail + f))
}

start=$(date +%s)
pids=()
if make -s BUILD="$build" fuzz-build >"$logs/fuzz-build.log" 2>&1; then
	for t in "${targets[@]}"; do
		nice -n 10 tests/fuzz/run.sh -b "$build/fuzz" -t 0 -n "$per_job" \
			-j "$jobs" "$t" >"$logs/$t.out" 2>&1
	done &
	pids+=($!)
else
	tail -n 20 "$logs/fuzz-build.log"
	echo "not ok - build of the fuzz targets"
	fail=$((fail + 1))
fi

BUILD=$build VFIO_FUZZ_KERNELS=$kernels VFIO_FUZZ_TIME=$vm_time \
	tests/tiers/vfio-fuzz >"$logs/vfio-fuzz.out" 2>&1
grep -E '^(# vfio-fuzz|# storm|# firmware|# checked|# handshake|# chaos|ok |not ok |run-vm:|vfio-fuzz tier:)' \
	"$logs/vfio-fuzz.out"
count "$logs/vfio-fuzz.out"

for pid in "${pids[@]}"; do
	wait "$pid"
done
for t in "${targets[@]}"; do
	[ -f "$logs/$t.out" ] || continue
	cat "$logs/$t.out"
	count "$logs/$t.out"
	# Keep what adds coverage, in the committed seeds
	if [ -x "$build/fuzz/$t" ] && [ -d "$build/fuzz/corpus/$t" ]; then
		before=$(ls "tests/fuzz/corpus/$t" | wc -l)
		"$build/fuzz/$t" -merge=1 "tests/fuzz/corpus/$t" \
			"$build/fuzz/corpus/$t" >"$logs/$t-merge.log" 2>&1
		echo "# $t: committed corpus $before -> $(ls "tests/fuzz/corpus/$t" | wc -l) inputs ($(du -sk "tests/fuzz/corpus/$t" | cut -f1) KiB)"
	fi
done
echo "# soak: $(($(date +%s) - start)) s in all"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
