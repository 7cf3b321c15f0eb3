// SPDX-License-Identifier: GPL-2.0
/*
 * igd_vfio_pci.c - vfio-pci variant driver for Intel integrated graphics
 * that hands the VMM a writable, coherent OpRegion.
 *
 * Contract: binds Intel display devices (class 0x0300 and 0x0380) only
 * through driver_override, and otherwise behaves as vfio-pci-core. Each
 * time the device is opened it reads ASLS, has the proxy engine (linked
 * into the same module) validate and map the OpRegion, and registers the
 * stitched OpRegion 2.1 view as a READ|WRITE device region; every access
 * to that region goes through the engine. A rejected OpRegion never fails
 * the open: the device then works as plain vfio-pci-core without the
 * region (the engine glue logs and traces the reason); a mapping that
 * fails is such a rejection. Running out of memory for the engine's state
 * or failing to register a region fails the open instead, with one log
 * line, every region registered so far removed and nothing mapped: the
 * next open starts afresh. ASLS is virtualized
 * in config space, and the host-bridge and LPC-bridge config windows that
 * QEMU's legacy IGD mode looks for are registered as vfio-pci does.
 * Config 0xE4 (ASLE) and 0xE8 (SWSCI) never pass guest writes to the
 * device as they are: ASLE writes are dropped, and an SWSCI trigger
 * reaches the firmware only for the functions the swsci= policy allows.
 * VFIO_DEVICE_RESET (a guest reboot) restores the driver-owned OpRegion
 * fields of open time before vfio-pci-core resets the function.
 */
#include <linux/debugfs.h>
#include <linux/error-injection.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/pci.h>
#include <linux/pm_runtime.h>
#include <linux/seq_file.h>
#include <linux/sysfs.h>
#include <linux/uaccess.h>
#include <linux/vfio.h>
#include <linux/vfio_pci_core.h>

#include "igd_compat.h"
#include "igd_opregion/iop_kernel.h"
#include "igd_opregion/iop_swsci.h"
#include "igd_vfio_pci.h"

/* The device-specific region type of all Intel IGD regions */
#define IGD_REGION_TYPE	(VFIO_REGION_TYPE_PCI_VENDOR_TYPE | PCI_VENDOR_ID_INTEL)

/**
 * DOC: igd-vfio-pci
 *
 * Upstream vfio-pci exposes the IGD OpRegion read-only and VMMs copy it
 * into guest RAM once, so the guest driver and the host firmware stop
 * talking to each other. This variant driver registers the OpRegion
 * region (``VFIO_REGION_TYPE_PCI_VENDOR_TYPE | PCI_VENDOR_ID_INTEL``,
 * subtype ``VFIO_REGION_SUBTYPE_INTEL_IGD_OPREGION``) with READ and WRITE
 * flags. Reads return what the physical OpRegion holds now; writes are
 * forwarded field by field according to the engine's ownership table. The
 * region cannot be mmap'd: every byte must pass through the engine.
 *
 * Lifetime: the view is built in open_device() and torn down by the
 * region's release callback, which vfio_pci_core_disable() calls from
 * close_device(). The vfio core calls close_device() only when the last
 * file reference to the device is gone, and a read() or write() in
 * progress holds such a reference (fdget() takes one whenever the file
 * table is shared), so no region access can run during or after the
 * teardown. Unbinding the driver goes through
 * vfio_pci_core_unregister_device(), which waits until every device file
 * is closed, so unbind with I/O in flight reduces to the same case.
 * Concurrent accesses on an open device are serialised by the engine's
 * per-device lock; user memory is copied before and after that lock.
 *
 * Reset: a VMM issues VFIO_DEVICE_RESET when its guest reboots. The
 * driver-owned fields (ARDY, DRDY, TCHE, CBLV, DIDL ...) then go back to
 * their values at open, as the firmware would find them after a real
 * reboot, and the device stays open with the same open-time snapshot.
 * This happens whether or not the function reset itself is supported; the
 * ioctl returns what vfio-pci-core returns.
 *
 * SWSCI and ASLE: vfio-pci-core passes config writes outside capabilities
 * to the device raw, and a writable OpRegion hands the guest SCIC and
 * PARM in the host's memory: together they would let a guest make the
 * host firmware run any SWSCI function with any parameter. So config
 * 0xE8 (SWSCI) is virtualized: the guest's SCISEL (bit 15) and GSSCIE
 * (bit 0) are kept here, every other bit reads the device's value and is
 * never written. When the guest sets GSSCIE (the 0 -> 1 edge that raises
 * the SCI), the proxy checks the SCIC function the guest forwarded
 * against the swsci= policy, under the engine's lock, and only then
 * writes the trigger to the device the way i915 does; a refused call is
 * answered with a failure status in SCIC at once, and GSSCIE reads 0
 * again, as firmware leaves it. i915 writes nothing to config 0xE4 (ASLE,
 * the firmware's interrupt to the driver): guest writes there are
 * dropped; reads return the device's value.
 */

