// SPDX-License-Identifier: GPL-2.0
/*
 * igd_opregion_sim.c - a simulated IGD firmware platform, for tests and the
 * demo on machines without an Intel GPU. Never part of a production build.
 *
 * Contract: builds an OpRegion in firmware memory, from a real VBT blob, in
 * the layout asked for (default: OpRegion 2.0 whose extended VBT lives in a
 * separate allocation at an absolute address), registers its address with
 * igd-vfio-pci for a stand-in PCI device, and then plays the firmware: it
 * writes the firmware-owned fields, posts ASLE requests, completes SWSCI
 * calls, and lets tests read and write the physical bytes. The driver
 * reaches this memory through its normal memremap() path; only the ASLS
 * value comes from here instead of the device's config register.
 *
 * Firmware memory: the range given by the module parameters fwmem_base and
 * fwmem_size, which the kernel command line reserves (memmap=SIZE$BASE
 * makes it E820 reserved, as firmware reserves its ACPI NVS), so the
 * driver's memory-type check and memremap() see what real firmware memory
 * looks like. The platform maps it with memremap() itself. Without the
 * parameters only RAM pages exist, which the driver must refuse.
 *
 * Interface (debugfs, igd_opregion_sim/):
 *   vbt      write the VBT blob (truncate on open for write)
 *   image    write a raw OpRegion image for layout "raw" (hostile images)
 *   layout   2.0-absolute | 2.1-contiguous | 2.1-separate | mailbox4 |
 *            raw | none (no OpRegion: ASLS 0)
 *   match    vendor:device of the stand-in device (default 1234:11e8,
 *            QEMU's edu)
 *   placement  where the next load puts the images: firmware (the
 *            reserved range; the default when there is one) | ram (kernel
 *            RAM pages: the driver must refuse, not_firmware_memory) |
 *            ram-vbt (the OpRegion in the reserved range, a separate
 *            extended VBT, 2.0-absolute, in RAM pages)
 *   load     "1": build a fresh image and register it; "0": withdraw it.
 *            -EBUSY while the device is open, as firmware never moves
 *            the OpRegion under a running driver
 *   info     key=value lines: layout, asls, vbt_pa, rvds, view_size ...;
 *            swsci_triggers counts the SWSCI triggers igd-vfio-pci let
 *            through to this firmware (its hook stands for the IGD's
 *            config 0xE8), each answered at once as swsci_complete does
 *   mem      the physical bytes, addressed like the 2.1 view: [0, 8K) is
 *            the OpRegion, [8K, 8K + RVDS) the extended VBT wherever it
 *            really is; for "raw" the image as written
 *   cmd      firmware actions, one per write; where the firmware would
 *            give up, the write fails with the errno in brackets:
 *            asle_backlight LEVEL  BCLP = LEVEL | valid, then ASLC =
 *                                  backlight request [-ENODEV no ASLE
 *                                  mailbox, -EPERM TCHE backlight bit
 *                                  clear, -EAGAIN ARDY 0: BCLP written,
 *                                  no request posted]
 *            swsci_complete        answer the pending SWSCI request
 *                                  [-EAGAIN: SCIC bit 0 clear]
 *            swsci_auto 0|1        answer SWSCI requests from a poller
 *            notify EVENT          CEVT = EVENT, CSTS = 3 [-EAGAIN: DRDY 0]
 *            lid 0|1               CLID
 *            write OFF VAL         one 32-bit firmware store at OFF
 *   storm    "1 [DELAY_US [SEED [FAULTS]]]" starts the firmware storm,
 *            "0" stops it (load is refused while it runs); reading gives
 *            its counters. FAULTS, for the checks' positive control: 1
 *            tears BCLP every 16th round, 2 clears each ASLC bit it sets
 *            at once
 *   storm_round  the storm's round counter, the log of the values it
 *            stored (sim_storm_round())
 *   storm_log    each read takes the oldest handshake losses the storm
 *            found, as struct igd_sim_storm_loss records
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/prandom.h>
#include <linux/seq_file.h>
#include <linux/overflow.h>
#include <linux/sizes.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <linux/workqueue.h>

#include "igd_compat.h"
#include "igd_opregion/iop_build.h"
#include "igd_vfio_pci.h"

#define SIM_VBT_MAX		OPREGION_RVDS_MAX
#define SIM_IMAGE_MAX		(OPREGION_SIZE + OPREGION_RVDS_MAX)
/*
 * The reserved range holds two banks of two slots (OpRegion, separate
 * extended VBT): a new image is built in the bank the registered one does
 * not use, so a refused load never changes memory a driver has mapped.
 */
#define SIM_SLOT		SZ_128K
#define SIM_FWMEM_MIN		(4 * SIM_SLOT)
static_assert(IOP_BUILD_SEPARATE_RVDA + OPREGION_RVDS_MAX <= SIM_SLOT);
static_assert(SIM_IMAGE_MAX <= SIM_SLOT);

/* SWSCI function decode, as i915's intel_opregion.c encodes it */
#define SWSCI_MAIN(scic)	(((scic) >> 1) & 0xf)
#define SWSCI_SUB(scic)		(((scic) >> 8) & 0xff)
#define SWSCI_GBDA		4
#define SWSCI_SBCB		6
/* Exit status for a function this firmware does not implement (not 1) */
#define SIM_SWSCI_EXIT_UNSUPPORTED	2
/* GBDA answers: supported calls (sub 0) and requested callbacks (sub 1) */
#define SIM_GBDA_SUPPORTED	0x00000013
#define SIM_GBDA_CALLBACKS	0x00000080

/* The layouts of lib/iop_build.c, then the sim's own */
enum sim_layout {
	SIM_20_ABSOLUTE = IOP_BUILD_20_ABSOLUTE,
	SIM_21_CONTIGUOUS = IOP_BUILD_21_CONTIGUOUS,
	SIM_21_SEPARATE = IOP_BUILD_21_SEPARATE,
	SIM_MAILBOX4 = IOP_BUILD_MAILBOX4,
	SIM_RAW = IOP_BUILD_NR_LAYOUTS,
	SIM_NONE,
	SIM_NR_LAYOUTS,
};

