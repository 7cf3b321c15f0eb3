// SPDX-License-Identifier: GPL-2.0
/*
 * oracle.c - independent model of the proxy's contract; see oracle.h.
 *
 * The model never asks the engine what a byte should be. It parses the host
 * header itself, derives per-byte ownership from the table rows, keeps its
 * own image of physical memory and of what the guest has observed, and
 * after every engine call compares real physical memory and the returned
 * bytes with that image. Where they differ, the first difference is
 * classified by the invariant it breaks, so a failure reads as a sentence.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oracle.h"

/*
 * The engine's buffers must be exactly as large as the contract says, so
 * that AddressSanitizer reports a byte read or written past them. A fresh
 * malloc() per call did that at the price of a page fault or two per
 * operation; the arena (oracle_buf()) does it by poisoning what is not the
 * buffer. Without AddressSanitizer the poisoning is a no-op.
 */
#if defined(__SANITIZE_ADDRESS__)
#define ORACLE_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ORACLE_ASAN 1
#endif
#endif
#ifdef ORACLE_ASAN
#include <sanitizer/asan_interface.h>
#define oracle_poison(p, n)	__asan_poison_memory_region(p, n)
#define oracle_unpoison(p, n)	__asan_unpoison_memory_region(p, n)
#else
#define oracle_poison(p, n)	((void)(p), (void)(n))
#define oracle_unpoison(p, n)	((void)(p), (void)(n))
#endif

#define V2_0	OPREGION_VER(2, 0)
#define V2_1	OPREGION_VER(2, 1)

#define OVER_OFF	OPREGION_OFF(header.over)
#define RVDA_OFF	OPREGION_OFF(asle.rvda)
#define RVDS_OFF	OPREGION_OFF(asle.rvds)

static bool fail(struct oracle *o, const char *fmt, ...)
{
	va_list ap;

	if (o->failed)
		return false;
	o->failed = true;
	va_start(ap, fmt);
	vsnprintf(o->msg, sizeof(o->msg), fmt, ap);
	va_end(ap);
	return false;
}

/* xorshift64*: small, deterministic, never returns the same stream twice */
u64 oracle_rand(struct oracle *o)
{
	o->rng ^= o->rng >> 12;
	o->rng ^= o->rng << 25;
	o->rng ^= o->rng >> 27;
	return o->rng * 0x2545f4914f6cdd1dULL;
}

/**
 * oracle_host_parse() - read the host description from an OpRegion header
 * @host: filled in
 * @op: the 8 KiB OpRegion as the host holds it
 * @asls: its physical address
 *
 * RVDA and RVDS exist from 2.0 in the ASLE mailbox; RVDA is an absolute
 * address below 2.1 and relative to the OpRegion from 2.1 (i915's reading).
 * Whether the host passes validation is the engine's business: the model
 * only needs to know what the view looks like if it does.
 *
 * Return: 0, or -1 when the extended VBT address overflows (no valid view).
 */
int oracle_host_parse(struct oracle_host *host, const u8 *op, u64 asls)
{
	u64 rvda = 0;
	u32 rvds = 0;

	memset(host, 0, sizeof(*host));
	host->asls = asls;
	host->ver = OPREGION_VER(op[OVER_OFF + 3], op[OVER_OFF + 2]);
	host->mboxes = get_unaligned_le32(op + OPREGION_OFF(header.mboxes));
	if (host->ver >= V2_0 && (host->mboxes & MBOX_ASLE)) {
		rvda = get_unaligned_le64(op + RVDA_OFF);
		rvds = get_unaligned_le32(op + OPREGION_OFF(asle.rvds));
	}
	host->view_size = OPREGION_SIZE;
	host->view_ver = host->ver;
	if (!rvda || !rvds)
		return 0;
	host->ext = true;
	host->ext_len = rvds;
	if (host->ver >= V2_1) {
		if (__builtin_add_overflow(asls, rvda, &host->ext_pa))
			return -1;
	} else {
		host->ext_pa = rvda;
		host->view_ver = V2_1;
	}
	if (rvds > OPREGION_RVDS_MAX)
		return -1;
	host->view_size += rvds;
	return 0;
}

/*
 * field_of() and elem_of() run for every byte a write covers: inline, and
 * the element start is looked up in @elem, which oracle_build_rows()
 * computes from @row with the formula oracle_elem() documents.
 */
static inline const struct iop_field *field_of(const struct oracle *o, u32 off)
{
	if (off >= OPREGION_SIZE)
		return &iop_fields[iop_nr_fields - 1];
	return &iop_fields[o->row[off]];
}

static inline u32 elem_of(const struct oracle *o, u32 off)
{
	if (off >= OPREGION_SIZE || !o->row[off])
		return off;
	return o->elem[off];
}

const struct iop_field *oracle_field(const struct oracle *o, u32 off)
{
	return field_of(o, off);
}

/*
 * Start of the element (one access unit of its row) holding @off: for a
 * byte of row f, f->offset + (off - f->offset) / f->width * f->width; a
 * byte of no row, or past 8 KiB, is its own element.
 */
u32 oracle_elem(const struct oracle *o, u32 off)
{
	return elem_of(o, off);
}

static bool writable(const struct iop_field *f)
{
	return f->cls == IOP_DRV || f->cls == IOP_HANDSHAKE;
}

/* Bytes in [s, s + n) of rows the guest may not write. */
static u32 nr_fixed(const struct oracle *o, u32 s, u32 n)
{
	u32 lo = min_t(u32, s, OPREGION_SIZE);
	u32 hi = min_t(u32, s + n, OPREGION_SIZE);
	u32 past = s + n - max_t(u32, s, OPREGION_SIZE);

	/* Past 8 KiB every byte is the extended VBT's, the last row. */
	if (s + n <= OPREGION_SIZE || writable(&iop_fields[iop_nr_fields - 1]))
		past = 0;
	return o->fixed_below[hi] - o->fixed_below[lo] + past;
}

static const char *cls_name(const struct iop_field *f)
{
	return iop_class_name(f->cls);
}

