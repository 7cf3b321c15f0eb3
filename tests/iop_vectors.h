/* SPDX-License-Identifier: GPL-2.0 */
/*
 * iop_vectors.h - test vectors for the OpRegion proxy engine, shared by the
 * userspace runner (tests/user/unit.c) and the KUnit suite.
 *
 * Contract: tests/iop_vectors.c is freestanding. It is written only
 * against iop_deps.h, opregion.h and iop.h (no other libc, no allocation),
 * so the same object builds in userspace and in the kernel. It provides:
 *
 *  - baseline layouts and iop_vec_build(), which writes a well-formed
 *    OpRegion (and, for extended layouts, an extended VBT) into caller
 *    buffers;
 *  - validation vectors: a baseline, where its memory lives, the hostile
 *    values a firmware wrote over it, and the enum iop_reason the engine
 *    must answer;
 *  - access vectors: one guest write, which of its bytes must reach
 *    physical memory, and the physical bytes expected afterwards.
 *
 * Every expected value was written by hand from the OpRegion layout and
 * the ownership table's reasoning, never by running the engine: the
 * vectors are an oracle, not a recording.
 *
 * The baseline's filler is part of the contract, so expected bytes can be
 * written by hand: every OpRegion byte at offset o that is not a layout
 * field or VBT byte holds (o & 0xff); extended-VBT buffer bytes past the
 * VBT hold (i & 0xff) ^ 0xa5.
 */
#ifndef IOP_VECTORS_H
#define IOP_VECTORS_H

#include "igd_opregion/iop.h"

/* Where the baselines live: a typical ACPI NVS address and a 2.0 VBT. */
#define IOP_VEC_ASLS		0x7a5c3000ULL
#define IOP_VEC_EXT_PA		0x7a600000ULL

/* The synthetic VBTs */
#define IOP_VEC_M4_VBT_SIZE	0x1000	/* fits mailbox 4 */
#define IOP_VEC_EXT_VBT_SIZE	0x1c40	/* larger than mailbox 4 */
#define IOP_VEC_RVDS		0x1e00	/* IOP_VEC_EXT_VBT_SIZE rounded up to 512 */
#define IOP_VEC_BDB_OFFSET	0x30	/* right after struct vbt_header */
#define IOP_VEC_BDB_VERSION	240

/* Offsets of VBT header fields, for pokes */
#define IOP_VEC_VBT_SIZE_OFF	24
#define IOP_VEC_VBT_BDB_OFF	28
#define IOP_VEC_BDB_SIZE_OFF	20	/* inside the BDB header */

/* Largest extended-VBT buffer any vector needs (RVDS 0x10001 + slack) */
#define IOP_VEC_EXT_BUF		0x10100

/**
 * enum iop_vec_vbt - where a baseline keeps its VBT
 * @IOP_VEC_MBOX4: in mailbox 4; RVDA = RVDS = 0 on 2.0 and up
 * @IOP_VEC_EXT_ABS: extended VBT at the absolute address RVDA (2.0 style)
 * @IOP_VEC_EXT_REL: extended VBT at ASLS + RVDA (2.1 and up)
 */
enum iop_vec_vbt {
	IOP_VEC_MBOX4,
	IOP_VEC_EXT_ABS,
	IOP_VEC_EXT_REL,
};

/**
 * struct iop_vec_layout - a baseline host OpRegion
 * @name: short name used in test output
 * @ver: header version, OPREGION_VER(major, minor)
 * @mboxes: header MBOX bitmap
 * @vbt: enum iop_vec_vbt
 * @rvda: RVDA the baseline writes (absolute or relative; 0 for mailbox 4)
 * @vbt_size: the synthetic VBT's vbt_size
 * @rvds: RVDS the baseline writes (0 for mailbox 4)
 * @m4_too: an extended layout that also holds a valid VBT (of
 *	IOP_VEC_M4_VBT_SIZE bytes) in mailbox 4
 */
struct iop_vec_layout {
	const char *name;
	u16 ver;
	u32 mboxes;
	u8 vbt;
	u64 rvda;
	u16 vbt_size;
	u32 rvds;
	bool m4_too;
};

/* Indices into iop_vec_layouts[] */
enum {
	IOP_VL_10_M4,		/* 1.0, MBOX 0x1f, VBT in mailbox 4 */
	IOP_VL_20_M4,		/* 2.0, MBOX 0x1f, VBT in mailbox 4 */
	IOP_VL_20_M4_NOEXT,	/* 2.0, MBOX 0x0f (no mailbox 5), mailbox 4 */
	IOP_VL_20_ABS,		/* 2.0, MBOX 0x1f, extended VBT at IOP_VEC_EXT_PA */
	IOP_VL_21_M4,		/* 2.1, MBOX 0x1f, VBT in mailbox 4 */
	IOP_VL_21_CONTIG,	/* 2.1, MBOX 0x1f, RVDA 0x2000 */
	IOP_VL_21_SEP,		/* 2.1, MBOX 0x1f, RVDA 0x4000 */
	IOP_VL_30_M4,		/* 3.0, MBOX 0x3d (backlight mailbox), mailbox 4 */
	IOP_VL_30_CONTIG,	/* 3.0, MBOX 0x3d, RVDA 0x2000 */
	IOP_VL_21_CONTIG_M4,	/* 2.1, MBOX 0x1f, RVDA 0x2000, a VBT in mailbox 4 too */
	IOP_VEC_NR_LAYOUTS,
};

