// SPDX-License-Identifier: GPL-2.0
/*
 * unit_view.c - the stitched view: geometry per layout, every byte
 * against a reference built from the spec after the firmware rewrites, reads
 * split every way, elements read with one access while the firmware
 * stores, and the region's bounds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

/*
 * The view as the spec says it must read: physical bytes as they are now,
 * with the layout fields taken from the OpRegion as built (the snapshot)
 * and the version and RVDA synthesized.
 */
static void reference_view(struct host *h, u8 *ref)
{
	const struct iop_vec_layout *l = h->l;
	u16 vv = expect_view_ver(l);

	memcpy(ref, phys_op(h), OPREGION_SIZE);
	if (has_ext(l))
		memcpy(ref + OPREGION_SIZE, phys_ext(h), l->rvds);
	memcpy(ref, h->base_op, 0x18);			/* signature, SIZE, OVER */
	ref[0x16] = vv & 0xff;
	ref[0x17] = vv >> 8;
	memcpy(ref + 0x58, h->base_op + 0x58, 4);	/* MBOX */
	if (l->ver >= V(2, 0) && (l->mboxes & MBOX_ASLE)) {
		put_unaligned_le64(has_ext(l) ? OPREGION_SIZE : 0, ref + RVDA_OFF);
		memcpy(ref + RVDS_OFF, h->base_op + RVDS_OFF, 4);
	}
}

static const char *hexdump(const u8 *p, unsigned int n)
{
	static char s[3 * 32 + 1];
	unsigned int i;

	s[0] = '\0';
	for (i = 0; i < n && i < 32; i++)
		sprintf(s + 3 * i, "%02x ", p[i]);
	return s;
}

/* ---- geometry and snapshot ---- */

static void test_geometry(unsigned int li)
{
	const struct iop_vec_layout *l = &iop_vec_layouts[li];
	struct host *h = host_layout(li);
	bool rvda_row = l->ver >= V(2, 0) && (l->mboxes & MBOX_ASLE);
	u8 b[8];

	begin();
	EXPECT(h && host_probe(h) == 0, "probe failed");
	if (case_failed())
		goto out;
	EXPECT(h->iop.geo.view_size == expect_view_size(l), "view_size 0x%x",
	       h->iop.geo.view_size);
	EXPECT(h->iop.geo.view_ver == expect_view_ver(l), "view_ver 0x%x",
	       h->iop.geo.view_ver);
	EXPECT(h->iop.geo.host_ver == l->ver, "host_ver 0x%x", h->iop.geo.host_ver);
	EXPECT(h->iop.geo.vbt_size == l->vbt_size, "vbt_size 0x%x", h->iop.geo.vbt_size);
	EXPECT(h->iop.geo.vbt_where == (has_ext(l) ? IOP_VBT_EXTENDED : IOP_VBT_MAILBOX4),
	       "vbt_where %u", h->iop.geo.vbt_where);
	EXPECT(iop_read(&h->iop, 0x14, b, 4) == 4 && b[3] == expect_view_ver(l) >> 8 &&
	       b[2] == (expect_view_ver(l) & 0xff) && b[0] == 0 && b[1] == 0,
	       "OVER reads %s", hexdump(b, 4));
	EXPECT(iop_read(&h->iop, RVDA_OFF, b, 8) == 8, "RVDA read");
	if (rvda_row)
		EXPECT(get_unaligned_le64(b) == (has_ext(l) ? OPREGION_SIZE : 0),
		       "RVDA reads 0x%llx", (unsigned long long)get_unaligned_le64(b));
	else	/* no RVDA field for this host: the bytes are the filler */
		EXPECT(!memcmp(b, h->base_op + RVDA_OFF, 8), "RVDA bytes %s",
		       hexdump(b, 8));
	if (has_ext(l)) {
		EXPECT(iop_read(&h->iop, OPREGION_SIZE, b, 4) == 4 && !memcmp(b, "$VBT", 4),
		       "view at 0x2000 is not the VBT");
		EXPECT(view_read32(h, RVDS_OFF) == l->rvds, "RVDS reads 0x%x",
		       view_read32(h, RVDS_OFF));
	}
out:
	host_free(h);
	end("geometry: %s: size 0x%x, version %u.%u, RVDA %s", l->name,
	    expect_view_size(l), expect_view_ver(l) >> 8, expect_view_ver(l) & 0xff,
	    rvda_row ? (has_ext(l) ? "0x2000" : "0") : "not a field");
}