/* First applicable row wins each byte: rows never overlap for one host. */
static void oracle_build_rows(struct oracle_rows *r, const u64 *key)
{
	unsigned int i, b;

	memset(r, 0, offsetof(struct oracle_rows, elem));
	memcpy(r->key, key, sizeof(r->key));
	for (i = 1; i < iop_nr_fields; i++) {
		const struct iop_field *f = &iop_fields[i];

		if (f->offset >= OPREGION_SIZE ||
		    !(key[i / 64] & (1ULL << (i % 64))))
			continue;
		for (b = f->offset; b < f->offset + f->size && b < OPREGION_SIZE; b++)
			if (!r->row[b])
				r->row[b] = i;
		if (f->cls == IOP_VIRT || (f->flags & IOP_F_SNAPSHOT))
			r->overlay_end = max_t(u32, r->overlay_end,
					       f->offset + f->size);
	}
	r->fixed_below[0] = 0;
	for (b = 0; b < OPREGION_SIZE; b++) {
		const struct iop_field *f = &iop_fields[r->row[b]];

		r->elem[b] = b;
		if (r->row[b])
			r->elem[b] = f->offset +
				     (b - f->offset) / f->width * f->width;
		r->fixed_below[b + 1] = r->fixed_below[b] + !writable(f);
	}
	for (b = OPREGION_SIZE; b--; )
		r->run_end[b] = b + 1 < OPREGION_SIZE && r->row[b + 1] == r->row[b] ?
				r->run_end[b + 1] : b + 1;
	for (b = 0; b < OPREGION_SIZE; b++) {
		const struct iop_field *f = &iop_fields[r->row[b]];

		if (!r->row[b] || r->elem[b] != b)
			continue;
		if (f->cls == IOP_FW)
			r->fw_elems[r->nr_fw_elems++] = b;
		else if (f->cls == IOP_HANDSHAKE &&
			 r->nr_hs_elems < ARRAY_SIZE(r->hs_elems))
			r->hs_elems[r->nr_hs_elems++] = b;
		else if (f->cls == IOP_DRV)
			r->drv_elems[r->nr_drv_elems++] = b;
	}
}

/* Before a probe the model can see: no row anywhere. */
static const struct oracle_rows oracle_no_rows;

static void oracle_use_rows(struct oracle *o, const struct oracle_rows *r)
{
	o->rows = r;
	o->row = r->row;
	o->elem = r->elem;
	o->run_end = r->run_end;
	o->fixed_below = r->fixed_below;
	o->overlay_end = r->overlay_end;
	o->fw_elems = r->fw_elems;
	o->nr_fw_elems = r->nr_fw_elems;
	o->hs_elems = r->hs_elems;
	o->nr_hs_elems = r->nr_hs_elems;
	o->drv_elems = r->drv_elems;
	o->nr_drv_elems = r->nr_drv_elems;
}

/*
 * The tables of the host's set of applicable rows: built byte by byte they
 * cost more than the rest of a short fuzz input, and the sets repeat (a
 * version and a mailbox bitmap decide them), so @o keeps the last
 * ORACLE_NR_ROWS sets it built.
 */
static void oracle_find_rows(struct oracle *o)
{
	const struct oracle_host *h = &o->host;
	u64 key[ARRAY_SIZE(oracle_no_rows.key)] = { 0 };
	struct oracle_rows *r;
	unsigned int i, k;

	/* row[] holds u8 row numbers: the key has a bit for each */
	static_assert(sizeof(key) * 8 >= 256, "a key bit per u8 row number");
	for (i = 1; i < iop_nr_fields; i++)
		if (iop_field_applies(&iop_fields[i], h->ver, h->mboxes))
			key[i / 64] |= 1ULL << (i % 64);
	for (i = 0; i < o->nr_rows_built; i++) {
		r = &o->rows_built[i];
		for (k = 0; k < ARRAY_SIZE(key) && r->key[k] == key[k]; k++)
			;
		if (k == ARRAY_SIZE(key)) {
			oracle_use_rows(o, r);
			return;
		}
	}
	r = &o->rows_built[o->next_rows];
	o->next_rows = (o->next_rows + 1) % ORACLE_NR_ROWS;
	if (o->nr_rows_built < ORACLE_NR_ROWS)
		o->nr_rows_built++;
	oracle_build_rows(r, key);
	oracle_use_rows(o, r);
}

static u64 view_pa(const struct oracle *o, u32 off)
{
	if (off < OPREGION_SIZE)
		return o->host.asls + off;
	return o->host.ext_pa + (off - OPREGION_SIZE);
}

/* Physical bytes of the view range [off, off + len), straight from memory. */
static u8 *phys(const struct oracle *o, u32 off, u32 len)
{
	return plat_ptr(o->plat, view_pa(o, off), len);
}

static void phys_copy(const struct oracle *o, u8 *dst)
{
	memcpy(dst, phys(o, 0, OPREGION_SIZE), OPREGION_SIZE);
	if (o->host.view_size > OPREGION_SIZE)
		memcpy(dst + OPREGION_SIZE,
		       phys(o, OPREGION_SIZE, o->host.view_size - OPREGION_SIZE),
		       o->host.view_size - OPREGION_SIZE);
}

static u32 view_off_of(const struct oracle *o, u64 pa, bool *ok)
{
	*ok = true;
	if (pa >= o->host.asls && pa - o->host.asls < OPREGION_SIZE)
		return pa - o->host.asls;
	if (o->host.ext && pa >= o->host.ext_pa &&
	    pa - o->host.ext_pa < o->host.ext_len)
		return OPREGION_SIZE + (pa - o->host.ext_pa);
	*ok = false;
	return 0;
}

/**
 * oracle_view_byte() - what the view must show at @off now
 * @o: the model
 * @off: view offset below host.view_size
 *
 * OVER reads as the view version (its first two bytes as the host had
 * them at probe), RVDA as 0x2000 with an extended VBT and 0 without,
 * snapshot fields as at probe, every other byte as physical memory holds
 * it now.
 *
 * Return: the byte.
 */
