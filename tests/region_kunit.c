// SPDX-License-Identifier: GPL-2.0
/*
 * region_kunit.c - suite igd_opregion_region: iop_kdev_rw(), the helper the
 * vfio driver's region read/write calls, on real user memory.
 *
 * The test thread gets a user address space (kunit_vm_mmap()), so the copy
 * in and out around the engine is the real copy_{from,to}_user(). Checked:
 * vfio bounds (offsets at or past the end, negative, and pos + count
 * overflowing), zero length, the short count at the end, both buffer
 * paths (on stack and allocated), and all-or-nothing writes: a user buffer
 * that faults part way changes nothing and never reaches the engine. The
 * lock-order case makes lockdep (sanitizer run) report any user copy made
 * under kd->lock. An SWSCI request the firmware never answers makes no
 * access wait.
 */
#include <kunit/test.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/seq_file.h>
#include <linux/uaccess.h>

#include "igd_opregion/iop_swsci.h"
#include "iop_kunit_mem.h"

struct region_ctx {
	struct iop_kmem *mem;
	struct iop_kdev *kd;
	u32 size;
	u8 *ref;		/* the view as read at setup */
	u8 *img;		/* physical OpRegion at setup */
	u8 *kbuf;
	char __user *ubuf;	/* at least size bytes of user memory */
};

static unsigned long region_mmap(struct kunit *test, unsigned long len)
{
	unsigned long addr;

	addr = iop_kt_vm_mmap(test, len);
	KUNIT_ASSERT_NE_MSG(test, addr, 0, "no user address space");
	KUNIT_ASSERT_LT(test, addr, (unsigned long)TASK_SIZE);
	return addr;
}

static int region_init(struct kunit *test)
{
	struct region_ctx *c;

	if (!IS_ENABLED(CONFIG_MMU))
		kunit_skip(test, "user memory needs an MMU");
	c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, c);
	c->mem = iop_kmem_layout(test, IOP_VL_21_CONTIG);
	c->size = iop_kmem_view_size(c->mem);
	c->ref = kunit_kzalloc(test, c->size, GFP_KERNEL);
	c->kbuf = kunit_kzalloc(test, c->size, GFP_KERNEL);
	c->img = kunit_kmalloc(test, OPREGION_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, c->ref);
	KUNIT_ASSERT_NOT_NULL(test, c->kbuf);
	KUNIT_ASSERT_NOT_NULL(test, c->img);
	iop_kmem_reference(c->mem, c->ref);
	memcpy(c->img, c->mem->op, OPREGION_SIZE);
	c->kd = iop_kt_kdev(test, c->mem, "region");
	c->ubuf = (char __user *)region_mmap(test, PAGE_ALIGN(c->size));
	test->priv = c;
	return 0;
}

/* A whole-view read lands in user memory as the reference says. */
static void region_read_all(struct kunit *test)
{
	struct region_ctx *c = test->priv;

	KUNIT_ASSERT_EQ(test, iop_kdev_rw(c->kd, c->ubuf, c->size, 0, false),
			(ssize_t)c->size);
	KUNIT_ASSERT_EQ(test, copy_from_user(c->kbuf, c->ubuf, c->size), 0);
	KUNIT_EXPECT_EQ(test, iop_kt_diff(c->kbuf, c->ref, c->size), -1);
	KUNIT_EXPECT_FALSE(test, mutex_is_locked(&c->kd->lock));
}

/* User bytes reach a driver-owned field and read back. */
static void region_write_read(struct kunit *test)
{
	struct region_ctx *c = test->priv;
	__le32 v = cpu_to_le32(0x80000033);

	KUNIT_ASSERT_EQ(test, copy_to_user(c->ubuf, &v, 4), 0);
	KUNIT_ASSERT_EQ(test, iop_kdev_rw(c->kd, c->ubuf, 4, 0x318, true), 4);
	KUNIT_EXPECT_EQ(test, iop_fw_get32(c->mem, 0x318), 0x80000033);
	KUNIT_ASSERT_EQ(test, clear_user(c->ubuf, 4), 0);
	KUNIT_ASSERT_EQ(test, iop_kdev_rw(c->kd, c->ubuf + 1, 4, 0x318, false), 4);
	KUNIT_ASSERT_EQ(test, copy_from_user(&v, c->ubuf + 1, 4), 0);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(v), 0x80000033);
	/* Refused bytes do not fail the write, and change nothing. */
	KUNIT_ASSERT_EQ(test, iop_kdev_rw(c->kd, c->ubuf, 4, 0x310, true), 4);
	KUNIT_EXPECT_EQ(test, iop_fw_get32(c->mem, 0x310),
			get_unaligned_le32(c->img + 0x310));
}

