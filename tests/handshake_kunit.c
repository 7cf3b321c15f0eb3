// SPDX-License-Identifier: GPL-2.0
/*
 * handshake_kunit.c - suite igd_opregion_handshake: guest writes to the
 * handshake fields (ASLC, SCIC, PARM, CSTS) while the firmware writes the
 * same word.
 *
 * The platform model calls a "firmware" hook inside every
 * compare-and-exchange, before the compare: the firmware writes at the
 * worst moment, between the engine's load and its store. A firmware change
 * to a row's fwmask bits that the guest has not seen must survive the
 * guest's write; the guest's bits must land everywhere else; a change the
 * guest has seen is the guest's to overwrite. A firmware that changes the
 * word on every attempt costs a bounded number of them, and the write is
 * dropped whole.
 */
#include <kunit/test.h>

#include "iop_kunit_mem.h"

#define ASLC	0x304
#define SCIC	0x200
#define PARM	0x204
#define CSTS	0x104

/**
 * struct handshake_case - one guest write racing the firmware
 * @name: what happens
 * @off: the element's offset
 * @initial: its value at probe (seen by the guest)
 * @before_clr: bits firmware clears after the guest's last look, before
 *	the guest's write
 * @before_set: bits firmware sets then
 * @race_clr: bits firmware clears inside each racing compare-and-exchange
 * @race_set: bits firmware sets then; bit n of the mask is set on the
 *	n-th racing attempt when @race_walk is set, all at once otherwise
 * @races: attempts that meet a firmware write
 * @race_walk: set one bit of @race_set per attempt
 * @woff: guest write offset (0 for @off)
 * @wlen: guest write length (0 for 4)
 * @guest: guest's value (bytes from @woff - @off)
 * @expect: physical value afterwards
 */
struct handshake_case {
	const char *name;
	u32 off;
	u32 initial;
	u32 before_clr, before_set;
	u32 race_clr, race_set;
	unsigned int races;
	bool race_walk;
	u32 woff, wlen;
	u32 guest;
	u32 expect;
};

static const struct handshake_case handshake_cases[] = {
	{ .name = "ASLC backlight request during a status write", .off = ASLC,
	  .race_set = ASLC_SET_BACKLIGHT, .races = 1,
	  .guest = ASLC_BACKLIGHT_FAILED,
	  .expect = ASLC_BACKLIGHT_FAILED | ASLC_SET_BACKLIGHT },
	{ .name = "ASLC request set before the write, never seen", .off = ASLC,
	  .before_set = ASLC_SET_BACKLIGHT, .guest = 0,
	  .expect = ASLC_SET_BACKLIGHT },
	{ .name = "ASLC request seen, then acknowledged", .off = ASLC,
	  .initial = ASLC_SET_BACKLIGHT, .guest = 0, .expect = 0 },
	{ .name = "ASLC seen request kept, new one kept", .off = ASLC,
	  .initial = BIT(0), .race_set = BIT(2), .races = 1, .guest = BIT(0),
	  .expect = BIT(0) | BIT(2) },
	{ .name = "ASLC five requests on five attempts", .off = ASLC,
	  .race_set = 0x1f, .races = 5, .race_walk = true, .guest = 0x3000,
	  .expect = 0x3000 | 0x1f },
	{ .name = "ASLC firmware status bits are not protected", .off = ASLC,
	  .race_set = BIT(12), .races = 1, .guest = 0, .expect = 0 },
	{ .name = "ASLC guest cannot clear an unseen request", .off = ASLC,
	  .before_set = 0x1ff, .guest = 0, .expect = 0x1ff },
	{ .name = "ASLC partial write of byte 1, request in byte 0", .off = ASLC,
	  .race_set = BIT(0), .races = 1, .woff = ASLC + 1, .wlen = 1,
	  .guest = 0x10, .expect = 0x1001 },
	{ .name = "ASLC partial write of bytes 2-3", .off = ASLC,
	  .initial = 0x3, .before_set = BIT(4), .woff = ASLC + 2, .wlen = 2,
	  .guest = 0x8000, .expect = 0x80000013 },
	/*
	 * A guest setting SCIC bit 0 after the firmware cleared it starts a
	 * new request, which replaces the completion whole: the store lands
	 * after the completion, as it would in memory.
	 */
	{ .name = "SCIC firmware completes during a guest request", .off = SCIC,
	  .initial = 0x0003, .race_clr = SWSCI_SCIC_INDICATOR,
	  .race_set = 1 << SWSCI_SCIC_EXIT_STATUS_SHIFT, .races = 1,
	  .guest = 0x0103, .expect = 0x0103 },
	{ .name = "SCIC firmware completes during a write without bit 0", .off = SCIC,
	  .initial = 0x0003, .race_clr = SWSCI_SCIC_INDICATOR,
	  .race_set = 1 << SWSCI_SCIC_EXIT_STATUS_SHIFT, .races = 1,
	  .guest = 0x0102, .expect = 0x0122 },
	{ .name = "SCIC guest request on an idle mailbox", .off = SCIC,
	  .initial = 0x0020, .guest = 0x000d, .expect = 0x000d },
	{ .name = "SCIC exit status never seen, new request replaces it", .off = SCIC,
	  .before_set = 4 << SWSCI_SCIC_EXIT_STATUS_SHIFT, .guest = 0x0001,
	  .expect = 0x0001 },
	{ .name = "SCIC exit status never seen survives a write without bit 0",
	  .off = SCIC, .before_set = 4 << SWSCI_SCIC_EXIT_STATUS_SHIFT,
	  .guest = 0x0000, .expect = 0x0080 },
	{ .name = "PARM has no firmware mask: guest wins", .off = PARM,
	  .race_set = 0xffff0000, .races = 1, .guest = 0x1234,
	  .expect = 0x1234 },
	{ .name = "CSTS blind acknowledge wins", .off = CSTS,
	  .initial = 0, .race_set = 3, .races = 1, .guest = 0, .expect = 0 },
	{ .name = "CSTS ten racing attempts", .off = CSTS,
	  .race_set = 0x3ff, .races = 10, .race_walk = true, .guest = 0,
	  .expect = 0 },
};

