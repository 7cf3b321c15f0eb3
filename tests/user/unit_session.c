// SPDX-License-Identifier: GPL-2.0
/*
 * unit_session.c - a session: what open records, what release and reset
 * put back (driver-owned fields only, with RESTORE events), and that
 * neither restores anything without an open.
 */
#include <string.h>

#include "unit.h"

static void test_open_release(void)
{
	static const u32 drv_writes[][2] = {
		{ 0x100, 1 },			/* DRDY */
		{ 0x120, 0x80000100 },		/* DIDL[0] */
		{ 0x160, 0x80000100 },		/* CADL[0] */
		{ 0x1a8, 1 },			/* CHPD */
		{ 0x300, 1 },			/* ARDY */
		{ 0x308, ASLE_TCHE_BLC_EN },	/* TCHE */
		{ 0x318, 0x80000064 },		/* CBLV */
	};
	struct host *h;
	u8 at_open[OPREGION_SIZE];
	unsigned int i, restores;
	u32 off;

	begin();
	h = host_layout(IOP_VL_21_CONTIG);
	host_probe(h);
	/* Host i915 left ARDY and DRDY at 0 when it unbound. */
	fw_write32(h, 0x100, 0);
	fw_write32(h, 0x300, 0);
	iop_open(&h->iop);
	memcpy(at_open, phys_op(h), OPREGION_SIZE);
	h->nr_ev = 0;

	for (i = 0; i < ARRAY_SIZE(drv_writes); i++)
		EXPECT(view_write32(h, drv_writes[i][0], drv_writes[i][1]) == 4, "write");
	EXPECT(view_write32(h, 0x104, 0) == 4, "CSTS write");		/* handshake */
	EXPECT(view_write32(h, 0x304, 0x1000) == 4, "ASLC write");	/* handshake */
	fw_write32(h, 0x310, 0x800000c0);				/* BCLP */
	fw_write32(h, 0x1ac, 0);					/* CLID */
	for (i = 0; i < ARRAY_SIZE(drv_writes); i++)
		EXPECT(phys32(h, drv_writes[i][0]) == drv_writes[i][1],
		       "0x%x not forwarded", drv_writes[i][0]);

	h->nr_ev = 0;
	iop_release(&h->iop);
	restores = count_ev(h, IOP_EV_RESTORE);
	EXPECT(restores == ARRAY_SIZE(drv_writes) && h->nr_ev == restores,
	       "%u RESTORE of %u events, expected %zu", restores, h->nr_ev,
	       ARRAY_SIZE(drv_writes));
	for (i = 0; i < ARRAY_SIZE(drv_writes); i++) {
		const struct iop_event *ev = find_ev(h, IOP_EV_RESTORE, drv_writes[i][0]);

		off = drv_writes[i][0];
		EXPECT(phys32(h, off) == get_unaligned_le32(at_open + off),
		       "0x%x not restored: 0x%x", off, phys32(h, off));
		EXPECT(ev && ev->old_val == drv_writes[i][1] &&
		       ev->new_val == get_unaligned_le32(at_open + off),
		       "RESTORE event for 0x%x wrong or missing", off);
	}
	EXPECT(phys32(h, 0x100) == 0 && phys32(h, 0x300) == 0, "ARDY/DRDY not back to 0");
	EXPECT(phys32(h, 0x104) == 0 && phys32(h, 0x304) == 0x1000,
	       "handshake fields restored");
	EXPECT(phys32(h, 0x310) == 0x800000c0 && phys32(h, 0x1ac) == 0,
	       "firmware fields touched");
	for (off = 0; off < OPREGION_SIZE; off++) {
		u8 cls = iop_field_at(&h->iop, off)->cls;

		if (cls != IOP_DRV && cls != IOP_HANDSHAKE && cls != IOP_FW &&
		    phys_op(h)[off] != at_open[off]) {
			EXPECT(0, "byte 0x%x (%s) changed", off, iop_class_name(cls));
			break;
		}
	}
	h->nr_ev = 0;
	iop_release(&h->iop);
	EXPECT(h->nr_ev == 0, "second release restored again");
	host_free(h);
	end("open/release: driver fields restored with RESTORE events, firmware/handshake left");
}