/**
 * struct region_bound - one region access at the edges
 * @name: what it checks
 * @from_end: @pos counts from the view's end
 * @pos: offset (added to the size with @from_end)
 * @count: bytes asked for
 * @to_end: the expected result is the bytes left from @pos to the end
 * @expect: the expected result otherwise (bytes, or -errno)
 */
struct region_bound {
	const char *name;
	bool from_end;
	s64 pos;
	size_t count;
	bool to_end;
	ssize_t expect;
};

static const struct region_bound region_bounds[] = {
	{ "whole view", false, 0, OPREGION_SIZE + IOP_VEC_RVDS, true },
	{ "count 0 at 0", false, 0, 0, false, 0 },
	{ "count 0 at the last byte", true, -1, 0, false, 0 },
	{ "count 0 at the end", true, 0, 0, false, -EINVAL },
	{ "offset at the end", true, 0, 1, false, -EINVAL },
	{ "offset past the end", true, 1, 4, false, -EINVAL },
	{ "offset 4 GiB", false, 1LL << 32, 4, false, -EINVAL },
	{ "offset -1", false, -1, 4, false, -EINVAL },
	{ "offset LLONG_MIN", false, LLONG_MIN, 4, false, -EINVAL },
	{ "offset LLONG_MAX", false, LLONG_MAX, 1, false, -EINVAL },
	{ "last byte, count 16", true, -1, 16, false, 1 },
	{ "8 bytes left, count 64 (stack buffer)", true, -8, 64, false, 8 },
	{ "count 64 (stack buffer)", false, 0x300, 64, false, 64 },
	{ "count 65 (allocated buffer)", false, 0x300, 65, false, 65 },
	{ "pos + count overflows u64", true, -1, SIZE_MAX, false, 1 },
	{ "pos + count overflows loff_t", false, 0x100, (size_t)LLONG_MAX + 2,
	  true },
	{ "count SIZE_MAX from 0x100", false, 0x100, SIZE_MAX, true },
	{ "crosses into the extended VBT", false, OPREGION_SIZE - 4, 8, false, 8 },
};

KUNIT_ARRAY_PARAM_DESC(region_bound, region_bounds, name);

static void region_bounds_case(struct kunit *test)
{
	const struct region_bound *b = test->param_value;
	struct region_ctx *c = test->priv;
	loff_t pos = b->from_end ? c->size + b->pos : b->pos;
	ssize_t want = b->to_end ? c->size - pos : b->expect;
	ssize_t got;

	/* The user buffer holds the view: writing it back is a no-op. */
	KUNIT_ASSERT_EQ(test, copy_to_user(c->ubuf, c->ref, c->size), 0);
	if (want > 0)
		KUNIT_ASSERT_EQ(test, clear_user(c->ubuf, c->size), 0);

	got = iop_kdev_rw(c->kd, c->ubuf, b->count, pos, false);
	KUNIT_EXPECT_EQ(test, got, want);
	if (got > 0) {
		KUNIT_ASSERT_EQ(test, copy_from_user(c->kbuf, c->ubuf, got), 0);
		KUNIT_EXPECT_EQ(test, iop_kt_diff(c->kbuf, c->ref + pos, got), -1);
	}

	KUNIT_ASSERT_EQ(test, copy_to_user(c->ubuf, c->ref + (got > 0 ? pos : 0),
					   got > 0 ? got : 0), 0);
	iop_kmem_reset_counters(c->mem);
	KUNIT_EXPECT_EQ(test, iop_kdev_rw(c->kd, c->ubuf, b->count, pos, true), want);
	if (want <= 0)
		KUNIT_EXPECT_EQ(test, c->mem->nr_load + c->mem->nr_store +
				c->mem->nr_cmpxchg, 0);
	KUNIT_EXPECT_EQ(test, iop_kt_diff(c->mem->op, c->img, OPREGION_SIZE), -1);
	KUNIT_EXPECT_FALSE(test, mutex_is_locked(&c->kd->lock));
}

