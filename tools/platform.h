/* SPDX-License-Identifier: GPL-2.0 */
/*
 * platform.h - a userspace model of a host platform for the engine: memory
 * chunks placed at physical addresses, the struct iop_mem_ops that reaches
 * them, and builders for OpRegion layouts made from real VBT blobs.
 *
 * The ops check every access against the ranges the engine mapped (and
 * abort on any other), count accesses, and let a test inject "firmware"
 * writes at the moment of a compare-and-exchange.
 */
#ifndef IOP_PLATFORM_H
#define IOP_PLATFORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "igd_opregion/iop.h"
#include "igd_opregion/iop_build.h"

#define PLAT_MAX_CHUNKS	8
#define PLAT_MAX_MAPS	4

/*
 * What a chunk of physical memory is, as the host's memory map says:
 * firmware-owned memory (E820 reserved or ACPI NVS), where the OpRegion
 * belongs, or System RAM the host kernel manages, which ops->map refuses
 * with -EPERM as the kernel glue does.
 */
enum plat_mem_type {
	PLAT_MEM_RESERVED,	/* default */
	PLAT_MEM_NVS,
	PLAT_MEM_RAM,
	PLAT_NR_MEM_TYPES,
};

extern const char * const plat_mem_type_names[PLAT_NR_MEM_TYPES];

struct plat_chunk {
	u64 pa;
	size_t size;
	u8 *data;
	enum plat_mem_type type;
};

struct plat_map {
	u64 pa;
	u64 len;
	u8 *data;	/* the bytes at @pa: a map lies inside one chunk */
};

struct platform {
	u64 asls;
	unsigned int nr_chunks;
	struct plat_chunk chunks[PLAT_MAX_CHUNKS];
	unsigned int nr_maps;
	struct plat_map maps[PLAT_MAX_MAPS];
	bool fail_map;			/* make ops->map fail */
	/* access counters */
	unsigned long nr_read, nr_load, nr_store, nr_cmpxchg;
	/* called inside cmpxchg32 before the compare: a firmware write "at the same moment" */
	void (*race)(struct platform *plat, u64 pa, void *priv);
	void *race_priv;
	/* every store and successful cmpxchg calls this (old/new bytes) */
	void (*on_store)(struct platform *plat, u64 pa, unsigned int width,
			 const u8 *old, const u8 *new, void *priv);
	void *store_priv;
};

extern const struct iop_mem_ops plat_ops;

void plat_init(struct platform *plat);
void plat_free(struct platform *plat);
/* Add a zeroed chunk; returns its bytes, or NULL (overlap, overflow, too many). */
u8 *plat_add(struct platform *plat, u64 pa, size_t size, const char **err);
/* Set the memory type of the chunk holding @pa; -1 if there is none. */
int plat_set_type(struct platform *plat, u64 pa, enum plat_mem_type type);
/* Bytes at [pa, pa+len) if one chunk holds them all, else NULL. */
u8 *plat_ptr(struct platform *plat, u64 pa, u64 len);
/* Firmware-side access: never goes through the engine. */
int plat_fw_write(struct platform *plat, u64 pa, const void *buf, size_t len);
int plat_fw_read(struct platform *plat, u64 pa, void *buf, size_t len);

/* The layouts of lib/iop_build.c, which writes their bytes */
enum plat_layout {
	PLAT_20_ABSOLUTE	= IOP_BUILD_20_ABSOLUTE,
	PLAT_21_CONTIGUOUS	= IOP_BUILD_21_CONTIGUOUS,
	PLAT_21_SEPARATE	= IOP_BUILD_21_SEPARATE,
	PLAT_MAILBOX4		= IOP_BUILD_MAILBOX4,
	PLAT_NR_LAYOUTS		= IOP_BUILD_NR_LAYOUTS,
};

#define plat_layout_names	iop_build_layout_names

#define PLAT_ASLS		0x7a5c3000ULL	/* a typical ACPI NVS address */
#define PLAT_EXT_VBT_PA		0x7a600000ULL	/* 2.0: separate allocation */
#define PLAT_SEPARATE_RVDA	IOP_BUILD_SEPARATE_RVDA	/* 2.1 non-contiguous */

/*
 * Place the chunks of iop_build_plan() for @vbt (a VBT blob of vbt_size
 * bytes; its header's vbt_size is copied) at PLAT_ASLS and, for 2.0,
 * PLAT_EXT_VBT_PA, and fill them with iop_build_fill(). Returns 0, or -1
 * with *err set when the blob is not a VBT or does not fit the layout.
 */
int plat_build(struct platform *plat, enum plat_layout layout,
	       const u8 *vbt, size_t vbt_size, const char **err);

/* vbt_size from a VBT header, 0 if the blob is not a VBT (iop_build_vbt_size) */
size_t plat_vbt_size(const u8 *blob, size_t len);

#endif /* IOP_PLATFORM_H */
