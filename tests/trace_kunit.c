// SPDX-License-Identifier: GPL-2.0
/*
 * trace_kunit.c - suite igd_opregion_trace: every tracepoint the glue
 * defines fires, with the right arguments, for the engine event or life
 * cycle step it stands for.
 *
 * Probes are attached with register_trace_igd_opregion_*(), the path
 * ftrace, perf and BPF use too; what tracefs prints is checked in the VM
 * tests. Each event class is covered: value changes (forward, fw_change,
 * restore, dropped), refused spans, validation, geometry,
 * open/reset/release, and the region accesses of iop_kdev_rw().
 */
#include <kunit/test.h>
#include <linux/mman.h>
#include <linux/tracepoint.h>
#include <linux/unaligned.h>

#include "iop_kunit_mem.h"
#include "../drivers/iop_trace.h"

enum trace_kind {
	TR_FORWARD,
	TR_FW_CHANGE,
	TR_RESTORE,
	TR_REFUSED,
	TR_DROPPED,
	TR_VALIDATE,
	TR_GEOMETRY,
	TR_OPEN,
	TR_RESET,
	TR_RELEASE,
	TR_NR,
};

struct trace_value {
	char field[8];
	u32 off;
	u32 len;
	u64 old_val;
	u64 new_val;
};

struct trace_rec {
	unsigned int nr[TR_NR];
	struct trace_value last[TR_DROPPED + 1];
	enum iop_reason reason;
	u32 warnings;
	u64 asls;
	u16 host_ver;
	u32 view_size;
	u16 view_ver;
	u8 vbt_where;
	unsigned int count[3];		/* open, release, reset */
};

/* Only events of the suite's own devices count. */
static bool trace_ours(const struct iop_kdev *kd)
{
	return !strcmp(kd->name, "trace");
}

static void trace_value(struct trace_rec *r, enum trace_kind k,
			const struct iop_kdev *kd, const struct iop_event *ev)
{
	struct trace_value *v = &r->last[k];

	if (!trace_ours(kd))
		return;
	r->nr[k]++;
	strscpy(v->field, ev->field->name, sizeof(v->field));
	v->off = ev->off;
	v->len = ev->len;
	v->old_val = ev->old_val;
	v->new_val = ev->new_val;
}

static void trace_on_forward(void *data, const struct iop_kdev *kd,
			     const struct iop_event *ev)
{
	trace_value(data, TR_FORWARD, kd, ev);
}

static void trace_on_fw_change(void *data, const struct iop_kdev *kd,
			       const struct iop_event *ev)
{
	trace_value(data, TR_FW_CHANGE, kd, ev);
}

static void trace_on_restore(void *data, const struct iop_kdev *kd,
			     const struct iop_event *ev)
{
	trace_value(data, TR_RESTORE, kd, ev);
}

static void trace_on_refused(void *data, const struct iop_kdev *kd,
			     const struct iop_event *ev)
{
	trace_value(data, TR_REFUSED, kd, ev);
}

static void trace_on_dropped(void *data, const struct iop_kdev *kd,
			     const struct iop_event *ev)
{
	trace_value(data, TR_DROPPED, kd, ev);
}

static void trace_on_validate(void *data, const struct iop_kdev *kd, u64 asls)
{
	struct trace_rec *r = data;

	if (!trace_ours(kd))
		return;
	r->nr[TR_VALIDATE]++;
	r->reason = kd->iop.reason;
	r->warnings = kd->iop.warnings;
	r->asls = asls;
	r->host_ver = kd->iop.geo.host_ver;
}

static void trace_on_geometry(void *data, const struct iop_kdev *kd)
{
	struct trace_rec *r = data;

	if (!trace_ours(kd))
		return;
	r->nr[TR_GEOMETRY]++;
	r->view_size = kd->iop.geo.view_size;
	r->view_ver = kd->iop.geo.view_ver;
	r->vbt_where = kd->iop.geo.vbt_where;
}

static void trace_on_open(void *data, const struct iop_kdev *kd,
			  unsigned int count)
{
	struct trace_rec *r = data;

	if (!trace_ours(kd))
		return;
	r->nr[TR_OPEN]++;
	r->count[0] = count;
}

