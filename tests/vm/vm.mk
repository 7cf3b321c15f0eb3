# SPDX-License-Identifier: GPL-2.0
#
# VM targets, -included by the top-level Makefile:
#   make demo       provision, build, boot the VM with the default simulated
#                   OpRegion 2.0 platform and narrate a guest backlight
#                   request and an SWSCI round trip, then the ftrace log
#   make check-vm   the VM tier alone (tests/tiers/vm runs it for make check)
#   make vm-initramfs  build the modules, the guest program and the initramfs
#   make qemu       build the patched minimal QEMU (scripts/qemu-build.sh)
#   make check-qemu the qemu tier alone (tests/tiers/qemu runs it for make
#                   check): the patched QEMU inside the VM assigns the
#                   stand-in, a qtest client plays guest firmware and i915
#   make qemu-series-check  apply both series (vmm/qemu/) to Debian's
#                   sid and trixie sources and build both QEMUs
#
# The modules are built against Debian's 6.12 headers with the simulated
# platform enabled (KMOD_SIM_CONFIG, scripts/kernel.mk), in a copy of the sources
# under $(VM_OUT)/mod: that configuration differs from the production one
# `make modules` builds, and the two must not overwrite each other's objects.
# The copy is made by content (cmp, then cp without keeping times): a
# changed file gets a new mtime even when its source is older than its
# last build, so kbuild rebuilds what changed and nothing else.

IGD_CACHE	?= $(HOME)/.cache/igd-opregion
VM_KDIR		?= $(IGD_CACHE)/debian/kdir
VM_KERNEL	?= $(IGD_CACHE)/debian/vmlinuz
VM_MODULES	?= $(IGD_CACHE)/debian/modules
VM_VBT_DIR	?= tests/data/vbt
VM_OUT		:= $(BUILD)/vm
VM_MOD		:= $(VM_OUT)/mod
VM_GUEST	:= $(VM_OUT)/guest_i915
VM_INITRD	:= $(VM_OUT)/initrd.cpio.gz
VM_QTEST	:= $(VM_OUT)/qtest_igd
VM_QINITRD	:= $(VM_OUT)/initrd-qemu.cpio.gz
QEMU_VERSION	?= 10.2.2
QEMU_BIN	:= $(IGD_CACHE)/qemu/build-$(QEMU_VERSION)/qemu-system-x86_64
VM_SRCS		= $(shell find Kbuild Kconfig include lib drivers -type f \
		    \( -name '*.[ch]' -o -name Kbuild -o -name Kconfig \))

.PHONY: demo check-vm vm-modules vm-initramfs qemu qemu-initramfs check-qemu \
	qemu-series-check

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

$(VM_QTEST): tests/qemu/qtest_igd.c tests/vm/vmtest.c tests/vm/vmtest.h | $(VM_OUT)
	$(CC) $(VM_CFLAGS) -o $@ tests/qemu/qtest_igd.c tests/vm/vmtest.c

qemu:
	scripts/qemu-build.sh $(QEMU_VERSION) >/dev/null

qemu-series-check:
	scripts/qemu-build.sh 10.2.2
	scripts/qemu-build.sh 10.0.13

vm-modules: | $(VM_OUT)
	@test -f $(VM_KDIR)/Makefile || { echo "no kernel headers at $(VM_KDIR):" \
		"run scripts/provision.sh vm"; exit 1; }
	@for f in $(VM_SRCS); do \
		mkdir -p $(VM_MOD)/$$(dirname $$f); \
		cmp -s $$f $(VM_MOD)/$$f || cp $$f $(VM_MOD)/$$f || exit 1; \
	done
	$(MAKE) -C $(VM_KDIR) M=$(abspath $(VM_MOD)) $(KMOD_SIM_CONFIG) modules

vm-initramfs: vm-modules $(VM_GUEST)
	tests/vm/mkinitramfs.sh $(VM_INITRD) $(VM_MODULES) $(VM_MOD) \
		$(VM_GUEST) $(VM_VBT_DIR)

qemu-initramfs: vm-modules $(VM_GUEST) $(VM_QTEST) qemu
	QEMU_BIN=$(QEMU_BIN) QTEST_CLIENT=$(VM_QTEST) tests/vm/mkinitramfs.sh \
		$(VM_QINITRD) $(VM_MODULES) $(VM_MOD) $(VM_GUEST) $(VM_VBT_DIR)

# VM_NOBUILD=1: boot what was built last (the tier builds first, once)
check-vm: $(if $(VM_NOBUILD),,vm-initramfs)
	tests/vm/run-vm.sh test $(VM_KERNEL) $(VM_INITRD) $(VM_OUT)/console-test.log

check-qemu: $(if $(VM_NOBUILD),,qemu-initramfs)
	tests/vm/run-vm.sh qemu $(VM_KERNEL) $(VM_QINITRD) $(VM_OUT)/console-qemu.log

demo:
	@start=$$(date +%s); \
	scripts/provision.sh vm qemu && \
	$(MAKE) --no-print-directory qemu-initramfs && \
	tests/vm/run-vm.sh demo $(VM_KERNEL) $(VM_QINITRD) \
		$(VM_OUT)/console-demo.log; \
	rc=$$?; \
	echo "make demo: $$(( $$(date +%s) - start )) s in all (provision, build, VM)"; \
	exit $$rc
