// SPDX-License-Identifier: GPL-2.0
/*
 * unit_ownership.c - what a guest write does, class by class: every row
 * of two layouts written whole (forwarded or refused, counted, reported),
 * the bytes no row claims, the access vectors byte by byte, and one store
 * per aligned element.
 */
#include <stdlib.h>
#include <string.h>

#include "unit.h"

static bool forwarded_class(u8 cls)
{
	return cls == IOP_DRV || cls == IOP_HANDSHAKE;
}

static void own_region(unsigned int li, unsigned int row, u32 start, u32 len)
{
	const struct iop_field *f = &iop_fields[row];
	struct host *h = host_ready(li);
	u8 *before = NULL, *after = NULL, *data = NULL;
	u32 size, i, fwd_ev = 0, ref_ev = 0;
	bool fwd = forwarded_class(f->cls);

	begin();
	if (!h) {
		EXPECT(0, "probe failed");
		goto out;
	}
	size = expect_view_size(&iop_vec_layouts[li]);
	if (h->iop.geo.view_size != size) {
		EXPECT(0, "view_size 0x%x, expected 0x%x", h->iop.geo.view_size, size);
		goto out;
	}
	before = malloc(size);
	after = malloc(size);
	data = malloc(len);
	memset(data, 0xa5, len);
	memcpy(before, phys_op(h), OPREGION_SIZE);
	if (size > OPREGION_SIZE)
		memcpy(before + OPREGION_SIZE, phys_ext(h), size - OPREGION_SIZE);

	EXPECT(iop_write(&h->iop, start, data, len) == (ssize_t)len, "short write");

	memcpy(after, phys_op(h), OPREGION_SIZE);
	if (size > OPREGION_SIZE)
		memcpy(after + OPREGION_SIZE, phys_ext(h), size - OPREGION_SIZE);
	for (i = 0; i < size; i++) {
		bool inside = i >= start && i < start + len;
		u8 want = inside && fwd ? 0xa5 : before[i];

		if (after[i] != want) {
			EXPECT(0, "physical byte 0x%x is %02x, expected %02x", i,
			       after[i], want);
			break;
		}
	}
	for (i = 0; i < h->nr_ev; i++) {
		const struct iop_event *ev = &h->ev[i];

		EXPECT(ev->field == f, "event for %s", ev->field ? ev->field->name : "-");
		if (ev->kind == IOP_EV_FORWARD) {
			EXPECT(ev->off == start + fwd_ev * f->width && ev->len == f->width,
			       "FORWARD event %u at 0x%x len %u", fwd_ev, ev->off, ev->len);
			fwd_ev++;
		} else if (ev->kind == IOP_EV_REFUSED) {
			EXPECT(ev->off == start && ev->len == len,
			       "REFUSED event 0x%x+%u", ev->off, ev->len);
			ref_ev++;
		} else if (ev->kind != IOP_EV_FW_CHANGE) {
			EXPECT(0, "unexpected event kind %u", ev->kind);
		}
	}
	if (fwd) {
		EXPECT(fwd_ev == len / f->width && !ref_ev,
		       "%u FORWARD, %u REFUSED events", fwd_ev, ref_ev);
		EXPECT(h->iop.refused[row] == 0, "refused counter %u", h->iop.refused[row]);
	} else {
		EXPECT(!fwd_ev && ref_ev == 1, "%u FORWARD, %u REFUSED events", fwd_ev,
		       ref_ev);
		EXPECT(h->iop.refused[row] == 1, "refused counter %u", h->iop.refused[row]);
	}
	/* Exactly this row's counter moved. */
	for (i = 0; i < IOP_MAX_FIELDS; i++)
		if (i != row)
			EXPECT(h->iop.refused[i] == 0, "counter of row %u moved", i);
out:
	free(before);
	free(after);
	free(data);
	host_free(h);
	end("ownership: %s: %s 0x%x+%u %s -> %s", iop_vec_layouts[li].name, f->name,
	    start, len, iop_class_name(f->cls), fwd ? "forwarded" : "refused");
}

