// SPDX-License-Identifier: GPL-2.0
/*
 * ownership_kunit.c - suite igd_opregion_ownership: what each class of
 * field does with guest reads and writes.
 *
 * The shared access vectors say byte by byte which guest bytes reach
 * physical memory; every segment of every layout is written whole to check
 * its class; the 2-byte aligned band PFMB..RVDS (0x396..0x3c6) is written
 * at every offset and length, checking both the bytes and the width of
 * every store (a full element is one store, a partial one touches only the
 * guest's bytes); firmware changes are read live and reported once.
 */
#include <kunit/test.h>
#include <linux/unaligned.h>

#include "iop_kunit_mem.h"

/* See validation_kunit.c: the shared table is sized in its own file. */
static const void *ownership_vector_gen_params(const void *prev, char *desc)
{
	const struct iop_avec *v = prev ? (const struct iop_avec *)prev + 1 : iop_avecs;

	if (v >= iop_avecs + iop_nr_avecs)
		return NULL;
	iop_kt_desc(desc, v->name);
	return v;
}

KUNIT_ARRAY_PARAM_DESC(ownership_layout, iop_vec_layouts, name);

/* A copy of all physical bytes behind the view. */
static u8 *ownership_image(struct kunit *test, struct iop_kmem *mem)
{
	u32 size = iop_kmem_view_size(mem), i;
	u8 *img = kunit_kmalloc(test, size, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, img);
	for (i = 0; i < size; i++)
		img[i] = *iop_kmem_view_ptr(mem, i);
	return img;
}

/* Physical bytes must equal @want everywhere; report the first that does not. */
static void ownership_expect_image(struct kunit *test, struct iop_kmem *mem,
				   const u8 *want, const char *what)
{
	u32 size = iop_kmem_view_size(mem), i;

	for (i = 0; i < size; i++) {
		u8 got = *iop_kmem_view_ptr(mem, i);

		if (got != want[i]) {
			KUNIT_FAIL(test, "%s: physical byte at view %#x is %#x, expected %#x",
				   what, i, got, want[i]);
			return;
		}
	}
}

static void ownership_access_vector(struct kunit *test)
{
	const struct iop_avec *v = test->param_value;
	struct iop_kmem *mem = iop_kmem_layout(test, v->layout);
	struct iop_kt_rec *rec = kunit_kzalloc(test, sizeof(*rec), GFP_KERNEL);
	unsigned int i, nr_r = 0;
	struct iop *iop;
	u8 *want;

	KUNIT_ASSERT_NOT_NULL(test, rec);
	KUNIT_ASSERT_EQ(test, strlen(v->outcome), v->len);
	iop = iop_kt_engine(test, mem, rec);
	want = ownership_image(test, mem);
	for (i = 0; i < v->len; i++) {
		want[v->off + i] = v->after[i];
		nr_r += v->outcome[i] == 'R';
		/* The vector itself: 'W' bytes carry the guest's data. */
		if (v->outcome[i] == 'W')
			KUNIT_EXPECT_EQ(test, v->after[i], v->data[i]);
	}

	KUNIT_ASSERT_EQ(test, iop_write(iop, v->off, v->data, v->len), v->len);
	ownership_expect_image(test, mem, want, v->name);
	KUNIT_EXPECT_EQ(test, rec->refused_bytes, nr_r);
	KUNIT_EXPECT_EQ(test, rec->nr_kind[IOP_EV_FORWARD] > 0, nr_r < v->len);
	KUNIT_EXPECT_EQ(test, rec->nr_kind[IOP_EV_RESTORE], 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&mem->nr_bad), 0);
}

/*
 * Write every segment of the view whole and check its class: guest bytes
 * reach physical memory for driver-owned and handshake fields only; any
 * other write is refused, counted and reported, and the view reads as
 * before.
 */
