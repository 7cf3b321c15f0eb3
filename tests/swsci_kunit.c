// SPDX-License-Identifier: GPL-2.0
/*
 * swsci_kunit.c - suite igd_opregion_swsci: which SWSCI calls a guest may
 * make the host firmware run, and what iop_kdev_swsci() does with a
 * trigger.
 *
 * The policy table must allow by default exactly the calls i915 6.12
 * makes; "none" and "all" must mean what they say whatever else SCIC
 * holds. A trigger reaches the firmware (the @fire callback, which stands
 * for the IGD's config 0xE8) only for an allowed, pending SCI request; a
 * refused one never does and is answered in physical SCIC at once, PARM
 * untouched; while a forwarded request is pending, region writes to SCIC
 * and PARM must wait.
 */
#include <kunit/test.h>

#include "igd_opregion/iop_swsci.h"
#include "iop_kunit_mem.h"

#define GBDA(sub)	IOP_SWSCI_FUNC(IOP_SWSCI_GBDA, sub)
#define SBCB(sub)	IOP_SWSCI_FUNC(IOP_SWSCI_SBCB, sub)
#define REFUSED(fn)	((fn) | IOP_SWSCI_EXIT_REFUSED << SWSCI_SCIC_EXIT_STATUS_SHIFT)
#define O_SCIC		0x200
#define O_PARM		0x204

/* What i915 6.12 calls: swsci_setup(), get_panel_type(), notify_*(). */
static const u32 swsci_i915_calls[] = {
	GBDA(0), GBDA(1), GBDA(5), SBCB(0), SBCB(7), SBCB(8),
};

static bool swsci_i915_calls_it(u32 function)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(swsci_i915_calls); i++)
		if (swsci_i915_calls[i] == function)
			return true;
	return false;
}

static void swsci_table(struct kunit *test)
{
	/* Bits beside the function code never change a decision. */
	static const u32 noise[] = { 0, 1, 0xe0, 0xffff0000, 0xffff00e1 };
	unsigned int i, j, n_allowed = 0;

	for (i = 0; i < iop_swsci_nr_funcs; i++) {
		const struct iop_swsci_func *f = &iop_swsci_funcs[i];
		u32 main = (f->function & IOP_SWSCI_MAIN_MASK) >> IOP_SWSCI_MAIN_SHIFT;

		KUNIT_EXPECT_EQ_MSG(test, f->function & ~IOP_SWSCI_FUNC_MASK, 0, "%s", f->name);
		KUNIT_EXPECT_TRUE_MSG(test, main == IOP_SWSCI_GBDA || main == IOP_SWSCI_SBCB,
				      "%s", f->name);
		KUNIT_EXPECT_EQ_MSG(test, f->allowed, swsci_i915_calls_it(f->function),
				    "%s: allowed by default iff i915 calls it", f->name);
		KUNIT_EXPECT_NOT_NULL(test, f->why);
		KUNIT_EXPECT_PTR_EQ(test, iop_swsci_lookup(f->function), f);
		n_allowed += f->allowed;
		for (j = 0; j < ARRAY_SIZE(noise); j++) {
			u32 scic = f->function | noise[j];

			KUNIT_EXPECT_PTR_EQ(test, iop_swsci_lookup(scic), f);
			KUNIT_EXPECT_FALSE(test, iop_swsci_allowed(IOP_SWSCI_NONE, scic));
			KUNIT_EXPECT_TRUE(test, iop_swsci_allowed(IOP_SWSCI_ALL, scic));
			KUNIT_EXPECT_EQ_MSG(test, iop_swsci_allowed(IOP_SWSCI_DEFAULT, scic),
					    f->allowed, "%s | %#x", f->name, noise[j]);
		}
	}
	KUNIT_EXPECT_EQ(test, n_allowed, ARRAY_SIZE(swsci_i915_calls));
	/* Functions the table does not name: refused unless "all". */
	KUNIT_EXPECT_NULL(test, iop_swsci_lookup(IOP_SWSCI_FUNC(1, 0)));
	KUNIT_EXPECT_FALSE(test, iop_swsci_allowed(IOP_SWSCI_DEFAULT, IOP_SWSCI_FUNC(1, 0) | 1));
	KUNIT_EXPECT_FALSE(test, iop_swsci_allowed(IOP_SWSCI_DEFAULT, GBDA(2) | 1));
	KUNIT_EXPECT_FALSE(test, iop_swsci_allowed(IOP_SWSCI_DEFAULT, SBCB(0xff) | 1));
	KUNIT_EXPECT_TRUE(test, iop_swsci_allowed(IOP_SWSCI_ALL, IOP_SWSCI_FUNC(1, 0) | 1));
	KUNIT_EXPECT_FALSE(test, iop_swsci_allowed(IOP_SWSCI_NR_POLICIES, GBDA(0) | 1));
}

