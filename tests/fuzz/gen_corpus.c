// SPDX-License-Identifier: GPL-2.0
/*
 * gen_corpus.c - writes the seed corpora of the fuzzers.
 *
 * Usage: gen_corpus VBT_DIR OUT_DIR
 * Writes OUT_DIR/fuzz_probe/<name> and OUT_DIR/fuzz_ops/<name>: platforms
 * built from real VBTs in every layout plus a few hostile placements for
 * fuzz_probe, and for fuzz_ops the i915 sequences of OPREGION-FLOWS (init,
 * ASLE backlight request, SWSCI call, release/open) and hostile accesses on
 * real and synthetic hosts. The input formats are those of fuzz_common.h;
 * seeds are deterministic, so regenerating them changes nothing unless the
 * format or this file changed. Crash reproducers kept as regression seeds
 * (crash-*) are not generated here and are left alone.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz_common.h"
#include "platform.h"

static const char *vbt_dir, *out_dir;

static u8 *load(const char *name, size_t *vbt_size)
{
	char path[1024];
	static u8 buf[0x10000];
	size_t len;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", vbt_dir, name);
	f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "gen_corpus: %s: %s\n", path, strerror(errno));
		exit(1);
	}
	len = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	*vbt_size = plat_vbt_size(buf, len);
	if (!*vbt_size || *vbt_size > len) {
		fprintf(stderr, "gen_corpus: %s: not a VBT\n", path);
		exit(1);
	}
	return buf;
}

static void save(const char *target, const char *name, const u8 *data,
		 size_t len)
{
	char path[1024];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", out_dir, target);
	mkdir(out_dir, 0755);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/%s/%s", out_dir, target, name);
	f = fopen(path, "wb");
	if (!f || fwrite(data, 1, len, f) != len || fclose(f)) {
		fprintf(stderr, "gen_corpus: %s: %s\n", path, strerror(errno));
		exit(1);
	}
	printf("%s (%zu bytes)\n", path, len);
}

/* fuzz_probe: header, the OpRegion the builder made, the extended VBT memory */
static void probe_seed(const char *name, const char *vbt_name,
		       enum plat_layout layout, struct fuzz_probe_hdr h)
{
	static u8 out[sizeof(h) + OPREGION_SIZE + OPREGION_RVDS_MAX];
	struct platform plat;
	const char *err;
	size_t vbt_size, n = 0;
	u8 *vbt = load(vbt_name, &vbt_size), *op;
	u32 rvds;

	if (plat_build(&plat, layout, vbt, vbt_size, &err)) {
		fprintf(stderr, "gen_corpus: %s: %s\n", name, err);
		exit(1);
	}
	op = plat_ptr(&plat, plat.asls, OPREGION_SIZE);
	memcpy(out, &h, sizeof(h));
	n = sizeof(h);
	memcpy(out + n, op, OPREGION_SIZE);
	n += OPREGION_SIZE;
	if (layout != PLAT_MAILBOX4) {
		rvds = get_unaligned_le32(op + OPREGION_OFF(asle.rvds));
		memcpy(out + n, vbt, vbt_size);
		memset(out + n + vbt_size, 0, rvds - vbt_size);
		n += rvds;
	}
	save("fuzz_probe", name, out, n);
	plat_free(&plat);
}

struct seq {
	u8 b[1024];
	size_t n;
};

static void put8(struct seq *s, u8 v)
{
	s->b[s->n++] = v;
}

static void put16(struct seq *s, u16 v)
{
	put8(s, v);
	put8(s, v >> 8);
}

static void put32(struct seq *s, u32 v)
{
	put16(s, v);
	put16(s, v >> 16);
}

static void ops_hdr(struct seq *s, u8 platform, u8 layout, u8 mbox_xor,
		    u8 race_pct, u64 race_seed)
{
	unsigned int i;

	s->n = 0;
	put8(s, platform);
	put8(s, layout);
	put8(s, mbox_xor);
	put8(s, race_pct);
	for (i = 0; i < 8; i++)
		put8(s, race_seed >> (8 * i));
}

