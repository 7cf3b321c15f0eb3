// SPDX-License-Identifier: GPL-2.0
/*
 * iop_kernel.c - the engine inside the kernel (part of igd-vfio-pci.ko):
 * implements include/igd_opregion/iop_kernel.h.
 *
 * Contract:
 * - One struct iop_kdev per proxied OpRegion. Every engine call on it runs
 *   under kd->lock; user memory is copied into a kernel buffer before the
 *   lock is taken and out of it after the lock is dropped, so a faulting
 *   or slow user page never stalls the device's other users and a fault
 *   never leaves a write half done.
 * - The default memory ops reach physical memory through memremap()
 *   (write-back: the OpRegion is ordinary RAM the firmware shares, as for
 *   i915 and vfio-pci), made only for the ranges the engine validated,
 *   only when the firmware owns them (ACPI NVS or reserved, no System
 *   RAM: otherwise -EPERM, IOP_ERR_NOT_FW_MEM), and unmapped by
 *   iop_kdev_destroy(). Reads copy every naturally aligned
 *   4-byte word with one 4-byte load (the contract in iop.h), so a field
 *   the firmware updates is never seen torn.
 * - Every engine event becomes a tracepoint (drivers/iop_trace.h); a
 *   rejected OpRegion is logged once, with the name of the check that
 *   failed.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/align.h>
#include <linux/atomic.h>
#include <linux/bitops.h>
#include <linux/container_of.h>
#include <linux/error-injection.h>
#include <linux/export.h>
#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/module.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/printk.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "igd_compat.h"
#include "igd_opregion/iop_kernel.h"
#include "igd_opregion/iop_swsci.h"
#include "iop_kernel_kunit.h"

#include "iop_trace.h"

/* Accesses up to this size need no allocation. */
#define IOP_KDEV_STACK_BUF	64

/*
 * What the glue keeps beside the public struct: the number of elements
 * the reset or release in progress restored, for its tracepoint.
 */
struct iop_kdev_state {
	struct iop_kdev kd;
	unsigned int restored;
};

static struct iop_kdev_state *to_state(struct iop_kdev *kd)
{
	return container_of(kd, struct iop_kdev_state, kd);
}

/*
 * memremap() behind a seam: UML has none, and KUnit maps RAM instead. It
 * is also the fault-injection point of each mapping (fail_function:
 * tests/vm/guest_faults.c), hence out of line.
 */
VISIBLE_IF_KUNIT noinline void *iop_kdev_memremap(u64 pa, u64 len)
{
	KUNIT_STATIC_STUB_REDIRECT(iop_kdev_memremap, pa, len);
#ifdef CONFIG_HAS_IOMEM
	if ((resource_size_t)pa != pa || (size_t)len != len)
		return NULL;
	return memremap(pa, len, MEMREMAP_WB);
#else
	return NULL;
#endif
}
EXPORT_SYMBOL_IF_KUNIT(iop_kdev_memremap);
ALLOW_ERROR_INJECTION(iop_kdev_memremap, NULL);

VISIBLE_IF_KUNIT void iop_kdev_memunmap(void *va)
{
	KUNIT_STATIC_STUB_REDIRECT(iop_kdev_memunmap, va);
#ifdef CONFIG_HAS_IOMEM
	memunmap(va);
#endif
}
EXPORT_SYMBOL_IF_KUNIT(iop_kdev_memunmap);

/* Add the bytes of @res, clipped to the walked range, to *@arg. */
static int iop_kdev_count_fw(struct resource *res, void *arg)
{
	u64 *covered = arg;

	*covered += resource_size(res);
	return 0;
}

/*
 * Is [pa, pa + len) memory the firmware owns? No byte of it may be System
 * RAM (memremap() would hand out the direct map of memory the kernel
 * gives to others), and ACPI NVS and reserved resources must cover all of
 * it: a bad ASLS or a 2.0 absolute RVDA must expose neither host RAM nor
 * a device's registers to the guest. The resource tree exists on every
 * architecture, UML included, where KUnit inserts ranges to test this.
 */