static void swsci_policy_names(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, iop_swsci_policy_parse("none"), IOP_SWSCI_NONE);
	KUNIT_EXPECT_EQ(test, iop_swsci_policy_parse("default"), IOP_SWSCI_DEFAULT);
	KUNIT_EXPECT_EQ(test, iop_swsci_policy_parse("all\n"), IOP_SWSCI_ALL);
	KUNIT_EXPECT_EQ(test, iop_swsci_policy_parse("al"), -EINVAL);
	KUNIT_EXPECT_EQ(test, iop_swsci_policy_parse(""), -EINVAL);
	KUNIT_EXPECT_STREQ(test, iop_swsci_policy_name(IOP_SWSCI_DEFAULT), "default");
	KUNIT_EXPECT_STREQ(test, iop_swsci_policy_name(IOP_SWSCI_NR_POLICIES), "?");
}

struct swsci_fire {
	unsigned int calls;
	int ret;
};

static int swsci_fire(void *ctx)
{
	struct swsci_fire *f = ctx;

	f->calls++;
	return f->ret;
}

/**
 * struct swsci_case - one trigger and what must become of it
 * @name: what the guest does
 * @policy: enum iop_swsci_policy
 * @sci: SCISEL set
 * @scic: SCIC the guest forwarded
 * @fire_ret: what passing the trigger on returns
 * @verdict: expected enum iop_swsci_verdict
 * @fired: whether the trigger must reach the firmware
 * @scic_after: physical SCIC afterwards
 */
struct swsci_case {
	const char *name;
	enum iop_swsci_policy policy;
	bool sci;
	u32 scic;
	int fire_ret;
	enum iop_swsci_verdict verdict;
	bool fired;
	u32 scic_after;
};

static const struct swsci_case swsci_cases[] = {
	{ "default GBDA supported calls", IOP_SWSCI_DEFAULT, true, GBDA(0) | 1, 0,
	  IOP_SWSCI_FORWARDED, true, GBDA(0) | 1 },
	{ "default SBCB adapter power, stale status", IOP_SWSCI_DEFAULT, true,
	  SBCB(7) | 0xa0 | 1, 0, IOP_SWSCI_FORWARDED, true, SBCB(7) | 0xa0 | 1 },
	{ "default SBCB display power", IOP_SWSCI_DEFAULT, true, SBCB(8) | 1, 0,
	  IOP_SWSCI_FORWARDED, true, SBCB(8) | 1 },
	{ "default SBCB set panel details", IOP_SWSCI_DEFAULT, true, SBCB(10) | 1, 0,
	  IOP_SWSCI_REFUSED, false, REFUSED(SBCB(10)) },
	{ "default SBCB audio, status bits set", IOP_SWSCI_DEFAULT, true,
	  SBCB(21) | 0x20 | 1, 0, IOP_SWSCI_REFUSED, false, REFUSED(SBCB(21)) },
	{ "default unknown function", IOP_SWSCI_DEFAULT, true, IOP_SWSCI_FUNC(1, 0) | 1, 0,
	  IOP_SWSCI_REFUSED, false, REFUSED(IOP_SWSCI_FUNC(1, 0)) },
	{ "none GBDA supported calls", IOP_SWSCI_NONE, true, GBDA(0) | 1, 0,
	  IOP_SWSCI_REFUSED, false, REFUSED(GBDA(0)) },
	{ "all unknown function", IOP_SWSCI_ALL, true, IOP_SWSCI_FUNC(1, 0) | 1, 0,
	  IOP_SWSCI_FORWARDED, true, IOP_SWSCI_FUNC(1, 0) | 1 },
	{ "all SMI", IOP_SWSCI_ALL, false, GBDA(0) | 1, 0,
	  IOP_SWSCI_SMI, false, REFUSED(GBDA(0)) },
	{ "default no request pending", IOP_SWSCI_DEFAULT, true, GBDA(0) | 0x20, 0,
	  IOP_SWSCI_IDLE, false, GBDA(0) | 0x20 },
	{ "default trigger write fails", IOP_SWSCI_DEFAULT, true, GBDA(1) | 1, -EIO,
	  IOP_SWSCI_FIRE_FAILED, true, REFUSED(GBDA(1)) },
};

KUNIT_ARRAY_PARAM_DESC(swsci_case, swsci_cases, name);

