// SPDX-License-Identifier: GPL-2.0
/*
 * session_kunit.c - suite igd_opregion_session: open snapshots the
 * driver-owned fields, reset (a guest reboot) and release put them back.
 *
 * The host's i915 leaves ARDY = DRDY = 0 when it unbinds; a guest sets
 * them and much else while it runs. When the VMM closes the region the
 * firmware must see the host's table again: every driver-owned element
 * returns to its value at open (one RESTORE event each, none for elements
 * that did not change), while firmware-owned and handshake fields keep
 * whatever the firmware and the guest last wrote. A reset does the same
 * while the device stays open: the open-time snapshot stays the baseline
 * of the next reset and of the release.
 */
#include <kunit/test.h>
#include <linux/unaligned.h>

#include "iop_kunit_mem.h"

KUNIT_ARRAY_PARAM_DESC(session_layout, iop_vec_layouts, name);

/*
 * Write ~value to every driver-owned element; returns how many. With
 * @lock (a device's kd->lock), every access takes it as the glue does.
 */
static unsigned int session_scribble(struct kunit *test, struct iop *iop,
				     struct mutex *lock)
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

			ssize_t r, w;

			if (lock)
				mutex_lock(lock);
			r = iop_read(iop, e0, v, f->width);
			for (i = 0; i < f->width; i++)
				v[i] = ~v[i];
			w = iop_write(iop, e0, v, f->width);
			if (lock)
				mutex_unlock(lock);
			KUNIT_ASSERT_EQ(test, r, f->width);
			KUNIT_ASSERT_EQ(test, w, f->width);
			n++;
		}
	}
	return n;
}