/*
 * After probe the firmware rewrites every layout field in physical memory
 * and a few live fields; the view keeps the snapshot and shows the live
 * ones. Checked byte by byte against the reference view.
 */
static void test_snapshot_reference(unsigned int li)
{
	const struct iop_vec_layout *l = &iop_vec_layouts[li];
	struct host *h = host_ready(li);
	u8 *view = NULL, *ref = NULL;
	u32 size, i, bad = 0, first = 0;

	begin();
	if (!h) {
		EXPECT(0, "probe failed");
		goto out;
	}
	size = expect_view_size(l);
	if (h->iop.geo.view_size != size) {
		EXPECT(0, "view_size 0x%x, expected 0x%x", h->iop.geo.view_size, size);
		goto out;
	}
	memcpy(phys_op(h), "XXXXXXXXXXXXXXXX", 16);		/* signature */
	fw_write32(h, 0x10, 0x1234);				/* SIZE */
	fw_write32(h, 0x14, 0x09090909);			/* OVER */
	fw_write32(h, 0x58, 0xffffffff);			/* MBOX */
	put_unaligned_le64(0xdeadbeefcafef00dULL, phys_op(h) + RVDA_OFF);
	fw_write32(h, RVDS_OFF, 0x7777);			/* RVDS */
	fw_write32(h, 0x310, 0x800000ff);			/* BCLP: live */
	fw_write32(h, 0x1ac, 0);				/* CLID: live */
	phys_op(h)[0x1c10] = 0x42;				/* BDDC: live */
	if (has_ext(l))
		phys_ext(h)[0x100] ^= 0xff;			/* extended VBT: live */

	view = malloc(size);
	ref = malloc(size);
	EXPECT(iop_read(&h->iop, 0, view, size) == (ssize_t)size, "short read");
	reference_view(h, ref);
	for (i = 0; i < size; i++) {
		if (view[i] != ref[i] && !bad++)
			first = i;
	}
	EXPECT(!bad, "%u bytes differ, first at 0x%x: view %02x ref %02x", bad, first,
	       view[first], ref[first]);
	EXPECT(!memcmp(view, OPREGION_SIGNATURE, 16), "signature not the snapshot");
	EXPECT(get_unaligned_le32(view + 0x10) == 8, "SIZE not the snapshot");
	EXPECT(get_unaligned_le32(view + 0x58) == l->mboxes, "MBOX not the snapshot");
	EXPECT(get_unaligned_le32(view + 0x310) == 0x800000ff, "BCLP not live");
	EXPECT(!find_ev(h, IOP_EV_FW_CHANGE, 0x0) && !find_ev(h, IOP_EV_FW_CHANGE, 0x10) &&
	       !find_ev(h, IOP_EV_FW_CHANGE, 0x14) && !find_ev(h, IOP_EV_FW_CHANGE, 0x58),
	       "FW_CHANGE for a snapshot field");
	EXPECT(find_ev(h, IOP_EV_FW_CHANGE, 0x310), "no FW_CHANGE for BCLP");
out:
	free(view);
	free(ref);
	host_free(h);
	end("snapshot: %s: every view byte = physical + snapshot after firmware rewrites",
	    l->name);
}

/* ---- read splits ---- */

static u64 rng_state = 0x9e3779b97f4a7c15ULL;

