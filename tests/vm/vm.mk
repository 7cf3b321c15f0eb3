# SPDX-License-Identifier: GPL-2.0
#
# VM targets, -included by the top-level Makefile:
#   make demo       provision, build, boot the VM with the default simulated
#                   OpRegion 2.0 platform and narrate a guest backlight
#                   request and an SWSCI round trip, then the ftrace log
#   make check-vm   the VM flows on one kernel, VM_KERNEL=6.1, 6.12 (the
#                   default) or 7.2 (tests/tiers/vm runs them for make check);
#                   on the kernels of VM_DEBUG_KERNELS (7.2: kmemleak and
#                   fault injection) also the kmemleak and fault flows
#   make check-vm-leak-control  the positive control of those kmemleak
#                   checks (VM_DEBUG_KERNELS only): modules whose
#                   iop_kdev_open() leaks, built apart, must be reported
#   make vm-initramfs  build the modules, the guest program and the initramfs
#                   for VM_KERNEL
#   make matrix-vm  build and run the VM flows on 6.1, 6.12 and 7.2
#   make qemu       build the patched minimal QEMU (scripts/qemu-build.sh)
#   make check-qemu the qemu tier alone (tests/tiers/qemu runs it for make
#                   check): the patched QEMU inside the VM assigns the
#                   stand-in, a qtest client plays guest firmware and i915
#   make qemu-series-check  apply both series (vmm/qemu/) to Debian's
#                   sid and trixie sources and build both QEMUs
#
# The kernels: Debian's 6.1 and 6.12 and a 7.2 built from sid's source, as
# scripts/provision.sh kernel-6.1, vm and kernel-7.2 leave them in
# $(IGD_CACHE)/kernel/<version>/{kdir,vmlinuz,modules}. The modules are built
# against VM_KERNEL's kdir with the simulated platform enabled
# (KMOD_SIM_CONFIG, scripts/kernel.mk), in a copy of the sources under
# $(VM_OUT)/mod-<version>: that configuration differs from the production one
# `make modules` builds, and no two builds overwrite each other's objects.
# The copy is made by content (cmp, then cp without keeping times): a
# changed file gets a new mtime even when its source is older than its
# last build, so kbuild rebuilds what changed and nothing else.

IGD_CACHE	?= $(HOME)/.cache/igd-opregion
VM_KERNELS	:= 6.1 6.12 7.2
VM_KERNEL	?= 6.12
VM_KDIR		?= $(IGD_CACHE)/kernel/$(VM_KERNEL)/kdir
VM_VMLINUZ	?= $(IGD_CACHE)/kernel/$(VM_KERNEL)/vmlinuz
VM_MODULES	?= $(IGD_CACHE)/kernel/$(VM_KERNEL)/modules
VM_VBT_DIR	?= tests/data/vbt
# Kernels built with kmemleak and fault injection (scripts/kernel/7.2.config):
# the guest must run its kmemleak and fault flows there (igd_debug=1), and
# reports them as skipped on the others.
VM_DEBUG_KERNELS ?= 7.2
VM_DEBUG	:= $(filter $(VM_KERNEL),$(VM_DEBUG_KERNELS))
VM_OUT		:= $(BUILD)/vm
# VM_LEAK_CONTROL=1: the kmemleak control's modules and initramfs, apart
VM_LEAK		:= $(if $(VM_LEAK_CONTROL),-leak)
VM_MOD		:= $(VM_OUT)/mod-$(VM_KERNEL)$(VM_LEAK)
VM_GUEST	:= $(VM_OUT)/guest_i915
VM_FAULTS	:= $(VM_OUT)/guest_faults
VM_INITRD	:= $(VM_OUT)/initrd-$(VM_KERNEL)$(VM_LEAK).cpio.gz
VM_QTEST	:= $(VM_OUT)/qtest_igd
VM_QINITRD	:= $(VM_OUT)/initrd-qemu-$(VM_KERNEL).cpio.gz
# The provision.sh step that fetches or builds each kernel
VM_PROVISION_6.1  := kernel-6.1
VM_PROVISION_6.12 := vm
VM_PROVISION_7.2  := kernel-7.2
QEMU_VERSION	?= 10.2.2
QEMU_BIN	:= $(IGD_CACHE)/qemu/build-$(QEMU_VERSION)/qemu-system-x86_64
VM_SRCS		= $(shell find Kbuild Kconfig include lib drivers -type f \
		    \( -name '*.[ch]' -o -name Kbuild -o -name Kconfig \))

.PHONY: demo check-vm check-vm-leak-control vm-modules vm-initramfs qemu \
	qemu-initramfs check-qemu \
	qemu-series-check matrix-vm

$(VM_OUT):
	mkdir -p $@

VM_CFLAGS	:= -static -O2 -g -std=gnu11 -Wall -Wextra -Werror \
		   -Wno-unused-parameter -Itests/vm

# The guest links the userspace platform model to hold the simulated
# firmware's images against it.
VM_MODEL_SRCS	:= tests/vm/model_image.c tools/platform.c lib/iop_build.c

$(VM_GUEST): tests/vm/guest_i915.c tests/vm/vfio_dev.c tests/vm/vfio_dev.h \
	     tests/vm/vmtest.c tests/vm/vmtest.h tests/vm/model_image.h \
	     $(VM_MODEL_SRCS) $(LIB_HDRS) | $(VM_OUT)
	$(CC) $(VM_CFLAGS) -Iinclude -Itools -o $@ tests/vm/guest_i915.c \
		tests/vm/vfio_dev.c tests/vm/vmtest.c $(VM_MODEL_SRCS) -lpthread

