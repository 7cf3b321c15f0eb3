// SPDX-License-Identifier: GPL-2.0
/*
 * unit_handshake.c - the handshake fields (ASLC, SCIC, CSTS): the masked
 * update against a racing firmware, and only the bytes the guest was
 * delivered counting as seen.
 */
#include "unit.h"

static void test_handshake(void)
{
	const u64 aslc = IOP_VEC_ASLS + 0x304;
	const struct iop_event *ev;
	struct host *h;

	/* ASLC: firmware raises a second request while the guest writes status */
	begin();
	h = host_ready(IOP_VL_21_CONTIG);
	fw_write32(h, 0x304, ASLC_SET_BACKLIGHT);
	EXPECT(view_read32(h, 0x304) == ASLC_SET_BACKLIGHT, "request not seen");
	h->race_pa = aslc;
	h->race_n = 1;
	h->race_bits[0] = BIT(0);		/* ALS event request */
	h->nr_ev = 0;
	EXPECT(view_write32(h, 0x304, 0) == 4, "short write");
	EXPECT(h->race_fired == 1, "race hook did not fire");
	EXPECT(phys32(h, 0x304) == BIT(0), "ASLC is 0x%x, expected the racing bit 0 only",
	       phys32(h, 0x304));
	EXPECT(h->plat.nr_cmpxchg == 2, "%lu cmpxchg", h->plat.nr_cmpxchg);
	ev = find_ev(h, IOP_EV_FORWARD, 0x304);
	EXPECT(ev && ev->old_val == 3 && ev->new_val == 1, "FORWARD %llx -> %llx",
	       ev ? (unsigned long long)ev->old_val : 0ULL,
	       ev ? (unsigned long long)ev->new_val : 0ULL);
	h->nr_ev = 0;
	EXPECT(view_read32(h, 0x304) == 1, "guest does not see the kept request");
	ev = find_ev(h, IOP_EV_FW_CHANGE, 0x304);
	EXPECT(ev && ev->old_val == 0 && ev->new_val == 1, "no FW_CHANGE 0 -> 1 on read");
	EXPECT(view_write32(h, 0x304, 0) == 4 && phys32(h, 0x304) == 0,
	       "a request the guest read is not cleared by its write");
	host_free(h);
	end("handshake: ASLC request set during the guest's status write survives it");

	/* The race fires on three successive cmpxchg attempts */
	begin();
	h = host_ready(IOP_VL_21_CONTIG);
	fw_write32(h, 0x304, ASLC_SET_BACKLIGHT);
	view_read32(h, 0x304);
	h->race_pa = aslc;
	h->race_n = 3;
	h->race_bits[0] = BIT(0);
	h->race_bits[1] = BIT(2);
	h->race_bits[2] = BIT(3) | BIT(12);	/* bit 12 is status: not firmware's */
	EXPECT(view_write32(h, 0x304, 0) == 4, "short write");
	EXPECT(h->race_fired == 3 && h->plat.nr_cmpxchg == 4, "%u races, %lu cmpxchg",
	       h->race_fired, h->plat.nr_cmpxchg);
	EXPECT(phys32(h, 0x304) == (BIT(0) | BIT(2) | BIT(3)),
	       "ASLC is 0x%x, expected 0xd", phys32(h, 0x304));
	host_free(h);
	end("handshake: cmpxchg retry loop keeps request bits from 3 racing writes");

	/*
	 * SCIC: a completion the guest has not seen survives a stale rewrite
	 * without bit 0; a rewrite with bit 0 is a new request (the replay
	 * of issue 8 f: it used to be merged away and reported forwarded).
	 */
	begin();
	h = host_ready(IOP_VL_21_CONTIG);
	fw_write32(h, 0x200, 0);
	view_read32(h, 0x200);
	EXPECT(view_write32(h, 0x200, 0x0b) == 4 && phys32(h, 0x200) == 0x0b,
	       "request not forwarded");
	fw_write32(h, 0x204, 0x1234);				/* result in PARM */
	fw_write32(h, 0x200, 0x0a | 1 << SWSCI_SCIC_EXIT_STATUS_SHIFT);
	EXPECT(view_write32(h, 0x200, 0x0a) == 4, "short write");
	EXPECT(phys32(h, 0x200) == 0x2a, "SCIC is 0x%x: completion lost", phys32(h, 0x200));
	h->nr_ev = 0;
	EXPECT(view_write32(h, 0x200, 0x0b) == 4, "short write");
	EXPECT(phys32(h, 0x200) == 0x0b, "SCIC is 0x%x: new request merged away",
	       phys32(h, 0x200));
	ev = find_ev(h, IOP_EV_FORWARD, 0x200);
	EXPECT(ev && ev->new_val == 0x0b, "FORWARD does not report the request");
	fw_write32(h, 0x200, 0x0a | 1 << SWSCI_SCIC_EXIT_STATUS_SHIFT);
	EXPECT(view_read32(h, 0x200) == 0x2a, "guest does not see the completion");
	EXPECT(view_write32(h, 0x200, 0) == 4 && phys32(h, 0x200) == 0,
	       "seen exit status not cleared");
	/* Function bits 4:1 are not firmware's: the guest's value wins. */
	fw_write32(h, 0x200, 0x1e);
	EXPECT(view_write32(h, 0x200, 0x02) == 4 && phys32(h, 0x200) == 0x02,
	       "function bits kept from firmware: 0x%x", phys32(h, 0x200));
	host_free(h);
	end("handshake: SCIC exit status unseen by the guest survives its write, %s",
	    "a new request replaces it");

	/* CSTS: fwmask 0, i915 acks with a blind write of 0 */
	begin();
	h = host_ready(IOP_VL_21_CONTIG);
	fw_write32(h, 0x104, 0);
	view_read32(h, 0x104);
	fw_write32(h, 0x104, 3);
	h->nr_ev = 0;
	EXPECT(view_write32(h, 0x104, 0) == 4 && phys32(h, 0x104) == 0,
	       "CSTS is %u after the blind ack", phys32(h, 0x104));
	ev = find_ev(h, IOP_EV_FW_CHANGE, 0x104);
	EXPECT(ev && ev->old_val == 0 && ev->new_val == 3, "no FW_CHANGE 0 -> 3");
	ev = find_ev(h, IOP_EV_FORWARD, 0x104);
	EXPECT(ev && ev->old_val == 3 && ev->new_val == 0, "no FORWARD 3 -> 0");
	host_free(h);
	end("handshake: CSTS blind ack (fwmask 0) clears the firmware's 3");

	/* Partial handshake write: only the guest's byte, firmware bits kept */
	begin();
	h = host_ready(IOP_VL_21_CONTIG);
	fw_write32(h, 0x304, 0);
	view_read32(h, 0x304);
	fw_write32(h, 0x304, ASLC_SET_BACKLIGHT);
	EXPECT(iop_write(&h->iop, 0x305, "\x10", 1) == 1, "short write");
	EXPECT(phys32(h, 0x304) == (0x1000 | ASLC_SET_BACKLIGHT),
	       "ASLC is 0x%x after a status byte write", phys32(h, 0x304));
	/* The guest still has not seen the request: a full write keeps it too. */
	EXPECT(view_write32(h, 0x304, 0) == 4, "short write");
	EXPECT(phys32(h, 0x304) == ASLC_SET_BACKLIGHT,
	       "ASLC is 0x%x: a partial write marked the unseen request as seen",
	       phys32(h, 0x304));
	host_free(h);
	end("handshake: one-byte status write keeps the unseen request byte, and later writes");
}

