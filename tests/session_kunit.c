// SPDX-License-Identifier: GPL-2.0
/*
 * session_kunit.c - suite igd_opregion_session: open snapshots the
 * driver-owned fields, release puts them back.
 *
 * The host's i915 leaves ARDY = DRDY = 0 when it unbinds; a guest sets
 * them and much else while it runs. When the VMM closes the region the
 * firmware must see the host's table again: every driver-owned element
 * returns to its value at open (one RESTORE event each, none for elements
 * that did not change), while firmware-owned and handshake fields keep
 * whatever the firmware and the guest last wrote.
 */
#include <kunit/test.h>
#include <linux/unaligned.h>

#include "iop_kunit_mem.h"

KUNIT_ARRAY_PARAM_DESC(session_layout, iop_vec_layouts, name);

/* Write ~value to every driver-owned element; returns how many. */
static unsigned int session_scribble(struct kunit *test, struct iop *iop)
{
	unsigned int s, n = 0;

	for (s = 0; s < iop->nr_segs; s++) {
		const struct iop_seg *seg = &iop->segs[s];
		const struct iop_field *f = &iop_fields[seg->row];
		u32 e0;

		if (f->cls != IOP_DRV)
			continue;
		for (e0 = seg->start; e0 < seg->end; e0 += f->width) {
			u8 v[8];
			unsigned int i;

			KUNIT_ASSERT_EQ(test, iop_read(iop, e0, v, f->width), f->width);
			for (i = 0; i < f->width; i++)
				v[i] = ~v[i];
			KUNIT_ASSERT_EQ(test, iop_write(iop, e0, v, f->width), f->width);
			n++;
		}
	}
	return n;
}

static void session_restore(struct kunit *test)
{
	const struct iop_vec_layout *l = test->param_value;
	struct iop_kmem *mem = iop_kmem_layout(test, l - iop_vec_layouts);
	struct iop_kt_rec *rec = kunit_kzalloc(test, sizeof(*rec), GFP_KERNEL);
	u8 *at_open = kunit_kzalloc(test, OPREGION_SIZE, GFP_KERNEL);
	__le32 aslc = cpu_to_le32(ASLC_BACKLIGHT_FAILED);
	unsigned int s, n;
	struct iop *iop;

	KUNIT_ASSERT_NOT_NULL(test, rec);
	KUNIT_ASSERT_NOT_NULL(test, at_open);
	/* What host i915 leaves behind at unbind. */
	iop_fw_set32(mem, 0x300, 0);
	iop_fw_set32(mem, 0x100, 0);
	iop = iop_kt_engine(test, mem, rec);
	iop_open(iop);
	memcpy(at_open, mem->op, OPREGION_SIZE);

	n = session_scribble(test, iop);
	KUNIT_ASSERT_GT(test, n, 0);
	KUNIT_EXPECT_NE(test, iop_fw_get32(mem, 0x300), 0);
	/* Firmware and guest handshake writes during the session. */
	iop_fw_set32(mem, 0x1ac, 0);			/* CLID: lid closed */
	KUNIT_ASSERT_EQ(test, iop_write(iop, 0x304, &aslc, 4), 4);
	iop_kt_rec_clear(rec);
	iop_kmem_reset_counters(mem);

	iop_release(iop);
	KUNIT_EXPECT_EQ(test, rec->nr_kind[IOP_EV_RESTORE], n);
	KUNIT_EXPECT_EQ(test, rec->nr, n);
	KUNIT_EXPECT_EQ(test, mem->nr_store, n);
	for (s = 0; s < iop->nr_segs; s++) {
		const struct iop_seg *seg = &iop->segs[s];
		const struct iop_field *f = &iop_fields[seg->row];

		if (f->cls != IOP_DRV)
			continue;
		KUNIT_EXPECT_EQ_MSG(test, iop_kt_diff(mem->op + seg->start,
						      at_open + seg->start,
						      seg->end - seg->start), -1,
				    "%s not restored", f->name);
	}
	KUNIT_EXPECT_EQ(test, iop_fw_get32(mem, 0x300), 0);
	KUNIT_EXPECT_EQ(test, iop_fw_get32(mem, 0x100), 0);
	KUNIT_EXPECT_EQ(test, iop_fw_get32(mem, 0x1ac), 0);
	KUNIT_EXPECT_EQ(test, iop_fw_get32(mem, 0x304), ASLC_BACKLIGHT_FAILED);

	/* Nothing changed since: a second release stores nothing. */
	iop_kt_rec_clear(rec);
	iop_kmem_reset_counters(mem);
	iop_release(iop);
	KUNIT_EXPECT_EQ(test, rec->nr, 0);
	KUNIT_EXPECT_EQ(test, mem->nr_store, 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&mem->nr_bad), 0);
}

