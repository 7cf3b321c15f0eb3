# SPDX-License-Identifier: GPL-2.0
#
# prop.mk - property test, libFuzzer targets and callgrind benchmark.
# Included by the top-level Makefile; uses its BUILD, CC, CFLAGS,
# IOP_CFLAGS, LIB_SRCS, LIB_HDRS and PLAT_SRCS.
#
#   make prop                    build $(BUILD)/prop/prop (ASan + UBSan)
#   make fuzz [FUZZ_TIME=s] [FUZZ_JOBS=n] [FUZZ_TARGETS="fuzz_ops"]
#                                build with clang and run every fuzzer
#   make fuzz-build              only build the fuzzers
#   make fuzz-corpus             regenerate the seed corpora in tests/fuzz/corpus/
#   make bench                   callgrind instruction counts (not in check)

ORACLE_SRCS	:= tests/prop/oracle.c tests/prop/oracle_control.c
ORACLE_HDRS	:= tests/prop/oracle.h
SAN_CFLAGS	:= -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
		   -fno-sanitize-recover=all
VBT_DIR		?= $(or $(IOP_VBT_DIR),tests/data/vbt)

PROP		:= $(BUILD)/prop/prop

.PHONY: prop fuzz fuzz-build fuzz-corpus bench

prop: $(PROP)

$(PROP): tests/prop/prop.c $(ORACLE_SRCS) $(ORACLE_HDRS) $(PLAT_SRCS) $(LIB_SRCS) $(LIB_HDRS)
	@mkdir -p $(@D)
	$(CC) $(SAN_CFLAGS) $(IOP_CFLAGS) -Itests/prop -o $@ \
		tests/prop/prop.c $(ORACLE_SRCS) $(PLAT_SRCS) $(LIB_SRCS)

# libFuzzer needs clang; libclang-rt-14-dev provides the runtime. Only the
# engine and the harnesses are coverage-instrumented: the oracle's byte
# loops and the platform model would only slow the fuzzer and add noise.
FUZZ_CC		?= clang-14
FUZZ_CFLAGS	:= -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
		   -fno-sanitize-recover=all $(IOP_CFLAGS) -Itests/prop -Itests/fuzz
FUZZ_TARGETS	?= fuzz_probe fuzz_ops
FUZZ_TIME	?= 30
FUZZ_JOBS	?= 1
FUZZ_BINS	:= $(addprefix $(BUILD)/fuzz/,$(FUZZ_TARGETS))
FUZZ_OBJ	:= $(BUILD)/fuzz/obj
FUZZ_LIB_OBJS	:= $(patsubst %.c,$(FUZZ_OBJ)/%.o,$(LIB_SRCS))
FUZZ_AUX_OBJS	:= $(patsubst %.c,$(FUZZ_OBJ)/%.o,$(ORACLE_SRCS) $(PLAT_SRCS) \
		   tests/fuzz/fuzz_common.c)
FUZZ_HDRS	:= $(LIB_HDRS) $(ORACLE_HDRS) tests/fuzz/fuzz_common.h
# The real VBTs fuzz_ops embeds (vbt_set.c .incbin's them)
FUZZ_VBTS	:= $(addprefix $(VBT_DIR)/,adl-p_google-kano.vbt kbl_lenovo-t480.vbt \
		   broxton_up-squared.vbt lakeport-g_gigabyte-ga-945gcm-s2l.vbt)

fuzz-build: $(FUZZ_BINS)

$(FUZZ_LIB_OBJS): $(FUZZ_OBJ)/%.o: %.c $(FUZZ_HDRS)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_AUX_OBJS): $(FUZZ_OBJ)/%.o: %.c $(FUZZ_HDRS)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -c -o $@ $<

$(FUZZ_OBJ)/vbt_set.o: tests/fuzz/vbt_set.c $(FUZZ_VBTS) $(FUZZ_HDRS)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -DFUZZ_VBT_DIR='"$(VBT_DIR)"' -c -o $@ $<

$(BUILD)/fuzz/fuzz_probe: tests/fuzz/fuzz_probe.c $(FUZZ_LIB_OBJS) $(FUZZ_AUX_OBJS)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $^

$(BUILD)/fuzz/fuzz_ops: tests/fuzz/fuzz_ops.c $(FUZZ_OBJ)/vbt_set.o $(FUZZ_LIB_OBJS) $(FUZZ_AUX_OBJS)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $^

fuzz: $(FUZZ_BINS)
	tests/fuzz/run.sh -b $(BUILD)/fuzz -t $(FUZZ_TIME) -j $(FUZZ_JOBS) $(FUZZ_TARGETS)

# The seed generator is a plain host program: it shares the input layout
# (fuzz_common.h) and the platform builders with the fuzzers.
$(BUILD)/fuzz/gen_corpus: tests/fuzz/gen_corpus.c tests/fuzz/fuzz_common.h $(PLAT_SRCS) $(LIB_SRCS) $(LIB_HDRS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(IOP_CFLAGS) -Itests/fuzz -o $@ \
		tests/fuzz/gen_corpus.c $(PLAT_SRCS) $(LIB_SRCS)

fuzz-corpus: $(BUILD)/fuzz/gen_corpus
	$(BUILD)/fuzz/gen_corpus $(VBT_DIR) tests/fuzz/corpus

# The benchmark is built like the product (CFLAGS, no sanitizers) and
# measured under callgrind; see tests/bench/bench.sh.
BENCH		:= $(BUILD)/bench/bench

$(BENCH): tests/bench/bench.c $(PLAT_SRCS) $(LIB_SRCS) $(LIB_HDRS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(IOP_CFLAGS) -Wl,-z,now -o $@ \
		tests/bench/bench.c $(PLAT_SRCS) $(LIB_SRCS)

bench: $(BENCH)
	tests/bench/bench.sh $(BENCH) $(VBT_DIR)
