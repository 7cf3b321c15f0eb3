// SPDX-License-Identifier: GPL-2.0
/*
 * vfio_dev.c - the guest's device through the VFIO uAPI (vfio_dev.h).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/vfio.h>

#include "vfio_dev.h"
#include "vmtest.h"

#define CFG_TRACE	TRACE_DIR "/instances/igd_cfg"

char bdf[32];
int device = -1;
u32 dev_flags;
struct region r_op, r_host, r_lpc, r_cfg;
static int container = -1, group = -1;

static struct vfio_region_info *region_info(int fd, u32 index)
{
	struct vfio_region_info *info = calloc(1, sizeof(*info));

	info->argsz = sizeof(*info);
	info->index = index;
	if (ioctl(fd, VFIO_DEVICE_GET_REGION_INFO, info)) {
		free(info);
		return NULL;
	}
	if (info->argsz > sizeof(*info)) {
		u32 argsz = info->argsz;

		info = realloc(info, argsz);
		memset(info, 0, argsz);
		info->argsz = argsz;
		info->index = index;
		if (ioctl(fd, VFIO_DEVICE_GET_REGION_INFO, info)) {
			free(info);
			return NULL;
		}
	}
	return info;
}

/* The type capability of a region, if it has one. */
static bool region_type(struct vfio_region_info *info, u32 *type,
			u32 *subtype)
{
	u32 off;

	if (!(info->flags & VFIO_REGION_INFO_FLAG_CAPS))
		return false;
	for (off = info->cap_offset; off; ) {
		struct vfio_info_cap_header *h = (void *)((u8 *)info + off);

		if (off + sizeof(*h) > info->argsz)
			return false;
		if (h->id == VFIO_REGION_INFO_CAP_TYPE) {
			struct vfio_region_info_cap_type *t = (void *)h;

			*type = t->type;
			*subtype = t->subtype;
			return true;
		}
		off = h->next;
	}
	return false;
}

/*
 * The VFIO group device of @dev's IOMMU group (/dev/vfio/N) into @node;
 * false, with "/dev/vfio/none", when @dev has no IOMMU group.
 */
bool vfio_group_path(const char *dev, char *node, size_t size)
{
	char path[256], link[256];
	ssize_t n;

	snprintf(path, sizeof(path), PCI_DEVS "/%s/iommu_group", dev);
	n = readlink(path, link, sizeof(link) - 1);
	link[n > 0 ? n : 0] = 0;
	snprintf(node, size, "/dev/vfio/%s", n > 0 ? strrchr(link, '/') + 1 : "none");
	return n > 0;
}

/*
 * Open the type1 container and the IOMMU group of @dev, as a VMM does
 * before it asks for the device fd; @group_path receives /dev/vfio/N.
 */
bool vfio_attach(const char *dev, char *group_path, size_t size)
{
	struct vfio_group_status status = { .argsz = sizeof(status) };
	int api;

	snprintf(bdf, sizeof(bdf), "%s", dev);
	CHECK(vfio_group_path(bdf, group_path, size), "%s has no IOMMU group", bdf);

	container = open("/dev/vfio/vfio", O_RDWR);
	CHECK(container >= 0, "open /dev/vfio/vfio: %s", strerror(errno));
	api = ioctl(container, VFIO_GET_API_VERSION);
	CHECK_EQ(api, VFIO_API_VERSION, "VFIO_GET_API_VERSION");
	CHECK(ioctl(container, VFIO_CHECK_EXTENSION, VFIO_TYPE1v2_IOMMU) == 1,
	      "no type1v2 IOMMU");
	group = open(group_path, O_RDWR);
	CHECK(group >= 0, "open %s: %s", group_path, strerror(errno));
	CHECK(!ioctl(group, VFIO_GROUP_GET_STATUS, &status) &&
	      (status.flags & VFIO_GROUP_FLAGS_VIABLE), "group %s not viable", group_path);
	CHECK(!ioctl(group, VFIO_GROUP_SET_CONTAINER, &container), "SET_CONTAINER: %s",
	      strerror(errno));
	return CHECK(!ioctl(container, VFIO_SET_IOMMU, VFIO_TYPE1v2_IOMMU), "SET_IOMMU: %s",
		     strerror(errno));
}

/* Close the group and the container vfio_attach() opened. */
void vfio_detach(void)
{
	if (group >= 0)
		close(group);
	if (container >= 0)
		close(container);
	group = -1;
	container = -1;
}

int vfio_group_fd(void)
{
	return group;
}

/* Open the device fd and find its regions by their type capability. */
bool open_device(void)
{
	memset(&r_op, 0, sizeof(r_op));
	memset(&r_host, 0, sizeof(r_host));
	memset(&r_lpc, 0, sizeof(r_lpc));
	memset(&r_cfg, 0, sizeof(r_cfg));
	device = ioctl(group, VFIO_GROUP_GET_DEVICE_FD, bdf);
	if (!CHECK(device >= 0, "VFIO_GROUP_GET_DEVICE_FD(%s): %s", bdf, strerror(errno)))
		return false;
	return device_regions();
}