/*
 * User memory whose second page is gone: a write that needs it fails with
 * -EFAULT before the engine runs (nothing stored, nothing even loaded); a
 * write that fits the first page goes through.
 */
static void region_write_fault(struct kunit *test)
{
	struct region_ctx *c = test->priv;
	unsigned long addr = region_mmap(test, 2 * PAGE_SIZE);
	char __user *edge = (char __user *)(addr + PAGE_SIZE - 8);
	static const u8 ones[8] = { [0 ... 7] = 0xee };
	unsigned int count;

	KUNIT_ASSERT_EQ(test, vm_munmap(addr + PAGE_SIZE, PAGE_SIZE), 0);
	KUNIT_ASSERT_EQ(test, copy_to_user(edge, ones, sizeof(ones)), 0);

	for (count = 9; count <= 72; count += 63) {
		iop_kmem_reset_counters(c->mem);
		KUNIT_EXPECT_EQ(test, iop_kdev_rw(c->kd, edge, count, 0x120, true),
				-EFAULT);
		KUNIT_EXPECT_EQ(test, c->mem->nr_read + c->mem->nr_load +
				c->mem->nr_store + c->mem->nr_cmpxchg, 0);
		KUNIT_EXPECT_EQ(test, iop_kt_diff(c->mem->op, c->img, OPREGION_SIZE), -1);
		KUNIT_EXPECT_FALSE(test, mutex_is_locked(&c->kd->lock));
	}

	KUNIT_EXPECT_EQ(test, iop_kdev_rw(c->kd, edge, 8, 0x120, true), 8);
	KUNIT_EXPECT_EQ(test, iop_fw_get32(c->mem, 0x120), 0xeeeeeeee);
	KUNIT_EXPECT_EQ(test, iop_fw_get32(c->mem, 0x124), 0xeeeeeeee);
}

/*
 * A read into such memory fails with -EFAULT after the engine ran (the
 * copy out follows the engine call), leaves the lock free, and the next
 * read works.
 */
static void region_read_fault(struct kunit *test)
{
	struct region_ctx *c = test->priv;
	unsigned long addr = region_mmap(test, 2 * PAGE_SIZE);
	char __user *edge = (char __user *)(addr + PAGE_SIZE - 8);

	KUNIT_ASSERT_EQ(test, vm_munmap(addr + PAGE_SIZE, PAGE_SIZE), 0);
	iop_kmem_reset_counters(c->mem);
	KUNIT_EXPECT_EQ(test, iop_kdev_rw(c->kd, edge, 16, 0x300, false), -EFAULT);
	KUNIT_EXPECT_GT(test, c->mem->nr_read, 0);
	KUNIT_EXPECT_FALSE(test, mutex_is_locked(&c->kd->lock));
	KUNIT_EXPECT_EQ(test, iop_kdev_rw(c->kd, edge, 8, 0x300, false), 8);
	KUNIT_EXPECT_EQ(test, iop_kdev_rw(c->kd, c->ubuf, 0x2000, 0, false), 0x2000);
}

/*
 * A read that faults marks nothing as seen by the guest: an ASLC request
 * the firmware set survives the status write the guest makes next, which
 * would otherwise clear a request the guest never received (issue 8 b:
 * ASLC 0x2 -> 0x1000).
 */
static void region_read_fault_unseen(struct kunit *test)
{
	struct region_ctx *c = test->priv;
	unsigned long addr = region_mmap(test, 2 * PAGE_SIZE);
	char __user *edge = (char __user *)(addr + PAGE_SIZE - 8);
	__le32 status = cpu_to_le32(ASLC_BACKLIGHT_FAILED);

	KUNIT_ASSERT_EQ(test, vm_munmap(addr + PAGE_SIZE, PAGE_SIZE), 0);
	KUNIT_EXPECT_EQ(test, iop_kdev_rw(c->kd, c->ubuf, 4, 0x304, false), 4);
	iop_fw_set32(c->mem, 0x304, ASLC_SET_BACKLIGHT);
	KUNIT_EXPECT_EQ(test, iop_kdev_rw(c->kd, edge, 16, 0x300, false), -EFAULT);
	KUNIT_ASSERT_EQ(test, copy_to_user(c->ubuf, &status, 4), 0);
	KUNIT_EXPECT_EQ(test, iop_kdev_rw(c->kd, c->ubuf, 4, 0x304, true), 4);
	KUNIT_EXPECT_EQ(test, iop_fw_get32(c->mem, 0x304),
			ASLC_BACKLIGHT_FAILED | ASLC_SET_BACKLIGHT);
	/* Once a read delivers it, the guest's status write clears it. */
	KUNIT_EXPECT_EQ(test, iop_kdev_rw(c->kd, c->ubuf, 4, 0x304, false), 4);
	status = 0;
	KUNIT_ASSERT_EQ(test, copy_to_user(c->ubuf, &status, 4), 0);
	KUNIT_EXPECT_EQ(test, iop_kdev_rw(c->kd, c->ubuf, 4, 0x304, true), 4);
	KUNIT_EXPECT_EQ(test, iop_fw_get32(c->mem, 0x304), 0);
}