u8 oracle_view_byte(const struct oracle *o, u32 off)
{
	const struct iop_field *f = field_of(o, off);

	if (off >= OPREGION_SIZE || !o->row[off])
		return o->mphys[off];
	if (f->cls == IOP_VIRT) {
		if (off == OVER_OFF + 2)
			return o->host.view_ver & 0xff;
		if (off == OVER_OFF + 3)
			return o->host.view_ver >> 8;
		if (off >= RVDA_OFF && off < RVDA_OFF + 8)
			return o->host.ext && off == RVDA_OFF + 1 ? 0x20 : 0;
		return o->probe_img[off];
	}
	/* RVDS reads 0 like RVDA when the view has no extended VBT */
	if (!o->host.ext && off >= RVDS_OFF && off < RVDS_OFF + 4 &&
	    !strcmp(f->name, "RVDS"))
		return 0;
	if (f->flags & IOP_F_SNAPSHOT)
		return o->probe_img[off];
	return o->mphys[off];
}

static void oracle_event(void *priv, const struct iop_event *ev)
{
	struct oracle *o = priv;

	if (o->nr_evs < ORACLE_MAX_EVENTS)
		o->evs[o->nr_evs++] = *ev;
	else
		o->lost_evs++;
}

/*
 * Every store the engine makes: during a write only to bytes of a
 * driver-owned or handshake element the guest covered (a full element in
 * one store of its width, or single bytes, or the 4-byte compare-and-
 * exchange of a handshake element); during release only whole driver-owned
 * elements; never otherwise.
 */
static void oracle_on_store(struct platform *plat, u64 pa, unsigned int width,
			    const u8 *old, const u8 *new, void *priv)
{
	struct oracle *o = priv;
	const struct iop_field *f;
	u32 v, e0, i;
	bool ok;

	v = view_off_of(o, pa, &ok);
	if (!ok) {
		fail(o, "(a) store of %u bytes at pa 0x%llx outside the view",
		     width, (unsigned long long)pa);
		return;
	}
	f = field_of(o, v);
	e0 = elem_of(o, v);
	switch (o->phase) {
	case ORACLE_WRITE:
		for (i = v; i < v + width; i++) {
			const struct iop_field *g = field_of(o, i);

			if (!writable(g) || elem_of(o, i) != e0) {
				fail(o, "(a) store of %u bytes at view 0x%x reaches %s byte 0x%x (%s)",
				     width, v, cls_name(g), i, g->name);
				return;
			}
		}
		if (f->cls == IOP_HANDSHAKE && (v != e0 || width != 4)) {
			fail(o, "(a) handshake %s stored %u bytes at 0x%x, not one 4-byte update",
			     f->name, width, v);
			return;
		}
		if (f->cls == IOP_DRV && width != 1 &&
		    (v != e0 || width != f->width)) {
			fail(o, "(a) driver-owned %s stored %u bytes at 0x%x, not its element",
			     f->name, width, v);
			return;
		}
		if (width != 1 || f->cls == IOP_HANDSHAKE) {
			/* A whole-element store: the guest covered it all. */
			if (f->cls == IOP_DRV &&
			    (e0 < o->cov_lo || e0 + f->width > o->cov_hi))
				fail(o, "(a) %s stored whole at 0x%x, guest covered [0x%x,0x%x)",
				     f->name, e0, o->cov_lo, o->cov_hi);
			if (f->cls == IOP_HANDSHAKE &&
			    (e0 + 4 <= o->cov_lo || e0 >= o->cov_hi))
				fail(o, "(a) %s updated at 0x%x, guest covered [0x%x,0x%x)",
				     f->name, e0, o->cov_lo, o->cov_hi);
		} else if (v < o->cov_lo || v >= o->cov_hi) {
			fail(o, "(a) %s byte 0x%x stored, guest covered [0x%x,0x%x)",
			     f->name, v, o->cov_lo, o->cov_hi);
		}
		return;
	case ORACLE_RELEASE:
		if (f->cls != IOP_DRV || v != e0 || width != f->width)
			fail(o, "(a) release stored %u bytes at 0x%x (%s %s)",
			     width, v, cls_name(f), f->name);
		return;
	default:
		fail(o, "(a) store of %u bytes at view 0x%x (%s) outside a write",
		     width, v, f->name);
		return;
	}
}

/* Firmware writes physical bytes; the model follows. */
static void fw_poke(struct oracle *o, u32 v, const u8 *src, u32 len)
{
	memcpy(phys(o, v, len), src, len);
	memcpy(o->mphys + v, src, len);
	memset(o->race_touched + v, 1, len);
	o->touched_lo = min(o->touched_lo, v);
	o->touched_hi = max(o->touched_hi, v + len);
}

/*
 * Inside cmpxchg32, before the compare: "firmware at the same moment".
 * The firmware changes the handshake element being updated (request,
 * status and completion bits as real ASL does, or any value for the rows
 * without fwmask) or a firmware-owned element. It never touches
 * driver-owned bytes or another handshake element here, so the order of
 * the engine's stores within one write does not matter to the model.
 */
static void oracle_race(struct platform *plat, u64 pa, void *priv)
{
	struct oracle *o = priv;
	const struct iop_field *f;
	u32 v, cur, val, fwmask;
	u8 buf[4];
	bool ok;

	if (o->phase != ORACLE_WRITE || !o->race_budget ||
	    oracle_rand(o) % 100 >= o->race_pct)
		return;
	o->race_budget--;
	o->nr_races++;
	v = view_off_of(o, pa, &ok);
	if (!ok)
		return;		/* the store check reports it */
	if (oracle_rand(o) % 4 == 0 && o->nr_fw_elems) {
		u32 e = o->fw_elems[oracle_rand(o) % o->nr_fw_elems];
		u64 r = oracle_rand(o);

		f = field_of(o, e);
		fw_poke(o, e, (const u8 *)&r, f->width);
		return;
	}
	f = field_of(o, v);
	if (f->cls != IOP_HANDSHAKE || v + 4 > OPREGION_SIZE)
		return;
	fwmask = f->fwmask;
	cur = get_unaligned_le32(phys(o, v, 4));
	switch (oracle_rand(o) % 4) {
	case 0:		/* a new request or completion: set some fwmask bits */
		val = cur | ((u32)oracle_rand(o) & fwmask);
		break;
	case 1:		/* SCIC completion: status in bits 7:5, bit 0 cleared */
		val = (cur & ~fwmask) |
		      ((u32)oracle_rand(o) & fwmask & ~SWSCI_SCIC_INDICATOR);
		break;
	case 2:		/* firmware rewrites its bits wholesale */
		val = (cur & ~fwmask) | ((u32)oracle_rand(o) & fwmask);
		break;
	default:	/* CSTS = 3, PARM results: any value */
		val = fwmask ? cur ^ ((u32)oracle_rand(o) & fwmask) :
			       (u32)oracle_rand(o);
		break;
	}
	put_unaligned_le32(val, buf);
	fw_poke(o, v, buf, 4);
}