KUNIT_ARRAY_PARAM_DESC(handshake, handshake_cases, name);

struct handshake_race {
	const struct handshake_case *c;
	unsigned int left;
	unsigned int bit;
};

/* Firmware writes the word between the engine's load and its compare. */
static void handshake_fw(struct iop_kmem *mem, u64 pa, void *priv)
{
	struct handshake_race *r = priv;
	const struct handshake_case *c = r->c;
	u32 off = pa - mem->asls, set = c->race_set, v;

	if (!r->left)
		return;
	r->left--;
	if (c->race_walk) {
		while (r->bit < 32 && !(c->race_set & BIT(r->bit)))
			r->bit++;
		set = r->bit < 32 ? BIT(r->bit++) : 0;
	}
	v = iop_fw_get32(mem, off);
	iop_fw_set32(mem, off, (v & ~c->race_clr) | set);
}

static void handshake_race(struct kunit *test)
{
	const struct handshake_case *c = test->param_value;
	struct iop_kmem *mem = iop_kmem_layout(test, IOP_VL_21_CONTIG);
	struct iop_kt_rec *rec = kunit_kzalloc(test, sizeof(*rec), GFP_KERNEL);
	struct handshake_race race = { .c = c, .left = c->races };
	u32 woff = c->woff ?: c->off, wlen = c->wlen ?: 4;
	u32 seen = c->initial, mid, i;
	__le32 guest = cpu_to_le32(c->guest);
	struct iop *iop;

	KUNIT_ASSERT_NOT_NULL(test, rec);
	iop_fw_set32(mem, c->off, c->initial);
	iop = iop_kt_engine(test, mem, rec);
	mid = (seen & ~c->before_clr) | c->before_set;
	iop_fw_set32(mem, c->off, mid);
	mem->race = handshake_fw;
	mem->race_priv = &race;
	iop_kmem_reset_counters(mem);

	KUNIT_ASSERT_EQ(test, iop_write(iop, woff, &guest, wlen), wlen);
	KUNIT_EXPECT_EQ_MSG(test, iop_fw_get32(mem, c->off), c->expect,
			    "physical %#x, expected %#x",
			    iop_fw_get32(mem, c->off), c->expect);
	KUNIT_EXPECT_EQ(test, race.left, 0);
	KUNIT_EXPECT_EQ(test, mem->nr_cmpxchg, c->races + 1);
	KUNIT_EXPECT_EQ(test, mem->nr_store, 0);

	/* Events: a firmware change if the word moved, then the forward. */
	KUNIT_ASSERT_GE(test, rec->nr, 1);
	i = rec->nr - 1;
	KUNIT_EXPECT_EQ(test, rec->ev[i].kind, IOP_EV_FORWARD);
	KUNIT_EXPECT_EQ(test, rec->ev[i].off, c->off);
	KUNIT_EXPECT_EQ(test, rec->ev[i].new_val, c->expect);
	KUNIT_EXPECT_EQ(test, rec->nr, c->races || mid != seen ? 2 : 1);
	if (rec->nr == 2) {
		KUNIT_EXPECT_EQ(test, rec->ev[0].kind, IOP_EV_FW_CHANGE);
		KUNIT_EXPECT_EQ(test, rec->ev[0].old_val, seen);
		KUNIT_EXPECT_EQ(test, rec->ev[0].new_val, rec->ev[1].old_val);
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&mem->nr_bad), 0);
}

