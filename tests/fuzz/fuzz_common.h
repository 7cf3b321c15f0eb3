/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fuzz_common.h - input formats of the libFuzzer targets and the helpers
 * they share with the seed generator (gen_corpus.c).
 *
 * Contract: this header is the only description of how the fuzzers read
 * their input; the generator writes seeds through the same constants, so a
 * change here changes both. Every reader tolerates short input: missing
 * bytes read as zero.
 *
 * fuzz_probe input:
 *	struct fuzz_probe_hdr, then up to 8 KiB of OpRegion image (zero
 *	padded), then the bytes of the extended VBT memory (whatever is
 *	left). The header chooses ASLS, where RVDA points and how the memory
 *	model lays out its chunks.
 *
 * fuzz_ops input:
 *	struct fuzz_ops_hdr, then operations until the input ends (at most
 *	FUZZ_MAX_OPS). An operation is one byte (FOP_* in bits 2:0, the offset
 *	mode in bits 4:3, the length mode in bits 6:5, bit 7: offset relative to
 *	a field element) followed by its arguments; see fuzz_run_ops().
 */
#ifndef IOP_FUZZ_COMMON_H
#define IOP_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "igd_opregion/iop.h"
#include "platform.h"

/* fuzz_probe: how the model backs the OpRegion and the extended VBT */
enum fuzz_chunks {
	FUZZ_CHUNKS_SEPARATE,	/* OpRegion chunk; extended VBT chunk where RVDA says */
	FUZZ_CHUNKS_ONE,	/* one chunk: OpRegion followed by the VBT bytes */
	FUZZ_CHUNKS_OPREGION,	/* OpRegion chunk only */
	FUZZ_CHUNKS_SHORT_OP,	/* OpRegion chunk @trim bytes short */
	FUZZ_CHUNKS_SHORT_EXT,	/* extended VBT chunk @trim bytes short */
	FUZZ_NR_CHUNKS,
};

/* fuzz_probe: where RVDA points (patched into the image) */
enum fuzz_rvda {
	FUZZ_RVDA_KEEP,		/* as the image says */
	FUZZ_RVDA_NEXT,		/* right after the OpRegion (relative or absolute per version) */
	FUZZ_RVDA_FAR,		/* separate allocation: PLAT_EXT_VBT_PA or PLAT_SEPARATE_RVDA */
	FUZZ_RVDA_BELOW,	/* below the OpRegion (absolute), or relative 0 .. 0x1fff */
	FUZZ_NR_RVDA,
};

#define FUZZ_NR_ASLS	8

struct fuzz_probe_hdr {
	u8 chunks;		/* enum fuzz_chunks, modulo */
	u8 asls;		/* index into fuzz_asls[], modulo */
	u8 rvda;		/* enum fuzz_rvda, modulo */
	u8 flags;		/* FUZZ_PROBE_F_* */
	u8 trim[2];		/* le16: bytes cut from a short chunk */
	u8 seed[2];		/* le16: seed of the post-probe accesses */
} __packed;

#define FUZZ_PROBE_F_FAIL_MAP	BIT(0)	/* ops->map fails */
#define FUZZ_PROBE_F_RACE	BIT(1)	/* firmware races the handshakes */

/* fuzz_ops: the platform */
struct fuzz_ops_hdr {
	u8 platform;		/* < fuzz_nr_vbts: a real VBT; else synthetic */
	u8 layout;		/* real: enum plat_layout; synthetic: version index */
	u8 mbox_xor;		/* synthetic: XORed into MBOX 0x1f */
	u8 race_pct;		/* chance (modulo 101) of a firmware race per cmpxchg32 */
	u8 race_seed[8];	/* le64 */
} __packed;

enum fuzz_op {
	FOP_READ,
	FOP_WRITE,
	FOP_FW,			/* firmware writes physical memory */
	FOP_CYCLE,		/* release, then open */
	FOP_RMW,		/* read, flip bits, write back */
	FOP_NR,
};

/* operation byte */
#define FOP_KIND(b)		((b) & 7)		/* >= FOP_NR: read */
#define FOP_OFF_MODE(b)		(((b) >> 3) & 3)
#define FOP_LEN_MODE(b)		(((b) >> 5) & 3)
#define FOP_ELEM		BIT(7)
#define FOP_MAKE(kind, off, len, elem)	\
	((u8)((kind) | (off) << 3 | (len) << 5 | ((elem) ? FOP_ELEM : 0)))

enum fuzz_off_mode {
	FOFF_U16,		/* le16 modulo (view size + 16) */
	FOFF_END,		/* u8: that many bytes (modulo 64) before the end */
	FOFF_HIGH,		/* le16 + 4 GiB: catches 32-bit truncation */
	FOFF_RAW,		/* le64, as given */
};

enum fuzz_len_mode {
	FLEN_SMALL,		/* u8 modulo 17 */
	FLEN_U16,		/* le16 */
	FLEN_VIEW,		/* view size - 1 + (u8 modulo 3) */
	FLEN_HUGE,		/* SIZE_MAX - u8 */
};

/*
 * FOP_ELEM: u8 element index (modulo the handshake, driver and firmware
 * element lists joined), u8 delta: offset = element + delta % 8 - 2
 */

/* FOP_WRITE, FOP_FW, FOP_RMW carry u8 count (modulo 33) then count data bytes */
#define FUZZ_MAX_DATA	32
#define FUZZ_MAX_OPS	256

/*
 * Synthetic platforms, indexed by fuzz_ops_hdr.layout: 1.0 mailbox 4,
 * 2.0 mailbox 4, 2.0 absolute, 2.1 contiguous, 3.0 contiguous, 3.0
 * mailbox 4 (see fuzz_ops.c)
 */
#define FUZZ_NR_SYNTH	6

struct fuzz_in {
	const u8 *p;
	size_t left;
};

struct fuzz_vbt {
	const char *name;
	const u8 *start;
	const u8 *end;
};

extern const u64 fuzz_asls[FUZZ_NR_ASLS];
/* The real VBTs embedded in fuzz_ops (vbt_set.c) */
extern const struct fuzz_vbt fuzz_vbts[];
extern const unsigned int fuzz_nr_vbts;

u8 fuzz_u8(struct fuzz_in *in);
u16 fuzz_u16(struct fuzz_in *in);
u64 fuzz_u64(struct fuzz_in *in);
size_t fuzz_bytes(struct fuzz_in *in, u8 *dst, size_t len);
size_t fuzz_synth_vbt(u8 *buf, size_t size);

struct oracle;
void fuzz_controls(void);
void fuzz_check(const struct oracle *o, bool ok);
void fuzz_debug(const struct oracle *o, const struct iop *iop, int probed);
void fuzz_run_ops(struct oracle *o, struct fuzz_in *in, unsigned int max_ops);

#endif /* IOP_FUZZ_COMMON_H */