static enum iop_swsci_policy igd_swsci_policy = IOP_SWSCI_DEFAULT;

static int igd_swsci_policy_set(const char *val, const struct kernel_param *kp)
{
	int policy = iop_swsci_policy_parse(val);

	if (policy < 0)
		return policy;
	*(enum iop_swsci_policy *)kp->arg = policy;
	return 0;
}

static int igd_swsci_policy_get(char *buffer, const struct kernel_param *kp)
{
	return sysfs_emit(buffer, "%s\n",
			  iop_swsci_policy_name(*(enum iop_swsci_policy *)kp->arg));
}

static const struct kernel_param_ops igd_swsci_policy_ops = {
	.set = igd_swsci_policy_set,
	.get = igd_swsci_policy_get,
};

module_param_cb(swsci, &igd_swsci_policy_ops, &igd_swsci_policy, 0444);
MODULE_PARM_DESC(swsci,
		 "SWSCI functions a guest may make the host firmware run: none, default (the calls i915 makes) or all (trusted guests only)");

struct igd_vfio_pci_device {
	struct vfio_pci_core_device core_device;
	/* ASLS as read at open: what config reads of IGD_ASLS return */
	u32 asls;
	/*
	 * The OpRegion view, the region's data: set in open_device() before
	 * any device file may use the device, cleared by the region's
	 * release in close_device() after the last one is gone. NULL when
	 * the OpRegion was rejected.
	 */
	struct iop_kdev *opregion;
	/* Serialises the guest's config 0xE8 writes and their triggers */
	struct mutex swsci_lock;
	/* The guest's SCISEL and GSSCIE (IGD_SWSCI_VIRT bits only) */
	u16 swsci;
	/* SWSCI triggers since bind: passed to the firmware, refused */
	unsigned int swsci_forwarded;
	unsigned int swsci_refused;
	/*
	 * Taken by the status file's reader and wherever @opregion changes:
	 * @opregion may be used under it by the reader. @last is the OpRegion
	 * of the last open once the device is closed; @opens counts opens.
	 */
	struct mutex status_lock;
	struct iop_kdev_status last;
	unsigned int opens;
	bool open;
	/* debugfs igd_vfio_pci/<device>, read-only */
	struct dentry *status;
#ifdef IGD_VFIO_PCI_SIM_HOOK
	/* The simulated platform pinned while this device is open */
	struct module *sim_owner;
	/* Where the simulated firmware takes the SWSCI trigger, or NULL */
	void (*sim_swsci)(void);
#endif
};

static struct igd_vfio_pci_device *
to_igd_vfio_pci(struct vfio_device *core_vdev)
{
	return container_of(core_vdev, struct igd_vfio_pci_device,
			    core_device.vdev);
}

#ifdef IGD_VFIO_PCI_SIM_HOOK
/*
 * Test configuration only. QEMU's emulated machines have no Intel GPU, so
 * the tests bind a stand-in PCI device (QEMU's "edu", 1234:11e8) and the
 * simulated firmware platform registers the address of an OpRegion it
 * built in RAM. A production build (without CONFIG_IGD_OPREGION_SIM, so
 * without IGD_VFIO_PCI_SIM_HOOK: see Kbuild) has none
 * of this: it binds Intel display devices only and reads ASLS from the
 * device, so no module, parameter or file can make it map other memory.
 */
static DEFINE_MUTEX(igd_sim_lock);
static struct igd_vfio_pci_sim igd_sim;		/* .owner NULL: none */
static unsigned int igd_sim_users;		/* open devices using igd_sim */

/**
 * igd_vfio_pci_sim_register() - announce a simulated OpRegion
 * @sim: the platform: owner module, stand-in device IDs and ASLS value
 *
 * Replaces any previous registration. Devices matching @sim->vendor and
 * @sim->device may then be bound by driver_override, and each open of such
 * a device uses @sim->asls instead of the device's config register.
 *
 * Context: process context; takes a mutex.
 * Return: 0, or -EBUSY while a device opened through the previous
 * registration is still open (its memory is still in use).
 */
int igd_vfio_pci_sim_register(const struct igd_vfio_pci_sim *sim)
{
	guard(mutex)(&igd_sim_lock);
	if (igd_sim_users)
		return -EBUSY;
	igd_sim = *sim;
	return 0;
}
EXPORT_SYMBOL_GPL(igd_vfio_pci_sim_register);

/**
 * igd_vfio_pci_sim_unregister() - withdraw a simulated OpRegion
 * @owner: the module that registered it
 *
 * Context: process context; takes a mutex.
 * Return: 0 (also when @owner had nothing registered), or -EBUSY while a
 * device opened through the registration is still open.
 */
int igd_vfio_pci_sim_unregister(struct module *owner)
{
	guard(mutex)(&igd_sim_lock);
	if (igd_sim.owner != owner)
		return 0;
	if (igd_sim_users)
		return -EBUSY;
	memset(&igd_sim, 0, sizeof(igd_sim));
	return 0;
}
EXPORT_SYMBOL_GPL(igd_vfio_pci_sim_unregister);