$(VM_FAULTS): tests/vm/guest_faults.c tests/vm/vfio_dev.c tests/vm/vfio_dev.h \
	      tests/vm/vmtest.c tests/vm/vmtest.h | $(VM_OUT)
	$(CC) $(VM_CFLAGS) -o $@ tests/vm/guest_faults.c tests/vm/vfio_dev.c \
		tests/vm/vmtest.c

$(VM_QTEST): tests/qemu/qtest_igd.c tests/vm/vmtest.c tests/vm/vmtest.h | $(VM_OUT)
	$(CC) $(VM_CFLAGS) -o $@ tests/qemu/qtest_igd.c tests/vm/vmtest.c

qemu:
	scripts/qemu-build.sh $(QEMU_VERSION) >/dev/null

qemu-series-check:
	scripts/qemu-build.sh 10.2.2
	scripts/qemu-build.sh 10.0.13

vm-modules: | $(VM_OUT)
	@test -f $(VM_KDIR)/Makefile || { echo "no kernel headers at $(VM_KDIR):" \
		"run scripts/provision.sh $(or $(VM_PROVISION_$(VM_KERNEL)),kernels)"; \
		exit 1; }
	@for f in $(VM_SRCS); do \
		mkdir -p $(VM_MOD)/$$(dirname $$f); \
		cmp -s $$f $(VM_MOD)/$$f || cp $$f $(VM_MOD)/$$f || exit 1; \
	done
	$(MAKE) -C $(VM_KDIR) M=$(abspath $(VM_MOD)) $(KMOD_SIM_CONFIG) \
		$(if $(VM_LEAK_CONTROL),CONFIG_IGD_VFIO_PCI_KMEMLEAK_CONTROL=y) modules

vm-initramfs: vm-modules $(VM_GUEST) $(VM_FAULTS)
	GUEST_FAULTS=$(VM_FAULTS) tests/vm/mkinitramfs.sh $(VM_INITRD) \
		$(VM_MODULES) $(VM_MOD) $(VM_GUEST) $(VM_VBT_DIR)

qemu-initramfs: vm-modules $(VM_GUEST) $(VM_QTEST) qemu
	QEMU_BIN=$(QEMU_BIN) QTEST_CLIENT=$(VM_QTEST) tests/vm/mkinitramfs.sh \
		$(VM_QINITRD) $(VM_MODULES) $(VM_MOD) $(VM_GUEST) $(VM_VBT_DIR)

# VM_NOBUILD=1: boot what was built last (the tier builds first, once)
check-vm: $(if $(VM_NOBUILD),,vm-initramfs)
	VM_APPEND="$(VM_APPEND)$(if $(VM_DEBUG), igd_debug=1)" \
	tests/vm/run-vm.sh test $(VM_VMLINUZ) $(VM_INITRD) \
		$(VM_OUT)/console-test-$(VM_KERNEL).log

check-vm-leak-control:
	@test -n "$(VM_DEBUG)" || { echo "Linux $(VM_KERNEL) has no kmemleak" \
		"(VM_DEBUG_KERNELS: $(VM_DEBUG_KERNELS))"; exit 1; }
	$(if $(VM_NOBUILD),,$(MAKE) --no-print-directory VM_LEAK_CONTROL=1 vm-initramfs)
	tests/vm/run-vm.sh leakcontrol $(VM_VMLINUZ) \
		$(VM_OUT)/initrd-$(VM_KERNEL)-leak.cpio.gz \
		$(VM_OUT)/console-leakcontrol-$(VM_KERNEL).log

check-qemu: $(if $(VM_NOBUILD),,qemu-initramfs)
	tests/vm/run-vm.sh qemu $(VM_VMLINUZ) $(VM_QINITRD) \
		$(VM_OUT)/console-qemu-$(VM_KERNEL).log

demo:
	@start=$$(date +%s); \
	scripts/provision.sh vm qemu && \
	$(MAKE) --no-print-directory qemu-initramfs && \
	tests/vm/run-vm.sh demo $(VM_VMLINUZ) $(VM_QINITRD) \
		$(VM_OUT)/console-demo.log; \
	rc=$$?; \
	echo "make demo: $$(( $$(date +%s) - start )) s in all (provision, build, VM)"; \
	exit $$rc

# Every kernel, one after the other; a kernel that fails does not stop the
# others. Ends with the sum of their "N passed, N failed" lines.
matrix-vm:
	@pass=0; fail=0; \
	for k in $(VM_KERNELS); do \
		echo "=== VM flows on Linux $$k"; \
		out=$(VM_OUT)/matrix-vm-$$k.out; mkdir -p $(VM_OUT); \
		$(MAKE) --no-print-directory -s check-vm VM_KERNEL=$$k 2>&1 | \
			tee $$out; \
		line=$$(grep -E '^[0-9]+ passed, [0-9]+ failed' $$out | tail -n 1); \
		if [ -z "$$line" ]; then fail=$$((fail + 1)); \
		else pass=$$((pass + $${line%% passed*})); \
			f=$${line#* passed, }; fail=$$((fail + $${f%% failed*})); fi; \
		echo "matrix-vm: Linux $$k: $${line:-build failed}"; \
	done; \
	echo "$$pass passed, $$fail failed"; \
	[ $$fail -eq 0 ]