enum sim_placement {
	SIM_PLACE_FIRMWARE,
	SIM_PLACE_RAM,
	SIM_PLACE_RAM_VBT,
	SIM_NR_PLACEMENTS,
};

static const char * const sim_placement_names[SIM_NR_PLACEMENTS] = {
	[SIM_PLACE_FIRMWARE]	= "firmware",
	[SIM_PLACE_RAM]		= "ram",
	[SIM_PLACE_RAM_VBT]	= "ram-vbt",
};

static unsigned long fwmem_base;
module_param(fwmem_base, ulong, 0400);
MODULE_PARM_DESC(fwmem_base, "physical base of the reserved range (memmap=SIZE$BASE) holding the images");
static unsigned long fwmem_size;
module_param(fwmem_size, ulong, 0400);
MODULE_PARM_DESC(fwmem_size, "size of that range, at least 512 KiB");

static const char * const sim_layout_names[SIM_NR_LAYOUTS] = {
	[SIM_20_ABSOLUTE]	= "2.0-absolute",
	[SIM_21_CONTIGUOUS]	= "2.1-contiguous",
	[SIM_21_SEPARATE]	= "2.1-separate",
	[SIM_MAILBOX4]		= "mailbox4",
	[SIM_RAW]		= "raw",
	[SIM_NONE]		= "none",
};

/*
 * One allocation below 4 GiB: a slot of the reserved range, or RAM pages
 * (@page set) where the placement asks for System RAM.
 */
struct sim_chunk {
	struct page *page;
	unsigned int order;
	u8 *va;
	phys_addr_t pa;
	size_t len;
};

struct sim_image {
	enum sim_layout layout;
	enum sim_placement placement;
	unsigned int bank;	/* bank of the reserved range it uses */
	struct sim_chunk op;	/* the OpRegion (and a contiguous VBT) */
	struct sim_chunk ext;	/* a separate extended VBT, 2.0 only */
	u8 *vbt;		/* extended VBT bytes, NULL if none */
	phys_addr_t vbt_pa;
	u32 rvds;
	u32 vbt_size;
	size_t mem_len;		/* bytes the mem file addresses */
};

static struct {
	struct mutex lock;	/* everything below */
	struct dentry *dir;
	u8 *vbt;
	size_t vbt_len;
	u8 *raw;
	size_t raw_len;
	enum sim_layout layout;
	enum sim_placement placement;
	u8 *fw_va;		/* the reserved range, memremap()'d; NULL if none */
	u16 vendor;
	u16 device;
	struct sim_image *img;
	bool swsci_auto;
	struct delayed_work swsci_work;
	unsigned long swsci_done;
	unsigned long swsci_triggers;
	unsigned long asle_posted;
} sim;

/*
 * A handshake bit the storm set and later found clear in physical memory:
 * the guest's write cleared it, which is right only if the guest had read
 * it set in between (or, for SCIC, started a new request). What a read
 * of storm_log returns, one record per loss; the guest side defines the
 * same 24 bytes.
 */
struct igd_sim_storm_loss {
	u64 t_set;	/* ktime_get_ns() before the store that set the bits */
	u64 t_lost;	/* ktime_get_ns() after the load that found them clear */
	u32 off;	/* ASLC or SCIC */
	u32 bits;
};

#define SIM_STORM_LOG		4096
#define SIM_STORM_TEAR		BIT(0)	/* BCLP with unequal halves */
#define SIM_STORM_DROP		BIT(1)	/* ASLC bits lost at once */
#define SIM_ASLC_BITS		9	/* request bits 8:0 */

/* The firmware storm (sim_storm_round()); under sim.lock but @round */
static struct {
	struct task_struct *task;
	unsigned int delay_us;
	unsigned int faults;	/* SIM_STORM_* */
	struct rnd_state rnd;
	u64 round;		/* read locklessly by storm_round */
	u64 sets;		/* handshake bits set */
	u64 losses;		/* of them, found clear again */
	u64 dropped;		/* losses that did not fit the log */
	u32 aslc_out;		/* ASLC bits set and not yet found clear */
	u64 aslc_t[SIM_ASLC_BITS];
	u32 scic_out;		/* SCIC status bits of the last completion */
	u64 scic_t;
	unsigned int head, len;	/* the log, a FIFO */
	struct igd_sim_storm_loss log[SIM_STORM_LOG];
} storm;

/* @slot of @img's bank in the reserved range, or RAM pages when @ram. */
static int sim_chunk_alloc(struct sim_image *img, struct sim_chunk *c,
			   size_t len, unsigned int slot, bool ram)
{
	if (!ram) {
		if (!sim.fw_va || len > SIM_SLOT)
			return -ENOMEM;
		slot += 2 * img->bank;
		c->va = sim.fw_va + slot * SIM_SLOT;
		c->pa = fwmem_base + slot * SIM_SLOT;
		c->len = len;
		memset(c->va, 0, SIM_SLOT);
		return 0;
	}
	c->order = get_order(len);
	c->page = alloc_pages(GFP_KERNEL | GFP_DMA32 | __GFP_ZERO, c->order);
	if (!c->page)
		return -ENOMEM;
	c->va = page_address(c->page);
	c->pa = page_to_phys(c->page);
	c->len = len;
	/* ASLS is a 32-bit register: the OpRegion must sit below 4 GiB. */
	if (c->pa + len - 1 > U32_MAX) {
		__free_pages(c->page, c->order);
		c->page = NULL;
		return -ENOMEM;
	}
	return 0;
}

static void sim_chunk_free(struct sim_chunk *c)
{
	if (c->page)
		__free_pages(c->page, c->order);
	c->page = NULL;
}

static void sim_image_free(struct sim_image *img)
{
	if (!img)
		return;
	sim_chunk_free(&img->op);
	sim_chunk_free(&img->ext);
	kfree(img);
}

static u32 fw_read(struct sim_image *img, u32 off)
{
	return le32_to_cpu(READ_ONCE(*(__le32 *)(img->op.va + off)));
}