static void ownership_segments(struct kunit *test)
{
	const struct iop_vec_layout *l = test->param_value;
	struct iop_kmem *mem = iop_kmem_layout(test, l - iop_vec_layouts);
	struct iop_kt_rec *rec = kunit_kzalloc(test, sizeof(*rec), GFP_KERNEL);
	u32 size = iop_kmem_view_size(mem);
	u8 *ref = kunit_kzalloc(test, size, GFP_KERNEL);
	u8 *data = kunit_kzalloc(test, size, GFP_KERNEL);
	u8 *back = kunit_kzalloc(test, size, GFP_KERNEL);
	unsigned int s, classes = 0;
	struct iop *iop;
	u8 *want;

	KUNIT_ASSERT_NOT_NULL(test, rec);
	KUNIT_ASSERT_NOT_NULL(test, ref);
	KUNIT_ASSERT_NOT_NULL(test, data);
	KUNIT_ASSERT_NOT_NULL(test, back);
	iop_kmem_reference(mem, ref);
	iop = iop_kt_engine(test, mem, rec);
	want = ownership_image(test, mem);

	for (s = 0; s < iop->nr_segs; s++) {
		const struct iop_seg *seg = &iop->segs[s];
		const struct iop_field *f = &iop_fields[seg->row];
		u32 len = seg->end - seg->start, i;
		bool writable = f->cls == IOP_DRV || f->cls == IOP_HANDSHAKE;
		unsigned int refused = iop->refused[seg->row];

		classes |= BIT(f->cls);
		for (i = 0; i < len; i++)
			data[i] = 0x5a ^ (s * 7 + i);
		iop_kt_rec_clear(rec);
		KUNIT_ASSERT_EQ(test, iop_write(iop, seg->start, data, len), len);

		if (writable) {
			memcpy(want + seg->start, data, len);
			memcpy(ref + seg->start, data, len);
			KUNIT_EXPECT_EQ_MSG(test, rec->nr_kind[IOP_EV_FORWARD],
					    len / f->width, "%s", f->name);
			KUNIT_EXPECT_EQ(test, rec->nr_kind[IOP_EV_REFUSED], 0);
		} else {
			KUNIT_EXPECT_EQ_MSG(test, iop->refused[seg->row], refused + 1,
					    "%s", f->name);
			KUNIT_EXPECT_EQ(test, rec->nr_kind[IOP_EV_FORWARD], 0);
			KUNIT_ASSERT_EQ(test, rec->nr, 1);
			KUNIT_EXPECT_EQ(test, rec->ev[0].kind, IOP_EV_REFUSED);
			KUNIT_EXPECT_PTR_EQ(test, rec->ev[0].field, f);
			KUNIT_EXPECT_EQ(test, rec->ev[0].off, seg->start);
			KUNIT_EXPECT_EQ(test, rec->ev[0].len, len);
		}
		ownership_expect_image(test, mem, want, f->name);

		/* Reading back: the guest's bytes, or what was there. */
		KUNIT_ASSERT_EQ(test, iop_read(iop, seg->start, back, len), len);
		KUNIT_EXPECT_EQ_MSG(test, iop_kt_diff(back, ref + seg->start, len), -1,
				    "%s (%s) reads back wrong", f->name,
				    iop_class_name(f->cls));
	}
	/* Every layout has fields of each class but reserved ones. */
	KUNIT_EXPECT_EQ(test, classes | BIT(IOP_RESERVED), GENMASK(IOP_VIRT, 0));
	KUNIT_EXPECT_EQ(test, atomic_read(&mem->nr_bad), 0);
}

struct ownership_store {
	u64 pa;
	unsigned int width;
};

struct ownership_stores {
	unsigned int nr;
	struct ownership_store st[16];
};

static void ownership_on_store(struct iop_kmem *mem, u64 pa, unsigned int width,
			       u64 old, u64 new, void *priv)
{
	struct ownership_stores *s = priv;

	if (s->nr < ARRAY_SIZE(s->st)) {
		s->st[s->nr].pa = pa;
		s->st[s->nr].width = width;
	}
	s->nr++;
}

