// SPDX-License-Identifier: GPL-2.0
/*
 * iop_kunit_mem.c - RAM-backed platform model and shared helpers for the
 * KUnit suites; see iop_kunit_mem.h for the contract.
 */
#include <kunit/resource.h>
#include <linux/align.h>
#include <linux/module.h>
#include <linux/mman.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/unaligned.h>

#include "iop_kunit_mem.h"

/**
 * iop_kmem_new() - an empty platform
 * @test: owner of every allocation
 *
 * Context: process context (KUnit test).
 * Return: the platform; the test is aborted on allocation failure.
 */
struct iop_kmem *iop_kmem_new(struct kunit *test)
{
	struct iop_kmem *mem = kunit_kzalloc(test, sizeof(*mem), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, mem);
	mem->test = test;
	return mem;
}

/**
 * iop_kmem_add() - back [@pa, @pa + @size) with zeroed memory
 * @mem: the platform
 * @pa: physical address
 * @size: bytes
 *
 * Context: process context (KUnit test).
 * Return: the chunk's bytes; the test is aborted when the range is empty,
 * wraps, overlaps another chunk or there are too many chunks.
 */
u8 *iop_kmem_add(struct iop_kmem *mem, u64 pa, size_t size)
{
	struct kunit *test = mem->test;
	struct iop_kmem_chunk *c;
	unsigned int i;
	u64 end;

	KUNIT_ASSERT_GT(test, size, 0);
	KUNIT_ASSERT_FALSE(test, check_add_overflow(pa, (u64)size, &end));
	KUNIT_ASSERT_LT(test, mem->nr_chunks, IOP_KMEM_MAX_CHUNKS);
	for (i = 0; i < mem->nr_chunks; i++) {
		c = &mem->chunks[i];
		KUNIT_ASSERT_FALSE_MSG(test, pa < c->pa + c->size && end > c->pa,
				       "chunk %#llx+%zu overlaps %#llx+%zu",
				       pa, size, c->pa, c->size);
	}
	c = &mem->chunks[mem->nr_chunks];
	c->data = kunit_kzalloc(test, size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, c->data);
	c->pa = pa;
	c->size = size;
	mem->nr_chunks++;
	return c->data;
}

/**
 * iop_kmem_ptr() - bytes behind a physical range
 * @mem: the platform
 * @pa: physical address
 * @len: bytes
 *
 * Context: any.
 * Return: the bytes if one chunk holds all of [@pa, @pa + @len), else NULL.
 */
u8 *iop_kmem_ptr(struct iop_kmem *mem, u64 pa, u64 len)
{
	unsigned int i;

	for (i = 0; i < mem->nr_chunks; i++) {
		const struct iop_kmem_chunk *c = &mem->chunks[i];

		if (pa >= c->pa && len <= c->size && pa - c->pa <= c->size - len)
			return c->data + (pa - c->pa);
	}
	return NULL;
}

/**
 * iop_kmem_set_ram() - make a chunk System RAM, which ops->map refuses
 * @mem: the platform
 * @pa: any address inside the chunk
 *
 * The chunk stays readable by the test; only the engine's map of it fails,
 * with -EPERM, as the kernel glue's map fails on System RAM.
 *
 * Context: any.
 */
void iop_kmem_set_ram(struct iop_kmem *mem, u64 pa)
{
	unsigned int i;

	for (i = 0; i < mem->nr_chunks; i++) {
		struct iop_kmem_chunk *c = &mem->chunks[i];

		if (pa >= c->pa && pa - c->pa < c->size)
			c->ram = true;
	}
}

/* Is any chunk holding [pa, pa + len) System RAM? */
static bool iop_kmem_is_ram(struct iop_kmem *mem, u64 pa, u64 len)
{
	unsigned int i;

	for (i = 0; i < mem->nr_chunks; i++) {
		const struct iop_kmem_chunk *c = &mem->chunks[i];

		if (c->ram && pa < c->pa + c->size && pa + len > c->pa)
			return true;
	}
	return false;
}

/**
 * iop_kmem_reset_counters() - zero the access counters
 * @mem: the platform
 *
 * Context: any; no engine call may run concurrently.
 */