/* Firmware ASL stores a whole 32-bit field at a time. */
static void fw_write(struct sim_image *img, u32 off, u32 val)
{
	WRITE_ONCE(*(__le32 *)(img->op.va + off), cpu_to_le32(val));
}

/*
 * The bytes come from iop_build_fill(), as for the userspace platform
 * model; only where they go is decided here: the OpRegion in slot 0 of
 * the bank, a 2.1 extended VBT in the same slot at its RVDA, a 2.0 one
 * in slot 1.
 */
static int sim_build(struct sim_image *img)
{
	bool op_ram = img->placement == SIM_PLACE_RAM;
	bool ext_ram = img->placement != SIM_PLACE_FIRMWARE;
	u8 *bufs[IOP_BUILD_MAX_CHUNKS] = { NULL };
	const struct iop_build_chunk *ext;
	struct iop_build_plan plan;
	size_t op_len;
	int ret;

	switch (img->layout) {
	case SIM_NONE:
		return 0;
	case SIM_RAW:
		if (!sim.raw_len)
			return -EINVAL;
		ret = sim_chunk_alloc(img, &img->op,
				      max_t(size_t, sim.raw_len, OPREGION_SIZE),
				      0, op_ram);
		if (ret)
			return ret;
		memcpy(img->op.va, sim.raw, sim.raw_len);
		img->mem_len = img->op.len;
		return 0;
	default:
		break;
	}

	ret = iop_build_plan(&plan, (enum iop_build_layout)img->layout,
			     sim.vbt, sim.vbt_len);
	if (ret)
		return ret;
	ext = &plan.chunks[IOP_BUILD_EXT_VBT];
	op_len = plan.chunks[IOP_BUILD_OPREGION].len;
	if (plan.nr_chunks > 1 && !ext->absolute)
		op_len = max_t(size_t, op_len, ext->offset + ext->len);
	ret = sim_chunk_alloc(img, &img->op, op_len, 0, op_ram);
	if (ret)
		return ret;
	bufs[IOP_BUILD_OPREGION] = img->op.va;
	if (plan.nr_chunks > 1 && ext->absolute) {
		ret = sim_chunk_alloc(img, &img->ext, ext->len, 1, ext_ram);
		if (ret)
			return ret;
		img->vbt = img->ext.va;
		img->vbt_pa = img->ext.pa;
	} else if (plan.nr_chunks > 1) {
		img->vbt = img->op.va + ext->offset;
		img->vbt_pa = img->op.pa + ext->offset;
	} else if (plan.rvds) {
		/* 2.1 contiguous: the VBT is inside the OpRegion's chunk. */
		img->vbt = img->op.va + OPREGION_SIZE;
		img->vbt_pa = img->op.pa + OPREGION_SIZE;
	}
	bufs[IOP_BUILD_EXT_VBT] = img->vbt;
	iop_build_fill(&plan, bufs, img->vbt_pa, sim.vbt);

	img->vbt_size = plan.vbt_size;
	img->rvds = plan.rvds;
	img->mem_len = OPREGION_SIZE + plan.rvds;
	return 0;
}

/*
 * Kernel address of the view-addressed bytes at @off, with *@len shortened
 * to what is contiguous there (up to the end, or up to the OpRegion's end
 * when the extended VBT lives elsewhere). NULL at or past the end.
 */
static u8 *sim_mem(struct sim_image *img, loff_t off, size_t *len)
{
	if (!img || !img->op.va || off < 0 || off >= img->mem_len)
		return NULL;
	*len = min_t(size_t, *len, img->mem_len - off);
	if (img->layout == SIM_RAW)
		return img->op.va + off;
	if (off < OPREGION_SIZE) {
		*len = min_t(size_t, *len, OPREGION_SIZE - off);
		return img->op.va + off;
	}
	return img->vbt + (off - OPREGION_SIZE);
}

static void sim_swsci_trigger(void);

static int sim_load(void)
{
	struct igd_vfio_pci_sim reg = {
		.owner = THIS_MODULE,
		.vendor = sim.vendor,
		.device = sim.device,
		.swsci = sim_swsci_trigger,
	};
	struct sim_image *img;
	int ret;

	img = kzalloc(sizeof(*img), GFP_KERNEL);
	if (!img)
		return -ENOMEM;
	img->layout = sim.layout;
	img->placement = sim.placement;
	img->bank = sim.img ? !sim.img->bank : 0;
	ret = sim_build(img);
	if (ret)
		goto err_free;

	reg.asls = img->op.pa;
	ret = igd_vfio_pci_sim_register(&reg);
	if (ret)
		goto err_free;
	/* The driver now uses the new image; nobody maps the old one. */
	sim_image_free(sim.img);
	sim.img = img;
	if (img->vbt)
		pr_info("loaded %s OpRegion at %pa, extended VBT at %pa (RVDS %u), placement %s\n",
			sim_layout_names[img->layout], &img->op.pa,
			&img->vbt_pa, img->rvds,
			sim_placement_names[img->placement]);
	else
		pr_info("loaded %s OpRegion at %pa, placement %s\n",
			sim_layout_names[img->layout], &img->op.pa,
			sim_placement_names[img->placement]);
	return 0;

err_free:
	sim_image_free(img);
	return ret;
}

static int sim_unload(void)
{
	int ret = igd_vfio_pci_sim_unregister(THIS_MODULE);

	if (ret)
		return ret;
	sim_image_free(sim.img);
	sim.img = NULL;
	return 0;
}

/*
 * Answer a pending SWSCI request the way firmware's SWSCI handler does:
 * decode the function from SCIC, write the result to PARM, then the exit
 * status into SCIC with bit 0 cleared, in that order, because the driver
 * reads PARM as soon as it sees bit 0 clear.
 */