#define BAND_LO		0x394	/* PLUT tail */
#define BAND_HI		0x3c8	/* past RVDS, into reserved */
#define STAT_LO		0x3b6
#define STAT_HI		0x3ba

/*
 * Every write inside PFMB..RVDS, at every offset and length up to 8: only
 * STAT's bytes (driver-owned, 2-byte aligned) may change, a write covering
 * all of STAT is one 4-byte store, and a partial one is one byte store per
 * covered STAT byte. The same holds where RVDA/RVDS do not exist (1.0).
 */
static void ownership_straddle_band(struct kunit *test)
{
	static const unsigned int layouts[] = {
		IOP_VL_21_CONTIG, IOP_VL_20_ABS, IOP_VL_10_M4,
	};
	struct ownership_stores *stores;
	unsigned int li, n = 0;

	stores = kunit_kzalloc(test, sizeof(*stores), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, stores);

	for (li = 0; li < ARRAY_SIZE(layouts); li++) {
		struct iop_kmem *mem = iop_kmem_layout(test, layouts[li]);
		struct iop_kt_rec *rec = kunit_kzalloc(test, sizeof(*rec), GFP_KERNEL);
		struct iop *iop;
		u8 *want;
		u32 off, len;

		KUNIT_ASSERT_NOT_NULL(test, rec);
		iop = iop_kt_engine(test, mem, rec);
		want = ownership_image(test, mem);
		mem->on_store = ownership_on_store;
		mem->store_priv = stores;

		for (off = BAND_LO; off < BAND_HI; off++) {
			for (len = 1; len <= 8; len++) {
				u32 a = max(off, STAT_LO), b = min(off + len, STAT_HI);
				u8 data[8];
				u32 i;

				for (i = 0; i < len; i++)
					data[i] = 0x80 | (n + i);
				n++;
				stores->nr = 0;
				KUNIT_ASSERT_EQ(test, iop_write(iop, off, data, len), len);
				for (i = a; i < b; i++)
					want[i] = data[i - off];
				ownership_expect_image(test, mem, want, "PFMB..RVDS band");

				if (a >= b) {
					KUNIT_EXPECT_EQ(test, stores->nr, 0);
				} else if (a == STAT_LO && b == STAT_HI) {
					KUNIT_EXPECT_EQ(test, stores->nr, 1);
					KUNIT_EXPECT_EQ(test, stores->st[0].width, 4);
					KUNIT_EXPECT_EQ(test, stores->st[0].pa,
							mem->asls + STAT_LO);
				} else {
					KUNIT_ASSERT_EQ(test, stores->nr, b - a);
					for (i = 0; i < b - a; i++) {
						KUNIT_EXPECT_EQ(test, stores->st[i].width, 1);
						KUNIT_EXPECT_EQ(test, stores->st[i].pa,
								mem->asls + a + i);
					}
				}
			}
		}
		mem->on_store = NULL;
		KUNIT_EXPECT_EQ(test, atomic_read(&mem->nr_bad), 0);
	}
}

