// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_probe.c - libFuzzer target: validation and stitching of hostile
 * host OpRegions.
 *
 * Input (fuzz_common.h): a header choosing ASLS, where RVDA points and how
 * the memory model backs the OpRegion and the extended VBT, then the
 * OpRegion image, then the extended VBT bytes. The engine must never
 * crash and never touch memory it did not map (the platform model aborts);
 * a rejected host must answer -EINVAL to every access; an accepted one must
 * match the oracle's geometry, serve the whole view and keep every
 * invariant through a full read, a full write and a few field accesses.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "oracle.h"

static u64 place_rvda(u8 *op, u64 asls, u8 mode, u16 trim)
{
	u16 ver = OPREGION_VER(op[OPREGION_OFF(header.over.major)],
			       op[OPREGION_OFF(header.over.minor)]);
	bool rel = ver >= OPREGION_VER(2, 1);
	u64 rvda;

	switch (mode % FUZZ_NR_RVDA) {
	case FUZZ_RVDA_NEXT:
		rvda = rel ? OPREGION_SIZE : asls + OPREGION_SIZE;
		break;
	case FUZZ_RVDA_FAR:
		rvda = rel ? PLAT_SEPARATE_RVDA : PLAT_EXT_VBT_PA;
		break;
	case FUZZ_RVDA_BELOW:
		rvda = rel ? trim % OPREGION_SIZE : asls - 0x10000;
		break;
	default:
		return get_unaligned_le64(op + OPREGION_OFF(asle.rvda));
	}
	put_unaligned_le64(rvda, op + OPREGION_OFF(asle.rvda));
	return rvda;
}

/* Where the extended VBT lives if the host means what it says. */
static bool ext_pa_of(const u8 *op, u64 asls, u64 rvda, u64 *pa)
{
	u16 ver = OPREGION_VER(op[OPREGION_OFF(header.over.major)],
			       op[OPREGION_OFF(header.over.minor)]);

	if (ver < OPREGION_VER(2, 1)) {
		*pa = rvda;
		return true;
	}
	return !__builtin_add_overflow(asls, rvda, pa);
}

/* After a successful probe: the whole view, then a few field accesses. */
static void exercise(struct oracle *o, const u8 *data, size_t len)
{
	u32 view = o->host.view_size;
	unsigned int i;
	u8 v[4];

	fuzz_check(o, oracle_open(o));
	fuzz_check(o, oracle_read(o, 0, view));
	fuzz_check(o, oracle_read(o, 0, SIZE_MAX));
	fuzz_check(o, oracle_write(o, 0, view, data, len));
	fuzz_check(o, oracle_read(o, view - 1, 2));
	fuzz_check(o, oracle_read(o, view, 1));
	fuzz_check(o, oracle_write(o, view, 1, data, len));
	for (i = 0; i < 8 && o->nr_hs_elems + o->nr_drv_elems; i++) {
		u32 k = oracle_rand(o) % (o->nr_hs_elems + o->nr_drv_elems);
		u32 e = k < o->nr_hs_elems ? o->hs_elems[k] :
			o->drv_elems[k - o->nr_hs_elems];
		u64 r = oracle_rand(o);

		put_unaligned_le32(r, v);
		if (r & 1)
			fuzz_check(o, oracle_fw_write(o, e, v, 4));
		fuzz_check(o, oracle_write(o, e + (r >> 8) % 6 - 1,
					   1 + (r >> 16) % 8, v, 4));
		fuzz_check(o, oracle_read(o, e, 4));
	}
	fuzz_check(o, oracle_read(o, 0, view));
	fuzz_check(o, oracle_release(o));
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_controls();
	return 0;
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	static struct oracle o;
	static struct iop iop;
	static u8 op[OPREGION_SIZE];
	struct fuzz_in in = { data, size };
	struct fuzz_probe_hdr h = { 0 };
	struct platform plat;
	const char *err;
	const u8 *ext;
	size_t ext_len, op_len, ext_size;
	u64 asls, rvda, ext_pa;
	u16 trim;
	u8 *p;
	int r;

	fuzz_bytes(&in, (u8 *)&h, sizeof(h));
	memset(op, 0, sizeof(op));
	fuzz_bytes(&in, op, sizeof(op));
	ext = in.p;
	ext_len = in.left;

	asls = fuzz_asls[h.asls % FUZZ_NR_ASLS];
	trim = get_unaligned_le16(h.trim);
	rvda = place_rvda(op, asls, h.rvda, trim);

	plat_init(&plat);
	plat.asls = asls;
	plat.fail_map = h.flags & FUZZ_PROBE_F_FAIL_MAP;
	op_len = OPREGION_SIZE;
	ext_size = ext_len;
	switch (h.chunks % FUZZ_NR_CHUNKS) {
	case FUZZ_CHUNKS_ONE:
		p = plat_add(&plat, asls, OPREGION_SIZE + ext_len, &err);
		if (p) {
			memcpy(p, op, OPREGION_SIZE);
			memcpy(p + OPREGION_SIZE, ext, ext_len);
		}
		ext_size = 0;
		break;
	case FUZZ_CHUNKS_SHORT_OP:
		op_len = OPREGION_SIZE - 1 - trim % (OPREGION_SIZE - 1);
		fallthrough;
	case FUZZ_CHUNKS_OPREGION:
		ext_size = 0;
		fallthrough;
	case FUZZ_CHUNKS_SHORT_EXT:
		if (ext_size && (h.chunks % FUZZ_NR_CHUNKS) == FUZZ_CHUNKS_SHORT_EXT)
			ext_size -= 1 + trim % ext_size;
		fallthrough;
	default:
		p = plat_add(&plat, asls, op_len, &err);
		if (p)
			memcpy(p, op, op_len);
		if (ext_size && ext_pa_of(op, asls, rvda, &ext_pa)) {
			p = plat_add(&plat, ext_pa, ext_size, &err);
			if (p)
				memcpy(p, ext, ext_size);
		}
		break;
	}

	r = oracle_probe(&o, &plat, &iop, get_unaligned_le16(h.seed),
			 h.flags & FUZZ_PROBE_F_RACE ? 50 : 0);
	fuzz_check(&o, r >= 0);
	fuzz_debug(&o, &iop, r);
	if (!r)
		exercise(&o, size > 64 ? data + 64 : data, size > 64 ? size - 64 : size);
	plat_free(&plat);
	return 0;
}