static void trace_on_release(void *data, const struct iop_kdev *kd,
			     unsigned int count)
{
	struct trace_rec *r = data;

	if (!trace_ours(kd))
		return;
	r->nr[TR_RELEASE]++;
	r->count[1] = count;
}

static void trace_on_reset(void *data, const struct iop_kdev *kd,
			   unsigned int count)
{
	struct trace_rec *r = data;

	if (!trace_ours(kd))
		return;
	r->nr[TR_RESET]++;
	r->count[2] = count;
}

static void trace_detach(void *data)
{
	unregister_trace_igd_opregion_forward(trace_on_forward, data);
	unregister_trace_igd_opregion_fw_change(trace_on_fw_change, data);
	unregister_trace_igd_opregion_restore(trace_on_restore, data);
	unregister_trace_igd_opregion_refused(trace_on_refused, data);
	unregister_trace_igd_opregion_dropped(trace_on_dropped, data);
	unregister_trace_igd_opregion_validate(trace_on_validate, data);
	unregister_trace_igd_opregion_geometry(trace_on_geometry, data);
	unregister_trace_igd_opregion_open(trace_on_open, data);
	unregister_trace_igd_opregion_reset(trace_on_reset, data);
	unregister_trace_igd_opregion_release(trace_on_release, data);
	tracepoint_synchronize_unregister();
}

static struct trace_rec *trace_attach(struct kunit *test)
{
	struct trace_rec *r;
	int ret = 0;

	if (!IS_ENABLED(CONFIG_TRACEPOINTS))
		kunit_skip(test, "kernel built without tracepoints");
	r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r);
	ret |= register_trace_igd_opregion_forward(trace_on_forward, r);
	ret |= register_trace_igd_opregion_fw_change(trace_on_fw_change, r);
	ret |= register_trace_igd_opregion_restore(trace_on_restore, r);
	ret |= register_trace_igd_opregion_refused(trace_on_refused, r);
	ret |= register_trace_igd_opregion_dropped(trace_on_dropped, r);
	ret |= register_trace_igd_opregion_validate(trace_on_validate, r);
	ret |= register_trace_igd_opregion_geometry(trace_on_geometry, r);
	ret |= register_trace_igd_opregion_open(trace_on_open, r);
	ret |= register_trace_igd_opregion_reset(trace_on_reset, r);
	ret |= register_trace_igd_opregion_release(trace_on_release, r);
	/* Unregistering a probe that is not there is harmless. */
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, trace_detach, r), 0);
	KUNIT_ASSERT_EQ(test, ret, 0);
	return r;
}

/* Driver-owned elements for a host, counted from the table alone. */
static unsigned int trace_nr_driver(u16 ver, u32 mboxes)
{
	unsigned int i, n = 0;

	for (i = 1; i < iop_nr_fields; i++) {
		const struct iop_field *f = &iop_fields[i];

		if (f->cls == IOP_DRV && iop_field_applies(f, ver, mboxes))
			n += f->size / f->width;
	}
	return n;
}

static void trace_expect_counts(struct kunit *test, struct trace_rec *r,
				const unsigned int *want)
{
	static const char * const names[TR_NR] = {
		"forward", "fw_change", "restore", "refused", "dropped",
		"validate", "geometry", "open", "reset", "release",
	};
	unsigned int k;

	for (k = 0; k < TR_NR; k++)
		KUNIT_EXPECT_EQ_MSG(test, r->nr[k], want[k], "igd_opregion_%s",
				    names[k]);
}

/* A firmware rewriting ASLC in a tight loop: each attempt meets a change. */
static void trace_busy_fw(struct iop_kmem *mem, u64 pa, void *priv)
{
	if (pa == mem->asls + 0x304)
		iop_fw_set32(mem, 0x304, iop_fw_get32(mem, 0x304) + 0x10000);
}

