/* SPDX-License-Identifier: GPL-2.0 */
/*
 * iop_kernel.h - the engine inside the kernel: one proxied OpRegion per
 * device ("kdev"), with its lock, its mappings of physical memory, the
 * vfio-style region read/write helper and the tracepoints.
 *
 * Part of igd-vfio-pci.ko with the vfio-pci variant driver, which uses
 * them; exported only to the KUnit suites (EXPORT_SYMBOL_IF_KUNIT). The
 * engine (struct iop) runs only under kd->lock; user memory is copied
 * before and after, never under it.
 */
#ifndef IGD_OPREGION_IOP_KERNEL_H
#define IGD_OPREGION_IOP_KERNEL_H

#include <linux/mutex.h>
#include <linux/types.h>

#include "iop.h"

#define IOP_KDEV_MAX_MAPS	2	/* the OpRegion and the extended VBT */

struct iop_kdev_map {
	u64 pa;
	u64 len;
	void *va;
};

/**
 * struct iop_kdev - one proxied OpRegion in the kernel
 * @name: device name for logs and tracepoints (e.g. "0000:00:02.0")
 * @lock: serialises every engine call on @iop
 * @ops: physical memory access (memremap based unless a test injects one)
 * @ctx: @ops context; points back to this kdev for the default ops
 * @nr_maps: mappings made by the default ops
 * @maps: those mappings, unmapped by iop_kdev_destroy()
 * @swsci_pending: an SWSCI request went to the firmware and SCIC bit 0
 *	was not seen clear since (under @lock; see iop_kdev_swsci())
 * @iop: the engine state (large: allocate the kdev with kvzalloc)
 */
struct iop_kdev {
	char name[32];
	struct mutex lock;	/* serialises every engine call on @iop */
	const struct iop_mem_ops *ops;
	void *ctx;
	unsigned int nr_maps;
	struct iop_kdev_map maps[IOP_KDEV_MAX_MAPS];
	bool swsci_pending;
	struct iop iop;
};

/**
 * struct iop_kdev_status - a device's OpRegion as its status file shows it
 * @reason: IOP_OK when the view is served, else why the host OpRegion was
 *	rejected (then nothing below is meaningful)
 * @warnings: IOP_WARN() of each problem tolerated
 * @geo: what validation found, the view's layout and size among it
 * @refused: guest writes refused since open, per iop_fields[] row
 * @dropped: guest writes to handshake elements dropped since open because
 *	the firmware kept changing the element (IOP_EV_DROPPED)
 */
struct iop_kdev_status {
	enum iop_reason reason;
	u32 warnings;
	struct iop_geometry geo;
	u32 refused[IOP_MAX_FIELDS];
	u32 dropped;
};

struct seq_file;

int iop_kdev_probe(const char *name, u64 asls, struct iop_kdev **out,
		   enum iop_reason *reason);
int iop_kdev_probe_ops(const char *name, u64 asls,
		       const struct iop_mem_ops *ops, void *ctx,
		       struct iop_kdev **out, enum iop_reason *reason);
void iop_kdev_destroy(struct iop_kdev *kd);
u32 iop_kdev_size(struct iop_kdev *kd);
void iop_kdev_open(struct iop_kdev *kd);
unsigned int iop_kdev_reset(struct iop_kdev *kd);
void iop_kdev_release(struct iop_kdev *kd);
ssize_t iop_kdev_rw(struct iop_kdev *kd, char __user *buf, size_t count,
		    loff_t pos, bool iswrite);
void iop_kdev_status(struct iop_kdev *kd, struct iop_kdev_status *st);
void iop_kdev_status_show(struct seq_file *m,
			  const struct iop_kdev_status *st);

#endif /* IGD_OPREGION_IOP_KERNEL_H */