static void test_ownership(unsigned int li)
{
	const struct iop_vec_layout *l = &iop_vec_layouts[li];
	struct host *h;
	unsigned int i, gaps = 0;
	u32 off, start;

	for (i = 1; i < iop_nr_fields; i++) {
		const struct iop_field *f = &iop_fields[i];

		if (!applies(f, l->ver, l->mboxes))
			continue;
		if (f->offset < OPREGION_SIZE)
			own_region(li, i, f->offset, f->size);
		else if (has_ext(l))
			own_region(li, i, OPREGION_SIZE, l->rvds);
	}

	/* Bytes no row claims: each run refused as one reserved event */
	begin();
	h = host_ready(li);
	if (!h) {
		EXPECT(0, "probe failed");
		goto out;
	}
	for (off = 0; off < OPREGION_SIZE; off = start) {
		u64 hash;
		u8 data[OPREGION_SIZE];
		const struct iop_event *ev;

		start = off + 1;
		if (owner(l->ver, l->mboxes, off) != IOP_FIELD_RESERVED)
			continue;
		while (start < OPREGION_SIZE &&
		       owner(l->ver, l->mboxes, start) == IOP_FIELD_RESERVED)
			start++;
		gaps++;
		memset(data, 0xa5, sizeof(data));
		hash = phys_hash(h);
		h->nr_ev = 0;
		EXPECT(iop_write(&h->iop, off, data, start - off) == start - off,
		       "short write");
		EXPECT(phys_hash(h) == hash, "reserved 0x%x..0x%x written", off, start);
		ev = &h->ev[0];
		EXPECT(h->nr_ev == 1 && ev->kind == IOP_EV_REFUSED &&
		       ev->field == &iop_fields[IOP_FIELD_RESERVED] && ev->off == off &&
		       ev->len == start - off,
		       "gap 0x%x..0x%x: %u events", off, start, h->nr_ev);
		EXPECT(h->iop.refused[IOP_FIELD_RESERVED] == gaps, "reserved counter %u",
		       h->iop.refused[IOP_FIELD_RESERVED]);
	}
out:
	host_free(h);
	end("ownership: %s: %u unclaimed runs refused and counted", l->name, gaps);
}

/* ---- access vectors ---- */

static u8 *phys_at(struct host *h, u32 off)
{
	return off < OPREGION_SIZE ? phys_op(h) + off : phys_ext(h) + (off - OPREGION_SIZE);
}

static void test_avec(const struct iop_avec *v)
{
	struct host *h = host_ready(v->layout);
	unsigned int i, j, want_r = 0, got_r = 0;
	u8 *copy = NULL;
	u32 size = 0;
	bool covered[IOP_AVEC_MAX] = { false };

	begin();
	if (!h) {
		EXPECT(0, "probe failed");
		goto out;
	}
	EXPECT(strlen(v->outcome) == v->len && v->len <= IOP_AVEC_MAX,
	       "outcome has %zu letters for %u bytes", strlen(v->outcome), v->len);
	/* The vector itself must be meaningful against the documented baseline. */
	for (i = 0; i < v->len; i++) {
		u8 base = *phys_at(h, v->off + i);

		EXPECT(v->data[i] != base, "byte %u: data equals the baseline", i);
		EXPECT(v->outcome[i] == 'W' ? v->after[i] == v->data[i] :
		       v->outcome[i] == 'R' && v->after[i] == base,
		       "byte %u: vector inconsistent (baseline %02x)", i, base);
		want_r += v->outcome[i] == 'R';
	}
	size = expect_view_size(&iop_vec_layouts[v->layout]);
	if (h->iop.geo.view_size != size) {
		EXPECT(0, "view_size 0x%x, expected 0x%x", h->iop.geo.view_size, size);
		goto out;
	}
	copy = malloc(size);
	for (i = 0; i < size; i++)
		copy[i] = *phys_at(h, i);

	EXPECT(iop_write(&h->iop, v->off, v->data, v->len) == v->len, "short write");

	for (i = 0; i < v->len; i++)
		EXPECT(*phys_at(h, v->off + i) == v->after[i],
		       "physical 0x%x is %02x, expected %02x (%c)", v->off + i,
		       *phys_at(h, v->off + i), v->after[i], v->outcome[i]);
	for (i = 0; i < size; i++)
		if ((i < v->off || i >= v->off + v->len) && *phys_at(h, i) != copy[i]) {
			EXPECT(0, "byte 0x%x outside the write changed", i);
			break;
		}
	for (i = 0; i < h->nr_ev; i++) {
		const struct iop_event *ev = &h->ev[i];

		if (ev->kind == IOP_EV_REFUSED) {
			got_r += ev->len;
			for (j = ev->off; j < ev->off + ev->len; j++)
				EXPECT(j >= v->off && j < v->off + v->len &&
				       v->outcome[j - v->off] == 'R',
				       "byte 0x%x reported refused", j);
		} else if (ev->kind == IOP_EV_FORWARD) {
			for (j = ev->off; j < ev->off + ev->len; j++)
				if (j >= v->off && j < v->off + v->len)
					covered[j - v->off] = true;
		}
	}
	EXPECT(got_r == want_r, "%u bytes reported refused, expected %u", got_r, want_r);
	for (i = 0; i < v->len; i++)
		if (v->outcome[i] == 'W')
			EXPECT(covered[i], "byte 0x%x forwarded without a FORWARD event",
			       v->off + i);
out:
	free(copy);
	host_free(h);
	end("access: %s: %s 0x%x+%u %s", iop_vec_layouts[v->layout].name, v->name,
	    v->off, v->len, v->outcome);
}

/* ---- single access: one store per aligned element, none on reads ---- */