static int sim_swsci_complete(struct sim_image *img)
{
	u32 scic, parm, status = SWSCI_SCIC_EXIT_STATUS_SUCCESS;

	if (!img->op.va || !(fw_read(img, OPREGION_OFF(header.mboxes)) & MBOX_SWSCI))
		return -ENODEV;
	scic = fw_read(img, OPREGION_OFF(swsci.scic));
	if (!(scic & SWSCI_SCIC_INDICATOR))
		return -EAGAIN;

	parm = fw_read(img, OPREGION_OFF(swsci.parm));
	if (SWSCI_MAIN(scic) == SWSCI_GBDA && SWSCI_SUB(scic) == 0)
		parm = SIM_GBDA_SUPPORTED;
	else if (SWSCI_MAIN(scic) == SWSCI_GBDA && SWSCI_SUB(scic) == 1)
		parm = SIM_GBDA_CALLBACKS;
	else if (SWSCI_MAIN(scic) == SWSCI_SBCB)
		parm = 0;
	else
		status = SIM_SWSCI_EXIT_UNSUPPORTED;

	fw_write(img, OPREGION_OFF(swsci.parm), parm);
	wmb();	/* PARM before the SCIC store that releases it */
	scic &= ~(SWSCI_SCIC_EXIT_STATUS_MASK | SWSCI_SCIC_INDICATOR);
	if (storm.task) {
		/* The status bits this store turns on, for the storm's log */
		storm.scic_t = ktime_get_ns();
		storm.scic_out = status << SWSCI_SCIC_EXIT_STATUS_SHIFT &
				 ~fw_read(img, OPREGION_OFF(swsci.scic));
		storm.sets += hweight32(storm.scic_out);
	}
	fw_write(img, OPREGION_OFF(swsci.scic),
		 scic | status << SWSCI_SCIC_EXIT_STATUS_SHIFT);
	sim.swsci_done++;
	return 0;
}

/*
 * The SCI the trigger raises: igd-vfio-pci calls this where a real IGD
 * would get the GSSCIE edge, only for calls its policy allows, so the
 * count shows what reached the firmware.
 */
static void sim_swsci_trigger(void)
{
	guard(mutex)(&sim.lock);
	sim.swsci_triggers++;
	if (sim.img && sim.img->op.va)
		sim_swsci_complete(sim.img);
}

/* An SCI with no trigger to raise it: a poller (swsci_auto). */
static void sim_swsci_poll(struct work_struct *work)
{
	guard(mutex)(&sim.lock);
	if (!sim.swsci_auto)
		return;
	if (sim.img)
		sim_swsci_complete(sim.img);
	schedule_delayed_work(&sim.swsci_work, 1);
}

/*
 * ASLE backlight request as coreboot's XBCM and vendor AINT do it. The
 * last step, writing 1 to the IGD's ASLE register (config 0xE4) to raise
 * the interrupt, has no equivalent here: the guest polls ASLC instead.
 */
static int sim_asle_backlight(struct sim_image *img, u32 level)
{
	if (level > 255)
		return -EINVAL;
	if (!img->op.va || !(fw_read(img, OPREGION_OFF(header.mboxes)) & MBOX_ASLE))
		return -ENODEV;
	if (!(fw_read(img, OPREGION_OFF(asle.tche)) & ASLE_TCHE_BLC_EN))
		return -EPERM;
	fw_write(img, OPREGION_OFF(asle.bclp), level | ASLE_BCLP_VALID);
	if (!(fw_read(img, OPREGION_OFF(asle.ardy)) & ASLE_ARDY_READY))
		return -EAGAIN;
	fw_write(img, OPREGION_OFF(asle.aslc), ASLC_SET_BACKLIGHT);
	sim.asle_posted++;
	return 0;
}

/* GNOT: only when the driver said it is ready. */
static int sim_notify(struct sim_image *img, u32 event)
{
	if (!img->op.va || !(fw_read(img, OPREGION_OFF(header.mboxes)) & MBOX_ACPI))
		return -ENODEV;
	if (!fw_read(img, OPREGION_OFF(acpi.drdy)))
		return -EAGAIN;
	fw_write(img, OPREGION_OFF(acpi.cevt), event);
	fw_write(img, OPREGION_OFF(acpi.csts), 3);
	return 0;
}

/*
 * The firmware-owned elements the storm rewrites every round, with the
 * mailbox each needs. PFMB and IUER are only 2-byte aligned.
 */
static const struct {
	u16 off;
	u16 mbox;
} sim_storm_fw[] = {
	{ OPREGION_OFF(acpi.cevt), MBOX_ACPI },
	{ OPREGION_OFF(acpi.nadl[0]), MBOX_ACPI },
	{ OPREGION_OFF(acpi.nadl[1]), MBOX_ACPI },
	{ OPREGION_OFF(acpi.nadl[2]), MBOX_ACPI },
	{ OPREGION_OFF(acpi.nadl[3]), MBOX_ACPI },
	{ OPREGION_OFF(acpi.nadl[4]), MBOX_ACPI },
	{ OPREGION_OFF(acpi.nadl[5]), MBOX_ACPI },
	{ OPREGION_OFF(acpi.nadl[6]), MBOX_ACPI },
	{ OPREGION_OFF(acpi.nadl[7]), MBOX_ACPI },
	{ OPREGION_OFF(acpi.tidx), MBOX_ACPI },
	{ OPREGION_OFF(acpi.clid), MBOX_ACPI },
	{ OPREGION_OFF(acpi.cdck), MBOX_ACPI },
	{ OPREGION_OFF(acpi.sxsw), MBOX_ACPI },
	{ OPREGION_OFF(acpi.evts), MBOX_ACPI },
	{ OPREGION_OFF(acpi.cnot), MBOX_ACPI },
	{ OPREGION_OFF(swsci.dslp), MBOX_SWSCI },
	{ OPREGION_OFF(asle.alsi), MBOX_ASLE },
	{ OPREGION_OFF(asle.bclp), MBOX_ASLE },
	{ OPREGION_OFF(asle.pfit), MBOX_ASLE },
	{ OPREGION_OFF(asle.epfm), MBOX_ASLE },
	{ OPREGION_OFF(asle.pfmb), MBOX_ASLE },
	{ OPREGION_OFF(asle.pcft), MBOX_ASLE },
	{ OPREGION_OFF(asle.srot), MBOX_ASLE },
	{ OPREGION_OFF(asle.iuer), MBOX_ASLE },
	{ OPREGION_OFF(asle_ext.phed), MBOX_ASLE_EXT },
};