VISIBLE_IF_KUNIT bool iop_kdev_fw_memory(u64 pa, u64 len)
{
	u64 covered = 0, last;

	KUNIT_STATIC_STUB_REDIRECT(iop_kdev_fw_memory, pa, len);
	if (!len || (resource_size_t)pa != pa || (size_t)len != len ||
	    check_add_overflow(pa, len - 1, &last))
		return false;
	if (region_intersects(pa, len, IORESOURCE_SYSTEM_RAM,
			      IORES_DESC_NONE) != REGION_DISJOINT)
		return false;
	walk_iomem_res_desc(IORES_DESC_ACPI_NV_STORAGE, IORESOURCE_MEM, pa,
			    last, &covered, iop_kdev_count_fw);
	walk_iomem_res_desc(IORES_DESC_RESERVED, IORESOURCE_MEM, pa, last,
			    &covered, iop_kdev_count_fw);
	return covered >= len;
}
EXPORT_SYMBOL_IF_KUNIT(iop_kdev_fw_memory);

/* The kernel address of [pa, pa + len), which the engine mapped before. */
static void *iop_kdev_va(struct iop_kdev *kd, u64 pa, u64 len)
{
	unsigned int i;

	for (i = 0; i < kd->nr_maps; i++) {
		const struct iop_kdev_map *m = &kd->maps[i];

		if (pa >= m->pa && len <= m->len && pa - m->pa <= m->len - len)
			return m->va + (pa - m->pa);
	}
	/* The engine only touches what it mapped: this is a bug. */
	WARN_ONCE(1, "%s: access to unmapped %#llx+%llu\n", kd->name, pa, len);
	return NULL;
}

static int iop_kdev_op_map(void *ctx, u64 pa, u64 len)
{
	struct iop_kdev *kd = ctx;
	void *va;

	if (!len)
		return -EINVAL;
	if (kd->nr_maps == IOP_KDEV_MAX_MAPS)
		return -ENOSPC;
	if (!iop_kdev_fw_memory(pa, len)) {
		pr_info("%s: %#llx+%#llx is not ACPI NVS or reserved memory: not mapped\n",
			kd->name, pa, len);
		return -EPERM;
	}
	va = iop_kdev_memremap(pa, len);
	if (!va)
		return -ENOMEM;
	kd->maps[kd->nr_maps].pa = pa;
	kd->maps[kd->nr_maps].len = len;
	kd->maps[kd->nr_maps].va = va;
	kd->nr_maps++;
	return 0;
}

static void iop_kdev_op_read(void *ctx, u64 pa, void *buf, size_t len)
{
	const u8 *src = iop_kdev_va(ctx, pa, len);
	u8 *dst = buf;

	if (!src) {
		memset(buf, 0xff, len);
		return;
	}
	/* Bytes up to the first aligned word, whole words, then the tail. */
	for (; len && !IS_ALIGNED((unsigned long)src, 4); len--)
		*dst++ = READ_ONCE(*src++);
	for (; len >= 4; len -= 4, src += 4, dst += 4)
		put_unaligned(READ_ONCE(*(const u32 *)src), (u32 *)dst);
	for (; len; len--)
		*dst++ = READ_ONCE(*src++);
}

static u64 iop_kdev_op_load(void *ctx, u64 pa, unsigned int width)
{
	const void *p = iop_kdev_va(ctx, pa, width);
	bool aligned = IS_ALIGNED((unsigned long)p, width);

	if (!p)
		return U64_MAX;
	switch (width) {
	case 1:
		return READ_ONCE(*(const u8 *)p);
	case 2:
		return aligned ? le16_to_cpu(READ_ONCE(*(const __le16 *)p)) :
				 get_unaligned_le16(p);
	case 4:
		return aligned ? le32_to_cpu(READ_ONCE(*(const __le32 *)p)) :
				 get_unaligned_le32(p);
	case 8:
		return aligned ? le64_to_cpu(READ_ONCE(*(const __le64 *)p)) :
				 get_unaligned_le64(p);
	}
	WARN_ONCE(1, "bad access width %u\n", width);
	return U64_MAX;
}

static void iop_kdev_op_store(void *ctx, u64 pa, unsigned int width, u64 val)
{
	void *p = iop_kdev_va(ctx, pa, width);
	bool aligned = IS_ALIGNED((unsigned long)p, width);

	if (!p)
		return;
	switch (width) {
	case 1:
		WRITE_ONCE(*(u8 *)p, val);
		break;
	case 2:
		if (aligned)
			WRITE_ONCE(*(__le16 *)p, cpu_to_le16(val));
		else
			put_unaligned_le16(val, p);
		break;
	case 4:
		if (aligned)
			WRITE_ONCE(*(__le32 *)p, cpu_to_le32(val));
		else
			put_unaligned_le32(val, p);
		break;
	case 8:
		if (aligned)
			WRITE_ONCE(*(__le64 *)p, cpu_to_le64(val));
		else
			put_unaligned_le64(val, p);
		break;
	default:
		WARN_ONCE(1, "bad access width %u\n", width);
	}
}