/*
 * Take kd->lock under the address space's mmap_lock. Any user copy the
 * helper made under kd->lock would record the opposite order (a copy may
 * fault, and faults take mmap_lock; might_fault() tells lockdep so even
 * when the page is present), so with PROVE_LOCKING this case makes lockdep
 * report a circular dependency if the helper ever copies under its lock.
 */
static void region_lock_order(struct kunit *test)
{
	struct region_ctx *c = test->priv;
	u8 b[4];

	KUNIT_ASSERT_NOT_NULL(test, current->mm);
	KUNIT_EXPECT_EQ(test, iop_kdev_rw(c->kd, c->ubuf, 0x100, 0x100, false),
			0x100);
	KUNIT_EXPECT_EQ(test, iop_kdev_rw(c->kd, c->ubuf, 0x100, 0x100, true),
			0x100);
	mmap_read_lock(current->mm);
	KUNIT_EXPECT_EQ(test, iop_kt_read(c->kd, 0x100, b, sizeof(b)), 4);
	mmap_read_unlock(current->mm);
	KUNIT_EXPECT_EQ(test, iop_kdev_rw(c->kd, c->ubuf, 0x100, 0x100, false),
			0x100);
}

/* Print a status snapshot into a NUL-terminated buffer. */
static const char *region_status_text(struct kunit *test,
				      const struct iop_kdev_status *st)
{
	struct seq_file m = { .size = 1024 };

	m.buf = kunit_kzalloc(test, m.size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, m.buf);
	iop_kdev_status_show(&m, st);
	KUNIT_ASSERT_LT(test, m.count, m.size);
	return m.buf;
}

/* @text has @line as a whole line. */
static void region_expect_line(struct kunit *test, const char *text,
			       const char *line)
{
	size_t n = strlen(line);
	const char *p = text;

	while ((p = strstr(p, line))) {
		if ((p == text || p[-1] == '\n') && p[n] == '\n')
			return;
		p++;
	}
	KUNIT_FAIL(test, "no line \"%s\" in:\n%s", line, text);
}

/*
 * What the driver's status file shows of the OpRegion: layout, versions,
 * where the VBT is, and refused writes per field, as they happen.
 */
static void region_status(struct kunit *test)
{
	struct region_ctx *c = test->priv;
	struct iop_kdev_status *st;
	const char *text;
	char line[96];

	st = kunit_kzalloc(test, sizeof(*st), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, st);
	iop_kdev_status(c->kd, st);
	text = region_status_text(test, st);
	region_expect_line(test, text, "opregion: served");
	region_expect_line(test, text, "reason: ok");
	region_expect_line(test, text, "host version: 2.1");
	region_expect_line(test, text, "mailboxes: 0x1f");
	snprintf(line, sizeof(line),
		 "vbt: extended at %#llx, %u bytes (RVDA %#x, RVDS %u)",
		 (unsigned long long)c->mem->ext_pa, IOP_VEC_EXT_VBT_SIZE,
		 OPREGION_SIZE, IOP_VEC_RVDS);
	region_expect_line(test, text, line);
	snprintf(line, sizeof(line),
		 "view: version 2.1, %u bytes, extended VBT at offset 8192",
		 OPREGION_SIZE + IOP_VEC_RVDS);
	region_expect_line(test, text, line);
	region_expect_line(test, text, "tolerated: none");
	region_expect_line(test, text, "refused: none");
	region_expect_line(test, text, "dropped: 0");

	/* BCLP (0x310) is the firmware's: two refused writes, counted once each. */
	KUNIT_ASSERT_EQ(test, iop_kdev_rw(c->kd, c->ubuf, 4, 0x310, true), 4);
	KUNIT_ASSERT_EQ(test, iop_kdev_rw(c->kd, c->ubuf, 2, 0x312, true), 2);
	iop_kdev_status(c->kd, st);
	text = region_status_text(test, st);
	region_expect_line(test, text, "refused: BCLP=2");

	st->dropped = 3;
	text = region_status_text(test, st);
	region_expect_line(test, text, "dropped: 3");

	/* A problem tolerated is named; a rejection shows its reason only. */
	st->warnings = IOP_WARN(IOP_ERR_RVDA_MAILBOX4);
	text = region_status_text(test, st);
	region_expect_line(test, text, "tolerated: rvda_is_mailbox4");
	memset(st, 0, sizeof(*st));
	st->reason = IOP_ERR_SIGNATURE;
	KUNIT_EXPECT_STREQ(test, region_status_text(test, st),
			   "opregion: rejected\nreason: bad_signature\n");
}