static void test_single_access(void)
{
	static const struct { const char *name; u32 off; } drv[] = {
		{ "DRDY", 0x100 }, { "DIDL[2]", 0x128 }, { "CHPD", 0x1a8 },
		{ "ARDY", 0x300 }, { "TCHE", 0x308 }, { "CBLV", 0x318 },
		{ "STAT (2-byte aligned)", 0x3b6 },
	};
	unsigned int i, drv_elems = 0, hs_rows = 0, bad = 0;
	struct host *h;
	u8 *view;
	u64 hash;

	for (i = 0; i < ARRAY_SIZE(drv); i++) {
		begin();
		h = host_ready(IOP_VL_21_CONTIG);
		EXPECT(view_write32(h, drv[i].off, 0x80000042) == 4, "short write");
		EXPECT(h->nr_st == 1 && h->st[0].width == 4 &&
		       h->st[0].pa == IOP_VEC_ASLS + drv[i].off,
		       "%u stores, first width %u at 0x%llx", h->nr_st, h->st[0].width,
		       (unsigned long long)h->st[0].pa);
		EXPECT(h->plat.nr_cmpxchg == 0, "cmpxchg on a driver field");
		EXPECT(phys32(h, drv[i].off) == 0x80000042, "value not stored");
		host_free(h);
		end("single access: aligned 4-byte %s write is one 4-byte store", drv[i].name);
	}

	begin();
	h = host_ready(IOP_VL_21_CONTIG);
	EXPECT(iop_write(&h->iop, 0x301, "\x11\x22", 2) == 2, "short write");
	EXPECT(h->nr_st == 2 && h->st[0].width == 1 && h->st[1].width == 1 &&
	       h->st[0].pa == IOP_VEC_ASLS + 0x301 && h->st[1].pa == IOP_VEC_ASLS + 0x302,
	       "%u stores", h->nr_st);
	EXPECT(phys32(h, 0x300) == 0x03221100, "ARDY is 0x%08x", phys32(h, 0x300));
	host_free(h);
	end("single access: partial ARDY write stores only the guest's 2 bytes");

	begin();
	h = host_ready(IOP_VL_21_CONTIG);
	EXPECT(view_write32(h, 0x304, 0x1000) == 4, "short write");
	EXPECT(h->plat.nr_cmpxchg == 1 && h->plat.nr_store == 0 && h->nr_st == 1 &&
	       h->st[0].width == 4 && h->st[0].pa == IOP_VEC_ASLS + 0x304,
	       "%lu cmpxchg, %lu stores", h->plat.nr_cmpxchg, h->plat.nr_store);
	host_free(h);
	end("single access: handshake write is one 4-byte compare-and-exchange");

	begin();
	h = host_ready(IOP_VL_21_CONTIG);
	view = malloc(h->iop.geo.view_size);
	EXPECT(iop_read(&h->iop, 0, view, h->iop.geo.view_size) ==
	       (ssize_t)h->iop.geo.view_size, "short read");
	EXPECT(h->plat.nr_store == 0 && h->plat.nr_cmpxchg == 0 && h->nr_st == 0,
	       "a read stored");
	/* PFMB, PCFT, SROT, IUER: one load each, never torn */
	EXPECT(h->plat.nr_load == 4, "a read used %lu single loads", h->plat.nr_load);
	/* Writing back what was read: every forwarded element once, nothing changes. */
	hash = phys_hash(h);
	EXPECT(iop_write(&h->iop, 0, view, OPREGION_SIZE) == OPREGION_SIZE, "short write");
	for (i = 1; i < iop_nr_fields; i++) {
		const struct iop_field *f = &iop_fields[i];

		if (!applies(f, V(2, 1), 0x1f) || f->offset >= OPREGION_SIZE)
			continue;
		if (f->cls == IOP_DRV)
			drv_elems += f->size / f->width;
		hs_rows += f->cls == IOP_HANDSHAKE;
	}
	for (i = 0; i < h->nr_st && i < MAX_STORES; i++) {
		const struct iop_field *f = iop_field_at(&h->iop, h->st[i].pa - IOP_VEC_ASLS);

		bad += !f || h->st[i].width != f->width ||
		       (h->st[i].pa - IOP_VEC_ASLS - f->offset) % f->width;
	}
	EXPECT(h->plat.nr_store == drv_elems, "%lu stores for %u driver elements",
	       h->plat.nr_store, drv_elems);
	EXPECT(h->plat.nr_cmpxchg == hs_rows, "%lu cmpxchg for %u handshake fields",
	       h->plat.nr_cmpxchg, hs_rows);
	EXPECT(!bad, "%u stores not one whole element", bad);
	EXPECT(phys_hash(h) == hash, "writing back the view changed memory");
	free(view);
	host_free(h);
	end("single access: full read stores nothing; writing it back = one store per element");
}

static void test_ownership_layouts(void)
{
	test_ownership(IOP_VL_20_ABS);
	test_ownership(IOP_VL_30_CONTIG);
}

static void test_avecs(void)
{
	unsigned int i;

	for (i = 0; i < iop_nr_avecs; i++)
		test_avec(&iop_avecs[i]);
}

UNIT_SUITE(ownership, test_ownership_layouts, test_avecs, test_single_access);
