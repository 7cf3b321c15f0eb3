// SPDX-License-Identifier: GPL-2.0
/*
 * unit_table.c - the ownership table on its own: every row well-formed,
 * and for every version and mailbox bitmap the rows sorted, disjoint, in
 * range and aligned; the engine's segment map equal to the table byte by
 * byte; and the per-class counts as a closing note.
 */
#include <stdio.h>

#include "unit.h"

static void test_table_invariants(void)
{
	static const u16 vers[] = { V(1, 0), V(2, 0), V(2, 1), V(3, 0) };
	unsigned int vi, i;
	u32 mb;

	/* Row-level facts that do not depend on the host */
	begin();
	EXPECT(iop_nr_fields >= 2 && iop_nr_fields <= IOP_MAX_FIELDS,
	       "%u rows", iop_nr_fields);
	EXPECT(iop_fields[0].cls == IOP_RESERVED, "row 0 is not the reserved fallback");
	for (i = 1; i < iop_nr_fields; i++) {
		const struct iop_field *f = &iop_fields[i];

		EXPECT(f->name && f->why && f->why[0], "row %u unnamed", i);
		EXPECT(f->cls < IOP_NR_CLASSES && f->cls != IOP_RESERVED,
		       "%s: class %u", f->name, f->cls);
		EXPECT(f->width == 1 || f->width == 2 || f->width == 4 || f->width == 8,
		       "%s: width %u", f->name, f->width);
		EXPECT(!f->fwmask || f->cls == IOP_HANDSHAKE,
		       "%s: fwmask on a %s row", f->name, iop_class_name(f->cls));
		EXPECT(!(f->flags & IOP_F_SNAPSHOT) || f->cls == IOP_CONST,
		       "%s: snapshot flag on a %s row", f->name, iop_class_name(f->cls));
		if (f->offset >= OPREGION_SIZE)
			EXPECT(i == iop_nr_fields - 1 && f->offset == OPREGION_SIZE &&
			       f->size == 0 && f->cls == IOP_CONST,
			       "%s: only the last row may describe the extended VBT",
			       f->name);
	}
	end("table: row fields well-formed (%u rows)", iop_nr_fields);

	for (vi = 0; vi < ARRAY_SIZE(vers); vi++) {
		u16 ver = vers[vi];

		begin();
		for (mb = 0; mb <= MBOX_KNOWN; mb++) {
			u32 pos = 0;

			for (i = 1; i < iop_nr_fields; i++) {
				const struct iop_field *f = &iop_fields[i];
				u32 e;

				EXPECT(applies(f, ver, mb) == iop_field_applies(f, ver, mb),
				       "%s: iop_field_applies disagrees for mbox 0x%x",
				       f->name, mb);
				if (!applies(f, ver, mb) || f->offset >= OPREGION_SIZE)
					continue;
				EXPECT(f->offset >= pos,
				       "mbox 0x%x: %s at 0x%x overlaps or is unsorted (pos 0x%x)",
				       mb, f->name, f->offset, pos);
				EXPECT(f->size > 0 && f->offset + f->size <= OPREGION_SIZE,
				       "mbox 0x%x: %s outside 0..0x2000", mb, f->name);
				EXPECT(f->size % f->width == 0,
				       "%s: width %u does not divide size %u",
				       f->name, f->width, f->size);
				if (f->cls == IOP_HANDSHAKE)
					EXPECT(f->width == 4 && f->size == 4 && f->offset % 4 == 0,
					       "%s: handshake not one aligned 4-byte word",
					       f->name);
				if (f->cls == IOP_DRV) {
					for (e = f->offset; e < (u32)f->offset + f->size;
					     e += f->width)
						EXPECT(e % f->width == 0 ||
						       (e >= 0x396 && e + f->width <= 0x3c6 &&
							e % 2 == 0),
						       "%s: element 0x%x misaligned outside %s",
						       f->name, e, "the 0x396..0x3c6 band");
				}
				pos = f->offset + f->size;
			}
		}
		end("table: version %u.%u x mbox 0..0x3f: sorted, disjoint, in range, aligned",
		    ver >> 8, ver & 0xff);
	}
}

/* The engine's segment map equals the table, for every version x bitmap. */
static void test_segments_match_table(void)
{
	static const u16 vers[] = { V(1, 0), V(2, 0), V(2, 1), V(3, 0) };
	unsigned int vi;
	u32 mb, off;

	for (vi = 0; vi < ARRAY_SIZE(vers); vi++) {
		begin();
		for (mb = 0; mb <= MBOX_KNOWN && !case_failed(); mb++) {
			struct iop_vec_layout l = {
				.name = "custom", .ver = vers[vi], .mboxes = mb,
				.vbt = IOP_VEC_MBOX4, .vbt_size = IOP_VEC_M4_VBT_SIZE,
			};
			struct iop_vec_mem mem = { .asls = IOP_VEC_ASLS, .has_op = true };
			u8 op[OPREGION_SIZE];
			struct host *h;

			if (iop_vec_build(&l, op, NULL, 0)) {
				EXPECT(0, "cannot build mbox 0x%x", mb);
				break;
			}
			h = host_new(&l, &mem, op, NULL);
			if (!h || host_probe(h)) {
				EXPECT(0, "mbox 0x%x: probe failed (%s)", mb,
				       h ? iop_reason_name(h->iop.reason) : "no host");
				host_free(h);
				break;
			}
			for (off = 0; off < OPREGION_SIZE; off++) {
				const struct iop_field *f = iop_field_at(&h->iop, off);
				unsigned int want = owner(l.ver, mb, off);

				if (f != &iop_fields[want]) {
					EXPECT(0, "mbox 0x%x: byte 0x%x owned by %s, table says %s",
					       mb, off, f ? f->name : "NULL",
					       iop_fields[want].name);
					break;
				}
			}
			EXPECT(!iop_field_at(&h->iop, OPREGION_SIZE),
			       "mbox 0x%x: byte 0x2000 owned without an extended VBT", mb);
			host_free(h);
		}
		end("segments: version %u.%u x mbox 0..0x3f owner of every byte = table",
		    vers[vi] >> 8, vers[vi] & 0xff);
	}
}

/* Per-class counts for the closing note */
static void print_class_counts(u16 ver, u32 mb)
{
	unsigned int rows[IOP_NR_CLASSES] = { 0 }, bytes[IOP_NR_CLASSES] = { 0 };
	unsigned int i, c;
	u32 off;

	for (i = 1; i < iop_nr_fields; i++) {
		const struct iop_field *f = &iop_fields[i];

		if (applies(f, ver, mb) && f->offset < OPREGION_SIZE)
			rows[f->cls]++;
	}
	for (off = 0; off < OPREGION_SIZE; off++)
		bytes[iop_fields[owner(ver, mb, off)].cls]++;
	printf("# fields per class, version %u.%u mbox 0x%x (8 KiB; reserved = unclaimed bytes):\n",
	       ver >> 8, ver & 0xff, mb);
	for (c = 0; c < IOP_NR_CLASSES; c++)
		printf("#   %-11s %2u fields %5u bytes\n", iop_class_name(c),
		       rows[c], bytes[c]);
}

static void note_class_counts(void)
{
	print_class_counts(V(2, 0), 0x1f);
	print_class_counts(V(3, 0), 0x3d);
}

UNIT_SUITE(table, test_table_invariants, test_segments_match_table, note_class_counts);