static int region_fire(void *ctx)
{
	return 0;
}

/*
 * An SWSCI request forwarded to a firmware that never answers (SCIC bit 0
 * stays set): no guest access waits or loops on it. Each write touching
 * SCIC or PARM is refused at once with -EBUSY after a single load of SCIC
 * and stores nothing; reads of the mailbox and writes elsewhere go
 * through. When the firmware finally answers, writes land again.
 */
static void region_swsci_never_answered(struct kunit *test)
{
	struct region_ctx *c = test->priv;
	const u32 scic = IOP_SWSCI_FUNC(IOP_SWSCI_GBDA, 0) | SWSCI_SCIC_INDICATOR;
	unsigned int i;

	iop_fw_set32(c->mem, 0x200, scic);
	KUNIT_ASSERT_EQ(test, iop_kdev_swsci(c->kd, IOP_SWSCI_DEFAULT, true,
					     region_fire, NULL),
			IOP_SWSCI_FORWARDED);
	for (i = 0; i < 100; i++) {
		iop_kmem_reset_counters(c->mem);
		KUNIT_ASSERT_EQ(test, iop_kdev_rw(c->kd, c->ubuf, 8, 0x200, true),
				-EBUSY);
		KUNIT_ASSERT_EQ(test, c->mem->nr_load, 1);
		KUNIT_ASSERT_EQ(test, c->mem->nr_store + c->mem->nr_cmpxchg, 0);
		KUNIT_ASSERT_EQ(test, iop_kdev_rw(c->kd, c->ubuf, 8, 0x200, false), 8);
		KUNIT_ASSERT_EQ(test, iop_kdev_rw(c->kd, c->ubuf, 4, 0x318, true), 4);
	}
	KUNIT_ASSERT_EQ(test, copy_from_user(c->kbuf, c->ubuf, 4), 0);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(c->kbuf), scic);
	KUNIT_EXPECT_EQ(test, iop_fw_get32(c->mem, 0x200), scic);
	KUNIT_EXPECT_TRUE(test, c->kd->swsci_pending);
	KUNIT_EXPECT_FALSE(test, mutex_is_locked(&c->kd->lock));

	/* The firmware answers: the guest's next write lands. */
	iop_fw_set32(c->mem, 0x200, scic & ~SWSCI_SCIC_INDICATOR);
	KUNIT_ASSERT_EQ(test, iop_kdev_rw(c->kd, c->ubuf, 4, 0x200, false), 4);
	KUNIT_ASSERT_EQ(test, iop_kdev_rw(c->kd, c->ubuf, 4, 0x200, true), 4);
	KUNIT_EXPECT_FALSE(test, c->kd->swsci_pending);
}

static struct kunit_case region_cases[] = {
	KUNIT_CASE(region_read_all),
	KUNIT_CASE(region_write_read),
	KUNIT_CASE_PARAM(region_bounds_case, region_bound_gen_params),
	KUNIT_CASE(region_write_fault),
	KUNIT_CASE(region_read_fault),
	KUNIT_CASE(region_read_fault_unseen),
	KUNIT_CASE(region_lock_order),
	KUNIT_CASE(region_status),
	KUNIT_CASE(region_swsci_never_answered),
	{}
};

static struct kunit_suite region_suite = {
	.name = "igd_opregion_region",
	.init = region_init,
	.test_cases = region_cases,
};

kunit_test_suite(region_suite);
