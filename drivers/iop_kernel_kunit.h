/* SPDX-License-Identifier: GPL-2.0 */
/*
 * iop_kernel_kunit.h - test seams of drivers/iop_kernel.c, visible only
 * in kernels built with KUnit (VISIBLE_IF_KUNIT / EXPORT_SYMBOL_IF_KUNIT).
 *
 * UML has no memremap(), and no kernel has an IGD's OpRegion at a known
 * address: the KUnit suites redirect these with
 * kunit_activate_static_stub() to run the default memory ops (the ones
 * the vfio driver uses) on RAM, and call iop_kdev_fw_memory() itself on
 * resources they insert into iomem_resource.
 */
#ifndef IGD_OPREGION_IOP_KERNEL_KUNIT_H
#define IGD_OPREGION_IOP_KERNEL_KUNIT_H

#include <linux/types.h>

#if IS_ENABLED(CONFIG_KUNIT)
void *iop_kdev_memremap(u64 pa, u64 len);
void iop_kdev_memunmap(void *va);
bool iop_kdev_fw_memory(u64 pa, u64 len);
#endif

#endif /* IGD_OPREGION_IOP_KERNEL_KUNIT_H */
