// SPDX-License-Identifier: GPL-2.0
/**
 * DOC: validation and stitching
 *
 * iop_probe.c: validate a host OpRegion and build the stitched view.
 *
 * Every value read from the host is hostile until checked: the SIZE field
 * never sizes anything, addresses and sizes are 64-bit and overflow
 * checked, RVDS is bounded, and a range is handed to ops->map() only after
 * it was validated. The layout fields are read once here; the view serves
 * that snapshot for its whole life.
 */
#include "igd_opregion/iop.h"
#include "iop_internal.h"

#define V2_0	OPREGION_VER(2, 0)
#define V2_1	OPREGION_VER(2, 1)

#define IOP_REASON_NAME(sym, name, ...) \
	[sym] = name,
static const char * const iop_reason_names[IOP_NR_REASONS] = {
	IOP_REASONS(IOP_REASON_NAME, IOP_REASON_NAME)
};

#define IOP_CLASS_NAME(sym, name) \
	[sym] = name,
static const char * const iop_class_names[IOP_NR_CLASSES] = {
	IOP_CLASSES(IOP_CLASS_NAME, IOP_CLASS_NAME)
};

/**
 * iop_reason_name() - stable name of a validation result
 * @reason: enum iop_reason
 *
 * Context: any.
 * Return: a static string such as "rvda_inside_opregion", or "unknown".
 */
const char *iop_reason_name(enum iop_reason reason)
{
	if ((unsigned int)reason >= IOP_NR_REASONS)
		return "unknown";
	return iop_reason_names[reason];
}
EXPORT_SYMBOL_IF_KUNIT(iop_reason_name);

/**
 * iop_class_name() - stable name of an ownership class
 * @cls: enum iop_class
 *
 * Context: any.
 * Return: a static string such as "handshake", or "unknown".
 */
const char *iop_class_name(enum iop_class cls)
{
	if ((unsigned int)cls >= IOP_NR_CLASSES)
		return "unknown";
	return iop_class_names[cls];
}
EXPORT_SYMBOL_IF_KUNIT(iop_class_name);

/**
 * iop_field_applies() - does a table row apply to a host?
 * @f: the row
 * @ver: host version, OPREGION_VER(major, minor)
 * @mboxes: host mailbox bitmap
 *
 * Context: any.
 * Return: true when @ver is in [min_ver, max_ver) and the row's mailbox
 * bit (if any) is set in @mboxes.
 */
bool iop_field_applies(const struct iop_field *f, u16 ver, u32 mboxes)
{
	if (ver < f->min_ver || (f->max_ver && ver >= f->max_ver))
		return false;
	return !f->mbox || (mboxes & f->mbox);
}
EXPORT_SYMBOL_IF_KUNIT(iop_field_applies);

/* Check a VBT of at most @space bytes at @pa, already mapped. */
static enum iop_reason iop_check_vbt(struct iop *iop, u64 pa, u32 space)
{
	struct vbt_header vbt;
	struct bdb_header bdb;
	u32 vbt_size, bdb_offset;

	if (space < sizeof(vbt))
		return IOP_ERR_VBT_SIZE;
	iop->ops->read(iop->ctx, pa, &vbt, sizeof(vbt));
	if (memcmp(vbt.signature, "$VBT", 4))
		return IOP_ERR_VBT_SIGNATURE;

	vbt_size = get_unaligned_le16(&vbt.vbt_size);
	if (vbt_size < sizeof(vbt) || vbt_size > space)
		return IOP_ERR_VBT_SIZE;

	bdb_offset = get_unaligned_le32(&vbt.bdb_offset);
	if (bdb_offset > vbt_size || vbt_size - bdb_offset < sizeof(bdb))
		return IOP_ERR_VBT_BDB;
	iop->ops->read(iop->ctx, pa + bdb_offset, &bdb, sizeof(bdb));
	if (get_unaligned_le16(&bdb.bdb_size) > vbt_size - bdb_offset)
		return IOP_ERR_VBT_BDB;

	iop->geo.vbt_size = vbt_size;
	return IOP_OK;
}

/* Record a problem the view is served despite. */
static void iop_warn(struct iop *iop, enum iop_reason reason)
{
	iop->warnings |= IOP_WARN(reason);
}

