// SPDX-License-Identifier: GPL-2.0
/*
 * kcsan_control_kunit.c - suite igd_opregion_kcsan_control: a data race on
 * purpose, the positive control of `make kcsan`.
 *
 * Built only with CONFIG_IGD_VFIO_PCI_KCSAN_CONTROL (scripts/kunit.sh
 * --kcsan-control). Two kthreads count refused guest writes in
 * iop->refused[] of one device:
 *   - the guest: writes CEVT (firmware-owned) through iop_write() under
 *     kd->lock, as iop_kdev_rw() does, so the engine counts the refusal;
 *   - the racer: a copy of that one increment from lib/iop_access.c, made
 *     without kd->lock, in iop_racy_refuse().
 * KCSAN must report "data-race in iop_racy_refuse / iop_write"
 * (the script checks the kernel log). The test itself only checks that
 * both threads ran: the race is the point, its outcome is not. No function
 * here has "kcsan_" in its name: KCSAN leaves such frames out of its
 * reports as its own.
 */
#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/kthread.h>

#include "iop_kunit_mem.h"

#define CONTROL_MS	4000
#define CEVT		0x108

struct kcsan_control {
	struct iop_kdev *kd;
	unsigned int row;		/* CEVT's row in iop->refused[] */
	atomic_long_t writes, bumps;
};

/* The racy copy: iop_write()'s "iop->refused[seg->row]++", unlocked. */
static noinline void iop_racy_refuse(struct kcsan_control *c)
{
	c->kd->iop.refused[c->row]++;
}

static int iop_racy_racer(void *data)
{
	struct kcsan_control *c = data;

	while (!kthread_should_stop()) {
		iop_racy_refuse(c);
		atomic_long_inc(&c->bumps);
		cond_resched();
	}
	return 0;
}

static int iop_racy_guest(void *data)
{
	struct kcsan_control *c = data;
	__le32 v = cpu_to_le32(0x1);

	while (!kthread_should_stop()) {
		iop_kt_write(c->kd, CEVT, &v, sizeof(v));
		atomic_long_inc(&c->writes);
		cond_resched();
	}
	return 0;
}

static void kcsan_control_refused_counter(struct kunit *test)
{
	struct kcsan_control *c = kunit_kzalloc(test, sizeof(*c), GFP_KERNEL);
	struct task_struct *guest, *racer;
	struct iop_kmem *mem;
	__le32 v = cpu_to_le32(0x1);

	KUNIT_ASSERT_NOT_NULL(test, c);
	mem = iop_kmem_layout(test, IOP_VL_21_CONTIG);
	c->kd = iop_kt_kdev(test, mem, "kcsan-control");
	iop_kdev_open(c->kd);
	/* One refused write names the row the racer must count in. */
	KUNIT_ASSERT_EQ(test, iop_kt_write(c->kd, CEVT, &v, sizeof(v)), 4);
	c->row = iop_kt_row(test, "CEVT");
	KUNIT_ASSERT_EQ(test, c->kd->iop.refused[c->row], 1);

	guest = kthread_run(iop_racy_guest, c, "iop-kcsan-guest");
	KUNIT_ASSERT_FALSE(test, IS_ERR(guest));
	racer = kthread_run(iop_racy_racer, c, "iop-kcsan-racer");
	if (IS_ERR(racer)) {
		kthread_stop(guest);
		KUNIT_FAIL_AND_ABORT(test, "racer: %ld", PTR_ERR(racer));
	}
	msleep(CONTROL_MS);
	kthread_stop(racer);
	kthread_stop(guest);
	iop_kdev_release(c->kd);

	kunit_info(test, "%ld locked writes, %ld unlocked increments in %d ms",
		   atomic_long_read(&c->writes), atomic_long_read(&c->bumps),
		   CONTROL_MS);
	KUNIT_EXPECT_GT(test, atomic_long_read(&c->writes), 0);
	KUNIT_EXPECT_GT(test, atomic_long_read(&c->bumps), 0);
}

static struct kunit_case kcsan_control_cases[] = {
	KUNIT_CASE_SLOW(kcsan_control_refused_counter),
	{}
};

static struct kunit_suite kcsan_control_suite = {
	.name = "igd_opregion_kcsan_control",
	.test_cases = kcsan_control_cases,
};

kunit_test_suite(kcsan_control_suite);
