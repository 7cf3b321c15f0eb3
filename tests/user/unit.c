// SPDX-License-Identifier: GPL-2.0
/*
 * unit.c - userspace unit tests of the OpRegion proxy engine.
 *
 * Runs the engine (lib/) on the userspace platform model (tools/platform.c)
 * against the shared vectors (tests/iop_vectors.c) and against properties
 * checked here: geometry and snapshot, every byte of the view against a
 * reference the test builds itself, read splits, ownership per class,
 * single-access stores, the handshake's masked update under a racing
 * firmware, change events, region bounds, open/release and the table's own
 * invariants. Built with ASan and UBSan; the platform aborts if the engine
 * touches memory it did not map.
 *
 * Output: "ok N - name" or "not ok N - name: detail" per case, comment
 * lines starting with "#", and the final line "N passed, N failed".
 * Exit status 0 only when every case passed.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform.h"
#include "iop_vectors.h"

#define V(major, minor)	OPREGION_VER(major, minor)
#define RVDA_OFF	0x3ba
#define RVDS_OFF	0x3c2

/* ---- a minimal TAP-like runner ---- */

static unsigned int n_case, n_pass, n_fail;
static bool case_failed;
static char case_msg[512];

static void begin(void)
{
	case_failed = false;
	case_msg[0] = '\0';
}

static void __attribute__((format(printf, 2, 3)))
fail_at(int line, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (case_failed)
		return;
	case_failed = true;
	n = snprintf(case_msg, sizeof(case_msg), "line %d: ", line);
	va_start(ap, fmt);
	vsnprintf(case_msg + n, sizeof(case_msg) - n, fmt, ap);
	va_end(ap);
}

#define EXPECT(cond, ...) do { if (!(cond)) fail_at(__LINE__, __VA_ARGS__); } while (0)

