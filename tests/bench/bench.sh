#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench.sh BENCH_BINARY VBT_DIR - instruction counts of the engine's hot
# paths under callgrind, against a baseline in the same process.
#
# For each platform (20abs: 2.0 absolute, view 8 KiB + 8704; mbox4: VBT in
# mailbox 4, view 8 KiB) callgrind collects only inside bench.c's measured
# functions (--toggle-collect); their inclusive Ir divided by the iteration
# count is the per-call cost. Prints per-call instructions and the verdict
# against the targets: the full read within 1.15x of the baseline (the
# unavoidable work of the same read: copy, untorn loads, shadow compare;
# see bench.c), a 4-byte driver-owned write under 300 instructions. The
# ratio to a bare memcpy of the view is printed for the record, not
# gated. The callgrind files stay next to the binary for callgrind_annotate.
# Note: glibc's memcpy takes an AVX loop for 8 KiB and "rep movsb" for
# larger copies, which callgrind counts once per byte: the baseline's
# per-byte cost differs a lot between the two platforms.
set -u
bin=${1:?usage: bench.sh BENCH_BINARY VBT_DIR}
vbt_dir=${2:?usage: bench.sh BENCH_BINARY VBT_DIR}
dir=$(dirname "$bin")
fns=(bench_read_view bench_base_view bench_memcpy_view bench_write_ardy)

command -v valgrind >/dev/null || { echo "bench: valgrind missing" >&2; exit 1; }

ir_of() {	# inclusive Ir of function $2 in callgrind file $1
	callgrind_annotate --inclusive=yes --threshold=100 "$1" 2>/dev/null |
		awk -v fn="$2" '$0 ~ (":" fn " ") { gsub(",", "", $1); print $1; exit }'
}

status=0
fmt="%-6s %6s %8s %8s %7s %9s %7s %8s  %s\n"
printf "$fmt" config view "read Ir" "base Ir" ratio "memcpy Ir" ratio "write Ir" verdict
for cfg in 20abs mbox4; do
	out=$dir/callgrind.$cfg.out
	toggles=()
	for f in "${fns[@]}"; do toggles+=(--toggle-collect="$f"); done
	if ! log=$(valgrind --tool=callgrind --collect-atstart=no "${toggles[@]}" \
			--callgrind-out-file="$out" "$bin" "$vbt_dir" "$cfg" 2>"$dir/valgrind.$cfg.log"); then
		echo "bench: $cfg failed:" >&2
		tail -n 5 "$dir/valgrind.$cfg.log" >&2
		exit 1
	fi
	iter=$(sed -nE 's/.* iterations ([0-9]+).*/\1/p' <<<"$log")
	view=$(sed -nE 's/.* view ([0-9]+) .*/\1/p' <<<"$log")
	read_ir=$(ir_of "$out" bench_read_view)
	base_ir=$(ir_of "$out" bench_base_view)
	copy_ir=$(ir_of "$out" bench_memcpy_view)
	write_ir=$(ir_of "$out" bench_write_ardy)
	if [ -z "$iter" ] || [ -z "$read_ir" ] || [ -z "$base_ir" ] ||
	   [ -z "$copy_ir" ] || [ -z "$write_ir" ]; then
		echo "bench: $cfg: could not read the callgrind results ($out)" >&2
		exit 1
	fi
	read1=$((read_ir / iter)) base1=$((base_ir / iter))
	copy1=$((copy_ir / iter)) write1=$((write_ir / iter))
	ratio=$(awk -v a="$read1" -v b="$base1" 'BEGIN { printf "%.3f", a / b }')
	copy_ratio=$(awk -v a="$read1" -v b="$copy1" 'BEGIN { printf "%.3f", a / b }')
	verdict=""
	awk -v r="$ratio" 'BEGIN { exit !(r <= 1.15) }' ||
		verdict+="read over 1.15x baseline; "
	[ "$write1" -lt 300 ] || verdict+="write not under 300 Ir; "
	[ -n "$verdict" ] && status=1
	printf "$fmt" "$cfg" "$view" "$read1" "$base1" "${ratio}x" "$copy1" \
		"${copy_ratio}x" "$write1" "${verdict:-targets met}"
done
echo "(Ir per call, inclusive of the platform model's ops; callgrind files: $dir/callgrind.*.out)"
exit $status
