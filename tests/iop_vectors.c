// SPDX-License-Identifier: GPL-2.0
/*
 * iop_vectors.c - baseline OpRegion builder and the hand-written
 * validation and access vectors; see iop_vectors.h for the contract.
 *
 * Freestanding: only iop_deps.h names (memcpy, memset, put_unaligned_*)
 * and no allocation, so this file builds unchanged into the KUnit suite.
 */
#include "iop_vectors.h"

#define V(major, minor)	OPREGION_VER(major, minor)

/* The ASLE mailbox offsets of the extended-VBT fields */
#define RVDA		0x3ba
#define RVDS		0x3c2

const struct iop_vec_layout iop_vec_layouts[IOP_VEC_NR_LAYOUTS] = {
	[IOP_VL_10_M4] = {
		.name = "1.0-mailbox4", .ver = V(1, 0), .mboxes = 0x1f,
		.vbt = IOP_VEC_MBOX4, .vbt_size = IOP_VEC_M4_VBT_SIZE,
	},
	[IOP_VL_20_M4] = {
		.name = "2.0-mailbox4", .ver = V(2, 0), .mboxes = 0x1f,
		.vbt = IOP_VEC_MBOX4, .vbt_size = IOP_VEC_M4_VBT_SIZE,
	},
	[IOP_VL_20_M4_NOEXT] = {
		.name = "2.0-mailbox4-no-mailbox5", .ver = V(2, 0), .mboxes = 0x0f,
		.vbt = IOP_VEC_MBOX4, .vbt_size = IOP_VEC_M4_VBT_SIZE,
	},
	[IOP_VL_20_ABS] = {
		.name = "2.0-absolute", .ver = V(2, 0), .mboxes = 0x1f,
		.vbt = IOP_VEC_EXT_ABS, .rvda = IOP_VEC_EXT_PA,
		.vbt_size = IOP_VEC_EXT_VBT_SIZE, .rvds = IOP_VEC_RVDS,
	},
	[IOP_VL_21_M4] = {
		.name = "2.1-mailbox4", .ver = V(2, 1), .mboxes = 0x1f,
		.vbt = IOP_VEC_MBOX4, .vbt_size = IOP_VEC_M4_VBT_SIZE,
	},
	[IOP_VL_21_CONTIG] = {
		.name = "2.1-contiguous", .ver = V(2, 1), .mboxes = 0x1f,
		.vbt = IOP_VEC_EXT_REL, .rvda = OPREGION_SIZE,
		.vbt_size = IOP_VEC_EXT_VBT_SIZE, .rvds = IOP_VEC_RVDS,
	},
	[IOP_VL_21_SEP] = {
		.name = "2.1-separate", .ver = V(2, 1), .mboxes = 0x1f,
		.vbt = IOP_VEC_EXT_REL, .rvda = 0x4000,
		.vbt_size = IOP_VEC_EXT_VBT_SIZE, .rvds = IOP_VEC_RVDS,
	},
	[IOP_VL_30_M4] = {
		.name = "3.0-mailbox4", .ver = V(3, 0), .mboxes = 0x3d,
		.vbt = IOP_VEC_MBOX4, .vbt_size = IOP_VEC_M4_VBT_SIZE,
	},
	[IOP_VL_30_CONTIG] = {
		.name = "3.0-contiguous", .ver = V(3, 0), .mboxes = 0x3d,
		.vbt = IOP_VEC_EXT_REL, .rvda = OPREGION_SIZE,
		.vbt_size = IOP_VEC_EXT_VBT_SIZE, .rvds = IOP_VEC_RVDS,
	},
	[IOP_VL_21_CONTIG_M4] = {
		.name = "2.1-contiguous-and-mailbox4", .ver = V(2, 1),
		.mboxes = 0x1f, .vbt = IOP_VEC_EXT_REL, .rvda = OPREGION_SIZE,
		.vbt_size = IOP_VEC_EXT_VBT_SIZE, .rvds = IOP_VEC_RVDS,
		.m4_too = true,
	},
};

/* Write a synthetic VBT: real header shapes, a patterned body, a valid sum. */
static void iop_vec_vbt(u8 *vbt, u16 vbt_size)
{
	u8 sum = 0;
	u32 i;

	for (i = 0; i < vbt_size; i++)
		vbt[i] = (i * 29 + 7) & 0xff;
	memcpy(vbt, "$VBT IOP-SYNTHETIC  ", 20);
	put_unaligned_le16(100, vbt + 20);			/* version 1.0 */
	put_unaligned_le16(sizeof(struct vbt_header), vbt + 22);
	put_unaligned_le16(vbt_size, vbt + IOP_VEC_VBT_SIZE_OFF);
	vbt[26] = 0;						/* checksum, below */
	vbt[27] = 0;
	put_unaligned_le32(IOP_VEC_BDB_OFFSET, vbt + IOP_VEC_VBT_BDB_OFF);
	memset(vbt + 32, 0, 16);				/* aim_offset[] */

	memcpy(vbt + IOP_VEC_BDB_OFFSET, "BIOS_DATA_BLOCK ", 16);
	put_unaligned_le16(IOP_VEC_BDB_VERSION, vbt + IOP_VEC_BDB_OFFSET + 16);
	put_unaligned_le16(sizeof(struct bdb_header), vbt + IOP_VEC_BDB_OFFSET + 18);
	put_unaligned_le16(vbt_size - IOP_VEC_BDB_OFFSET,
			   vbt + IOP_VEC_BDB_OFFSET + IOP_VEC_BDB_SIZE_OFF);

	for (i = 0; i < vbt_size; i++)
		sum += vbt[i];
	vbt[26] = -sum;
}

/**
 * iop_vec_build() - write a baseline host OpRegion into caller buffers
 * @l: the layout
 * @op: 8 KiB buffer for the OpRegion
 * @ext: buffer for the extended VBT (layouts with one), else may be NULL
 * @ext_len: size of @ext; all of it is written
 *
 * Writes the documented filler, the header (signature, SIZE 8, OVER, MBOX),
 * RVDA/RVDS when the version and mailbox bitmap define them, and the
 * synthetic VBT in mailbox 4 or at the start of @ext.
 *
 * Context: any.
 * Return: 0, or -EINVAL when @l is not a consistent layout or a buffer is
 * too small for it.
 */