static bool igd_sim_matches(struct pci_dev *pdev)
{
	lockdep_assert_held(&igd_sim_lock);
	return igd_sim.owner && pdev->vendor == igd_sim.vendor &&
	       pdev->device == igd_sim.device;
}

static bool igd_vfio_pci_sim_bindable(struct pci_dev *pdev)
{
	guard(mutex)(&igd_sim_lock);
	return igd_sim_matches(pdev);
}

/* Take the simulated ASLS if this device stands in for an IGD. */
static bool igd_vfio_pci_sim_get(struct igd_vfio_pci_device *igd)
{
	struct pci_dev *pdev = igd->core_device.pdev;

	guard(mutex)(&igd_sim_lock);
	if (!igd_sim_matches(pdev) || !try_module_get(igd_sim.owner))
		return false;
	igd->sim_owner = igd_sim.owner;
	igd->sim_swsci = igd_sim.swsci;
	igd->asls = igd_sim.asls;
	igd_sim_users++;
	return true;
}

static void igd_vfio_pci_sim_put(struct igd_vfio_pci_device *igd)
{
	struct module *owner = igd->sim_owner;

	if (!owner)
		return;
	scoped_guard(mutex, &igd_sim_lock)
		igd_sim_users--;
	igd->sim_owner = NULL;
	igd->sim_swsci = NULL;
	module_put(owner);
}
#else
static bool igd_vfio_pci_sim_bindable(struct pci_dev *pdev)
{
	return false;
}

static bool igd_vfio_pci_sim_get(struct igd_vfio_pci_device *igd)
{
	return false;
}

static void igd_vfio_pci_sim_put(struct igd_vfio_pci_device *igd)
{
}
#endif /* IGD_VFIO_PCI_SIM_HOOK */

/*
 * Pass an allowed SWSCI trigger to the device as i915's swsci() does:
 * select SCI and make sure GSSCIE is clear, then set it (the 0 -> 1 edge
 * raises the SCI). Called by iop_kdev_swsci() under the engine's lock.
 * The simulated platform's stand-in device has no such register: its
 * firmware takes the trigger through a hook instead.
 */
static int igd_vfio_pci_swsci_fire(void *ctx)
{
	struct igd_vfio_pci_device *igd = ctx;
	struct pci_dev *pdev = igd->core_device.pdev;
	u16 val;
	int ret;

#ifdef IGD_VFIO_PCI_SIM_HOOK
	if (igd->sim_swsci) {
		igd->sim_swsci();
		return 0;
	}
#endif
	ret = pm_runtime_resume_and_get(&pdev->dev);
	if (ret)
		return ret;
	ret = pci_user_read_config_word(pdev, IGD_SWSCI, &val);
	if (!ret && (!(val & IGD_SWSCI_SCISEL) || (val & IGD_SWSCI_GSSCIE))) {
		val = (val | IGD_SWSCI_SCISEL) & ~IGD_SWSCI_GSSCIE;
		ret = pci_user_write_config_word(pdev, IGD_SWSCI, val);
	}
	if (!ret)
		ret = pci_user_write_config_word(pdev, IGD_SWSCI,
						 val | IGD_SWSCI_GSSCIE);
	pm_runtime_put(&pdev->dev);
	return ret;
}

/* The guest set GSSCIE: did the trigger reach the firmware? */
static bool igd_vfio_pci_swsci_trigger(struct igd_vfio_pci_device *igd,
				       bool sci)
{
	bool fwd;

	lockdep_assert_held(&igd->swsci_lock);
	/* Without an OpRegion there is no SCIC to check or to answer in. */
	if (!igd->opregion)
		fwd = igd_swsci_policy == IOP_SWSCI_ALL && sci &&
		      !igd_vfio_pci_swsci_fire(igd);
	else
		fwd = iop_kdev_swsci(igd->opregion, igd_swsci_policy, sci,
				     igd_vfio_pci_swsci_fire, igd) ==
		      IOP_SWSCI_FORWARDED;
	if (fwd)
		igd->swsci_forwarded++;
	else
		igd->swsci_refused++;
	return fwd;
}

/*
 * A guest write of @n bytes at @reg_off into config 0xE8: keep SCISEL and
 * GSSCIE, mediate a GSSCIE 0 -> 1 edge, drop every other bit. A trigger
 * that did not reach the firmware leaves GSSCIE clear, as firmware does
 * once it has answered.
 */
static int igd_vfio_pci_swsci_write(struct igd_vfio_pci_device *igd,
				    const char __user *buf, size_t n,
				    size_t reg_off)
{
	__le16 val;
	u16 old, new;

	guard(mutex)(&igd->swsci_lock);
	old = igd->swsci;
	val = cpu_to_le16(old);
	if (copy_from_user((u8 *)&val + reg_off, buf, n))
		return -EFAULT;
	new = le16_to_cpu(val) & IGD_SWSCI_VIRT;
	if (!(old & IGD_SWSCI_GSSCIE) && (new & IGD_SWSCI_GSSCIE) &&
	    !igd_vfio_pci_swsci_trigger(igd, new & IGD_SWSCI_SCISEL))
		new &= ~IGD_SWSCI_GSSCIE;
	igd->swsci = new;
	return 0;
}