/* Every driver-owned element of physical memory equals @want's bytes. */
static void session_expect_drv(struct kunit *test, struct iop_kmem *mem,
			       const struct iop *iop, const u8 *want,
			       const char *when)
{
	unsigned int s;

	for (s = 0; s < iop->nr_segs; s++) {
		const struct iop_seg *seg = &iop->segs[s];
		const struct iop_field *f = &iop_fields[seg->row];

		if (f->cls != IOP_DRV)
			continue;
		KUNIT_EXPECT_EQ_MSG(test, iop_kt_diff(mem->op + seg->start,
						      want + seg->start,
						      seg->end - seg->start), -1,
				    "%s not at its open-time value %s", f->name,
				    when);
	}
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

	n = session_scribble(test, iop, NULL);
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

/*
 * A guest reboot (VFIO_DEVICE_RESET) through the glue: every driver-owned
 * element goes back to its open-time value and nothing else changes,
 * firmware-owned fields and handshake bits the firmware set included; the
 * device stays open and usable, a second reset finds nothing to do, and
 * the final release still restores the values of open, not of the reset.
 */
static void session_reset(struct kunit *test)
{
	const struct iop_vec_layout *l = test->param_value;
	struct iop_kmem *mem = iop_kmem_layout(test, l - iop_vec_layouts);
	u8 *at_open = kunit_kzalloc(test, OPREGION_SIZE, GFP_KERNEL);
	u8 *before = kunit_kzalloc(test, OPREGION_SIZE, GFP_KERNEL);
	u32 clid, ardy = ASLE_ARDY_READY;
	unsigned int n, m, i;
	struct iop_kdev *kd;
	u8 *ext_before = NULL;

	KUNIT_ASSERT_NOT_NULL(test, at_open);
	KUNIT_ASSERT_NOT_NULL(test, before);
	/* What host i915 leaves behind at unbind. */
	iop_fw_set32(mem, 0x300, 0);
	iop_fw_set32(mem, 0x100, 0);
	kd = iop_kt_kdev(test, mem, "session");
	iop_kdev_open(kd);
	memcpy(at_open, mem->op, OPREGION_SIZE);

	/* The guest runs: every driver-owned element changes. */
	n = session_scribble(test, &kd->iop, &kd->lock);
	KUNIT_ASSERT_GT(test, n, 0);
	KUNIT_EXPECT_NE(test, iop_fw_get32(mem, 0x300), 0);
	/* The firmware meanwhile: lid, a brightness request and its bit. */
	clid = iop_fw_get32(mem, 0x1ac) ^ 1;
	iop_fw_set32(mem, 0x1ac, clid);
	iop_fw_set32(mem, 0x310, ASLE_BCLP_VALID | 0x40);
	iop_fw_or32(mem, 0x304, ASLC_SET_BACKLIGHT);
	memcpy(before, mem->op, OPREGION_SIZE);
	if (mem->ext) {
		ext_before = kunit_kmalloc(test, mem->ext_len, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, ext_before);
		memcpy(ext_before, mem->ext, mem->ext_len);
	}
	iop_kmem_reset_counters(mem);

	KUNIT_EXPECT_EQ(test, iop_kdev_reset(kd), n);
	KUNIT_EXPECT_FALSE(test, mutex_is_locked(&kd->lock));
	/* One store per restored element, none elsewhere. */
	KUNIT_EXPECT_EQ(test, mem->nr_store, n);
	KUNIT_EXPECT_EQ(test, mem->nr_cmpxchg, 0);
	session_expect_drv(test, mem, &kd->iop, at_open, "after the reset");
	/* Every byte that is not driver-owned is what it was before. */
	for (i = 0; i < OPREGION_SIZE; i++) {
		const struct iop_field *f = iop_field_at(&kd->iop, i);

		if (f && f->cls == IOP_DRV)
			continue;
		KUNIT_EXPECT_EQ_MSG(test, mem->op[i], before[i],
				    "%s byte %#x changed by the reset",
				    f ? f->name : "?", i);
	}
	if (ext_before)
		KUNIT_EXPECT_EQ(test, iop_kt_diff(mem->ext, ext_before,
						  mem->ext_len), -1);
	KUNIT_EXPECT_EQ(test, iop_fw_get32(mem, 0x1ac), clid);
	KUNIT_EXPECT_EQ(test, iop_fw_get32(mem, 0x310), ASLE_BCLP_VALID | 0x40);
	KUNIT_EXPECT_TRUE(test, iop_fw_get32(mem, 0x304) & ASLC_SET_BACKLIGHT);
	KUNIT_EXPECT_EQ(test, iop_fw_get32(mem, 0x300), 0);
	KUNIT_EXPECT_EQ(test, iop_fw_get32(mem, 0x100), 0);

	/* Nothing changed since: a second reset stores nothing. */
	iop_kmem_reset_counters(mem);
	KUNIT_EXPECT_EQ(test, iop_kdev_reset(kd), 0);
	KUNIT_EXPECT_EQ(test, mem->nr_store, 0);

	/* Still open: the rebooted guest's driver reads and writes. */
	KUNIT_EXPECT_EQ(test, iop_kt_read32(test, kd, 0x300), 0);
	KUNIT_ASSERT_EQ(test, iop_kt_write(kd, 0x300, &ardy, 4), 4);
	KUNIT_EXPECT_EQ(test, iop_fw_get32(mem, 0x300), ASLE_ARDY_READY);
	m = session_scribble(test, &kd->iop, &kd->lock);
	KUNIT_EXPECT_EQ(test, m, n);

	/* The final release restores the values of open, not of a reset. */
	iop_fw_set32(mem, 0x1ac, clid ^ 1);
	memcpy(before, mem->op, OPREGION_SIZE);
	iop_kmem_reset_counters(mem);
	iop_kdev_release(kd);
	KUNIT_EXPECT_EQ(test, mem->nr_store, n);
	session_expect_drv(test, mem, &kd->iop, at_open, "after the release");
	KUNIT_EXPECT_EQ(test, iop_fw_get32(mem, 0x300), 0);
	KUNIT_EXPECT_EQ(test, iop_fw_get32(mem, 0x1ac), clid ^ 1);
	KUNIT_EXPECT_EQ(test, iop_fw_get32(mem, 0x304),
			get_unaligned_le32(before + 0x304));
	KUNIT_EXPECT_EQ(test, atomic_read(&mem->nr_bad), 0);
}

/*
 * After a reset the engine starts the rebooted guest from the open-time
 * values: reading them back reports no firmware change, neither for the
 * elements the reset stored nor for one someone else had already put back
 * behind the guest; a firmware change made before the reset to a
 * firmware-owned field is still reported, and a handshake request bit the
 * firmware set and no guest saw survives the new guest's status write.
 */
static void session_reset_shadow(struct kunit *test)
{
	struct iop_kmem *mem = iop_kmem_layout(test, IOP_VL_21_CONTIG);
	struct iop_kt_rec *rec = kunit_kzalloc(test, sizeof(*rec), GFP_KERNEL);
	u8 *view = kunit_kzalloc(test, OPREGION_SIZE, GFP_KERNEL);
	u32 cblv = iop_fw_get32(mem, 0x318), clid = iop_fw_get32(mem, 0x1ac);
	__le32 v;
	struct iop *iop;

	KUNIT_ASSERT_NOT_NULL(test, rec);
	KUNIT_ASSERT_NOT_NULL(test, view);
	iop_fw_set32(mem, 0x300, 0);
	iop = iop_kt_engine(test, mem, rec);
	iop_open(iop);
	v = cpu_to_le32(ASLE_ARDY_READY);
	KUNIT_ASSERT_EQ(test, iop_write(iop, 0x300, &v, 4), 4);
	v = cpu_to_le32(0x8000002a);
	KUNIT_ASSERT_EQ(test, iop_write(iop, 0x318, &v, 4), 4);
	iop_fw_set32(mem, 0x318, cblv);			/* CBLV, back behind the guest */
	iop_fw_set32(mem, 0x1ac, clid ^ 1);		/* lid */
	iop_fw_or32(mem, 0x304, ASLC_SET_BACKLIGHT);	/* request, not seen */
	iop_kt_rec_clear(rec);

	iop_reset(iop);
	KUNIT_ASSERT_EQ(test, rec->nr, 1);
	KUNIT_EXPECT_EQ(test, rec->ev[0].kind, IOP_EV_RESTORE);
	KUNIT_EXPECT_EQ(test, rec->ev[0].off, 0x300);
	KUNIT_EXPECT_EQ(test, rec->ev[0].old_val, ASLE_ARDY_READY);
	KUNIT_EXPECT_EQ(test, rec->ev[0].new_val, 0);
	KUNIT_EXPECT_EQ(test, iop_fw_get32(mem, 0x318), cblv);

	/* The new guest writes its ASLC status before it read ASLC. */
	iop_kt_rec_clear(rec);
	v = cpu_to_le32(0);
	KUNIT_ASSERT_EQ(test, iop_write(iop, 0x304, &v, 4), 4);
	KUNIT_EXPECT_EQ(test, iop_fw_get32(mem, 0x304), ASLC_SET_BACKLIGHT);

	iop_kt_rec_clear(rec);
	KUNIT_ASSERT_EQ(test, iop_read(iop, 0, view, OPREGION_SIZE), OPREGION_SIZE);
	KUNIT_EXPECT_EQ(test, rec->nr_kind[IOP_EV_FW_CHANGE], 2);
	KUNIT_EXPECT_EQ(test, rec->nr, 2);
	KUNIT_EXPECT_EQ(test, rec->ev[0].off, 0x1ac);
	KUNIT_EXPECT_EQ(test, rec->ev[0].new_val, clid ^ 1);
	KUNIT_EXPECT_EQ(test, rec->ev[1].off, 0x304);
	KUNIT_EXPECT_EQ(test, rec->ev[1].new_val, ASLC_SET_BACKLIGHT);
	KUNIT_EXPECT_EQ(test, atomic_read(&mem->nr_bad), 0);
}

/* Open, reset and release of a rejected OpRegion touch nothing. */
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
	iop_reset(iop);
	iop_release(iop);
	KUNIT_EXPECT_EQ(test, iop_read(iop, 0, b, sizeof(b)), -EINVAL);
	KUNIT_EXPECT_EQ(test, iop_write(iop, 0, b, sizeof(b)), -EINVAL);
	KUNIT_EXPECT_EQ(test, mem->nr_read + mem->nr_load + mem->nr_store +
			mem->nr_cmpxchg, 0);
}

static struct kunit_case session_cases[] = {
	KUNIT_CASE_PARAM(session_restore, session_layout_gen_params),
	KUNIT_CASE(session_scope),
	KUNIT_CASE_PARAM(session_reset, session_layout_gen_params),
	KUNIT_CASE(session_reset_shadow),
	KUNIT_CASE(session_reopen),
	KUNIT_CASE(session_rejected),
	{}
};

static struct kunit_suite session_suite = {
	.name = "igd_opregion_session",
	.test_cases = session_cases,
};

kunit_test_suite(session_suite);
