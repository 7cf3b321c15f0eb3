// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_ops.c - libFuzzer target: operation sequences on a running view.
 *
 * Input (fuzz_common.h): a platform (one of a few real VBTs embedded in
 * the binary, in any of the four layouts, or a synthetic host of another
 * version and mailbox bitmap), the firmware race rate and seed, then guest
 * reads, writes and read-modify-writes with hostile offsets and lengths,
 * firmware writes and release/open cycles. The oracle shared with the
 * property test re-checks invariants (a)-(g) after every operation.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "oracle.h"

static const struct {
	u8 major, minor;
	enum plat_layout layout;
	u16 vbt_size;
	u32 mboxes;
} synth[FUZZ_NR_SYNTH] = {
	{ 1, 0, PLAT_MAILBOX4,      1500, 0x1f },
	{ 2, 0, PLAT_MAILBOX4,      3000, 0x1d },
	{ 2, 0, PLAT_20_ABSOLUTE,   7000, 0x1d },
	{ 2, 1, PLAT_21_CONTIGUOUS, 8701, 0x1d },
	/* 3.0: mailbox 2 is the backlight mailbox */
	{ 3, 0, PLAT_21_CONTIGUOUS, 7000, 0x3d },
	{ 3, 0, PLAT_MAILBOX4,      5000, 0x3d },
};

static int build(struct platform *plat, const struct fuzz_ops_hdr *h)
{
	static u8 vbt[0x10000];
	unsigned int choice = h->platform % (fuzz_nr_vbts + FUZZ_NR_SYNTH);
	const char *err;
	u8 *op;

	if (choice < fuzz_nr_vbts) {
		const struct fuzz_vbt *v = &fuzz_vbts[choice];
		size_t size = plat_vbt_size(v->start, v->end - v->start);

		return plat_build(plat, h->layout % PLAT_NR_LAYOUTS, v->start,
				  size, &err);
	}
	choice -= fuzz_nr_vbts;
	choice = h->layout % FUZZ_NR_SYNTH;
	if (plat_build(plat, synth[choice].layout, vbt,
		       fuzz_synth_vbt(vbt, synth[choice].vbt_size), &err))
		return -1;
	op = plat_ptr(plat, plat->asls, OPREGION_SIZE);
	op[OPREGION_OFF(header.over.major)] = synth[choice].major;
	op[OPREGION_OFF(header.over.minor)] = synth[choice].minor;
	put_unaligned_le32(synth[choice].mboxes ^ (h->mbox_xor & MBOX_KNOWN),
			   op + OPREGION_OFF(header.mboxes));
	return 0;
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	static struct oracle o;
	static struct iop iop;
	struct fuzz_in in = { data, size };
	struct fuzz_ops_hdr h = { 0 };
	struct platform plat;
	int r;

	fuzz_bytes(&in, (u8 *)&h, sizeof(h));
	if (build(&plat, &h))
		return 0;
	r = oracle_probe(&o, &plat, &iop, get_unaligned_le64(h.race_seed),
			 h.race_pct % 101);
	fuzz_check(&o, r >= 0);
	fuzz_debug(&o, &iop, r);
	if (!r)
		fuzz_run_ops(&o, &in, FUZZ_MAX_OPS);
	plat_free(&plat);
	return 0;
}