void iop_kmem_reset_counters(struct iop_kmem *mem)
{
	mem->nr_map = 0;
	mem->nr_read = 0;
	mem->nr_load = 0;
	mem->nr_store = 0;
	mem->nr_cmpxchg = 0;
}

/*
 * Let other threads in: on a uniprocessor without preemption nothing else
 * runs inside an engine call unless the call offers the CPU.
 */
static void iop_kmem_yield(struct iop_kmem *mem)
{
	if (mem->yield)
		cond_resched();
}

/* The engine may only touch what it mapped: anything else is a bug. */
static u8 *iop_kmem_mapped(struct iop_kmem *mem, u64 pa, u64 len)
{
	unsigned int i;

	for (i = 0; i < mem->nr_maps; i++) {
		const struct iop_kmem_map *m = &mem->maps[i];

		if (pa >= m->pa && len <= m->len && pa - m->pa <= m->len - len)
			return iop_kmem_ptr(mem, pa, len);
	}
	atomic_inc(&mem->nr_bad);
	return NULL;
}

static int iop_kmem_op_map(void *ctx, u64 pa, u64 len)
{
	struct iop_kmem *mem = ctx;

	mem->nr_map++;
	if (mem->fail_map || mem->nr_maps == IOP_KMEM_MAX_MAPS ||
	    !iop_kmem_ptr(mem, pa, len))
		return -EFAULT;
	/* As the kernel glue: System RAM is never the firmware's to share. */
	if (iop_kmem_is_ram(mem, pa, len))
		return -EPERM;
	mem->maps[mem->nr_maps].pa = pa;
	mem->maps[mem->nr_maps].len = len;
	mem->nr_maps++;
	return 0;
}

static void iop_kmem_op_read(void *ctx, u64 pa, void *buf, size_t len)
{
	struct iop_kmem *mem = ctx;
	const u8 *src = iop_kmem_mapped(mem, pa, len);
	u8 *dst = buf;

	mem->nr_read++;
	iop_kmem_yield(mem);
	if (!src) {
		memset(buf, 0xff, len);
		return;
	}
	/* As the kernel's ops: one 4-byte load per aligned word. */
	for (; len && !IS_ALIGNED((unsigned long)src, 4); len--)
		*dst++ = READ_ONCE(*src++);
	for (; len >= 4; len -= 4, src += 4, dst += 4)
		put_unaligned(READ_ONCE(*(const u32 *)src), (u32 *)dst);
	for (; len; len--)
		*dst++ = READ_ONCE(*src++);
}

static u64 iop_kmem_get(const u8 *p, unsigned int width)
{
	bool aligned = IS_ALIGNED((unsigned long)p, width);

	switch (width) {
	case 1:
		return READ_ONCE(*p);
	case 2:
		return aligned ? le16_to_cpu(READ_ONCE(*(const __le16 *)p)) :
				 get_unaligned_le16(p);
	case 4:
		return aligned ? le32_to_cpu(READ_ONCE(*(const __le32 *)p)) :
				 get_unaligned_le32(p);
	default:
		return aligned ? le64_to_cpu(READ_ONCE(*(const __le64 *)p)) :
				 get_unaligned_le64(p);
	}
}

static void iop_kmem_put(u8 *p, unsigned int width, u64 val)
{
	bool aligned = IS_ALIGNED((unsigned long)p, width);

	switch (width) {
	case 1:
		WRITE_ONCE(*p, val);
		break;
	case 2:
		if (aligned)
			WRITE_ONCE(*(__le16 *)p, cpu_to_le16(val));
		else
			put_unaligned_le16(val, p);
		break;
	case 4:
		if (aligned)
			WRITE_ONCE(*(__le32 *)p, cpu_to_le32(val));
		else
			put_unaligned_le32(val, p);
		break;
	default:
		if (aligned)
			WRITE_ONCE(*(__le64 *)p, cpu_to_le64(val));
		else
			put_unaligned_le64(val, p);
		break;
	}
}

static u64 iop_kmem_op_load(void *ctx, u64 pa, unsigned int width)
{
	struct iop_kmem *mem = ctx;
	const u8 *p = iop_kmem_mapped(mem, pa, width);

	mem->nr_load++;
	iop_kmem_yield(mem);
	return p ? iop_kmem_get(p, width) : U64_MAX;
}

