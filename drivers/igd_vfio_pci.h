/* SPDX-License-Identifier: GPL-2.0 */
/*
 * igd_vfio_pci.h - what the vfio-pci variant driver igd-vfio-pci offers to
 * other modules: nothing in a production build.
 *
 * Builds that also build the simulated platform (CONFIG_IGD_OPREGION_SIM,
 * for which Kbuild defines IGD_VFIO_PCI_SIM_HOOK; tests and the demo only)
 * export one registration through which that platform (igd-opregion-sim)
 * tells the driver where its OpRegion lives, because a machine without an
 * Intel GPU has no ASLS register to read. Production
 * builds have no such entry point: there the OpRegion address comes only
 * from the IGD's own ASLS config register, so nothing can point the driver
 * at arbitrary physical memory.
 */
#ifndef IGD_VFIO_PCI_H
#define IGD_VFIO_PCI_H

#include <linux/types.h>

#define IGD_ASLS	0xfc	/* PCI config: ASL storage, the OpRegion address */

#ifdef IGD_VFIO_PCI_SIM_HOOK

struct module;

/**
 * struct igd_vfio_pci_sim - a simulated platform's OpRegion
 * @owner: module that owns the memory at @asls; pinned while a device
 *	opened through the registration is open
 * @vendor: PCI vendor ID of the device that stands in for the IGD
 * @device: PCI device ID of that device
 * @asls: physical address of the simulated OpRegion (what ASLS would hold);
 *	0 simulates a platform without an OpRegion
 * @swsci: called where a real IGD would get an SWSCI trigger that the
 *	policy allows (the GSSCIE edge in config 0xE8 that raises the SCI),
 *	under the proxy's per-device lock; may sleep; NULL for none
 */
struct igd_vfio_pci_sim {
	struct module *owner;
	u16 vendor;
	u16 device;
	u32 asls;
	void (*swsci)(void);
};

int igd_vfio_pci_sim_register(const struct igd_vfio_pci_sim *sim);
int igd_vfio_pci_sim_unregister(struct module *owner);

#endif /* IGD_VFIO_PCI_SIM_HOOK */

#endif /* IGD_VFIO_PCI_H */