static void swsci_trigger(struct kunit *test)
{
	const struct swsci_case *c = test->param_value;
	struct iop_kmem *mem = iop_kmem_layout(test, IOP_VL_20_ABS);
	struct iop_kdev *kd = iop_kt_kdev(test, mem, "swsci");
	struct swsci_fire fire = { .ret = c->fire_ret };

	iop_fw_set32(mem, O_SCIC, c->scic);
	iop_fw_set32(mem, O_PARM, 0x5a5a5a5a);
	KUNIT_EXPECT_EQ(test, iop_kdev_swsci(kd, c->policy, c->sci, swsci_fire, &fire),
			c->verdict);
	KUNIT_EXPECT_EQ(test, fire.calls, c->fired ? 1 : 0);
	KUNIT_EXPECT_EQ(test, iop_fw_get32(mem, O_SCIC), c->scic_after);
	KUNIT_EXPECT_EQ(test, iop_fw_get32(mem, O_PARM), 0x5a5a5a5a);
	KUNIT_EXPECT_EQ(test, kd->swsci_pending, c->verdict == IOP_SWSCI_FORWARDED);
	/* What the guest then reads through the region */
	KUNIT_EXPECT_EQ(test, iop_kt_read32(test, kd, O_SCIC), c->scic_after);
}

/* From 3.0, 0x200 is the backlight mailbox: nothing to check, nothing fired. */
static void swsci_no_mailbox(struct kunit *test)
{
	struct iop_kmem *mem = iop_kmem_layout(test, IOP_VL_30_M4);
	struct iop_kdev *kd = iop_kt_kdev(test, mem, "swsci-3.0");
	struct swsci_fire fire = {};

	iop_fw_set32(mem, O_SCIC, GBDA(0) | 1);
	KUNIT_EXPECT_EQ(test, iop_kdev_swsci(kd, IOP_SWSCI_ALL, true, swsci_fire, &fire),
			IOP_SWSCI_NO_MAILBOX);
	KUNIT_EXPECT_EQ(test, fire.calls, 0);
	KUNIT_EXPECT_EQ(test, iop_fw_get32(mem, O_SCIC), GBDA(0) | 1);
}

static bool swsci_busy(struct iop_kdev *kd, loff_t pos, size_t count)
{
	guard(mutex)(&kd->lock);
	return iop_kdev_swsci_busy(kd, pos, count);
}

/* A forwarded request keeps SCIC and PARM until the firmware answers. */
static void swsci_pending(struct kunit *test)
{
	struct iop_kmem *mem = iop_kmem_layout(test, IOP_VL_21_CONTIG);
	struct iop_kdev *kd = iop_kt_kdev(test, mem, "swsci-pending");
	struct swsci_fire fire = {};

	iop_fw_set32(mem, O_SCIC, GBDA(0) | 1);
	KUNIT_EXPECT_FALSE(test, swsci_busy(kd, O_SCIC, 4));
	KUNIT_ASSERT_EQ(test, iop_kdev_swsci(kd, IOP_SWSCI_DEFAULT, true, swsci_fire, &fire),
			IOP_SWSCI_FORWARDED);
	KUNIT_EXPECT_TRUE(test, swsci_busy(kd, O_SCIC, 4));
	KUNIT_EXPECT_TRUE(test, swsci_busy(kd, O_PARM, 4));
	KUNIT_EXPECT_TRUE(test, swsci_busy(kd, 0x1fe, 4));
	KUNIT_EXPECT_TRUE(test, swsci_busy(kd, 0, 0x2000));
	KUNIT_EXPECT_FALSE(test, swsci_busy(kd, 0x208, 4));
	KUNIT_EXPECT_FALSE(test, swsci_busy(kd, 0x1fc, 4));
	KUNIT_EXPECT_FALSE(test, swsci_busy(kd, 0x300, 4));
	KUNIT_EXPECT_TRUE(test, kd->swsci_pending);
	/* The firmware answers: writes go through again. */
	iop_fw_set32(mem, O_SCIC, GBDA(0) | 0x20);
	KUNIT_EXPECT_FALSE(test, swsci_busy(kd, O_SCIC, 4));
	KUNIT_EXPECT_FALSE(test, kd->swsci_pending);
}

static struct kunit_case swsci_test_cases[] = {
	KUNIT_CASE(swsci_table),
	KUNIT_CASE(swsci_policy_names),
	KUNIT_CASE_PARAM(swsci_trigger, swsci_case_gen_params),
	KUNIT_CASE(swsci_no_mailbox),
	KUNIT_CASE(swsci_pending),
	{}
};

static struct kunit_suite swsci_test_suite = {
	.name = "igd_opregion_swsci",
	.test_cases = swsci_test_cases,
};

kunit_test_suite(swsci_test_suite);