static u32 iop_kdev_op_cmpxchg32(void *ctx, u64 pa, u32 old, u32 new)
{
	__le32 *p = iop_kdev_va(ctx, pa, 4);

	/* Reporting success ends the engine's retry loop on a bug. */
	if (!p || WARN_ON_ONCE(!IS_ALIGNED((unsigned long)p, 4)))
		return old;
	return le32_to_cpu(cmpxchg(p, cpu_to_le32(old), cpu_to_le32(new)));
}

static const struct iop_mem_ops iop_kdev_mem_ops = {
	.map = iop_kdev_op_map,
	.read = iop_kdev_op_read,
	.load = iop_kdev_op_load,
	.store = iop_kdev_op_store,
	.cmpxchg32 = iop_kdev_op_cmpxchg32,
};

/* Engine events, under kd->lock: one tracepoint each. */
static void iop_kdev_event(void *priv, const struct iop_event *ev)
{
	struct iop_kdev *kd = priv;

	switch (ev->kind) {
	case IOP_EV_FORWARD:
		trace_igd_opregion_forward(kd, ev);
		break;
	case IOP_EV_FW_CHANGE:
		trace_igd_opregion_fw_change(kd, ev);
		break;
	case IOP_EV_REFUSED:
		trace_igd_opregion_refused(kd, ev);
		break;
	case IOP_EV_RESTORE:
		to_state(kd)->restored++;
		trace_igd_opregion_restore(kd, ev);
		break;
	case IOP_EV_DROPPED:
		trace_igd_opregion_dropped(kd, ev);
		break;
	}
}

/* Name, once per probe, every problem the view is served despite. */
static void iop_kdev_log_warnings(struct iop_kdev *kd, u64 asls)
{
	unsigned long warnings = kd->iop.warnings;
	unsigned int r;

	for_each_set_bit(r, &warnings, IOP_NR_REASONS)
		pr_info("%s: host OpRegion at %#llx: tolerated: %s\n",
			kd->name, asls, iop_reason_name(r));
}

/* The device's allocation, out of line: a fault-injection point. */
static noinline struct iop_kdev_state *iop_kdev_alloc(void)
{
	return kvzalloc(sizeof(struct iop_kdev_state), GFP_KERNEL);
}
ALLOW_ERROR_INJECTION(iop_kdev_alloc, NULL);

/**
 * iop_kdev_probe_ops() - validate a host OpRegion through given memory ops
 * @name: device name for logs and tracepoints (truncated to 31 bytes)
 * @asls: physical address of the OpRegion (the IGD's ASLS register)
 * @ops: how to reach physical memory, or NULL for the default
 *	memremap()-based ops (then @ctx is ignored)
 * @ctx: passed to every @ops call
 * @out: the new device on success, untouched otherwise
 * @reason: set to the check that failed, IOP_OK when the OpRegion was not
 *	rejected (success, or a failure unrelated to its contents); may be
 *	NULL
 *
 * Tests use this to put a RAM-backed model under the engine. The
 * validation result (with the problems tolerated) and, on success, the view
 * geometry are traced; a rejection, and each problem the view is served
 * despite, is also logged once.
 *
 * Context: process context, may sleep.
 * Return: 0, -ENOMEM, or -EINVAL when the OpRegion was rejected.
 */
int iop_kdev_probe_ops(const char *name, u64 asls,
		       const struct iop_mem_ops *ops, void *ctx,
		       struct iop_kdev **out, enum iop_reason *reason)
{
	struct iop_kdev_state *st;
	struct iop_kdev *kd;
	int ret;

	if (reason)
		*reason = IOP_OK;
	st = iop_kdev_alloc();
	if (!st) {
		pr_warn("%s: host OpRegion at %#llx: no memory for its state\n",
			name, asls);
		return -ENOMEM;
	}
	kd = &st->kd;
	strscpy(kd->name, name, sizeof(kd->name));
	mutex_init(&kd->lock);
	kd->ops = ops ?: &iop_kdev_mem_ops;
	kd->ctx = ops ? ctx : kd;