static u64 rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static void test_splits(unsigned int li)
{
	const struct iop_vec_layout *l = &iop_vec_layouts[li];
	static const u32 windows[][2] = {
		{ 0x2f0, 0x410 },	/* mailbox 3 and the start of mailbox 4 */
		{ 0x1fc0, 0x2040 },	/* the end of the OpRegion, the extended VBT */
	};
	struct host *h = host_ready(li);
	u8 *full = NULL, piece[0x200];
	u32 size, w, a, b, n;

	size = expect_view_size(l);
	if (!h) {
		for (w = 0; w <= ARRAY_SIZE(windows); w++) {
			begin();
			EXPECT(0, "probe failed");
			end("splits: %s: part %u", l->name, w);
		}
		return;
	}
	if (h->iop.geo.view_size != size) {
		for (w = 0; w <= ARRAY_SIZE(windows); w++) {	/* the same 3 cases */
			begin();
			EXPECT(0, "view_size 0x%x, expected 0x%x", h->iop.geo.view_size,
			       size);
			end("splits: %s: part %u", l->name, w);
		}
		host_free(h);
		return;
	}
	full = malloc(size);
	iop_read(&h->iop, 0, full, size);

	for (w = 0; w < ARRAY_SIZE(windows); w++) {
		u32 lo = windows[w][0], hi = min(windows[w][1], size);

		begin();
		for (a = lo; a < hi && !case_failed(); a++) {
			for (b = a + 1; b <= hi; b++) {
				ssize_t r = iop_read(&h->iop, a, piece, b - a);

				if (r != (ssize_t)(b - a) || memcmp(piece, full + a, b - a)) {
					EXPECT(0, "read 0x%x..0x%x differs (ret %zd)", a, b, r);
					break;
				}
			}
		}
		end("splits: %s: every (off, len) in 0x%x..0x%x = the full read",
		    l->name, lo, hi);
	}

	begin();
	for (n = 0; n < 200 && !case_failed(); n++) {
		u8 *again = malloc(size);
		u32 pos = 0;

		while (pos < size) {
			u32 len = 1 + rng() % (n % 2 ? 64 : 2048);
			ssize_t r = iop_read(&h->iop, pos, again + pos, len);

			if (r <= 0) {
				EXPECT(0, "read at 0x%x returned %zd", pos, r);
				break;
			}
			pos += r;
		}
		EXPECT(!memcmp(again, full, size), "random split %u differs", n);
		free(again);
	}
	end("splits: %s: 200 random partitions of the whole view = the full read",
	    l->name);
	free(full);
	host_free(h);
}

/*
 * Issue 8 c: the firmware-written elements that are only 2-byte aligned
 * (PFMB, PCFT, SROT, IUER) straddle two dwords. A firmware store between the two
 * halves of a read must not give the guest half of each value.
 */
static void test_torn_reads(void)
{
	static const struct {
		const char *name;
		u32 off;
	} elems[] = {
		{ "PFMB", 0x396 }, { "PCFT", 0x39e }, { "SROT", 0x3a2 },
		{ "IUER", 0x3a6 },
	};
	struct host *h;
	unsigned int i;
	u8 view[0x40];
	u32 got;

	for (i = 0; i < ARRAY_SIZE(elems); i++) {
		begin();
		h = host_ready(IOP_VL_21_CONTIG);
		fw_write32(h, elems[i].off, 0x11112222);
		h->tear_pa = h->mem.asls + elems[i].off;
		h->tear_val = 0x33334444;
		EXPECT(iop_read(&h->iop, 0x390, view, sizeof(view)) == sizeof(view),
		       "short read");
		EXPECT(h->tear_fired, "the firmware store did not happen");
		got = get_unaligned_le32(view + elems[i].off - 0x390);
		EXPECT(got == 0x11112222 || got == 0x33334444,
		       "%s read torn: 0x%08x", elems[i].name, got);
		host_free(h);
		end("torn reads: %s is read with one access", elems[i].name);
	}
}

/* ---- region bounds ---- */