/* A device's life: every event class, with its arguments. */
static void trace_life_cycle(struct kunit *test)
{
	struct trace_rec *r = trace_attach(test);
	struct iop_kmem *mem = iop_kmem_layout(test, IOP_VL_20_ABS);
	unsigned int want[TR_NR] = { };
	u32 clid = iop_fw_get32(mem, 0x1ac);
	struct iop_kdev *kd;

	iop_fw_set32(mem, 0x300, 0);			/* ARDY, as host i915 left it */
	kd = iop_kt_kdev(test, mem, "trace");
	want[TR_VALIDATE] = 1;
	trace_expect_counts(test, r, want);
	KUNIT_EXPECT_EQ(test, r->reason, IOP_OK);
	KUNIT_EXPECT_EQ(test, r->asls, IOP_VEC_ASLS);
	KUNIT_EXPECT_EQ(test, r->host_ver, OPREGION_VER(2, 0));

	/* The stitching geometry is traced once per open, not at probe. */
	iop_kdev_open(kd);
	want[TR_GEOMETRY]++;
	want[TR_OPEN]++;
	trace_expect_counts(test, r, want);
	KUNIT_EXPECT_EQ(test, r->view_size, OPREGION_SIZE + IOP_VEC_RVDS);
	KUNIT_EXPECT_EQ(test, r->view_ver, OPREGION_VER(2, 1));
	KUNIT_EXPECT_EQ(test, r->vbt_where, IOP_VBT_EXTENDED);
	KUNIT_EXPECT_EQ(test, r->count[0],
			trace_nr_driver(OPREGION_VER(2, 0), 0x1f));

	iop_kt_write32(test, kd, 0x300, ASLE_ARDY_READY);
	want[TR_FORWARD]++;
	KUNIT_EXPECT_STREQ(test, r->last[TR_FORWARD].field, "ARDY");
	KUNIT_EXPECT_EQ(test, r->last[TR_FORWARD].off, 0x300);
	KUNIT_EXPECT_EQ(test, r->last[TR_FORWARD].old_val, 0);
	KUNIT_EXPECT_EQ(test, r->last[TR_FORWARD].new_val, ASLE_ARDY_READY);

	iop_kt_write32(test, kd, 0x310, 0xff);		/* BCLP: firmware's */
	want[TR_REFUSED]++;
	KUNIT_EXPECT_STREQ(test, r->last[TR_REFUSED].field, "BCLP");
	KUNIT_EXPECT_EQ(test, r->last[TR_REFUSED].off, 0x310);
	KUNIT_EXPECT_EQ(test, r->last[TR_REFUSED].len, 4);

	iop_fw_set32(mem, 0x1ac, clid ^ 1);		/* lid */
	KUNIT_EXPECT_EQ(test, iop_kt_read32(test, kd, 0x1ac), clid ^ 1);
	want[TR_FW_CHANGE]++;
	KUNIT_EXPECT_STREQ(test, r->last[TR_FW_CHANGE].field, "CLID");
	KUNIT_EXPECT_EQ(test, r->last[TR_FW_CHANGE].old_val, clid);
	KUNIT_EXPECT_EQ(test, r->last[TR_FW_CHANGE].new_val, clid ^ 1);
	trace_expect_counts(test, r, want);

	/* ASLC rewritten on every attempt: the guest's status write is dropped. */
	iop_fw_set32(mem, 0x304, 0);
	mem->race = trace_busy_fw;
	iop_kt_write32(test, kd, 0x304, ASLC_BACKLIGHT_FAILED);
	mem->race = NULL;
	want[TR_DROPPED]++;
	trace_expect_counts(test, r, want);
	KUNIT_EXPECT_STREQ(test, r->last[TR_DROPPED].field, "ASLC");
	KUNIT_EXPECT_EQ(test, r->last[TR_DROPPED].off, 0x304);
	KUNIT_EXPECT_EQ(test, r->last[TR_DROPPED].len, 4);
	KUNIT_EXPECT_EQ(test, r->last[TR_DROPPED].old_val, iop_fw_get32(mem, 0x304));
	KUNIT_EXPECT_EQ(test, r->last[TR_DROPPED].old_val, IOP_HANDSHAKE_TRIES << 16);
	KUNIT_EXPECT_EQ(test, r->last[TR_DROPPED].new_val, ASLC_BACKLIGHT_FAILED);
	KUNIT_EXPECT_EQ(test, kd->iop.dropped, 1);

	/* A guest reboot: ARDY goes back, the device stays open. */
	KUNIT_EXPECT_EQ(test, iop_kdev_reset(kd), 1);
	want[TR_RESTORE]++;
	want[TR_RESET]++;
	trace_expect_counts(test, r, want);
	KUNIT_EXPECT_STREQ(test, r->last[TR_RESTORE].field, "ARDY");
	KUNIT_EXPECT_EQ(test, r->last[TR_RESTORE].old_val, ASLE_ARDY_READY);
	KUNIT_EXPECT_EQ(test, r->last[TR_RESTORE].new_val, 0);
	KUNIT_EXPECT_EQ(test, r->count[2], 1);
	/* The rebooted guest's first read reports no change of its own. */
	KUNIT_EXPECT_EQ(test, iop_kt_read32(test, kd, 0x300), 0);
	trace_expect_counts(test, r, want);
	iop_kt_write32(test, kd, 0x300, ASLE_ARDY_READY);
	want[TR_FORWARD]++;

	iop_kdev_release(kd);
	want[TR_RESTORE]++;
	want[TR_RELEASE]++;
	trace_expect_counts(test, r, want);
	KUNIT_EXPECT_STREQ(test, r->last[TR_RESTORE].field, "ARDY");
	KUNIT_EXPECT_EQ(test, r->last[TR_RESTORE].old_val, ASLE_ARDY_READY);
	KUNIT_EXPECT_EQ(test, r->last[TR_RESTORE].new_val, 0);
	KUNIT_EXPECT_EQ(test, r->count[1], 1);

	/* A second release restores nothing and says so. */
	iop_kdev_release(kd);
	want[TR_RELEASE]++;
	trace_expect_counts(test, r, want);
	KUNIT_EXPECT_EQ(test, r->count[1], 0);
}