/*
 * First index in [from, to) where @a and @b differ, or @to. Eight bytes
 * at a time in plain loads: the oracle compares whole views after every
 * operation, and memcmp() under the sanitizers' interceptors costs a call
 * into the runtime per chunk.
 */
static u32 next_diff(const u8 *a, const u8 *b, u32 from, u32 to)
{
	u64 x, y;

	while (from < to && (from & 7)) {
		if (a[from] != b[from])
			return from;
		from++;
	}
	for (; to - from >= 8; from += 8) {
		memcpy(&x, a + from, 8);
		memcpy(&y, b + from, 8);
		if (x != y)
			break;
	}
	while (from < to && a[from] == b[from])
		from++;
	return from;
}

/* Same, for ranges that are usually equal: one memcmp() settles those. */
static u32 first_diff(const u8 *a, const u8 *b, u32 from, u32 to)
{
	if (from >= to || !memcmp(a + from, b + from, to - from))
		return to;
	return next_diff(a, b, from, to);
}

typedef u32 (*oracle_diff_fn)(const u8 *a, const u8 *b, u32 from, u32 to);

/*
 * First view offset in [from, to) where physical memory, read in place in
 * the OpRegion's and the extended VBT's chunks, differs from @img (view
 * offsets), or @to. Comparing in place saves a copy of the view per check.
 */
static u32 phys_diff(const struct oracle *o, const u8 *img, u32 from, u32 to,
		     oracle_diff_fn diff)
{
	u32 mid = min_t(u32, to, OPREGION_SIZE), i;

	if (from < mid) {
		i = diff(phys(o, 0, OPREGION_SIZE), img, from, mid);
		if (i < mid)
			return i;
		from = mid;
	}
	if (from >= to)
		return to;
	return OPREGION_SIZE +
	       diff(phys(o, OPREGION_SIZE, o->host.view_size - OPREGION_SIZE),
		    img + OPREGION_SIZE, from - OPREGION_SIZE, to - OPREGION_SIZE);
}

static u8 phys_byte(const struct oracle *o, u32 off)
{
	return *phys(o, off, 1);
}

/*
 * Only a write and a release look at the physical bytes from before the
 * call (@pre), and only a write at the bytes a firmware race touched: the
 * races of the last write touched [touched_lo, touched_hi) at most, and
 * the rest of @race_touched is still clear.
 */
static void begin(struct oracle *o, enum oracle_phase phase)
{
	o->phase = phase;
	o->nr_evs = 0;
	o->lost_evs = 0;
	memcpy(o->refused_before, o->iop->refused, sizeof(o->refused_before));
	if (phase == ORACLE_WRITE && o->touched_lo < o->touched_hi) {
		memset(o->race_touched + o->touched_lo, 0,
		       o->touched_hi - o->touched_lo);
		o->touched_lo = o->host.view_size;
		o->touched_hi = 0;
	}
	if (phase == ORACLE_WRITE || phase == ORACLE_RELEASE)
		phys_copy(o, o->pre);
}

/*
 * Compare physical memory with the model after a call that stores nothing:
 * the whole view, wherever the call was.
 */
static bool check_unchanged(struct oracle *o, const char *what)
{
	u32 i;

	i = phys_diff(o, o->mphys, 0, o->host.view_size, first_diff);
	if (i < o->host.view_size)
		return fail(o, "(a) %s changed physical view byte 0x%x (%s): 0x%02x -> 0x%02x",
			    what, i, field_of(o, i)->name, o->mphys[i],
			    phys_byte(o, i));
	return true;
}

static ssize_t expected_count(const struct oracle *o, u64 off, size_t len)
{
	if (off >= o->host.view_size)
		return -EINVAL;
	if (len > o->host.view_size - off)
		return o->host.view_size - off;
	return len;
}

/* A VBT of at most @space bytes at @v, checked as i915's intel_bios.c does. */
static bool oracle_vbt_ok(const u8 *v, u32 space)
{
	u32 vbt_size, bdb_off;

	if (space < sizeof(struct vbt_header) || memcmp(v, "$VBT", 4))
		return false;
	vbt_size = get_unaligned_le16(v + offsetof(struct vbt_header, vbt_size));
	if (vbt_size < sizeof(struct vbt_header) || vbt_size > space)
		return false;
	bdb_off = get_unaligned_le32(v + offsetof(struct vbt_header, bdb_offset));
	if (bdb_off > vbt_size || vbt_size - bdb_off < sizeof(struct bdb_header))
		return false;
	return get_unaligned_le16(v + bdb_off + offsetof(struct bdb_header, bdb_size)) <=
	       vbt_size - bdb_off;
}

/*
 * The tolerance policy (Documentation/security.rst): an extended VBT that
 * points into the OpRegion, or that holds no valid VBT, is left out of the
 * view, which then serves mailbox 4 as a host without one.
 */