int iop_vec_build(const struct iop_vec_layout *l, u8 *op, u8 *ext, u32 ext_len)
{
	bool has_rvda = l->ver >= V(2, 0) && (l->mboxes & MBOX_ASLE);
	u32 i;

	if (l->vbt_size < IOP_VEC_BDB_OFFSET + sizeof(struct bdb_header))
		return -EINVAL;
	if (l->vbt == IOP_VEC_MBOX4) {
		if (l->vbt_size > OPREGION_SIZE - OPREGION_VBT_OFFSET)
			return -EINVAL;
	} else {
		if (!has_rvda || !ext || l->vbt_size > l->rvds || ext_len < l->rvds)
			return -EINVAL;
		/* a relative extended VBT exactly from 2.1 on */
		if (l->vbt == IOP_VEC_EXT_REL ? l->ver < V(2, 1) : l->ver >= V(2, 1))
			return -EINVAL;
	}

	for (i = 0; i < OPREGION_SIZE; i++)
		op[i] = i & 0xff;
	memcpy(op, OPREGION_SIGNATURE, OPREGION_SIGNATURE_LEN);
	put_unaligned_le32(OPREGION_SIZE / 1024, op + OPREGION_OFF(header.size));
	op[OPREGION_OFF(header.over.rsvd)] = 0;
	op[OPREGION_OFF(header.over.revision)] = 0;
	op[OPREGION_OFF(header.over.minor)] = l->ver & 0xff;
	op[OPREGION_OFF(header.over.major)] = l->ver >> 8;
	put_unaligned_le32(l->mboxes, op + OPREGION_OFF(header.mboxes));
	if (has_rvda) {
		put_unaligned_le64(l->rvda, op + RVDA);
		put_unaligned_le32(l->rvds, op + RVDS);
	}

	if (l->vbt == IOP_VEC_MBOX4) {
		iop_vec_vbt(op + OPREGION_VBT_OFFSET, l->vbt_size);
		return 0;
	}
	for (i = 0; i < ext_len; i++)
		ext[i] = (i & 0xff) ^ 0xa5;
	iop_vec_vbt(ext, l->vbt_size);
	if (l->m4_too)
		iop_vec_vbt(op + OPREGION_VBT_OFFSET, IOP_VEC_M4_VBT_SIZE);
	return 0;
}

/**
 * iop_vec_place() - where a validation vector's memory lives
 * @v: the vector
 * @mem: filled with the ASLS to probe and the memory ranges to back
 *
 * Context: any.
 */
void iop_vec_place(const struct iop_vvec *v, struct iop_vec_mem *mem)
{
	const struct iop_vec_layout *l = &iop_vec_layouts[v->layout];

	mem->asls = (v->flags & IOP_VV_ASLS) ? v->asls : IOP_VEC_ASLS;
	mem->has_op = !(v->flags & IOP_VV_NO_OP);
	mem->op_ram = v->flags & IOP_VV_OP_RAM;
	mem->ext_ram = v->flags & IOP_VV_EXT_RAM;
	mem->has_ext = l->vbt != IOP_VEC_MBOX4 && !(v->flags & IOP_VV_NO_EXT);
	if (v->flags & IOP_VV_EXT_PA)
		mem->ext_pa = v->ext_pa;
	else if (l->vbt == IOP_VEC_EXT_ABS)
		mem->ext_pa = l->rvda;
	else
		mem->ext_pa = mem->asls + l->rvda;
	mem->ext_len = v->ext_len ? v->ext_len : l->rvds;
	if (!mem->has_ext) {
		mem->ext_pa = 0;
		mem->ext_len = 0;
	}
}

/**
 * iop_vec_prepare() - build a validation vector's baseline and apply its pokes
 * @v: the vector
 * @op: 8 KiB buffer for the OpRegion
 * @ext: buffer for the extended VBT, at least IOP_VEC_EXT_BUF bytes when
 *	the layout has one
 * @ext_len: size of @ext
 *
 * Context: any.
 * Return: 0, or -EINVAL when the vector does not fit the buffers.
 */
int iop_vec_prepare(const struct iop_vvec *v, u8 *op, u8 *ext, u32 ext_len)
{
	const struct iop_vec_layout *l = &iop_vec_layouts[v->layout];
	unsigned int i;
	int ret;

	if (v->layout >= IOP_VEC_NR_LAYOUTS || v->ext_len > ext_len)
		return -EINVAL;
	if (l->vbt == IOP_VEC_MBOX4)
		ret = iop_vec_build(l, op, NULL, 0);
	else
		ret = iop_vec_build(l, op, ext, ext_len);
	if (ret)
		return ret;

	for (i = 0; i < IOP_VEC_MAX_POKES; i++) {
		const struct iop_vec_poke *pk = &v->pokes[i];
		u8 *base;
		u32 cap;

		if (!pk->where)
			continue;
		if (pk->where == IOP_VEC_IN_OP) {
			base = op;
			cap = OPREGION_SIZE;
		} else {
			if (l->vbt == IOP_VEC_MBOX4)
				return -EINVAL;
			base = ext;
			cap = ext_len;
		}
		if (pk->off + pk->width > cap)
			return -EINVAL;
		switch (pk->width) {
		case 1:
			base[pk->off] = pk->val;
			break;
		case 2:
			put_unaligned_le16(pk->val, base + pk->off);
			break;
		case 4:
			put_unaligned_le32(pk->val, base + pk->off);
			break;
		case 8:
			put_unaligned_le64(pk->val, base + pk->off);
			break;
		default:
			return -EINVAL;
		}
	}
	return 0;
}

#define OP(o, w, v)	{ .where = IOP_VEC_IN_OP, .off = (o), .width = (w), .val = (v) }
#define EXT(o, w, v)	{ .where = IOP_VEC_IN_EXT, .off = (o), .width = (w), .val = (v) }
#define M4(o, w, v)	OP(OPREGION_VBT_OFFSET + (o), w, v)

#define ACCEPT(sz, ver, where) \
	.expect = IOP_OK, .view_size = (sz), .view_ver = (ver), .vbt_where = (where)
#define ACCEPT_M4(ver)	ACCEPT(OPREGION_SIZE, ver, IOP_VBT_MAILBOX4)
#define ACCEPT_EXT(ver)	ACCEPT(OPREGION_SIZE + IOP_VEC_RVDS, ver, IOP_VBT_EXTENDED)
#define REJECT(r)	.expect = (r)
/* Served despite problems: IOP_WARN() of each, in .warn */
#define W(r)		IOP_WARN(IOP_ERR_##r)
#define NO_VBT(ver)	ACCEPT(OPREGION_SIZE, ver, IOP_VBT_MAILBOX4), .no_vbt = true

#define A	IOP_VEC_ASLS
#define EXT_VBT	IOP_VEC_EXT_VBT_SIZE
#define BDB	IOP_VEC_BDB_OFFSET

/*
 * The RVDA_OVERFLOW vector "asls + rvda fits, + rvds does not": with
 * ASLS 0x7a5c3000, RVDA 0xffffffff85a3cf00 puts the extended VBT at
 * 2^64 - 0x100, and 0x100 < RVDS.
 */
#define RVDA_TOP_0x100	0xffffffff85a3cf00ULL