static void iop_kmem_op_store(void *ctx, u64 pa, unsigned int width, u64 val)
{
	struct iop_kmem *mem = ctx;
	u8 *p = iop_kmem_mapped(mem, pa, width);
	u64 old;

	mem->nr_store++;
	if (!p)
		return;
	old = iop_kmem_get(p, width);
	iop_kmem_put(p, width, val);
	if (mem->on_store)
		mem->on_store(mem, pa, width, old, val, mem->store_priv);
}

static u32 iop_kmem_op_cmpxchg32(void *ctx, u64 pa, u32 old, u32 new)
{
	struct iop_kmem *mem = ctx;
	__le32 *p = (__le32 *)iop_kmem_mapped(mem, pa, 4);
	u32 cur;

	mem->nr_cmpxchg++;
	/* A locked cmpxchg of a misaligned dword faults on hardware. */
	if (!p || !IS_ALIGNED(pa, 4) || !IS_ALIGNED((unsigned long)p, 4)) {
		if (p)
			KUNIT_FAIL(mem->test, "cmpxchg32 at unaligned %#llx", pa);
		atomic_inc(&mem->nr_bad);
		return old;
	}
	if (mem->race)
		mem->race(mem, pa, mem->race_priv);
	iop_kmem_yield(mem);
	cur = le32_to_cpu(cmpxchg(p, cpu_to_le32(old), cpu_to_le32(new)));
	if (cur == old && mem->on_store)
		mem->on_store(mem, pa, 4, old, new, mem->store_priv);
	return cur;
}

const struct iop_mem_ops iop_kmem_ops = {
	.map = iop_kmem_op_map,
	.read = iop_kmem_op_read,
	.load = iop_kmem_op_load,
	.store = iop_kmem_op_store,
	.cmpxchg32 = iop_kmem_op_cmpxchg32,
};

/**
 * iop_kmem_layout() - a platform holding one of the shared baselines
 * @test: owner
 * @layout: index into iop_vec_layouts[]
 *
 * The OpRegion lives at IOP_VEC_ASLS, the extended VBT (if any) where the
 * baseline's RVDA points, each in its own chunk.
 *
 * Context: process context (KUnit test).
 * Return: the platform.
 */
struct iop_kmem *iop_kmem_layout(struct kunit *test, unsigned int layout)
{
	const struct iop_vec_layout *l;
	struct iop_kmem *mem;

	KUNIT_ASSERT_LT(test, layout, IOP_VEC_NR_LAYOUTS);
	l = &iop_vec_layouts[layout];
	mem = iop_kmem_new(test);
	mem->layout = l;
	mem->asls = IOP_VEC_ASLS;
	mem->op = iop_kmem_add(mem, IOP_VEC_ASLS, OPREGION_SIZE);
	if (l->vbt != IOP_VEC_MBOX4) {
		mem->ext_pa = l->vbt == IOP_VEC_EXT_ABS ? l->rvda :
			      IOP_VEC_ASLS + l->rvda;
		mem->ext_len = l->rvds;
		mem->ext = iop_kmem_add(mem, mem->ext_pa, l->rvds);
	}
	KUNIT_ASSERT_EQ(test, iop_vec_build(l, mem->op, mem->ext, mem->ext_len), 0);
	return mem;
}

/**
 * iop_kmem_vvec() - a platform as a validation vector describes it
 * @test: owner
 * @v: the vector: baseline, hostile values and where memory lives
 *
 * Context: process context (KUnit test).
 * Return: the platform.
 */
struct iop_kmem *iop_kmem_vvec(struct kunit *test, const struct iop_vvec *v)
{
	struct iop_kmem *mem = iop_kmem_new(test);
	struct iop_vec_mem place;
	u8 *op, *ext;

	op = kunit_kzalloc(test, OPREGION_SIZE, GFP_KERNEL);
	ext = kunit_kzalloc(test, IOP_VEC_EXT_BUF, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, op);
	KUNIT_ASSERT_NOT_NULL(test, ext);
	KUNIT_ASSERT_EQ(test, iop_vec_prepare(v, op, ext, IOP_VEC_EXT_BUF), 0);
	iop_vec_place(v, &place);

