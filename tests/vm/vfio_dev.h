/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vfio_dev.h - the guest's device through the VFIO uAPI: a type1 container
 * and the IOMMU group of one PCI device, the device fd, its regions found
 * by index or by their type capability, and pread/pwrite on them. Every
 * step is asserted with CHECK() (vmtest.h) in the caller's group.
 *
 * One device at a time: bdf, device and the r_* regions describe the
 * device fd open_device() opened last.
 */
#ifndef VFIO_DEV_H
#define VFIO_DEV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "vmtest.h"

/* A region as VFIO_DEVICE_GET_REGION_INFO describes it */
struct region {
	bool found;
	u32 index;
	u32 flags;
	u64 size;
	u64 offset;	/* of the region in the device fd */
};

extern char bdf[32];		/* the device, as vfio_attach() was given it */
extern int device;		/* the device fd, -1 when closed */
extern u32 dev_flags;		/* VFIO_DEVICE_GET_INFO flags */
/* OpRegion, host bridge and LPC bridge (vendor regions), PCI config */
extern struct region r_op, r_host, r_lpc, r_cfg;

bool vfio_group_path(const char *dev, char *node, size_t size);
bool vfio_attach(const char *dev, char *group_path, size_t size);
void vfio_detach(void);
int vfio_group_fd(void);
bool open_device(void);
bool device_regions(void);
void close_device(void);

/* The OpRegion region */
ssize_t view_read(u64 off, void *buf, size_t len);
ssize_t view_write(u64 off, const void *buf, size_t len);
u32 view32(u32 off);
u64 view64(u32 off);
void view_wr32(u32 off, u32 val);

/* PCI config: through VFIO, and the device's own bytes from sysfs */
u32 cfg32(u32 off);
u16 cfg16(u32 off);
void cfg_wr16(u32 off, u16 val);
u32 host_cfg32(u32 off);

/* Config writes that reach the device, counted by the function tracer */
bool cfg_tracer_start(void);
void cfg_tracer_stop(bool started);
int cfg_writes_during(u64 off, const void *buf, size_t len);

#endif /* VFIO_DEV_H */