/*
 * Locate and check the extended VBT described by RVDA/RVDS. A range that
 * cannot be mapped safely rejects the host. An extended VBT that points
 * into the OpRegion, or holds no valid VBT, is recorded as a warning and
 * left out of the view (vbt_where stays IOP_VBT_MAILBOX4): i915 then
 * uses mailbox 4, and so does the guest.
 */
static enum iop_reason iop_check_rvda(struct iop *iop)
{
	struct iop_geometry *geo = &iop->geo;
	enum iop_reason reason;
	u64 pa, end;
	int ret;

	if (geo->rvds > OPREGION_RVDS_MAX)
		return IOP_ERR_RVDS;

	if (geo->host_ver >= V2_1) {
		/* Relative to the OpRegion base, never into the OpRegion. */
		if (geo->rvda < OPREGION_SIZE) {
			iop_warn(iop, IOP_ERR_RVDA_INSIDE);
			return IOP_OK;
		}
		if (check_add_overflow(geo->asls, geo->rvda, &pa))
			return IOP_ERR_RVDA_OVERFLOW;
	} else {
		pa = geo->rvda;		/* 2.0: absolute physical address */
	}
	if (check_add_overflow(pa, (u64)geo->rvds, &end))
		return IOP_ERR_RVDA_OVERFLOW;
	if (pa < geo->asls + OPREGION_SIZE && end > geo->asls) {
		/* EDK2 Broxton/Apollo Lake/Gemini Lake: mailbox 4 itself */
		if (pa == geo->asls + OPREGION_VBT_OFFSET &&
		    geo->rvds <= OPREGION_VBT_SIZE)
			iop_warn(iop, IOP_ERR_RVDA_MAILBOX4);
		else
			iop_warn(iop, IOP_ERR_RVDA_OVERLAP);
		return IOP_OK;
	}

	ret = iop->ops->map(iop->ctx, pa, geo->rvds);
	if (ret)
		return ret == -EPERM ? IOP_ERR_NOT_FW_MEM : IOP_ERR_VBT_MAP;
	reason = iop_check_vbt(iop, pa, geo->rvds);
	if (reason != IOP_OK) {
		iop_warn(iop, reason);
		return IOP_OK;
	}
	geo->vbt_pa = pa;
	geo->vbt_where = IOP_VBT_EXTENDED;
	return IOP_OK;
}

static enum iop_reason iop_validate(struct iop *iop, u64 asls)
{
	struct iop_geometry *geo = &iop->geo;
	enum iop_reason reason;
	u64 end;
	u32 space;
	u8 major;
	int ret;

	if (!asls || check_add_overflow(asls, (u64)OPREGION_SIZE, &end))
		return IOP_ERR_ASLS;
	/* SCIC, ASLC and CSTS need 4-byte atomics: hardware faults on less */
	if (asls & 3)
		return IOP_ERR_ASLS_ALIGN;
	geo->asls = asls;
	ret = iop->ops->map(iop->ctx, asls, OPREGION_SIZE);
	if (ret)
		return ret == -EPERM ? IOP_ERR_NOT_FW_MEM : IOP_ERR_MAP;

	/* The snapshot: header and mailboxes 1-3, read once. */
	iop->ops->read(iop->ctx, asls, iop->snap, sizeof(iop->snap));
	if (memcmp(iop->snap, OPREGION_SIGNATURE, OPREGION_SIGNATURE_LEN))
		return IOP_ERR_SIGNATURE;

	geo->size_kib = get_unaligned_le32(iop->snap + OPREGION_OFF(header.size));
	/* SIZE never sizes anything: i915 ignores it too */
	if (geo->size_kib < OPREGION_SIZE / 1024)
		iop_warn(iop, IOP_ERR_SIZE);

	major = iop->snap[OPREGION_OFF(header.over.major)];
	if (major < 1 || major > 3)
		return IOP_ERR_VERSION;
	geo->host_ver = OPREGION_VER(major, iop->snap[OPREGION_OFF(header.over.minor)]);