	mem->layout = &iop_vec_layouts[v->layout];
	mem->asls = place.asls;
	if (place.has_op) {
		mem->op = iop_kmem_add(mem, place.asls, OPREGION_SIZE);
		memcpy(mem->op, op, OPREGION_SIZE);
		if (place.op_ram)
			iop_kmem_set_ram(mem, place.asls);
	}
	if (place.has_ext) {
		KUNIT_ASSERT_LE(test, place.ext_len, IOP_VEC_EXT_BUF);
		mem->ext_pa = place.ext_pa;
		mem->ext_len = place.ext_len;
		mem->ext = iop_kmem_add(mem, place.ext_pa, place.ext_len);
		memcpy(mem->ext, ext, place.ext_len);
		if (place.ext_ram)
			iop_kmem_set_ram(mem, place.ext_pa);
	}
	return mem;
}

/**
 * iop_kmem_view_size() - size of the view of a baseline layout
 * @mem: a platform from iop_kmem_layout()
 *
 * Context: any.
 * Return: 8 KiB, plus RVDS when the layout has an extended VBT.
 */
u32 iop_kmem_view_size(const struct iop_kmem *mem)
{
	const struct iop_vec_layout *l = mem->layout;

	return OPREGION_SIZE + (l->vbt == IOP_VEC_MBOX4 ? 0 : l->rvds);
}

/**
 * iop_kmem_view_ptr() - physical byte behind a view offset
 * @mem: a platform from iop_kmem_layout()
 * @off: view offset, below iop_kmem_view_size()
 *
 * Context: any.
 * Return: the byte in the OpRegion, or in the extended VBT from 8 KiB on.
 */
u8 *iop_kmem_view_ptr(struct iop_kmem *mem, u32 off)
{
	if (off < OPREGION_SIZE)
		return mem->op + off;
	return mem->ext + (off - OPREGION_SIZE);
}

/**
 * iop_kmem_reference() - the view a baseline layout must produce
 * @mem: a platform from iop_kmem_layout(), as built
 * @ref: iop_kmem_view_size() bytes
 *
 * Derived from the layout alone, not from the engine: physical bytes,
 * with OVER reporting 2.1 for a 2.0 host with an extended VBT, RVDA
 * reporting 0x2000 (extended VBT) or 0 where the version and mailbox
 * bitmap define RVDA, and the extended VBT appended at 8 KiB.
 *
 * Context: any.
 */
void iop_kmem_reference(struct iop_kmem *mem, u8 *ref)
{
	const struct iop_vec_layout *l = mem->layout;
	bool ext = l->vbt != IOP_VEC_MBOX4;
	u16 ver = l->ver;

	if (ext && ver < OPREGION_VER(2, 1))
		ver = OPREGION_VER(2, 1);
	memcpy(ref, mem->op, OPREGION_SIZE);
	ref[OPREGION_OFF(header.over.minor)] = ver & 0xff;
	ref[OPREGION_OFF(header.over.major)] = ver >> 8;
	if (l->ver >= OPREGION_VER(2, 0) && (l->mboxes & MBOX_ASLE))
		put_unaligned_le64(ext ? OPREGION_SIZE : 0,
				   ref + OPREGION_OFF(asle.rvda));
	if (ext)
		memcpy(ref + OPREGION_SIZE, mem->ext, l->rvds);
}

/**
 * iop_fw_get32() - firmware reads a 4-byte OpRegion field
 * @mem: the platform
 * @off: OpRegion offset, 4-byte aligned
 *
 * Context: any.
 * Return: the value.
 */
u32 iop_fw_get32(struct iop_kmem *mem, u32 off)
{
	return le32_to_cpu(READ_ONCE(*(__le32 *)(mem->op + off)));
}

/**
 * iop_fw_set32() - firmware writes a 4-byte OpRegion field
 * @mem: the platform
 * @off: OpRegion offset, 4-byte aligned
 * @val: the value
 *
 * Context: any.
 */
void iop_fw_set32(struct iop_kmem *mem, u32 off, u32 val)
{
	WRITE_ONCE(*(__le32 *)(mem->op + off), cpu_to_le32(val));
}

/**
 * iop_fw_or32() - firmware sets bits in a 4-byte field, atomically
 * @mem: the platform
 * @off: OpRegion offset, 4-byte aligned
 * @bits: bits to set
 *
 * Context: any.
 * Return: the value before.
 */