	mutex_lock(&kd->lock);
	ret = iop_probe(&kd->iop, asls, kd->ops, kd->ctx, iop_kdev_event, kd);
	trace_igd_opregion_validate(kd, asls);
	mutex_unlock(&kd->lock);

	iop_kdev_log_warnings(kd, asls);
	if (ret) {
		pr_info("%s: host OpRegion at %#llx rejected: %s\n", kd->name,
			asls, iop_reason_name(kd->iop.reason));
		if (reason)
			*reason = kd->iop.reason;
		iop_kdev_destroy(kd);
		return ret;
	}
	*out = kd;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(iop_kdev_probe_ops);

/**
 * iop_kdev_probe() - validate a host OpRegion and map it
 * @name: device name for logs and tracepoints (e.g. "0000:00:02.0")
 * @asls: physical address of the OpRegion (the IGD's ASLS register)
 * @out: the new device on success, untouched otherwise
 * @reason: set as for iop_kdev_probe_ops(); may be NULL
 *
 * Maps the OpRegion and the extended VBT write-back with memremap(), each
 * only after its range was validated.
 *
 * Context: process context, may sleep.
 * Return: 0, -ENOMEM, or -EINVAL when the OpRegion was rejected (a range
 * that cannot be mapped is IOP_ERR_MAP or IOP_ERR_VBT_MAP, one that is not
 * ACPI NVS or reserved memory, e.g. System RAM, is IOP_ERR_NOT_FW_MEM and
 * is never mapped).
 */
int iop_kdev_probe(const char *name, u64 asls, struct iop_kdev **out,
		   enum iop_reason *reason)
{
	return iop_kdev_probe_ops(name, asls, NULL, NULL, out, reason);
}
EXPORT_SYMBOL_IF_KUNIT(iop_kdev_probe);

/**
 * iop_kdev_destroy() - free a device and unmap its memory
 * @kd: from iop_kdev_probe() or iop_kdev_probe_ops(), or NULL
 *
 * The caller makes sure no other call on @kd runs or follows.
 *
 * Context: process context, may sleep.
 */
void iop_kdev_destroy(struct iop_kdev *kd)
{
	unsigned int i;

	if (!kd)
		return;
	for (i = kd->nr_maps; i--; )
		iop_kdev_memunmap(kd->maps[i].va);
	mutex_destroy(&kd->lock);
	kvfree(to_state(kd));
}
EXPORT_SYMBOL_IF_KUNIT(iop_kdev_destroy);

/**
 * iop_kdev_size() - size of the stitched view, for the region's size
 * @kd: a probed device
 *
 * Context: any; the size is fixed from probe to destroy.
 * Return: 8 KiB, plus RVDS when the host has an extended VBT.
 */
u32 iop_kdev_size(struct iop_kdev *kd)
{
	return kd->iop.geo.view_size;
}
EXPORT_SYMBOL_IF_KUNIT(iop_kdev_size);

/* Driver-owned elements iop_open() saves, for the open event only. */
static unsigned int iop_kdev_nr_saved(const struct iop *iop)
{
	unsigned int s, n = 0;

	for (s = 0; s < iop->nr_segs; s++) {
		const struct iop_seg *seg = &iop->segs[s];
		const struct iop_field *f = &iop_fields[seg->row];

		if (f->cls == IOP_DRV)
			n += (seg->end - seg->start) / f->width;
	}
	return n;
}

/**
 * iop_kdev_open() - a user (a VMM) opens the region
 * @kd: a probed device
 *
 * Snapshots the driver-owned fields, which iop_kdev_reset() and
 * iop_kdev_release() restore.
 *
 * Context: process context, takes kd->lock.
 */
void iop_kdev_open(struct iop_kdev *kd)
{
	mutex_lock(&kd->lock);
	iop_open(&kd->iop);
	trace_igd_opregion_geometry(kd);
	if (trace_igd_opregion_open_enabled())
		trace_igd_opregion_open(kd, iop_kdev_nr_saved(&kd->iop));
	mutex_unlock(&kd->lock);
	/* `make kmemleak`'s positive control only: a leak per open. */
	if (IS_ENABLED(CONFIG_IGD_VFIO_PCI_KMEMLEAK_CONTROL))
		(void)kstrdup("igd-opregion kmemleak control", GFP_KERNEL);
}
EXPORT_SYMBOL_IF_KUNIT(iop_kdev_open);

/**
 * iop_kdev_reset() - the user resets the device (a guest reboot)
 * @kd: a probed device, opened with iop_kdev_open()
 *
 * Restores the driver-owned fields to their values at iop_kdev_open(), as
 * iop_kdev_release() does, so the firmware finds them as after a real
 * reboot (host i915's ARDY = DRDY = 0: no driver listens until the
 * rebooted guest's driver says so again). The device stays open: region
 * accesses may follow at once, the open-time snapshot stays the baseline
 * of later resets and of the release, and the engine's shadow of the
 * restored fields is resynced so the next access reports no change that
 * the reset itself made. Each restored element is traced as a restore,
 * then the reset as a whole.
 *
 * Context: process context, takes kd->lock.
 * Return: the number of driver-owned elements restored (0 when all were
 * at their open-time values already).
 */
unsigned int iop_kdev_reset(struct iop_kdev *kd)
{
	struct iop_kdev_state *st = to_state(kd);
	unsigned int restored;

	mutex_lock(&kd->lock);
	st->restored = 0;
	iop_reset(&kd->iop);
	restored = st->restored;
	trace_igd_opregion_reset(kd, restored);
	mutex_unlock(&kd->lock);
	return restored;
}
EXPORT_SYMBOL_IF_KUNIT(iop_kdev_reset);

/**
 * iop_kdev_release() - the user closes the region
 * @kd: a probed device
 *
 * Restores the driver-owned fields to their values at iop_kdev_open(), so
 * the firmware sees the host's table again (host i915 left ARDY and DRDY
 * at 0 when it unbound).
 *
 * Context: process context, takes kd->lock.
 */
void iop_kdev_release(struct iop_kdev *kd)
{
	struct iop_kdev_state *st = to_state(kd);

	mutex_lock(&kd->lock);
	st->restored = 0;
	iop_release(&kd->iop);
	trace_igd_opregion_release(kd, st->restored);
	mutex_unlock(&kd->lock);
}
EXPORT_SYMBOL_IF_KUNIT(iop_kdev_release);

/**
 * iop_kdev_rw() - read or write the view for a vfio region access
 * @kd: a probed device
 * @buf: user buffer
 * @count: bytes to transfer
 * @pos: offset in the view
 * @iswrite: write @buf to the view instead of reading into it
 *
 * vfio region semantics: an offset at or past the end of the view is
 * -EINVAL, a count running past the end is shortened, and within that
 * range the access is all or nothing. A write copies the whole user buffer
 * in before the engine runs, so a fault changes nothing; a read runs the
 * engine (iop_read_peek()), drops the lock, copies out, and only once the
 * bytes reached the user records them as seen (iop_read_done()), so a
 * read that faults changes nothing either. kd->lock is never held across
 * a user copy.
 *
 * A write touching SCIC or PARM while an SWSCI request the driver
 * forwarded is pending is refused whole with -EBUSY (see
 * iop_kdev_swsci_busy()).
 *
 * Context: process context, may sleep; takes kd->lock.
 * Return: bytes transferred (0 for @count 0), -EINVAL, -EFAULT, -ENOMEM
 * or -EBUSY.
 */
ssize_t iop_kdev_rw(struct iop_kdev *kd, char __user *buf, size_t count,
		    loff_t pos, bool iswrite)
{
	u32 size = iop_kdev_size(kd);
	u8 stack_buf[IOP_KDEV_STACK_BUF];
	void *kbuf = stack_buf;
	ssize_t ret;
	loff_t end;
	u32 gen;

	if (pos < 0 || pos >= size)
		return -EINVAL;
	if (check_add_overflow(pos, count, &end) || end > size)
		count = size - pos;
	if (!count)
		return 0;
	if (count > sizeof(stack_buf)) {
		kbuf = kvmalloc(count, GFP_KERNEL);
		if (!kbuf)
			return -ENOMEM;
	}

	if (iswrite) {
		if (copy_from_user(kbuf, buf, count)) {
			ret = -EFAULT;
			goto out;
		}
		mutex_lock(&kd->lock);
		/* The firmware has yet to run the SWSCI function checked. */
		if (iop_kdev_swsci_busy(kd, pos, count))
			ret = -EBUSY;
		else
			ret = iop_write(&kd->iop, pos, kbuf, count);
		mutex_unlock(&kd->lock);
	} else {
		mutex_lock(&kd->lock);
		ret = iop_read_peek(&kd->iop, pos, kbuf, count, &gen);
		mutex_unlock(&kd->lock);
		/* Only bytes the user got count as seen by the guest. */
		if (ret > 0 && copy_to_user(buf, kbuf, ret)) {
			ret = -EFAULT;
		} else if (ret > 0) {
			mutex_lock(&kd->lock);
			iop_read_done(&kd->iop, pos, kbuf, ret, gen);
			mutex_unlock(&kd->lock);
		}
	}
	trace_igd_opregion_access(kd, pos, count, iswrite, kbuf, ret);
out:
	if (kbuf != stack_buf)
		kvfree(kbuf);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(iop_kdev_rw);

/**
 * iop_kdev_status() - take a snapshot of what a device's status shows
 * @kd: a probed device
 * @st: filled in, consistent with one moment of @kd
 *
 * Context: process context; takes kd->lock.
 */
void iop_kdev_status(struct iop_kdev *kd, struct iop_kdev_status *st)
{
	guard(mutex)(&kd->lock);
	st->reason = kd->iop.reason;
	st->warnings = kd->iop.warnings;
	st->geo = kd->iop.geo;
	static_assert(sizeof(st->refused) == sizeof(kd->iop.refused));
	memcpy(st->refused, kd->iop.refused, sizeof(st->refused));
	st->dropped = kd->iop.dropped;
}
EXPORT_SYMBOL_IF_KUNIT(iop_kdev_status);

/**
 * iop_kdev_status_show() - print a status snapshot, one "key: value" a line
 * @m: the status file
 * @st: from iop_kdev_status(), or a rejection's reason alone
 *
 * Keys: opregion (served or rejected), reason; for a served view also
 * host version, mailboxes, vbt (where, size), view (version, size, and
 * where the extended VBT is stitched), tolerated (the stable names of the
 * problems the view is served despite, or none), refused (FIELD=count
 * for each field with refused writes, or none) and dropped (handshake
 * writes given up on a firmware that kept changing the element).
 */
void iop_kdev_status_show(struct seq_file *m, const struct iop_kdev_status *st)
{
	const struct iop_geometry *geo = &st->geo;
	bool any = false;
	unsigned int i;

	seq_printf(m, "opregion: %s\n", st->reason == IOP_OK ? "served" : "rejected");
	seq_printf(m, "reason: %s\n", iop_reason_name(st->reason));
	if (st->reason != IOP_OK)
		return;
	seq_printf(m, "host version: %u.%u\n", geo->host_ver >> 8,
		   geo->host_ver & 0xff);
	seq_printf(m, "mailboxes: %#x\n", geo->mboxes);
	if (geo->vbt_where == IOP_VBT_EXTENDED)
		seq_printf(m, "vbt: extended at %#llx, %u bytes (RVDA %#llx, RVDS %u)\n",
			   geo->vbt_pa, geo->vbt_size, geo->rvda, geo->rvds);
	else
		seq_printf(m, "vbt: mailbox 4, %u bytes\n", geo->vbt_size);
	seq_printf(m, "view: version %u.%u, %u bytes%s\n",
		   geo->view_ver >> 8, geo->view_ver & 0xff, geo->view_size,
		   geo->vbt_where == IOP_VBT_EXTENDED ?
		   ", extended VBT at offset 8192" : "");
	seq_puts(m, "tolerated:");
	for (i = IOP_OK + 1; i < IOP_NR_REASONS; i++) {
		if (st->warnings & IOP_WARN(i)) {
			seq_printf(m, " %s", iop_reason_name(i));
			any = true;
		}
	}
	seq_puts(m, any ? "\n" : " none\n");
	any = false;
	seq_puts(m, "refused:");
	for (i = 0; i < iop_nr_fields && i < IOP_MAX_FIELDS; i++) {
		if (st->refused[i]) {
			seq_printf(m, " %s=%u", iop_fields[i].name, st->refused[i]);
			any = true;
		}
	}
	seq_puts(m, any ? "\n" : " none\n");
	seq_printf(m, "dropped: %u\n", st->dropped);
}
EXPORT_SYMBOL_IF_KUNIT(iop_kdev_status_show);

/*
 * The module's identity lives with the part that is always built: on a
 * kernel without vfio (UML, for KUnit) igd-vfio-pci holds the engine alone.
 */
MODULE_DESCRIPTION("VFIO PCI variant driver for Intel IGD with a writable, coherent OpRegion");
MODULE_LICENSE("GPL");
