// SPDX-License-Identifier: GPL-2.0
/*
 * unit_events.c - change events: a firmware change reported once on the
 * read that sees it, none for snapshot fields, and before the FORWARD of a
 * guest write over it.
 */
#include <string.h>

#include "unit.h"

/* What a missing event reads as, so a failed check never dereferences NULL */
static const struct iop_event no_event = { .kind = -1 };

static const struct iop_field *field_named(const char *name)
{
	unsigned int i;

	for (i = 0; i < iop_nr_fields; i++)
		if (!strcmp(iop_fields[i].name, name))
			return &iop_fields[i];
	return NULL;
}

static void test_fw_change(void)
{
	const struct iop_event *ev;
	struct host *h;
	u8 buf[0x40];

	begin();
	h = host_ready(IOP_VL_21_CONTIG);
	fw_write32(h, 0x310, 0x800000ff);
	EXPECT(iop_read(&h->iop, 0x300, buf, sizeof(buf)) == sizeof(buf), "short read");
	EXPECT(h->nr_ev == 1, "%u events", h->nr_ev);
	ev = h->nr_ev ? &h->ev[0] : &no_event;
	EXPECT(ev->kind == IOP_EV_FW_CHANGE && ev->field == field_named("BCLP") &&
	       ev->off == 0x310 && ev->len == 4 && ev->old_val == 0x13121110 &&
	       ev->new_val == 0x800000ff,
	       "event %u %s 0x%x+%u %llx -> %llx", ev->kind,
	       ev->field ? ev->field->name : "-", ev->off,
	       ev->len, (unsigned long long)ev->old_val, (unsigned long long)ev->new_val);
	h->nr_ev = 0;
	iop_read(&h->iop, 0x300, buf, sizeof(buf));
	EXPECT(h->nr_ev == 0, "change reported twice");
	/* A change to a snapshot field is not a change of the view. */
	memset(phys_op(h), 'Z', 16);
	iop_read(&h->iop, 0, buf, sizeof(buf));
	EXPECT(h->nr_ev == 0 && !memcmp(buf, OPREGION_SIGNATURE, 16),
	       "signature rewrite visible");
	/* Mailbox 5 is tracked too. */
	phys_op(h)[0x1c05] = 0x99;
	iop_read(&h->iop, 0x1c00, buf, 8);
	ev = find_ev(h, IOP_EV_FW_CHANGE, 0x1c05);
	EXPECT(ev && ev->field == field_named("BDDC") && ev->old_val == 0x05 &&
	       ev->new_val == 0x99, "no BDDC change event");
	host_free(h);
	end("events: FW_CHANGE on read with old/new, once, none for snapshot fields");

	begin();
	h = host_ready(IOP_VL_21_CONTIG);
	fw_write32(h, 0x318, 0x80000032);
	EXPECT(view_write32(h, 0x318, 0x80000064) == 4, "short write");
	EXPECT(h->nr_ev == 2, "%u events", h->nr_ev);
	ev = h->nr_ev > 0 ? &h->ev[0] : &no_event;
	EXPECT(ev->kind == IOP_EV_FW_CHANGE && ev->off == 0x318 &&
	       ev->old_val == 0x1b1a1918 && ev->new_val == 0x80000032,
	       "first event %u %llx -> %llx", ev->kind, (unsigned long long)ev->old_val,
	       (unsigned long long)ev->new_val);
	ev = h->nr_ev > 1 ? &h->ev[1] : &no_event;
	EXPECT(ev->kind == IOP_EV_FORWARD && ev->field == field_named("CBLV") &&
	       ev->old_val == 0x80000032 && ev->new_val == 0x80000064,
	       "second event %u %llx -> %llx", ev->kind, (unsigned long long)ev->old_val,
	       (unsigned long long)ev->new_val);
	h->nr_ev = 0;
	view_read32(h, 0x318);
	EXPECT(h->nr_ev == 0, "guest's own write reported as a firmware change");
	host_free(h);
	end("events: FW_CHANGE then FORWARD when the guest writes over a firmware change");
}

UNIT_SUITE(events, test_fw_change);