static void test_bounds(void)
{
	struct host *h = host_ready(IOP_VL_21_CONTIG);
	u32 size = h->iop.geo.view_size;
	u8 *buf = calloc(1, size);
	unsigned long calls;
	u64 hash;

	begin();
	EXPECT(iop_read(&h->iop, size, buf, 1) == -EINVAL, "read at view_size");
	EXPECT(iop_write(&h->iop, size, buf, 1) == -EINVAL, "write at view_size");
	EXPECT(iop_read(&h->iop, UINT64_MAX, buf, 1) == -EINVAL, "read at UINT64_MAX");
	EXPECT(iop_write(&h->iop, UINT64_MAX, buf, 1) == -EINVAL, "write at UINT64_MAX");
	EXPECT(iop_read(&h->iop, 0x100000300ULL, buf, 4) == -EINVAL,
	       "read at 4 GiB + ARDY (32-bit truncation)");
	EXPECT(iop_write(&h->iop, 0x100000300ULL, buf, 4) == -EINVAL,
	       "write at 4 GiB + ARDY (32-bit truncation)");
	EXPECT(iop_read(&h->iop, size, buf, 0) == -EINVAL, "empty read at view_size");
	end("bounds: -EINVAL at view_size, UINT64_MAX and 4 GiB + offset");

	begin();
	EXPECT(iop_read(&h->iop, size - 4, buf, 16) == 4, "read not clamped to 4");
	EXPECT(iop_read(&h->iop, 0x3000, buf, SIZE_MAX) == (ssize_t)(size - 0x3000),
	       "read with len SIZE_MAX not clamped");
	EXPECT(iop_read(&h->iop, 0x300, buf, SIZE_MAX - 0x100) == (ssize_t)(size - 0x300),
	       "read with off + len wrapping not clamped");
	iop_read(&h->iop, 0x300, buf, size - 0x300);
	EXPECT(iop_write(&h->iop, 0x300, buf, SIZE_MAX) == (ssize_t)(size - 0x300),
	       "write with len SIZE_MAX not clamped");
	EXPECT(iop_write(&h->iop, size - 1, buf, 2) == 1, "write not clamped to 1");
	end("bounds: counts past the end are clamped, off + len overflow too");

	begin();
	calls = ops_calls(h);
	hash = phys_hash(h);
	h->nr_ev = 0;
	EXPECT(iop_read(&h->iop, 0x300, buf, 0) == 0, "empty read");
	EXPECT(iop_write(&h->iop, 0x300, buf, 0) == 0, "empty write");
	EXPECT(iop_write(&h->iop, 0, buf, 0) == 0, "empty write at 0");
	EXPECT(ops_calls(h) == calls && phys_hash(h) == hash && h->nr_ev == 0,
	       "len 0 touched memory or reported events");
	end("bounds: len 0 returns 0 and touches nothing");

	begin();
	memset(buf, 0xa5, size);
	hash = phys_hash(h);
	calls = ops_calls(h);
	EXPECT(iop_write(&h->iop, size, buf, 4) == -EINVAL, "write at end");
	EXPECT(iop_write(&h->iop, UINT64_MAX - 3, buf, 4) == -EINVAL, "write at -4");
	EXPECT(phys_hash(h) == hash && ops_calls(h) == calls,
	       "rejected write changed or touched memory");
	EXPECT(iop_read(&h->iop, size, buf, 4) == -EINVAL, "read at end");
	EXPECT(phys_hash(h) == hash && ops_calls(h) == calls,
	       "rejected access changed or touched memory");
	end("bounds: a rejected access changes nothing");

	begin();
	hash = phys_hash(h);
	EXPECT(iop_write(&h->iop, 0, buf, 0x100) == 0x100, "header write");
	EXPECT(phys_hash(h) == hash, "refused header bytes reached memory");
	end("bounds: a write of refused bytes only is consumed and stores nothing");
	free(buf);
	host_free(h);
}

static void test_geometries(void)
{
	unsigned int i;

	for (i = 0; i < IOP_VEC_NR_LAYOUTS; i++)
		test_geometry(i);
}

static void test_snapshots(void)
{
	unsigned int i;

	for (i = 0; i < IOP_VEC_NR_LAYOUTS; i++)
		test_snapshot_reference(i);
}

static void test_splits_layouts(void)
{
	test_splits(IOP_VL_21_CONTIG);
	test_splits(IOP_VL_20_ABS);
	test_splits(IOP_VL_20_M4);
}

UNIT_SUITE(view, test_geometries, test_snapshots, test_splits_layouts, test_torn_reads,
	   test_bounds);
