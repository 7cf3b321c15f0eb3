// SPDX-License-Identifier: GPL-2.0
/*
 * validation_kunit.c - suite igd_opregion_validation: every hostile-firmware
 * vector of tests/iop_vectors.c (the ones the userspace runner uses),
 * probed through the kernel glue on a modelled platform.
 *
 * Each vector must give its iop_reason, and an accepted OpRegion the
 * problems it is served despite (struct iop warnings), the expected view
 * geometry and mappings, and read back in full; a rejected one
 * must leave no device behind and must never have had a range mapped before
 * the check that guards it ran.
 */
#include <kunit/test.h>

#include "iop_kunit_mem.h"

/*
 * The shared table's size is known only to its own file (iop_nr_vvecs), so
 * KUNIT_ARRAY_PARAM_DESC() cannot size it: the same generator, by hand.
 */
static const void *validation_vector_gen_params(const void *prev, char *desc)
{
	const struct iop_vvec *v = prev ? (const struct iop_vvec *)prev + 1 : iop_vvecs;

	if (v >= iop_vvecs + iop_nr_vvecs)
		return NULL;
	iop_kt_desc(desc, v->name);
	return v;
}

KUNIT_DEFINE_ACTION_WRAPPER(validation_destroy, iop_kdev_destroy, struct iop_kdev *);

/*
 * Map calls a rejection may have made: validation maps the OpRegion only
 * once ASLS was checked, and the extended VBT only once RVDA and RVDS were.
 */
static unsigned int validation_max_maps(enum iop_reason reason)
{
	switch (reason) {
	case IOP_ERR_ASLS:
	case IOP_ERR_ASLS_ALIGN:
		return 0;
	case IOP_ERR_MAP:
	case IOP_ERR_SIGNATURE:
	case IOP_ERR_SIZE:
	case IOP_ERR_VERSION:
	case IOP_ERR_MBOX:
	case IOP_ERR_RVDA_INSIDE:
	case IOP_ERR_RVDA_OVERLAP:
	case IOP_ERR_RVDA_OVERFLOW:
	case IOP_ERR_RVDS:
		return 1;
	default:
		return 2;
	}
}

static void validation_check_accepted(struct kunit *test, struct iop_kmem *mem,
				      const struct iop_vvec *v,
				      struct iop_kdev *kd)
{
	const struct iop_geometry *geo = &kd->iop.geo;
	u8 *view;
	u32 vbt;

	KUNIT_EXPECT_EQ(test, geo->view_size, v->view_size);
	KUNIT_EXPECT_EQ(test, iop_kdev_size(kd), v->view_size);
	KUNIT_EXPECT_EQ(test, geo->view_ver, v->view_ver);
	KUNIT_EXPECT_EQ(test, geo->vbt_where, v->vbt_where);
	KUNIT_EXPECT_EQ(test, geo->asls, mem->asls);
	KUNIT_EXPECT_EQ(test, kd->iop.warnings, v->warn);
	if (v->no_vbt)
		KUNIT_EXPECT_EQ(test, geo->vbt_size, 0);

	/*
	 * The OpRegion, and the extended VBT where memory has it: one that
	 * was mapped and held no valid VBT stays mapped, unused; one that
	 * points into the OpRegion is never mapped.
	 */
	if (v->vbt_where == IOP_VBT_EXTENDED)
		KUNIT_ASSERT_EQ(test, mem->nr_maps, 2);
	else if (v->warn & (IOP_WARN(IOP_ERR_RVDA_INSIDE) |
			    IOP_WARN(IOP_ERR_RVDA_OVERLAP) |
			    IOP_WARN(IOP_ERR_RVDA_MAILBOX4)))
		KUNIT_ASSERT_EQ(test, mem->nr_maps, 1);
	else
		KUNIT_ASSERT_LE(test, mem->nr_maps, 2);
	KUNIT_EXPECT_EQ(test, mem->nr_map, mem->nr_maps);
	KUNIT_EXPECT_EQ(test, mem->maps[0].pa, mem->asls);
	KUNIT_EXPECT_EQ(test, mem->maps[0].len, OPREGION_SIZE);
	if (v->vbt_where == IOP_VBT_EXTENDED) {
		KUNIT_EXPECT_EQ(test, mem->maps[1].pa, mem->ext_pa);
		KUNIT_EXPECT_EQ(test, mem->maps[1].len,
				v->view_size - OPREGION_SIZE);
		KUNIT_EXPECT_EQ(test, geo->vbt_pa, mem->ext_pa);
	}

