// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_common.c - input readers, the synthetic VBT and the operation
 * interpreter shared by the libFuzzer targets; see fuzz_common.h.
 *
 * Every check is the oracle's (tests/prop/oracle.c): a broken invariant
 * aborts with the oracle's message so libFuzzer records a crash.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "oracle.h"

/* Typical, edge and invalid OpRegion addresses */
const u64 fuzz_asls[FUZZ_NR_ASLS] = {
	PLAT_ASLS,
	0x1000,				/* low memory */
	0xfffff000,			/* the OpRegion crosses 4 GiB */
	0xffffffffffffc000ULL,		/* ends 8 KiB below the top */
	0xffffffffffffe000ULL,		/* ends exactly at 2^64: invalid */
	0,				/* ASLS unset */
	0x7a5c3004,			/* not page aligned */
	0x100000000ULL - 0x1000,	/* 4 KiB below 4 GiB */
};

u8 fuzz_u8(struct fuzz_in *in)
{
	if (!in->left)
		return 0;
	in->left--;
	return *in->p++;
}

u16 fuzz_u16(struct fuzz_in *in)
{
	u16 lo = fuzz_u8(in);

	return lo | (u16)fuzz_u8(in) << 8;
}

u64 fuzz_u64(struct fuzz_in *in)
{
	u64 v = 0;
	unsigned int i;

	for (i = 0; i < 8; i++)
		v |= (u64)fuzz_u8(in) << (8 * i);
	return v;
}

size_t fuzz_bytes(struct fuzz_in *in, u8 *dst, size_t len)
{
	size_t n = len < in->left ? len : in->left;

	memcpy(dst, in->p, n);
	in->p += n;
	in->left -= n;
	return n;
}

/**
 * fuzz_synth_vbt() - a minimal valid VBT of exactly @size bytes
 * @buf: at least @size bytes
 * @size: vbt_size, at least 70 (VBT and BDB headers)
 *
 * Return: @size.
 */
size_t fuzz_synth_vbt(u8 *buf, size_t size)
{
	struct vbt_header *vbt = (struct vbt_header *)buf;
	struct bdb_header *bdb = (struct bdb_header *)(buf + sizeof(*vbt));
	size_t i;

	for (i = 0; i < size; i++)
		buf[i] = i * 7 + 3;
	memset(vbt, 0, sizeof(*vbt));
	memcpy(vbt->signature, "$VBT SYNTHETIC      ", 20);
	put_unaligned_le16(100, &vbt->version);
	put_unaligned_le16(sizeof(*vbt), &vbt->header_size);
	put_unaligned_le16(size, &vbt->vbt_size);
	put_unaligned_le32(sizeof(*vbt), &vbt->bdb_offset);
	memcpy(bdb->signature, "BIOS_DATA_BLOCK ", 16);
	put_unaligned_le16(250, &bdb->version);
	put_unaligned_le16(sizeof(*bdb), &bdb->header_size);
	put_unaligned_le16(size - sizeof(*vbt), &bdb->bdb_size);
	return size;
}

/**
 * fuzz_controls() - refuse to fuzz with an oracle that misses a violation
 *
 * Runs the oracle's positive controls (tests/prop/oracle_control.c) on a
 * synthetic VBT before the first input: every seeded violation must be
 * named, or the target aborts as a broken invariant does, and the run
 * fails before it can report executions that checked nothing.
 */
void fuzz_controls(void)
{
	static u8 vbt[3000];
	unsigned int nr;
	int missed;

	missed = oracle_controls(vbt, fuzz_synth_vbt(vbt, sizeof(vbt)), stderr,
				 false, &nr);
	if (missed) {
		fprintf(stderr, "invariant broken: the oracle let %d of %u seeded violations through\n",
			missed, nr);
		abort();
	}
	fprintf(stderr, "# oracle controls: %u seeded violations caught\n", nr);
}

/**
 * fuzz_check() - turn a failed oracle check into a libFuzzer crash
 * @o: the oracle
 * @ok: the check's result
 */
void fuzz_check(const struct oracle *o, bool ok)
{
	if (ok)
		return;
	fprintf(stderr, "invariant broken: %s\n", o->msg);
	abort();
}

/**
 * fuzz_debug() - with FUZZ_DEBUG set, say what the probe made of the input
 * @o: the oracle
 * @iop: the engine instance
 * @probed: oracle_probe()'s result
 *
 * For reading a reproducer or a seed: "./fuzz_ops crash-..." prints it.
 */