static void sim_storm_lost(u32 off, u32 bits, u64 t_set, u64 t_lost)
{
	struct igd_sim_storm_loss *l;

	storm.losses += hweight32(bits);
	if (storm.len == SIM_STORM_LOG) {
		storm.dropped++;
		return;
	}
	l = &storm.log[(storm.head + storm.len++) % SIM_STORM_LOG];
	*l = (struct igd_sim_storm_loss){ t_set, t_lost, off, bits };
}

/*
 * ASLC: report the request bits set earlier that are clear now, then set
 * one more clear one every fourth round, by compare-and-exchange as the
 * guest's stores are.
 */
static void sim_storm_aslc(struct sim_image *img, u64 round)
{
	__le32 *p = (__le32 *)(img->op.va + OPREGION_OFF(asle.aslc));
	u32 cur = le32_to_cpu(READ_ONCE(*p)), lost, old;
	u64 now = ktime_get_ns();
	unsigned int b;

	lost = storm.aslc_out & ~cur;
	for (b = 0; b < SIM_ASLC_BITS; b++)
		if (lost & BIT(b))
			sim_storm_lost(OPREGION_OFF(asle.aslc), BIT(b),
				       storm.aslc_t[b], now);
	storm.aslc_out &= ~lost;
	if (round % 4)
		return;
	b = prandom_u32_state(&storm.rnd) % SIM_ASLC_BITS;
	now = ktime_get_ns();
	do {
		old = le32_to_cpu(READ_ONCE(*p));
		if (old & BIT(b))
			return;
	} while (cmpxchg(p, cpu_to_le32(old), cpu_to_le32(old | BIT(b))) !=
		 cpu_to_le32(old));
	storm.aslc_out |= BIT(b);
	storm.aslc_t[b] = now;
	storm.sets++;
	if (!(storm.faults & SIM_STORM_DROP))
		return;
	do {
		old = le32_to_cpu(READ_ONCE(*p));
	} while (cmpxchg(p, cpu_to_le32(old), cpu_to_le32(old & ~BIT(b))) !=
		 cpu_to_le32(old));
}

/*
 * SCIC: with a request pending (bit 0 set, which replaced the last
 * status) answer it; otherwise report the status bits of the last answer
 * that are clear now.
 */
static void sim_storm_scic(struct sim_image *img)
{
	u32 cur = fw_read(img, OPREGION_OFF(swsci.scic)), lost;

	if (cur & SWSCI_SCIC_INDICATOR) {
		storm.scic_out = 0;
		sim_swsci_complete(img);
		return;
	}
	lost = storm.scic_out & ~cur;
	if (lost)
		sim_storm_lost(OPREGION_OFF(swsci.scic), lost, storm.scic_t,
			       ktime_get_ns());
	storm.scic_out &= ~lost;
}

/*
 * One round: every firmware-owned element of the mailboxes present gets
 * the round number in both 16-bit halves (0xAABBAABB), so a torn value has
 * unequal halves and a stale one names its round; the storm_round file is
 * the log of these stores. Then the handshakes: ASLC request bits, an
 * SWSCI answer, and every eighth round CSTS = 3 as before a notify.
 */
static void sim_storm_round(struct sim_image *img)
{
	u32 mbox = fw_read(img, OPREGION_OFF(header.mboxes));
	u64 round = storm.round + 1;
	u32 v = lower_16_bits(round) * 0x00010001u;
	unsigned int i;

	WRITE_ONCE(storm.round, round);
	for (i = 0; i < ARRAY_SIZE(sim_storm_fw); i++)
		if (mbox & sim_storm_fw[i].mbox)
			put_unaligned_le32(v, img->op.va + sim_storm_fw[i].off);
	if ((storm.faults & SIM_STORM_TEAR) && (mbox & MBOX_ASLE) &&
	    !(round % 16))
		put_unaligned_le32(v ^ 0x5a5a0000,
				   img->op.va + OPREGION_OFF(asle.bclp));
	if (mbox & MBOX_ASLE)
		sim_storm_aslc(img, round);
	if (mbox & MBOX_SWSCI)
		sim_storm_scic(img);
	if ((mbox & MBOX_ACPI) && !(round % 8))
		fw_write(img, OPREGION_OFF(acpi.csts), 3);
}

static int sim_storm_fn(void *unused)
{
	while (!kthread_should_stop()) {
		scoped_guard(mutex, &sim.lock) {
			if (sim.img && sim.img->op.va &&
			    sim.img->layout != SIM_RAW)
				sim_storm_round(sim.img);
		}
		if (storm.delay_us)
			usleep_range(storm.delay_us, 2 * storm.delay_us);
		else
			cond_resched();
	}
	return 0;
}

static int sim_cmd(char *line)
{
	struct sim_image *img = sim.img;
	char *verb = strsep(&line, " ");
	u32 a = 0, b = 0;
	int nargs = 0;

	line = line ? strim(line) : NULL;
	if (line && *line)
		nargs = sscanf(line, "%i %i", &a, &b);
	if (!strcmp(verb, "swsci_auto")) {
		if (nargs != 1)
			return -EINVAL;
		sim.swsci_auto = a;
		if (a)
			schedule_delayed_work(&sim.swsci_work, 1);
		return 0;
	}
	if (!img || !img->op.va)
		return -ENODEV;
	if (!strcmp(verb, "asle_backlight") && nargs == 1)
		return sim_asle_backlight(img, a);
	if (!strcmp(verb, "swsci_complete") && nargs <= 0)
		return sim_swsci_complete(img);
	if (!strcmp(verb, "notify") && nargs == 1)
		return sim_notify(img, a);
	if (!strcmp(verb, "lid") && nargs == 1) {
		fw_write(img, OPREGION_OFF(acpi.clid), !!a);
		return 0;
	}
	if (!strcmp(verb, "write") && nargs == 2) {
		if (a & 3 || a > OPREGION_SIZE - 4)
			return -EINVAL;
		fw_write(img, a, b);
		return 0;
	}
	return -EINVAL;
}