/* Arrays of 4-byte elements: whole elements are one store each. */
static void ownership_store_widths(struct kunit *test)
{
	struct iop_kmem *mem = iop_kmem_layout(test, IOP_VL_21_CONTIG);
	struct iop_kt_rec *rec = kunit_kzalloc(test, sizeof(*rec), GFP_KERNEL);
	struct ownership_stores *stores = kunit_kzalloc(test, sizeof(*stores),
							GFP_KERNEL);
	static const u8 ones[32] = { [0 ... 31] = 0x11 };
	struct iop *iop;
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, rec);
	KUNIT_ASSERT_NOT_NULL(test, stores);
	iop = iop_kt_engine(test, mem, rec);
	mem->on_store = ownership_on_store;
	mem->store_priv = stores;

	/* DIDL, all eight elements */
	KUNIT_ASSERT_EQ(test, iop_write(iop, 0x120, ones, 32), 32);
	KUNIT_ASSERT_EQ(test, stores->nr, 8);
	for (i = 0; i < 8; i++) {
		KUNIT_EXPECT_EQ(test, stores->st[i].width, 4);
		KUNIT_EXPECT_EQ(test, stores->st[i].pa, mem->asls + 0x120 + 4 * i);
	}

	/* 0x121..0x128: three bytes of element 0, element 1, one byte of 2 */
	stores->nr = 0;
	KUNIT_ASSERT_EQ(test, iop_write(iop, 0x121, ones, 8), 8);
	KUNIT_ASSERT_EQ(test, stores->nr, 5);
	KUNIT_EXPECT_EQ(test, stores->st[0].width, 1);
	KUNIT_EXPECT_EQ(test, stores->st[0].pa, mem->asls + 0x121);
	KUNIT_EXPECT_EQ(test, stores->st[2].pa, mem->asls + 0x123);
	KUNIT_EXPECT_EQ(test, stores->st[3].width, 4);
	KUNIT_EXPECT_EQ(test, stores->st[3].pa, mem->asls + 0x124);
	KUNIT_EXPECT_EQ(test, stores->st[4].width, 1);
	KUNIT_EXPECT_EQ(test, stores->st[4].pa, mem->asls + 0x128);
	mem->on_store = NULL;
}

/*
 * Firmware-side changes read live, each reported once as a firmware
 * change with the value the guest last saw, and only when the guest reads
 * the element: a read elsewhere reports nothing; the VBT is not tracked.
 */
static void ownership_firmware_changes(struct kunit *test)
{
	struct iop_kmem *mem = iop_kmem_layout(test, IOP_VL_21_CONTIG);
	struct iop_kt_rec *rec = kunit_kzalloc(test, sizeof(*rec), GFP_KERNEL);
	unsigned int bclp = iop_kt_row(test, "BCLP");
	u32 base = iop_fw_get32(mem, 0x310);
	struct iop *iop;
	__le32 v;
	u8 b[64];

	KUNIT_ASSERT_NOT_NULL(test, rec);
	iop = iop_kt_engine(test, mem, rec);
	iop_fw_set32(mem, 0x310, 0x800000c0);
	mem->op[OPREGION_VBT_OFFSET + 0x100] ^= 0xff;	/* untracked */

	KUNIT_ASSERT_EQ(test, iop_read(iop, 0x100, b, sizeof(b)), sizeof(b));
	KUNIT_EXPECT_EQ(test, rec->nr, 0);

	KUNIT_ASSERT_EQ(test, iop_read(iop, 0x310, &v, 4), 4);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(v), 0x800000c0);
	KUNIT_ASSERT_EQ(test, rec->nr, 1);
	KUNIT_EXPECT_EQ(test, rec->ev[0].kind, IOP_EV_FW_CHANGE);
	KUNIT_EXPECT_PTR_EQ(test, rec->ev[0].field, &iop_fields[bclp]);
	KUNIT_EXPECT_EQ(test, rec->ev[0].off, 0x310);
	KUNIT_EXPECT_EQ(test, rec->ev[0].len, 4);
	KUNIT_EXPECT_EQ(test, rec->ev[0].old_val, base);
	KUNIT_EXPECT_EQ(test, rec->ev[0].new_val, 0x800000c0);

	/* Seen now: no second report. */
	KUNIT_ASSERT_EQ(test, iop_read(iop, 0x300, b, sizeof(b)), sizeof(b));
	KUNIT_EXPECT_EQ(test, rec->nr, 1);

	/* A byte read of a changed element reports the whole element once. */
	iop_fw_set32(mem, 0x310, 0x800000c1);
	KUNIT_ASSERT_EQ(test, iop_read(iop, 0x310, b, 1), 1);
	KUNIT_EXPECT_EQ(test, b[0], 0xc1);
	KUNIT_ASSERT_EQ(test, rec->nr, 2);
	KUNIT_EXPECT_EQ(test, rec->ev[1].old_val, 0x800000c0);
	KUNIT_EXPECT_EQ(test, rec->ev[1].new_val, 0x800000c1);

	/* The extended VBT and mailbox 4 never report. */
	KUNIT_ASSERT_EQ(test, iop_read(iop, OPREGION_VBT_OFFSET + 0xf0, b,
				       sizeof(b)), sizeof(b));
	KUNIT_EXPECT_EQ(test, rec->nr, 2);
	KUNIT_EXPECT_EQ(test, atomic_read(&mem->nr_bad), 0);
}