/* The guest's SCISEL and GSSCIE start as the device has them. */
static void igd_vfio_pci_swsci_init(struct igd_vfio_pci_device *igd)
{
	u16 val = 0;

	if (pci_user_read_config_word(igd->core_device.pdev, IGD_SWSCI, &val) ||
	    val == 0xffff)
		val = 0;
	guard(mutex)(&igd->swsci_lock);
	igd->swsci = val & IGD_SWSCI_VIRT;
}

/* Read the OpRegion address the firmware left in the IGD's ASLS register. */
static void igd_vfio_pci_get_asls(struct igd_vfio_pci_device *igd)
{
	struct pci_dev *pdev = igd->core_device.pdev;
	u32 asls;

	if (igd_vfio_pci_sim_get(igd))
		return;
	/* A failed read or an absent device (all ones) means no OpRegion. */
	if (pci_read_config_dword(pdev, IGD_ASLS, &asls) || asls == ~0U)
		asls = 0;
	igd->asls = asls;
}

static ssize_t igd_vfio_pci_opregion_rw(struct vfio_pci_core_device *vdev,
					char __user *buf, size_t count,
					loff_t *ppos, bool iswrite)
{
	unsigned int i = VFIO_PCI_OFFSET_TO_INDEX(*ppos) - VFIO_PCI_NUM_REGIONS;
	struct iop_kdev *kd = vdev->region[i].data;
	ssize_t ret;

	ret = iop_kdev_rw(kd, buf, count, *ppos & VFIO_PCI_OFFSET_MASK,
			  iswrite);
	if (ret > 0)
		*ppos += ret;
	return ret;
}

/*
 * Called by vfio_pci_core_disable() on close, when no access to the
 * region can be running any more (see the DOC block above): give the
 * firmware back the driver-owned state it had at open, then unmap.
 */
static void igd_vfio_pci_opregion_release(struct vfio_pci_core_device *vdev,
					  struct vfio_pci_region *region)
{
	struct igd_vfio_pci_device *igd =
		container_of(vdev, struct igd_vfio_pci_device, core_device);
	struct iop_kdev *kd = region->data;

	scoped_guard(mutex, &igd->status_lock) {
		iop_kdev_status(kd, &igd->last);
		igd->opregion = NULL;
	}
	iop_kdev_release(kd);
	iop_kdev_destroy(kd);
}

static const struct vfio_pci_regops igd_vfio_pci_opregion_ops = {
	.rw		= igd_vfio_pci_opregion_rw,
	.release	= igd_vfio_pci_opregion_release,
};

/*
 * vfio-pci-core's steps of open and probe, and every region the driver
 * adds, go through these, out of line: the fault-injection points of
 * tests/vm/guest_faults.c.
 */
static noinline int igd_vfio_pci_enable(struct vfio_pci_core_device *vdev)
{
	return vfio_pci_core_enable(vdev);
}
ALLOW_ERROR_INJECTION(igd_vfio_pci_enable, ERRNO);

static noinline int igd_vfio_pci_register(struct vfio_pci_core_device *vdev)
{
	return vfio_pci_core_register_device(vdev);
}
ALLOW_ERROR_INJECTION(igd_vfio_pci_register, ERRNO);

static noinline int igd_vfio_pci_add_region(struct vfio_pci_core_device *vdev,
					    unsigned int subtype,
					    const struct vfio_pci_regops *ops,
					    size_t size, u32 flags, void *data)
{
	return vfio_pci_core_register_dev_region(vdev, IGD_REGION_TYPE, subtype,
						 ops, size, flags, data);
}
ALLOW_ERROR_INJECTION(igd_vfio_pci_add_region, ERRNO);

/*
 * Validate the OpRegion at igd->asls and register its view. Returns 0 when
 * the OpRegion was rejected too: the device then works without the region.
 * Any other failure (no memory for the engine's state, the registration)
 * fails the open, logged once here or by the glue.
 */
static int igd_vfio_pci_opregion_init(struct igd_vfio_pci_device *igd)
{
	struct vfio_pci_core_device *vdev = &igd->core_device;
	enum iop_reason reason = IOP_OK;
	struct iop_kdev *kd = NULL;
	int ret;

	ret = iop_kdev_probe(pci_name(vdev->pdev), igd->asls, &kd, &reason);
	if (ret && reason == IOP_OK)
		return ret;	/* not the OpRegion's fault: the open fails */
	if (ret) {
		scoped_guard(mutex, &igd->status_lock)
			igd->last = (struct iop_kdev_status){ .reason = reason };
		/* The glue has logged and traced a rejection's reason. */
		return 0;
	}

	iop_kdev_open(kd);
	ret = igd_vfio_pci_add_region(vdev, VFIO_REGION_SUBTYPE_INTEL_IGD_OPREGION,
				      &igd_vfio_pci_opregion_ops,
				      iop_kdev_size(kd),
				      VFIO_REGION_INFO_FLAG_READ |
				      VFIO_REGION_INFO_FLAG_WRITE, kd);
	if (ret) {
		pci_warn(vdev->pdev, "registering the OpRegion region failed: %d\n",
			 ret);
		goto err_release;
	}
	scoped_guard(mutex, &igd->status_lock)
		igd->opregion = kd;
	return 0;

err_release:
	iop_kdev_release(kd);
	iop_kdev_destroy(kd);
	return ret;
}

