#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run-tiers.sh TIER... - run each test tier's script (tests/tiers/<tier>),
# show its output, and sum the "N passed, N failed[, N skipped]" line each
# one ends with. A tier that exits non-zero or prints no summary counts as
# one failure. Ends with the total line; exits 1 if anything failed.
set -u
cd "$(dirname "$0")/.."

total_pass=0 total_fail=0 total_skip=0
for tier in "$@"; do
	script=tests/tiers/$tier
	echo "=== tier $tier"
	log=$(mktemp)
	"$script" 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
	rm -f "$log"
	if [ -z "$line" ]; then
		echo "tier $tier: no summary line (exit $rc)"
		total_fail=$((total_fail + 1))
		continue
	fi
	p=$(sed -E 's/^([0-9]+) passed.*/\1/' <<<"$line")
	f=$(sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/' <<<"$line")
	s=0
	grep -qE 'skipped' <<<"$line" && s=$(sed -E 's/.*, ([0-9]+) skipped.*/\1/' <<<"$line")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "tier $tier: exit $rc with no failed test"
		f=1
	fi
	echo "tier $tier: $p passed, $f failed, $s skipped"
	total_pass=$((total_pass + p))
	total_fail=$((total_fail + f))
	total_skip=$((total_skip + s))
done
echo "$total_pass passed, $total_fail failed, $total_skip skipped"
[ "$total_fail" -eq 0 ]
