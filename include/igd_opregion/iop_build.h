/* SPDX-License-Identifier: GPL-2.0 */
/*
 * iop_build.h - the OpRegion images a test firmware writes, built once for
 * the userspace platform model (tools/platform.c) and the simulated
 * firmware module (drivers/igd_opregion_sim.c).
 *
 * Contract: iop_build_plan() says from a VBT blob which chunks of memory a
 * layout needs and where each sits relative to ASLS; the caller places
 * and allocates them; iop_build_fill() writes every byte of every chunk.
 * Freestanding: only iop_deps.h, no allocation.
 */
#ifndef IGD_OPREGION_BUILD_H
#define IGD_OPREGION_BUILD_H

#include "opregion.h"

/* Layouts a firmware builds */
enum iop_build_layout {
	IOP_BUILD_20_ABSOLUTE,	/* 2.0, extended VBT in its own allocation, absolute RVDA */
	IOP_BUILD_21_CONTIGUOUS,	/* 2.1, extended VBT right after the OpRegion */
	IOP_BUILD_21_SEPARATE,	/* 2.1, extended VBT at a larger relative RVDA */
	IOP_BUILD_MAILBOX4,	/* 2.0, VBT in mailbox 4 */
	IOP_BUILD_NR_LAYOUTS,
};

extern const char * const iop_build_layout_names[IOP_BUILD_NR_LAYOUTS];

/* RVDA of IOP_BUILD_21_SEPARATE: a gap of 8 KiB after the OpRegion */
#define IOP_BUILD_SEPARATE_RVDA		0x4000
/* MBOX: ACPI, SWSCI, ASLE, VBT, ASLE_EXT, as coreboot sets it */
#define IOP_BUILD_MBOXES		(MBOX_ACPI | MBOX_SWSCI | MBOX_ASLE | \
					 MBOX_VBT | MBOX_ASLE_EXT)

/* Which chunk: the OpRegion is always chunk 0, at ASLS */
enum iop_build_chunk_id {
	IOP_BUILD_OPREGION,
	IOP_BUILD_EXT_VBT,
	IOP_BUILD_MAX_CHUNKS,
};

/**
 * struct iop_build_chunk - bytes the caller places
 * @offset: where the chunk starts relative to ASLS; meaningless when
 *	@absolute
 * @len: its length in bytes
 * @absolute: anywhere the caller chooses: RVDA is then its address
 */
struct iop_build_chunk {
	u64 offset;
	u32 len;
	bool absolute;
};

/**
 * struct iop_build_plan - an image before it is placed
 * @layout: the layout
 * @vbt_size: VBT bytes copied, the VBT header's vbt_size
 * @rvds: RVDS, 0 without an extended VBT
 * @nr_chunks: chunks in @chunks (1, or 2 with an extended VBT)
 * @chunks: chunk 0 is the OpRegion (with the VBT inside for
 *	IOP_BUILD_21_CONTIGUOUS), chunk 1 the extended VBT when it is not
 */
struct iop_build_plan {
	enum iop_build_layout layout;
	u32 vbt_size;
	u32 rvds;
	unsigned int nr_chunks;
	struct iop_build_chunk chunks[IOP_BUILD_MAX_CHUNKS];
};

u32 iop_build_vbt_size(const u8 *blob, size_t len);
int iop_build_plan(struct iop_build_plan *plan, enum iop_build_layout layout,
		   const u8 *blob, size_t len);
void iop_build_fill(const struct iop_build_plan *plan,
		    u8 *const bufs[IOP_BUILD_MAX_CHUNKS], u64 ext_pa,
		    const u8 *blob);

#endif /* IGD_OPREGION_BUILD_H */