/*
 * Read-only window on a chipset device's config space. Accesses are split
 * into naturally aligned config reads, as the PCI config accessors need.
 */
static ssize_t igd_vfio_pci_bridge_rw(struct vfio_pci_core_device *vdev,
				      char __user *buf, size_t count,
				      loff_t *ppos, bool iswrite)
{
	unsigned int i = VFIO_PCI_OFFSET_TO_INDEX(*ppos) - VFIO_PCI_NUM_REGIONS;
	struct pci_dev *bridge = vdev->region[i].data;
	loff_t pos = *ppos & VFIO_PCI_OFFSET_MASK;
	size_t size = vdev->region[i].size, done = 0;

	if (pos >= size || iswrite)
		return -EINVAL;
	count = min_t(size_t, count, size - pos);

	while (done < count) {
		int where = pos + done;
		size_t left = count - done, n;
		u8 val[4];
		u32 v32;
		u16 v16;
		int ret;

		if (!(where & 3) && left >= 4) {
			ret = pci_user_read_config_dword(bridge, where, &v32);
			put_unaligned_le32(v32, val);
			n = 4;
		} else if (!(where & 1) && left >= 2) {
			ret = pci_user_read_config_word(bridge, where, &v16);
			put_unaligned_le16(v16, val);
			n = 2;
		} else {
			ret = pci_user_read_config_byte(bridge, where, val);
			n = 1;
		}
		if (ret)
			return ret;
		if (copy_to_user(buf + done, val, n))
			return -EFAULT;
		done += n;
	}
	*ppos += count;
	return count;
}

static void igd_vfio_pci_bridge_release(struct vfio_pci_core_device *vdev,
					struct vfio_pci_region *region)
{
	pci_dev_put(region->data);
}

static const struct vfio_pci_regops igd_vfio_pci_bridge_ops = {
	.rw		= igd_vfio_pci_bridge_rw,
	.release	= igd_vfio_pci_bridge_release,
};

/*
 * QEMU's legacy IGD mode copies IDs from the host bridge (00:00.0) and the
 * LPC bridge (00:1f.0) through these regions. vfio-pci registers them in
 * vfio_pci_igd.c, which a variant driver does not inherit. Like vfio-pci,
 * only Intel bridges of the expected class are exposed; a missing one just
 * means no region (QEMU then disables legacy mode, nothing else).
 */
static int igd_vfio_pci_bridge_init(struct vfio_pci_core_device *vdev,
				    unsigned int devfn, u32 class,
				    unsigned int subtype)
{
	struct pci_dev *bridge;
	int ret;

	bridge = pci_get_domain_bus_and_slot(pci_domain_nr(vdev->pdev->bus), 0,
					     devfn);
	if (!bridge)
		return 0;
	if (bridge->vendor != PCI_VENDOR_ID_INTEL || bridge->class != class) {
		pci_dev_put(bridge);
		return 0;
	}

	ret = igd_vfio_pci_add_region(vdev, subtype, &igd_vfio_pci_bridge_ops,
				      bridge->cfg_size,
				      VFIO_REGION_INFO_FLAG_READ, bridge);
	if (ret) {
		pci_warn(vdev->pdev, "registering the %s config region failed: %d\n",
			 devfn ? "LPC bridge" : "host bridge", ret);
		pci_dev_put(bridge);
	}
	return ret;
}

static int igd_vfio_pci_open_device(struct vfio_device *core_vdev)
{
	struct igd_vfio_pci_device *igd = to_igd_vfio_pci(core_vdev);
	struct vfio_pci_core_device *vdev = &igd->core_device;
	int ret;

	ret = igd_vfio_pci_enable(vdev);
	if (ret) {
		pci_warn(vdev->pdev, "enabling the device failed: %d\n", ret);
		return ret;
	}

	igd_vfio_pci_get_asls(igd);
	igd_vfio_pci_swsci_init(igd);
	scoped_guard(mutex, &igd->status_lock) {
		igd->open = true;
		igd->opens++;
	}
	ret = igd_vfio_pci_opregion_init(igd);
	if (ret)
		goto err_disable;
	ret = igd_vfio_pci_bridge_init(vdev, PCI_DEVFN(0, 0),
				       PCI_CLASS_BRIDGE_HOST << 8,
				       VFIO_REGION_SUBTYPE_INTEL_IGD_HOST_CFG);
	if (ret)
		goto err_disable;
	ret = igd_vfio_pci_bridge_init(vdev, PCI_DEVFN(0x1f, 0),
				       PCI_CLASS_BRIDGE_ISA << 8,
				       VFIO_REGION_SUBTYPE_INTEL_IGD_LPC_CFG);
	if (ret)
		goto err_disable;

	vfio_pci_core_finish_enable(vdev);
	return 0;

err_disable:
	/* Releases the regions registered so far, the OpRegion's included. */
	vfio_pci_core_disable(vdev);
	igd_vfio_pci_sim_put(igd);
	scoped_guard(mutex, &igd->status_lock)
		igd->open = false;
	return ret;
}

