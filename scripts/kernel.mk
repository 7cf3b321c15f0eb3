# SPDX-License-Identifier: GPL-2.0
#
# Kernel targets, -included by the top-level Makefile:
#   make modules        igd-vfio-pci.ko, out of tree, against KDIR (default:
#                       the Debian 6.12 headers scripts/provision.sh vm
#                       fetches; fetched first if missing)
#   make modules-check  igd-vfio-pci.ko and the test-only igd-opregion-sim.ko
#                       with W=1 and sparse (C=2) on every source: fails on
#                       any compiler or sparse warning
#   make matrix         modules-check against each kernel of MATRIX_KERNELS:
#                       Debian's 6.1 and 6.12 and the 7.2 built from sid's
#                       source ($(IGD_CACHE)/kernel/<version>/kdir, fetched
#                       or built first if missing), each in its own
#                       $(BUILD)/matrix/<version>
#   make kunit          the KUnit suites on UML: plain, then with KASAN,
#                       UBSAN, lockdep, DEBUG_ATOMIC_SLEEP and kmemleak
#                       (scripts/kunit.sh); fails unless both pass
#   make coverage       the suites with gcov: line coverage of lib/, which
#                       must reach COVERAGE_MIN percent
#   make kcsan          the suites on x86_64 (QEMU TCG, 2 vCPUs) with KCSAN:
#                       first the positive control (a planted data race
#                       KCSAN must report), then the real run (0 reports);
#                       not part of make check (a cold build is long)
#   make kmemleak       the suites on UML with kmemleak and a scan after
#                       them: first the positive control (iop_kdev_open()
#                       leaks; kmemleak must report it), then the real run
#                       (0 leaks)
#
# Out-of-tree builds run in a copy of the sources under $(BUILD): objects
# never land in the repository, which scripts/kunit.sh grafts into a
# kernel tree, where kbuild would take stray objects for its own.

IGD_CACHE	?= $(HOME)/.cache/igd-opregion
KDIR		?= $(IGD_CACHE)/debian/kdir
KMOD_OUT	:= $(BUILD)/kmod
KMOD_CHECK_OUT	?= $(BUILD)/kmod-check
MATRIX_KERNELS	?= 6.1 6.12 7.2
COVERAGE_MIN	?= 90
KMOD_EXCLUDE	:= --exclude='*.o' --exclude='*.ko' --exclude='*.mod' \
		   --exclude='*.mod.c' --exclude='.*.cmd' --exclude='*.a' \
		   --exclude=modules.order --exclude=Module.symvers
KMOD_SRCS	:= Kbuild Kconfig include lib drivers
# Out of tree no .config names our symbols: they are set on the command
# line as Kconfig would set them (Kbuild). The production build, and the
# one with the simulated platform that the tests use.
KMOD_CONFIG	:= CONFIG_IGD_VFIO_PCI=m CONFIG_IGD_OPREGION_PROXY=m
KMOD_SIM_CONFIG	:= $(KMOD_CONFIG) CONFIG_IGD_OPREGION_SIM=m

.PHONY: modules modules-check kunit coverage kdir matrix kcsan kmemleak

# The default KDIR and those of the matrix are provisioned on demand; a KDIR
# given by hand must exist.
kdir:
	@if [ ! -f "$(KDIR)/Makefile" ]; then \
		if [ "$(KDIR)" = "$(IGD_CACHE)/debian/kdir" ] || \
		   [ "$(KDIR)" = "$(IGD_CACHE)/kernel/6.12/kdir" ]; then \
			scripts/provision.sh vm || exit 1; \
		elif [ "$(KDIR)" = "$(IGD_CACHE)/kernel/6.1/kdir" ]; then \
			scripts/provision.sh kernel-6.1 || exit 1; \
		elif [ "$(KDIR)" = "$(IGD_CACHE)/kernel/7.2/kdir" ]; then \
			scripts/provision.sh kernel-7.2 || exit 1; \
		else \
			echo "KDIR=$(KDIR) has no kernel Makefile"; exit 1; \
		fi; \
	fi

