// SPDX-License-Identifier: GPL-2.0
/*
 * memops_kunit.c - suite igd_opregion_memops: the kernel's default memory
 * ops, the ones the vfio driver runs on memremap()'d OpRegions.
 *
 * memremap() is redirected (KUnit static stub on the glue's seam) to RAM
 * of the modelled platform, so everything after it is the real code: the
 * mapping bookkeeping, word-wise reads, loads and stores of every width at
 * every alignment, compare-and-exchange, and unmapping on destroy and on
 * every rejection path.
 */
#include <kunit/static_stub.h>
#include <kunit/test.h>
#include <linux/unaligned.h>

#include "iop_kunit_mem.h"
#include "../drivers/iop_kernel_kunit.h"

struct memops_ctx {
	struct iop_kmem *mem;
	unsigned int nr_remap;
	unsigned int nr_unmap;
	unsigned int fail_at;		/* fail the n-th memremap, 0: none */
	void *mapped[4];
	bool unmapped[4];
};

static void *memops_memremap(u64 pa, u64 len)
{
	struct kunit *test = kunit_get_current_test();
	struct memops_ctx *c = test->priv;
	void *va;

	if (++c->nr_remap == c->fail_at)
		return NULL;
	va = iop_kmem_ptr(c->mem, pa, len);
	if (va && c->nr_remap <= ARRAY_SIZE(c->mapped))
		c->mapped[c->nr_remap - 1] = va;
	return va;
}

static void memops_memunmap(void *va)
{
	struct kunit *test = kunit_get_current_test();
	struct memops_ctx *c = test->priv;
	unsigned int i;

	c->nr_unmap++;
	for (i = 0; i < ARRAY_SIZE(c->mapped); i++) {
		if (c->mapped[i] == va && !c->unmapped[i]) {
			c->unmapped[i] = true;
			return;
		}
	}
	KUNIT_FAIL(test, "unmapped %p, which is not mapped", va);
}

static struct memops_ctx *memops_setup(struct kunit *test, struct iop_kmem *mem)
{
	struct memops_ctx *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, c);
	c->mem = mem;
	test->priv = c;
	kunit_activate_static_stub(test, iop_kdev_memremap, memops_memremap);
	kunit_activate_static_stub(test, iop_kdev_memunmap, memops_memunmap);
	return c;
}

KUNIT_DEFINE_ACTION_WRAPPER(memops_destroy, iop_kdev_destroy, struct iop_kdev *);

static struct iop_kdev *memops_probe(struct kunit *test, struct memops_ctx *c)
{
	enum iop_reason reason = IOP_NR_REASONS;
	struct iop_kdev *kd = NULL;

	KUNIT_ASSERT_EQ(test, iop_kdev_probe("memops", c->mem->asls, &kd, &reason), 0);
	KUNIT_ASSERT_EQ(test, reason, IOP_OK);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, memops_destroy, kd), 0);
	return kd;
}

KUNIT_ARRAY_PARAM_DESC(memops_layout, iop_vec_layouts, name);

/* Probe, read the whole view, destroy: maps and unmaps balance. */
static void memops_view(struct kunit *test)
{
	const struct iop_vec_layout *l = test->param_value;
	struct iop_kmem *mem = iop_kmem_layout(test, l - iop_vec_layouts);
	struct memops_ctx *c = memops_setup(test, mem);
	u32 size = iop_kmem_view_size(mem);
	u8 *ref = kunit_kzalloc(test, size, GFP_KERNEL);
	u8 *buf = kunit_kzalloc(test, size, GFP_KERNEL);
	bool ext = l->vbt != IOP_VEC_MBOX4;
	struct iop_kdev *kd;

	KUNIT_ASSERT_NOT_NULL(test, ref);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	iop_kmem_reference(mem, ref);
	kd = memops_probe(test, c);

	KUNIT_ASSERT_EQ(test, kd->nr_maps, ext ? 2 : 1);
	KUNIT_EXPECT_EQ(test, kd->maps[0].pa, mem->asls);
	KUNIT_EXPECT_EQ(test, kd->maps[0].len, OPREGION_SIZE);
	KUNIT_EXPECT_PTR_EQ(test, kd->maps[0].va, (void *)mem->op);
	if (ext) {
		KUNIT_EXPECT_EQ(test, kd->maps[1].pa, mem->ext_pa);
		KUNIT_EXPECT_EQ(test, kd->maps[1].len, l->rvds);
		KUNIT_EXPECT_PTR_EQ(test, kd->maps[1].va, (void *)mem->ext);
	}
	KUNIT_EXPECT_PTR_EQ(test, kd->ctx, (void *)kd);

	KUNIT_ASSERT_EQ(test, iop_kt_read(kd, 0, buf, size), (ssize_t)size);
	KUNIT_EXPECT_EQ(test, iop_kt_diff(buf, ref, size), -1);

	kunit_release_action(test, memops_destroy, kd);
	KUNIT_EXPECT_EQ(test, c->nr_remap, ext ? 2 : 1);
	KUNIT_EXPECT_EQ(test, c->nr_unmap, c->nr_remap);
}