/*
 * Changes are reported per element of the owning row's width: a byte of a
 * version string, a 2-byte BCLM entry, the 8-byte FDSS (only 2-byte
 * aligned), and mailbox 5's PHED.
 */
static void ownership_change_widths(struct kunit *test)
{
	static const struct {
		const char *row;
		u32 off;
		u32 width;
		u32 poke;	/* byte of the element the firmware changes */
	} cases[] = {
		{ "SVER", 0x019, 1, 0 },
		{ "BCLM", 0x31e, 2, 1 },
		{ "FDSS", 0x3aa, 8, 7 },
		{ "PHED", 0x1c00, 4, 2 },
	};
	struct iop_kmem *mem = iop_kmem_layout(test, IOP_VL_21_CONTIG);
	struct iop_kt_rec *rec = kunit_kzalloc(test, sizeof(*rec), GFP_KERNEL);
	struct iop *iop;
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, rec);
	iop = iop_kt_engine(test, mem, rec);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		u32 off = cases[i].off, w = cases[i].width;
		u64 old_val = 0, new_val = 0;
		u8 b[8];
		unsigned int k;

		for (k = 0; k < w; k++)
			old_val |= (u64)mem->op[off + k] << (8 * k);
		mem->op[off + cases[i].poke] ^= 0x5a;
		for (k = 0; k < w; k++)
			new_val |= (u64)mem->op[off + k] << (8 * k);
		iop_kt_rec_clear(rec);
		KUNIT_ASSERT_EQ(test, iop_read(iop, off, b, w), w);
		KUNIT_ASSERT_EQ_MSG(test, rec->nr, 1, "%s", cases[i].row);
		KUNIT_EXPECT_STREQ(test, rec->ev[0].field->name, cases[i].row);
		KUNIT_EXPECT_EQ(test, rec->ev[0].off, off);
		KUNIT_EXPECT_EQ(test, rec->ev[0].len, w);
		KUNIT_EXPECT_EQ(test, rec->ev[0].old_val, old_val);
		KUNIT_EXPECT_EQ(test, rec->ev[0].new_val, new_val);
	}
	/* Bytes outside the view belong to no row. */
	KUNIT_EXPECT_NULL(test, iop_field_at(iop, iop->geo.view_size));
	KUNIT_EXPECT_STREQ(test, iop_field_at(iop, iop->geo.view_size - 1)->name,
			   "RVBT");
}

/*
 * A driver-owned element the firmware changed underneath is reported as a
 * firmware change when the guest writes it, with the guest's bytes laid
 * over the current value.
 */
static void ownership_driver_partial(struct kunit *test)
{
	struct iop_kmem *mem = iop_kmem_layout(test, IOP_VL_21_CONTIG);
	struct iop_kt_rec *rec = kunit_kzalloc(test, sizeof(*rec), GFP_KERNEL);
	struct iop *iop;
	u8 b = 0x64;

	KUNIT_ASSERT_NOT_NULL(test, rec);
	iop = iop_kt_engine(test, mem, rec);
	iop_fw_set32(mem, 0x318, 0x80000032);		/* CBLV */
	KUNIT_ASSERT_EQ(test, iop_write(iop, 0x318, &b, 1), 1);
	KUNIT_EXPECT_EQ(test, iop_fw_get32(mem, 0x318), 0x80000064);
	KUNIT_ASSERT_EQ(test, rec->nr, 2);
	KUNIT_EXPECT_EQ(test, rec->ev[0].kind, IOP_EV_FW_CHANGE);
	KUNIT_EXPECT_EQ(test, rec->ev[0].new_val, 0x80000032);
	KUNIT_EXPECT_EQ(test, rec->ev[1].kind, IOP_EV_FORWARD);
	KUNIT_EXPECT_EQ(test, rec->ev[1].old_val, 0x80000032);
	KUNIT_EXPECT_EQ(test, rec->ev[1].new_val, 0x80000064);
}