static bool __attribute__((format(printf, 1, 2))) end(const char *fmt, ...)
{
	char name[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	n_case++;
	if (case_failed) {
		n_fail++;
		printf("not ok %u - %s: %s\n", n_case, name, case_msg);
	} else {
		n_pass++;
		printf("ok %u - %s\n", n_case, name);
	}
	return !case_failed;
}

/* ---- a host: the platform model, the engine, what they did ---- */

#define MAX_EV		8192
#define MAX_STORES	4096
#define MAX_MAPS	8

struct store_rec {
	u64 pa;
	unsigned int width;
};

struct host {
	struct platform plat;
	const struct iop_vec_layout *l;
	struct iop_vec_mem mem;
	u8 base_op[OPREGION_SIZE];	/* the OpRegion as built, before probe */
	struct iop iop;
	int probe_ret;
	/* map calls, including failed ones */
	unsigned int nr_maps;
	struct plat_map maps[MAX_MAPS];
	unsigned int fail_map_nth;	/* 1-based map call to fail, 0: none */
	unsigned int nr_ev;
	struct iop_event ev[MAX_EV];
	unsigned int nr_st;
	struct store_rec st[MAX_STORES];
	/* the firmware "at the same moment": OR these into @race_pa, one per cmpxchg */
	u64 race_pa;
	unsigned int race_n, race_fired;
	u32 race_bits[8];
	/* a firmware store to @tear_pa between the two halves of a read */
	u64 tear_pa;
	u32 tear_val;
	bool tear_fired;
};

static u8 ext_buf[IOP_VEC_EXT_BUF];

static int h_map(void *ctx, u64 pa, u64 len)
{
	struct host *h = ctx;

	if (h->nr_maps < MAX_MAPS) {
		h->maps[h->nr_maps].pa = pa;
		h->maps[h->nr_maps].len = len;
	}
	if (++h->nr_maps == h->fail_map_nth)
		return -EIO;
	return plat_ops.map(&h->plat, pa, len);
}

static void h_read(void *ctx, u64 pa, void *buf, size_t len)
{
	struct host *h = ctx;
	u64 word = h->tear_pa & ~3ULL;
	size_t first;
	u8 v[4];

	/*
	 * ops->read() only promises whole aligned dwords: an element that
	 * straddles two may change between them, as the firmware may
	 * store it then.
	 */
	if (h->tear_pa && !h->tear_fired && pa <= word && pa + len > word + 4) {
		first = word + 4 - pa;
		plat_ops.read(&h->plat, pa, buf, first);
		put_unaligned_le32(h->tear_val, v);
		plat_fw_write(&h->plat, h->tear_pa, v, 4);
		h->tear_fired = true;
		plat_ops.read(&h->plat, pa + first, (u8 *)buf + first, len - first);
		return;
	}
	plat_ops.read(&h->plat, pa, buf, len);
}

static u64 h_load(void *ctx, u64 pa, unsigned int width)
{
	struct host *h = ctx;

	return plat_ops.load(&h->plat, pa, width);
}

static void h_store(void *ctx, u64 pa, unsigned int width, u64 val)
{
	struct host *h = ctx;

	plat_ops.store(&h->plat, pa, width, val);
}

static u32 h_cmpxchg32(void *ctx, u64 pa, u32 old, u32 new)
{
	struct host *h = ctx;

	return plat_ops.cmpxchg32(&h->plat, pa, old, new);
}

static const struct iop_mem_ops host_ops = {
	.map = h_map,
	.read = h_read,
	.load = h_load,
	.store = h_store,
	.cmpxchg32 = h_cmpxchg32,
};

static void on_event(void *priv, const struct iop_event *ev)
{
	struct host *h = priv;

	if (h->nr_ev < MAX_EV)
		h->ev[h->nr_ev] = *ev;
	h->nr_ev++;
}

static void on_store(struct platform *plat, u64 pa, unsigned int width,
		     const u8 *old, const u8 *new, void *priv)
{
	struct host *h = priv;

	if (h->nr_st < MAX_STORES) {
		h->st[h->nr_st].pa = pa;
		h->st[h->nr_st].width = width;
	}
	h->nr_st++;
}

static void on_race(struct platform *plat, u64 pa, void *priv)
{
	struct host *h = priv;
	u8 *p;
	u32 v;

	if (pa != h->race_pa || h->race_fired >= h->race_n)
		return;
	p = plat_ptr(plat, pa, 4);
	memcpy(&v, p, 4);
	v |= h->race_bits[h->race_fired++];
	memcpy(p, &v, 4);
}

static void host_free(struct host *h)
{
	if (h) {
		plat_free(&h->plat);
		free(h);
	}
}

/* Back the memory a vector describes with platform chunks. */
static struct host *host_new(const struct iop_vec_layout *l,
			     const struct iop_vec_mem *mem, const u8 *op,
			     const u8 *ext)
{
	struct host *h = calloc(1, sizeof(*h));
	const char *err = NULL;
	u8 *p;

	if (!h)
		abort();
	plat_init(&h->plat);
	h->plat.asls = mem->asls;
	h->plat.on_store = on_store;
	h->plat.store_priv = h;
	h->plat.race = on_race;
	h->plat.race_priv = h;
	h->l = l;
	h->mem = *mem;
	memcpy(h->base_op, op, OPREGION_SIZE);
	if (mem->has_op) {
		p = plat_add(&h->plat, mem->asls, OPREGION_SIZE, &err);
		if (!p)
			goto fail;
		memcpy(p, op, OPREGION_SIZE);
		if (mem->op_ram)
			plat_set_type(&h->plat, mem->asls, PLAT_MEM_RAM);
	}
	if (mem->has_ext) {
		p = plat_add(&h->plat, mem->ext_pa, mem->ext_len, &err);
		if (!p)
			goto fail;
		memcpy(p, ext, mem->ext_len);
		if (mem->ext_ram)
			plat_set_type(&h->plat, mem->ext_pa, PLAT_MEM_RAM);
	}
	return h;
fail:
	fprintf(stderr, "%s: %s\n", __func__, err);
	host_free(h);
	return NULL;
}

static struct host *host_vvec(const struct iop_vvec *v)
{
	u8 op[OPREGION_SIZE];
	struct iop_vec_mem mem;

	if (iop_vec_prepare(v, op, ext_buf, sizeof(ext_buf)))
		return NULL;
	iop_vec_place(v, &mem);
	return host_new(&iop_vec_layouts[v->layout], &mem, op, ext_buf);
}

static struct host *host_layout(unsigned int layout)
{
	struct iop_vvec v = { .layout = layout };

	return host_vvec(&v);
}

static int host_probe(struct host *h)
{
	h->probe_ret = iop_probe(&h->iop, h->mem.asls, &host_ops, h, on_event, h);
	return h->probe_ret;
}

/* A host of a standard layout, probed and opened; NULL on failure. */
static struct host *host_ready(unsigned int layout)
{
	struct host *h = host_layout(layout);

	if (!h)
		return NULL;
	if (host_probe(h)) {
		host_free(h);
		return NULL;
	}
	iop_open(&h->iop);
	h->nr_ev = 0;
	h->nr_st = 0;
	return h;
}

static u8 *phys_op(struct host *h)
{
	return plat_ptr(&h->plat, h->mem.asls, OPREGION_SIZE);
}

static u8 *phys_ext(struct host *h)
{
	return h->mem.has_ext ? plat_ptr(&h->plat, h->mem.ext_pa, h->mem.ext_len) : NULL;
}

static u32 phys32(struct host *h, u32 off)
{
	return get_unaligned_le32(phys_op(h) + off);
}

static void fw_write32(struct host *h, u32 off, u32 val)
{
	put_unaligned_le32(val, phys_op(h) + off);
}

/* FNV-1a over every chunk of physical memory */
static u64 phys_hash(struct host *h)
{
	u64 x = 0xcbf29ce484222325ULL;
	unsigned int i;
	size_t j;

	for (i = 0; i < h->plat.nr_chunks; i++) {
		const struct plat_chunk *c = &h->plat.chunks[i];

		for (j = 0; j < c->size; j++)
			x = (x ^ c->data[j]) * 0x100000001b3ULL;
	}
	return x;
}

static unsigned long ops_calls(struct host *h)
{
	return h->plat.nr_read + h->plat.nr_load + h->plat.nr_store +
	       h->plat.nr_cmpxchg + h->nr_maps;
}

static u32 view_read32(struct host *h, u32 off)
{
	u8 b[4];

	if (iop_read(&h->iop, off, b, 4) != 4)
		return 0xdeadbeef;
	return get_unaligned_le32(b);
}

static ssize_t view_write32(struct host *h, u32 off, u32 val)
{
	u8 b[4];

	put_unaligned_le32(val, b);
	return iop_write(&h->iop, off, b, 4);
}

/* Events of one kind, counted */
static unsigned int count_ev(struct host *h, enum iop_event_kind kind)
{
	unsigned int i, n = 0;

	for (i = 0; i < h->nr_ev && i < MAX_EV; i++)
		n += h->ev[i].kind == kind;
	return n;
}

static const struct iop_event *find_ev(struct host *h, enum iop_event_kind kind,
				       u32 off)
{
	unsigned int i;

	for (i = 0; i < h->nr_ev && i < MAX_EV; i++)
		if (h->ev[i].kind == kind && h->ev[i].off == off)
			return &h->ev[i];
	return NULL;
}

/* Independent of the engine: does a row apply to a host? */
static bool applies(const struct iop_field *f, u16 ver, u32 mboxes)
{
	if (ver < f->min_ver)
		return false;
	if (f->max_ver && ver >= f->max_ver)
		return false;
	return !f->mbox || (mboxes & f->mbox);
}

/* Independent of the engine: the row owning OpRegion byte @off, 0 if none */
static unsigned int owner(u16 ver, u32 mboxes, u32 off)
{
	unsigned int i;

	for (i = 1; i < iop_nr_fields; i++) {
		const struct iop_field *f = &iop_fields[i];

		if (applies(f, ver, mboxes) && off >= f->offset &&
		    off < (u32)f->offset + f->size)
			return i;
	}
	return IOP_FIELD_RESERVED;
}

static bool has_ext(const struct iop_vec_layout *l)
{
	return l->vbt != IOP_VEC_MBOX4;
}

/* The version a view must report, from the spec: a 2.0 extended VBT reads as 2.1 */
static u16 expect_view_ver(const struct iop_vec_layout *l)
{
	return has_ext(l) && l->ver < V(2, 1) ? V(2, 1) : l->ver;
}

static u32 expect_view_size(const struct iop_vec_layout *l)
{
	return OPREGION_SIZE + (has_ext(l) ? l->rvds : 0);
}

/*
 * The view as the spec says it must read: physical bytes as they are now,
 * with the layout fields taken from the OpRegion as built (the snapshot)
 * and the version and RVDA synthesized.
 */
static void reference_view(struct host *h, u8 *ref)
{
	const struct iop_vec_layout *l = h->l;
	u16 vv = expect_view_ver(l);

	memcpy(ref, phys_op(h), OPREGION_SIZE);
	if (has_ext(l))
		memcpy(ref + OPREGION_SIZE, phys_ext(h), l->rvds);
	memcpy(ref, h->base_op, 0x18);			/* signature, SIZE, OVER */
	ref[0x16] = vv & 0xff;
	ref[0x17] = vv >> 8;
	memcpy(ref + 0x58, h->base_op + 0x58, 4);	/* MBOX */
	if (l->ver >= V(2, 0) && (l->mboxes & MBOX_ASLE)) {
		put_unaligned_le64(has_ext(l) ? OPREGION_SIZE : 0, ref + RVDA_OFF);
		memcpy(ref + RVDS_OFF, h->base_op + RVDS_OFF, 4);
	}
}

static const char *hexdump(const u8 *p, unsigned int n)
{
	static char s[3 * 32 + 1];
	unsigned int i;

	s[0] = '\0';
	for (i = 0; i < n && i < 32; i++)
		sprintf(s + 3 * i, "%02x ", p[i]);
	return s;
}

/* ---- the ownership table's own invariants ---- */

static void test_table_invariants(void)
{
	static const u16 vers[] = { V(1, 0), V(2, 0), V(2, 1), V(3, 0) };
	unsigned int vi, i;
	u32 mb;

	/* Row-level facts that do not depend on the host */
	begin();
	EXPECT(iop_nr_fields >= 2 && iop_nr_fields <= IOP_MAX_FIELDS,
	       "%u rows", iop_nr_fields);
	EXPECT(iop_fields[0].cls == IOP_RESERVED, "row 0 is not the reserved fallback");
	for (i = 1; i < iop_nr_fields; i++) {
		const struct iop_field *f = &iop_fields[i];

		EXPECT(f->name && f->why && f->why[0], "row %u unnamed", i);
		EXPECT(f->cls < IOP_NR_CLASSES && f->cls != IOP_RESERVED,
		       "%s: class %u", f->name, f->cls);
		EXPECT(f->width == 1 || f->width == 2 || f->width == 4 || f->width == 8,
		       "%s: width %u", f->name, f->width);
		EXPECT(!f->fwmask || f->cls == IOP_HANDSHAKE,
		       "%s: fwmask on a %s row", f->name, iop_class_name(f->cls));
		EXPECT(!(f->flags & IOP_F_SNAPSHOT) || f->cls == IOP_CONST,
		       "%s: snapshot flag on a %s row", f->name, iop_class_name(f->cls));
		if (f->offset >= OPREGION_SIZE)
			EXPECT(i == iop_nr_fields - 1 && f->offset == OPREGION_SIZE &&
			       f->size == 0 && f->cls == IOP_CONST,
			       "%s: only the last row may describe the extended VBT",
			       f->name);
	}
	end("table: row fields well-formed (%u rows)", iop_nr_fields);

	for (vi = 0; vi < ARRAY_SIZE(vers); vi++) {
		u16 ver = vers[vi];

		begin();
		for (mb = 0; mb <= MBOX_KNOWN; mb++) {
			u32 pos = 0;

			for (i = 1; i < iop_nr_fields; i++) {
				const struct iop_field *f = &iop_fields[i];
				u32 e;

				EXPECT(applies(f, ver, mb) == iop_field_applies(f, ver, mb),
				       "%s: iop_field_applies disagrees for mbox 0x%x",
				       f->name, mb);
				if (!applies(f, ver, mb) || f->offset >= OPREGION_SIZE)
					continue;
				EXPECT(f->offset >= pos,
				       "mbox 0x%x: %s at 0x%x overlaps or is unsorted (pos 0x%x)",
				       mb, f->name, f->offset, pos);
				EXPECT(f->size > 0 && f->offset + f->size <= OPREGION_SIZE,
				       "mbox 0x%x: %s outside 0..0x2000", mb, f->name);
				EXPECT(f->size % f->width == 0,
				       "%s: width %u does not divide size %u",
				       f->name, f->width, f->size);
				if (f->cls == IOP_HANDSHAKE)
					EXPECT(f->width == 4 && f->size == 4 && f->offset % 4 == 0,
					       "%s: handshake not one aligned 4-byte word",
					       f->name);
				if (f->cls == IOP_DRV) {
					for (e = f->offset; e < (u32)f->offset + f->size;
					     e += f->width)
						EXPECT(e % f->width == 0 ||
						       (e >= 0x396 && e + f->width <= 0x3c6 &&
							e % 2 == 0),
						       "%s: element 0x%x misaligned outside %s",
						       f->name, e, "the 0x396..0x3c6 band");
				}
				pos = f->offset + f->size;
			}
		}
		end("table: version %u.%u x mbox 0..0x3f: sorted, disjoint, in range, aligned",
		    ver >> 8, ver & 0xff);
	}
}

/* The engine's segment map equals the table, for every version x bitmap. */
static void test_segments_match_table(void)
{
	static const u16 vers[] = { V(1, 0), V(2, 0), V(2, 1), V(3, 0) };
	unsigned int vi;
	u32 mb, off;

	for (vi = 0; vi < ARRAY_SIZE(vers); vi++) {
		begin();
		for (mb = 0; mb <= MBOX_KNOWN && !case_failed; mb++) {
			struct iop_vec_layout l = {
				.name = "custom", .ver = vers[vi], .mboxes = mb,
				.vbt = IOP_VEC_MBOX4, .vbt_size = IOP_VEC_M4_VBT_SIZE,
			};
			struct iop_vec_mem mem = { .asls = IOP_VEC_ASLS, .has_op = true };
			u8 op[OPREGION_SIZE];
			struct host *h;

			if (iop_vec_build(&l, op, NULL, 0)) {
				EXPECT(0, "cannot build mbox 0x%x", mb);
				break;
			}
			h = host_new(&l, &mem, op, NULL);
			if (!h || host_probe(h)) {
				EXPECT(0, "mbox 0x%x: probe failed (%s)", mb,
				       h ? iop_reason_name(h->iop.reason) : "no host");
				host_free(h);
				break;
			}
			for (off = 0; off < OPREGION_SIZE; off++) {
				const struct iop_field *f = iop_field_at(&h->iop, off);
				unsigned int want = owner(l.ver, mb, off);

				if (f != &iop_fields[want]) {
					EXPECT(0, "mbox 0x%x: byte 0x%x owned by %s, table says %s",
					       mb, off, f ? f->name : "NULL",
					       iop_fields[want].name);
					break;
				}
			}
			EXPECT(!iop_field_at(&h->iop, OPREGION_SIZE),
			       "mbox 0x%x: byte 0x2000 owned without an extended VBT", mb);
			host_free(h);
		}
		end("segments: version %u.%u x mbox 0..0x3f owner of every byte = table",
		    vers[vi] >> 8, vers[vi] & 0xff);
	}
}

/* Per-class counts for the closing note */
static void print_class_counts(u16 ver, u32 mb)
{
	unsigned int rows[IOP_NR_CLASSES] = { 0 }, bytes[IOP_NR_CLASSES] = { 0 };
	unsigned int i, c;
	u32 off;

	for (i = 1; i < iop_nr_fields; i++) {
		const struct iop_field *f = &iop_fields[i];

		if (applies(f, ver, mb) && f->offset < OPREGION_SIZE)
			rows[f->cls]++;
	}
	for (off = 0; off < OPREGION_SIZE; off++)
		bytes[iop_fields[owner(ver, mb, off)].cls]++;
	printf("# fields per class, version %u.%u mbox 0x%x (8 KiB; reserved = unclaimed bytes):\n",
	       ver >> 8, ver & 0xff, mb);
	for (c = 0; c < IOP_NR_CLASSES; c++)
		printf("#   %-11s %2u fields %5u bytes\n", iop_class_name(c),
		       rows[c], bytes[c]);
}

/* ---- validation vectors ---- */

static void test_vvec(const struct iop_vvec *v)
{
	struct host *h = host_vvec(v);
	unsigned int i;
	u8 buf[16];

	begin();
	if (!h) {
		EXPECT(0, "vector does not build");
		goto out;
	}
	host_probe(h);
	EXPECT(h->iop.reason == v->expect, "reason %s, expected %s",
	       iop_reason_name(h->iop.reason), iop_reason_name(v->expect));
	EXPECT((h->probe_ret == 0) == (v->expect == IOP_OK),
	       "iop_probe returned %d", h->probe_ret);
	if (v->expect == IOP_OK)
		EXPECT(h->iop.warnings == v->warn, "tolerated 0x%x, expected 0x%x",
		       h->iop.warnings, v->warn);
	/* An extended VBT pointing into the OpRegion is never mapped. */
	if (v->warn & (IOP_WARN(IOP_ERR_RVDA_INSIDE) |
		       IOP_WARN(IOP_ERR_RVDA_OVERLAP) |
		       IOP_WARN(IOP_ERR_RVDA_MAILBOX4)))
		EXPECT(h->nr_maps == 1, "%u map calls for an extended VBT inside",
		       h->nr_maps);

	/* A range reaches ops->map only once validated. */
	for (i = 0; i < h->nr_maps && i < MAX_MAPS; i++) {
		u64 end;

		EXPECT(!__builtin_add_overflow(h->maps[i].pa, h->maps[i].len, &end),
		       "map of an overflowing range 0x%llx+0x%llx",
		       (unsigned long long)h->maps[i].pa,
		       (unsigned long long)h->maps[i].len);
		if (i > 0)
			EXPECT(h->maps[i].pa >= h->mem.asls + OPREGION_SIZE ||
			       end <= h->mem.asls,
			       "extended VBT mapped over the OpRegion");
	}
	if (v->expect == IOP_ERR_ASLS)
		EXPECT(h->nr_maps == 0, "%u map calls for an invalid ASLS", h->nr_maps);
	if (v->expect >= IOP_ERR_RVDA_INSIDE && v->expect <= IOP_ERR_RVDS)
		EXPECT(h->nr_maps == 1, "%u map calls: the extended VBT range was not valid",
		       h->nr_maps);

	if (v->expect == IOP_OK && h->iop.reason == IOP_OK) {
		const struct iop_geometry *g = &h->iop.geo;
		u8 *view, *vbt;
		u32 vbt_off;

		EXPECT(g->view_size == v->view_size, "view_size 0x%x, expected 0x%x",
		       g->view_size, v->view_size);
		EXPECT(g->view_ver == v->view_ver, "view_ver 0x%x, expected 0x%x",
		       g->view_ver, v->view_ver);
		EXPECT(g->vbt_where == v->vbt_where, "vbt_where %u, expected %u",
		       g->vbt_where, v->vbt_where);
		/* Whole view readable; the VBT in it is the one in memory. */
		view = malloc(g->view_size);
		EXPECT(iop_read(&h->iop, 0, view, g->view_size) == (ssize_t)g->view_size,
		       "short full read");
		vbt_off = g->vbt_where == IOP_VBT_EXTENDED ? OPREGION_SIZE :
			  OPREGION_VBT_OFFSET;
		/* Where the vector put memory, not where the engine says it is */
		vbt = v->vbt_where == IOP_VBT_EXTENDED ? phys_ext(h) :
		      phys_op(h) + OPREGION_VBT_OFFSET;
		EXPECT(vbt && g->vbt_size == (v->no_vbt ? 0 :
			get_unaligned_le16(vbt + IOP_VEC_VBT_SIZE_OFF)),
		       "vbt_size %u is not the header's", g->vbt_size);
		/* No extended VBT in the view: RVDA and RVDS read 0. */
		if (v->vbt_where != IOP_VBT_EXTENDED &&
		    iop_field_at(&h->iop, 0x3ba)->cls == IOP_VIRT)
			EXPECT(!get_unaligned_le64(view + 0x3ba) &&
			       !get_unaligned_le32(view + 0x3c2),
			       "RVDA/RVDS read 0x%llx/0x%x without an extended VBT",
			       (unsigned long long)get_unaligned_le64(view + 0x3ba),
			       get_unaligned_le32(view + 0x3c2));
		EXPECT(v->vbt_where != IOP_VBT_EXTENDED || g->vbt_pa == h->mem.ext_pa,
		       "extended VBT at 0x%llx, memory at 0x%llx",
		       (unsigned long long)g->vbt_pa, (unsigned long long)h->mem.ext_pa);
		EXPECT(vbt && !memcmp(view + vbt_off, vbt, g->vbt_size),
		       "VBT in the view differs from memory");
		EXPECT(view[0x17] == v->view_ver >> 8 && view[0x16] == (v->view_ver & 0xff),
		       "OVER reads %u.%u", view[0x17], view[0x16]);
		/* Write the whole view: every access stays inside mapped memory. */
		memset(view, 0xa5, g->view_size);
		EXPECT(iop_write(&h->iop, 0, view, g->view_size) == (ssize_t)g->view_size,
		       "short full write");
		free(view);
	} else if (v->expect != IOP_OK) {
		u64 hash = phys_hash(h);
		unsigned long calls = ops_calls(h);
		unsigned int nev = h->nr_ev;

		EXPECT(h->iop.geo.view_size == 0, "rejected view has size 0x%x",
		       h->iop.geo.view_size);
		memset(buf, 0x5a, sizeof(buf));
		EXPECT(iop_read(&h->iop, 0, buf, sizeof(buf)) == -EINVAL, "read not -EINVAL");
		EXPECT(iop_read(&h->iop, 0, buf, 0) == -EINVAL, "empty read not -EINVAL");
		EXPECT(iop_write(&h->iop, 0, buf, sizeof(buf)) == -EINVAL,
		       "write not -EINVAL");
		EXPECT(iop_write(&h->iop, 0x300, buf, 4) == -EINVAL,
		       "ARDY write not -EINVAL");
		iop_open(&h->iop);
		iop_release(&h->iop);
		EXPECT(!iop_field_at(&h->iop, 0), "rejected view has an owner for byte 0");
		EXPECT(phys_hash(h) == hash, "physical memory changed");
		EXPECT(ops_calls(h) == calls, "memory touched after rejection");
		EXPECT(h->nr_ev == nev, "events after rejection");
	}
out:
	host_free(h);
	end("validation: %s -> %s", v->name, iop_reason_name(v->expect));
}

static void test_reasons_covered(void)
{
	bool seen[IOP_NR_REASONS] = { false };
	unsigned int i;

	begin();
	for (i = 0; i < iop_nr_vvecs; i++) {
		unsigned int r;

		if (iop_vvecs[i].expect < IOP_NR_REASONS)
			seen[iop_vvecs[i].expect] = true;
		for (r = 0; r < IOP_NR_REASONS; r++)
			if (iop_vvecs[i].warn & IOP_WARN(r))
				seen[r] = true;
	}
	for (i = 0; i < IOP_NR_REASONS; i++) {
		EXPECT(seen[i], "no vector expects %s", iop_reason_name(i));
		EXPECT(strcmp(iop_reason_name(i), "unknown"), "reason %u unnamed", i);
	}
	EXPECT(!strcmp(iop_reason_name(IOP_NR_REASONS), "unknown"),
	       "out-of-range reason has a name");
	end("validation: every enum iop_reason has a vector (%u vectors)", iop_nr_vvecs);
}

/* The extra map-failure paths: ops->map fails though memory is there. */
static void test_map_failures(void)
{
	struct host *h;

	begin();
	h = host_layout(IOP_VL_21_CONTIG);
	h->plat.fail_map = true;
	EXPECT(host_probe(h) == -EINVAL, "probe succeeded");
	EXPECT(h->iop.reason == IOP_ERR_MAP && !strcmp(iop_reason_name(h->iop.reason),
						      "opregion_unmappable"),
	       "reason %s", iop_reason_name(h->iop.reason));
	EXPECT(h->plat.nr_read == 0, "read an unmapped OpRegion");
	host_free(h);
	end("map: ops->map failure on the OpRegion -> opregion_unmappable");

	begin();
	h = host_layout(IOP_VL_20_ABS);
	h->fail_map_nth = 2;
	EXPECT(host_probe(h) == -EINVAL, "probe succeeded");
	EXPECT(h->iop.reason == IOP_ERR_VBT_MAP && !strcmp(iop_reason_name(h->iop.reason),
							  "vbt_unmappable"),
	       "reason %s", iop_reason_name(h->iop.reason));
	EXPECT(h->nr_maps == 2 && h->maps[1].pa == IOP_VEC_EXT_PA &&
	       h->maps[1].len == IOP_VEC_RVDS, "second map call was not the extended VBT");
	host_free(h);
	end("map: ops->map failure on the extended VBT -> vbt_unmappable");

	begin();
	h = host_layout(IOP_VL_21_M4);
	h->fail_map_nth = 2;
	EXPECT(host_probe(h) == 0, "mailbox-4 probe failed: %s",
	       iop_reason_name(h->iop.reason));
	EXPECT(h->nr_maps == 1, "%u map calls for a mailbox-4 VBT", h->nr_maps);
	host_free(h);
	end("map: a mailbox-4 VBT maps the OpRegion only");
}

/* ---- geometry and snapshot ---- */

static void test_geometry(unsigned int li)
{
	const struct iop_vec_layout *l = &iop_vec_layouts[li];
	struct host *h = host_layout(li);
	bool rvda_row = l->ver >= V(2, 0) && (l->mboxes & MBOX_ASLE);
	u8 b[8];

	begin();
	EXPECT(h && host_probe(h) == 0, "probe failed");
	if (case_failed)
		goto out;
	EXPECT(h->iop.geo.view_size == expect_view_size(l), "view_size 0x%x",
	       h->iop.geo.view_size);
	EXPECT(h->iop.geo.view_ver == expect_view_ver(l), "view_ver 0x%x",
	       h->iop.geo.view_ver);
	EXPECT(h->iop.geo.host_ver == l->ver, "host_ver 0x%x", h->iop.geo.host_ver);
	EXPECT(h->iop.geo.vbt_size == l->vbt_size, "vbt_size 0x%x", h->iop.geo.vbt_size);
	EXPECT(h->iop.geo.vbt_where == (has_ext(l) ? IOP_VBT_EXTENDED : IOP_VBT_MAILBOX4),
	       "vbt_where %u", h->iop.geo.vbt_where);
	EXPECT(iop_read(&h->iop, 0x14, b, 4) == 4 && b[3] == expect_view_ver(l) >> 8 &&
	       b[2] == (expect_view_ver(l) & 0xff) && b[0] == 0 && b[1] == 0,
	       "OVER reads %s", hexdump(b, 4));
	EXPECT(iop_read(&h->iop, RVDA_OFF, b, 8) == 8, "RVDA read");
	if (rvda_row)
		EXPECT(get_unaligned_le64(b) == (has_ext(l) ? OPREGION_SIZE : 0),
		       "RVDA reads 0x%llx", (unsigned long long)get_unaligned_le64(b));
	else	/* no RVDA field for this host: the bytes are the filler */
		EXPECT(!memcmp(b, h->base_op + RVDA_OFF, 8), "RVDA bytes %s",
		       hexdump(b, 8));
	if (has_ext(l)) {
		EXPECT(iop_read(&h->iop, OPREGION_SIZE, b, 4) == 4 && !memcmp(b, "$VBT", 4),
		       "view at 0x2000 is not the VBT");
		EXPECT(view_read32(h, RVDS_OFF) == l->rvds, "RVDS reads 0x%x",
		       view_read32(h, RVDS_OFF));
	}
out:
	host_free(h);
	end("geometry: %s: size 0x%x, version %u.%u, RVDA %s", l->name,
	    expect_view_size(l), expect_view_ver(l) >> 8, expect_view_ver(l) & 0xff,
	    rvda_row ? (has_ext(l) ? "0x2000" : "0") : "not a field");
}

/*
 * After probe the firmware rewrites every layout field in physical memory
 * and a few live fields; the view keeps the snapshot and shows the live
 * ones. Checked byte by byte against the reference view.
 */
static void test_snapshot_reference(unsigned int li)
{
	const struct iop_vec_layout *l = &iop_vec_layouts[li];
	struct host *h = host_ready(li);
	u8 *view = NULL, *ref = NULL;
	u32 size, i, bad = 0, first = 0;

	begin();
	if (!h) {
		EXPECT(0, "probe failed");
		goto out;
	}
	size = expect_view_size(l);
	if (h->iop.geo.view_size != size) {
		EXPECT(0, "view_size 0x%x, expected 0x%x", h->iop.geo.view_size, size);
		goto out;
	}
	memcpy(phys_op(h), "XXXXXXXXXXXXXXXX", 16);		/* signature */
	fw_write32(h, 0x10, 0x1234);				/* SIZE */
	fw_write32(h, 0x14, 0x09090909);			/* OVER */
	fw_write32(h, 0x58, 0xffffffff);			/* MBOX */
	put_unaligned_le64(0xdeadbeefcafef00dULL, phys_op(h) + RVDA_OFF);
	fw_write32(h, RVDS_OFF, 0x7777);			/* RVDS */
	fw_write32(h, 0x310, 0x800000ff);			/* BCLP: live */
	fw_write32(h, 0x1ac, 0);				/* CLID: live */
	phys_op(h)[0x1c10] = 0x42;				/* BDDC: live */
	if (has_ext(l))
		phys_ext(h)[0x100] ^= 0xff;			/* extended VBT: live */

	view = malloc(size);
	ref = malloc(size);
	EXPECT(iop_read(&h->iop, 0, view, size) == (ssize_t)size, "short read");
	reference_view(h, ref);
	for (i = 0; i < size; i++) {
		if (view[i] != ref[i] && !bad++)
			first = i;
	}
	EXPECT(!bad, "%u bytes differ, first at 0x%x: view %02x ref %02x", bad, first,
	       view[first], ref[first]);
	EXPECT(!memcmp(view, OPREGION_SIGNATURE, 16), "signature not the snapshot");
	EXPECT(get_unaligned_le32(view + 0x10) == 8, "SIZE not the snapshot");
	EXPECT(get_unaligned_le32(view + 0x58) == l->mboxes, "MBOX not the snapshot");
	EXPECT(get_unaligned_le32(view + 0x310) == 0x800000ff, "BCLP not live");
	EXPECT(!find_ev(h, IOP_EV_FW_CHANGE, 0x0) && !find_ev(h, IOP_EV_FW_CHANGE, 0x10) &&
	       !find_ev(h, IOP_EV_FW_CHANGE, 0x14) && !find_ev(h, IOP_EV_FW_CHANGE, 0x58),
	       "FW_CHANGE for a snapshot field");
	EXPECT(find_ev(h, IOP_EV_FW_CHANGE, 0x310), "no FW_CHANGE for BCLP");
out:
	free(view);
	free(ref);
	host_free(h);
	end("snapshot: %s: every view byte = physical + snapshot after firmware rewrites",
	    l->name);
}

/* ---- read splits ---- */

static u64 rng_state = 0x9e3779b97f4a7c15ULL;

static u64 rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static void test_splits(unsigned int li)
{
	const struct iop_vec_layout *l = &iop_vec_layouts[li];
	static const u32 windows[][2] = {
		{ 0x2f0, 0x410 },	/* mailbox 3 and the start of mailbox 4 */
		{ 0x1fc0, 0x2040 },	/* the end of the OpRegion, the extended VBT */
	};
	struct host *h = host_ready(li);
	u8 *full = NULL, piece[0x200];
	u32 size, w, a, b, n;

	size = expect_view_size(l);
	if (!h) {
		for (w = 0; w <= ARRAY_SIZE(windows); w++) {
			begin();
			EXPECT(0, "probe failed");
			end("splits: %s: part %u", l->name, w);
		}
		return;
	}
	if (h->iop.geo.view_size != size) {
		for (w = 0; w <= ARRAY_SIZE(windows); w++) {	/* the same 3 cases */
			begin();
			EXPECT(0, "view_size 0x%x, expected 0x%x", h->iop.geo.view_size,
			       size);
			end("splits: %s: part %u", l->name, w);
		}
		host_free(h);
		return;
	}
	full = malloc(size);
	iop_read(&h->iop, 0, full, size);

	for (w = 0; w < ARRAY_SIZE(windows); w++) {
		u32 lo = windows[w][0], hi = min(windows[w][1], size);

		begin();
		for (a = lo; a < hi && !case_failed; a++) {
			for (b = a + 1; b <= hi; b++) {
				ssize_t r = iop_read(&h->iop, a, piece, b - a);

				if (r != (ssize_t)(b - a) || memcmp(piece, full + a, b - a)) {
					EXPECT(0, "read 0x%x..0x%x differs (ret %zd)", a, b, r);
					break;
				}
			}
		}
		end("splits: %s: every (off, len) in 0x%x..0x%x = the full read",
		    l->name, lo, hi);
	}

	begin();
	for (n = 0; n < 200 && !case_failed; n++) {
		u8 *again = malloc(size);
		u32 pos = 0;

		while (pos < size) {
			u32 len = 1 + rng() % (n % 2 ? 64 : 2048);
			ssize_t r = iop_read(&h->iop, pos, again + pos, len);

			if (r <= 0) {
				EXPECT(0, "read at 0x%x returned %zd", pos, r);
				break;
			}
			pos += r;
		}
		EXPECT(!memcmp(again, full, size), "random split %u differs", n);
		free(again);
	}
	end("splits: %s: 200 random partitions of the whole view = the full read",
	    l->name);
	free(full);
	host_free(h);
}

/* ---- ownership per class ---- */

static bool forwarded_class(u8 cls)
{
	return cls == IOP_DRV || cls == IOP_HANDSHAKE;
}

static void own_region(unsigned int li, unsigned int row, u32 start, u32 len)
{
	const struct iop_field *f = &iop_fields[row];
	struct host *h = host_ready(li);
	u8 *before = NULL, *after = NULL, *data = NULL;
	u32 size, i, fwd_ev = 0, ref_ev = 0;
	bool fwd = forwarded_class(f->cls);

	begin();
	if (!h) {
		EXPECT(0, "probe failed");
		goto out;
	}
	size = expect_view_size(&iop_vec_layouts[li]);
	if (h->iop.geo.view_size != size) {
		EXPECT(0, "view_size 0x%x, expected 0x%x", h->iop.geo.view_size, size);
		goto out;
	}
	before = malloc(size);
	after = malloc(size);
	data = malloc(len);
	memset(data, 0xa5, len);
	memcpy(before, phys_op(h), OPREGION_SIZE);
	if (size > OPREGION_SIZE)
		memcpy(before + OPREGION_SIZE, phys_ext(h), size - OPREGION_SIZE);

	EXPECT(iop_write(&h->iop, start, data, len) == (ssize_t)len, "short write");

	memcpy(after, phys_op(h), OPREGION_SIZE);
	if (size > OPREGION_SIZE)
		memcpy(after + OPREGION_SIZE, phys_ext(h), size - OPREGION_SIZE);
	for (i = 0; i < size; i++) {
		bool inside = i >= start && i < start + len;
		u8 want = inside && fwd ? 0xa5 : before[i];

		if (after[i] != want) {
			EXPECT(0, "physical byte 0x%x is %02x, expected %02x", i,
			       after[i], want);
			break;
		}
	}
	for (i = 0; i < h->nr_ev; i++) {
		const struct iop_event *ev = &h->ev[i];

		EXPECT(ev->field == f, "event for %s", ev->field ? ev->field->name : "-");
		if (ev->kind == IOP_EV_FORWARD) {
			EXPECT(ev->off == start + fwd_ev * f->width && ev->len == f->width,
			       "FORWARD event %u at 0x%x len %u", fwd_ev, ev->off, ev->len);
			fwd_ev++;
		} else if (ev->kind == IOP_EV_REFUSED) {
			EXPECT(ev->off == start && ev->len == len,
			       "REFUSED event 0x%x+%u", ev->off, ev->len);
			ref_ev++;
		} else if (ev->kind != IOP_EV_FW_CHANGE) {
			EXPECT(0, "unexpected event kind %u", ev->kind);
		}
	}
	if (fwd) {
		EXPECT(fwd_ev == len / f->width && !ref_ev,
		       "%u FORWARD, %u REFUSED events", fwd_ev, ref_ev);
		EXPECT(h->iop.refused[row] == 0, "refused counter %u", h->iop.refused[row]);
	} else {
		EXPECT(!fwd_ev && ref_ev == 1, "%u FORWARD, %u REFUSED events", fwd_ev,
		       ref_ev);
		EXPECT(h->iop.refused[row] == 1, "refused counter %u", h->iop.refused[row]);
	}
	/* Exactly this row's counter moved. */
	for (i = 0; i < IOP_MAX_FIELDS; i++)
		if (i != row)
			EXPECT(h->iop.refused[i] == 0, "counter of row %u moved", i);
out:
	free(before);
	free(after);
	free(data);
	host_free(h);
	end("ownership: %s: %s 0x%x+%u %s -> %s", iop_vec_layouts[li].name, f->name,
	    start, len, iop_class_name(f->cls), fwd ? "forwarded" : "refused");
}

static void test_ownership(unsigned int li)
{
	const struct iop_vec_layout *l = &iop_vec_layouts[li];
	struct host *h;
	unsigned int i, gaps = 0;
	u32 off, start;

	for (i = 1; i < iop_nr_fields; i++) {
		const struct iop_field *f = &iop_fields[i];

		if (!applies(f, l->ver, l->mboxes))
			continue;
		if (f->offset < OPREGION_SIZE)
			own_region(li, i, f->offset, f->size);
		else if (has_ext(l))
			own_region(li, i, OPREGION_SIZE, l->rvds);
	}

	/* Bytes no row claims: each run refused as one reserved event */
	begin();
	h = host_ready(li);
	if (!h) {
		EXPECT(0, "probe failed");
		goto out;
	}
	for (off = 0; off < OPREGION_SIZE; off = start) {
		u64 hash;
		u8 data[OPREGION_SIZE];
		const struct iop_event *ev;

		start = off + 1;
		if (owner(l->ver, l->mboxes, off) != IOP_FIELD_RESERVED)
			continue;
		while (start < OPREGION_SIZE &&
		       owner(l->ver, l->mboxes, start) == IOP_FIELD_RESERVED)
			start++;
		gaps++;
		memset(data, 0xa5, sizeof(data));
		hash = phys_hash(h);
		h->nr_ev = 0;
		EXPECT(iop_write(&h->iop, off, data, start - off) == start - off,
		       "short write");
		EXPECT(phys_hash(h) == hash, "reserved 0x%x..0x%x written", off, start);
		ev = &h->ev[0];
		EXPECT(h->nr_ev == 1 && ev->kind == IOP_EV_REFUSED &&
		       ev->field == &iop_fields[IOP_FIELD_RESERVED] && ev->off == off &&
		       ev->len == start - off,
		       "gap 0x%x..0x%x: %u events", off, start, h->nr_ev);
		EXPECT(h->iop.refused[IOP_FIELD_RESERVED] == gaps, "reserved counter %u",
		       h->iop.refused[IOP_FIELD_RESERVED]);
	}
out:
	host_free(h);
	end("ownership: %s: %u unclaimed runs refused and counted", l->name, gaps);
}

/* ---- access vectors ---- */

static u8 *phys_at(struct host *h, u32 off)
{
	return off < OPREGION_SIZE ? phys_op(h) + off : phys_ext(h) + (off - OPREGION_SIZE);
}

static void test_avec(const struct iop_avec *v)
{
	struct host *h = host_ready(v->layout);
	unsigned int i, j, want_r = 0, got_r = 0;
	u8 *copy = NULL;
	u32 size = 0;
	bool covered[IOP_AVEC_MAX] = { false };

	begin();
	if (!h) {
		EXPECT(0, "probe failed");
		goto out;
	}
	EXPECT(strlen(v->outcome) == v->len && v->len <= IOP_AVEC_MAX,
	       "outcome has %zu letters for %u bytes", strlen(v->outcome), v->len);
	/* The vector itself must be meaningful against the documented baseline. */
	for (i = 0; i < v->len; i++) {
		u8 base = *phys_at(h, v->off + i);

		EXPECT(v->data[i] != base, "byte %u: data equals the baseline", i);
		EXPECT(v->outcome[i] == 'W' ? v->after[i] == v->data[i] :
		       v->outcome[i] == 'R' && v->after[i] == base,
		       "byte %u: vector inconsistent (baseline %02x)", i, base);
		want_r += v->outcome[i] == 'R';
	}
	size = expect_view_size(&iop_vec_layouts[v->layout]);
	if (h->iop.geo.view_size != size) {
		EXPECT(0, "view_size 0x%x, expected 0x%x", h->iop.geo.view_size, size);
		goto out;
	}
	copy = malloc(size);
	for (i = 0; i < size; i++)
		copy[i] = *phys_at(h, i);

	EXPECT(iop_write(&h->iop, v->off, v->data, v->len) == v->len, "short write");

	for (i = 0; i < v->len; i++)
		EXPECT(*phys_at(h, v->off + i) == v->after[i],
		       "physical 0x%x is %02x, expected %02x (%c)", v->off + i,
		       *phys_at(h, v->off + i), v->after[i], v->outcome[i]);
	for (i = 0; i < size; i++)
		if ((i < v->off || i >= v->off + v->len) && *phys_at(h, i) != copy[i]) {
			EXPECT(0, "byte 0x%x outside the write changed", i);
			break;
		}
	for (i = 0; i < h->nr_ev; i++) {
		const struct iop_event *ev = &h->ev[i];

		if (ev->kind == IOP_EV_REFUSED) {
			got_r += ev->len;
			for (j = ev->off; j < ev->off + ev->len; j++)
				EXPECT(j >= v->off && j < v->off + v->len &&
				       v->outcome[j - v->off] == 'R',
				       "byte 0x%x reported refused", j);
		} else if (ev->kind == IOP_EV_FORWARD) {
			for (j = ev->off; j < ev->off + ev->len; j++)
				if (j >= v->off && j < v->off + v->len)
					covered[j - v->off] = true;
		}
	}
	EXPECT(got_r == want_r, "%u bytes reported refused, expected %u", got_r, want_r);
	for (i = 0; i < v->len; i++)
		if (v->outcome[i] == 'W')
			EXPECT(covered[i], "byte 0x%x forwarded without a FORWARD event",
			       v->off + i);
out:
	free(copy);
	host_free(h);
	end("access: %s: %s 0x%x+%u %s", iop_vec_layouts[v->layout].name, v->name,
	    v->off, v->len, v->outcome);
}

/* ---- single access: one store per aligned element, none on reads ---- */

static void test_single_access(void)
{
	static const struct { const char *name; u32 off; } drv[] = {
		{ "DRDY", 0x100 }, { "DIDL[2]", 0x128 }, { "CHPD", 0x1a8 },
		{ "ARDY", 0x300 }, { "TCHE", 0x308 }, { "CBLV", 0x318 },
		{ "STAT (2-byte aligned)", 0x3b6 },
	};
	unsigned int i, drv_elems = 0, hs_rows = 0, bad = 0;
	struct host *h;
	u8 *view;
	u64 hash;

	for (i = 0; i < ARRAY_SIZE(drv); i++) {
		begin();
		h = host_ready(IOP_VL_21_CONTIG);
		EXPECT(view_write32(h, drv[i].off, 0x80000042) == 4, "short write");
		EXPECT(h->nr_st == 1 && h->st[0].width == 4 &&
		       h->st[0].pa == IOP_VEC_ASLS + drv[i].off,
		       "%u stores, first width %u at 0x%llx", h->nr_st, h->st[0].width,
		       (unsigned long long)h->st[0].pa);
		EXPECT(h->plat.nr_cmpxchg == 0, "cmpxchg on a driver field");
		EXPECT(phys32(h, drv[i].off) == 0x80000042, "value not stored");
		host_free(h);
		end("single access: aligned 4-byte %s write is one 4-byte store", drv[i].name);
	}

	begin();
	h = host_ready(IOP_VL_21_CONTIG);
	EXPECT(iop_write(&h->iop, 0x301, "\x11\x22", 2) == 2, "short write");
	EXPECT(h->nr_st == 2 && h->st[0].width == 1 && h->st[1].width == 1 &&
	       h->st[0].pa == IOP_VEC_ASLS + 0x301 && h->st[1].pa == IOP_VEC_ASLS + 0x302,
	       "%u stores", h->nr_st);
	EXPECT(phys32(h, 0x300) == 0x03221100, "ARDY is 0x%08x", phys32(h, 0x300));
	host_free(h);
	end("single access: partial ARDY write stores only the guest's 2 bytes");

	begin();
	h = host_ready(IOP_VL_21_CONTIG);
	EXPECT(view_write32(h, 0x304, 0x1000) == 4, "short write");
	EXPECT(h->plat.nr_cmpxchg == 1 && h->plat.nr_store == 0 && h->nr_st == 1 &&
	       h->st[0].width == 4 && h->st[0].pa == IOP_VEC_ASLS + 0x304,
	       "%lu cmpxchg, %lu stores", h->plat.nr_cmpxchg, h->plat.nr_store);
	host_free(h);
	end("single access: handshake write is one 4-byte compare-and-exchange");

	begin();
	h = host_ready(IOP_VL_21_CONTIG);
	view = malloc(h->iop.geo.view_size);
	EXPECT(iop_read(&h->iop, 0, view, h->iop.geo.view_size) ==
	       (ssize_t)h->iop.geo.view_size, "short read");
	EXPECT(h->plat.nr_store == 0 && h->plat.nr_cmpxchg == 0 && h->nr_st == 0,
	       "a read stored");
	/* PFMB, PCFT, SROT, IUER: one load each, never torn */
	EXPECT(h->plat.nr_load == 4, "a read used %lu single loads", h->plat.nr_load);
	/* Writing back what was read: every forwarded element once, nothing changes. */
	hash = phys_hash(h);
	EXPECT(iop_write(&h->iop, 0, view, OPREGION_SIZE) == OPREGION_SIZE, "short write");
	for (i = 1; i < iop_nr_fields; i++) {
		const struct iop_field *f = &iop_fields[i];

		if (!applies(f, V(2, 1), 0x1f) || f->offset >= OPREGION_SIZE)
			continue;
		if (f->cls == IOP_DRV)
			drv_elems += f->size / f->width;
		hs_rows += f->cls == IOP_HANDSHAKE;
	}
	for (i = 0; i < h->nr_st && i < MAX_STORES; i++) {
		const struct iop_field *f = iop_field_at(&h->iop, h->st[i].pa - IOP_VEC_ASLS);

		bad += !f || h->st[i].width != f->width ||
		       (h->st[i].pa - IOP_VEC_ASLS - f->offset) % f->width;
	}
	EXPECT(h->plat.nr_store == drv_elems, "%lu stores for %u driver elements",
	       h->plat.nr_store, drv_elems);
	EXPECT(h->plat.nr_cmpxchg == hs_rows, "%lu cmpxchg for %u handshake fields",
	       h->plat.nr_cmpxchg, hs_rows);
	EXPECT(!bad, "%u stores not one whole element", bad);
	EXPECT(phys_hash(h) == hash, "writing back the view changed memory");
	free(view);
	host_free(h);
	end("single access: full read stores nothing; writing it back = one store per element");
}

/* ---- handshake: masked update against a racing firmware ---- */

static void test_handshake(void)
{
	const u64 aslc = IOP_VEC_ASLS + 0x304;
	const struct iop_event *ev;
	struct host *h;

	/* ASLC: firmware raises a second request while the guest writes status */
	begin();
	h = host_ready(IOP_VL_21_CONTIG);
	fw_write32(h, 0x304, ASLC_SET_BACKLIGHT);
	EXPECT(view_read32(h, 0x304) == ASLC_SET_BACKLIGHT, "request not seen");
	h->race_pa = aslc;
	h->race_n = 1;
	h->race_bits[0] = BIT(0);		/* ALS event request */
	h->nr_ev = 0;
	EXPECT(view_write32(h, 0x304, 0) == 4, "short write");
	EXPECT(h->race_fired == 1, "race hook did not fire");
	EXPECT(phys32(h, 0x304) == BIT(0), "ASLC is 0x%x, expected the racing bit 0 only",
	       phys32(h, 0x304));
	EXPECT(h->plat.nr_cmpxchg == 2, "%lu cmpxchg", h->plat.nr_cmpxchg);
	ev = find_ev(h, IOP_EV_FORWARD, 0x304);
	EXPECT(ev && ev->old_val == 3 && ev->new_val == 1, "FORWARD %llx -> %llx",
	       ev ? (unsigned long long)ev->old_val : 0ULL,
	       ev ? (unsigned long long)ev->new_val : 0ULL);
	h->nr_ev = 0;
	EXPECT(view_read32(h, 0x304) == 1, "guest does not see the kept request");
	ev = find_ev(h, IOP_EV_FW_CHANGE, 0x304);
	EXPECT(ev && ev->old_val == 0 && ev->new_val == 1, "no FW_CHANGE 0 -> 1 on read");
	EXPECT(view_write32(h, 0x304, 0) == 4 && phys32(h, 0x304) == 0,
	       "a request the guest read is not cleared by its write");
	host_free(h);
	end("handshake: ASLC request set during the guest's status write survives it");

	/* The race fires on three successive cmpxchg attempts */
	begin();
	h = host_ready(IOP_VL_21_CONTIG);
	fw_write32(h, 0x304, ASLC_SET_BACKLIGHT);
	view_read32(h, 0x304);
	h->race_pa = aslc;
	h->race_n = 3;
	h->race_bits[0] = BIT(0);
	h->race_bits[1] = BIT(2);
	h->race_bits[2] = BIT(3) | BIT(12);	/* bit 12 is status: not firmware's */
	EXPECT(view_write32(h, 0x304, 0) == 4, "short write");
	EXPECT(h->race_fired == 3 && h->plat.nr_cmpxchg == 4, "%u races, %lu cmpxchg",
	       h->race_fired, h->plat.nr_cmpxchg);
	EXPECT(phys32(h, 0x304) == (BIT(0) | BIT(2) | BIT(3)),
	       "ASLC is 0x%x, expected 0xd", phys32(h, 0x304));
	host_free(h);
	end("handshake: cmpxchg retry loop keeps request bits from 3 racing writes");

	/*
	 * SCIC: a completion the guest has not seen survives a stale rewrite
	 * without bit 0; a rewrite with bit 0 is a new request (the replay
	 * of issue 8 f: it used to be merged away and reported forwarded).
	 */
	begin();
	h = host_ready(IOP_VL_21_CONTIG);
	fw_write32(h, 0x200, 0);
	view_read32(h, 0x200);
	EXPECT(view_write32(h, 0x200, 0x0b) == 4 && phys32(h, 0x200) == 0x0b,
	       "request not forwarded");
	fw_write32(h, 0x204, 0x1234);				/* result in PARM */
	fw_write32(h, 0x200, 0x0a | 1 << SWSCI_SCIC_EXIT_STATUS_SHIFT);
	EXPECT(view_write32(h, 0x200, 0x0a) == 4, "short write");
	EXPECT(phys32(h, 0x200) == 0x2a, "SCIC is 0x%x: completion lost", phys32(h, 0x200));
	h->nr_ev = 0;
	EXPECT(view_write32(h, 0x200, 0x0b) == 4, "short write");
	EXPECT(phys32(h, 0x200) == 0x0b, "SCIC is 0x%x: new request merged away",
	       phys32(h, 0x200));
	ev = find_ev(h, IOP_EV_FORWARD, 0x200);
	EXPECT(ev && ev->new_val == 0x0b, "FORWARD does not report the request");
	fw_write32(h, 0x200, 0x0a | 1 << SWSCI_SCIC_EXIT_STATUS_SHIFT);
	EXPECT(view_read32(h, 0x200) == 0x2a, "guest does not see the completion");
	EXPECT(view_write32(h, 0x200, 0) == 4 && phys32(h, 0x200) == 0,
	       "seen exit status not cleared");
	/* Function bits 4:1 are not firmware's: the guest's value wins. */
	fw_write32(h, 0x200, 0x1e);
	EXPECT(view_write32(h, 0x200, 0x02) == 4 && phys32(h, 0x200) == 0x02,
	       "function bits kept from firmware: 0x%x", phys32(h, 0x200));
	host_free(h);
	end("handshake: SCIC exit status unseen by the guest survives its write, a new request replaces it");

	/* CSTS: fwmask 0, i915 acks with a blind write of 0 */
	begin();
	h = host_ready(IOP_VL_21_CONTIG);
	fw_write32(h, 0x104, 0);
	view_read32(h, 0x104);
	fw_write32(h, 0x104, 3);
	h->nr_ev = 0;
	EXPECT(view_write32(h, 0x104, 0) == 4 && phys32(h, 0x104) == 0,
	       "CSTS is %u after the blind ack", phys32(h, 0x104));
	ev = find_ev(h, IOP_EV_FW_CHANGE, 0x104);
	EXPECT(ev && ev->old_val == 0 && ev->new_val == 3, "no FW_CHANGE 0 -> 3");
	ev = find_ev(h, IOP_EV_FORWARD, 0x104);
	EXPECT(ev && ev->old_val == 3 && ev->new_val == 0, "no FORWARD 3 -> 0");
	host_free(h);
	end("handshake: CSTS blind ack (fwmask 0) clears the firmware's 3");

	/* Partial handshake write: only the guest's byte, firmware bits kept */
	begin();
	h = host_ready(IOP_VL_21_CONTIG);
	fw_write32(h, 0x304, 0);
	view_read32(h, 0x304);
	fw_write32(h, 0x304, ASLC_SET_BACKLIGHT);
	EXPECT(iop_write(&h->iop, 0x305, "\x10", 1) == 1, "short write");
	EXPECT(phys32(h, 0x304) == (0x1000 | ASLC_SET_BACKLIGHT),
	       "ASLC is 0x%x after a status byte write", phys32(h, 0x304));
	/* The guest still has not seen the request: a full write keeps it too. */
	EXPECT(view_write32(h, 0x304, 0) == 4, "short write");
	EXPECT(phys32(h, 0x304) == ASLC_SET_BACKLIGHT,
	       "ASLC is 0x%x: a partial write marked the unseen request as seen",
	       phys32(h, 0x304));
	host_free(h);
	end("handshake: one-byte status write keeps the unseen request byte, and later writes");
}

/* ---- change events ---- */

/* What a missing event reads as, so a failed check never dereferences NULL */
static const struct iop_event no_event = { .kind = -1 };

static const struct iop_field *field_named(const char *name)
{
	unsigned int i;

	for (i = 0; i < iop_nr_fields; i++)
		if (!strcmp(iop_fields[i].name, name))
			return &iop_fields[i];
	return NULL;
}

static void test_fw_change(void)
{
	const struct iop_event *ev;
	struct host *h;
	u8 buf[0x40];

	begin();
	h = host_ready(IOP_VL_21_CONTIG);
	fw_write32(h, 0x310, 0x800000ff);
	EXPECT(iop_read(&h->iop, 0x300, buf, sizeof(buf)) == sizeof(buf), "short read");
	EXPECT(h->nr_ev == 1, "%u events", h->nr_ev);
	ev = h->nr_ev ? &h->ev[0] : &no_event;
	EXPECT(ev->kind == IOP_EV_FW_CHANGE && ev->field == field_named("BCLP") &&
	       ev->off == 0x310 && ev->len == 4 && ev->old_val == 0x13121110 &&
	       ev->new_val == 0x800000ff,
	       "event %u %s 0x%x+%u %llx -> %llx", ev->kind,
	       ev->field ? ev->field->name : "-", ev->off,
	       ev->len, (unsigned long long)ev->old_val, (unsigned long long)ev->new_val);
	h->nr_ev = 0;
	iop_read(&h->iop, 0x300, buf, sizeof(buf));
	EXPECT(h->nr_ev == 0, "change reported twice");
	/* A change to a snapshot field is not a change of the view. */
	memset(phys_op(h), 'Z', 16);
	iop_read(&h->iop, 0, buf, sizeof(buf));
	EXPECT(h->nr_ev == 0 && !memcmp(buf, OPREGION_SIGNATURE, 16),
	       "signature rewrite visible");
	/* Mailbox 5 is tracked too. */
	phys_op(h)[0x1c05] = 0x99;
	iop_read(&h->iop, 0x1c00, buf, 8);
	ev = find_ev(h, IOP_EV_FW_CHANGE, 0x1c05);
	EXPECT(ev && ev->field == field_named("BDDC") && ev->old_val == 0x05 &&
	       ev->new_val == 0x99, "no BDDC change event");
	host_free(h);
	end("events: FW_CHANGE on read with old/new, once, none for snapshot fields");

	begin();
	h = host_ready(IOP_VL_21_CONTIG);
	fw_write32(h, 0x318, 0x80000032);
	EXPECT(view_write32(h, 0x318, 0x80000064) == 4, "short write");
	EXPECT(h->nr_ev == 2, "%u events", h->nr_ev);
	ev = h->nr_ev > 0 ? &h->ev[0] : &no_event;
	EXPECT(ev->kind == IOP_EV_FW_CHANGE && ev->off == 0x318 &&
	       ev->old_val == 0x1b1a1918 && ev->new_val == 0x80000032,
	       "first event %u %llx -> %llx", ev->kind, (unsigned long long)ev->old_val,
	       (unsigned long long)ev->new_val);
	ev = h->nr_ev > 1 ? &h->ev[1] : &no_event;
	EXPECT(ev->kind == IOP_EV_FORWARD && ev->field == field_named("CBLV") &&
	       ev->old_val == 0x80000032 && ev->new_val == 0x80000064,
	       "second event %u %llx -> %llx", ev->kind, (unsigned long long)ev->old_val,
	       (unsigned long long)ev->new_val);
	h->nr_ev = 0;
	view_read32(h, 0x318);
	EXPECT(h->nr_ev == 0, "guest's own write reported as a firmware change");
	host_free(h);
	end("events: FW_CHANGE then FORWARD when the guest writes over a firmware change");
}

/* ---- region bounds ---- */

static void test_bounds(void)
{
	struct host *h = host_ready(IOP_VL_21_CONTIG);
	u32 size = h->iop.geo.view_size;
	u8 *buf = calloc(1, size);
	unsigned long calls;
	u64 hash;

	begin();
	EXPECT(iop_read(&h->iop, size, buf, 1) == -EINVAL, "read at view_size");
	EXPECT(iop_write(&h->iop, size, buf, 1) == -EINVAL, "write at view_size");
	EXPECT(iop_read(&h->iop, UINT64_MAX, buf, 1) == -EINVAL, "read at UINT64_MAX");
	EXPECT(iop_write(&h->iop, UINT64_MAX, buf, 1) == -EINVAL, "write at UINT64_MAX");
	EXPECT(iop_read(&h->iop, 0x100000300ULL, buf, 4) == -EINVAL,
	       "read at 4 GiB + ARDY (32-bit truncation)");
	EXPECT(iop_write(&h->iop, 0x100000300ULL, buf, 4) == -EINVAL,
	       "write at 4 GiB + ARDY (32-bit truncation)");
	EXPECT(iop_read(&h->iop, size, buf, 0) == -EINVAL, "empty read at view_size");
	end("bounds: -EINVAL at view_size, UINT64_MAX and 4 GiB + offset");

	begin();
	EXPECT(iop_read(&h->iop, size - 4, buf, 16) == 4, "read not clamped to 4");
	EXPECT(iop_read(&h->iop, 0x3000, buf, SIZE_MAX) == (ssize_t)(size - 0x3000),
	       "read with len SIZE_MAX not clamped");
	EXPECT(iop_read(&h->iop, 0x300, buf, SIZE_MAX - 0x100) == (ssize_t)(size - 0x300),
	       "read with off + len wrapping not clamped");
	iop_read(&h->iop, 0x300, buf, size - 0x300);
	EXPECT(iop_write(&h->iop, 0x300, buf, SIZE_MAX) == (ssize_t)(size - 0x300),
	       "write with len SIZE_MAX not clamped");
	EXPECT(iop_write(&h->iop, size - 1, buf, 2) == 1, "write not clamped to 1");
	end("bounds: counts past the end are clamped, off + len overflow too");

	begin();
	calls = ops_calls(h);
	hash = phys_hash(h);
	h->nr_ev = 0;
	EXPECT(iop_read(&h->iop, 0x300, buf, 0) == 0, "empty read");
	EXPECT(iop_write(&h->iop, 0x300, buf, 0) == 0, "empty write");
	EXPECT(iop_write(&h->iop, 0, buf, 0) == 0, "empty write at 0");
	EXPECT(ops_calls(h) == calls && phys_hash(h) == hash && h->nr_ev == 0,
	       "len 0 touched memory or reported events");
	end("bounds: len 0 returns 0 and touches nothing");

	begin();
	memset(buf, 0xa5, size);
	hash = phys_hash(h);
	calls = ops_calls(h);
	EXPECT(iop_write(&h->iop, size, buf, 4) == -EINVAL, "write at end");
	EXPECT(iop_write(&h->iop, UINT64_MAX - 3, buf, 4) == -EINVAL, "write at -4");
	EXPECT(phys_hash(h) == hash && ops_calls(h) == calls,
	       "rejected write changed or touched memory");
	EXPECT(iop_read(&h->iop, size, buf, 4) == -EINVAL, "read at end");
	EXPECT(phys_hash(h) == hash && ops_calls(h) == calls,
	       "rejected access changed or touched memory");
	end("bounds: a rejected access changes nothing");

	begin();
	hash = phys_hash(h);
	EXPECT(iop_write(&h->iop, 0, buf, 0x100) == 0x100, "header write");
	EXPECT(phys_hash(h) == hash, "refused header bytes reached memory");
	end("bounds: a write of refused bytes only is consumed and stores nothing");
	free(buf);
	host_free(h);
}

/* ---- open / release ---- */

static void test_open_release(void)
{
	static const u32 drv_writes[][2] = {
		{ 0x100, 1 },			/* DRDY */
		{ 0x120, 0x80000100 },		/* DIDL[0] */
		{ 0x160, 0x80000100 },		/* CADL[0] */
		{ 0x1a8, 1 },			/* CHPD */
		{ 0x300, 1 },			/* ARDY */
		{ 0x308, ASLE_TCHE_BLC_EN },	/* TCHE */
		{ 0x318, 0x80000064 },		/* CBLV */
	};
	struct host *h;
	u8 at_open[OPREGION_SIZE];
	unsigned int i, restores;
	u32 off;

	begin();
	h = host_layout(IOP_VL_21_CONTIG);
	host_probe(h);
	/* Host i915 left ARDY and DRDY at 0 when it unbound. */
	fw_write32(h, 0x100, 0);
	fw_write32(h, 0x300, 0);
	iop_open(&h->iop);
	memcpy(at_open, phys_op(h), OPREGION_SIZE);
	h->nr_ev = 0;

	for (i = 0; i < ARRAY_SIZE(drv_writes); i++)
		EXPECT(view_write32(h, drv_writes[i][0], drv_writes[i][1]) == 4, "write");
	EXPECT(view_write32(h, 0x104, 0) == 4, "CSTS write");		/* handshake */
	EXPECT(view_write32(h, 0x304, 0x1000) == 4, "ASLC write");	/* handshake */
	fw_write32(h, 0x310, 0x800000c0);				/* BCLP */
	fw_write32(h, 0x1ac, 0);					/* CLID */
	for (i = 0; i < ARRAY_SIZE(drv_writes); i++)
		EXPECT(phys32(h, drv_writes[i][0]) == drv_writes[i][1],
		       "0x%x not forwarded", drv_writes[i][0]);

	h->nr_ev = 0;
	iop_release(&h->iop);
	restores = count_ev(h, IOP_EV_RESTORE);
	EXPECT(restores == ARRAY_SIZE(drv_writes) && h->nr_ev == restores,
	       "%u RESTORE of %u events, expected %zu", restores, h->nr_ev,
	       ARRAY_SIZE(drv_writes));
	for (i = 0; i < ARRAY_SIZE(drv_writes); i++) {
		const struct iop_event *ev = find_ev(h, IOP_EV_RESTORE, drv_writes[i][0]);

		off = drv_writes[i][0];
		EXPECT(phys32(h, off) == get_unaligned_le32(at_open + off),
		       "0x%x not restored: 0x%x", off, phys32(h, off));
		EXPECT(ev && ev->old_val == drv_writes[i][1] &&
		       ev->new_val == get_unaligned_le32(at_open + off),
		       "RESTORE event for 0x%x wrong or missing", off);
	}
	EXPECT(phys32(h, 0x100) == 0 && phys32(h, 0x300) == 0, "ARDY/DRDY not back to 0");
	EXPECT(phys32(h, 0x104) == 0 && phys32(h, 0x304) == 0x1000,
	       "handshake fields restored");
	EXPECT(phys32(h, 0x310) == 0x800000c0 && phys32(h, 0x1ac) == 0,
	       "firmware fields touched");
	for (off = 0; off < OPREGION_SIZE; off++) {
		u8 cls = iop_field_at(&h->iop, off)->cls;

		if (cls != IOP_DRV && cls != IOP_HANDSHAKE && cls != IOP_FW &&
		    phys_op(h)[off] != at_open[off]) {
			EXPECT(0, "byte 0x%x (%s) changed", off, iop_class_name(cls));
			break;
		}
	}
	h->nr_ev = 0;
	iop_release(&h->iop);
	EXPECT(h->nr_ev == 0, "second release restored again");
	host_free(h);
	end("open/release: driver fields restored with RESTORE events, firmware/handshake left");
}

/*
 * Reset (a guest reboot): driver-owned elements back to open time, the
 * view still open, the snapshot still the baseline of the release, and no
 * firmware change reported for what the reset itself put back.
 */
static void test_reset(void)
{
	struct host *h;
	u32 cblv;

	begin();
	h = host_layout(IOP_VL_20_ABS);
	host_probe(h);
	fw_write32(h, 0x300, 0);
	fw_write32(h, 0x100, 0);
	cblv = phys32(h, 0x318);
	iop_open(&h->iop);
	EXPECT(view_write32(h, 0x300, 1) == 4, "ARDY write");
	EXPECT(view_write32(h, 0x100, 1) == 4, "DRDY write");
	EXPECT(view_write32(h, 0x318, 0x80000011) == 4, "CBLV write");
	fw_write32(h, 0x318, cblv);		/* CBLV put back behind the guest */
	fw_write32(h, 0x1ac, 0);				/* CLID */
	fw_write32(h, 0x304, ASLC_SET_BACKLIGHT);		/* ASLC request */

	h->nr_ev = 0;
	iop_reset(&h->iop);
	EXPECT(h->nr_ev == 2 && count_ev(h, IOP_EV_RESTORE) == 2,
	       "%u events, expected 2 RESTORE", h->nr_ev);
	EXPECT(phys32(h, 0x300) == 0 && phys32(h, 0x100) == 0 &&
	       phys32(h, 0x318) == cblv, "ARDY/DRDY/CBLV not at open time");
	EXPECT(phys32(h, 0x1ac) == 0 && phys32(h, 0x304) == ASLC_SET_BACKLIGHT,
	       "firmware or handshake field touched");

	h->nr_ev = 0;
	EXPECT(view_read32(h, 0x300) == 0 && view_read32(h, 0x100) == 0 &&
	       view_read32(h, 0x318) == cblv, "view after reset");
	EXPECT(h->nr_ev == 0, "%u events reading what the reset restored", h->nr_ev);
	EXPECT(view_write32(h, 0x300, 1) == 4 && phys32(h, 0x300) == 1,
	       "ARDY write after reset");

	h->nr_ev = 0;
	iop_release(&h->iop);
	EXPECT(h->nr_ev == 1 && phys32(h, 0x300) == 0, "release after reset");
	host_free(h);
	end("reset: driver fields back to open time, view open, release still restores");
}

/*
 * Issue 8 c: the firmware-written elements that are only 2-byte aligned
 * (PFMB, PCFT, SROT, IUER) straddle two dwords. A firmware store between the two
 * halves of a read must not give the guest half of each value.
 */
static void test_torn_reads(void)
{
	static const struct {
		const char *name;
		u32 off;
	} elems[] = {
		{ "PFMB", 0x396 }, { "PCFT", 0x39e }, { "SROT", 0x3a2 },
		{ "IUER", 0x3a6 },
	};
	struct host *h;
	unsigned int i;
	u8 view[0x40];
	u32 got;

	for (i = 0; i < ARRAY_SIZE(elems); i++) {
		begin();
		h = host_ready(IOP_VL_21_CONTIG);
		fw_write32(h, elems[i].off, 0x11112222);
		h->tear_pa = h->mem.asls + elems[i].off;
		h->tear_val = 0x33334444;
		EXPECT(iop_read(&h->iop, 0x390, view, sizeof(view)) == sizeof(view),
		       "short read");
		EXPECT(h->tear_fired, "the firmware store did not happen");
		got = get_unaligned_le32(view + elems[i].off - 0x390);
		EXPECT(got == 0x11112222 || got == 0x33334444,
		       "%s read torn: 0x%08x", elems[i].name, got);
		host_free(h);
		end("torn reads: %s is read with one access", elems[i].name);
	}
}

/* Issue 8 d: release (or reset) without open has nothing to restore. */
static void test_release_unopened(void)
{
	struct host *h;

	begin();
	h = host_layout(IOP_VL_21_CONTIG);
	EXPECT(h && !host_probe(h), "probe failed");
	fw_write32(h, 0x318, 0x80000064);
	fw_write32(h, 0x300, 1);
	iop_reset(&h->iop);
	iop_release(&h->iop);
	EXPECT(phys32(h, 0x318) == 0x80000064, "CBLV is 0x%x", phys32(h, 0x318));
	EXPECT(phys32(h, 0x300) == 1, "ARDY is 0x%x", phys32(h, 0x300));
	EXPECT(!find_ev(h, IOP_EV_RESTORE, 0x318), "RESTORE reported");
	/* Open, release, release: the second one restores nothing again. */
	iop_open(&h->iop);
	fw_write32(h, 0x318, 0x80000010);
	iop_release(&h->iop);
	EXPECT(phys32(h, 0x318) == 0x80000064, "CBLV not restored: 0x%x",
	       phys32(h, 0x318));
	fw_write32(h, 0x318, 0x80000020);
	h->nr_ev = 0;
	iop_release(&h->iop);
	EXPECT(phys32(h, 0x318) == 0x80000020 && !h->nr_ev,
	       "a second release restored CBLV: 0x%x", phys32(h, 0x318));
	host_free(h);
	end("release and reset without open restore nothing");
}

/*
 * Issue 8 b, the engine's half: bytes iop_read_peek() returned count as
 * seen only after iop_read_done(), and not when anything came between.
 */
static void test_read_peek(void)
{
	struct host *h;
	u8 b[4];
	u32 gen;

	begin();
	h = host_ready(IOP_VL_21_CONTIG);
	fw_write32(h, 0x304, ASLC_SET_BACKLIGHT);
	EXPECT(iop_read_peek(&h->iop, 0x304, b, 4, &gen) == 4 &&
	       get_unaligned_le32(b) == ASLC_SET_BACKLIGHT, "peek");
	EXPECT(!h->nr_ev, "peek reported an event");
	/* The copy to the guest failed: no iop_read_done(). */
	EXPECT(view_write32(h, 0x304, ASLC_BACKLIGHT_FAILED) == 4, "short write");
	EXPECT(phys32(h, 0x304) == (ASLC_BACKLIGHT_FAILED | ASLC_SET_BACKLIGHT),
	       "undelivered request cleared: ASLC 0x%x", phys32(h, 0x304));
	/* A done after a write in between records nothing. */
	fw_write32(h, 0x304, ASLC_SET_BACKLIGHT);
	EXPECT(iop_read_peek(&h->iop, 0x304, b, 4, &gen) == 4, "peek");
	EXPECT(view_write32(h, 0x100, 1) == 4, "short write");
	iop_read_done(&h->iop, 0x304, b, 4, gen);
	EXPECT(view_write32(h, 0x304, 0) == 4 &&
	       phys32(h, 0x304) == ASLC_SET_BACKLIGHT,
	       "stale done marked the request seen: ASLC 0x%x", phys32(h, 0x304));
	/* Delivered: the next status write clears it. */
	EXPECT(iop_read_peek(&h->iop, 0x304, b, 4, &gen) == 4, "peek");
	h->nr_ev = 0;
	iop_read_done(&h->iop, 0x304, b, 4, gen);
	EXPECT(find_ev(h, IOP_EV_FW_CHANGE, 0x304), "no FW_CHANGE on done");
	EXPECT(view_write32(h, 0x304, 0) == 4 && phys32(h, 0x304) == 0,
	       "delivered request kept: ASLC 0x%x", phys32(h, 0x304));
	host_free(h);
	end("read peek/done: only delivered bytes count as seen");
}

int main(void)
{
	unsigned int i;

	/* Line-buffered, so a sanitizer report lands after the last case printed */
	setvbuf(stdout, NULL, _IOLBF, 0);
	test_table_invariants();
	test_segments_match_table();
	print_class_counts(V(2, 0), 0x1f);
	print_class_counts(V(3, 0), 0x3d);

	for (i = 0; i < iop_nr_vvecs; i++)
		test_vvec(&iop_vvecs[i]);
	test_reasons_covered();
	test_map_failures();

	for (i = 0; i < IOP_VEC_NR_LAYOUTS; i++)
		test_geometry(i);
	for (i = 0; i < IOP_VEC_NR_LAYOUTS; i++)
		test_snapshot_reference(i);

	test_splits(IOP_VL_21_CONTIG);
	test_splits(IOP_VL_20_ABS);
	test_splits(IOP_VL_20_M4);

	test_ownership(IOP_VL_20_ABS);
	test_ownership(IOP_VL_30_CONTIG);

	for (i = 0; i < iop_nr_avecs; i++)
		test_avec(&iop_avecs[i]);

	test_single_access();
	test_handshake();
	test_fw_change();
	test_bounds();
	test_open_release();
	test_reset();
	test_torn_reads();
	test_release_unopened();
	test_read_peek();

	printf("%u passed, %u failed\n", n_pass, n_fail);
	return n_fail ? 1 : 0;
}
