// SPDX-License-Identifier: GPL-2.0
/*
 * vbt_set.c - the real VBTs fuzz_ops embeds, so the fuzzer binary runs
 * anywhere (other directories, -jobs workers) without test data at hand.
 * FUZZ_VBT_DIR is the directory the build takes them from.
 */
#include "fuzz_common.h"

#ifndef FUZZ_VBT_DIR
#define FUZZ_VBT_DIR "tests/data/vbt"
#endif

/* The assembler defines sym and sym_end around the file's bytes. */
#define FUZZ_INCBIN(sym, file)						\
	__asm__(".pushsection .rodata\n"				\
		".balign 16\n"						\
		".globl " #sym "\n" #sym ":\n"				\
		".incbin \"" FUZZ_VBT_DIR "/" file "\"\n"		\
		".globl " #sym "_end\n" #sym "_end:\n"			\
		".popsection\n");					\
	extern const u8 sym[], sym##_end[]

FUZZ_INCBIN(fuzz_vbt_kano, "adl-p_google-kano.vbt");
FUZZ_INCBIN(fuzz_vbt_t480, "kbl_lenovo-t480.vbt");
FUZZ_INCBIN(fuzz_vbt_up2, "broxton_up-squared.vbt");
FUZZ_INCBIN(fuzz_vbt_945, "lakeport-g_gigabyte-ga-945gcm-s2l.vbt");

const struct fuzz_vbt fuzz_vbts[] = {
	{ "adl-p_google-kano", fuzz_vbt_kano, fuzz_vbt_kano_end },	/* 8701: extended */
	{ "kbl_lenovo-t480", fuzz_vbt_t480, fuzz_vbt_t480_end },		/* 4106 */
	{ "broxton_up-squared", fuzz_vbt_up2, fuzz_vbt_up2_end },	/* 6154: 10 too many */
	{ "lakeport-g_gigabyte", fuzz_vbt_945, fuzz_vbt_945_end },	/* 1787 */
};

const unsigned int fuzz_nr_vbts = ARRAY_SIZE(fuzz_vbts);
