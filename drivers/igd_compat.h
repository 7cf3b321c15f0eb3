/* SPDX-License-Identifier: GPL-2.0 */
/*
 * igd_compat.h - what differs between the kernels igd-vfio-pci builds
 * against, Linux 6.1 to 7.2, in one place. The project's kernel sources
 * include this header instead of the ones it stands for and are written
 * against today's kernel; nothing else tests a kernel version.
 *
 * Headers are tested for by Kbuild (IGD_HAVE_*: the file exists in the
 * kernel tree built against), not by version, because stable kernels
 * backport some of them: Debian 12's 6.1.0-N has <linux/cleanup.h> (6.5)
 * and <kunit/visibility.h> (6.2) but not <linux/unaligned.h> (6.12) nor
 * <kunit/static_stub.h> (6.4). The vfio interfaces, which stable kernels
 * leave alone, are tested by version.
 */
#ifndef IGD_COMPAT_H
#define IGD_COMPAT_H

#include <linux/version.h>

/* 6.12 moved <asm/unaligned.h> to <linux/unaligned.h>. */
#ifdef IGD_HAVE_LINUX_UNALIGNED_H
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

/*
 * The locking is written with guard() and scoped_guard(), and the engine
 * exports its internals to the KUnit suites with EXPORT_SYMBOL_IF_KUNIT():
 * kernels without these have no fallback here.
 */
#if !defined(IGD_HAVE_LINUX_CLEANUP_H) || !defined(IGD_HAVE_KUNIT_VISIBILITY_H)
#error "needs <linux/cleanup.h> and <kunit/visibility.h>: Linux 6.5+ or a 6.1.y that has them"
#endif
#include <linux/cleanup.h>
#include <kunit/visibility.h>

/*
 * <kunit/static_stub.h> came with 6.4. Without it no test can replace a
 * function, and the redirect does nothing, as it does in kernels built
 * without KUnit.
 */
#ifdef IGD_HAVE_KUNIT_STATIC_STUB_H
#include <kunit/static_stub.h>
#else
#define KUNIT_STATIC_STUB_REDIRECT(real_fn_name, args...) do { } while (0)
#endif

/*
 * Trace events: 6.10 dropped the source argument of __assign_str(), which
 * now takes it from the event's __string() declaration.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 10, 0)
#define IGD_TRACE_ASSIGN_STR(dst, src) __assign_str(dst)
#else
#define IGD_TRACE_ASSIGN_STR(dst, src) __assign_str(dst, src)
#endif

/*
 * The vfio_device_ops members a vfio-pci variant driver sets that are
 * newer than 6.1, as upstream's variant drivers set them:
 *   6.2   bind_iommufd, unbind_iommufd, attach_ioas (the iommufd backend)
 *   6.6   detach_ioas, which a driver setting bind_iommufd must then set
 *         too, or its probe fails
 *   6.17  match_token_uuid: the VF token check on the vfio cdev path
 *   6.19  get_region_info_caps: the vfio core answers
 *         VFIO_DEVICE_GET_REGION_INFO only through it and fails the ioctl
 *         with -EINVAL when it is not set
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
#define IGD_VFIO_OPS_IOMMUFD						\
	.bind_iommufd	= vfio_iommufd_physical_bind,			\
	.unbind_iommufd	= vfio_iommufd_physical_unbind,			\
	.attach_ioas	= vfio_iommufd_physical_attach_ioas,
#else
#define IGD_VFIO_OPS_IOMMUFD
#endif
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 6, 0)
#define IGD_VFIO_OPS_DETACH_IOAS					\
	.detach_ioas	= vfio_iommufd_physical_detach_ioas,
#else
#define IGD_VFIO_OPS_DETACH_IOAS
#endif
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 17, 0)
#define IGD_VFIO_OPS_TOKEN						\
	.match_token_uuid = vfio_pci_core_match_token_uuid,
#else
#define IGD_VFIO_OPS_TOKEN
#endif
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 19, 0)
#define IGD_VFIO_OPS_REGION_INFO					\
	.get_region_info_caps = vfio_pci_ioctl_get_region_info,
#else
#define IGD_VFIO_OPS_REGION_INFO
#endif

/*
 * vfio_pci_core_range_intersect_range() is exported from 6.9 on; before,
 * the same function, under a name of the driver's own.
 */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 9, 0)
#include <linux/minmax.h>

static inline bool igd_compat_range_intersect_range(loff_t buf_start,
						    size_t buf_cnt,
						    loff_t reg_start,
						    size_t reg_cnt,
						    loff_t *buf_offset,
						    size_t *intersect_count,
						    size_t *register_offset)
{
	if (buf_start <= reg_start && buf_start + buf_cnt > reg_start) {
		*buf_offset = reg_start - buf_start;
		*intersect_count = min_t(size_t, reg_cnt,
					 buf_start + buf_cnt - reg_start);
		*register_offset = 0;
		return true;
	}
	if (buf_start > reg_start && buf_start < reg_start + reg_cnt) {
		*buf_offset = 0;
		*intersect_count = min_t(size_t, buf_cnt,
					 reg_start + reg_cnt - buf_start);
		*register_offset = buf_start - reg_start;
		return true;
	}
	return false;
}

#define vfio_pci_core_range_intersect_range igd_compat_range_intersect_range
#endif

#endif /* IGD_COMPAT_H */
