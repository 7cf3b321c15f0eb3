// SPDX-License-Identifier: GPL-2.0
/*
 * platform.c - userspace host-platform model for the engine; see platform.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform.h"

void plat_init(struct platform *plat)
{
	memset(plat, 0, sizeof(*plat));
}

void plat_free(struct platform *plat)
{
	unsigned int i;

	for (i = 0; i < plat->nr_chunks; i++)
		free(plat->chunks[i].data);
	plat_init(plat);
}

u8 *plat_add(struct platform *plat, u64 pa, size_t size, const char **err)
{
	struct plat_chunk *c;
	unsigned int i;
	u64 end;

	if (!size || __builtin_add_overflow(pa, (u64)size, &end)) {
		*err = "chunk is empty or runs past the 64-bit address space";
		return NULL;
	}
	if (plat->nr_chunks == PLAT_MAX_CHUNKS) {
		*err = "too many memory chunks";
		return NULL;
	}
	for (i = 0; i < plat->nr_chunks; i++) {
		c = &plat->chunks[i];
		if (pa < c->pa + c->size && end > c->pa) {
			*err = "memory chunks overlap";
			return NULL;
		}
	}
	c = &plat->chunks[plat->nr_chunks];
	c->data = calloc(1, size);
	if (!c->data) {
		*err = "out of memory";
		return NULL;
	}
	c->pa = pa;
	c->size = size;
	c->type = PLAT_MEM_RESERVED;
	plat->nr_chunks++;
	return c->data;
}

const char * const plat_mem_type_names[PLAT_NR_MEM_TYPES] = {
	[PLAT_MEM_RESERVED]	= "reserved",
	[PLAT_MEM_NVS]		= "nvs",
	[PLAT_MEM_RAM]		= "ram",
};

int plat_set_type(struct platform *plat, u64 pa, enum plat_mem_type type)
{
	unsigned int i;

	for (i = 0; i < plat->nr_chunks; i++) {
		struct plat_chunk *c = &plat->chunks[i];

		if (pa >= c->pa && pa - c->pa < c->size) {
			c->type = type;
			return 0;
		}
	}
	return -1;
}

/* The chunk holding all of [pa, pa+len), or NULL. */
static struct plat_chunk *plat_chunk_of(struct platform *plat, u64 pa, u64 len)
{
	unsigned int i;

	for (i = 0; i < plat->nr_chunks; i++) {
		struct plat_chunk *c = &plat->chunks[i];

		if (pa >= c->pa && len <= c->size && pa - c->pa <= c->size - len)
			return c;
	}
	return NULL;
}

u8 *plat_ptr(struct platform *plat, u64 pa, u64 len)
{
	unsigned int i;

	for (i = 0; i < plat->nr_chunks; i++) {
		struct plat_chunk *c = &plat->chunks[i];

		if (pa >= c->pa && len <= c->size && pa - c->pa <= c->size - len)
			return c->data + (pa - c->pa);
	}
	return NULL;
}

int plat_fw_write(struct platform *plat, u64 pa, const void *buf, size_t len)
{
	u8 *p = plat_ptr(plat, pa, len);

	if (!p)
		return -1;
	memcpy(p, buf, len);
	return 0;
}

int plat_fw_read(struct platform *plat, u64 pa, void *buf, size_t len)
{
	u8 *p = plat_ptr(plat, pa, len);

	if (!p)
		return -1;
	memcpy(buf, p, len);
	return 0;
}

/* The engine may only touch what it mapped: anything else is a bug. */
static u8 *plat_mapped(struct platform *plat, u64 pa, u64 len)
{
	unsigned int i;

	for (i = 0; i < plat->nr_maps; i++) {
		const struct plat_map *m = &plat->maps[i];

		if (pa >= m->pa && len <= m->len && pa - m->pa <= m->len - len)
			return m->data + (pa - m->pa);
	}
	fprintf(stderr, "engine touched unmapped memory 0x%llx+%llu\n",
		(unsigned long long)pa, (unsigned long long)len);
	abort();
}

