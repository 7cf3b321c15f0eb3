// SPDX-License-Identifier: GPL-2.0
/*
 * unit_host.c - the unit tests' host (unit.h): the platform model behind
 * struct iop_mem_ops, with hooks that record map calls, stores and events,
 * fail a chosen map call, race a compare-and-exchange and tear a read; and
 * the spec's answers the tests hold the engine against.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

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

void host_free(struct host *h)
{
	if (h) {
		plat_free(&h->plat);
		free(h);
	}
}

/* Back the memory a vector describes with platform chunks. */
struct host *host_new(const struct iop_vec_layout *l,
		      const struct iop_vec_mem *mem, const u8 *op, const u8 *ext)
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

struct host *host_vvec(const struct iop_vvec *v)
{
	u8 op[OPREGION_SIZE];
	struct iop_vec_mem mem;

	if (iop_vec_prepare(v, op, ext_buf, sizeof(ext_buf)))
		return NULL;
	iop_vec_place(v, &mem);
	return host_new(&iop_vec_layouts[v->layout], &mem, op, ext_buf);
}

struct host *host_layout(unsigned int layout)
{
	struct iop_vvec v = { .layout = layout };

	return host_vvec(&v);
}

int host_probe(struct host *h)
{
	h->probe_ret = iop_probe(&h->iop, h->mem.asls, &host_ops, h, on_event, h);
	return h->probe_ret;
}

/* A host of a standard layout, probed and opened; NULL on failure. */
struct host *host_ready(unsigned int layout)
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

u8 *phys_op(struct host *h)
{
	return plat_ptr(&h->plat, h->mem.asls, OPREGION_SIZE);
}

u8 *phys_ext(struct host *h)
{
	return h->mem.has_ext ? plat_ptr(&h->plat, h->mem.ext_pa, h->mem.ext_len) : NULL;
}

u32 phys32(struct host *h, u32 off)
{
	return get_unaligned_le32(phys_op(h) + off);
}

void fw_write32(struct host *h, u32 off, u32 val)
{
	put_unaligned_le32(val, phys_op(h) + off);
}

/* FNV-1a over every chunk of physical memory */
u64 phys_hash(struct host *h)
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

unsigned long ops_calls(struct host *h)
{
	return h->plat.nr_read + h->plat.nr_load + h->plat.nr_store +
	       h->plat.nr_cmpxchg + h->nr_maps;
}

u32 view_read32(struct host *h, u32 off)
{
	u8 b[4];

	if (iop_read(&h->iop, off, b, 4) != 4)
		return 0xdeadbeef;
	return get_unaligned_le32(b);
}

ssize_t view_write32(struct host *h, u32 off, u32 val)
{
	u8 b[4];

	put_unaligned_le32(val, b);
	return iop_write(&h->iop, off, b, 4);
}

/* Events of one kind, counted */
unsigned int count_ev(struct host *h, enum iop_event_kind kind)
{
	unsigned int i, n = 0;

	for (i = 0; i < h->nr_ev && i < MAX_EV; i++)
		n += h->ev[i].kind == kind;
	return n;
}

const struct iop_event *find_ev(struct host *h, enum iop_event_kind kind, u32 off)
{
	unsigned int i;

	for (i = 0; i < h->nr_ev && i < MAX_EV; i++)
		if (h->ev[i].kind == kind && h->ev[i].off == off)
			return &h->ev[i];
	return NULL;
}

/* Independent of the engine: does a row apply to a host? */
bool applies(const struct iop_field *f, u16 ver, u32 mboxes)
{
	if (ver < f->min_ver)
		return false;
	if (f->max_ver && ver >= f->max_ver)
		return false;
	return !f->mbox || (mboxes & f->mbox);
}

/* Independent of the engine: the row owning OpRegion byte @off, 0 if none */
unsigned int owner(u16 ver, u32 mboxes, u32 off)
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

bool has_ext(const struct iop_vec_layout *l)
{
	return l->vbt != IOP_VEC_MBOX4;
}

/* The version a view must report, from the spec: a 2.0 extended VBT reads as 2.1 */
u16 expect_view_ver(const struct iop_vec_layout *l)
{
	return has_ext(l) && l->ver < V(2, 1) ? V(2, 1) : l->ver;
}

u32 expect_view_size(const struct iop_vec_layout *l)
{
	return OPREGION_SIZE + (has_ext(l) ? l->rvds : 0);
}