/* A rejected OpRegion: one validation event naming the reason, no geometry. */
static void trace_rejected(struct kunit *test)
{
	struct trace_rec *r = trace_attach(test);
	struct iop_kmem *mem = iop_kmem_layout(test, IOP_VL_21_CONTIG);
	enum iop_reason reason = IOP_OK;
	unsigned int want[TR_NR] = { };
	struct iop_kdev *kd = NULL;

	put_unaligned_le32(0x20000, mem->op + OPREGION_OFF(asle.rvds));
	KUNIT_EXPECT_EQ(test, iop_kdev_probe_ops("trace", mem->asls, &iop_kmem_ops,
						 mem, &kd, &reason), -EINVAL);
	KUNIT_EXPECT_EQ(test, reason, IOP_ERR_RVDS);
	want[TR_VALIDATE] = 1;
	trace_expect_counts(test, r, want);
	KUNIT_EXPECT_EQ(test, r->reason, IOP_ERR_RVDS);
	KUNIT_EXPECT_EQ(test, r->host_ver, OPREGION_VER(2, 1));
}

/*
 * An OpRegion served despite problems: the validation event says ok and
 * names each problem tolerated; the view is served (geometry, open).
 */
static void trace_tolerated(struct kunit *test)
{
	struct trace_rec *r = trace_attach(test);
	struct iop_kmem *mem = iop_kmem_layout(test, IOP_VL_21_CONTIG);
	enum iop_reason reason = IOP_NR_REASONS;
	unsigned int want[TR_NR] = { };
	struct iop_kdev *kd = NULL;

	put_unaligned_le64(0x1000, mem->op + OPREGION_OFF(asle.rvda));
	put_unaligned_le32(4, mem->op + OPREGION_OFF(header.size));
	KUNIT_ASSERT_EQ(test, iop_kdev_probe_ops("trace", mem->asls, &iop_kmem_ops,
						 mem, &kd, &reason), 0);
	KUNIT_EXPECT_EQ(test, reason, IOP_OK);
	iop_kdev_open(kd);
	want[TR_VALIDATE] = 1;
	want[TR_GEOMETRY] = 1;
	want[TR_OPEN] = 1;
	trace_expect_counts(test, r, want);
	KUNIT_EXPECT_EQ(test, r->reason, IOP_OK);
	KUNIT_EXPECT_EQ(test, r->warnings,
			IOP_WARN(IOP_ERR_SIZE) | IOP_WARN(IOP_ERR_RVDA_INSIDE) |
			IOP_WARN(IOP_ERR_VBT_SIGNATURE));
	KUNIT_EXPECT_EQ(test, r->view_size, OPREGION_SIZE);
	iop_kdev_release(kd);
	iop_kdev_destroy(kd);
}