struct handshake_bit {
	unsigned int bit;
	bool fired;
};

static void handshake_set_bit(struct iop_kmem *mem, u64 pa, void *priv)
{
	struct handshake_bit *b = priv;

	if (b->fired)
		return;
	b->fired = true;
	iop_fw_or32(mem, pa - mem->asls, BIT(b->bit));
}

/*
 * Every firmware bit of ASLC and SCIC, against guest values that clear or
 * set everything: a bit the firmware sets during the write is never lost.
 */
static void handshake_no_bit_lost(struct kunit *test)
{
	static const u32 guests[] = { 0, 0xffffffff, 0x1000, 0x00ff00ff };
	static const struct { u32 off; u32 fwmask; } rows[] = {
		{ ASLC, ASLC_REQ_MSK },
		{ SCIC, SWSCI_SCIC_INDICATOR | SWSCI_SCIC_EXIT_STATUS_MASK },
	};
	struct iop_kt_rec *rec = kunit_kzalloc(test, sizeof(*rec), GFP_KERNEL);
	unsigned int r, g, bit, checked = 0;

	KUNIT_ASSERT_NOT_NULL(test, rec);
	for (r = 0; r < ARRAY_SIZE(rows); r++) {
		for (bit = 0; bit < 32; bit++) {
			if (!(rows[r].fwmask & BIT(bit)))
				continue;
			for (g = 0; g < ARRAY_SIZE(guests); g++) {
				struct iop_kmem *mem = iop_kmem_layout(test, IOP_VL_21_CONTIG);
				struct handshake_bit hb = { .bit = bit };
				__le32 v = cpu_to_le32(guests[g]);
				struct iop *iop;

				iop_fw_set32(mem, rows[r].off, 0);
				iop = iop_kt_engine(test, mem, rec);
				mem->race = handshake_set_bit;
				mem->race_priv = &hb;
				KUNIT_ASSERT_EQ(test, iop_write(iop, rows[r].off, &v, 4), 4);
				KUNIT_EXPECT_TRUE_MSG(test,
						      iop_fw_get32(mem, rows[r].off) & BIT(bit),
						      "row %#x bit %u lost to guest %#x",
						      rows[r].off, bit, guests[g]);
				/* Non-firmware bits are the guest's. */
				KUNIT_EXPECT_EQ(test, iop_fw_get32(mem, rows[r].off) &
						~rows[r].fwmask,
						guests[g] & ~rows[r].fwmask);
				checked++;
			}
		}
	}
	KUNIT_EXPECT_EQ(test, checked, (9 + 4) * ARRAY_SIZE(guests));
}

/*
 * A firmware change in a byte the guest's partial write did not cover
 * stays unseen: a later full write still keeps it (the shadow records only
 * the bytes the guest wrote).
 */