	geo->mboxes = get_unaligned_le32(iop->snap + OPREGION_OFF(header.mboxes));
	/* Unknown mailboxes: serve the known layout, as i915 uses it */
	if (geo->mboxes & ~MBOX_KNOWN)
		iop_warn(iop, IOP_ERR_MBOX);

	/* As i915: RVDA/RVDS exist from 2.0 in the ASLE mailbox. */
	if (geo->host_ver >= V2_0 && (geo->mboxes & MBOX_ASLE)) {
		geo->rvda = get_unaligned_le64(iop->snap + OPREGION_OFF(asle.rvda));
		geo->rvds = get_unaligned_le32(iop->snap + OPREGION_OFF(asle.rvds));
		if (geo->rvda && geo->rvds) {
			reason = iop_check_rvda(iop);
			if (reason != IOP_OK ||
			    geo->vbt_where == IOP_VBT_EXTENDED)
				return reason;
		}
	}

	/*
	 * As i915: without mailbox 5 a VBT may run into its area. Without a
	 * valid VBT the mailboxes are still served: i915 carries on without
	 * one (vbt_size stays 0).
	 */
	geo->vbt_where = IOP_VBT_MAILBOX4;
	geo->vbt_size = 0;
	space = (geo->mboxes & MBOX_ASLE_EXT) ? OPREGION_VBT_SIZE :
		OPREGION_SIZE - OPREGION_VBT_OFFSET;
	reason = iop_check_vbt(iop, asls + OPREGION_VBT_OFFSET, space);
	if (reason != IOP_OK)
		iop_warn(iop, reason);
	return IOP_OK;
}

static void iop_add_seg(struct iop *iop, u32 start, u32 end, unsigned int row)
{
	struct iop_seg *seg = &iop->segs[iop->nr_segs++];

	seg->start = start;
	seg->end = end;
	seg->row = row;
}

/*
 * A segment served from the snapshot: it extends the last run when it
 * follows it, so a read lays the header's SIGN, SIZE and OVER (or RVDA and
 * RVDS) over the copy at once.
 */
static void iop_add_snap(struct iop *iop, const struct iop_seg *seg)
{
	struct iop_seg *run = iop->snap_run + iop->nr_snap;

	if (iop->nr_snap && run[-1].end == seg->start)
		run[-1].end = seg->end;
	else
		iop->snap_run[iop->nr_snap++] = *seg;
}

/* The elements of a segment that ops->read() may split, one entry each. */
static void iop_add_split(struct iop *iop, const struct iop_seg *seg,
			  unsigned int width)
{
	u32 e0;

	for (e0 = seg->start; e0 < seg->end &&
	     iop->nr_split < ARRAY_SIZE(iop->split_elem); e0 += width) {
		struct iop_seg *elem = &iop->split_elem[iop->nr_split++];

		elem->start = e0;
		elem->end = e0 + width;
		elem->row = seg->row;
	}
}

/* Split the view into segments, one per applicable row or reserved gap. */
static void iop_build_segs(struct iop *iop)
{
	const struct iop_geometry *geo = &iop->geo;
	unsigned int i, s;
	u32 pos = 0;

	for (i = 1; i < iop_nr_fields; i++) {
		const struct iop_field *f = &iop_fields[i];

		if (f->offset >= OPREGION_SIZE || f->offset < pos ||
		    !iop_field_applies(f, geo->host_ver, geo->mboxes))
			continue;
		if (f->offset > pos)
			iop_add_seg(iop, pos, f->offset, IOP_FIELD_RESERVED);
		iop_add_seg(iop, f->offset, f->offset + f->size, i);
		pos = f->offset + f->size;
	}
	if (pos < OPREGION_SIZE)
		iop_add_seg(iop, pos, OPREGION_SIZE, IOP_FIELD_RESERVED);

	for (s = 0; s < iop->nr_segs; s++) {
		const struct iop_seg *seg = &iop->segs[s];
		const struct iop_field *f = &iop_fields[seg->row];

		memset(iop->seg_of + seg->start, s, seg->end - seg->start);
		if (f->cls == IOP_VIRT || (f->flags & IOP_F_SNAPSHOT))
			iop_add_snap(iop, seg);
		/*
		 * PFMB, PCFT, SROT, IUER: 2-byte aligned fields the firmware
		 * writes. Driver-owned ones (STAT) change only through the
		 * engine, under the caller's lock, never during a read.
		 */
		if ((f->cls == IOP_FW || f->cls == IOP_HANDSHAKE) &&
		    seg->start % f->width)
			iop_add_split(iop, seg, f->width);
	}

	/* The extended VBT: last row of the table, last segment. */
	if (geo->vbt_where == IOP_VBT_EXTENDED)
		iop_add_seg(iop, OPREGION_SIZE, geo->view_size, iop_nr_fields - 1);
}

