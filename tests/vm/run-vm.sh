#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run-vm.sh MODE KERNEL INITRD LOG
#
# Boots KERNEL (Debian's 6.1 or 6.12, or the 7.2 that
# scripts/kernel-build.sh builds) with the test initramfs in QEMU (q35, TCG,
# one CPU, an emulated VT-d IOMMU and QEMU's edu device as the stand-in
# IGD) and judges the run from the console alone, because QEMU exits 0
# even when the guest panics. MODE is "test" (the VM tier), "qemu" (the
# qemu tier: a patched QEMU inside this VM assigns the stand-in), "demo" or
# "leakcontrol" (the kmemleak check's positive control: its leaks are
# expected, the guest program judges them).
#
# no_timer_check: under TCG on a loaded host the boot-time IO-APIC timer
# check can time out, and with VT-d interrupt remapping the kernel then
# panics ("timer doesn't work through Interrupt-remapped IO-APIC").
#
# Pass/fail: every "ok N" / "not ok N" line of the guest programs counts,
# "ok N - ... # SKIP why" as skipped; then one more failure for each of: no
# "IGD-VM: DONE" marker (timeout, panic, hang), no summary line from the
# guest program, kernel problem lines (Oops, BUG, WARNING (lockdep's
# reports among them), KASAN, UBSAN, Call Trace, panic, a hung task,
# kmemleak's "new suspected memory leaks"). The last line printed is
# "N passed, N failed[, N skipped]". Exit status 0 only without failures.
# The whole console is kept in LOG. log_buf_len: the fault flows log a
# line per injected failure, and /init's final scan of the kernel log
# must still see the first lines.
#
# Environment: VM_TIMEOUT (seconds, default 600), QEMU (binary),
# QEMU_ACCEL (default tcg: the machines this runs on have no usable KVM),
# VM_APPEND (more kernel parameters; igd_dmesg=1 dumps the kernel log),
# VM_SMP (vCPUs, default 1; the vfio-fuzz tier uses 2).
set -uo pipefail

[ $# -eq 4 ] || { echo "usage: $0 test|qemu|demo|leakcontrol KERNEL INITRD LOG" >&2; exit 2; }
mode=$1 kernel=$2 initrd=$3 log=$4
timeout=${VM_TIMEOUT:-600}
qemu=${QEMU:-qemu-system-x86_64}
accel=${QEMU_ACCEL:-tcg}

for f in "$kernel" "$initrd"; do
	[ -r "$f" ] || { echo "run-vm: cannot read $f"; echo "0 passed, 1 failed"; exit 1; }
done
command -v "$qemu" >/dev/null ||
	{ echo "run-vm: $qemu not found (package qemu-system-x86)"; echo "0 passed, 1 failed"; exit 1; }

# What the console shows of a run: the guest program's lines and markers.
if [ "$mode" = demo ]; then
	show='^(demo:|ok |not ok |#|IGD-VM|[0-9]+ passed)'
else
	show='^(ok |not ok |#|IGD-VM|[0-9]+ passed)'
fi
problems='WARNING:|BUG:|Oops|KASAN|UBSAN|Call Trace|Kernel panic|general protection|lockdep is turned off|INFO: |suspected memory leaks'
[ "$mode" = leakcontrol ] && problems=${problems%|suspected memory leaks}

start=$(date +%s.%N)
timeout -k 10 "$timeout" "$qemu" \
	-machine q35 -accel "$accel" -smp "${VM_SMP:-1}" -m 512 \
	-bios /usr/share/qemu/qboot.rom -nographic -no-reboot -nic none \
	-vga none -device intel-iommu -device edu \
	-kernel "$kernel" -initrd "$initrd" \
	-append "console=ttyS0 quiet log_buf_len=1M intel_iommu=on no_timer_check panic=-1 oops=panic memmap=1M\$0x10000000 igd_opregion_sim.fwmem_base=0x10000000 igd_opregion_sim.fwmem_size=0x100000 igd_mode=$mode ${VM_APPEND:-}" \
	</dev/null 2>&1 | tr -d '\r' | tee "$log" |
	grep --line-buffered -E "$show|$problems"
qemu_rc=${PIPESTATUS[0]}
elapsed=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')

skip=$(grep -cE '^ok [0-9]+ .*# SKIP' "$log")
pass=$(($(grep -cE '^ok [0-9]+' "$log") - skip))
fail=$(grep -cE '^not ok [0-9]+' "$log")
if ! grep -q '^IGD-VM: DONE' "$log"; then
	echo "run-vm: no DONE marker (qemu exit $qemu_rc after ${elapsed}s: timeout, panic or hang)"
	fail=$((fail + 1))
fi
if ! grep -qE '^[0-9]+ passed, [0-9]+ failed' "$log"; then
	echo "run-vm: the guest program printed no summary"
	fail=$((fail + 1))
fi
if grep -qE "$problems" "$log"; then
	echo "run-vm: the kernel reported problems:"
	grep -E "$problems" "$log" | head -20 | sed 's/^/run-vm:   /'
	fail=$((fail + 1))
fi
echo "run-vm: $mode VM wall time ${elapsed}s (boot to poweroff), console log in $log"
if [ "$skip" -gt 0 ]; then
	echo "$pass passed, $fail failed, $skip skipped"
else
	echo "$pass passed, $fail failed"
fi
[ "$fail" -eq 0 ]