static void oracle_drop_ext(struct oracle_host *h, const struct platform *plat,
			    u64 rvda)
{
	const u8 *ext;
	u64 end;

	if (!h->ext)
		return;
	if (h->ver >= V2_1 && rvda < OPREGION_SIZE)
		goto drop;
	if (__builtin_add_overflow(h->ext_pa, (u64)h->ext_len, &end))
		return;		/* rejected: the model cannot see it */
	if (h->ext_pa < h->asls + OPREGION_SIZE && end > h->asls)
		goto drop;
	ext = plat_ptr((struct platform *)plat, h->ext_pa, h->ext_len);
	if (!ext || oracle_vbt_ok(ext, h->ext_len))
		return;
drop:
	h->ext = false;
	h->ext_pa = 0;
	h->ext_len = 0;
	h->view_size = OPREGION_SIZE;
	h->view_ver = h->ver;
}

/**
 * oracle_probe() - probe the engine on @plat and set up the model
 * @o: the model, overwritten
 * @plat: a platform whose asls is set
 * @iop: the engine instance, overwritten by iop_probe()
 * @race_seed: seed of the firmware race generator
 * @race_pct: chance in percent that a cmpxchg32 meets a firmware write
 *
 * Return: 0 when the engine accepted the host and the model agrees with
 * its geometry, 1 when the engine rejected it (and every access then
 * returns -EINVAL), -1 when a check failed (@o->msg).
 */
int oracle_probe(struct oracle *o, struct platform *plat, struct iop *iop,
		 u64 race_seed, unsigned int race_pct)
{
	const u8 *op = plat_ptr(plat, plat->asls, OPREGION_SIZE);
	bool model_ok, ext_backed;
	u8 scratch[4];
	int ret;

	memset(o, 0, offsetof(struct oracle, probe_img));
	oracle_use_rows(o, &oracle_no_rows);
	memset(o->fwd_mark, 0, sizeof(o->fwd_mark));
	oracle_poison(o->arena, sizeof(o->arena));
	o->plat = plat;
	o->iop = iop;
	o->rng = race_seed | 1;
	o->race_pct = race_pct;
	plat->race = oracle_race;
	plat->race_priv = o;
	plat->on_store = oracle_on_store;
	plat->store_priv = o;

	model_ok = op && !oracle_host_parse(&o->host, op, plat->asls) &&
		   !__builtin_add_overflow(plat->asls, (u64)OPREGION_SIZE,
					   &(u64){0});
	if (model_ok)
		oracle_drop_ext(&o->host, plat,
				get_unaligned_le64(op + RVDA_OFF));
	ext_backed = model_ok && (!o->host.ext ||
		     plat_ptr(plat, o->host.ext_pa, o->host.ext_len));
	if (model_ok && ext_backed) {
		oracle_find_rows(o);
		o->touched_hi = o->host.view_size;	/* the first write clears it */
		phys_copy(o, o->mphys);
		memcpy(o->probe_img, o->mphys, OPREGION_SIZE);
		memcpy(o->seen, o->mphys, OPREGION_SIZE);
	}

	o->phase = ORACLE_PROBE;
	ret = iop_probe(iop, plat->asls, &plat_ops, plat, oracle_event, o);
	o->phase = ORACLE_IDLE;
	if (o->failed)
		return -1;

	if (ret) {
		if (iop_read(iop, 0, scratch, 1) != -EINVAL ||
		    iop_write(iop, 0, scratch, 1) != -EINVAL)
			return fail(o, "(f) rejected view (%s) does not return -EINVAL",
				    iop_reason_name(iop->reason)), -1;
		if (model_ok && ext_backed && !check_unchanged(o, "rejected probe"))
			return -1;
		return 1;
	}
	if (!model_ok || !ext_backed)
		return fail(o, "(g) engine accepted a host the model cannot see (%s)",
			    model_ok ? "extended VBT not backed" : "OpRegion"), -1;
	if (iop->geo.view_size != o->host.view_size ||
	    iop->geo.view_ver != o->host.view_ver ||
	    (o->host.ext && iop->geo.vbt_pa != o->host.ext_pa))
		return fail(o, "(f) geometry: view %u v%x vbt 0x%llx, model %u v%x vbt 0x%llx",
			    iop->geo.view_size, iop->geo.view_ver,
			    (unsigned long long)iop->geo.vbt_pa,
			    o->host.view_size, o->host.view_ver,
			    (unsigned long long)o->host.ext_pa), -1;
	if (o->host.ext ? memcmp(o->mphys + OPREGION_SIZE, "$VBT", 4) :
	    !oracle_vbt_ok(o->mphys + OPREGION_VBT_OFFSET,
			   (o->host.mboxes & MBOX_ASLE_EXT) ? OPREGION_VBT_SIZE :
			   OPREGION_SIZE - OPREGION_VBT_OFFSET) &&
	    (iop->geo.vbt_size || !(iop->warnings & (IOP_WARN(IOP_ERR_VBT_SIGNATURE) |
						     IOP_WARN(IOP_ERR_VBT_SIZE) |
						     IOP_WARN(IOP_ERR_VBT_BDB)))))
		return fail(o, "(g) engine accepted an invalid VBT without naming it (vbt_size %u, tolerated 0x%x)",
			    iop->geo.vbt_size, iop->warnings), -1;
	if (o->nr_evs)
		return fail(o, "(g) probe reported %u events", o->nr_evs), -1;
	return check_unchanged(o, "probe") ? 0 : -1;
}

/**
 * oracle_open() - iop_open() and check it
 * @o: a probed model
 *
 * Open snapshots the driver-owned state and re-reads the tracked values:
 * the new user starts from what physical memory holds now.
 *
 * Return: true when every check passed.
 */
bool oracle_open(struct oracle *o)
{
	unsigned int i;

	begin(o, ORACLE_OPEN);
	iop_open(o->iop);
	o->phase = ORACLE_IDLE;
	if (o->failed)
		return false;
	for (i = 0; i < IOP_MAX_FIELDS; i++)
		if (o->iop->refused[i])
			return fail(o, "(g) open left refusal counter %u at %u",
				    i, o->iop->refused[i]);
	if (o->nr_evs)
		return fail(o, "(g) open reported %u events", o->nr_evs);
	memcpy(o->saved, o->mphys, OPREGION_SIZE);
	memcpy(o->seen, o->mphys, OPREGION_SIZE);
	o->opened = true;
	return check_unchanged(o, "open");
}

