#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh [-b FUZZ_BUILD_DIR] [-t SECONDS] [-n RUNS] [-j JOBS] TARGET...
#
# Runs each libFuzzer target for SECONDS (per job; 0: no limit) or until
# it has executed RUNS inputs (-n, per job; make soak), on its working corpus
# FUZZ_BUILD_DIR/corpus/TARGET (new inputs go there) plus the committed
# seeds tests/fuzz/corpus/TARGET (read only; regression reproducers live
# there too). Crash, leak, timeout and OOM reproducers are written to
# FUZZ_BUILD_DIR/artifacts/TARGET-*. With JOBS > 1 the target runs as
# libFuzzer -jobs=JOBS -workers=JOBS, logs in FUZZ_BUILD_DIR/logs/TARGET/.
# Prints one "ok N - TARGET: E executions in S s, cov C ft F" line per
# target (E summed from stat::number_of_executed_units of
# -print_final_stats=1; C and F the largest edge and feature coverage
# libFuzzer reported), the log tail of a failing one, and ends with
# "N passed, N failed".
set -u
cd "$(dirname "$0")/../.."

bdir=build/fuzz time=30 jobs=1 runs=-1
while getopts "b:t:n:j:" opt; do
	case $opt in
	b) bdir=$OPTARG ;;
	t) time=$OPTARG ;;
	n) runs=$OPTARG ;;
	j) jobs=$OPTARG ;;
	*) echo "usage: $0 [-b DIR] [-t SECONDS] [-n RUNS] [-j JOBS] TARGET..." >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))

passed=0 failed=0 n=0
for t in "$@"; do
	n=$((n + 1))
	bin=$(realpath "$bdir/$t")
	work=$(realpath -m "$bdir/corpus/$t")
	seeds=$(realpath "tests/fuzz/corpus/$t")
	arts=$(realpath -m "$bdir/artifacts")
	logs=$(realpath -m "$bdir/logs/$t")
	mkdir -p "$work" "$arts" "$logs"
	rm -f "$logs"/*.log
	args=(-max_total_time="$time" -runs="$runs" -print_final_stats=1 -timeout=10
	      -artifact_prefix="$arts/$t-" "$work" "$seeds")
	start=$(date +%s)
	if [ "$jobs" -gt 1 ]; then
		(cd "$logs" && "$bin" -jobs="$jobs" -workers="$jobs" "${args[@]}" \
			>"$logs/main.log" 2>&1)
		rc=$?
	else
		"$bin" "${args[@]}" >"$logs/fuzz-0.log" 2>&1
		rc=$?
	fi
	secs=$(($(date +%s) - start))
	execs=$(cat "$logs"/fuzz-*.log 2>/dev/null |
		awk '/stat::number_of_executed_units/ { s += $2 } END { print s + 0 }')
	# Coverage: the largest "cov: N ft: N" a job reached (edges, features)
	cov=$(cat "$logs"/fuzz-*.log 2>/dev/null | awk '/ cov: [0-9]+ ft: / {
		for (i = 1; i < NF; i++) {
			if ($i == "cov:" && $(i + 1) > c) c = $(i + 1)
			if ($i == "ft:" && $(i + 1) > f) f = $(i + 1)
		} } END { printf "cov %d ft %d", c, f }')
	found=$(grep -l -E "^==[0-9]+==ERROR|^SUMMARY: |deadly signal|invariant broken" \
		"$logs"/*.log 2>/dev/null)
	if [ "$rc" -eq 0 ] && [ -z "$found" ]; then
		passed=$((passed + 1))
		echo "ok $n - $t: $execs executions in $secs s, $cov ($jobs job(s), corpus $(ls "$work" | wc -l) + $(ls "$seeds" | wc -l) seeds)"
	else
		failed=$((failed + 1))
		echo "# $t: exit $rc; reproducers: $(ls "$arts" | grep "^$t-" | tr '\n' ' ')"
		for f in ${found:-"$logs"/fuzz-0.log}; do
			tail -n 30 "$f" | sed 's/^/# /'
		done
		echo "not ok $n - $t: $execs executions in $secs s, $cov"
	fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