/*
 * The snapshot runs as masked 8-byte words, for reads that cover them all.
 * The runs lie in the header and mailboxes 1-3, so every word does.
 */
static void iop_build_snap_words(struct iop *iop)
{
	struct iop_word *w = NULL;
	unsigned int i;
	u32 b;

	for (i = 0; i < iop->nr_snap; i++) {
		const struct iop_seg *run = &iop->snap_run[i];

		for (b = run->start; b < run->end; b++) {
			if (!w || w->off != (b & ~7u)) {
				if (iop->nr_snap_word == ARRAY_SIZE(iop->snap_word)) {
					/* Too many: reads lay the runs. */
					iop->nr_snap_word = 0;
					return;
				}
				w = &iop->snap_word[iop->nr_snap_word++];
				w->off = b & ~7u;
				w->keep = ~(u64)0;
			}
			w->keep &= ~((u64)0xff << (b % 8 * 8));
			w->val |= (u64)iop->snap[b] << (b % 8 * 8);
		}
	}
}

/* Synthesize the virtualized fields into the snapshot. */
static void iop_build_snap(struct iop *iop)
{
	const struct iop_geometry *geo = &iop->geo;
	u64 rvda = geo->vbt_where == IOP_VBT_EXTENDED ? OPREGION_SIZE : 0;

	iop->snap[OPREGION_OFF(header.over.major)] = geo->view_ver >> 8;
	iop->snap[OPREGION_OFF(header.over.minor)] = geo->view_ver & 0xff;
	put_unaligned_le64(rvda, iop->snap + OPREGION_OFF(asle.rvda));
	/* Without an extended VBT in the view, RVDS reads 0 like RVDA. */
	if (geo->vbt_where != IOP_VBT_EXTENDED)
		put_unaligned_le32(0, iop->snap + OPREGION_OFF(asle.rvds));
}

/**
 * iop_probe() - validate a host OpRegion and prepare its view
 * @iop: caller-allocated state, overwritten
 * @asls: physical address of the OpRegion (the IGD's ASLS register)
 * @ops: physical memory access; @ops->map is called for the OpRegion and
 *	the extended VBT only once their ranges are validated
 * @ctx: passed to every @ops call
 * @event: coherency event callback, or NULL
 * @event_priv: passed to @event
 *
 * On success the view is ready for iop_open(). On failure @iop->reason
 * names the check that failed, the view has size 0 and every access to it
 * returns -EINVAL.
 *
 * Context: may sleep if @ops->map sleeps; no locks taken.
 * Return: 0 or -EINVAL.
 */
int iop_probe(struct iop *iop, u64 asls, const struct iop_mem_ops *ops,
	      void *ctx, iop_event_fn event, void *event_priv)
{
	struct iop_geometry *geo = &iop->geo;

	memset(iop, 0, sizeof(*iop));
	iop->ops = ops;
	iop->ctx = ctx;
	iop->event = event;
	iop->event_priv = event_priv;

	iop->reason = iop_validate(iop, asls);
	if (iop->reason != IOP_OK) {
		geo->view_size = 0;
		return -EINVAL;
	}

	geo->view_size = OPREGION_SIZE;
	geo->view_ver = geo->host_ver;
	if (geo->vbt_where == IOP_VBT_EXTENDED) {
		geo->view_size += geo->rvds;
		if (geo->host_ver < V2_1)
			geo->view_ver = V2_1;
	}
	iop_build_snap(iop);
	iop_build_segs(iop);
	iop_build_snap_words(iop);
	iop_sync_shadow(iop);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(iop_probe);
