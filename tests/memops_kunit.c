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
#include <linux/ioport.h>
#include <linux/string.h>
#include <linux/unaligned.h>

#include "iop_kunit_mem.h"
#include "../drivers/iop_kernel_kunit.h"

struct memops_ctx {
	struct iop_kmem *mem;
	unsigned int nr_fw_check;
	bool not_fw;			/* the memory-type check says System RAM */
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

/* The modelled chunks are firmware memory unless the test says not. */
static bool memops_fw_memory(u64 pa, u64 len)
{
	struct kunit *test = kunit_get_current_test();
	struct memops_ctx *c = test->priv;

	c->nr_fw_check++;
	return !c->not_fw;
}

/* Only the second range checked (the extended VBT) is System RAM. */
static bool memops_fw_second_not(u64 pa, u64 len)
{
	struct kunit *test = kunit_get_current_test();
	struct memops_ctx *c = test->priv;

	return ++c->nr_fw_check != 2;
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
	kunit_activate_static_stub(test, iop_kdev_fw_memory, memops_fw_memory);
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
		bool poke_op;		/* spoil the OpRegion signature */
		enum iop_reason reason;
		unsigned int maps;
	} cases[] = {
		{ "OpRegion unmappable", 1, false, IOP_ERR_MAP, 0 },
		{ "extended VBT unmappable", 2, false, IOP_ERR_VBT_MAP, 1 },
		{ "OpRegion bad signature", 0, true, IOP_ERR_SIGNATURE, 1 },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct iop_kmem *mem = iop_kmem_layout(test, IOP_VL_20_ABS);
		struct memops_ctx *c = memops_setup(test, mem);
		enum iop_reason reason = IOP_OK;
		struct iop_kdev *kd = NULL;

		c->fail_at = cases[i].fail_at;
		if (cases[i].poke_op)
			mem->op[3] = 'X';
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

/*
 * Without the stubs, the real memory-type check runs first: no ACPI NVS
 * or reserved resource holds the model's fake addresses, so nothing is
 * mapped (and on UML, without IOMEM, memremap() could not map it anyway).
 */
static void memops_no_iomem(struct kunit *test)
{
	struct iop_kmem *mem = iop_kmem_layout(test, IOP_VL_20_M4);
	enum iop_reason reason = IOP_OK;
	struct iop_kdev *kd = NULL;

	if (IS_ENABLED(CONFIG_HAS_IOMEM))
		kunit_skip(test, "memremap() exists: would map real memory");
	KUNIT_EXPECT_EQ(test, iop_kdev_probe("memops", mem->asls, &kd, &reason),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, reason, IOP_ERR_NOT_FW_MEM);
	KUNIT_EXPECT_NULL(test, kd);
}

/*
 * A range the memory-type check refuses is never memremap()'d: the
 * OpRegion in System RAM maps nothing; a 2.0 extended VBT there leaves
 * the OpRegion's mapping to be undone. Either way not_firmware_memory.
 */
static void memops_not_fw_memory(struct kunit *test)
{
	static const struct {
		const char *name;
		unsigned int layout;
		bool ext_ram;		/* the second range checked is System RAM */
		unsigned int maps;
	} cases[] = {
		{ "OpRegion in System RAM", IOP_VL_21_CONTIG, false, 0 },
		{ "2.0 extended VBT in System RAM", IOP_VL_20_ABS, true, 1 },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct iop_kmem *mem = iop_kmem_layout(test, cases[i].layout);
		struct memops_ctx *c = memops_setup(test, mem);
		enum iop_reason reason = IOP_OK;
		struct iop_kdev *kd = NULL;

		c->not_fw = true;
		if (cases[i].ext_ram)
			kunit_activate_static_stub(test, iop_kdev_fw_memory,
						   memops_fw_second_not);
		KUNIT_EXPECT_EQ(test, iop_kdev_probe("memops", mem->asls, &kd, &reason),
				-EINVAL);
		KUNIT_EXPECT_EQ_MSG(test, reason, IOP_ERR_NOT_FW_MEM, "%s", cases[i].name);
		KUNIT_EXPECT_STREQ(test, iop_reason_name(reason), "not_firmware_memory");
		KUNIT_EXPECT_NULL(test, kd);
		KUNIT_EXPECT_EQ_MSG(test, c->nr_fw_check, cases[i].maps + 1, "%s",
				    cases[i].name);
		KUNIT_EXPECT_EQ_MSG(test, c->nr_remap, cases[i].maps, "%s", cases[i].name);
		KUNIT_EXPECT_EQ_MSG(test, c->nr_unmap, cases[i].maps, "%s", cases[i].name);
	}
}

struct memops_res {
	struct resource res;
	bool inserted;
};

static void memops_remove_res(void *data)
{
	struct memops_res *r = data;

	if (r->inserted)
		remove_resource(&r->res);
}

/* Insert [start, start + len) into iomem_resource until the test ends. */
static void memops_add_res(struct kunit *test, u64 start, u64 len,
			   unsigned long flags,
			   unsigned long desc, const char *name)
{
	struct memops_res *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, r);
	r->res.name = name;
	r->res.start = start;
	r->res.end = start + len - 1;
	r->res.flags = flags;
	r->res.desc = desc;
	KUNIT_ASSERT_EQ(test, insert_resource(&iomem_resource, &r->res), 0);
	r->inserted = true;
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, memops_remove_res, r), 0);
}