/**
 * oracle_release() - iop_release() and check it
 * @o: a probed model, opened or not
 *
 * Every driver-owned element that differs from its value at open is
 * restored with one store and reported as IOP_EV_RESTORE (old: what
 * physical held, new: the value at open); nothing else changes. Without
 * an open since the last release nothing is restored.
 *
 * Return: true when every check passed.
 */
bool oracle_release(struct oracle *o)
{
	unsigned int i, nr_restore = 0;
	const u8 *before = o->pre;
	bool opened = o->opened;

	begin(o, ORACLE_RELEASE);
	iop_release(o->iop);
	o->phase = ORACLE_IDLE;
	o->opened = false;
	if (o->failed)
		return false;

	/* Without an open since the last release there is nothing to restore. */
	for (i = 0; opened && i < o->nr_drv_elems; i++) {
		u32 e = o->drv_elems[i], w = field_of(o, e)->width;

		if (!memcmp(o->mphys + e, o->saved + e, w))
			continue;
		nr_restore++;
		memcpy(o->mphys + e, o->saved + e, w);
	}
	for (i = 0; i < o->nr_evs; i++) {
		const struct iop_event *ev = &o->evs[i];
		const struct iop_field *f = field_of(o, ev->off);
		u64 was = 0, want = 0;

		if (ev->kind != IOP_EV_RESTORE || f->cls != IOP_DRV ||
		    ev->field != f || ev->len != f->width ||
		    elem_of(o, ev->off) != ev->off)
			return fail(o, "(g) release reported event kind %d at 0x%x (%s)",
				    ev->kind, ev->off, ev->field->name);
		memcpy(&was, before + ev->off, ev->len);
		memcpy(&want, o->saved + ev->off, ev->len);
		if (ev->old_val != was || ev->new_val != want)
			return fail(o, "(g) RESTORE %s at 0x%x: 0x%llx -> 0x%llx, model 0x%llx -> 0x%llx",
				    f->name, ev->off,
				    (unsigned long long)ev->old_val,
				    (unsigned long long)ev->new_val,
				    (unsigned long long)was,
				    (unsigned long long)want);
	}
	if (o->nr_evs != nr_restore)
		return fail(o, "(g) release reported %u restores, model %u",
			    o->nr_evs, nr_restore);
	i = phys_diff(o, o->mphys, 0, o->host.view_size, first_diff);
	if (i < o->host.view_size)
		return fail(o, "(b) after release view byte 0x%x (%s %s) is 0x%02x, model 0x%02x",
			    i, cls_name(field_of(o, i)),
			    field_of(o, i)->name, phys_byte(o, i),
			    o->mphys[i]);
	return true;
}

/*
 * A buffer of exactly @n bytes (at least one) for the engine: its first
 * byte is 64-byte aligned, everything else in the arena is poisoned, so an
 * access past either end is reported as it would be next to a malloc()ed
 * one. oracle_buf_put() poisons it again.
 */
static u8 *oracle_buf(struct oracle *o, size_t n)
{
	u8 *buf = o->arena + ORACLE_GUARD;

	buf += -(uintptr_t)buf & 63;
	if (n > ORACLE_MAX_VIEW)
		return NULL;
	oracle_unpoison(buf, n ? n : 1);
	return buf;
}

static void oracle_buf_put(struct oracle *o, u8 *buf, size_t n)
{
	oracle_poison(buf, n ? n : 1);
}

/**
 * oracle_read() - iop_read() into a buffer of exactly the expected size
 * @o: an opened model
 * @off: view offset (any value)
 * @len: bytes asked for (any value)
 *
 * Return: true when every check passed.
 */
bool oracle_read(struct oracle *o, u64 off, size_t len)
{
	ssize_t want = expected_count(o, off, len), got;
	u32 s = off, i, ov;
	u8 *buf;

	buf = oracle_buf(o, want > 0 ? want : 1);
	if (!buf)
		return fail(o, "read of %zd bytes: larger than any view", want);
	memset(buf, 0xa5, want > 0 ? want : 1);
	begin(o, ORACLE_READ);
	got = iop_read(o->iop, off, buf, len);
	o->phase = ORACLE_IDLE;
	if (o->failed)
		goto out;
	if (got != want) {
		fail(o, "(f) iop_read(0x%llx, %zu) returned %zd, want %zd",
		     (unsigned long long)off, len, got, want);
		goto out;
	}
	/*
	 * The view is physical memory (the model's image) except below
	 * overlay_end: the first @ov bytes are compared with what
	 * oracle_view_byte() says, the rest with the image in place.
	 */
	ov = want > 0 && s < o->overlay_end ? min_t(u32, want, o->overlay_end - s) : 0;
	for (i = 0; i < ov; i++)
		o->scratch[i] = oracle_view_byte(o, s + i);
	i = first_diff(buf, o->scratch, 0, ov);
	if (i == ov && want > 0)
		i = ov + first_diff(buf + ov, o->mphys + s + ov, 0, want - ov);
	if (want > 0 && i < want) {
		u32 v = s + i;
		u8 m = i < ov ? o->scratch[i] : o->mphys[v];
		const struct iop_field *f = field_of(o, v);

		if (f->cls == IOP_VIRT)
			fail(o, "(e) view byte 0x%x (%s) reads 0x%02x, want 0x%02x",
			     v, f->name, buf[i], m);
		else
			fail(o, "(c) view byte 0x%x (%s %s%s) reads 0x%02x, physical/model 0x%02x",
			     v, cls_name(f), f->name,
			     f->flags & IOP_F_SNAPSHOT ? " snapshot" : "",
			     buf[i], m);
		goto out;
	}
	if (want > 0 && s < OPREGION_SIZE)
		memcpy(o->seen + s, buf, min_t(u32, want, OPREGION_SIZE - s));

	if (o->lost_evs) {
		fail(o, "(g) more than %u events in one read", ORACLE_MAX_EVENTS);
		goto out;
	}
	for (i = 0; i < o->nr_evs; i++) {
		const struct iop_event *ev = &o->evs[i];
		const struct iop_field *f;
		u64 val = 0;

		if (ev->kind != IOP_EV_FW_CHANGE || ev->off >= OPREGION_SIZE) {
			fail(o, "(g) read reported event kind %d at 0x%x",
			     ev->kind, ev->off);
			goto out;
		}
		f = field_of(o, ev->off);
		if (ev->field != f || elem_of(o, ev->off) != ev->off ||
		    ev->len != (o->row[ev->off] ? f->width : 1u) ||
		    ev->old_val == ev->new_val) {
			fail(o, "(g) FW_CHANGE %s at 0x%x len %u 0x%llx -> 0x%llx inconsistent (model %s)",
			     ev->field->name, ev->off, ev->len,
			     (unsigned long long)ev->old_val,
			     (unsigned long long)ev->new_val, f->name);
			goto out;
		}
		if (ev->off >= s && ev->off + ev->len <= s + want) {
			memcpy(&val, buf + (ev->off - s), ev->len);
			if (val != ev->new_val) {
				fail(o, "(g) FW_CHANGE %s at 0x%x new 0x%llx, read 0x%llx",
				     f->name, ev->off,
				     (unsigned long long)ev->new_val,
				     (unsigned long long)val);
				goto out;
			}
		}
	}
	check_unchanged(o, "read");
out:
	oracle_buf_put(o, buf, want > 0 ? want : 1);
	return !o->failed;
}