extern const struct iop_vec_layout iop_vec_layouts[IOP_VEC_NR_LAYOUTS];

/* iop_vec_poke.where */
#define IOP_VEC_IN_OP	1	/* offset in the 8 KiB OpRegion */
#define IOP_VEC_IN_EXT	2	/* offset in the extended-VBT buffer */

/**
 * struct iop_vec_poke - a hostile value firmware wrote over the baseline
 * @where: 0 (unused slot), IOP_VEC_IN_OP or IOP_VEC_IN_EXT
 * @off: byte offset in that buffer
 * @width: 1, 2, 4 or 8 bytes, little-endian
 * @val: the value
 */
struct iop_vec_poke {
	u8 where;
	u16 off;
	u8 width;
	u64 val;
};

#define IOP_VEC_MAX_POKES	3

/* iop_vvec.flags */
#define IOP_VV_ASLS	BIT(0)	/* probe @asls instead of IOP_VEC_ASLS */
#define IOP_VV_NO_OP	BIT(1)	/* no memory behind the OpRegion */
#define IOP_VV_EXT_PA	BIT(2)	/* extended-VBT memory at @ext_pa, not where RVDA said */
#define IOP_VV_NO_EXT	BIT(3)	/* no memory behind the extended VBT */
#define IOP_VV_OP_RAM	BIT(4)	/* the OpRegion's memory is System RAM */
#define IOP_VV_EXT_RAM	BIT(5)	/* the extended VBT's memory is System RAM */

/**
 * struct iop_vvec - a validation vector
 * @name: what the firmware did
 * @layout: index into iop_vec_layouts[]
 * @flags: IOP_VV_*
 * @asls: with IOP_VV_ASLS, the ASLS handed to iop_probe()
 * @ext_pa: with IOP_VV_EXT_PA, where the extended-VBT buffer lives
 * @ext_len: bytes of memory behind the extended VBT, 0 for the layout's RVDS
 * @pokes: hostile values written over the baseline
 * @expect: the reason iop_probe() must give
 * @view_size: IOP_OK only: expected view size
 * @view_ver: IOP_OK only: expected view version
 * @vbt_where: IOP_OK only: expected enum iop_vbt_where
 * @warn: expected struct iop @warnings: IOP_WARN() of each problem the
 *	view is served despite
 * @no_vbt: IOP_OK only: no valid VBT anywhere, the view serves the
 *	mailboxes with vbt_size 0
 *
 * The OpRegion memory lives at the probed ASLS unless IOP_VV_NO_OP. The
 * extended-VBT memory (layouts with one) lives where the baseline's RVDA
 * points (IOP_VEC_EXT_PA, or ASLS + RVDA) unless IOP_VV_EXT_PA or
 * IOP_VV_NO_EXT: pokes change the values, not where memory is. Memory is
 * firmware-owned (reserved) unless IOP_VV_OP_RAM or IOP_VV_EXT_RAM make it
 * System RAM, which the memory ops refuse to map (-EPERM).
 */
struct iop_vvec {
	const char *name;
	u8 layout;
	u8 flags;
	u64 asls;
	u64 ext_pa;
	u32 ext_len;
	struct iop_vec_poke pokes[IOP_VEC_MAX_POKES];
	enum iop_reason expect;
	u32 view_size;
	u16 view_ver;
	u8 vbt_where;
	u32 warn;
	bool no_vbt;
};

extern const struct iop_vvec iop_vvecs[];
extern const unsigned int iop_nr_vvecs;

/**
 * struct iop_vec_mem - where a validation vector's memory lives
 * @asls: the ASLS to probe
 * @has_op: whether memory backs the OpRegion (at @asls, 8 KiB)
 * @has_ext: whether memory backs the extended VBT
 * @ext_pa: its physical address
 * @ext_len: its length in bytes
 * @op_ram: the OpRegion's memory is System RAM, not firmware memory
 * @ext_ram: the extended VBT's memory is System RAM
 */
struct iop_vec_mem {
	u64 asls;
	bool has_op;
	bool has_ext;
	u64 ext_pa;
	u32 ext_len;
	bool op_ram;
	bool ext_ram;
};

/* Access vectors: the longest guest write they describe */
#define IOP_AVEC_MAX	16

/**
 * struct iop_avec - an access vector: one guest write on a fresh view
 * @name: what the write straddles
 * @layout: index into iop_vec_layouts[] (probed at IOP_VEC_ASLS)
 * @off: view offset of the write
 * @len: bytes written, at most IOP_AVEC_MAX
 * @outcome: one letter per byte: 'W' forwarded to physical, 'R' refused
 * @data: the guest's bytes
 * @after: physical bytes at [off, off + len) after the write
 */
struct iop_avec {
	const char *name;
	u8 layout;
	u16 off;
	u8 len;
	const char *outcome;
	u8 data[IOP_AVEC_MAX];
	u8 after[IOP_AVEC_MAX];
};

extern const struct iop_avec iop_avecs[];
extern const unsigned int iop_nr_avecs;

int iop_vec_build(const struct iop_vec_layout *l, u8 *op, u8 *ext,
		  u32 ext_len);
void iop_vec_place(const struct iop_vvec *v, struct iop_vec_mem *mem);
int iop_vec_prepare(const struct iop_vvec *v, u8 *op, u8 *ext, u32 ext_len);

#endif /* IOP_VECTORS_H */