void fuzz_debug(const struct oracle *o, const struct iop *iop, int probed)
{
	static int on = -1;

	if (on < 0)
		on = !!getenv("FUZZ_DEBUG");
	if (!on)
		return;
	if (probed)
		fprintf(stderr, "probe: rejected (%s)\n",
			iop_reason_name(iop->reason));
	else
		fprintf(stderr, "probe: ok, view %u bytes v%x, host v%x mbox 0x%x, vbt at 0x%llx\n",
			o->host.view_size, o->host.view_ver, o->host.ver,
			o->host.mboxes, (unsigned long long)iop->geo.vbt_pa);
}

static u64 read_off(const struct oracle *o, struct fuzz_in *in, u8 op)
{
	u32 view = o->host.view_size;
	unsigned int nr = o->nr_hs_elems + o->nr_drv_elems + o->nr_fw_elems;

	if ((op & FOP_ELEM) && nr) {
		unsigned int i = fuzz_u8(in) % nr;
		u32 e = i < o->nr_hs_elems ? o->hs_elems[i] :
			i - o->nr_hs_elems < o->nr_drv_elems ?
			o->drv_elems[i - o->nr_hs_elems] :
			o->fw_elems[i - o->nr_hs_elems - o->nr_drv_elems];

		return e + fuzz_u8(in) % 8 - 2;
	}
	switch (FOP_OFF_MODE(op)) {
	case FOFF_U16:
		return fuzz_u16(in) % (view + 16);
	case FOFF_END:
		return view - 1 - fuzz_u8(in) % 64;
	case FOFF_HIGH:
		return (1ULL << 32) + fuzz_u16(in);
	default:
		return fuzz_u64(in);
	}
}

static size_t read_len(const struct oracle *o, struct fuzz_in *in, u8 op)
{
	switch (FOP_LEN_MODE(op)) {
	case FLEN_SMALL:
		return fuzz_u8(in) % 17;
	case FLEN_U16:
		return fuzz_u16(in);
	case FLEN_VIEW:
		return o->host.view_size - 1 + fuzz_u8(in) % 3;
	default:
		return SIZE_MAX - fuzz_u8(in);
	}
}

static size_t read_data(struct fuzz_in *in, u8 *data)
{
	size_t k = fuzz_u8(in) % (FUZZ_MAX_DATA + 1);

	return fuzz_bytes(in, data, k);
}

/**
 * fuzz_run_ops() - open the view, run operations from @in, release it
 * @o: a probed oracle
 * @in: the operations (fuzz_common.h)
 * @max_ops: stop after this many
 *
 * Every operation is checked by the oracle; a broken invariant aborts.
 */
void fuzz_run_ops(struct oracle *o, struct fuzz_in *in, unsigned int max_ops)
{
	u32 view = o->host.view_size;
	u8 data[FUZZ_MAX_DATA];
	unsigned int n;

	fuzz_check(o, oracle_open(o));
	for (n = 0; n < max_ops && in->left; n++) {
		u8 op = fuzz_u8(in);
		u64 off = read_off(o, in, op);
		size_t len, k, i;

		switch (FOP_KIND(op)) {
		case FOP_WRITE:
			len = read_len(o, in, op);
			k = read_data(in, data);
			fuzz_check(o, oracle_write(o, off, len, data, k));
			break;
		case FOP_FW:
			k = read_data(in, data);
			if (off >= view)
				break;
			if (k > view - off)
				k = view - off;
			fuzz_check(o, oracle_fw_write(o, off, data, k));
			break;
		case FOP_CYCLE:
			fuzz_check(o, oracle_release(o));
			fuzz_check(o, oracle_open(o));
			break;
		case FOP_RMW:
			len = read_len(o, in, op);
			k = read_data(in, data);
			fuzz_check(o, oracle_read(o, off, len));
			if (off >= view)
				break;
			/* write back what was read, with the input's bits flipped */
			for (i = 0; i < k && off + i < view; i++)
				data[i] ^= oracle_view_byte(o, off + i);
			fuzz_check(o, oracle_write(o, off, len, data, i));
			break;
		default:
			len = read_len(o, in, op);
			fuzz_check(o, oracle_read(o, off, len));
			break;
		}
	}
	fuzz_check(o, oracle_release(o));
}