/*
 * Issue 8 b, the engine's half: bytes iop_read_peek() returned count as
 * seen only after iop_read_done(), and not when anything came between.
 */
static void test_read_peek(void)
{
	struct host *h;
	u8 b[4];
	u32 gen;

	begin();
	h = host_ready(IOP_VL_21_CONTIG);
	fw_write32(h, 0x304, ASLC_SET_BACKLIGHT);
	EXPECT(iop_read_peek(&h->iop, 0x304, b, 4, &gen) == 4 &&
	       get_unaligned_le32(b) == ASLC_SET_BACKLIGHT, "peek");
	EXPECT(!h->nr_ev, "peek reported an event");
	/* The copy to the guest failed: no iop_read_done(). */
	EXPECT(view_write32(h, 0x304, ASLC_BACKLIGHT_FAILED) == 4, "short write");
	EXPECT(phys32(h, 0x304) == (ASLC_BACKLIGHT_FAILED | ASLC_SET_BACKLIGHT),
	       "undelivered request cleared: ASLC 0x%x", phys32(h, 0x304));
	/* A done after a write in between records nothing. */
	fw_write32(h, 0x304, ASLC_SET_BACKLIGHT);
	EXPECT(iop_read_peek(&h->iop, 0x304, b, 4, &gen) == 4, "peek");
	EXPECT(view_write32(h, 0x100, 1) == 4, "short write");
	iop_read_done(&h->iop, 0x304, b, 4, gen);
	EXPECT(view_write32(h, 0x304, 0) == 4 &&
	       phys32(h, 0x304) == ASLC_SET_BACKLIGHT,
	       "stale done marked the request seen: ASLC 0x%x", phys32(h, 0x304));
	/* Delivered: the next status write clears it. */
	EXPECT(iop_read_peek(&h->iop, 0x304, b, 4, &gen) == 4, "peek");
	h->nr_ev = 0;
	iop_read_done(&h->iop, 0x304, b, 4, gen);
	EXPECT(find_ev(h, IOP_EV_FW_CHANGE, 0x304), "no FW_CHANGE on done");
	EXPECT(view_write32(h, 0x304, 0) == 4 && phys32(h, 0x304) == 0,
	       "delivered request kept: ASLC 0x%x", phys32(h, 0x304));
	host_free(h);
	end("read peek/done: only delivered bytes count as seen");
}

UNIT_SUITE(handshake, test_handshake, test_read_peek);