/* Copy a short text command from user space, NUL-terminated, trimmed. */
static char *sim_get_line(const char __user *ubuf, size_t count)
{
	char *buf;

	if (!count || count > 128)
		return ERR_PTR(-EINVAL);
	buf = memdup_user_nul(ubuf, count);
	if (IS_ERR(buf))
		return buf;
	strim(buf);
	return buf;
}

static ssize_t sim_cmd_write(struct file *file, const char __user *ubuf,
			     size_t count, loff_t *ppos)
{
	char *buf = sim_get_line(ubuf, count);
	int ret;

	if (IS_ERR(buf))
		return PTR_ERR(buf);
	scoped_guard(mutex, &sim.lock)
		ret = sim_cmd(buf);
	kfree(buf);
	return ret ? ret : count;
}

static ssize_t sim_load_write(struct file *file, const char __user *ubuf,
			      size_t count, loff_t *ppos)
{
	bool on;
	int ret;

	ret = kstrtobool_from_user(ubuf, count, &on);
	if (ret)
		return ret;
	scoped_guard(mutex, &sim.lock)
		ret = storm.task ? -EBUSY : on ? sim_load() : sim_unload();
	return ret ? ret : count;
}

/* Read side of a file that names one of a list: @name and a newline. */
static ssize_t sim_name_read(char __user *ubuf, size_t count, loff_t *ppos,
			     const char *name)
{
	char buf[32];
	int n = scnprintf(buf, sizeof(buf), "%s\n", name);

	return simple_read_from_buffer(ubuf, count, ppos, buf, n);
}

/* The index in @names of the line written, or -errno. */
static int sim_name_parse(const char __user *ubuf, size_t count,
			  const char * const *names, size_t nr)
{
	char *buf = sim_get_line(ubuf, count);
	int i;

	if (IS_ERR(buf))
		return PTR_ERR(buf);
	i = match_string(names, nr, buf);
	kfree(buf);
	return i;
}

static ssize_t sim_layout_read(struct file *file, char __user *ubuf,
			       size_t count, loff_t *ppos)
{
	const char *name;

	scoped_guard(mutex, &sim.lock)
		name = sim_layout_names[sim.layout];
	return sim_name_read(ubuf, count, ppos, name);
}

static ssize_t sim_layout_write(struct file *file, const char __user *ubuf,
				size_t count, loff_t *ppos)
{
	int i = sim_name_parse(ubuf, count, sim_layout_names, SIM_NR_LAYOUTS);

	if (i < 0)
		return i;
	scoped_guard(mutex, &sim.lock)
		sim.layout = i;
	return count;
}

static ssize_t sim_placement_read(struct file *file, char __user *ubuf,
				  size_t count, loff_t *ppos)
{
	const char *name;

	scoped_guard(mutex, &sim.lock)
		name = sim_placement_names[sim.placement];
	return sim_name_read(ubuf, count, ppos, name);
}

/* Firmware memory exists only when the command line reserved it. */
static ssize_t sim_placement_write(struct file *file, const char __user *ubuf,
				   size_t count, loff_t *ppos)
{
	int i = sim_name_parse(ubuf, count, sim_placement_names,
			       SIM_NR_PLACEMENTS);

	if (i < 0)
		return i;
	if (i != SIM_PLACE_RAM && !sim.fw_va)
		return -ENODEV;
	scoped_guard(mutex, &sim.lock)
		sim.placement = i;
	return count;
}

static ssize_t sim_match_read(struct file *file, char __user *ubuf,
			      size_t count, loff_t *ppos)
{
	char buf[16];
	int n;

	scoped_guard(mutex, &sim.lock)
		n = scnprintf(buf, sizeof(buf), "%04x:%04x\n", sim.vendor,
			      sim.device);
	return simple_read_from_buffer(ubuf, count, ppos, buf, n);
}

static ssize_t sim_match_write(struct file *file, const char __user *ubuf,
			       size_t count, loff_t *ppos)
{
	char *buf = sim_get_line(ubuf, count);
	unsigned int v, d;
	int n;

	if (IS_ERR(buf))
		return PTR_ERR(buf);
	n = sscanf(buf, "%x:%x", &v, &d);
	kfree(buf);
	if (n != 2 || v > 0xffff || d > 0xffff)
		return -EINVAL;
	scoped_guard(mutex, &sim.lock) {
		sim.vendor = v;
		sim.device = d;
	}
	return count;
}

