# SPDX-License-Identifier: GPL-2.0
#
# Userspace test binaries (included by the top-level Makefile). Every one is
# built with ASan and UBSan, errors fatal, from the engine (lib/), the
# platform model (tools/platform.c) and the shared vectors:
#   make unit-test       $(BUILD)/iop-unit      (tests/tiers/unit runs it)
#   make realdata-test   $(BUILD)/iop-realdata  (tests/tiers/realdata runs it)

USER_SAN_CFLAGS	:= -O1 -g -fno-omit-frame-pointer \
		   -fsanitize=address,undefined -fno-sanitize-recover=all
USER_TEST_SRCS	:= $(PLAT_SRCS) $(LIB_SRCS)
USER_TEST_DEPS	:= $(USER_TEST_SRCS) $(LIB_HDRS) tests/iop_vectors.h tests/user/user.mk

IOP_UNIT	:= $(BUILD)/iop-unit
IOP_REALDATA	:= $(BUILD)/iop-realdata

.PHONY: unit-test realdata-test
unit-test: $(IOP_UNIT)
realdata-test: $(IOP_REALDATA)

# One file per area (unit_<area>.c), the host they share (unit_host.c,
# unit.h) and the runner (harness.c, harness.h)
IOP_UNIT_SRCS	:= $(addprefix tests/user/,unit.c unit_table.c unit_validation.c \
		     unit_view.c unit_ownership.c unit_handshake.c unit_events.c \
		     unit_session.c unit_host.c harness.c) tests/iop_vectors.c

$(IOP_UNIT): $(IOP_UNIT_SRCS) tests/user/unit.h tests/user/harness.h \
	     $(USER_TEST_DEPS) | $(BUILD)
	$(CC) $(USER_SAN_CFLAGS) $(IOP_CFLAGS) -Itests -o $@ \
		$(IOP_UNIT_SRCS) $(USER_TEST_SRCS)

$(IOP_REALDATA): tests/user/realdata.c $(USER_TEST_DEPS) | $(BUILD)
	$(CC) $(USER_SAN_CFLAGS) $(IOP_CFLAGS) -Itests -o $@ \
		tests/user/realdata.c $(USER_TEST_SRCS)