/* Fill dev_flags and the r_* regions from the open device fd. */
bool device_regions(void)
{
	struct vfio_device_info dinfo = { .argsz = sizeof(dinfo) };
	u32 i, type, subtype;

	memset(&r_op, 0, sizeof(r_op));
	memset(&r_host, 0, sizeof(r_host));
	memset(&r_lpc, 0, sizeof(r_lpc));
	memset(&r_cfg, 0, sizeof(r_cfg));
	if (!CHECK(!ioctl(device, VFIO_DEVICE_GET_INFO, &dinfo), "VFIO_DEVICE_GET_INFO: %s",
		   strerror(errno)))
		return false;
	CHECK(dinfo.flags & VFIO_DEVICE_FLAGS_PCI, "not a vfio-pci device");
	dev_flags = dinfo.flags;
	for (i = 0; i < dinfo.num_regions; i++) {
		struct vfio_region_info *info = region_info(device, i);
		struct region *r = NULL;

		if (!info)
			continue;
		if (i == VFIO_PCI_CONFIG_REGION_INDEX)
			r = &r_cfg;
		else if (region_type(info, &type, &subtype) &&
			 type == (VFIO_REGION_TYPE_PCI_VENDOR_TYPE | 0x8086u))
			r = subtype == VFIO_REGION_SUBTYPE_INTEL_IGD_OPREGION ? &r_op :
			    subtype == VFIO_REGION_SUBTYPE_INTEL_IGD_HOST_CFG ? &r_host :
			    subtype == VFIO_REGION_SUBTYPE_INTEL_IGD_LPC_CFG ? &r_lpc : NULL;
		if (r) {
			r->found = true;
			r->index = i;
			r->flags = info->flags;
			r->size = info->size;
			r->offset = info->offset;
		}
		free(info);
	}
	return true;
}

void close_device(void)
{
	if (device >= 0)
		close(device);
	device = -1;
}

ssize_t view_read(u64 off, void *buf, size_t len)
{
	return pread(device, buf, len, r_op.offset + off);
}

ssize_t view_write(u64 off, const void *buf, size_t len)
{
	return pwrite(device, buf, len, r_op.offset + off);
}

u32 view32(u32 off)
{
	u32 v = 0xdeadbeef;

	CHECK(view_read(off, &v, 4) == 4, "region read at %#x: %s", off, strerror(errno));
	return v;
}

u64 view64(u32 off)
{
	u64 v = ~0ULL;

	CHECK(view_read(off, &v, 8) == 8, "region read at %#x: %s", off, strerror(errno));
	return v;
}

void view_wr32(u32 off, u32 val)
{
	CHECK(view_write(off, &val, 4) == 4, "region write at %#x: %s", off, strerror(errno));
}

u32 cfg32(u32 off)
{
	u32 v = 0xdeadbeef;

	CHECK(pread(device, &v, 4, r_cfg.offset + off) == 4, "config read %#x: %s", off,
	      strerror(errno));
	return v;
}

u16 cfg16(u32 off)
{
	u16 v = 0xdead;

	CHECK(pread(device, &v, 2, r_cfg.offset + off) == 2, "config read %#x: %s", off,
	      strerror(errno));
	return v;
}

void cfg_wr16(u32 off, u16 val)
{
	CHECK(pwrite(device, &val, 2, r_cfg.offset + off) == 2, "config write %#x: %s", off,
	      strerror(errno));
}

/* The device's own config bytes, from sysfs: what the host sees. */
u32 host_cfg32(u32 off)
{
	char path[128];
	u32 v = 0xdeadbeef;
	int fd;

	snprintf(path, sizeof(path), PCI_DEVS "/%s/config", bdf);
	fd = open(path, O_RDONLY);
	CHECK(fd >= 0 && pread(fd, &v, 4, off) == 4, "%s at %#x", path, off);
	if (fd >= 0)
		close(fd);
	return v;
}

/*
 * The function tracer, in its own instance, on the PCI core's user config
 * accessors: what vfio-pci-core calls to pass a config write through.
 */
bool cfg_tracer_start(void)
{
	bool ok;

	mkdir(CFG_TRACE, 0755);
	ok = !write_str(CFG_TRACE "/set_ftrace_filter", "pci_user_write_config_*") &&
	     !write_str(CFG_TRACE "/current_tracer", "function");
	return CHECK(ok, "function tracer unavailable in " CFG_TRACE);
}

void cfg_tracer_stop(bool started)
{
	if (started)
		write_str(CFG_TRACE "/current_tracer", "nop");
	rmdir(CFG_TRACE);
}

/*
 * Config writes that reach the device while the guest writes @len bytes at
 * config offset @off, as the tracer of cfg_tracer_start() counts them: -1
 * if the guest's write fails or the trace cannot be read.
 */
int cfg_writes_during(u64 off, const void *buf, size_t len)
{
	const char *needle = "pci_user_write_config_";
	char *trace, *p;
	int n = 0;

	write_file(CFG_TRACE "/trace", "", 0, O_TRUNC);
	if (pwrite(device, buf, len, r_cfg.offset + off) != (ssize_t)len)
		return -1;
	trace = slurp(CFG_TRACE "/trace", NULL);
	if (!trace)
		return -1;
	for (p = trace; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	free(trace);
	return n;
}