/* Every rejection after a mapping unmaps it before returning. */
static void memops_rejected(struct kunit *test)
{
	static const struct {
		const char *name;
		unsigned int fail_at;
		bool poke_ext;		/* spoil the VBT signature */
		enum iop_reason reason;
		unsigned int maps;
	} cases[] = {
		{ "OpRegion unmappable", 1, false, IOP_ERR_MAP, 0 },
		{ "extended VBT unmappable", 2, false, IOP_ERR_VBT_MAP, 1 },
		{ "extended VBT bad signature", 0, true, IOP_ERR_VBT_SIGNATURE, 2 },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct iop_kmem *mem = iop_kmem_layout(test, IOP_VL_20_ABS);
		struct memops_ctx *c = memops_setup(test, mem);
		enum iop_reason reason = IOP_OK;
		struct iop_kdev *kd = NULL;

		c->fail_at = cases[i].fail_at;
		if (cases[i].poke_ext)
			mem->ext[3] = 'X';
		KUNIT_EXPECT_EQ(test, iop_kdev_probe("memops", mem->asls, &kd, &reason),
				-EINVAL);
		KUNIT_EXPECT_EQ_MSG(test, reason, cases[i].reason, "%s", cases[i].name);
		KUNIT_EXPECT_NULL(test, kd);
		KUNIT_EXPECT_EQ_MSG(test, c->nr_remap - !!cases[i].fail_at,
				    cases[i].maps, "%s", cases[i].name);
		KUNIT_EXPECT_EQ_MSG(test, c->nr_unmap, cases[i].maps, "%s",
				    cases[i].name);
	}
}

/*
 * The ops themselves, at every width and alignment: stores are
 * little-endian and touch only their bytes, loads return them, reads copy
 * exactly, compare-and-exchange swaps only on a match.
 */
static void memops_ops(struct kunit *test)
{
	struct iop_kmem *mem = iop_kmem_layout(test, IOP_VL_20_M4);
	struct memops_ctx *c = memops_setup(test, mem);
	static const u64 val = 0x8877665544332211ULL;
	static const unsigned int widths[] = { 1, 2, 4, 8 };
	struct iop_kdev *kd = memops_probe(test, c);
	const struct iop_mem_ops *ops = kd->ops;
	u8 *scratch = mem->op + 0x1800;		/* mailbox 4, past the VBT */
	u64 pa = mem->asls + 0x1800;
	unsigned int w, mis, i;
	u8 buf[32], before[24];

	for (w = 0; w < ARRAY_SIZE(widths); w++) {
		unsigned int width = widths[w];
		u64 v = width == 8 ? val : val & (BIT_ULL(8 * width) - 1);

		for (mis = 0; mis < 8; mis++) {
			memset(scratch, 0xa5, 24);
			ops->store(kd->ctx, pa + 8 + mis, width, v);
			for (i = 0; i < 24; i++) {
				u8 want = 0xa5;

				if (i >= 8 + mis && i < 8 + mis + width)
					want = v >> (8 * (i - 8 - mis));
				KUNIT_EXPECT_EQ_MSG(test, scratch[i], want,
						    "width %u at +%u, byte %u",
						    width, mis, i);
			}
			KUNIT_EXPECT_EQ(test, ops->load(kd->ctx, pa + 8 + mis, width), v);
		}
	}

	for (i = 0; i < 24; i++)
		scratch[i] = 0x30 + i;
	for (mis = 0; mis < 8; mis++) {
		for (i = 0; i <= 16; i++) {
			memset(buf, 0, sizeof(buf));
			ops->read(kd->ctx, pa + mis, buf, i);
			KUNIT_EXPECT_EQ(test, iop_kt_diff(buf, scratch + mis, i), -1);
			KUNIT_EXPECT_EQ(test, buf[i], 0);
		}
	}

	memcpy(before, scratch, sizeof(before));
	KUNIT_EXPECT_EQ(test, ops->cmpxchg32(kd->ctx, pa + 4, 0x12345678, 1),
			get_unaligned_le32(before + 4));
	KUNIT_EXPECT_EQ(test, iop_kt_diff(scratch, before, sizeof(before)), -1);
	KUNIT_EXPECT_EQ(test, ops->cmpxchg32(kd->ctx, pa + 4,
					     get_unaligned_le32(before + 4), 0xcafef00d),
			get_unaligned_le32(before + 4));
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(scratch + 4), 0xcafef00d);
	KUNIT_EXPECT_EQ(test, iop_kt_diff(scratch + 8, before + 8, 16), -1);
	KUNIT_EXPECT_EQ(test, iop_kt_diff(scratch, before, 4), -1);

	/* Two mappings at most; an empty one is refused. */
	KUNIT_EXPECT_EQ(test, ops->map(kd->ctx, mem->asls, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, ops->map(kd->ctx, mem->asls, OPREGION_SIZE), 0);
	KUNIT_EXPECT_EQ(test, ops->map(kd->ctx, mem->asls, OPREGION_SIZE), -ENOSPC);
	KUNIT_EXPECT_EQ(test, kd->nr_maps, IOP_KDEV_MAX_MAPS);
}