static void igd_vfio_pci_close_device(struct vfio_device *core_vdev)
{
	struct igd_vfio_pci_device *igd = to_igd_vfio_pci(core_vdev);

	/* Tears the regions down; only then may the OpRegion memory go. */
	vfio_pci_core_close_device(core_vdev);
	igd_vfio_pci_sim_put(igd);
	scoped_guard(mutex, &igd->status_lock)
		igd->open = false;
}

/*
 * Config registers whose guest writes never reach the device as written,
 * sorted by offset:
 * - ASLE: i915 writes nothing there; the firmware writes it to interrupt
 *   the driver. Guest writes are dropped, reads give the device's value.
 * - SWSCI: SCISEL and GSSCIE are the guest's (igd->swsci), the trigger is
 *   mediated, every other bit reads the device's value and is never
 *   written.
 * - ASLS: a read returns the address the driver used at open (what
 *   upstream vfio-pci returns too), a write is dropped. The register tells
 *   the firmware's and the host driver's view of where the OpRegion is; a
 *   guest must never move it. QEMU emulates the register itself and never
 *   reads or writes it through here.
 */
static const struct {
	unsigned int off;
	unsigned int size;
} igd_vfio_pci_virt_cfg[] = {
	{ IGD_ASLE, sizeof(u32) },
	{ IGD_SWSCI, sizeof(u16) },
	{ IGD_ASLS, sizeof(u32) },
};

/* Replace @n bytes of a config read with the guest's SCISEL and GSSCIE. */
static int igd_vfio_pci_swsci_read(struct igd_vfio_pci_device *igd,
				   char __user *buf, size_t n, size_t reg_off)
{
	__le16 dev = 0, virt;
	u16 val;

	if (copy_from_user((u8 *)&dev + reg_off, buf, n))
		return -EFAULT;
	scoped_guard(mutex, &igd->swsci_lock)
		val = (le16_to_cpu(dev) & ~IGD_SWSCI_VIRT) | igd->swsci;
	virt = cpu_to_le16(val);
	if (copy_to_user(buf, (u8 *)&virt + reg_off, n))
		return -EFAULT;
	return 0;
}

static ssize_t igd_vfio_pci_read(struct vfio_device *core_vdev,
				 char __user *buf, size_t count, loff_t *ppos)
{
	struct igd_vfio_pci_device *igd = to_igd_vfio_pci(core_vdev);
	unsigned int index = VFIO_PCI_OFFSET_TO_INDEX(*ppos);
	loff_t pos = *ppos & VFIO_PCI_OFFSET_MASK;
	size_t reg_off, n;
	loff_t buf_off;
	__le32 asls;
	ssize_t ret;

	ret = vfio_pci_core_read(core_vdev, buf, count, ppos);
	if (ret <= 0 || index != VFIO_PCI_CONFIG_REGION_INDEX)
		return ret;

	if (vfio_pci_core_range_intersect_range(pos, ret, IGD_SWSCI,
						sizeof(u16), &buf_off, &n,
						&reg_off) &&
	    igd_vfio_pci_swsci_read(igd, buf + buf_off, n, reg_off))
		return -EFAULT;
	if (vfio_pci_core_range_intersect_range(pos, ret, IGD_ASLS,
						sizeof(asls), &buf_off, &n,
						&reg_off)) {
		asls = cpu_to_le32(igd->asls);
		if (copy_to_user(buf + buf_off, (u8 *)&asls + reg_off, n))
			return -EFAULT;
	}
	return ret;
}