/* Apply a guest write to the model: what physical memory must now hold. */
static void model_write(struct oracle *o, u32 s, u32 n, const u8 *g)
{
	u32 p = s, end = s + n;

	while (p < end && p < OPREGION_SIZE) {
		const struct iop_field *f = field_of(o, p);
		u32 e0 = elem_of(o, p), q, cur, seen, want, keep;
		u8 w[4];

		if (f->cls == IOP_DRV) {
			o->mphys[p] = g[p - s];
			o->seen[p] = g[p - s];
			p++;
			continue;
		}
		if (f->cls != IOP_HANDSHAKE) {
			p = o->run_end[p];	/* the rest of the run: the same row */
			continue;
		}
		/*
		 * The firmware's value at the moment of the update is the
		 * model's image now: it already holds every injected write.
		 */
		q = min(end, e0 + 4);
		cur = get_unaligned_le32(o->mphys + e0);
		seen = get_unaligned_le32(o->seen + e0);
		memcpy(w, o->mphys + e0, 4);
		memcpy(w + (p - e0), g + (p - s), q - p);
		want = get_unaligned_le32(w);
		keep = (cur ^ seen) & f->fwmask;
		/*
		 * A guest setting the request bit 0 of SCIC while the
		 * firmware has it clear starts a new request: its value
		 * replaces the completion whole (issue 8 f).
		 */
		if ((f->flags & IOP_F_REQUEST) && (want & ~cur & 1))
			keep = 0;
		put_unaligned_le32((want & ~keep) | (cur & keep), o->mphys + e0);
		put_unaligned_le32(keep, o->kept + e0);
		if (keep)
			o->nr_kept++;
		memcpy(o->seen + p, g + (p - s), q - p);
		p = q;
	}
}

/* Name the invariant a physical byte that differs from the model breaks. */
static bool explain(struct oracle *o, u32 v, u8 now, const u8 *g)
{
	const struct iop_field *f = field_of(o, v);
	bool covered = v >= o->cov_lo && v < o->cov_hi;
	u32 e0, diff;

	if (f->cls == IOP_VIRT)
		return fail(o, "(e) virtualized %s byte 0x%x reached physical: 0x%02x -> 0x%02x",
			    f->name, v, o->pre[v], now);
	if (!covered || !writable(f))
		return fail(o, "(a) guest write [0x%x,0x%x) changed %s byte 0x%x (%s): 0x%02x -> 0x%02x",
			    o->cov_lo, o->cov_hi, cls_name(f), v, f->name,
			    o->pre[v], now);
	if (f->cls == IOP_DRV)
		return fail(o, "(b) driver-owned %s byte 0x%x is 0x%02x after the write, guest wrote 0x%02x",
			    f->name, v, now, g[v - o->cov_lo]);
	e0 = elem_of(o, v);
	diff = now ^ o->mphys[v];
	if (diff & o->kept[v])
		return fail(o, "(d) handshake %s byte 0x%x: 0x%02x, model 0x%02x: unseen firmware bits 0x%02x lost (physical before 0x%08x)",
			    f->name, v, now, o->mphys[v], o->kept[v],
			    get_unaligned_le32(o->pre + e0));
	return fail(o, "(b) handshake %s byte 0x%x: 0x%02x, model 0x%02x (guest 0x%02x)",
		    f->name, v, now, o->mphys[v], g[v - o->cov_lo]);
}