/* A guest write of a 32-bit value at an exact offset */
static void w32(struct seq *s, u16 off, u32 val)
{
	put8(s, FOP_MAKE(FOP_WRITE, FOFF_U16, FLEN_SMALL, 0));
	put16(s, off);
	put8(s, 4);
	put8(s, 4);
	put32(s, val);
}

static void fw32(struct seq *s, u16 off, u32 val)
{
	put8(s, FOP_MAKE(FOP_FW, FOFF_U16, FLEN_SMALL, 0));
	put16(s, off);
	put8(s, 4);
	put32(s, val);
}

static void rd(struct seq *s, u16 off, u8 len)
{
	put8(s, FOP_MAKE(FOP_READ, FOFF_U16, FLEN_SMALL, 0));
	put16(s, off);
	put8(s, len);
}

static void rd_all(struct seq *s)
{
	put8(s, FOP_MAKE(FOP_READ, FOFF_U16, FLEN_VIEW, 0));
	put16(s, 0);
	put8(s, 1);
}

/* i915 intel_opregion_resume_display() and setup */
static void i915_init(struct seq *s)
{
	unsigned int i;

	put8(s, FOP_MAKE(FOP_WRITE, FOFF_U16, FLEN_SMALL, 0));	/* DIDL */
	put16(s, 0x120);
	put8(s, 16);
	put8(s, 8);
	for (i = 0; i < 2; i++)
		put32(s, 0x80000100 + i);
	w32(s, 0x160, 0x80000100);		/* CADL */
	w32(s, 0x104, 0);			/* CSTS ack */
	w32(s, 0x100, 1);			/* DRDY */
	w32(s, 0x308, ASLE_TCHE_BLC_EN);	/* TCHE */
	w32(s, 0x300, ASLE_ARDY_READY);		/* ARDY */
	w32(s, 0x1a8, 1);			/* CHPD */
	rd_all(s);
}

/* Firmware backlight request, i915 asle_work() answering it */
static void asle_backlight(struct seq *s)
{
	fw32(s, 0x310, ASLE_BCLP_VALID | 0x80);	/* BCLP */
	fw32(s, 0x304, ASLC_SET_BACKLIGHT);	/* ASLC request */
	rd(s, 0x304, 4);
	w32(s, 0x318, ASLE_CBLV_VALID | 51);	/* CBLV */
	w32(s, 0x304, 0);			/* ASLC status: success */
	rd(s, 0x304, 4);
}

/* i915 swsci(): PARM, SCIC = function | 1; firmware completes */
static void swsci(struct seq *s)
{
	rd(s, 0x200, 12);
	w32(s, 0x204, 0);
	w32(s, 0x200, 7 << 1 | SWSCI_SCIC_INDICATOR);
	fw32(s, 0x200, SWSCI_SCIC_EXIT_STATUS_SUCCESS << SWSCI_SCIC_EXIT_STATUS_SHIFT);
	fw32(s, 0x204, 0x1234);
	rd(s, 0x200, 8);
}

static void hostile(struct seq *s)
{
	unsigned int i;

	put8(s, FOP_MAKE(FOP_READ, FOFF_RAW, FLEN_HUGE, 0));
	for (i = 0; i < 8; i++)
		put8(s, 0xff);
	put8(s, 0);
	put8(s, FOP_MAKE(FOP_WRITE, FOFF_HIGH, FLEN_SMALL, 0));
	put16(s, 0x300);
	put8(s, 4);
	put8(s, 1);
	put8(s, 1);
	put8(s, FOP_MAKE(FOP_WRITE, FOFF_END, FLEN_HUGE, 0));
	put8(s, 2);
	put8(s, 0);
	put8(s, 4);
	put32(s, 0xdeadbeef);
	put8(s, FOP_MAKE(FOP_WRITE, FOFF_U16, FLEN_SMALL, 0));	/* the stitch */
	put16(s, 0x1ffe);
	put8(s, 4);
	put8(s, 4);
	put32(s, 0x01020304);
	put8(s, FOP_MAKE(FOP_RMW, 0, FLEN_SMALL, 1));	/* handshake, unaligned */
	put8(s, 0);
	put8(s, 3);
	put8(s, 5);
	put8(s, 2);
	put16(s, 0x0101);
	put8(s, FOP_MAKE(FOP_WRITE, FOFF_U16, FLEN_U16, 0));	/* header to end */
	put16(s, 0x0);
	put16(s, 0xffff);
	put8(s, 4);
	put32(s, 0xffffffff);
}