/*
 * Only driver-owned elements are restored: the guest's ASLC status and
 * the firmware's BCLP stay; a driver-owned field someone else changed
 * during the session goes back too, reported with the value it had.
 */
static void session_scope(struct kunit *test)
{
	struct iop_kmem *mem = iop_kmem_layout(test, IOP_VL_21_CONTIG);
	struct iop_kt_rec *rec = kunit_kzalloc(test, sizeof(*rec), GFP_KERNEL);
	u32 cblv = iop_fw_get32(mem, 0x318);
	__le32 v = cpu_to_le32(ASLC_BACKLIGHT_FAILED);
	struct iop *iop;

	KUNIT_ASSERT_NOT_NULL(test, rec);
	iop = iop_kt_engine(test, mem, rec);
	iop_open(iop);
	KUNIT_ASSERT_EQ(test, iop_write(iop, 0x304, &v, 4), 4);
	iop_fw_set32(mem, 0x310, ASLE_BCLP_VALID | 10);
	iop_fw_set32(mem, 0x318, 0x8000002a);		/* CBLV, behind the guest */
	iop_kt_rec_clear(rec);
	iop_release(iop);
	KUNIT_EXPECT_EQ(test, iop_fw_get32(mem, 0x304), ASLC_BACKLIGHT_FAILED);
	KUNIT_EXPECT_EQ(test, iop_fw_get32(mem, 0x310), ASLE_BCLP_VALID | 10);
	KUNIT_EXPECT_EQ(test, iop_fw_get32(mem, 0x318), cblv);
	KUNIT_ASSERT_EQ(test, rec->nr, 1);
	KUNIT_EXPECT_EQ(test, rec->ev[0].kind, IOP_EV_RESTORE);
	KUNIT_EXPECT_EQ(test, rec->ev[0].off, 0x318);
	KUNIT_EXPECT_EQ(test, rec->ev[0].old_val, 0x8000002a);
	KUNIT_EXPECT_EQ(test, rec->ev[0].new_val, cblv);
}

/* Each open takes a new snapshot: what the host set in between is kept. */
static void session_reopen(struct kunit *test)
{
	struct iop_kmem *mem = iop_kmem_layout(test, IOP_VL_20_ABS);
	struct iop_kdev *kd;

	iop_fw_set32(mem, 0x300, 0);
	kd = iop_kt_kdev(test, mem, "session");
	iop_kdev_open(kd);
	iop_kt_write32(test, kd, 0x300, ASLE_ARDY_READY);
	iop_kt_write32(test, kd, 0x100, 1);
	KUNIT_EXPECT_EQ(test, iop_fw_get32(mem, 0x300), ASLE_ARDY_READY);
	iop_kdev_release(kd);
	KUNIT_EXPECT_EQ(test, iop_fw_get32(mem, 0x300), 0);
	KUNIT_EXPECT_FALSE(test, mutex_is_locked(&kd->lock));

	iop_fw_set32(mem, 0x300, 5);			/* the host, between sessions */
	iop_kdev_open(kd);
	iop_kt_write32(test, kd, 0x300, ASLE_ARDY_READY);
	iop_kdev_release(kd);
	KUNIT_EXPECT_EQ(test, iop_fw_get32(mem, 0x300), 5);
	KUNIT_EXPECT_EQ(test, atomic_read(&mem->nr_bad), 0);
}

/* Open and release of a rejected OpRegion touch nothing. */
static void session_rejected(struct kunit *test)
{
	struct iop_kmem *mem = iop_kmem_layout(test, IOP_VL_21_CONTIG);
	struct iop *iop = kunit_kzalloc(test, sizeof(*iop), GFP_KERNEL);
	u8 b[4];

	KUNIT_ASSERT_NOT_NULL(test, iop);
	mem->op[0] = 'X';
	KUNIT_ASSERT_EQ(test, iop_probe(iop, mem->asls, &iop_kmem_ops, mem,
					NULL, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, iop->reason, IOP_ERR_SIGNATURE);
	iop_kmem_reset_counters(mem);
	iop_open(iop);
	iop_release(iop);
	KUNIT_EXPECT_EQ(test, iop_read(iop, 0, b, sizeof(b)), -EINVAL);
	KUNIT_EXPECT_EQ(test, iop_write(iop, 0, b, sizeof(b)), -EINVAL);
	KUNIT_EXPECT_EQ(test, mem->nr_read + mem->nr_load + mem->nr_store +
			mem->nr_cmpxchg, 0);
}

static struct kunit_case session_cases[] = {
	KUNIT_CASE_PARAM(session_restore, session_layout_gen_params),
	KUNIT_CASE(session_scope),
	KUNIT_CASE(session_reopen),
	KUNIT_CASE(session_rejected),
	{}
};

static struct kunit_suite session_suite = {
	.name = "igd_opregion_session",
	.test_cases = session_cases,
};

kunit_test_suite(session_suite);