static void handshake_partial_then_full(struct kunit *test)
{
	struct iop_kmem *mem = iop_kmem_layout(test, IOP_VL_21_CONTIG);
	struct iop_kt_rec *rec = kunit_kzalloc(test, sizeof(*rec), GFP_KERNEL);
	__le32 zero = 0;
	struct iop *iop;

	KUNIT_ASSERT_NOT_NULL(test, rec);
	iop_fw_set32(mem, ASLC, 0);
	iop = iop_kt_engine(test, mem, rec);
	iop_fw_or32(mem, ASLC, BIT(8));			/* byte 1, unseen */
	KUNIT_ASSERT_EQ(test, iop_write(iop, ASLC, &zero, 1), 1);
	KUNIT_EXPECT_EQ(test, iop_fw_get32(mem, ASLC), BIT(8));
	KUNIT_ASSERT_EQ(test, iop_write(iop, ASLC, &zero, 4), 4);
	KUNIT_EXPECT_EQ(test, iop_fw_get32(mem, ASLC), BIT(8));
	/* Once read, it is the guest's to clear. */
	KUNIT_ASSERT_EQ(test, iop_read(iop, ASLC, &zero, 4), 4);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(zero), BIT(8));
	zero = 0;
	KUNIT_ASSERT_EQ(test, iop_write(iop, ASLC, &zero, 4), 4);
	KUNIT_EXPECT_EQ(test, iop_fw_get32(mem, ASLC), 0);
}

/*
 * The i915 ASLE sequence end to end: firmware posts a backlight request,
 * the guest reads ASLC and BCLP, writes CBLV and acknowledges with a
 * status; another request (ambient light, bit 0) arriving during the
 * acknowledge survives it.
 */
static void handshake_asle_sequence(struct kunit *test)
{
	struct iop_kmem *mem = iop_kmem_layout(test, IOP_VL_21_CONTIG);
	struct handshake_bit hb = { .bit = 0 };
	struct iop_kdev *kd;
	u32 aslc, bclp;

	iop_fw_set32(mem, ASLC, 0);
	kd = iop_kt_kdev(test, mem, "handshake");
	iop_kt_write32(test, kd, 0x300, ASLE_ARDY_READY);
	iop_kt_write32(test, kd, 0x308, ASLE_TCHE_BLC_EN);

	/* Firmware: BCLP = level | valid, then the request bit. */
	KUNIT_EXPECT_EQ(test, iop_fw_get32(mem, 0x300), ASLE_ARDY_READY);
	iop_fw_set32(mem, 0x310, ASLE_BCLP_VALID | 128);
	iop_fw_or32(mem, ASLC, ASLC_SET_BACKLIGHT);

	/* Guest: read request and level, set CBLV, acknowledge. */
	aslc = iop_kt_read32(test, kd, ASLC);
	bclp = iop_kt_read32(test, kd, 0x310);
	KUNIT_EXPECT_EQ(test, aslc & ASLC_REQ_MSK, ASLC_SET_BACKLIGHT);
	KUNIT_EXPECT_EQ(test, bclp, ASLE_BCLP_VALID | 128);
	iop_kt_write32(test, kd, 0x318, DIV_ROUND_UP(128 * 100, 255) | ASLE_CBLV_VALID);
	mem->race = handshake_set_bit;			/* the next request */
	mem->race_priv = &hb;
	iop_kt_write32(test, kd, ASLC, 0);
	KUNIT_EXPECT_TRUE(test, hb.fired);
	KUNIT_EXPECT_EQ(test, iop_fw_get32(mem, 0x318), 51 | ASLE_CBLV_VALID);
	KUNIT_EXPECT_EQ(test, iop_fw_get32(mem, ASLC), BIT(0));
	/* The guest sees the second request and acknowledges it too. */
	mem->race = NULL;
	KUNIT_EXPECT_EQ(test, iop_kt_read32(test, kd, ASLC), BIT(0));
	iop_kt_write32(test, kd, ASLC, 0);
	KUNIT_EXPECT_EQ(test, iop_fw_get32(mem, ASLC), 0);
}

struct handshake_busy {
	unsigned int calls;
	u32 last;
};

/*
 * A firmware rewriting ASLC in a tight loop: every compare-and-exchange
 * meets a new value (a request bit set, bits 16 and up bumped).
 */
