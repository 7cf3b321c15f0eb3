// SPDX-License-Identifier: GPL-2.0
/*
 * stress_kunit.c - suite igd_opregion_stress: guests and firmware at once.
 *
 * For a bounded time (STRESS_MS) kthreads share one device the way a VMM's
 * vCPUs and the platform firmware do:
 *   - firmware: writes firmware-owned fields (aligned ones with a 24-bit
 *     sequence number and an 8-bit hash of it, so a torn or stale read is
 *     visible; unaligned ones and the EDID bytes at random) and posts ASLC
 *     requests, one bit at a time, only while that bit is clear, counting
 *     each;
 *   - ASLE handler: reads ASLC, counts the requests it saw, acknowledges
 *     them with a status write (i915's asle_work);
 *   - driver: writes CBLV and ARDY;
 *   - two writers: random offsets and lengths anywhere but ASLC and CBLV;
 *   - two readers: random ranges and whole-view reads, checking that
 *     firmware values are never torn and never go back in time.
 * The platform model offers the CPU inside the engine's memory accesses
 * (on a uniprocessor without preemption that is where most switches then
 * happen: mid-call, lock held) and lets the firmware post a request inside
 * the handler's compare-and-exchange, so firmware writes land between the
 * engine's load and its store. Afterwards: every request the firmware posted was either
 * handled or is still pending (no firmware bit lost), every byte the guest
 * does not own holds exactly what the firmware wrote (no guest byte where
 * the guest has no ownership), and the guest's own last values stand.
 * In the sanitizer run this is where lockdep watches kd->lock.
 */
#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/kthread.h>
#include <linux/prandom.h>
#include <linux/spinlock.h>
#include <linux/unaligned.h>

#include "iop_kunit_mem.h"

#define STRESS_MS	2000
#define ASLC		0x304
#define CBLV		0x318
#define NR_REQ		9		/* ASLC request bits 8:0 */

/* Aligned firmware-owned fields written with a sequence number */
static const u32 stress_seq_fields[] = {
	0x108, 0x180, 0x184, 0x19c, 0x1a4, 0x1ac, 0x1b0,
	0x30c, 0x310, 0x314, 0x348, 0x1c00,
};

/* Firmware-owned fields at 2-byte alignment, written at random */
static const u32 stress_odd_fields[] = { 0x396, 0x39e, 0x3a2, 0x3a6 };

#define NR_SEQ		ARRAY_SIZE(stress_seq_fields)
#define NR_READERS	2
#define NR_WRITERS	2

struct stress;

struct stress_reader {
	struct stress *s;
	unsigned int id;
	u32 last[NR_SEQ];
	u8 *buf;
};

struct stress {
	struct iop_kmem *mem;
	struct iop_kdev *kd;
	u32 size;
	u8 *fw_model;			/* the OpRegion as the firmware wrote it */
	u8 *ext_model;
	u32 seq[NR_SEQ];
	atomic_t sets[NR_REQ];		/* requests the firmware posted */
	atomic_t handled[NR_REQ];	/* requests the guest saw and acked */
	atomic_long_t reads, writes, fw_writes, races;
	u32 status_last;
	u32 cblv_last;
	atomic_t errors;
	spinlock_t err_lock;		/* first_error */
	char first_error[160];
	struct task_struct *threads[4 + NR_READERS + NR_WRITERS];
	struct stress_reader readers[NR_READERS];
};

static __printf(2, 3) void stress_error(struct stress *s, const char *fmt, ...)
{
	va_list args;

	if (atomic_inc_return(&s->errors) != 1)
		return;
	spin_lock(&s->err_lock);
	va_start(args, fmt);
	vsnprintf(s->first_error, sizeof(s->first_error), fmt, args);
	va_end(args);
	spin_unlock(&s->err_lock);
}

/* A firmware value: sequence number in bits 31:8, a hash of it in 7:0. */
static u32 stress_value(u32 seq)
{
	return seq << 8 | (u8)((seq * 0x9e3779b1U) >> 24);
}