const struct iop_vvec iop_vvecs[] = {
	/* Baselines: every layout is valid as built */
	{ "baseline 1.0 mailbox 4", IOP_VL_10_M4, ACCEPT_M4(V(1, 0)) },
	{ "baseline 2.0 mailbox 4", IOP_VL_20_M4, ACCEPT_M4(V(2, 0)) },
	{ "baseline 2.0 mailbox 4 without mailbox 5", IOP_VL_20_M4_NOEXT,
	  ACCEPT_M4(V(2, 0)) },
	{ "baseline 2.0 absolute extended VBT reads as 2.1", IOP_VL_20_ABS,
	  ACCEPT_EXT(V(2, 1)) },
	{ "baseline 2.1 mailbox 4", IOP_VL_21_M4, ACCEPT_M4(V(2, 1)) },
	{ "baseline 2.1 contiguous", IOP_VL_21_CONTIG, ACCEPT_EXT(V(2, 1)) },
	{ "baseline 2.1 separate (RVDA 0x4000)", IOP_VL_21_SEP, ACCEPT_EXT(V(2, 1)) },
	{ "baseline 3.0 mailbox 4", IOP_VL_30_M4, ACCEPT_M4(V(3, 0)) },
	{ "baseline 3.0 contiguous", IOP_VL_30_CONTIG, ACCEPT_EXT(V(3, 0)) },

	/* ASLS */
	{ "ASLS 0, even with memory at 0", IOP_VL_20_M4, IOP_VV_ASLS, .asls = 0,
	  REJECT(IOP_ERR_ASLS) },
	{ "ASLS 0xfffffffffffff000: +8 KiB overflows u64", IOP_VL_20_M4,
	  IOP_VV_ASLS | IOP_VV_NO_OP, .asls = 0xfffffffffffff000ULL,
	  REJECT(IOP_ERR_ASLS) },
	{ "ASLS 0xffffffffffffe000: end is 2^64", IOP_VL_20_M4,
	  IOP_VV_ASLS | IOP_VV_NO_OP, .asls = 0xffffffffffffe000ULL,
	  REJECT(IOP_ERR_ASLS) },
	{ "ASLS 0xffffffffffffc000: highest that fits", IOP_VL_20_M4,
	  IOP_VV_ASLS, .asls = 0xffffffffffffc000ULL, ACCEPT_M4(V(2, 0)) },
	{ "ASLS + 1: misaligned", IOP_VL_20_M4, IOP_VV_ASLS, .asls = A + 1,
	  REJECT(IOP_ERR_ASLS_ALIGN) },
	{ "ASLS + 2: misaligned", IOP_VL_21_CONTIG, IOP_VV_ASLS, .asls = A + 2,
	  REJECT(IOP_ERR_ASLS_ALIGN) },
	{ "ASLS + 3: misaligned", IOP_VL_20_M4, IOP_VV_ASLS, .asls = A + 3,
	  REJECT(IOP_ERR_ASLS_ALIGN) },
	{ "ASLS + 4: dword aligned is enough", IOP_VL_20_M4, IOP_VV_ASLS,
	  .asls = A + 4, ACCEPT_M4(V(2, 0)) },
	{ "ASLS above 4 GiB", IOP_VL_21_CONTIG, IOP_VV_ASLS,
	  .asls = 0x47a5c3000ULL, ACCEPT_EXT(V(2, 1)) },
	{ "OpRegion not backed by memory", IOP_VL_20_M4, IOP_VV_NO_OP,
	  REJECT(IOP_ERR_MAP) },

	/* Firmware memory only: System RAM is never mapped */
	{ "OpRegion in System RAM", IOP_VL_21_CONTIG, IOP_VV_OP_RAM,
	  REJECT(IOP_ERR_NOT_FW_MEM) },
	{ "mailbox-4 OpRegion in System RAM", IOP_VL_20_M4, IOP_VV_OP_RAM,
	  REJECT(IOP_ERR_NOT_FW_MEM) },
	{ "2.0 extended VBT in System RAM", IOP_VL_20_ABS, IOP_VV_EXT_RAM,
	  REJECT(IOP_ERR_NOT_FW_MEM) },
	{ "2.1 separate extended VBT in System RAM", IOP_VL_21_SEP,
	  IOP_VV_EXT_RAM, REJECT(IOP_ERR_NOT_FW_MEM) },

	/* Signature */
	{ "signature first byte 'i'", IOP_VL_20_M4, .pokes = { OP(0, 1, 'i') },
	  REJECT(IOP_ERR_SIGNATURE) },
	{ "signature last byte 'M'", IOP_VL_21_CONTIG, .pokes = { OP(15, 1, 'M') },
	  REJECT(IOP_ERR_SIGNATURE) },
	{ "signature last byte NUL", IOP_VL_20_M4, .pokes = { OP(15, 1, 0) },
	  REJECT(IOP_ERR_SIGNATURE) },

	/* SIZE: tolerated below 8 (i915 ignores it), never sizes anything */
	{ "SIZE 0", IOP_VL_20_M4, .pokes = { OP(0x10, 4, 0) }, ACCEPT_M4(V(2, 0)),
	  .warn = W(SIZE) },
	{ "SIZE 7", IOP_VL_21_CONTIG, .pokes = { OP(0x10, 4, 7) },
	  ACCEPT_EXT(V(2, 1)), .warn = W(SIZE) },
	{ "SIZE 0 and MBOX bit 6: both named", IOP_VL_20_M4,
	  .pokes = { OP(0x10, 4, 0), OP(0x58, 4, 0x5f) }, ACCEPT_M4(V(2, 0)),
	  .warn = W(SIZE) | W(MBOX) },
	{ "SIZE 8", IOP_VL_21_CONTIG, .pokes = { OP(0x10, 4, 8) },
	  ACCEPT_EXT(V(2, 1)) },
	{ "SIZE 9: view still 8 KiB + RVDS", IOP_VL_21_CONTIG,
	  .pokes = { OP(0x10, 4, 9) }, ACCEPT_EXT(V(2, 1)) },
	{ "SIZE 0xffffffff: view still 8 KiB + RVDS", IOP_VL_21_CONTIG,
	  .pokes = { OP(0x10, 4, 0xffffffff) }, ACCEPT_EXT(V(2, 1)) },
	{ "SIZE 0xffffffff: view still 8 KiB", IOP_VL_20_M4,
	  .pokes = { OP(0x10, 4, 0xffffffff) }, ACCEPT_M4(V(2, 0)) },

	/* Version */
	{ "version 0.9", IOP_VL_20_M4, .pokes = { OP(0x17, 1, 0), OP(0x16, 1, 9) },
	  REJECT(IOP_ERR_VERSION) },
	{ "version 0.0 (zeroed OVER)", IOP_VL_21_CONTIG,
	  .pokes = { OP(0x14, 4, 0) }, REJECT(IOP_ERR_VERSION) },
	{ "version 4.0", IOP_VL_20_M4, .pokes = { OP(0x17, 1, 4), OP(0x16, 1, 0) },
	  REJECT(IOP_ERR_VERSION) },
	{ "version 255.255", IOP_VL_21_CONTIG,
	  .pokes = { OP(0x17, 1, 0xff), OP(0x16, 1, 0xff) },
	  REJECT(IOP_ERR_VERSION) },
	{ "version 1.0", IOP_VL_20_M4, .pokes = { OP(0x17, 1, 1) },
	  ACCEPT_M4(V(1, 0)) },
	{ "version 1.5", IOP_VL_20_M4, .pokes = { OP(0x17, 1, 1), OP(0x16, 1, 5) },
	  ACCEPT_M4(V(1, 5)) },
	{ "version 2.0", IOP_VL_21_M4, .pokes = { OP(0x16, 1, 0) },
	  ACCEPT_M4(V(2, 0)) },
	{ "version 2.1", IOP_VL_20_M4, .pokes = { OP(0x16, 1, 1) },
	  ACCEPT_M4(V(2, 1)) },
	{ "version 2.2: RVDA relative", IOP_VL_21_CONTIG,
	  .pokes = { OP(0x16, 1, 2) }, ACCEPT_EXT(V(2, 2)) },
	{ "version 3.0", IOP_VL_21_CONTIG,
	  .pokes = { OP(0x17, 1, 3), OP(0x16, 1, 0) }, ACCEPT_EXT(V(3, 0)) },
	{ "version 2.0 with RVDA 0x2000: absolute, nothing there", IOP_VL_21_CONTIG,
	  .pokes = { OP(0x16, 1, 0) }, REJECT(IOP_ERR_VBT_MAP) },

	/* Mailbox bitmap */
	{ "MBOX bit 6: the known layout is served", IOP_VL_20_M4,
	  .pokes = { OP(0x58, 4, 0x5f) }, ACCEPT_M4(V(2, 0)), .warn = W(MBOX) },
	{ "MBOX bit 31: the known layout is served", IOP_VL_21_CONTIG,
	  .pokes = { OP(0x58, 4, 0x8000001f) }, ACCEPT_EXT(V(2, 1)),
	  .warn = W(MBOX) },
	{ "MBOX 0x3f: every known bit", IOP_VL_21_CONTIG,
	  .pokes = { OP(0x58, 4, 0x3f) }, ACCEPT_EXT(V(2, 1)) },
	{ "MBOX 0 on 2.1: RVDA ignored, mailbox 4 holds no VBT", IOP_VL_21_CONTIG,
	  .pokes = { OP(0x58, 4, 0) }, NO_VBT(V(2, 1)), .warn = W(VBT_SIGNATURE) },
	{ "2.0 without the ASLE bit: RVDA ignored, no VBT in mailbox 4",
	  IOP_VL_20_ABS, .pokes = { OP(0x58, 4, 0x1b) }, NO_VBT(V(2, 0)),
	  .warn = W(VBT_SIGNATURE) },
	{ "1.0 with RVDA/RVDS set: ignored before 2.0", IOP_VL_10_M4,
	  .pokes = { OP(RVDA, 8, 0x1000), OP(RVDS, 4, IOP_VEC_RVDS) },
	  ACCEPT_M4(V(1, 0)) },

	/* RVDA/RVDS pairing: both must be non-zero for an extended VBT */
	{ "2.1 RVDA 0, RVDS set: mailbox 4, which holds no VBT", IOP_VL_21_CONTIG,
	  .pokes = { OP(RVDA, 8, 0) }, NO_VBT(V(2, 1)), .warn = W(VBT_SIGNATURE) },
	{ "2.1 RVDA 0, RVDS set: mailbox 4 VBT", IOP_VL_21_M4,
	  .pokes = { OP(RVDS, 4, IOP_VEC_RVDS) }, ACCEPT_M4(V(2, 1)) },
	{ "2.1 RVDA 0x2000, RVDS 0: mailbox 4 VBT", IOP_VL_21_M4,
	  .pokes = { OP(RVDA, 8, 0x2000) }, ACCEPT_M4(V(2, 1)) },
	{ "2.0 RVDA set, RVDS 0: mailbox 4 VBT", IOP_VL_20_M4,
	  .pokes = { OP(RVDA, 8, IOP_VEC_EXT_PA) }, ACCEPT_M4(V(2, 0)) },

	/* 2.1+ relative RVDA into the OpRegion: no extended VBT */
	{ "2.1 RVDA 1", IOP_VL_21_CONTIG, .pokes = { OP(RVDA, 8, 1) },
	  NO_VBT(V(2, 1)), .warn = W(RVDA_INSIDE) | W(VBT_SIGNATURE) },
	{ "2.1 RVDA 0x1000", IOP_VL_21_CONTIG, .pokes = { OP(RVDA, 8, 0x1000) },
	  NO_VBT(V(2, 1)), .warn = W(RVDA_INSIDE) | W(VBT_SIGNATURE) },
	{ "2.1 RVDA 0x1fff", IOP_VL_21_CONTIG, .pokes = { OP(RVDA, 8, 0x1fff) },
	  NO_VBT(V(2, 1)), .warn = W(RVDA_INSIDE) | W(VBT_SIGNATURE) },
	{ "3.0 RVDA 0x400 (mailbox 4)", IOP_VL_30_CONTIG,
	  .pokes = { OP(RVDA, 8, 0x400) }, NO_VBT(V(3, 0)),
	  .warn = W(RVDA_INSIDE) | W(VBT_SIGNATURE) },
	{ "2.1 RVDA 0x1000 with a mailbox 4 VBT: served from mailbox 4",
	  IOP_VL_21_M4,
	  .pokes = { OP(RVDA, 8, 0x1000), OP(RVDS, 4, IOP_VEC_RVDS) },
	  ACCEPT_M4(V(2, 1)), .warn = W(RVDA_INSIDE) },
	{ "2.1 RVDA 0x2000", IOP_VL_21_CONTIG, .pokes = { OP(RVDA, 8, 0x2000) },
	  ACCEPT_EXT(V(2, 1)) },

	/*
	 * 2.0 absolute RVDA overlapping the OpRegion: never mapped, no
	 * extended VBT in the view, mailbox 4 (here without a VBT) served.
	 */
	{ "2.0 RVDA = ASLS", IOP_VL_20_ABS, .pokes = { OP(RVDA, 8, A) },
	  NO_VBT(V(2, 0)), .warn = W(RVDA_OVERLAP) | W(VBT_SIGNATURE) },
	{ "2.0 extended VBT starts inside", IOP_VL_20_ABS,
	  .pokes = { OP(RVDA, 8, A + 0x1000) }, NO_VBT(V(2, 0)),
	  .warn = W(RVDA_OVERLAP) | W(VBT_SIGNATURE) },
	{ "2.0 extended VBT starts at the last byte", IOP_VL_20_ABS,
	  .pokes = { OP(RVDA, 8, A + 0x1fff) }, NO_VBT(V(2, 0)),
	  .warn = W(RVDA_OVERLAP) | W(VBT_SIGNATURE) },
	{ "2.0 extended VBT ends inside", IOP_VL_20_ABS,
	  .pokes = { OP(RVDA, 8, A - 0x1000) }, NO_VBT(V(2, 0)),
	  .warn = W(RVDA_OVERLAP) | W(VBT_SIGNATURE) },
	{ "2.0 extended VBT ends on the first byte", IOP_VL_20_ABS,
	  .pokes = { OP(RVDA, 8, A - IOP_VEC_RVDS + 1) }, NO_VBT(V(2, 0)),
	  .warn = W(RVDA_OVERLAP) | W(VBT_SIGNATURE) },
	{ "2.0 extended VBT covers the OpRegion", IOP_VL_20_ABS,
	  .pokes = { OP(RVDA, 8, A - 0x1000), OP(RVDS, 4, 0x4000) },
	  NO_VBT(V(2, 0)), .warn = W(RVDA_OVERLAP) | W(VBT_SIGNATURE) },
	/* Intel EDK2 BroxtonPlatformPkg IgdOpRegion: RVDA = &mailbox 4 */
	{ "2.0 EDK2 Broxton: RVDA = ASLS + 0x400, RVDS = vbt_size", IOP_VL_20_M4,
	  .pokes = { OP(RVDA, 8, A + 0x400), OP(RVDS, 4, IOP_VEC_M4_VBT_SIZE) },
	  ACCEPT_M4(V(2, 0)), .warn = W(RVDA_MAILBOX4) },
	{ "2.0 EDK2 Broxton with RVDS 0x1800: all of mailbox 4", IOP_VL_20_M4,
	  .pokes = { OP(RVDA, 8, A + 0x400), OP(RVDS, 4, 0x1800) },
	  ACCEPT_M4(V(2, 0)), .warn = W(RVDA_MAILBOX4) },
	{ "2.0 RVDA = ASLS + 0x400, RVDS 0x1801: past mailbox 4", IOP_VL_20_M4,
	  .pokes = { OP(RVDA, 8, A + 0x400), OP(RVDS, 4, 0x1801) },
	  ACCEPT_M4(V(2, 0)), .warn = W(RVDA_OVERLAP) },
	{ "2.0 extended VBT right after the OpRegion", IOP_VL_20_ABS,
	  IOP_VV_EXT_PA, .ext_pa = A + 0x2000,
	  .pokes = { OP(RVDA, 8, A + 0x2000) }, ACCEPT_EXT(V(2, 1)) },
	{ "2.0 extended VBT right before the OpRegion", IOP_VL_20_ABS,
	  IOP_VV_EXT_PA, .ext_pa = A - IOP_VEC_RVDS,
	  .pokes = { OP(RVDA, 8, A - IOP_VEC_RVDS) }, ACCEPT_EXT(V(2, 1)) },

	/* 64-bit RVDA: a 32-bit truncation would land on the valid VBT */
	{ "2.0 RVDA 0x17a600000 truncates onto the VBT", IOP_VL_20_ABS,
	  .pokes = { OP(RVDA, 8, 0x100000000ULL + IOP_VEC_EXT_PA) },
	  REJECT(IOP_ERR_VBT_MAP) },
	{ "2.0 RVDA 0x17a600000 backed above 4 GiB", IOP_VL_20_ABS,
	  IOP_VV_EXT_PA, .ext_pa = 0x100000000ULL + IOP_VEC_EXT_PA,
	  .pokes = { OP(RVDA, 8, 0x100000000ULL + IOP_VEC_EXT_PA) },
	  ACCEPT_EXT(V(2, 1)) },
	{ "2.0 RVDA bit 63 set", IOP_VL_20_ABS,
	  .pokes = { OP(RVDA, 8, 0x8000000000000000ULL + IOP_VEC_EXT_PA) },
	  REJECT(IOP_ERR_VBT_MAP) },
	{ "2.1 RVDA 0x100002000 truncates to contiguous", IOP_VL_21_CONTIG,
	  .pokes = { OP(RVDA, 8, 0x100002000ULL) }, REJECT(IOP_ERR_VBT_MAP) },
	{ "2.1 RVDA 0x100002000 backed above 4 GiB", IOP_VL_21_CONTIG,
	  IOP_VV_EXT_PA, .ext_pa = A + 0x100002000ULL,
	  .pokes = { OP(RVDA, 8, 0x100002000ULL) }, ACCEPT_EXT(V(2, 1)) },

	/* Address arithmetic overflow */
	{ "2.1 ASLS + RVDA overflows", IOP_VL_21_CONTIG,
	  .pokes = { OP(RVDA, 8, 0xffffffffffffe000ULL) },
	  REJECT(IOP_ERR_RVDA_OVERFLOW) },
	{ "2.1 ASLS + RVDA + RVDS overflows", IOP_VL_21_CONTIG,
	  .pokes = { OP(RVDA, 8, RVDA_TOP_0x100) }, REJECT(IOP_ERR_RVDA_OVERFLOW) },
	{ "2.0 RVDA + RVDS overflows", IOP_VL_20_ABS,
	  .pokes = { OP(RVDA, 8, 0xffffffffffffff00ULL) },
	  REJECT(IOP_ERR_RVDA_OVERFLOW) },
	{ "2.0 RVDA + RVDS ends at 2^64", IOP_VL_20_ABS,
	  .pokes = { OP(RVDA, 8, 0ULL - IOP_VEC_RVDS) },
	  REJECT(IOP_ERR_RVDA_OVERFLOW) },
	{ "2.0 RVDA all ones", IOP_VL_20_ABS, .pokes = { OP(RVDA, 8, ~0ULL) },
	  REJECT(IOP_ERR_RVDA_OVERFLOW) },

	/* RVDS bound */
	{ "RVDS 0x10000: the bound", IOP_VL_21_CONTIG, .ext_len = 0x10000,
	  .pokes = { OP(RVDS, 4, 0x10000) },
	  ACCEPT(OPREGION_SIZE + 0x10000, V(2, 1), IOP_VBT_EXTENDED) },
	{ "RVDS 0x10001", IOP_VL_21_CONTIG, .ext_len = 0x10001,
	  .pokes = { OP(RVDS, 4, 0x10001) }, REJECT(IOP_ERR_RVDS) },
	{ "RVDS 0xffffffff", IOP_VL_21_CONTIG, .pokes = { OP(RVDS, 4, 0xffffffff) },
	  REJECT(IOP_ERR_RVDS) },
	{ "2.0 RVDS 0x10001 at a valid address", IOP_VL_20_ABS,
	  .pokes = { OP(RVDS, 4, 0x10001) }, REJECT(IOP_ERR_RVDS) },
	{ "RVDS 0x2f: smaller than a VBT header", IOP_VL_21_CONTIG,
	  .pokes = { OP(RVDS, 4, 0x2f) }, NO_VBT(V(2, 1)),
	  .warn = W(VBT_SIZE) | W(VBT_SIGNATURE) },
	{ "RVDS 0x30: header only, vbt_size larger", IOP_VL_21_SEP,
	  .pokes = { OP(RVDS, 4, 0x30) }, NO_VBT(V(2, 1)),
	  .warn = W(VBT_SIZE) | W(VBT_SIGNATURE) },
	{ "2.1 extended VBT memory shorter than RVDS", IOP_VL_21_SEP,
	  .ext_len = 0x1000, REJECT(IOP_ERR_VBT_MAP) },
	{ "2.0 extended VBT not backed", IOP_VL_20_ABS, IOP_VV_NO_EXT,
	  REJECT(IOP_ERR_VBT_MAP) },
	{ "2.1 separate extended VBT not backed", IOP_VL_21_SEP, IOP_VV_NO_EXT,
	  REJECT(IOP_ERR_VBT_MAP) },

	/*
	 * VBT header: an invalid extended VBT leaves the view without one,
	 * and mailbox 4 (here without a VBT either) is served, as i915
	 * falls back to it; without any VBT the mailboxes are served.
	 */
	{ "invalid extended VBT, valid mailbox 4 VBT: served from mailbox 4",
	  IOP_VL_21_CONTIG_M4, .pokes = { EXT(3, 1, 'X') }, ACCEPT_M4(V(2, 1)),
	  .warn = W(VBT_SIGNATURE) },
	{ "extended VBT bdb_size too large, valid mailbox 4 VBT",
	  IOP_VL_21_CONTIG_M4,
	  .pokes = { EXT(BDB + IOP_VEC_BDB_SIZE_OFF, 2, 0xffff) },
	  ACCEPT_M4(V(2, 1)), .warn = W(VBT_BDB) },
	{ "valid extended VBT and mailbox 4 VBT: the extended one", IOP_VL_21_CONTIG_M4,
	  ACCEPT_EXT(V(2, 1)) },
	{ "extended VBT signature $VBX", IOP_VL_21_CONTIG,
	  .pokes = { EXT(3, 1, 'X') }, NO_VBT(V(2, 1)),
	  .warn = W(VBT_SIGNATURE) },
	{ "2.0 extended VBT all filler", IOP_VL_20_ABS,
	  .pokes = { EXT(0, 4, 0x12345678) }, NO_VBT(V(2, 0)),
	  .warn = W(VBT_SIGNATURE) },
	{ "mailbox 4 VBT signature not $VBT", IOP_VL_20_M4,
	  .pokes = { M4(0, 1, '#') }, NO_VBT(V(2, 0)),
	  .warn = W(VBT_SIGNATURE) },
	{ "vbt_size RVDS + 1", IOP_VL_21_CONTIG,
	  .pokes = { EXT(IOP_VEC_VBT_SIZE_OFF, 2, IOP_VEC_RVDS + 1) },
	  NO_VBT(V(2, 1)), .warn = W(VBT_SIZE) | W(VBT_SIGNATURE) },
	{ "vbt_size = RVDS", IOP_VL_21_CONTIG,
	  .pokes = { EXT(IOP_VEC_VBT_SIZE_OFF, 2, IOP_VEC_RVDS) },
	  ACCEPT_EXT(V(2, 1)) },
	{ "vbt_size 0xffff", IOP_VL_20_ABS,
	  .pokes = { EXT(IOP_VEC_VBT_SIZE_OFF, 2, 0xffff) },
	  NO_VBT(V(2, 0)), .warn = W(VBT_SIZE) | W(VBT_SIGNATURE) },
	{ "vbt_size 47: below the header", IOP_VL_21_CONTIG,
	  .pokes = { EXT(IOP_VEC_VBT_SIZE_OFF, 2, 47) }, NO_VBT(V(2, 1)),
	  .warn = W(VBT_SIZE) | W(VBT_SIGNATURE) },
	{ "vbt_size 0", IOP_VL_20_M4,
	  .pokes = { M4(IOP_VEC_VBT_SIZE_OFF, 2, 0) }, NO_VBT(V(2, 0)),
	  .warn = W(VBT_SIZE) },
	{ "vbt_size 48: no room for the BDB header", IOP_VL_21_CONTIG,
	  .pokes = { EXT(IOP_VEC_VBT_SIZE_OFF, 2, 48) }, NO_VBT(V(2, 1)),
	  .warn = W(VBT_BDB) | W(VBT_SIGNATURE) },
	{ "bdb_offset = vbt_size + 1", IOP_VL_21_CONTIG,
	  .pokes = { EXT(IOP_VEC_VBT_BDB_OFF, 4, EXT_VBT + 1) },
	  NO_VBT(V(2, 1)), .warn = W(VBT_BDB) | W(VBT_SIGNATURE) },
	{ "bdb_offset = vbt_size", IOP_VL_21_SEP,
	  .pokes = { EXT(IOP_VEC_VBT_BDB_OFF, 4, EXT_VBT) },
	  NO_VBT(V(2, 1)), .warn = W(VBT_BDB) | W(VBT_SIGNATURE) },
	{ "bdb_offset 0xffffffff", IOP_VL_20_ABS,
	  .pokes = { EXT(IOP_VEC_VBT_BDB_OFF, 4, 0xffffffff) },
	  NO_VBT(V(2, 0)), .warn = W(VBT_BDB) | W(VBT_SIGNATURE) },
	{ "bdb_offset 0xffffffea: + header wraps 32 bits", IOP_VL_20_M4,
	  .pokes = { M4(IOP_VEC_VBT_BDB_OFF, 4, 0xffffffea) },
	  NO_VBT(V(2, 0)), .warn = W(VBT_BDB) },
	{ "BDB header runs 1 byte past vbt_size", IOP_VL_21_CONTIG,
	  .pokes = { EXT(IOP_VEC_VBT_BDB_OFF, 4, EXT_VBT - 21) },
	  NO_VBT(V(2, 1)), .warn = W(VBT_BDB) | W(VBT_SIGNATURE) },
	{ "BDB header ends at vbt_size, bdb_size 22", IOP_VL_21_CONTIG,
	  .pokes = { EXT(IOP_VEC_VBT_BDB_OFF, 4, EXT_VBT - 22),
		     EXT(EXT_VBT - 22 + IOP_VEC_BDB_SIZE_OFF, 2, 22) },
	  ACCEPT_EXT(V(2, 1)) },
	{ "bdb_size 0xffff", IOP_VL_21_CONTIG,
	  .pokes = { EXT(BDB + IOP_VEC_BDB_SIZE_OFF, 2, 0xffff) },
	  NO_VBT(V(2, 1)), .warn = W(VBT_BDB) | W(VBT_SIGNATURE) },
	{ "bdb_size 1 past vbt_size", IOP_VL_20_ABS,
	  .pokes = { EXT(BDB + IOP_VEC_BDB_SIZE_OFF, 2, EXT_VBT - BDB + 1) },
	  NO_VBT(V(2, 0)), .warn = W(VBT_BDB) | W(VBT_SIGNATURE) },
	{ "mailbox 4 bdb_size 1 past vbt_size", IOP_VL_30_M4,
	  .pokes = { M4(BDB + IOP_VEC_BDB_SIZE_OFF, 2,
			IOP_VEC_M4_VBT_SIZE - BDB + 1) },
	  NO_VBT(V(3, 0)), .warn = W(VBT_BDB) },

	/* Mailbox 4 VBT size: 6 KiB, or up to 7 KiB without mailbox 5 (i915) */
	{ "mailbox 4 vbt_size 0x1800 with mailbox 5", IOP_VL_20_M4,
	  .pokes = { M4(IOP_VEC_VBT_SIZE_OFF, 2, 0x1800) }, ACCEPT_M4(V(2, 0)) },
	{ "mailbox 4 vbt_size 0x1801 with mailbox 5", IOP_VL_20_M4,
	  .pokes = { M4(IOP_VEC_VBT_SIZE_OFF, 2, 0x1801) },
	  NO_VBT(V(2, 0)), .warn = W(VBT_SIZE) },
	{ "mailbox 4 vbt_size 0x1c00 without mailbox 5", IOP_VL_20_M4_NOEXT,
	  .pokes = { M4(IOP_VEC_VBT_SIZE_OFF, 2, 0x1c00) }, ACCEPT_M4(V(2, 0)) },
	{ "mailbox 4 vbt_size 0x1c01 without mailbox 5", IOP_VL_20_M4_NOEXT,
	  .pokes = { M4(IOP_VEC_VBT_SIZE_OFF, 2, 0x1c01) },
	  NO_VBT(V(2, 0)), .warn = W(VBT_SIZE) },
	{ "mailbox 4 vbt_size 0xffff without mailbox 5", IOP_VL_20_M4_NOEXT,
	  .pokes = { M4(IOP_VEC_VBT_SIZE_OFF, 2, 0xffff) },
	  NO_VBT(V(2, 0)), .warn = W(VBT_SIZE) },
};

