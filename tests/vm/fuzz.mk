# SPDX-License-Identifier: GPL-2.0
#
# The vfio-fuzz VM (tests/vm/vfio_fuzz.c), -included by the top-level
# Makefile after tests/vm/vm.mk, whose modules and initramfs script it uses:
#   make check-vfio-fuzz  one run on VM_KERNEL (default 6.12) of
#                   VFIO_FUZZ_TIME seconds (default 20); VFIO_FUZZ_SEED=N
#                   replays a run's random choices (not its interleaving)
#   make vfio-fuzz-initramfs  the modules, the program and its initramfs
# tests/tiers/vfio-fuzz runs it on 6.12 and 7.2 for make check, make soak
# for 30 minutes.
#
# The initramfs is the VM tier's with vfio_fuzz as the guest program: /init
# runs it as /bin/guest_i915 --vfio-fuzz. Two vCPUs (VFIO_FUZZ_SMP), so
# that the firmware storm, the guest's accesses and the unbinds really run
# at the same time.

VFIO_FUZZ_TIME	?= 20
VFIO_FUZZ_SEED	?=
VFIO_FUZZ_SMP	?= 2
VM_FUZZ		:= $(VM_OUT)/vfio_fuzz
VM_FUZZ_INITRD	:= $(VM_OUT)/initrd-fuzz-$(VM_KERNEL).cpio.gz

.PHONY: vfio-fuzz-initramfs check-vfio-fuzz

$(VM_FUZZ): tests/vm/vfio_fuzz.c tests/vm/vfio_dev.c tests/vm/vfio_dev.h \
	    tests/vm/vmtest.c tests/vm/vmtest.h | $(VM_OUT)
	$(CC) $(VM_CFLAGS) -o $@ tests/vm/vfio_fuzz.c tests/vm/vfio_dev.c \
		tests/vm/vmtest.c -lpthread

vfio-fuzz-initramfs: vm-modules $(VM_FUZZ)
	tests/vm/mkinitramfs.sh $(VM_FUZZ_INITRD) $(VM_MODULES) $(VM_MOD) \
		$(VM_FUZZ) $(VM_VBT_DIR)

check-vfio-fuzz: $(if $(VM_NOBUILD),,vfio-fuzz-initramfs)
	VM_SMP=$(VFIO_FUZZ_SMP) VM_TIMEOUT=$$(( $(VFIO_FUZZ_TIME) + 600 )) \
	VM_APPEND="$(VM_APPEND) igd_fuzz_time=$(VFIO_FUZZ_TIME)$(if $(VFIO_FUZZ_SEED), igd_fuzz_seed=$(VFIO_FUZZ_SEED))" \
	tests/vm/run-vm.sh vfio-fuzz $(VM_VMLINUZ) $(VM_FUZZ_INITRD) \
		$(VM_OUT)/console-vfio-fuzz-$(VM_KERNEL).log