/* Post request @b if it is not pending; true if posted (and counted). */
static bool stress_post(struct stress *s, unsigned int b)
{
	__le32 *p = (__le32 *)(s->mem->op + ASLC);
	u32 old = le32_to_cpu(READ_ONCE(*p));

	if (old & BIT(b))
		return false;
	if (le32_to_cpu(cmpxchg(p, cpu_to_le32(old), cpu_to_le32(old | BIT(b)))) != old)
		return false;
	atomic_inc(&s->sets[b]);
	return true;
}

/* Inside the engine's compare-and-exchange on ASLC: post a request. */
static void stress_race(struct iop_kmem *mem, u64 pa, void *priv)
{
	struct stress *s = priv;

	if (pa != mem->asls + ASLC || get_random_u32_below(2))
		return;
	atomic_long_inc(&s->races);
	stress_post(s, get_random_u32_below(NR_REQ));
}

static int stress_firmware(void *data)
{
	struct stress *s = data;
	struct rnd_state rnd;

	prandom_seed_state(&rnd, 0x1f1f);
	while (!kthread_should_stop()) {
		u32 r = prandom_u32_state(&rnd), off, v;
		unsigned int i;

		switch (r & 7) {
		case 0:
		case 1:
			stress_post(s, (r >> 8) % NR_REQ);
			break;
		case 2:
			off = stress_odd_fields[(r >> 8) % ARRAY_SIZE(stress_odd_fields)];
			v = prandom_u32_state(&rnd);
			put_unaligned_le32(v, s->mem->op + off);
			put_unaligned_le32(v, s->fw_model + off);
			break;
		case 3:
			off = 0x1c04 + (r >> 8) % 256;	/* BDDC */
			WRITE_ONCE(s->mem->op[off], r >> 24);
			s->fw_model[off] = r >> 24;
			break;
		default:
			i = (r >> 8) % NR_SEQ;
			off = stress_seq_fields[i];
			s->seq[i] = (s->seq[i] + 1) & 0xffffff;
			v = stress_value(s->seq[i]);
			iop_fw_set32(s->mem, off, v);
			put_unaligned_le32(v, s->fw_model + off);
			break;
		}
		atomic_long_inc(&s->fw_writes);
		cond_resched();
	}
	return 0;
}

static int stress_handler(void *data)
{
	struct stress *s = data;
	u32 seq = 0;

	while (!kthread_should_stop()) {
		__le32 v;
		u32 req, status;
		unsigned int b;

		if (iop_kt_read(s->kd, ASLC, &v, 4) != 4)
			stress_error(s, "short ASLC read");
		req = le32_to_cpu(v) & ASLC_REQ_MSK;
		if (req) {
			for (b = 0; b < NR_REQ; b++)
				if (req & BIT(b))
					atomic_inc(&s->handled[b]);
			status = (++seq & 3) << 12;
			v = cpu_to_le32(status);
			if (iop_kt_write(s->kd, ASLC, &v, 4) != 4)
				stress_error(s, "short ASLC write");
			WRITE_ONCE(s->status_last, status);
		}
		cond_resched();
	}
	return 0;
}

static int stress_driver(void *data)
{
	struct stress *s = data;
	u32 seq = 0;

	while (!kthread_should_stop()) {
		__le32 v = cpu_to_le32(ASLE_CBLV_VALID | (++seq % 101));

		if (iop_kt_write(s->kd, CBLV, &v, 4) != 4)
			stress_error(s, "short CBLV write");
		WRITE_ONCE(s->cblv_last, le32_to_cpu(v));
		v = cpu_to_le32(seq & 1);
		if (iop_kt_write(s->kd, 0x300, &v, 4) != 4)
			stress_error(s, "short ARDY write");
		cond_resched();
	}
	return 0;
}

static bool stress_overlaps(u32 off, u32 len, u32 lo, u32 hi)
{
	return off < hi && off + len > lo;
}

