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

/*
 * Every platform an input can choose (a real VBT in a layout, or a
 * synthetic host) is built on first use and kept with the bytes
 * plat_build() wrote. An input starts from a copy of the platform as built
 * and of those bytes, in the kept chunks: the engine and the oracle see
 * what a fresh build would give them, at the same addresses, without an
 * allocation, zeroing and fill of up to 17 KiB per input.
 */
struct fuzz_plat {
	bool built;
	int ret;			/* plat_build()'s */
	struct platform plat;		/* as plat_build() left it */
	u8 *img[PLAT_MAX_CHUNKS];	/* the bytes of its chunks then */
};

static struct fuzz_plat *fuzz_plat(bool real, unsigned int layout,
				   unsigned int choice)
{
	static u8 vbt[0x10000];
	static struct fuzz_plat *plats;
	struct fuzz_plat *fp;
	const char *err;
	unsigned int i;

	if (!plats) {
		plats = calloc(fuzz_nr_vbts * PLAT_NR_LAYOUTS + FUZZ_NR_SYNTH,
			       sizeof(*plats));
		if (!plats)
			abort();
	}
	fp = real ? &plats[choice * PLAT_NR_LAYOUTS + layout] :
		    &plats[fuzz_nr_vbts * PLAT_NR_LAYOUTS + choice];
	if (fp->built)
		return fp;
	if (real) {
		const struct fuzz_vbt *v = &fuzz_vbts[choice];
		size_t size = plat_vbt_size(v->start, v->end - v->start);

		fp->ret = plat_build(&fp->plat, layout, v->start, size, &err);
	} else {
		fp->ret = plat_build(&fp->plat, synth[choice].layout, vbt,
				     fuzz_synth_vbt(vbt, synth[choice].vbt_size),
				     &err);
	}
	for (i = 0; !fp->ret && i < fp->plat.nr_chunks; i++) {
		fp->img[i] = malloc(fp->plat.chunks[i].size);
		if (!fp->img[i])
			abort();
		memcpy(fp->img[i], fp->plat.chunks[i].data,
		       fp->plat.chunks[i].size);
	}
	fp->built = true;
	return fp;
}

static int build(struct platform *plat, const struct fuzz_ops_hdr *h)
{
	unsigned int choice = h->platform % (fuzz_nr_vbts + FUZZ_NR_SYNTH);
	bool real = choice < fuzz_nr_vbts;
	struct fuzz_plat *fp;
	unsigned int i;
	u8 *op;

	if (!real)
		choice = h->layout % FUZZ_NR_SYNTH;
	fp = fuzz_plat(real, h->layout % PLAT_NR_LAYOUTS, choice);
	if (fp->ret)
		return -1;
	*plat = fp->plat;
	for (i = 0; i < plat->nr_chunks; i++)
		memcpy(plat->chunks[i].data, fp->img[i], plat->chunks[i].size);
	if (real)
		return 0;
	op = plat_ptr(plat, plat->asls, OPREGION_SIZE);
	op[OPREGION_OFF(header.over.major)] = synth[choice].major;
	op[OPREGION_OFF(header.over.minor)] = synth[choice].minor;
	put_unaligned_le32(synth[choice].mboxes ^ (h->mbox_xor & MBOX_KNOWN),
			   op + OPREGION_OFF(header.mboxes));
	return 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_controls();
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
	/* The chunks stay with fuzz_plat() for the next input. */
	return 0;
}