static ssize_t igd_vfio_pci_write(struct vfio_device *core_vdev,
				  const char __user *buf, size_t count,
				  loff_t *ppos)
{
	struct igd_vfio_pci_device *igd = to_igd_vfio_pci(core_vdev);
	unsigned int index = VFIO_PCI_OFFSET_TO_INDEX(*ppos);
	loff_t pos = *ppos & VFIO_PCI_OFFSET_MASK;
	size_t reg_off, n, done = 0;
	bool virt = false;
	loff_t buf_off, off;
	unsigned int i;
	ssize_t ret;

	if (index != VFIO_PCI_CONFIG_REGION_INDEX)
		return vfio_pci_core_write(core_vdev, buf, count, ppos);

	/* Pass the bytes around the virtualized registers on, in order. */
	for (i = 0; i < ARRAY_SIZE(igd_vfio_pci_virt_cfg); i++) {
		if (!vfio_pci_core_range_intersect_range(pos, count,
							 igd_vfio_pci_virt_cfg[i].off,
							 igd_vfio_pci_virt_cfg[i].size,
							 &buf_off, &n, &reg_off))
			continue;
		virt = true;
		if (buf_off > done) {
			off = *ppos + done;
			ret = vfio_pci_core_write(core_vdev, buf + done,
						  buf_off - done, &off);
			if (ret < 0)
				return ret;
		}
		if (igd_vfio_pci_virt_cfg[i].off == IGD_SWSCI) {
			ret = igd_vfio_pci_swsci_write(igd, buf + buf_off, n,
						       reg_off);
			if (ret)
				return ret;
		}
		done = buf_off + n;
	}
	if (!virt)
		return vfio_pci_core_write(core_vdev, buf, count, ppos);
	if (done < count) {
		off = *ppos + done;
		ret = vfio_pci_core_write(core_vdev, buf + done, count - done,
					  &off);
		if (ret < 0)
			return ret;
	}
	*ppos += count;
	return count;
}

/*
 * VFIO_DEVICE_RESET is what a VMM issues when its guest reboots: give the
 * firmware the driver-owned OpRegion fields of open time back first, as a
 * real reboot would, then let vfio-pci-core reset the function. The
 * OpRegion is system memory, not part of the function, so it is restored
 * even when the function cannot be reset (vfio-pci-core then returns
 * -EINVAL); the ioctl's return is always the core's.
 *
 * An ioctl runs only once vfio_df_open() has granted access to the device
 * file, after open_device() set igd->opregion, and close_device(), whose
 * region release clears it, runs only after the last device file is gone:
 * the pointer is stable here. Region accesses running at the same time
 * are serialised with the reset by the engine's per-device lock.
 */
static long igd_vfio_pci_ioctl(struct vfio_device *core_vdev,
			       unsigned int cmd, unsigned long arg)
{
	struct igd_vfio_pci_device *igd = to_igd_vfio_pci(core_vdev);
	long ret;

	if (cmd == VFIO_DEVICE_RESET && igd->opregion)
		iop_kdev_reset(igd->opregion);
	ret = vfio_pci_core_ioctl(core_vdev, cmd, arg);
	/* A reset function starts with the device's SCISEL and GSSCIE. */
	if (cmd == VFIO_DEVICE_RESET && !ret)
		igd_vfio_pci_swsci_init(igd);
	return ret;
}

static int igd_vfio_pci_init_dev(struct vfio_device *core_vdev)
{
	struct igd_vfio_pci_device *igd = to_igd_vfio_pci(core_vdev);

	mutex_init(&igd->swsci_lock);
	mutex_init(&igd->status_lock);
	return vfio_pci_core_init_dev(core_vdev);
}

static void igd_vfio_pci_release_dev(struct vfio_device *core_vdev)
{
	struct igd_vfio_pci_device *igd = to_igd_vfio_pci(core_vdev);

	mutex_destroy(&igd->status_lock);
	mutex_destroy(&igd->swsci_lock);
	vfio_pci_core_release_dev(core_vdev);
}

static const struct vfio_device_ops igd_vfio_pci_ops = {
	.name		= "igd-vfio-pci",
	.init		= igd_vfio_pci_init_dev,
	.release	= igd_vfio_pci_release_dev,
	.open_device	= igd_vfio_pci_open_device,
	.close_device	= igd_vfio_pci_close_device,
	.ioctl		= igd_vfio_pci_ioctl,
	.device_feature	= vfio_pci_core_ioctl_feature,
	.read		= igd_vfio_pci_read,
	.write		= igd_vfio_pci_write,
	.mmap		= vfio_pci_core_mmap,
	.request	= vfio_pci_core_request,
	.match		= vfio_pci_core_match,
	/* Members newer than 6.1: igd_compat.h */
	IGD_VFIO_OPS_IOMMUFD
	IGD_VFIO_OPS_DETACH_IOAS
	IGD_VFIO_OPS_TOKEN
	IGD_VFIO_OPS_REGION_INFO
};

static struct dentry *igd_vfio_pci_debugfs;

/*
 * debugfs igd_vfio_pci/<device>: what an administrator needs to see why a
 * guest does or does not get a live OpRegion. One "key: value" a line;
 * the OpRegion lines are those of the open device, or of its last open.
 */