# copy-sources DIR: mirror the kbuild sources into DIR (deleting stale ones)
define copy-sources
	mkdir -p $(1)
	rsync -a --delete $(KMOD_EXCLUDE) $(KMOD_SRCS) $(1)/
endef

modules: kdir
	$(call copy-sources,$(KMOD_OUT))
	$(MAKE) -C $(KDIR) M=$(abspath $(KMOD_OUT)) $(KMOD_CONFIG) modules
	@ls $(KMOD_OUT)/*.ko

modules-check: kdir
	$(call copy-sources,$(KMOD_CHECK_OUT))
	@log=$(KMOD_CHECK_OUT)/check.log; \
	{ $(MAKE) -C $(KDIR) M=$(abspath $(KMOD_CHECK_OUT)) $(KMOD_SIM_CONFIG) \
		W=1 C=2 modules; \
	  echo $$? >$$log.rc; } 2>&1 | tee $$log; \
	[ "$$(cat $$log.rc)" = 0 ] || { echo "modules-check: build failed"; exit 1; }; \
	if grep -E 'warning:|error:' $$log; then \
		echo "modules-check: warnings (above)"; exit 1; \
	fi; \
	echo "modules-check: W=1 and sparse (C=2) clean against $$(readlink -f $(KDIR))"

# Every kernel, even after one failed; fails if any did.
matrix:
	@rc=0; mkdir -p $(BUILD); \
	for k in $(MATRIX_KERNELS); do \
		echo "=== modules-check against Linux $$k"; \
		if $(MAKE) --no-print-directory modules-check \
			KDIR=$(IGD_CACHE)/kernel/$$k/kdir \
			KMOD_CHECK_OUT=$(BUILD)/matrix/$$k >$(BUILD)/matrix-$$k.log 2>&1; \
		then tail -n 1 $(BUILD)/matrix-$$k.log; \
		else tail -n 30 $(BUILD)/matrix-$$k.log; rc=1; \
			echo "matrix: Linux $$k FAILED (log: $(BUILD)/matrix-$$k.log)"; fi; \
	done; \
	exit $$rc

kunit:
	@scripts/provision.sh kunit >/dev/null || { scripts/provision.sh kunit; exit 1; }
	@rc=0; \
	scripts/kunit.sh || rc=1; \
	scripts/kunit.sh --sanitizers || rc=1; \
	exit $$rc

# A control and its real run share a build folder (scripts/kunit.sh): both
# always run; the target fails if the control went unreported or the real
# run failed.
kcsan kmemleak:
	@scripts/provision.sh kunit >/dev/null || { scripts/provision.sh kunit; exit 1; }
	@rc=0; \
	scripts/kunit.sh --$@-control || rc=1; \
	scripts/kunit.sh --$@ || rc=1; \
	exit $$rc

coverage:
	@scripts/provision.sh kunit >/dev/null || { scripts/provision.sh kunit; exit 1; }
	@out=$$(mktemp); \
	{ scripts/kunit.sh --coverage; echo $$? >$$out.rc; } 2>&1 | tee $$out; \
	rc=$$(cat $$out.rc); \
	pct=$$(sed -nE 's/.*coverage of lib\/[^:]*: ([0-9.]+)%.*/\1/p' $$out | tail -n 1); \
	rm -f $$out $$out.rc; \
	if [ -z "$$pct" ]; then echo "coverage: no lib/ line coverage measured"; exit 1; fi; \
	echo "coverage: lib/ lines $$pct% (target $(COVERAGE_MIN)%)"; \
	awk -v p="$$pct" -v m="$(COVERAGE_MIN)" 'BEGIN { exit !(p >= m) }' || \
		{ echo "coverage: below $(COVERAGE_MIN)%"; exit 1; }; \
	exit $$rc