	/* The whole view reads, and its VBT is the host's. */
	view = kunit_kzalloc(test, v->view_size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, view);
	KUNIT_ASSERT_EQ(test, iop_kt_read(kd, 0, view, v->view_size),
			(ssize_t)v->view_size);
	KUNIT_EXPECT_MEMEQ(test, view, OPREGION_SIGNATURE, OPREGION_SIGNATURE_LEN);
	KUNIT_EXPECT_EQ(test, view[OPREGION_OFF(header.over.major)],
			v->view_ver >> 8);
	KUNIT_EXPECT_EQ(test, view[OPREGION_OFF(header.over.minor)],
			v->view_ver & 0xff);
	if (v->vbt_where == IOP_VBT_EXTENDED) {
		KUNIT_EXPECT_EQ(test, iop_kt_diff(view + OPREGION_SIZE, mem->ext,
						  v->view_size - OPREGION_SIZE), -1);
	} else {
		vbt = OPREGION_VBT_OFFSET;
		KUNIT_EXPECT_EQ(test, iop_kt_diff(view + vbt, mem->op + vbt,
						  geo->vbt_size), -1);
	}
}

static void validation_vector(struct kunit *test)
{
	const struct iop_vvec *v = test->param_value;
	struct iop_kmem *mem = iop_kmem_vvec(test, v);
	enum iop_reason reason = IOP_NR_REASONS;
	struct iop_kdev *kd = NULL;
	unsigned int i, j;
	int ret;

	ret = iop_kdev_probe_ops("validation", mem->asls, &iop_kmem_ops, mem,
				 &kd, &reason);
	if (kd)
		KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, validation_destroy,
								kd), 0);

	KUNIT_EXPECT_EQ_MSG(test, reason, v->expect, "got %s, expected %s",
			    iop_reason_name(reason), iop_reason_name(v->expect));
	KUNIT_EXPECT_EQ(test, atomic_read(&mem->nr_bad), 0);
	/* Each range is mapped at most once. */
	for (i = 0; i < mem->nr_maps; i++)
		for (j = i + 1; j < mem->nr_maps; j++)
			KUNIT_EXPECT_NE(test, mem->maps[i].pa, mem->maps[j].pa);

	if (v->expect != IOP_OK) {
		KUNIT_EXPECT_EQ(test, ret, -EINVAL);
		KUNIT_EXPECT_NULL(test, kd);
		KUNIT_EXPECT_LE(test, mem->nr_map, validation_max_maps(v->expect));
		return;
	}
	KUNIT_ASSERT_EQ(test, ret, 0);
	KUNIT_ASSERT_NOT_NULL(test, kd);
	validation_check_accepted(test, mem, v, kd);
}

/* Logs and traces name every reason; nothing falls outside the enum. */
static void validation_reason_names(struct kunit *test)
{
	unsigned int i, j;

	for (i = 0; i < IOP_NR_REASONS; i++) {
		KUNIT_EXPECT_STRNEQ(test, iop_reason_name(i), "unknown");
		for (j = 0; j < i; j++)
			KUNIT_EXPECT_STRNEQ(test, iop_reason_name(i),
					    iop_reason_name(j));
	}
	KUNIT_EXPECT_STREQ(test, iop_reason_name(IOP_NR_REASONS), "unknown");
	KUNIT_EXPECT_STREQ(test, iop_reason_name(-1), "unknown");
	for (i = 0; i < IOP_NR_CLASSES; i++)
		KUNIT_EXPECT_STRNEQ(test, iop_class_name(i), "unknown");
	KUNIT_EXPECT_STREQ(test, iop_class_name(IOP_NR_CLASSES), "unknown");
}

/*
 * Every reason the engine can give is covered by at least one vector, as
 * a rejection or as a problem tolerated.
 */
static void validation_every_reason_covered(struct kunit *test)
{
	bool seen[IOP_NR_REASONS] = { };
	unsigned int i, r;

	for (i = 0; i < iop_nr_vvecs; i++) {
		seen[iop_vvecs[i].expect] = true;
		for (r = 0; r < IOP_NR_REASONS; r++)
			if (iop_vvecs[i].warn & IOP_WARN(r))
				seen[r] = true;
	}
	for (i = 0; i < IOP_NR_REASONS; i++)
		KUNIT_EXPECT_TRUE_MSG(test, seen[i], "no vector expects %s",
				      iop_reason_name(i));
}

/* A platform whose memory cannot be mapped at all. */
static void validation_unmappable(struct kunit *test)
{
	struct iop_kmem *mem = iop_kmem_layout(test, IOP_VL_21_CONTIG);
	enum iop_reason reason = IOP_OK;
	struct iop_kdev *kd = NULL;

	mem->fail_map = true;
	KUNIT_EXPECT_EQ(test, iop_kdev_probe_ops("validation", mem->asls,
						 &iop_kmem_ops, mem, &kd, &reason),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, reason, IOP_ERR_MAP);
	KUNIT_EXPECT_NULL(test, kd);
	KUNIT_EXPECT_EQ(test, mem->nr_read + mem->nr_load + mem->nr_store, 0);
}

static struct kunit_case validation_cases[] = {
	KUNIT_CASE_PARAM(validation_vector, validation_vector_gen_params),
	KUNIT_CASE(validation_reason_names),
	KUNIT_CASE(validation_every_reason_covered),
	KUNIT_CASE(validation_unmappable),
	{}
};

static struct kunit_suite validation_suite = {
	.name = "igd_opregion_validation",
	.test_cases = validation_cases,
};

kunit_test_suite(validation_suite);