static int plat_op_map(void *ctx, u64 pa, u64 len)
{
	struct platform *plat = ctx;
	struct plat_chunk *c = plat_chunk_of(plat, pa, len);
	u8 *data;

	if (plat->fail_map || plat->nr_maps == PLAT_MAX_MAPS || !c)
		return -EFAULT;
	/* As the kernel glue: System RAM is never the firmware's to share. */
	if (c->type == PLAT_MEM_RAM)
		return -EPERM;
	data = c->data + (pa - c->pa);
	plat->maps[plat->nr_maps].pa = pa;
	plat->maps[plat->nr_maps].len = len;
	plat->maps[plat->nr_maps].data = data;
	plat->nr_maps++;
	return 0;
}

static void plat_op_read(void *ctx, u64 pa, void *buf, size_t len)
{
	struct platform *plat = ctx;

	plat->nr_read++;
	memcpy(buf, plat_mapped(plat, pa, len), len);
}

static u64 plat_op_load(void *ctx, u64 pa, unsigned int width)
{
	struct platform *plat = ctx;

	plat->nr_load++;
	return iop_get_le(plat_mapped(plat, pa, width), width);
}

static void plat_op_store(void *ctx, u64 pa, unsigned int width, u64 val)
{
	struct platform *plat = ctx;
	u8 *p = plat_mapped(plat, pa, width);
	u8 old[8];

	plat->nr_store++;
	if (!plat->on_store) {
		iop_put_le(p, width, val);
		return;
	}
	iop_put_le(old, width, iop_get_le(p, width));
	iop_put_le(p, width, val);
	plat->on_store(plat, pa, width, old, p, plat->store_priv);
}

static u32 plat_op_cmpxchg32(void *ctx, u64 pa, u32 old, u32 new)
{
	struct platform *plat = ctx;
	u8 *p = plat_mapped(plat, pa, 4);
	u8 before[4];
	u32 cur;

	plat->nr_cmpxchg++;
	/* A locked cmpxchg needs an aligned dword, as on real hardware. */
	if (pa & 3) {
		fprintf(stderr, "cmpxchg32 at unaligned 0x%llx\n",
			(unsigned long long)pa);
		abort();
	}
	if (plat->race)
		plat->race(plat, pa, plat->race_priv);
	memcpy(&cur, p, 4);
	if (cur != old)
		return cur;
	memcpy(before, p, 4);
	memcpy(p, &new, 4);
	if (plat->on_store)
		plat->on_store(plat, pa, 4, before, p, plat->store_priv);
	return cur;
}

const struct iop_mem_ops plat_ops = {
	.map = plat_op_map,
	.read = plat_op_read,
	.load = plat_op_load,
	.store = plat_op_store,
	.cmpxchg32 = plat_op_cmpxchg32,
};

size_t plat_vbt_size(const u8 *blob, size_t len)
{
	return iop_build_vbt_size(blob, len);
}

int plat_build(struct platform *plat, enum plat_layout layout,
	       const u8 *vbt, size_t vbt_size, const char **err)
{
	struct iop_build_plan plan;
	u8 *bufs[IOP_BUILD_MAX_CHUNKS] = { NULL };
	unsigned int i;
	u64 pa;
	int ret;

	plat_init(plat);
	plat->asls = PLAT_ASLS;
	ret = iop_build_plan(&plan, (enum iop_build_layout)layout, vbt, vbt_size);
	if (ret) {
		*err = ret == -E2BIG ? "VBT does not fit mailbox 4" :
		       "not a VBT, or an unknown layout";
		return -1;
	}
	for (i = 0; i < plan.nr_chunks; i++) {
		pa = plan.chunks[i].absolute ? PLAT_EXT_VBT_PA :
		     PLAT_ASLS + plan.chunks[i].offset;
		bufs[i] = plat_add(plat, pa, plan.chunks[i].len, err);
		if (!bufs[i])
			return -1;
	}
	iop_build_fill(&plan, bufs, PLAT_EXT_VBT_PA, vbt);
	return 0;
}
