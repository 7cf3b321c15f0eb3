// SPDX-License-Identifier: GPL-2.0
/*
 * unit_validation.c - validation: every vector of tests/iop_vectors.c gives
 * its reason and tolerated problems, ops->map sees only validated ranges, a
 * rejected view refuses every access and touches nothing; every reason has
 * a vector; ops->map failures.
 */
#include <stdlib.h>
#include <string.h>

#include "unit.h"

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
	EXPECT(h->iop.reason == IOP_ERR_MAP &&
	       !strcmp(iop_reason_name(h->iop.reason), "opregion_unmappable"),
	       "reason %s", iop_reason_name(h->iop.reason));
	EXPECT(h->plat.nr_read == 0, "read an unmapped OpRegion");
	host_free(h);
	end("map: ops->map failure on the OpRegion -> opregion_unmappable");

	begin();
	h = host_layout(IOP_VL_20_ABS);
	h->fail_map_nth = 2;
	EXPECT(host_probe(h) == -EINVAL, "probe succeeded");
	EXPECT(h->iop.reason == IOP_ERR_VBT_MAP &&
	       !strcmp(iop_reason_name(h->iop.reason), "vbt_unmappable"),
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

static void test_vvecs(void)
{
	unsigned int i;

	for (i = 0; i < iop_nr_vvecs; i++)
		test_vvec(&iop_vvecs[i]);
}

UNIT_SUITE(validation, test_vvecs, test_reasons_covered, test_map_failures);