static int stress_writer(void *data)
{
	struct stress *s = data;
	struct rnd_state rnd;
	u8 buf[16];

	prandom_seed_state(&rnd, (unsigned long)current->pid);
	while (!kthread_should_stop()) {
		u32 r = prandom_u32_state(&rnd);
		u32 off = r % s->size, len = 1 + (r >> 24) % sizeof(buf);
		ssize_t want = min(len, s->size - off);

		if (!stress_overlaps(off, len, ASLC, ASLC + 4) &&
		    !stress_overlaps(off, len, CBLV, CBLV + 4)) {
			prandom_bytes_state(&rnd, buf, len);
			if (iop_kt_write(s->kd, off, buf, len) != want)
				stress_error(s, "write %#x+%u: short", off, len);
			atomic_long_inc(&s->writes);
		}
		cond_resched();
	}
	return 0;
}

/* Firmware values in a read: never torn, never older than seen before. */
static void stress_check_read(struct stress_reader *rd, u32 off, u32 len)
{
	unsigned int i;

	for (i = 0; i < NR_SEQ; i++) {
		u32 f = stress_seq_fields[i], v, seq;

		if (f < off || f + 4 > off + len)
			continue;
		v = get_unaligned_le32(rd->buf + (f - off));
		seq = v >> 8;
		if (v != stress_value(seq))
			stress_error(rd->s, "reader %u: %#x torn: %#x", rd->id, f, v);
		else if (((seq - rd->last[i]) & 0xffffff) >= 0x800000)
			stress_error(rd->s, "reader %u: %#x went back from %u to %u",
				     rd->id, f, rd->last[i], seq);
		rd->last[i] = seq;
	}
}

static void stress_read(struct stress_reader *rd, u32 off, u32 len)
{
	if (iop_kt_read(rd->s->kd, off, rd->buf, len) != len) {
		stress_error(rd->s, "read %#x+%u: short", off, len);
		return;
	}
	stress_check_read(rd, off, len);
	atomic_long_inc(&rd->s->reads);
}

static int stress_reader(void *data)
{
	struct stress_reader *rd = data;
	struct stress *s = rd->s;
	struct rnd_state rnd;

	prandom_seed_state(&rnd, 0x5eed + rd->id);
	while (!kthread_should_stop()) {
		u32 r = prandom_u32_state(&rnd);
		u32 off = r % s->size, len = 1 + (r >> 20) % 64;

		if (!(r & 0xff)) {
			/* The whole view, but ASLC: that is the handler's. */
			stress_read(rd, 0, ASLC);
			stress_read(rd, ASLC + 4, s->size - ASLC - 4);
		} else {
			len = min(len, s->size - off);
			if (stress_overlaps(off, len, ASLC, ASLC + 4))
				len = off < ASLC ? ASLC - off : 0;
			if (len)
				stress_read(rd, off, len);
		}
		cond_resched();
	}
	return 0;
}

static void stress_stop(void *data)
{
	struct stress *s = data;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(s->threads); i++) {
		if (s->threads[i])
			kthread_stop(s->threads[i]);
		s->threads[i] = NULL;
	}
}

static void stress_start(struct kunit *test, struct stress *s, unsigned int i,
			 int (*fn)(void *), void *data, const char *name)
{
	struct task_struct *t = kthread_run(fn, data, "iop-stress-%s", name);

	KUNIT_ASSERT_FALSE_MSG(test, IS_ERR(t), "kthread %s: %ld", name, PTR_ERR(t));
	s->threads[i] = t;
}

