// SPDX-License-Identifier: GPL-2.0
/*
 * view_kunit.c - suite igd_opregion_view: the stitched view's geometry.
 *
 * For every baseline layout, every byte of the view must equal a reference
 * derived from the layout alone (physical bytes, OVER and RVDA
 * virtualized, the extended VBT appended at 8 KiB), and however a full
 * read is split, the pieces must give the same bytes. Layout fields are
 * served from the validation snapshot: what the firmware writes there
 * later never reaches the view.
 */
#include <kunit/test.h>
#include <linux/unaligned.h>

#include "iop_kunit_mem.h"

KUNIT_ARRAY_PARAM_DESC(view_layout, iop_vec_layouts, name);

struct view_ctx {
	struct iop_kmem *mem;
	struct iop_kdev *kd;
	u32 size;
	u8 *ref;
	u8 *buf;
};

static struct view_ctx *view_setup(struct kunit *test, unsigned int layout)
{
	struct view_ctx *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, c);
	c->mem = iop_kmem_layout(test, layout);
	c->size = iop_kmem_view_size(c->mem);
	c->ref = kunit_kzalloc(test, c->size, GFP_KERNEL);
	c->buf = kunit_kzalloc(test, c->size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, c->ref);
	KUNIT_ASSERT_NOT_NULL(test, c->buf);
	iop_kmem_reference(c->mem, c->ref);
	c->kd = iop_kt_kdev(test, c->mem, "view");
	KUNIT_ASSERT_EQ(test, iop_kdev_size(c->kd), c->size);
	return c;
}

static unsigned int view_param_layout(struct kunit *test)
{
	const struct iop_vec_layout *l = test->param_value;

	return l - iop_vec_layouts;
}

/* Report the first byte that differs, with the field that owns it. */
static void view_expect_ref(struct kunit *test, struct view_ctx *c,
			    const char *what)
{
	long bad = iop_kt_diff(c->buf, c->ref, c->size);
	const struct iop_field *f;

	if (bad < 0)
		return;
	f = iop_field_at(&c->kd->iop, bad);
	KUNIT_FAIL(test, "%s: view byte %#lx (%s) is %#x, expected %#x", what,
		   bad, f ? f->name : "?", c->buf[bad], c->ref[bad]);
}

static void view_every_byte(struct kunit *test)
{
	struct view_ctx *c = view_setup(test, view_param_layout(test));

	memset(c->buf, 0xcc, c->size);
	KUNIT_ASSERT_EQ(test, iop_kt_read(c->kd, 0, c->buf, c->size),
			(ssize_t)c->size);
	view_expect_ref(test, c, "full read");
	KUNIT_EXPECT_EQ(test, atomic_read(&c->mem->nr_bad), 0);
}

/* [0, s) then [s, size), for every s: the same bytes as one read. */
static void view_every_split(struct kunit *test)
{
	struct view_ctx *c = view_setup(test, view_param_layout(test));
	u32 s;

	for (s = 0; s <= c->size; s++) {
		memset(c->buf, 0xcc, c->size);
		if (s)
			KUNIT_ASSERT_EQ(test, iop_kt_read(c->kd, 0, c->buf, s),
					(ssize_t)s);
		if (s < c->size)
			KUNIT_ASSERT_EQ(test, iop_kt_read(c->kd, s, c->buf + s,
							  c->size - s),
					(ssize_t)(c->size - s));
		if (iop_kt_diff(c->buf, c->ref, c->size) >= 0) {
			view_expect_ref(test, c, "split read");
			KUNIT_FAIL_AND_ABORT(test, "split at %#x", s);
		}
	}
}

/* Sequential reads of every small size, and a few large ones. */
static void view_chunked(struct kunit *test)
{
	static const u32 sizes[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 16, 31,
				     61, 64, 255, 512, 4095, 4096, 8193 };
	struct view_ctx *c = view_setup(test, view_param_layout(test));
	unsigned int i;
	u32 off, n;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		memset(c->buf, 0xcc, c->size);
		for (off = 0; off < c->size; off += n) {
			n = min(sizes[i], c->size - off);
			KUNIT_ASSERT_EQ(test, iop_kt_read(c->kd, off, c->buf + off,
							  sizes[i]),
					(ssize_t)n);
		}
		view_expect_ref(test, c, "chunked read");
	}
}