struct trace_access_rec {
	unsigned int nr;
	u32 off;
	u32 len;
	bool write;
	u64 val;
	ssize_t ret;
};

static void trace_on_access(void *data, const struct iop_kdev *kd, u32 off,
			    u32 len, bool write, const void *buf, ssize_t ret)
{
	struct trace_access_rec *r = data;

	if (!trace_ours(kd))
		return;
	r->nr++;
	r->off = off;
	r->len = len;
	r->write = write;
	r->val = 0;
	if (ret > 0 && len <= sizeof(r->val))
		memcpy(&r->val, buf, len);
	le64_to_cpus(&r->val);
	r->ret = ret;
}

static void trace_access_detach(void *data)
{
	unregister_trace_igd_opregion_access(trace_on_access, data);
	tracepoint_synchronize_unregister();
}

/*
 * Each region access is one event with the VMM's offset, length and
 * value: what a forwarding VMM's guest load or store became.
 */
static void trace_access(struct kunit *test)
{
	struct iop_kmem *mem = iop_kmem_layout(test, IOP_VL_20_ABS);
	struct trace_access_rec *r;
	struct iop_kdev *kd;
	unsigned long addr;
	char __user *ubuf;
	u8 val[8];

	if (!IS_ENABLED(CONFIG_TRACEPOINTS) || !IS_ENABLED(CONFIG_MMU))
		kunit_skip(test, "needs tracepoints and user memory");
	r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r);
	KUNIT_ASSERT_EQ(test, register_trace_igd_opregion_access(trace_on_access, r), 0);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, trace_access_detach, r), 0);
	addr = iop_kt_vm_mmap(test, PAGE_SIZE);
	KUNIT_ASSERT_NE(test, addr, 0);
	ubuf = (char __user *)addr;
	kd = iop_kt_kdev(test, mem, "trace");
	iop_kdev_open(kd);

	/* An unaligned 8-byte load of RVDA: the virtualized 0x2000 */
	KUNIT_ASSERT_EQ(test, iop_kdev_rw(kd, ubuf, 8, 0x3ba, false), 8);
	KUNIT_EXPECT_EQ(test, r->nr, 1);
	KUNIT_EXPECT_EQ(test, r->off, 0x3ba);
	KUNIT_EXPECT_EQ(test, r->len, 8);
	KUNIT_EXPECT_FALSE(test, r->write);
	KUNIT_EXPECT_EQ(test, r->val, OPREGION_SIZE);
	KUNIT_EXPECT_EQ(test, r->ret, 8);

	/* A 2-byte store of CBLV's low half */
	put_unaligned_le16(0x42, val);
	KUNIT_ASSERT_EQ(test, copy_to_user(ubuf, val, 2), 0);
	KUNIT_ASSERT_EQ(test, iop_kdev_rw(kd, ubuf, 2, 0x318, true), 2);
	KUNIT_EXPECT_EQ(test, r->nr, 2);
	KUNIT_EXPECT_EQ(test, r->off, 0x318);
	KUNIT_EXPECT_EQ(test, r->len, 2);
	KUNIT_EXPECT_TRUE(test, r->write);
	KUNIT_EXPECT_EQ(test, r->val, 0x42);
	KUNIT_EXPECT_EQ(test, iop_fw_get32(mem, 0x318) & 0xffff, 0x42);

	/* Past the end: rejected before the engine, no event */
	KUNIT_EXPECT_EQ(test, iop_kdev_rw(kd, ubuf, 4, iop_kdev_size(kd), false),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, r->nr, 2);
	iop_kdev_release(kd);
}

static struct kunit_case trace_cases[] = {
	KUNIT_CASE(trace_life_cycle),
	KUNIT_CASE(trace_rejected),
	KUNIT_CASE(trace_tolerated),
	KUNIT_CASE(trace_access),
	{}
};

static struct kunit_suite trace_suite = {
	.name = "igd_opregion_trace",
	.test_cases = trace_cases,
};

kunit_test_suite(trace_suite);