static bool check_write_events(struct oracle *o, u32 s, u32 n)
{
	u32 refused = 0, model_refused = 0, p;
	u32 per_row[IOP_MAX_FIELDS] = { 0 };
	unsigned int i;

	if (o->lost_evs)
		return fail(o, "(g) more than %u events in one write",
			    ORACLE_MAX_EVENTS);

	model_refused = nr_fixed(o, s, n);
	/* A new mark for the FORWARD events of this write */
	if (!++o->fwd_gen) {
		memset(o->fwd_mark, 0, sizeof(o->fwd_mark));
		o->fwd_gen = 1;
	}
	for (i = 0; i < o->nr_evs; i++) {
		const struct iop_event *ev = &o->evs[i];
		const struct iop_field *f = field_of(o, ev->off);
		u64 now = 0;

		switch (ev->kind) {
		case IOP_EV_FORWARD:
			if (!writable(f) || ev->field != f ||
			    elem_of(o, ev->off) != ev->off ||
			    ev->len != f->width ||
			    ev->off + ev->len <= s || ev->off >= s + n)
				return fail(o, "(g) FORWARD %s at 0x%x len %u outside the write (model %s)",
					    ev->field->name, ev->off, ev->len,
					    f->name);
			if (ev->off < OPREGION_SIZE)
				o->fwd_mark[ev->off] = o->fwd_gen;
			memcpy(&now, phys(o, ev->off, ev->len), ev->len);
			if (now != ev->new_val)
				return fail(o, "(g) FORWARD %s at 0x%x new 0x%llx, physical 0x%llx",
					    f->name, ev->off,
					    (unsigned long long)ev->new_val,
					    (unsigned long long)now);
			break;
		case IOP_EV_REFUSED:
			if (ev->off < s || ev->len == 0 ||
			    ev->off + ev->len > s + n)
				return fail(o, "(g) REFUSED [0x%x,+%u) outside the write",
					    ev->off, ev->len);
			/* A run of one row passes or fails at its first byte. */
			for (p = ev->off; p < ev->off + ev->len;
			     p = p < OPREGION_SIZE ? o->run_end[p] : ev->off + ev->len)
				if (writable(field_of(o, p)) ||
				    field_of(o, p) != ev->field)
					return fail(o, "(g) REFUSED %s [0x%x,+%u) covers %s byte 0x%x",
						    ev->field->name, ev->off,
						    ev->len,
						    field_of(o, p)->name, p);
			refused += ev->len;
			per_row[ev->field - iop_fields]++;
			break;
		case IOP_EV_FW_CHANGE:
			if (!writable(f) || ev->old_val == ev->new_val)
				return fail(o, "(g) FW_CHANGE %s at 0x%x during a write",
					    ev->field->name, ev->off);
			break;
		default:
			return fail(o, "(g) write reported event kind %d",
				    ev->kind);
		}
	}
	if (refused != model_refused)
		return fail(o, "(g) write refused %u bytes in events, model %u",
			    refused, model_refused);
	for (i = 0; i < iop_nr_fields && i < IOP_MAX_FIELDS; i++)
		if (o->iop->refused[i] - o->refused_before[i] != per_row[i])
			return fail(o, "(g) refusal counter of %s grew by %u, %u REFUSED events",
				    iop_fields[i].name,
				    o->iop->refused[i] - o->refused_before[i],
				    per_row[i]);
	/* Every element the write reached must be reported as forwarded. */
	for (p = s; p < s + n && p < OPREGION_SIZE; p++) {
		u32 e0 = elem_of(o, p);

		if (!writable(field_of(o, p))) {
			p = o->run_end[p] - 1;	/* a run of one row */
			continue;
		}
		if (p != e0 && p != s)
			continue;
		if (o->fwd_mark[e0] != o->fwd_gen)
			return fail(o, "(g) no FORWARD event for %s at 0x%x",
				    field_of(o, p)->name, e0);
	}
	return true;
}

/**
 * oracle_write() - iop_write() from a buffer of exactly the expected size
 * @o: an opened model
 * @off: view offset (any value)
 * @len: bytes to write (any value)
 * @data: the guest's bytes, repeated to fill the accepted count
 * @data_len: bytes in @data (0: zeros)
 *
 * Return: true when every check passed.
 */
bool oracle_write(struct oracle *o, u64 off, size_t len, const u8 *data,
		  size_t data_len)
{
	ssize_t want = expected_count(o, off, len), got;
	u32 s = off, n = want > 0 ? want : 0, i;
	u8 *g;

	g = oracle_buf(o, n ? n : 1);
	if (!g)
		return fail(o, "write of %u bytes: larger than any view", n);
	/*
	 * g[i] = data[i % data_len]: one copy of @data, then the filled part
	 * (a whole number of copies) doubles until @n bytes are there.
	 */
	if (data_len) {
		i = data_len < n ? data_len : n;
		memcpy(g, data, i);
	} else {
		i = n;
		memset(g, 0, n);
	}
	for (; i < n; i += min_t(u32, i, n - i))
		memcpy(g + i, g, min_t(u32, i, n - i));

	begin(o, ORACLE_WRITE);
	o->cov_lo = n ? s : 0;
	o->cov_hi = n ? s + n : 0;
	o->race_budget = 3;
	got = iop_write(o->iop, off, g, len);
	o->phase = ORACLE_IDLE;
	if (o->failed)
		goto out;
	if (got != want) {
		fail(o, "(f) iop_write(0x%llx, %zu) returned %zd, want %zd",
		     (unsigned long long)off, len, got, want);
		goto out;
	}
	model_write(o, s, n, g);

	/* (a) first: which bytes changed that no rule lets change */
	for (i = phys_diff(o, o->pre, 0, o->host.view_size, first_diff);
	     i < o->host.view_size;
	     i = phys_diff(o, o->pre, i + 1, o->host.view_size, next_diff)) {
		if (o->race_touched[i])
			continue;
		if (i < o->cov_lo || i >= o->cov_hi ||
		    !writable(field_of(o, i))) {
			explain(o, i, phys_byte(o, i), g);
			break;
		}
	}
	i = phys_diff(o, o->mphys, 0, o->host.view_size, first_diff);
	if (!o->failed && i < o->host.view_size)
		explain(o, i, phys_byte(o, i), g);
	if (!o->failed)
		check_write_events(o, s, n);
out:
	oracle_buf_put(o, g, n ? n : 1);
	return !o->failed;
}

/**
 * oracle_fw_write() - the firmware writes physical memory under the view
 * @o: a probed model
 * @view_off: where, as a view offset (the extended VBT from 8 KiB)
 * @data: bytes
 * @len: number of bytes; the range must lie inside the view
 *
 * Return: true, or false when the range is outside the view.
 */
bool oracle_fw_write(struct oracle *o, u32 view_off, const u8 *data,
		     size_t len)
{
	u32 a = view_off, b;

	if (a >= o->host.view_size || len > o->host.view_size - a)
		return fail(o, "firmware write [0x%x,+%zu) outside the view",
			    view_off, len);
	/* The two parts of the view may live in different chunks. */
	while (len) {
		b = a < OPREGION_SIZE ? min_t(u32, a + len, OPREGION_SIZE) :
					a + len;
		memcpy(phys(o, a, b - a), data, b - a);
		memcpy(o->mphys + a, data, b - a);
		data += b - a;
		len -= b - a;
		a = b;
	}
	return true;
}
