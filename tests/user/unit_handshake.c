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
 * A firmware rewriting ASLC in a tight loop: every compare-and-exchange
 * meets a new value. It sets a request bit and bumps bits 16 and up (not
 * the firmware's to keep) each time, so each value differs from the last;
 * @left bounds how many times.
 */
struct busy_fw {
	u64 pa;
	unsigned int left, calls;
	u32 last;
};

static void busy_fw_race(struct platform *plat, u64 pa, void *priv)
{
	struct busy_fw *fw = priv;
	u8 *p = plat_ptr(plat, pa, 4);
	u32 v;

	if (pa != fw->pa || !fw->left)
		return;
	fw->left--;
	fw->calls++;
	memcpy(&v, p, 4);
	v = (v | ASLC_SET_BACKLIGHT) + 0x10000;
	memcpy(p, &v, 4);
	fw->last = v;
}

static void test_handshake_bound(void)
{
	struct busy_fw fw = { .pa = IOP_VEC_ASLS + 0x304 };
	const struct iop_event *ev;
	struct host *h;
	u8 w[8];

	/* Attempts all lost: the write returns, dropped and reported */
	begin();
	h = host_ready(IOP_VL_21_CONTIG);
	fw_write32(h, 0x304, 0);
	view_read32(h, 0x304);
	h->plat.race = busy_fw_race;
	h->plat.race_priv = &fw;
	fw.left = ~0u;
	h->plat.nr_cmpxchg = 0;
	h->nr_ev = 0;
	EXPECT(view_write32(h, 0x304, ASLC_BACKLIGHT_FAILED) == 4, "short write");
	EXPECT(h->plat.nr_cmpxchg == IOP_HANDSHAKE_TRIES && fw.calls == IOP_HANDSHAKE_TRIES,
	       "%lu cmpxchg, %u firmware writes, bound %u", h->plat.nr_cmpxchg, fw.calls,
	       IOP_HANDSHAKE_TRIES);
	EXPECT(phys32(h, 0x304) == fw.last, "ASLC is 0x%x, the firmware left 0x%x",
	       phys32(h, 0x304), fw.last);
	EXPECT(h->iop.dropped == 1, "dropped counter %u", h->iop.dropped);
	ev = find_ev(h, IOP_EV_DROPPED, 0x304);
	EXPECT(ev && !strcmp(ev->field->name, "ASLC") && ev->len == 4 &&
	       ev->old_val == fw.last &&
	       ev->new_val == (ASLC_BACKLIGHT_FAILED | ASLC_SET_BACKLIGHT),
	       "DROPPED %llx -> %llx", ev ? (unsigned long long)ev->old_val : 0ULL,
	       ev ? (unsigned long long)ev->new_val : 0ULL);
	EXPECT(h->nr_ev == 1 && !find_ev(h, IOP_EV_FORWARD, 0x304),
	       "%u events, FORWARD %s", h->nr_ev,
	       find_ev(h, IOP_EV_FORWARD, 0x304) ? "reported" : "not reported");
	/* The firmware stops: the guest sees its value, then writes again. */
	fw.left = 0;
	h->nr_ev = 0;
	EXPECT(view_read32(h, 0x304) == fw.last, "guest does not see the firmware's value");
	ev = find_ev(h, IOP_EV_FW_CHANGE, 0x304);
	EXPECT(ev && ev->old_val == 0 && ev->new_val == fw.last, "no FW_CHANGE 0 -> 0x%x",
	       fw.last);
	EXPECT(view_write32(h, 0x304, 0) == 4 && phys32(h, 0x304) == 0,
	       "the next write after the loop stopped is not applied: 0x%x", phys32(h, 0x304));
	EXPECT(h->iop.dropped == 1, "dropped counter %u", h->iop.dropped);
	iop_release(&h->iop);
	iop_open(&h->iop);
	EXPECT(h->iop.dropped == 0, "open does not clear the dropped counter");
	host_free(h);
	end("handshake: ASLC rewritten in a loop: write dropped after %u attempts, reported, %s",
	    IOP_HANDSHAKE_TRIES, "no firmware bit lost");

	/* One attempt short of the bound: the write applies */
	begin();
	h = host_ready(IOP_VL_21_CONTIG);
	fw_write32(h, 0x304, 0);
	view_read32(h, 0x304);
	fw = (struct busy_fw){ .pa = IOP_VEC_ASLS + 0x304, .left = IOP_HANDSHAKE_TRIES - 1 };
	h->plat.race = busy_fw_race;
	h->plat.race_priv = &fw;
	h->plat.nr_cmpxchg = 0;
	h->nr_ev = 0;
	EXPECT(view_write32(h, 0x304, ASLC_BACKLIGHT_FAILED) == 4, "short write");
	EXPECT(h->plat.nr_cmpxchg == IOP_HANDSHAKE_TRIES, "%lu cmpxchg", h->plat.nr_cmpxchg);
	EXPECT(phys32(h, 0x304) == ((fw.last & ASLC_REQ_MSK) | ASLC_BACKLIGHT_FAILED),
	       "ASLC is 0x%x, firmware left 0x%x", phys32(h, 0x304), fw.last);
	EXPECT(!h->iop.dropped && !find_ev(h, IOP_EV_DROPPED, 0x304) &&
	       find_ev(h, IOP_EV_FORWARD, 0x304), "not applied on the last attempt");
	host_free(h);
	end("handshake: a write that wins on attempt %u of %u applies",
	    IOP_HANDSHAKE_TRIES, IOP_HANDSHAKE_TRIES);

	/* A write over ARDY and ASLC: ARDY stored, ASLC dropped */
	begin();
	h = host_ready(IOP_VL_21_CONTIG);
	fw_write32(h, 0x304, 0);
	view_read32(h, 0x304);
	fw = (struct busy_fw){ .pa = IOP_VEC_ASLS + 0x304, .left = ~0u };
	h->plat.race = busy_fw_race;
	h->plat.race_priv = &fw;
	put_unaligned_le32(ASLE_ARDY_READY, w);
	put_unaligned_le32(0, w + 4);
	EXPECT(iop_write(&h->iop, 0x300, w, 8) == 8, "short write");
	EXPECT(phys32(h, 0x300) == ASLE_ARDY_READY, "ARDY not stored");
	EXPECT(phys32(h, 0x304) == fw.last, "ASLC is 0x%x, the firmware left 0x%x",
	       phys32(h, 0x304), fw.last);
	EXPECT(find_ev(h, IOP_EV_FORWARD, 0x300) && find_ev(h, IOP_EV_DROPPED, 0x304),
	       "events");
	host_free(h);
	end("handshake: a write spanning a driver field and a busy ASLC stores the former");
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

UNIT_SUITE(handshake, test_handshake, test_handshake_bound, test_read_peek);