static void stress_guests_and_firmware(struct kunit *test)
{
	struct stress *s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	unsigned int i, b, n = 0;
	long sets = 0, handled = 0;
	u32 aslc, off;

	KUNIT_ASSERT_NOT_NULL(test, s);
	spin_lock_init(&s->err_lock);
	s->mem = iop_kmem_layout(test, IOP_VL_21_CONTIG);
	s->size = iop_kmem_view_size(s->mem);
	for (i = 0; i < NR_SEQ; i++)
		iop_fw_set32(s->mem, stress_seq_fields[i], 0);
	iop_fw_set32(s->mem, ASLC, 0);
	s->fw_model = kunit_kmalloc(test, OPREGION_SIZE, GFP_KERNEL);
	s->ext_model = kunit_kmalloc(test, s->mem->ext_len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, s->fw_model);
	KUNIT_ASSERT_NOT_NULL(test, s->ext_model);
	memcpy(s->fw_model, s->mem->op, OPREGION_SIZE);
	memcpy(s->ext_model, s->mem->ext, s->mem->ext_len);
	s->kd = iop_kt_kdev(test, s->mem, "stress");
	iop_kdev_open(s->kd);
	s->mem->yield = true;
	s->mem->race = stress_race;
	s->mem->race_priv = s;

	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, stress_stop, s), 0);
	stress_start(test, s, n++, stress_firmware, s, "fw");
	stress_start(test, s, n++, stress_handler, s, "asle");
	stress_start(test, s, n++, stress_driver, s, "drv");
	for (i = 0; i < NR_WRITERS; i++)
		stress_start(test, s, n++, stress_writer, s, "wr");
	for (i = 0; i < NR_READERS; i++) {
		struct stress_reader *rd = &s->readers[i];

		rd->s = s;
		rd->id = i;
		rd->buf = kunit_kmalloc(test, s->size, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, rd->buf);
		stress_start(test, s, n++, stress_reader, rd, "rd");
	}
	msleep(STRESS_MS);
	kunit_release_action(test, stress_stop, s);
	s->mem->race = NULL;

	kunit_info(test, "%u ms: %ld reads, %ld writes, %ld firmware writes, %ld races\n",
		   STRESS_MS, atomic_long_read(&s->reads), atomic_long_read(&s->writes),
		   atomic_long_read(&s->fw_writes), atomic_long_read(&s->races));
	KUNIT_EXPECT_EQ_MSG(test, atomic_read(&s->errors), 0, "first: %s",
			    s->first_error);
	KUNIT_EXPECT_EQ(test, atomic_read(&s->mem->nr_bad), 0);

	/* No firmware bit lost: each request handled, or still pending. */
	aslc = iop_fw_get32(s->mem, ASLC);
	for (b = 0; b < NR_REQ; b++) {
		KUNIT_EXPECT_EQ_MSG(test, atomic_read(&s->sets[b]),
				    atomic_read(&s->handled[b]) + !!(aslc & BIT(b)),
				    "ASLC bit %u: posted %d, handled %d, pending %d", b,
				    atomic_read(&s->sets[b]), atomic_read(&s->handled[b]),
				    !!(aslc & BIT(b)));
		sets += atomic_read(&s->sets[b]);
		handled += atomic_read(&s->handled[b]);
	}
	kunit_info(test, "ASLC requests: %ld posted, %ld handled, %u pending\n",
		   sets, handled, hweight32(aslc & ASLC_REQ_MSK));
	KUNIT_EXPECT_EQ(test, aslc & ~ASLC_REQ_MSK, s->status_last);
	KUNIT_EXPECT_EQ(test, iop_fw_get32(s->mem, CBLV), s->cblv_last);

	/* No guest byte where the guest owns nothing. */
	for (off = 0; off < s->size; off++) {
		const struct iop_field *f = iop_field_at(&s->kd->iop, off);
		u8 got = *iop_kmem_view_ptr(s->mem, off);
		u8 want = off < OPREGION_SIZE ? s->fw_model[off] :
			  s->ext_model[off - OPREGION_SIZE];

		KUNIT_ASSERT_NOT_NULL(test, f);
		if (f->cls == IOP_DRV || f->cls == IOP_HANDSHAKE)
			continue;
		if (got != want) {
			KUNIT_FAIL(test, "%s (%s) byte %#x is %#x, firmware wrote %#x",
				   f->name, iop_class_name(f->cls), off, got, want);
			break;
		}
	}

	/* It really ran concurrently. */
	KUNIT_EXPECT_GT(test, atomic_long_read(&s->reads), 0);
	KUNIT_EXPECT_GT(test, atomic_long_read(&s->writes), 0);
	KUNIT_EXPECT_GT(test, atomic_long_read(&s->fw_writes), 0);
	KUNIT_EXPECT_GT(test, handled, 0);
	KUNIT_EXPECT_GT(test, sets, 0);
	iop_kdev_release(s->kd);
}

static struct kunit_case stress_cases[] = {
	KUNIT_CASE_SLOW(stress_guests_and_firmware),
	{}
};

static struct kunit_suite stress_suite = {
	.name = "igd_opregion_stress",
	.test_cases = stress_cases,
};

kunit_test_suite(stress_suite);