u32 iop_fw_or32(struct iop_kmem *mem, u32 off, u32 bits)
{
	__le32 *p = (__le32 *)(mem->op + off);
	u32 old = le32_to_cpu(READ_ONCE(*p)), prev;

	for (;;) {
		prev = le32_to_cpu(cmpxchg(p, cpu_to_le32(old),
					   cpu_to_le32(old | bits)));
		if (prev == old)
			return old;
		old = prev;
	}
}

KUNIT_DEFINE_ACTION_WRAPPER(iop_kt_destroy, iop_kdev_destroy, struct iop_kdev *);

/**
 * iop_kt_kdev() - a device on a modelled platform, destroyed with the test
 * @test: owner
 * @mem: the platform
 * @name: device name
 *
 * Context: process context (KUnit test).
 * Return: the device; the test is aborted when probing fails.
 */
struct iop_kdev *iop_kt_kdev(struct kunit *test, struct iop_kmem *mem,
			     const char *name)
{
	enum iop_reason reason = IOP_NR_REASONS;
	struct iop_kdev *kd = NULL;
	int ret;

	ret = iop_kdev_probe_ops(name, mem->asls, &iop_kmem_ops, mem, &kd,
				 &reason);
	KUNIT_ASSERT_EQ_MSG(test, ret, 0, "probe rejected: %s",
			    iop_reason_name(reason));
	KUNIT_ASSERT_EQ(test, reason, IOP_OK);
	KUNIT_ASSERT_NOT_NULL(test, kd);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, iop_kt_destroy, kd), 0);
	return kd;
}

static void iop_kt_mmdrop(void *mm)
{
	mmdrop(mm);
}

/**
 * iop_kt_vm_mmap() - user memory for the test's thread, without a leak
 * @test: the test
 * @len: bytes of anonymous read/write memory
 *
 * kunit_vm_mmap() gives the test's thread an address space through
 * kthread_use_mm() and leaves it to the thread's exit (lib/kunit/
 * user_alloc.c, 6.12 to 7.2). That exit drops the users of the mm but not
 * the reference kthread_use_mm() took for active_mm, which only
 * kthread_unuse_mm() returns: each such case leaked its mm_struct
 * (kmemleak reported one per case). The first mapping of a case hands
 * that reference to a deferred action, which drops it in KUnit's cleanup;
 * the mm's users keep it alive until the thread has exited.
 *
 * Context: process context (KUnit test).
 * Return: the user address, or 0.
 */
unsigned long iop_kt_vm_mmap(struct kunit *test, unsigned long len)
{
	bool had_mm = current->mm;
	unsigned long addr;

	addr = kunit_vm_mmap(test, NULL, 0, len, PROT_READ | PROT_WRITE,
			     MAP_ANONYMOUS | MAP_PRIVATE, 0);
	if (addr && !had_mm && current->mm &&
	    kunit_add_action_or_reset(test, iop_kt_mmdrop, current->mm))
		return 0;
	return addr;
}

/**
 * iop_kt_read() - iop_read() on a device, under its lock
 * @kd: the device
 * @off: view offset
 * @buf: kernel buffer
 * @len: bytes
 *
 * Context: process context.
 * Return: as iop_read().
 */
ssize_t iop_kt_read(struct iop_kdev *kd, u64 off, void *buf, size_t len)
{
	ssize_t ret;

	mutex_lock(&kd->lock);
	ret = iop_read(&kd->iop, off, buf, len);
	mutex_unlock(&kd->lock);
	return ret;
}

/**
 * iop_kt_write() - iop_write() on a device, under its lock
 * @kd: the device
 * @off: view offset
 * @buf: kernel buffer
 * @len: bytes
 *
 * Context: process context.
 * Return: as iop_write().
 */
ssize_t iop_kt_write(struct iop_kdev *kd, u64 off, const void *buf,
		     size_t len)
{
	ssize_t ret;

	mutex_lock(&kd->lock);
	ret = iop_write(&kd->iop, off, buf, len);
	mutex_unlock(&kd->lock);
	return ret;
}

/**
 * iop_kt_read32() - read a 4-byte field through the view
 * @test: the test, failed if the read is short
 * @kd: the device
 * @off: view offset
 *
 * Context: process context.
 * Return: the little-endian value.
 */