/*
 * The real check, iop_kdev_fw_memory(), on a memory map the test builds
 * in iomem_resource (UML has none of its own: no System RAM resource, no
 * E820), as x86's e820 code describes ACPI NVS, reserved ranges and RAM.
 */
#define MEMOPS_MAP	0x7a500000ULL
static void memops_fw_memory_map(struct kunit *test)
{
	static const struct {
		const char *name;
		u64 pa, len;
		bool fw;
	} cases[] = {
		{ "inside reserved", MEMOPS_MAP + 0x1000, 0x2000, true },
		{ "all of reserved", MEMOPS_MAP, 0x10000, true },
		{ "inside ACPI NVS", MEMOPS_MAP + 0x10000, 0x2000, true },
		{ "across reserved and ACPI NVS", MEMOPS_MAP + 0xf000, 0x2000, true },
		{ "inside System RAM", MEMOPS_MAP + 0x30000, 0x2000, false },
		{ "ACPI NVS into System RAM", MEMOPS_MAP + 0x1f000, 0x2000, false },
		{ "reserved into a hole", MEMOPS_MAP + 0x4f000, 0x2000, false },
		{ "in a hole", MEMOPS_MAP + 0x60000, 0x2000, false },
		{ "over a System RAM child", MEMOPS_MAP + 0x40000, 0x3000, false },
		{ "next to the child", MEMOPS_MAP + 0x44000, 0x1000, true },
		{ "empty", MEMOPS_MAP + 0x1000, 0, false },
		{ "ending past 2^64", ~0ULL - 0xfff, 0x2000, false },
	};
	unsigned int i;

	/* [+0, +64K) reserved, [+64K, +128K) ACPI NVS, [+128K, +256K) RAM */
	memops_add_res(test, MEMOPS_MAP, 0x10000, IORESOURCE_MEM | IORESOURCE_BUSY,
		       IORES_DESC_RESERVED, "Reserved");
	memops_add_res(test, MEMOPS_MAP + 0x10000, 0x10000,
		       IORESOURCE_MEM | IORESOURCE_BUSY,
		       IORES_DESC_ACPI_NV_STORAGE, "ACPI Non-volatile Storage");
	memops_add_res(test, MEMOPS_MAP + 0x20000, 0x20000,
		       IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY, IORES_DESC_NONE,
		       "System RAM");
	/* [+256K, +320K) reserved, System RAM at [+260K, +264K) inside it */
	memops_add_res(test, MEMOPS_MAP + 0x40000, 0x10000,
		       IORESOURCE_MEM | IORESOURCE_BUSY, IORES_DESC_RESERVED,
		       "Reserved");
	memops_add_res(test, MEMOPS_MAP + 0x41000, 0x1000,
		       IORESOURCE_SYSTEM_RAM | IORESOURCE_BUSY, IORES_DESC_NONE,
		       "System RAM");

	for (i = 0; i < ARRAY_SIZE(cases); i++)
		KUNIT_EXPECT_EQ_MSG(test, iop_kdev_fw_memory(cases[i].pa, cases[i].len),
				    cases[i].fw, "%s: %#llx+%#llx", cases[i].name,
				    cases[i].pa, cases[i].len);
}

static struct kunit_case memops_cases[] = {
	KUNIT_CASE_PARAM(memops_view, memops_layout_gen_params),
	KUNIT_CASE(memops_rejected),
	KUNIT_CASE(memops_ops),
	KUNIT_CASE(memops_engine),
	KUNIT_CASE(memops_no_iomem),
	KUNIT_CASE(memops_not_fw_memory),
	KUNIT_CASE(memops_fw_memory_map),
	{}
};

static struct kunit_suite memops_suite = {
	.name = "igd_opregion_memops",
	.test_cases = memops_cases,
};

kunit_test_suite(memops_suite);