/*
 * Reset (a guest reboot): driver-owned elements back to open time, the
 * view still open, the snapshot still the baseline of the release, and no
 * firmware change reported for what the reset itself put back.
 */
static void test_reset(void)
{
	struct host *h;
	u32 cblv;

	begin();
	h = host_layout(IOP_VL_20_ABS);
	host_probe(h);
	fw_write32(h, 0x300, 0);
	fw_write32(h, 0x100, 0);
	cblv = phys32(h, 0x318);
	iop_open(&h->iop);
	EXPECT(view_write32(h, 0x300, 1) == 4, "ARDY write");
	EXPECT(view_write32(h, 0x100, 1) == 4, "DRDY write");
	EXPECT(view_write32(h, 0x318, 0x80000011) == 4, "CBLV write");
	fw_write32(h, 0x318, cblv);		/* CBLV put back behind the guest */
	fw_write32(h, 0x1ac, 0);				/* CLID */
	fw_write32(h, 0x304, ASLC_SET_BACKLIGHT);		/* ASLC request */

	h->nr_ev = 0;
	iop_reset(&h->iop);
	EXPECT(h->nr_ev == 2 && count_ev(h, IOP_EV_RESTORE) == 2,
	       "%u events, expected 2 RESTORE", h->nr_ev);
	EXPECT(phys32(h, 0x300) == 0 && phys32(h, 0x100) == 0 &&
	       phys32(h, 0x318) == cblv, "ARDY/DRDY/CBLV not at open time");
	EXPECT(phys32(h, 0x1ac) == 0 && phys32(h, 0x304) == ASLC_SET_BACKLIGHT,
	       "firmware or handshake field touched");

	h->nr_ev = 0;
	EXPECT(view_read32(h, 0x300) == 0 && view_read32(h, 0x100) == 0 &&
	       view_read32(h, 0x318) == cblv, "view after reset");
	EXPECT(h->nr_ev == 0, "%u events reading what the reset restored", h->nr_ev);
	EXPECT(view_write32(h, 0x300, 1) == 4 && phys32(h, 0x300) == 1,
	       "ARDY write after reset");

	h->nr_ev = 0;
	iop_release(&h->iop);
	EXPECT(h->nr_ev == 1 && phys32(h, 0x300) == 0, "release after reset");
	host_free(h);
	end("reset: driver fields back to open time, view open, release still restores");
}

/* Issue 8 d: release (or reset) without open has nothing to restore. */
static void test_release_unopened(void)
{
	struct host *h;

	begin();
	h = host_layout(IOP_VL_21_CONTIG);
	EXPECT(h && !host_probe(h), "probe failed");
	fw_write32(h, 0x318, 0x80000064);
	fw_write32(h, 0x300, 1);
	iop_reset(&h->iop);
	iop_release(&h->iop);
	EXPECT(phys32(h, 0x318) == 0x80000064, "CBLV is 0x%x", phys32(h, 0x318));
	EXPECT(phys32(h, 0x300) == 1, "ARDY is 0x%x", phys32(h, 0x300));
	EXPECT(!find_ev(h, IOP_EV_RESTORE, 0x318), "RESTORE reported");
	/* Open, release, release: the second one restores nothing again. */
	iop_open(&h->iop);
	fw_write32(h, 0x318, 0x80000010);
	iop_release(&h->iop);
	EXPECT(phys32(h, 0x318) == 0x80000064, "CBLV not restored: 0x%x",
	       phys32(h, 0x318));
	fw_write32(h, 0x318, 0x80000020);
	h->nr_ev = 0;
	iop_release(&h->iop);
	EXPECT(phys32(h, 0x318) == 0x80000020 && !h->nr_ev,
	       "a second release restored CBLV: 0x%x", phys32(h, 0x318));
	host_free(h);
	end("release and reset without open restore nothing");
}

UNIT_SUITE(session, test_open_release, test_reset, test_release_unopened);