u32 iop_kt_read32(struct kunit *test, struct iop_kdev *kd, u32 off)
{
	__le32 v = 0;

	KUNIT_EXPECT_EQ(test, iop_kt_read(kd, off, &v, 4), 4);
	return le32_to_cpu(v);
}

/**
 * iop_kt_write32() - write a 4-byte field through the view
 * @test: the test, failed if the write is short
 * @kd: the device
 * @off: view offset
 * @val: the value, stored little-endian
 *
 * Context: process context.
 */
void iop_kt_write32(struct kunit *test, struct iop_kdev *kd, u32 off, u32 val)
{
	__le32 v = cpu_to_le32(val);

	KUNIT_EXPECT_EQ(test, iop_kt_write(kd, off, &v, 4), 4);
}

/**
 * iop_kt_rec_clear() - forget recorded events
 * @rec: the recorder
 *
 * Context: any.
 */
void iop_kt_rec_clear(struct iop_kt_rec *rec)
{
	memset(rec, 0, sizeof(*rec));
}

static void iop_kt_record(void *priv, const struct iop_event *ev)
{
	struct iop_kt_rec *rec = priv;

	if (ev->kind < IOP_NR_EVENT_KINDS)
		rec->nr_kind[ev->kind]++;
	if (ev->kind == IOP_EV_REFUSED)
		rec->refused_bytes += ev->len;
	if (rec->nr < IOP_KT_MAX_EVENTS)
		rec->ev[rec->nr++] = *ev;
	else
		rec->lost++;
}

/**
 * iop_kt_engine() - a bare engine on a platform, events recorded
 * @test: owner
 * @mem: the platform (must validate)
 * @rec: where events go
 *
 * Context: process context (KUnit test).
 * Return: the probed engine state.
 */
struct iop *iop_kt_engine(struct kunit *test, struct iop_kmem *mem,
			  struct iop_kt_rec *rec)
{
	struct iop *iop = kunit_kzalloc(test, sizeof(*iop), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, iop);
	iop_kt_rec_clear(rec);
	KUNIT_ASSERT_EQ_MSG(test, iop_probe(iop, mem->asls, &iop_kmem_ops, mem,
					    iop_kt_record, rec), 0,
			    "probe rejected: %s", iop_reason_name(iop->reason));
	return iop;
}

/**
 * iop_kt_row() - index of a named ownership-table row
 * @test: the test, aborted if no row has that name
 * @name: spec name, e.g. "ASLC"
 *
 * Context: any.
 * Return: the row index.
 */
unsigned int iop_kt_row(struct kunit *test, const char *name)
{
	unsigned int i;

	for (i = 0; i < iop_nr_fields; i++)
		if (!strcmp(iop_fields[i].name, name))
			return i;
	KUNIT_FAIL_AND_ABORT(test, "no table row named %s", name);
	return 0;
}

/**
 * iop_kt_desc() - a parameter description from a vector name
 * @desc: KUNIT_PARAM_DESC_SIZE bytes
 * @name: the vector's name
 *
 * In a KTAP result line "# ..." is a directive (SKIP, TODO): a name such
 * as "signature #VBT" would corrupt the report, so '#' becomes "0x23".
 *
 * Context: any.
 */
void iop_kt_desc(char *desc, const char *name)
{
	size_t n = 0;

	for (; *name && n + 5 < KUNIT_PARAM_DESC_SIZE; name++) {
		if (*name == '#') {
			memcpy(desc + n, "0x23", 4);
			n += 4;
		} else {
			desc[n++] = *name;
		}
	}
	desc[n] = '\0';
}

/**
 * iop_kt_diff() - where two buffers first differ
 * @a: one buffer
 * @b: the other
 * @len: bytes to compare
 *
 * Context: any.
 * Return: the first differing offset, or -1 when equal.
 */
long iop_kt_diff(const u8 *a, const u8 *b, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (a[i] != b[i])
			return i;
	return -1;
}

/* With the shared vectors and the tests/<area>_kunit.c suites: igd-vfio-pci-kunit */
MODULE_DESCRIPTION("KUnit suites of igd-vfio-pci's OpRegion engine");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
