// SPDX-License-Identifier: GPL-2.0
/*
 * iop_build.c - the OpRegion images of the test firmware, written once for
 * the userspace platform model and the simulated firmware module; see
 * iop_build.h. Where memory goes is the caller's business; what the bytes
 * are is decided here.
 */
#include "igd_opregion/iop_build.h"

const char * const iop_build_layout_names[IOP_BUILD_NR_LAYOUTS] = {
	[IOP_BUILD_20_ABSOLUTE]		= "2.0-absolute",
	[IOP_BUILD_21_CONTIGUOUS]	= "2.1-contiguous",
	[IOP_BUILD_21_SEPARATE]		= "2.1-separate",
	[IOP_BUILD_MAILBOX4]		= "mailbox4",
};

/**
 * iop_build_vbt_size() - the VBT size a VBT blob declares
 * @blob: the blob
 * @len: its length
 *
 * The header decides, never the blob's length: firmware copies vbt_size
 * bytes.
 *
 * Context: any.
 * Return: vbt_size from the VBT header, or 0 when @blob is not a VBT or
 * declares less than its header or more than @len.
 */
u32 iop_build_vbt_size(const u8 *blob, size_t len)
{
	u32 n;

	if (!blob || len < sizeof(struct vbt_header) || memcmp(blob, "$VBT", 4))
		return 0;
	n = get_unaligned_le16(blob + offsetof(struct vbt_header, vbt_size));
	if (n < sizeof(struct vbt_header) || n > len)
		return 0;
	return n;
}

/**
 * iop_build_plan() - the chunks an image of @layout needs for a VBT
 * @plan: filled on success
 * @layout: the layout
 * @blob: a VBT blob
 * @len: its length
 *
 * Context: any.
 * Return: 0; -EINVAL for an unknown layout or a blob that is not a VBT
 * (iop_build_vbt_size() 0); -E2BIG for a VBT larger than mailbox 4 in
 * IOP_BUILD_MAILBOX4.
 */
int iop_build_plan(struct iop_build_plan *plan, enum iop_build_layout layout,
		   const u8 *blob, size_t len)
{
	u32 vbt_size = iop_build_vbt_size(blob, len);
	u32 rvds = (vbt_size + 511) & ~511U;
	struct iop_build_chunk *op = &plan->chunks[IOP_BUILD_OPREGION];
	struct iop_build_chunk *ext = &plan->chunks[IOP_BUILD_EXT_VBT];

	if (!vbt_size)
		return -EINVAL;
	memset(plan, 0, sizeof(*plan));
	plan->layout = layout;
	plan->vbt_size = vbt_size;
	op->len = OPREGION_SIZE;
	plan->nr_chunks = 1;
	switch (layout) {
	case IOP_BUILD_MAILBOX4:
		if (vbt_size > OPREGION_VBT_SIZE)
			return -E2BIG;
		return 0;
	case IOP_BUILD_21_CONTIGUOUS:
		/* One allocation: what the caller places is one chunk. */
		op->len += rvds;
		break;
	case IOP_BUILD_20_ABSOLUTE:
		ext->absolute = true;
		plan->nr_chunks = 2;
		break;
	case IOP_BUILD_21_SEPARATE:
		ext->offset = IOP_BUILD_SEPARATE_RVDA;
		plan->nr_chunks = 2;
		break;
	default:
		return -EINVAL;
	}
	ext->len = rvds;
	plan->rvds = rvds;
	return 0;
}

/*
 * The header and what firmware leaves at boot and host i915 at unbind:
 * lid open, a 50 ms SWSCI sleep, BCLM[0] (a 16-bit entry) 0xffff.
 */
static void iop_build_header(u8 *op, u8 minor)
{
	memcpy(op, OPREGION_SIGNATURE, OPREGION_SIGNATURE_LEN);
	put_unaligned_le32(OPREGION_SIZE / 1024, op + OPREGION_OFF(header.size));
	op[OPREGION_OFF(header.over.major)] = 2;
	op[OPREGION_OFF(header.over.minor)] = minor;
	memcpy(op + OPREGION_OFF(header.bios_ver), "IOP-SIM-BIOS", 12);
	put_unaligned_le32(IOP_BUILD_MBOXES, op + OPREGION_OFF(header.mboxes));
	put_unaligned_le32(1, op + OPREGION_OFF(acpi.clid));
	put_unaligned_le32(50, op + OPREGION_OFF(swsci.dslp));
	put_unaligned_le16(0xffff, op + OPREGION_OFF(asle.bclm[0]));
}

/**
 * iop_build_fill() - write the image a plan describes
 * @plan: from iop_build_plan()
 * @bufs: the bytes of each of the plan's chunks, as the caller placed
 *	them: bufs[i] holds plan->chunks[i].len bytes
 * @ext_pa: the physical address of chunk IOP_BUILD_EXT_VBT when it is
 *	absolute (RVDA); ignored otherwise
 * @blob: the VBT blob the plan was made from
 *
 * Every byte of every chunk is written (what no field sets is zero), so
 * the image does not depend on what the memory held before.
 *
 * Context: any.
 */
void iop_build_fill(const struct iop_build_plan *plan,
		    u8 *const bufs[IOP_BUILD_MAX_CHUNKS], u64 ext_pa,
		    const u8 *blob)
{
	bool v21 = plan->layout == IOP_BUILD_21_CONTIGUOUS ||
		   plan->layout == IOP_BUILD_21_SEPARATE;
	u8 *op = bufs[IOP_BUILD_OPREGION], *vbt;
	unsigned int i;
	u64 rvda;

	for (i = 0; i < plan->nr_chunks; i++)
		memset(bufs[i], 0, plan->chunks[i].len);
	iop_build_header(op, v21);
	switch (plan->layout) {
	case IOP_BUILD_MAILBOX4:
		memcpy(op + OPREGION_VBT_OFFSET, blob, plan->vbt_size);
		return;
	case IOP_BUILD_21_CONTIGUOUS:
		vbt = op + OPREGION_SIZE;
		rvda = OPREGION_SIZE;
		break;
	case IOP_BUILD_21_SEPARATE:
		vbt = bufs[IOP_BUILD_EXT_VBT];
		rvda = plan->chunks[IOP_BUILD_EXT_VBT].offset;
		break;
	default:	/* IOP_BUILD_20_ABSOLUTE */
		vbt = bufs[IOP_BUILD_EXT_VBT];
		rvda = ext_pa;
		break;
	}
	memcpy(vbt, blob, plan->vbt_size);
	put_unaligned_le64(rvda, op + OPREGION_OFF(asle.rvda));
	put_unaligned_le32(plan->rvds, op + OPREGION_OFF(asle.rvds));
}