const unsigned int iop_nr_vvecs = ARRAY_SIZE(iop_vvecs);

#define DATA \
	{ 0xe0, 0xe1, 0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, \
	  0xe8, 0xe9, 0xea, 0xeb, 0xec, 0xed, 0xee, 0xef }

/*
 * Access vectors. The guest writes DATA[0..len) at off on a freshly probed
 * view. 'W' bytes end up as DATA, 'R' bytes keep the baseline: the filler
 * (o & 0xff), or a layout field (SIZE 08 00 00 00, OVER 00 00 minor major,
 * RVDA, RVDS 00 1e 00 00, VBT "$VBT").
 */
const struct iop_avec iop_avecs[] = {
	/* The 2-byte aligned band PFMB 0x396 .. RVDS 0x3c6 */
	{ "FDSP tail, STAT, RVDA head", IOP_VL_21_CONTIG, 0x3b4, 8, "RRWWWWRR",
	  DATA, { 0xb4, 0xb5, 0xe2, 0xe3, 0xe4, 0xe5, 0x00, 0x20 } },
	{ "STAT alone (2-byte aligned)", IOP_VL_21_CONTIG, 0x3b6, 4, "WWWW",
	  DATA, { 0xe0, 0xe1, 0xe2, 0xe3 } },
	{ "STAT tail, RVDA head", IOP_VL_21_CONTIG, 0x3b8, 4, "WWRR",
	  DATA, { 0xe0, 0xe1, 0x00, 0x20 } },
	{ "RVDA tail, RVDS head", IOP_VL_21_CONTIG, 0x3c0, 4, "RRRR",
	  DATA, { 0x00, 0x00, 0x00, 0x1e } },
	{ "RVDS tail, reserved", IOP_VL_21_CONTIG, 0x3c4, 4, "RRRR",
	  DATA, { 0x00, 0x00, 0xc6, 0xc7 } },
	{ "PLUT tail, PFMB head", IOP_VL_21_CONTIG, 0x394, 4, "RRRR",
	  DATA, { 0x94, 0x95, 0x96, 0x97 } },
	{ "PFMB tail, CDDV head", IOP_VL_21_CONTIG, 0x398, 4, "RRRR",
	  DATA, { 0x98, 0x99, 0x9a, 0x9b } },
	{ "SROT tail, IUER head", IOP_VL_21_CONTIG, 0x3a4, 4, "RRRR",
	  DATA, { 0xa4, 0xa5, 0xa6, 0xa7 } },
	{ "IUER tail, FDSS head", IOP_VL_21_CONTIG, 0x3a8, 8, "RRRRRRRR",
	  DATA, { 0xa8, 0xa9, 0xaa, 0xab, 0xac, 0xad, 0xae, 0xaf } },
	{ "2.0 absolute: STAT, RVDA, RVDS", IOP_VL_20_ABS, 0x3b6, 16,
	  "WWWWRRRRRRRRRRRR", DATA,
	  { 0xe0, 0xe1, 0xe2, 0xe3, 0x00, 0x00, 0x60, 0x7a,
	    0x00, 0x00, 0x00, 0x00, 0x00, 0x1e, 0x00, 0x00 } },
	{ "2.0 mailbox 4: RVDA (0) refused", IOP_VL_20_M4, 0x3ba, 8, "RRRRRRRR",
	  DATA, { 0, 0, 0, 0, 0, 0, 0, 0 } },
	{ "1.0: STAT tail, no RVDA row", IOP_VL_10_M4, 0x3b8, 4, "WWRR",
	  DATA, { 0xe0, 0xe1, 0xba, 0xbb } },
	{ "1.0: RVDS bytes reserved", IOP_VL_10_M4, 0x3c2, 4, "RRRR",
	  DATA, { 0xc2, 0xc3, 0xc4, 0xc5 } },

	/* Mailbox 3: ASLE, mixed classes */
	{ "ALSI, BCLP, PFIT refused, CBLV forwarded", IOP_VL_21_CONTIG, 0x30c, 16,
	  "RRRRRRRRRRRRWWWW", DATA,
	  { 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13,
	    0x14, 0x15, 0x16, 0x17, 0xec, 0xed, 0xee, 0xef } },
	{ "ARDY bytes 1-2", IOP_VL_21_CONTIG, 0x301, 2, "WW",
	  DATA, { 0xe0, 0xe1 } },
	{ "ARDY tail, ASLC head", IOP_VL_21_CONTIG, 0x302, 4, "WWWW",
	  DATA, { 0xe0, 0xe1, 0xe2, 0xe3 } },
	{ "ASLC byte 1 (handshake partial)", IOP_VL_21_CONTIG, 0x305, 1, "W",
	  DATA, { 0xe0 } },
	{ "ASLC tail, TCHE, ALSI head", IOP_VL_21_CONTIG, 0x306, 8, "WWWWWWRR",
	  DATA, { 0xe0, 0xe1, 0xe2, 0xe3, 0xe4, 0xe5, 0x0c, 0x0d } },
	{ "BCLM tail, CPFM head", IOP_VL_21_CONTIG, 0x342, 4, "RRWW",
	  DATA, { 0x42, 0x43, 0xe2, 0xe3 } },
	{ "CPFM, EPFM", IOP_VL_21_CONTIG, 0x344, 8, "WWWWRRRR",
	  DATA, { 0xe0, 0xe1, 0xe2, 0xe3, 0x48, 0x49, 0x4a, 0x4b } },
	{ "mailbox 2 reserved tail, ARDY head", IOP_VL_21_CONTIG, 0x2fe, 4, "RRWW",
	  DATA, { 0xfe, 0xff, 0xe2, 0xe3 } },

	/* Mailbox 1: ACPI */
	{ "header reserved tail, DRDY head", IOP_VL_21_CONTIG, 0x0fe, 4, "RRWW",
	  DATA, { 0xfe, 0xff, 0xe2, 0xe3 } },
	{ "DRDY tail, CSTS, CEVT head", IOP_VL_21_CONTIG, 0x102, 8, "WWWWWWRR",
	  DATA, { 0xe0, 0xe1, 0xe2, 0xe3, 0xe4, 0xe5, 0x08, 0x09 } },
	{ "CSTS (handshake, blind)", IOP_VL_21_CONTIG, 0x104, 4, "WWWW",
	  DATA, { 0xe0, 0xe1, 0xe2, 0xe3 } },
	{ "DIDL element 0 tail, element 1 head", IOP_VL_21_CONTIG, 0x122, 4, "WWWW",
	  DATA, { 0xe0, 0xe1, 0xe2, 0xe3 } },
	{ "DIDL last element, CPDL first", IOP_VL_21_CONTIG, 0x13c, 8, "WWWWWWWW",
	  DATA, { 0xe0, 0xe1, 0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7 } },
	{ "CADL tail, NADL head", IOP_VL_21_CONTIG, 0x17e, 4, "WWRR",
	  DATA, { 0xe0, 0xe1, 0x80, 0x81 } },
	{ "ASLP tail, TIDX head", IOP_VL_21_CONTIG, 0x1a2, 4, "WWRR",
	  DATA, { 0xe0, 0xe1, 0xa4, 0xa5 } },
	{ "TIDX tail, CHPD, CLID head", IOP_VL_21_CONTIG, 0x1a6, 8, "RRWWWWRR",
	  DATA, { 0xa6, 0xa7, 0xe2, 0xe3, 0xe4, 0xe5, 0xac, 0xad } },
	{ "CLID, CDCK, SXSW, EVTS", IOP_VL_21_CONTIG, 0x1ac, 16,
	  "RRRRRRRRRRRRRRRR", DATA,
	  { 0xac, 0xad, 0xae, 0xaf, 0xb0, 0xb1, 0xb2, 0xb3,
	    0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xbb } },
	{ "DID2 last element, CPD2 first", IOP_VL_21_CONTIG, 0x1dc, 8, "WWWWWWWW",
	  DATA, { 0xe0, 0xe1, 0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7 } },

	/* Mailbox 2 */
	{ "SCIC (handshake)", IOP_VL_21_CONTIG, 0x200, 4, "WWWW",
	  DATA, { 0xe0, 0xe1, 0xe2, 0xe3 } },
	{ "SCIC tail, PARM, DSLP head", IOP_VL_21_CONTIG, 0x202, 8, "WWWWWWRR",
	  DATA, { 0xe0, 0xe1, 0xe2, 0xe3, 0xe4, 0xe5, 0x08, 0x09 } },
	{ "DSLP tail, reserved", IOP_VL_21_CONTIG, 0x20a, 4, "RRRR",
	  DATA, { 0x0a, 0x0b, 0x0c, 0x0d } },
	{ "3.0: CPD2 tail, reserved, BLCM head", IOP_VL_30_CONTIG, 0x1fa, 8,
	  "WWRRRRRR", DATA, { 0xe0, 0xe1, 0xfc, 0xfd, 0xfe, 0xff, 0x00, 0x01 } },
	{ "3.0: backlight mailbox at 0x200", IOP_VL_30_CONTIG, 0x200, 8, "RRRRRRRR",
	  DATA, { 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07 } },
	{ "3.0: BLCM tail, ARDY", IOP_VL_30_CONTIG, 0x2fc, 8, "RRRRWWWW",
	  DATA, { 0xfc, 0xfd, 0xfe, 0xff, 0xe4, 0xe5, 0xe6, 0xe7 } },

	/* Header */
	{ "SIZE tail, OVER, SVER head", IOP_VL_21_CONTIG, 0x012, 8, "RRRRRRRR",
	  DATA, { 0x00, 0x00, 0x00, 0x00, 0x01, 0x02, 0x18, 0x19 } },
	{ "GVER tail, MBOX, DMOD head", IOP_VL_21_CONTIG, 0x056, 8, "RRRRRRRR",
	  DATA, { 0x56, 0x57, 0x1f, 0x00, 0x00, 0x00, 0x5c, 0x5d } },

	/* Mailboxes 4, 5 and the extended VBT */
	{ "mailbox 3 reserved tail, mailbox 4 VBT", IOP_VL_20_M4, 0x3fe, 4, "RRRR",
	  DATA, { 0xfe, 0xff, 0x24, 0x56 } },
	{ "mailbox 4 tail, PHED head", IOP_VL_21_CONTIG, 0x1bfe, 4, "RRRR",
	  DATA, { 0xfe, 0xff, 0x00, 0x01 } },
	{ "PHED tail, BDDC head", IOP_VL_21_CONTIG, 0x1c02, 4, "RRRR",
	  DATA, { 0x02, 0x03, 0x04, 0x05 } },
	{ "no mailbox 5: reserved", IOP_VL_20_M4_NOEXT, 0x1c00, 4, "RRRR",
	  DATA, { 0x00, 0x01, 0x02, 0x03 } },
	{ "mailbox 5 end, extended VBT head", IOP_VL_21_CONTIG, 0x1ffe, 4, "RRRR",
	  DATA, { 0xfe, 0xff, 0x24, 0x56 } },
};

const unsigned int iop_nr_avecs = ARRAY_SIZE(iop_avecs);