static ssize_t sim_info_read(struct file *file, char __user *ubuf,
			     size_t count, loff_t *ppos)
{
	struct sim_image *img;
	ssize_t ret;
	char *buf;
	int n = 0;

	if (*ppos)
		return 0;
	buf = kzalloc(PAGE_SIZE, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	scoped_guard(mutex, &sim.lock) {
		img = sim.img;
		n += scnprintf(buf + n, PAGE_SIZE - n,
			       "match=%04x:%04x\nswsci_auto=%d\nswsci_done=%lu\nasle_posted=%lu\n",
			       sim.vendor, sim.device, sim.swsci_auto,
			       sim.swsci_done, sim.asle_posted);
		n += scnprintf(buf + n, PAGE_SIZE - n, "swsci_triggers=%lu\n",
			       sim.swsci_triggers);
		n += scnprintf(buf + n, PAGE_SIZE - n,
			       "fwmem_base=%#lx\nfwmem_size=%#lx\n",
			       sim.fw_va ? fwmem_base : 0,
			       sim.fw_va ? fwmem_size : 0);
		if (img)
			n += scnprintf(buf + n, PAGE_SIZE - n,
				       "loaded=1\nplacement=%s\nlayout=%s\nasls=%#llx\nvbt_pa=%#llx\nrvds=%u\nvbt_size=%u\nview_size=%u\nmem_size=%zu\n",
				       sim_placement_names[img->placement],
				       sim_layout_names[img->layout],
				       (u64)img->op.pa, (u64)img->vbt_pa,
				       img->rvds, img->vbt_size,
				       OPREGION_SIZE + img->rvds,
				       img->mem_len);
		else
			n += scnprintf(buf + n, PAGE_SIZE - n, "loaded=0\n");
	}
	ret = simple_read_from_buffer(ubuf, count, ppos, buf, n);
	kfree(buf);
	return ret;
}

/* The physical bytes, bounced through a kernel buffer: no user copy under the lock. */
static ssize_t sim_mem_read(struct file *file, char __user *ubuf,
			    size_t count, loff_t *ppos)
{
	ssize_t ret = 0;
	u8 *buf, *src;

	count = min_t(size_t, count, SIM_IMAGE_MAX);
	if (!count)
		return 0;
	buf = kvmalloc(count, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	scoped_guard(mutex, &sim.lock) {
		src = sim_mem(sim.img, *ppos, &count);
		if (src) {
			memcpy(buf, src, count);
			ret = count;
		}
	}
	if (ret > 0 && copy_to_user(ubuf, buf, ret))
		ret = -EFAULT;
	if (ret > 0)
		*ppos += ret;
	kvfree(buf);
	return ret;
}

static ssize_t sim_mem_write(struct file *file, const char __user *ubuf,
			     size_t count, loff_t *ppos)
{
	ssize_t ret = -ENOSPC;
	u8 *buf, *dst;

	count = min_t(size_t, count, SIM_IMAGE_MAX);
	if (!count)
		return 0;
	buf = vmemdup_user(ubuf, count);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	scoped_guard(mutex, &sim.lock) {
		dst = sim_mem(sim.img, *ppos, &count);
		if (dst) {
			memcpy(dst, buf, count);
			ret = count;
		}
	}
	if (ret > 0)
		*ppos += ret;
	kvfree(buf);
	return ret;
}

/* A blob file (vbt, image): written at the file position, truncated by O_TRUNC. */
static int sim_blob_open(struct inode *inode, struct file *file)
{
	size_t *len = inode->i_private;

	if ((file->f_mode & FMODE_WRITE) && (file->f_flags & O_TRUNC)) {
		guard(mutex)(&sim.lock);
		*len = 0;
	}
	return 0;
}

static ssize_t sim_blob_write(struct file *file, const char __user *ubuf,
			      size_t count, loff_t *ppos)
{
	size_t *len = file_inode(file)->i_private;
	u8 *blob = len == &sim.vbt_len ? sim.vbt : sim.raw;
	size_t max = len == &sim.vbt_len ? SIM_VBT_MAX : SIM_IMAGE_MAX;
	loff_t pos = *ppos;
	u8 *buf;

	if (pos < 0 || pos >= max || count > max - pos)
		return -EFBIG;
	buf = vmemdup_user(ubuf, count);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	scoped_guard(mutex, &sim.lock) {
		memcpy(blob + pos, buf, count);
		*len = max_t(size_t, *len, pos + count);
	}
	kvfree(buf);
	*ppos = pos + count;
	return count;
}

/* Serialises starting and stopping the storm */
static DEFINE_MUTEX(sim_storm_lock);

static int sim_storm_start(unsigned int delay_us, u32 seed,
			   unsigned int faults)
{
	struct task_struct *t;

	guard(mutex)(&sim_storm_lock);
	scoped_guard(mutex, &sim.lock) {
		if (storm.task)
			return -EBUSY;
		if (!sim.img || !sim.img->op.va)
			return -ENODEV;
		memset(&storm, 0, sizeof(storm));
		storm.delay_us = delay_us;
		storm.faults = faults;
		prandom_seed_state(&storm.rnd, seed);
		t = kthread_create(sim_storm_fn, NULL, "igd_sim_storm");
		if (IS_ERR(t))
			return PTR_ERR(t);
		storm.task = t;
	}
	wake_up_process(t);
	return 0;
}

static void sim_storm_stop(void)
{
	struct task_struct *t;

	guard(mutex)(&sim_storm_lock);
	scoped_guard(mutex, &sim.lock)
		t = storm.task;
	if (!t)
		return;
	kthread_stop(t);
	scoped_guard(mutex, &sim.lock)
		storm.task = NULL;
}

static ssize_t sim_storm_write(struct file *file, const char __user *ubuf,
			       size_t count, loff_t *ppos)
{
	char *buf = sim_get_line(ubuf, count);
	unsigned int on = 0, delay = 0, seed = 0, faults = 0;
	int n, ret;

	if (IS_ERR(buf))
		return PTR_ERR(buf);
	n = sscanf(buf, "%u %u %u %u", &on, &delay, &seed, &faults);
	kfree(buf);
	if (n < 1 || on > 1 || delay > USEC_PER_SEC ||
	    faults > (SIM_STORM_TEAR | SIM_STORM_DROP))
		return -EINVAL;
	if (!on) {
		sim_storm_stop();
		return count;
	}
	ret = sim_storm_start(delay, seed, faults);
	return ret ? ret : count;
}

static int sim_storm_show(struct seq_file *m, void *unused)
{
	guard(mutex)(&sim.lock);
	seq_printf(m, "running=%d\nround=%llu\nsets=%llu\nlosses=%llu\nlogged=%u\ndropped=%llu\n",
		   !!storm.task, storm.round, storm.sets, storm.losses,
		   storm.len, storm.dropped);
	return 0;
}

static int sim_storm_open(struct inode *inode, struct file *file)
{
	return single_open(file, sim_storm_show, NULL);
}

/* The oldest losses, whole records only; each is returned once. */
static ssize_t sim_storm_log_read(struct file *file, char __user *ubuf,
				  size_t count, loff_t *ppos)
{
	struct igd_sim_storm_loss *buf;
	size_t n = min_t(size_t, count / sizeof(*buf), 256), i;
	ssize_t ret;

	if (!n)
		return -EINVAL;
	buf = kcalloc(n, sizeof(*buf), GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	scoped_guard(mutex, &sim.lock) {
		n = min_t(size_t, n, storm.len);
		for (i = 0; i < n; i++)
			buf[i] = storm.log[(storm.head + i) % SIM_STORM_LOG];
		storm.head = (storm.head + n) % SIM_STORM_LOG;
		storm.len -= n;
	}
	ret = n * sizeof(*buf);
	if (n && copy_to_user(ubuf, buf, ret))
		ret = -EFAULT;
	kfree(buf);
	return ret;
}

static const struct file_operations sim_cmd_fops = {
	.owner = THIS_MODULE,
	.write = sim_cmd_write,
};

static const struct file_operations sim_load_fops = {
	.owner = THIS_MODULE,
	.write = sim_load_write,
};

static const struct file_operations sim_layout_fops = {
	.owner = THIS_MODULE,
	.read = sim_layout_read,
	.write = sim_layout_write,
};

static const struct file_operations sim_placement_fops = {
	.owner = THIS_MODULE,
	.read = sim_placement_read,
	.write = sim_placement_write,
};

static const struct file_operations sim_match_fops = {
	.owner = THIS_MODULE,
	.read = sim_match_read,
	.write = sim_match_write,
};

static const struct file_operations sim_info_fops = {
	.owner = THIS_MODULE,
	.read = sim_info_read,
};

static const struct file_operations sim_mem_fops = {
	.owner = THIS_MODULE,
	.read = sim_mem_read,
	.write = sim_mem_write,
	.llseek = default_llseek,
};

static const struct file_operations sim_storm_fops = {
	.owner = THIS_MODULE,
	.open = sim_storm_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = single_release,
	.write = sim_storm_write,
};

static const struct file_operations sim_storm_log_fops = {
	.owner = THIS_MODULE,
	.read = sim_storm_log_read,
};

static const struct file_operations sim_blob_fops = {
	.owner = THIS_MODULE,
	.open = sim_blob_open,
	.write = sim_blob_write,
	.llseek = default_llseek,
};

/*
 * Map the reserved range the kernel command line set aside. It must not
 * be System RAM: the point is to look like firmware memory to the driver.
 */
static int __init sim_fwmem_init(void)
{
	u64 last;

	if (!fwmem_base && !fwmem_size) {
		pr_notice("no fwmem_base/fwmem_size: images go to RAM, which igd-vfio-pci refuses\n");
		sim.placement = SIM_PLACE_RAM;
		return 0;
	}
	if (fwmem_size < SIM_FWMEM_MIN ||
	    check_add_overflow((u64)fwmem_base, (u64)fwmem_size - 1, &last) ||
	    last > U32_MAX) {
		pr_err("fwmem %#lx+%#lx: need at least %#lx bytes below 4 GiB\n",
		       fwmem_base, fwmem_size, (unsigned long)SIM_FWMEM_MIN);
		return -EINVAL;
	}
	if (region_intersects(fwmem_base, fwmem_size, IORESOURCE_SYSTEM_RAM,
			      IORES_DESC_NONE) != REGION_DISJOINT) {
		pr_err("fwmem %#lx+%#lx is System RAM: reserve it with memmap=SIZE$BASE\n",
		       fwmem_base, fwmem_size);
		return -EINVAL;
	}
	sim.fw_va = memremap(fwmem_base, fwmem_size, MEMREMAP_WB);
	if (!sim.fw_va)
		return -ENOMEM;
	sim.placement = SIM_PLACE_FIRMWARE;
	return 0;
}

static int __init sim_init(void)
{
	int ret;

	mutex_init(&sim.lock);
	INIT_DELAYED_WORK(&sim.swsci_work, sim_swsci_poll);
	sim.layout = SIM_20_ABSOLUTE;
	sim.vendor = 0x1234;	/* QEMU's edu device */
	sim.device = 0x11e8;

	ret = sim_fwmem_init();
	if (ret)
		return ret;
	sim.vbt = vzalloc(SIM_VBT_MAX);
	sim.raw = vzalloc(SIM_IMAGE_MAX);
	if (!sim.vbt || !sim.raw) {
		vfree(sim.vbt);
		vfree(sim.raw);
		if (sim.fw_va)
			memunmap(sim.fw_va);
		return -ENOMEM;
	}

	sim.dir = debugfs_create_dir("igd_opregion_sim", NULL);
	debugfs_create_file("vbt", 0200, sim.dir, &sim.vbt_len, &sim_blob_fops);
	debugfs_create_file("image", 0200, sim.dir, &sim.raw_len, &sim_blob_fops);
	debugfs_create_file("layout", 0600, sim.dir, NULL, &sim_layout_fops);
	debugfs_create_file("placement", 0600, sim.dir, NULL,
			    &sim_placement_fops);
	debugfs_create_file("match", 0600, sim.dir, NULL, &sim_match_fops);
	debugfs_create_file("load", 0200, sim.dir, NULL, &sim_load_fops);
	debugfs_create_file("info", 0400, sim.dir, NULL, &sim_info_fops);
	debugfs_create_file("mem", 0600, sim.dir, NULL, &sim_mem_fops);
	debugfs_create_file("cmd", 0200, sim.dir, NULL, &sim_cmd_fops);
	debugfs_create_file("storm", 0600, sim.dir, NULL, &sim_storm_fops);
	debugfs_create_u64("storm_round", 0400, sim.dir, &storm.round);
	debugfs_create_file("storm_log", 0400, sim.dir, NULL,
			    &sim_storm_log_fops);
	pr_notice("simulated IGD firmware platform: for tests only\n");
	return 0;
}

static void __exit sim_exit(void)
{
	debugfs_remove_recursive(sim.dir);
	sim_storm_stop();
	scoped_guard(mutex, &sim.lock)
		sim.swsci_auto = false;
	cancel_delayed_work_sync(&sim.swsci_work);
	/*
	 * No device can be open through the registration: an open one pins
	 * this module. So the unregistration cannot be refused here.
	 */
	WARN_ON(igd_vfio_pci_sim_unregister(THIS_MODULE));
	sim_image_free(sim.img);
	vfree(sim.vbt);
	vfree(sim.raw);
	if (sim.fw_va)
		memunmap(sim.fw_va);
}

module_init(sim_init);
module_exit(sim_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Simulated Intel IGD OpRegion firmware platform (tests and demo only)");
