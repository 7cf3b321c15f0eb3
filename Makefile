# SPDX-License-Identifier: GPL-2.0
#
# Top-level wrapper. Userspace targets never need a kernel tree:
#   make            build build/opregionctl (the engine compiled for userspace)
#   make check      every test tier that exists: userspace, KUnit, VM
#   make bench      callgrind instruction counts against a baseline
#   make fuzz       libFuzzer smoke run (FUZZ_TIME=seconds for longer runs)
#   make soak       10^7 executions of each fuzzer and the vfio-fuzz VM for
#                   30 minutes (tests/soak.sh; never part of make check)
# Kernel targets (modules, kunit, coverage, demo) live in the fragments below.

BUILD		?= build
CC		?= cc
CFLAGS		?= -O2 -g
IOP_CFLAGS	:= -std=gnu11 -Wall -Wextra -Werror -Wno-unused-parameter \
		   -Iinclude -Ilib -Itools
LIB_SRCS	:= lib/iop_table.c lib/iop_probe.c lib/iop_access.c
LIB_HDRS	:= $(wildcard include/igd_opregion/*.h lib/*.h tools/*.h)
PLAT_SRCS	:= tools/platform.c lib/iop_build.c
OPREGIONCTL	:= $(BUILD)/opregionctl

.PHONY: all check clean
all: $(OPREGIONCTL)

$(BUILD):
	mkdir -p $@

# opregionctl: the main with the command table, one file per command
# (tools/cmd_<name>.c, listed in tools/commands.h) and what they share
TOOL_SRCS	:= tools/opregionctl.c tools/common.c tools/print.c \
		   $(sort $(wildcard tools/cmd_*.c)) tools/doctor_env.c

$(OPREGIONCTL): $(TOOL_SRCS) tools/commands.h $(PLAT_SRCS) $(LIB_SRCS) $(LIB_HDRS) | $(BUILD)
	$(CC) $(CFLAGS) $(IOP_CFLAGS) -o $@ $(TOOL_SRCS) $(PLAT_SRCS) $(LIB_SRCS)

# Each tier is a script tests/tiers/<name> that ends with
# "N passed, N failed[, N skipped]"; tests/run-tiers.sh runs them in this
# order and sums them.
TIER_ORDER	:= unit realdata tool doctor property fuzz kunit matrix vm vfio-fuzz \
		   qemu deb
CHECK_TIERS	?= $(foreach t,$(TIER_ORDER),$(if $(wildcard tests/tiers/$(t)),$(t)))

-include tests/user/user.mk
-include tests/prop/prop.mk
-include scripts/kernel.mk
-include tests/vm/vm.mk
-include tests/vm/fuzz.mk
-include scripts/deb.mk

check: all
	tests/run-tiers.sh $(CHECK_TIERS)

# SOAK_RUNS (executions per fuzzer), SOAK_VM_TIME (seconds), SOAK_KERNELS
.PHONY: soak
soak:
	BUILD=$(BUILD) tests/soak.sh

clean:
	rm -rf $(BUILD)