static int igd_vfio_pci_status_show(struct seq_file *m, void *unused)
{
	struct igd_vfio_pci_device *igd = m->private;
	unsigned int fwd, refused;

	seq_printf(m, "device: %s\n", pci_name(igd->core_device.pdev));
	scoped_guard(mutex, &igd->status_lock) {
		seq_printf(m, "state: %s\n", igd->open ? "open" : "closed");
		seq_printf(m, "opens: %u\n", igd->opens);
		if (igd->opens) {
			seq_printf(m, "asls: %#x\n", igd->asls);
			if (igd->opregion)
				iop_kdev_status(igd->opregion, &igd->last);
			iop_kdev_status_show(m, &igd->last);
		}
	}
	scoped_guard(mutex, &igd->swsci_lock) {
		fwd = igd->swsci_forwarded;
		refused = igd->swsci_refused;
	}
	seq_printf(m, "swsci policy: %s\n",
		   iop_swsci_policy_name(igd_swsci_policy));
	seq_printf(m, "swsci forwarded: %u\n", fwd);
	seq_printf(m, "swsci refused: %u\n", refused);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(igd_vfio_pci_status);

/*
 * Intel display devices, VGA (0x0300) and display controller (0x0380):
 * Raptor Lake and newer IGDs report 0x0380, which upstream vfio-pci's
 * VGA-only check leaves without an OpRegion. driver_override only, as
 * every vfio-pci variant driver.
 */
static bool igd_vfio_pci_is_igd(struct pci_dev *pdev)
{
	return pdev->vendor == PCI_VENDOR_ID_INTEL &&
	       (pdev->class >> 8 == PCI_CLASS_DISPLAY_VGA ||
		pdev->class >> 8 == PCI_CLASS_DISPLAY_OTHER);
}

static int igd_vfio_pci_probe(struct pci_dev *pdev,
			      const struct pci_device_id *id)
{
	struct igd_vfio_pci_device *igd;
	int ret;

	/*
	 * driver_override binds any device to any driver (the PCI core then
	 * passes a catch-all ID), so the class check is made here, not only
	 * in the ID table. The test build also accepts the stand-in device
	 * the simulated platform registered.
	 */
	if (!igd_vfio_pci_is_igd(pdev) && !igd_vfio_pci_sim_bindable(pdev)) {
		pci_info(pdev, "not an Intel display device, not binding\n");
		return -ENODEV;
	}

	igd = vfio_alloc_device(igd_vfio_pci_device, core_device.vdev,
				&pdev->dev, &igd_vfio_pci_ops);
	if (IS_ERR(igd))
		return PTR_ERR(igd);

	dev_set_drvdata(&pdev->dev, &igd->core_device);
	/* A failure is logged by the driver core ("probe ... failed"). */
	ret = igd_vfio_pci_register(&igd->core_device);
	if (ret)
		goto err_put_vdev;
	/* Optional: without debugfs the device works the same. */
	igd->status = debugfs_create_file(pci_name(pdev), 0444,
					  igd_vfio_pci_debugfs, igd,
					  &igd_vfio_pci_status_fops);
	return 0;

err_put_vdev:
	vfio_put_device(&igd->core_device.vdev);
	return ret;
}

static void igd_vfio_pci_remove(struct pci_dev *pdev)
{
	struct vfio_pci_core_device *vdev = dev_get_drvdata(&pdev->dev);
	struct igd_vfio_pci_device *igd =
		container_of(vdev, struct igd_vfio_pci_device, core_device);

	/* Waits for a reader of the file in progress. */
	debugfs_remove(igd->status);
	/* Waits until every device file is closed: see the DOC block. */
	vfio_pci_core_unregister_device(vdev);
	vfio_put_device(&vdev->vdev);
}

#define IGD_VFIO_PCI_CLASS(cls)						\
	.vendor = PCI_VENDOR_ID_INTEL, .device = PCI_ANY_ID,		\
	.subvendor = PCI_ANY_ID, .subdevice = PCI_ANY_ID,		\
	.class = (cls) << 8, .class_mask = 0xffff00,			\
	.override_only = PCI_ID_F_VFIO_DRIVER_OVERRIDE

static const struct pci_device_id igd_vfio_pci_table[] = {
	{ IGD_VFIO_PCI_CLASS(PCI_CLASS_DISPLAY_VGA) },
	{ IGD_VFIO_PCI_CLASS(PCI_CLASS_DISPLAY_OTHER) },
	{}
};
MODULE_DEVICE_TABLE(pci, igd_vfio_pci_table);

static struct pci_driver igd_vfio_pci_driver = {
	.name			= KBUILD_MODNAME,
	.id_table		= igd_vfio_pci_table,
	.probe			= igd_vfio_pci_probe,
	.remove			= igd_vfio_pci_remove,
	.err_handler		= &vfio_pci_core_err_handlers,
	.driver_managed_dma	= true,
};

static int __init igd_vfio_pci_init(void)
{
	int ret;

	igd_vfio_pci_debugfs = debugfs_create_dir(KBUILD_MODNAME, NULL);
	ret = pci_register_driver(&igd_vfio_pci_driver);
	if (ret)
		debugfs_remove(igd_vfio_pci_debugfs);
	return ret;
}
module_init(igd_vfio_pci_init);

static void __exit igd_vfio_pci_exit(void)
{
	pci_unregister_driver(&igd_vfio_pci_driver);
	debugfs_remove(igd_vfio_pci_debugfs);
}
module_exit(igd_vfio_pci_exit);
/* MODULE_LICENSE() and MODULE_DESCRIPTION(): drivers/iop_kernel.c */