static void ops_save(const char *name, struct seq *s)
{
	save("fuzz_ops", name, s->b, s->n);
}

int main(int argc, char **argv)
{
	struct fuzz_probe_hdr h;
	struct seq s;

	if (argc != 3) {
		fprintf(stderr, "usage: gen_corpus VBT_DIR OUT_DIR\n");
		return 2;
	}
	vbt_dir = argv[1];
	out_dir = argv[2];

	memset(&h, 0, sizeof(h));
	h.chunks = FUZZ_CHUNKS_SEPARATE;
	probe_seed("20abs-kano", "adl-p_google-kano.vbt", PLAT_20_ABSOLUTE, h);
	h.flags = FUZZ_PROBE_F_RACE;
	probe_seed("20abs-up2-race", "broxton_up-squared.vbt", PLAT_20_ABSOLUTE, h);
	h.flags = 0;
	probe_seed("21sep-volteer", "tigerlake_google-volteer.vbt", PLAT_21_SEPARATE, h);
	h.chunks = FUZZ_CHUNKS_ONE;
	probe_seed("21contig-kano", "adl-p_google-kano.vbt", PLAT_21_CONTIGUOUS, h);
	h.chunks = FUZZ_CHUNKS_OPREGION;
	probe_seed("mbox4-t480", "kbl_lenovo-t480.vbt", PLAT_MAILBOX4, h);
	/* 2.0 at 8 KiB below the top of the address space, VBT right after */
	h.chunks = FUZZ_CHUNKS_SEPARATE;
	h.asls = 3;
	h.rvda = FUZZ_RVDA_NEXT;
	probe_seed("20top-up2", "broxton_up-squared.vbt", PLAT_20_ABSOLUTE, h);
	/* 2.1 with RVDA pointing into the OpRegion: must be rejected */
	h.asls = 0;
	h.rvda = FUZZ_RVDA_BELOW;
	h.trim[0] = 0x00;
	h.trim[1] = 0x04;
	probe_seed("21inside-kano", "adl-p_google-kano.vbt", PLAT_21_SEPARATE, h);
	/* the extended VBT memory is shorter than RVDS */
	h.rvda = FUZZ_RVDA_KEEP;
	h.chunks = FUZZ_CHUNKS_SHORT_EXT;
	h.trim[0] = 16;
	h.trim[1] = 0;
	probe_seed("20short-kano", "adl-p_google-kano.vbt", PLAT_20_ABSOLUTE, h);

	/* fuzz_ops: platforms 0..3 are vbt_set.c's real VBTs, 4.. synthetic */
	ops_hdr(&s, 1, PLAT_MAILBOX4, 0, 0, 1);
	i915_init(&s);
	asle_backlight(&s);
	swsci(&s);
	ops_save("t480-mbox4-flows", &s);

	ops_hdr(&s, 0, PLAT_20_ABSOLUTE, 0, 60, 0x5eed);
	i915_init(&s);
	asle_backlight(&s);
	swsci(&s);
	put8(&s, FOP_MAKE(FOP_CYCLE, 0, 0, 0));
	put16(&s, 0);
	rd_all(&s);
	ops_save("kano-20abs-race-cycle", &s);

	ops_hdr(&s, 2, PLAT_21_SEPARATE, 0, 30, 7);
	hostile(&s);
	ops_save("up2-21sep-hostile", &s);

	ops_hdr(&s, 3, PLAT_21_CONTIGUOUS, 0, 0, 0);
	hostile(&s);
	asle_backlight(&s);
	ops_save("945-21contig-hostile", &s);

	ops_hdr(&s, 4, 4, 0, 20, 3);		/* synthetic 3.0: backlight mailbox */
	i915_init(&s);
	asle_backlight(&s);
	swsci(&s);
	ops_save("synth30-flows", &s);

	ops_hdr(&s, 4, 0, 0, 0, 0);		/* synthetic 1.0 */
	i915_init(&s);
	hostile(&s);
	ops_save("synth10-hostile", &s);
	return 0;
}
