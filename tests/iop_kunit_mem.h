/* SPDX-License-Identifier: GPL-2.0 */
/*
 * iop_kunit_mem.h - the platform under the engine in the KUnit suites: a
 * RAM-backed model of physical memory, and helpers shared by the suites.
 *
 * Contract: memory is a few kunit-managed chunks placed at fake physical
 * addresses. struct iop_mem_ops on top of it (iop_kmem_ops) lets the engine
 * touch only ranges it mapped (anything else is counted in @nr_bad and
 * fails the test), reads every aligned 4-byte word with one 4-byte access
 * and does compare-and-exchange atomically, as the kernel's default ops do,
 * so "firmware" threads may write the chunks concurrently. Counters and
 * hooks let a test see every access the engine made, inject a firmware
 * write at the moment of a compare-and-exchange (@race), and offer the CPU
 * inside an access (@yield) so that, even on a uniprocessor, other threads
 * run between the engine's load and its store.
 * Baselines come from the shared vectors (tests/iop_vectors.h), the same
 * ones the userspace runner uses.
 */
#ifndef IOP_KUNIT_MEM_H
#define IOP_KUNIT_MEM_H

#include <kunit/test.h>
#include <linux/atomic.h>

#include "igd_opregion/iop_kernel.h"
#include "iop_vectors.h"

#define IOP_KMEM_MAX_CHUNKS	4
#define IOP_KMEM_MAX_MAPS	4

struct iop_kmem_chunk {
	u64 pa;
	size_t size;
	u8 *data;
	bool ram;	/* System RAM: ops->map refuses it with -EPERM */
};

struct iop_kmem_map {
	u64 pa;
	u64 len;
};

/**
 * struct iop_kmem - a modelled host platform
 * @test: the test owning every allocation
 * @asls: where the OpRegion is, for iop_probe()
 * @layout: the baseline layout, or NULL for hand-made memory
 * @op: the OpRegion's bytes (8 KiB), or NULL when not backed
 * @ext: the extended VBT's bytes, or NULL
 * @ext_pa: physical address of @ext
 * @ext_len: bytes backed at @ext_pa
 * @nr_chunks: chunks in @chunks
 * @chunks: memory, at most one chunk per range
 * @nr_maps: ranges the engine mapped
 * @maps: those ranges
 * @fail_map: make ops->map fail
 * @nr_map: ops->map calls
 * @nr_read: ops->read calls
 * @nr_load: ops->load calls
 * @nr_store: ops->store calls
 * @nr_cmpxchg: ops->cmpxchg32 calls
 * @nr_bad: accesses outside a mapped range (must stay 0)
 * @yield: offer the CPU (cond_resched()) inside loads, reads and cmpxchg
 * @race: called inside cmpxchg32 before the compare
 * @race_priv: for @race
 * @on_store: called after every store and successful cmpxchg32
 * @store_priv: for @on_store
 */
struct iop_kmem {
	struct kunit *test;
	u64 asls;
	const struct iop_vec_layout *layout;
	u8 *op;
	u8 *ext;
	u64 ext_pa;
	u32 ext_len;
	unsigned int nr_chunks;
	struct iop_kmem_chunk chunks[IOP_KMEM_MAX_CHUNKS];
	unsigned int nr_maps;
	struct iop_kmem_map maps[IOP_KMEM_MAX_MAPS];
	bool fail_map;
	unsigned long nr_map, nr_read, nr_load, nr_store, nr_cmpxchg;
	atomic_t nr_bad;
	bool yield;
	void (*race)(struct iop_kmem *mem, u64 pa, void *priv);
	void *race_priv;
	void (*on_store)(struct iop_kmem *mem, u64 pa, unsigned int width,
			 u64 old, u64 new, void *priv);
	void *store_priv;
};

extern const struct iop_mem_ops iop_kmem_ops;

struct iop_kmem *iop_kmem_new(struct kunit *test);
u8 *iop_kmem_add(struct iop_kmem *mem, u64 pa, size_t size);
u8 *iop_kmem_ptr(struct iop_kmem *mem, u64 pa, u64 len);
void iop_kmem_set_ram(struct iop_kmem *mem, u64 pa);
struct iop_kmem *iop_kmem_layout(struct kunit *test, unsigned int layout);
struct iop_kmem *iop_kmem_vvec(struct kunit *test, const struct iop_vvec *v);
void iop_kmem_reset_counters(struct iop_kmem *mem);

/* The physical byte behind view offset @off of a baseline layout. */
u8 *iop_kmem_view_ptr(struct iop_kmem *mem, u32 off);
u32 iop_kmem_view_size(const struct iop_kmem *mem);
/* What the view of a baseline layout must read, derived from the layout. */
void iop_kmem_reference(struct iop_kmem *mem, u8 *ref);

/* Firmware-side accesses to the OpRegion: never through the engine. */
u32 iop_fw_get32(struct iop_kmem *mem, u32 off);
void iop_fw_set32(struct iop_kmem *mem, u32 off, u32 val);
u32 iop_fw_or32(struct iop_kmem *mem, u32 off, u32 bits);

/* A kunit-managed device on top of @mem through iop_kdev_probe_ops(). */
unsigned long iop_kt_vm_mmap(struct kunit *test, unsigned long len);
struct iop_kdev *iop_kt_kdev(struct kunit *test, struct iop_kmem *mem,
			     const char *name);
/* Engine calls under kd->lock, for kernel buffers. */
ssize_t iop_kt_read(struct iop_kdev *kd, u64 off, void *buf, size_t len);
ssize_t iop_kt_write(struct iop_kdev *kd, u64 off, const void *buf,
		     size_t len);
u32 iop_kt_read32(struct kunit *test, struct iop_kdev *kd, u32 off);
void iop_kt_write32(struct kunit *test, struct iop_kdev *kd, u32 off, u32 val);

#define IOP_KT_MAX_EVENTS	256

/**
 * struct iop_kt_rec - events an engine reported, in order
 * @nr: events recorded (capped at IOP_KT_MAX_EVENTS, @lost counts the rest)
 * @lost: events beyond the cap
 * @ev: the events
 * @nr_kind: events per enum iop_event_kind
 * @refused_bytes: sum of REFUSED lengths
 */
struct iop_kt_rec {
	unsigned int nr;
	unsigned int lost;
	struct iop_event ev[IOP_KT_MAX_EVENTS];
	unsigned int nr_kind[IOP_NR_EVENT_KINDS];
	unsigned int refused_bytes;
};

void iop_kt_rec_clear(struct iop_kt_rec *rec);
/* A bare engine on @mem whose events go to @rec (no lock, no glue). */
struct iop *iop_kt_engine(struct kunit *test, struct iop_kmem *mem,
			  struct iop_kt_rec *rec);

/* The ownership-table row called @name (KUnit assertion if none). */
unsigned int iop_kt_row(struct kunit *test, const char *name);
/* A KTAP-safe test description: '#' would start a directive. */
void iop_kt_desc(char *desc, const char *name);
/* First offset where @a and @b differ, or -1 when they are equal. */
long iop_kt_diff(const u8 *a, const u8 *b, size_t len);

#endif /* IOP_KUNIT_MEM_H */