/* Refused writes are counted per row; the counters restart at open. */
static void ownership_refused_counters(struct kunit *test)
{
	struct iop_kmem *mem = iop_kmem_layout(test, IOP_VL_21_CONTIG);
	struct iop_kt_rec *rec = kunit_kzalloc(test, sizeof(*rec), GFP_KERNEL);
	unsigned int bclp = iop_kt_row(test, "BCLP");
	unsigned int over = iop_kt_row(test, "OVER");
	u8 b[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	struct iop *iop;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, rec);
	iop = iop_kt_engine(test, mem, rec);
	for (i = 0; i < 3; i++)
		KUNIT_ASSERT_EQ(test, iop_write(iop, 0x310, b, 4), 4);
	KUNIT_ASSERT_EQ(test, iop_write(iop, 0x16, b, 1), 1);
	KUNIT_EXPECT_EQ(test, iop->refused[bclp], 3);
	KUNIT_EXPECT_EQ(test, iop->refused[over], 1);
	KUNIT_EXPECT_EQ(test, mem->nr_store + mem->nr_cmpxchg, 0);
	iop_open(iop);
	KUNIT_EXPECT_EQ(test, iop->refused[bclp], 0);
	KUNIT_EXPECT_EQ(test, iop->refused[over], 0);
}

/* Without an event callback the engine behaves the same, silently. */
static void ownership_no_callback(struct kunit *test)
{
	struct iop_kmem *mem = iop_kmem_layout(test, IOP_VL_21_CONTIG);
	struct iop *iop = kunit_kzalloc(test, sizeof(*iop), GFP_KERNEL);
	unsigned int bclp = iop_kt_row(test, "BCLP");
	__le32 v = cpu_to_le32(0x8000007f);

	KUNIT_ASSERT_NOT_NULL(test, iop);
	KUNIT_ASSERT_EQ(test, iop_probe(iop, mem->asls, &iop_kmem_ops, mem,
					NULL, NULL), 0);
	iop_fw_set32(mem, 0x318, 1);			/* a change to report */
	KUNIT_EXPECT_EQ(test, iop_write(iop, 0x318, &v, 4), 4);
	KUNIT_EXPECT_EQ(test, iop_fw_get32(mem, 0x318), 0x8000007f);
	KUNIT_EXPECT_EQ(test, iop_write(iop, 0x310, &v, 4), 4);
	KUNIT_EXPECT_EQ(test, iop->refused[bclp], 1);
	KUNIT_EXPECT_NE(test, iop_fw_get32(mem, 0x310), 0x8000007f);
}

static struct kunit_case ownership_cases[] = {
	KUNIT_CASE_PARAM(ownership_access_vector, ownership_vector_gen_params),
	KUNIT_CASE_PARAM(ownership_segments, ownership_layout_gen_params),
	KUNIT_CASE(ownership_straddle_band),
	KUNIT_CASE(ownership_store_widths),
	KUNIT_CASE(ownership_firmware_changes),
	KUNIT_CASE(ownership_change_widths),
	KUNIT_CASE(ownership_driver_partial),
	KUNIT_CASE(ownership_refused_counters),
	KUNIT_CASE(ownership_no_callback),
	{}
};

static struct kunit_suite ownership_suite = {
	.name = "igd_opregion_ownership",
	.test_cases = ownership_cases,
};

kunit_test_suite(ownership_suite);