/* vfio region conventions at the edges of the view. */
static void view_edges(struct kunit *test)
{
	struct view_ctx *c = view_setup(test, IOP_VL_21_CONTIG);
	u8 b[16];

	KUNIT_EXPECT_EQ(test, iop_kt_read(c->kd, c->size - 1, b, sizeof(b)), 1);
	KUNIT_EXPECT_EQ(test, b[0], c->ref[c->size - 1]);
	KUNIT_EXPECT_EQ(test, iop_kt_read(c->kd, c->size, b, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, iop_kt_read(c->kd, c->size, b, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, iop_kt_read(c->kd, U64_MAX, b, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, iop_kt_read(c->kd, 1ULL << 32, b, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, iop_kt_read(c->kd, 0, b, 0), 0);
	KUNIT_EXPECT_EQ(test, iop_kt_read(c->kd, c->size - 2, b, SIZE_MAX), 2);
	KUNIT_EXPECT_EQ(test, iop_kt_write(c->kd, c->size, b, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, iop_kt_write(c->kd, 0, b, 0), 0);
	KUNIT_EXPECT_EQ(test, iop_kt_write(c->kd, c->size - 3, b, SIZE_MAX), 3);
	KUNIT_EXPECT_EQ(test, atomic_read(&c->mem->nr_bad), 0);
}

/*
 * The layout the host validated is the layout the view keeps: firmware
 * rewriting the signature, SIZE, OVER, MBOX, RVDA or RVDS afterwards
 * changes nothing in the view, while other fields read live.
 */
static void view_snapshot(struct kunit *test)
{
	struct view_ctx *c = view_setup(test, IOP_VL_20_ABS);
	u8 *op = c->mem->op;

	op[0] = 'X';
	put_unaligned_le32(1, op + OPREGION_OFF(header.size));
	op[OPREGION_OFF(header.over.major)] = 9;
	put_unaligned_le32(0xffffffff, op + OPREGION_OFF(header.mboxes));
	put_unaligned_le64(0x1234, op + OPREGION_OFF(asle.rvda));
	put_unaligned_le32(0x10, op + OPREGION_OFF(asle.rvds));
	/* Live: a version string and a firmware-owned field. */
	op[OPREGION_OFF(header.bios_ver)] = 'Z';
	c->ref[OPREGION_OFF(header.bios_ver)] = 'Z';
	put_unaligned_le32(0x800000c0, op + OPREGION_OFF(asle.bclp));
	put_unaligned_le32(0x800000c0, c->ref + OPREGION_OFF(asle.bclp));

	KUNIT_ASSERT_EQ(test, iop_kt_read(c->kd, 0, c->buf, c->size),
			(ssize_t)c->size);
	view_expect_ref(test, c, "after firmware rewrote the layout");
	KUNIT_EXPECT_EQ(test, iop_kdev_size(c->kd), c->size);
}

/* The extended VBT is read from where RVDA said, not past the OpRegion. */
static void view_extended_source(struct kunit *test)
{
	struct view_ctx *c = view_setup(test, IOP_VL_21_SEP);

	c->mem->ext[0x100] ^= 0xff;
	c->ref[OPREGION_SIZE + 0x100] ^= 0xff;
	KUNIT_ASSERT_EQ(test, iop_kt_read(c->kd, OPREGION_SIZE, c->buf, 0x200),
			0x200);
	KUNIT_EXPECT_EQ(test, iop_kt_diff(c->buf, c->ref + OPREGION_SIZE, 0x200),
			-1);
	KUNIT_EXPECT_EQ(test, c->kd->iop.geo.vbt_pa, IOP_VEC_ASLS + 0x4000);
}

static struct kunit_case view_cases[] = {
	KUNIT_CASE_PARAM(view_every_byte, view_layout_gen_params),
	KUNIT_CASE_PARAM(view_every_split, view_layout_gen_params),
	KUNIT_CASE_PARAM(view_chunked, view_layout_gen_params),
	KUNIT_CASE(view_edges),
	KUNIT_CASE(view_snapshot),
	KUNIT_CASE(view_extended_source),
	{}
};

static struct kunit_suite view_suite = {
	.name = "igd_opregion_view",
	.test_cases = view_cases,
};

kunit_test_suite(view_suite);