static void handshake_busy_fw(struct iop_kmem *mem, u64 pa, void *priv)
{
	struct handshake_busy *b = priv;
	u32 off = pa - mem->asls;

	b->calls++;
	b->last = (iop_fw_get32(mem, off) | ASLC_SET_BACKLIGHT) + 0x10000;
	iop_fw_set32(mem, off, b->last);
}

/*
 * The compare-and-exchange loop is bounded: after IOP_HANDSHAKE_TRIES lost
 * attempts the guest's write is dropped, counted and reported; nothing is
 * stored, so the firmware's value stands whole. Once the firmware stops,
 * the guest sees that value and its next write applies.
 */
static void handshake_hung_firmware(struct kunit *test)
{
	struct iop_kmem *mem = iop_kmem_layout(test, IOP_VL_21_CONTIG);
	struct iop_kt_rec *rec = kunit_kzalloc(test, sizeof(*rec), GFP_KERNEL);
	struct handshake_busy busy = {};
	__le32 v = cpu_to_le32(ASLC_BACKLIGHT_FAILED);
	struct iop *iop;

	KUNIT_ASSERT_NOT_NULL(test, rec);
	iop_fw_set32(mem, ASLC, 0);
	iop = iop_kt_engine(test, mem, rec);
	mem->race = handshake_busy_fw;
	mem->race_priv = &busy;
	iop_kmem_reset_counters(mem);

	KUNIT_ASSERT_EQ(test, iop_write(iop, ASLC, &v, 4), 4);
	KUNIT_EXPECT_EQ(test, mem->nr_cmpxchg, IOP_HANDSHAKE_TRIES);
	KUNIT_EXPECT_EQ(test, busy.calls, IOP_HANDSHAKE_TRIES);
	KUNIT_EXPECT_EQ(test, mem->nr_store, 0);
	KUNIT_EXPECT_EQ(test, iop_fw_get32(mem, ASLC), busy.last);
	KUNIT_EXPECT_EQ(test, iop->dropped, 1);
	KUNIT_ASSERT_EQ(test, rec->nr, 1);
	KUNIT_EXPECT_EQ(test, rec->nr_kind[IOP_EV_DROPPED], 1);
	KUNIT_EXPECT_EQ(test, rec->ev[0].kind, IOP_EV_DROPPED);
	KUNIT_EXPECT_EQ(test, rec->ev[0].off, ASLC);
	KUNIT_EXPECT_EQ(test, rec->ev[0].len, 4);
	KUNIT_EXPECT_EQ(test, rec->ev[0].old_val, busy.last);
	KUNIT_EXPECT_EQ(test, rec->ev[0].new_val,
			ASLC_BACKLIGHT_FAILED | ASLC_SET_BACKLIGHT);

	/* The firmware stops: its value is reported, the next write lands. */
	mem->race = NULL;
	iop_kt_rec_clear(rec);
	KUNIT_ASSERT_EQ(test, iop_read(iop, ASLC, &v, 4), 4);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(v), busy.last);
	KUNIT_ASSERT_EQ(test, rec->nr, 1);
	KUNIT_EXPECT_EQ(test, rec->ev[0].kind, IOP_EV_FW_CHANGE);
	KUNIT_EXPECT_EQ(test, rec->ev[0].new_val, busy.last);
	v = 0;
	KUNIT_ASSERT_EQ(test, iop_write(iop, ASLC, &v, 4), 4);
	KUNIT_EXPECT_EQ(test, iop_fw_get32(mem, ASLC), 0);
	KUNIT_EXPECT_EQ(test, iop->dropped, 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&mem->nr_bad), 0);
}

static struct kunit_case handshake_test_cases[] = {
	KUNIT_CASE_PARAM(handshake_race, handshake_gen_params),
	KUNIT_CASE(handshake_no_bit_lost),
	KUNIT_CASE(handshake_partial_then_full),
	KUNIT_CASE(handshake_asle_sequence),
	KUNIT_CASE(handshake_hung_firmware),
	{}
};

static struct kunit_suite handshake_suite = {
	.name = "igd_opregion_handshake",
	.test_cases = handshake_test_cases,
};

kunit_test_suite(handshake_suite);