/* The engine on the default ops: driver-owned, unaligned and handshake. */
static void memops_engine(struct kunit *test)
{
	struct iop_kmem *mem = iop_kmem_layout(test, IOP_VL_21_CONTIG);
	struct memops_ctx *c = memops_setup(test, mem);
	struct iop_kdev *kd = memops_probe(test, c);
	static const u8 stat[6] = { 0x11, 0x22, 0x33, 0x44, 0x55, 0x66 };

	iop_kt_write32(test, kd, 0x300, ASLE_ARDY_READY);
	KUNIT_EXPECT_EQ(test, iop_fw_get32(mem, 0x300), ASLE_ARDY_READY);
	/* STAT 0x3b6 is only 2-byte aligned; RVDA behind it is refused. */
	KUNIT_ASSERT_EQ(test, iop_kt_write(kd, 0x3b6, stat, sizeof(stat)), 6);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(mem->op + 0x3b6), 0x44332211);
	KUNIT_EXPECT_EQ(test, get_unaligned_le16(mem->op + 0x3ba), 0x2000);
	iop_fw_or32(mem, 0x304, ASLC_SET_BACKLIGHT);
	iop_kt_write32(test, kd, 0x304, ASLC_BACKLIGHT_FAILED);
	KUNIT_EXPECT_EQ(test, iop_fw_get32(mem, 0x304),
			ASLC_BACKLIGHT_FAILED | ASLC_SET_BACKLIGHT);
	KUNIT_EXPECT_EQ(test, iop_kt_read32(test, kd, 0x3b6), 0x44332211);
}

/* Without IOMEM (UML) and without the stub, nothing can be mapped. */
static void memops_no_iomem(struct kunit *test)
{
	struct iop_kmem *mem = iop_kmem_layout(test, IOP_VL_20_M4);
	enum iop_reason reason = IOP_OK;
	struct iop_kdev *kd = NULL;

	if (IS_ENABLED(CONFIG_HAS_IOMEM))
		kunit_skip(test, "memremap() exists: would map real memory");
	KUNIT_EXPECT_EQ(test, iop_kdev_probe("memops", mem->asls, &kd, &reason),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, reason, IOP_ERR_MAP);
	KUNIT_EXPECT_NULL(test, kd);
}

static struct kunit_case memops_cases[] = {
	KUNIT_CASE_PARAM(memops_view, memops_layout_gen_params),
	KUNIT_CASE(memops_rejected),
	KUNIT_CASE(memops_ops),
	KUNIT_CASE(memops_engine),
	KUNIT_CASE(memops_no_iomem),
	{}
};

static struct kunit_suite memops_suite = {
	.name = "igd_opregion_memops",
	.test_cases = memops_cases,
};

kunit_test_suite(memops_suite);
