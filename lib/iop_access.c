// SPDX-License-Identifier: GPL-2.0
/**
 * DOC: access engine
 *
 * iop_access.c: the access engine: reads and writes on the stitched view.
 *
 * A read returns what physical memory holds now, with the snapshot and
 * virtualized segments laid over it ("phys & ~virt | vval & virt"), and
 * reports every tracked value that changed underneath since the engine last
 * saw it. A write is split byte-exactly by segment: bytes of driver-owned
 * elements are stored at once, handshake elements are updated with a
 * compare-and-exchange loop that keeps firmware changes to their fwmask
 * bits that the guest had not seen, and every other byte is refused,
 * counted and reported, never stored.
 *
 * The shadow holds, per byte of the tracked spans, the last value the guest
 * read or wrote: it is what "since the last access" means.
 */
#include "igd_opregion/iop.h"
#include "iop_internal.h"

static u64 iop_pa(const struct iop *iop, u32 off)
{
	if (off < OPREGION_SIZE)
		return iop->geo.asls + off;
	return iop->geo.vbt_pa + (off - OPREGION_SIZE);
}

static const struct iop_seg *iop_seg_at(const struct iop *iop, u32 off)
{
	/* @off is a guest offset: no speculative out-of-bounds index */
	if (off < OPREGION_SIZE)
		return &iop->segs[iop->seg_of[array_index_nospec(off, OPREGION_SIZE)]];
	return &iop->segs[iop->nr_segs - 1];
}

static void iop_emit(struct iop *iop, enum iop_event_kind kind,
		     unsigned int row, u32 off, u32 len, u64 old_val,
		     u64 new_val)
{
	struct iop_event ev;

	if (!iop->event)
		return;
	ev = (struct iop_event){
		.kind = kind,
		.field = &iop_fields[row],
		.off = off,
		.len = len,
		.old_val = old_val,
		.new_val = new_val,
	};
	iop->event(iop->event_priv, &ev);
}

/*
 * Clamp [off, off + len) to the view the way vfio regions do: an offset at
 * or past the end is -EINVAL, a count running past the end is shortened.
 */
static ssize_t iop_clamp(const struct iop *iop, u64 off, size_t len)
{
	u64 last;

	if (off >= iop->geo.view_size)
		return -EINVAL;
	if (check_add_overflow(off, (u64)len, &last) ||
	    last > iop->geo.view_size)
		last = iop->geo.view_size;
	return last - off;
}

/* Where the element holding @off starts, inside @seg. */
static u32 iop_elem(const struct iop_seg *seg, unsigned int width, u32 off)
{
	return seg->start + (off - seg->start) / width * width;
}

/*
 * The view bytes @buf (view offsets from @start) differ from the shadow in
 * [lo, hi): record them and report every element whose value changed
 * underneath.
 */
static void iop_observe_span(struct iop *iop, const u8 *buf, u32 start,
			     u32 lo, u32 hi)
{
	u32 p = lo;

	while (p < hi) {
		const struct iop_seg *seg;
		unsigned int width;
		u32 e0, e1, a, b;
		u64 old_val;

		if (buf[p - start] == iop->shadow[p]) {
			p++;
			continue;
		}
		seg = iop_seg_at(iop, p);
		width = iop_fields[seg->row].width;
		e0 = iop_elem(seg, width, p);
		e1 = e0 + width;
		a = max(lo, e0);
		b = min(hi, e1);
		old_val = iop_get_le(iop->shadow + e0, width);
		memcpy(iop->shadow + a, buf + (a - start), b - a);
		iop_emit(iop, IOP_EV_FW_CHANGE, seg->row, e0, width, old_val,
			 iop_get_le(iop->shadow + e0, width));
		p = b;
	}
}

/*
 * Compare the view bytes @buf (view offsets [start, end)) with the shadow
 * of the tracked spans; only a difference costs more than the compare.
 */
static inline void iop_observe(struct iop *iop, const u8 *buf, u32 start,
			       u32 end)
{
	u32 lo, hi;

	if (start < IOP_TRACK_LO_END) {
		hi = min_t(u32, end, IOP_TRACK_LO_END);
		if (memcmp(buf, iop->shadow + start, hi - start))
			iop_observe_span(iop, buf, start, start, hi);
	}
	if (end > IOP_TRACK_HI_START) {
		lo = max_t(u32, start, IOP_TRACK_HI_START);
		if (memcmp(buf + (lo - start), iop->shadow + lo, end - lo))
			iop_observe_span(iop, buf, start, lo, end);
	}
}

/*
 * Load again, with one access of its width, every element of the view
 * bytes @dst (offsets [start, end)) that ops->read() may have split: it is
 * not naturally aligned, and the firmware may write it between the two
 * halves. iop_fill_opregion() does the same for a read of them all.
 */
static void iop_reload(struct iop *iop, u8 *dst, u32 start, u32 end)
{
	const struct iop_seg *e = iop->split_elem;
	const struct iop_seg *last = e + iop->nr_split;
	unsigned int width;
	u32 a, b;
	u64 val;
	u8 buf[8];

	for (; e < last && e->start < end; e++) {
		if (e->end <= start)
			continue;
		width = e->end - e->start;
		val = iop->ops->load(iop->ctx, iop->geo.asls + e->start, width);
		a = max(start, e->start);
		b = min(end, e->end);
		iop_put_le(buf, width, val);
		memcpy(dst + (a - start), buf + (a - e->start), b - a);
	}
}

/*
 * Lay the snapshot over the view bytes @dst (offsets [start, end)), run by
 * run; iop_fill_opregion() lays it word by word over a read of it all.
 */
static void iop_overlay_snap(const struct iop *iop, u8 *dst, u32 start,
			     u32 end)
{
	const struct iop_seg *r = iop->snap_run;
	const struct iop_seg *last = r + iop->nr_snap;
	u32 a, b;

	for (; r < last && r->start < end; r++) {
		a = max(start, r->start);
		b = min(end, r->end);
		if (a < b)
			memcpy(dst + (a - start), iop->snap + a, b - a);
	}
}

/*
 * The view bytes [0, end) into @dst, @end at least the OpRegion's: the
 * common case, where every element to reload and every snapshot word lies
 * inside the read and nothing is clipped.
 */
static void iop_fill_opregion(struct iop *iop, u8 *dst, u32 end)
{
	const struct iop_seg *e = iop->split_elem;
	const struct iop_seg *elast = e + iop->nr_split;
	const struct iop_word *w = iop->snap_word;
	const struct iop_word *wlast = w + iop->nr_snap_word;
	u64 asls = iop->geo.asls;
	unsigned int width;
	u8 *p;

	iop->ops->read(iop->ctx, asls, dst, OPREGION_SIZE);
	for (; e < elast; e++) {
		width = e->end - e->start;
		iop_put_le(dst + e->start, width,
			   iop->ops->load(iop->ctx, asls + e->start, width));
	}
	if (w == wlast)
		iop_overlay_snap(iop, dst, 0, OPREGION_SIZE);
	for (; w < wlast; w++) {
		p = dst + w->off;
		put_unaligned_le64((get_unaligned_le64(p) & w->keep) | w->val,
				   p);
	}
	if (end > OPREGION_SIZE)
		iop->ops->read(iop->ctx, iop->geo.vbt_pa, dst + OPREGION_SIZE,
			       end - OPREGION_SIZE);
}

/* The view bytes [start, end) into @dst, clipping at every boundary. */
static void iop_fill_part(struct iop *iop, u8 *dst, u32 start, u32 end)
{
	u32 lo_end = min_t(u32, end, OPREGION_SIZE);

	if (start < lo_end) {
		iop->ops->read(iop->ctx, iop->geo.asls + start, dst,
			       lo_end - start);
		iop_reload(iop, dst, start, lo_end);
		iop_overlay_snap(iop, dst, start, lo_end);
	}
	if (end > OPREGION_SIZE) {
		u32 a = max_t(u32, start, OPREGION_SIZE);

		iop->ops->read(iop->ctx, iop_pa(iop, a), dst + (a - start),
			       end - a);
	}
}

/* The view bytes [start, end), clamped and not empty, into @dst. */
static inline void iop_fill(struct iop *iop, u8 *dst, u32 start, u32 end)
{
	if (!start && end >= OPREGION_SIZE)
		iop_fill_opregion(iop, dst, end);
	else
		iop_fill_part(iop, dst, start, end);
}

/**
 * iop_read_peek() - read from the view without marking anything as seen
 * @iop: a probed view
 * @off: view offset
 * @buf: destination, at least @len bytes
 * @len: bytes wanted
 * @gen: set to the generation iop_read_done() must be given
 *
 * Fills @buf as iop_read() does, but neither updates what the guest is
 * known to have seen nor reports anything: a caller that may still fail
 * to deliver the bytes (copy_to_user()) calls iop_read_done() once they
 * reached the guest, and nothing otherwise, so a failed read changes
 * nothing.
 *
 * Context: caller holds the view's lock; does not sleep unless ops do.
 * Return: as iop_read().
 */
ssize_t iop_read_peek(struct iop *iop, u64 off, void *buf, size_t len,
		      u32 *gen)
{
	ssize_t n = iop_clamp(iop, off, len);

	*gen = iop->gen;
	if (n > 0)
		iop_fill(iop, buf, off, off + n);
	return n;
}

/**
 * iop_read_done() - the bytes of iop_read_peek() reached the guest
 * @iop: the view iop_read_peek() read
 * @off: the offset given to iop_read_peek()
 * @buf: the bytes it returned
 * @len: the count it returned
 * @gen: the generation it set
 *
 * Records the bytes as seen by the guest and reports every tracked
 * element that changed since the engine last saw it as IOP_EV_FW_CHANGE.
 * When anything changed what the guest is known to have seen in between
 * (a write, another read, an open, reset or release), nothing is
 * recorded: older bytes must not pass for the latest the guest saw, and
 * firmware bits the guest is not known to have seen are the ones a
 * handshake update keeps.
 *
 * Context: caller holds the view's lock.
 */
void iop_read_done(struct iop *iop, u64 off, const void *buf, size_t len,
		   u32 gen)
{
	u64 end;

	if (gen != iop->gen || off >= OPREGION_SIZE ||
	    check_add_overflow(off, (u64)len, &end) ||
	    end > iop->geo.view_size)
		return;
	iop->gen++;
	iop_observe(iop, buf, off, min_t(u64, end, OPREGION_SIZE));
}

/**
 * iop_read() - read from the view
 * @iop: a probed view
 * @off: view offset
 * @buf: destination, at least @len bytes
 * @len: bytes wanted
 *
 * Physical bytes are read now, so firmware updates are never stale; the
 * layout and virtualized fields come from the snapshot; every element
 * the firmware writes is read with one access of its width, never torn.
 * Every tracked element that changed since the engine last saw it is
 * reported as IOP_EV_FW_CHANGE. The same as iop_read_peek() followed by
 * iop_read_done(), for callers whose destination cannot fault.
 *
 * Context: caller holds the view's lock; does not sleep unless ops do.
 * Return: bytes read (short when @len runs past the end), 0 for @len 0,
 * -EINVAL when @off is at or past the end of the view.
 */
ssize_t iop_read(struct iop *iop, u64 off, void *buf, size_t len)
{
	ssize_t n = iop_clamp(iop, off, len);
	u32 start = off, end = start + n;

	if (n <= 0)
		return n;
	iop_fill(iop, buf, start, end);
	/* iop_read_done(), with nothing in between and a clamped range */
	if (start < OPREGION_SIZE) {
		iop->gen++;
		iop_observe(iop, buf, start, min_t(u32, end, OPREGION_SIZE));
	}
	return n;
}
EXPORT_SYMBOL_IF_KUNIT(iop_read);

/* Store the guest bytes [a, b) of a driver-owned element at e0. */
static void iop_write_drv(struct iop *iop, unsigned int row, u32 e0,
			  unsigned int width, u32 a, u32 b, const u8 *src)
{
	u64 pa = iop_pa(iop, e0);
	u64 seen = iop_get_le(iop->shadow + e0, width);
	u64 cur = iop->ops->load(iop->ctx, pa, width);
	u64 new_val;
	u8 val[8];
	u32 i;

	if (cur != seen)
		iop_emit(iop, IOP_EV_FW_CHANGE, row, e0, width, seen, cur);

	if (a == e0 && b == e0 + width) {
		/* The common case: the guest wrote the whole element. */
		new_val = iop_get_le(src, width);
		iop->ops->store(iop->ctx, pa, width, new_val);
	} else {
		iop_put_le(val, width, cur);
		memcpy(val + (a - e0), src, b - a);
		new_val = iop_get_le(val, width);
		/* A partial store touches only the guest's own bytes. */
		for (i = a; i < b; i++)
			iop->ops->store(iop->ctx, pa + (i - e0), 1, val[i - e0]);
	}
	iop_put_le(iop->shadow + e0, width, new_val);
	iop_emit(iop, IOP_EV_FORWARD, row, e0, width, cur, new_val);
}

/*
 * Masked update of a 4-byte handshake element: the guest's bytes [a, b)
 * apply, except for fwmask bits the firmware changed since the guest last
 * saw them, which keep the firmware's value. The compare-and-exchange
 * retries if the firmware writes again meanwhile, so no firmware bit is
 * lost in the window between the load and the store.
 *
 * After IOP_HANDSHAKE_TRIES failed attempts (a firmware rewriting the
 * element in a loop) the guest's bytes are dropped: nothing is stored, so
 * no firmware bit is lost and nothing is torn; the drop is counted and
 * reported. The shadow keeps what the guest last saw, so its next read
 * reports the firmware's value as a change and its next write is merged
 * against it as usual.
 */
static void iop_write_handshake(struct iop *iop, unsigned int row, u32 e0,
				u32 a, u32 b, const u8 *src)
{
	u32 fwmask = iop_fields[row].fwmask;
	u64 pa = iop_pa(iop, e0);
	u32 seen = get_unaligned_le32(iop->shadow + e0);
	u32 cur = iop->ops->load(iop->ctx, pa, 4);
	unsigned int tries = IOP_HANDSHAKE_TRIES;
	u32 want, keep, val, prev;
	u8 buf[4];

	for (;;) {
		put_unaligned_le32(cur, buf);
		memcpy(buf + (a - e0), src, b - a);
		want = get_unaligned_le32(buf);
		keep = (cur ^ seen) & fwmask;
		/*
		 * SCIC: setting bit 0 while the firmware has it clear is a
		 * new request. It replaces the completion whole, unseen or
		 * not, as a store to the OpRegion in memory would.
		 */
		if ((iop_fields[row].flags & IOP_F_REQUEST) &&
		    (want & ~cur & BIT(0)))
			keep = 0;
		val = (want & ~keep) | (cur & keep);
		prev = iop->ops->cmpxchg32(iop->ctx, pa, cur, val);
		if (prev == cur)
			break;
		cur = prev;
		if (!--tries) {
			iop->dropped++;
			iop_emit(iop, IOP_EV_DROPPED, row, e0, 4, cur, val);
			return;
		}
	}
	if (cur != seen)
		iop_emit(iop, IOP_EV_FW_CHANGE, row, e0, 4, seen, cur);
	/*
	 * The shadow records what the guest wrote, and only the bytes it
	 * wrote: kept firmware bits, and firmware changes in bytes a partial
	 * write did not cover, still differ from it, so they are kept again
	 * by the next write and reported when the guest next reads.
	 */
	memcpy(iop->shadow + a, src, b - a);
	iop_emit(iop, IOP_EV_FORWARD, row, e0, 4, cur, val);
}

/**
 * iop_write() - write to the view
 * @iop: a probed view
 * @off: view offset
 * @buf: the guest's bytes
 * @len: number of bytes
 *
 * The range is split byte-exactly by field. Driver-owned bytes are stored
 * before this returns; handshake bytes go through a masked
 * compare-and-exchange, dropped (counted in @iop->dropped, reported as
 * IOP_EV_DROPPED) when the firmware changes the element on every one of
 * IOP_HANDSHAKE_TRIES attempts; bytes of every other class are refused
 * (counted in @iop->refused, reported as IOP_EV_REFUSED) and never reach
 * physical memory. Refused and dropped bytes do not fail the write, as
 * read-only bits of PCI config space do not.
 *
 * Context: caller holds the view's lock; does not sleep unless ops do.
 * Return: bytes consumed (short when @len runs past the end), 0 for @len
 * 0, -EINVAL when @off is at or past the end of the view (nothing
 * changed).
 */
ssize_t iop_write(struct iop *iop, u64 off, const void *buf, size_t len)
{
	ssize_t n = iop_clamp(iop, off, len);
	u32 start = off, end = start + n, p = start;
	const u8 *src = buf;

	if (n <= 0)
		return n;

	iop->gen++;
	while (p < end) {
		const struct iop_seg *seg = iop_seg_at(iop, p);
		const struct iop_field *f = &iop_fields[seg->row];
		u32 e0, q;

		if (f->cls != IOP_DRV && f->cls != IOP_HANDSHAKE) {
			q = min(end, seg->end);
			iop->refused[seg->row]++;
			iop_emit(iop, IOP_EV_REFUSED, seg->row, p, q - p, 0, 0);
			p = q;
			continue;
		}
		e0 = iop_elem(seg, f->width, p);
		q = min(end, e0 + f->width);
		if (f->cls == IOP_DRV)
			iop_write_drv(iop, seg->row, e0, f->width, p, q,
				      src + (p - start));
		else
			iop_write_handshake(iop, seg->row, e0, p, q,
					    src + (p - start));
		p = q;
	}
	return n;
}
EXPORT_SYMBOL_IF_KUNIT(iop_write);

/**
 * iop_field_at() - the ownership-table row that owns a view byte
 * @iop: a probed view
 * @off: view offset
 *
 * Context: any.
 * Return: the row, or NULL when @off is outside the view.
 */
const struct iop_field *iop_field_at(const struct iop *iop, u32 off)
{
	if (off >= iop->geo.view_size)
		return NULL;
	return &iop_fields[iop_seg_at(iop, off)->row];
}
EXPORT_SYMBOL_IF_KUNIT(iop_field_at);

/* Read the tracked spans into the shadow without reporting anything. */
void iop_sync_shadow(struct iop *iop)
{
	unsigned int i;

	iop->ops->read(iop->ctx, iop->geo.asls, iop->shadow, IOP_TRACK_LO_END);
	for (i = 0; i < iop->nr_snap; i++) {
		const struct iop_seg *run = &iop->snap_run[i];

		memcpy(iop->shadow + run->start, iop->snap + run->start,
		       run->end - run->start);
	}
	iop->ops->read(iop->ctx, iop->geo.asls + IOP_TRACK_HI_START,
		       iop->shadow + IOP_TRACK_HI_START,
		       OPREGION_SIZE - IOP_TRACK_HI_START);
}

/**
 * iop_open() - a user opens the view
 * @iop: a probed view
 *
 * Re-reads the tracked values, clears the refusal and drop counters and
 * snapshots every driver-owned element, which iop_reset() and
 * iop_release() restore.
 *
 * Context: caller holds the view's lock.
 */
void iop_open(struct iop *iop)
{
	unsigned int s;

	if (iop->reason != IOP_OK)
		return;
	iop->gen++;
	iop->opened = true;
	iop_sync_shadow(iop);
	memset(iop->refused, 0, sizeof(iop->refused));
	iop->dropped = 0;
	for (s = 0; s < iop->nr_segs; s++) {
		const struct iop_seg *seg = &iop->segs[s];

		if (iop_fields[seg->row].cls == IOP_DRV)
			memcpy(iop->saved + seg->start, iop->shadow + seg->start,
			       seg->end - seg->start);
	}
}
EXPORT_SYMBOL_IF_KUNIT(iop_open);

/* Put back every driver-owned element saved by iop_open(). */
static void iop_restore(struct iop *iop)
{
	unsigned int s;
	u32 e0;

	iop->gen++;
	for (s = 0; s < iop->nr_segs; s++) {
		const struct iop_seg *seg = &iop->segs[s];
		unsigned int width = iop_fields[seg->row].width;

		if (iop_fields[seg->row].cls != IOP_DRV)
			continue;
		for (e0 = seg->start; e0 < seg->end; e0 += width) {
			u64 pa = iop_pa(iop, e0);
			u64 want = iop_get_le(iop->saved + e0, width);
			u64 cur = iop->ops->load(iop->ctx, pa, width);

			if (cur == want)
				continue;
			iop->ops->store(iop->ctx, pa, width, want);
			iop_put_le(iop->shadow + e0, width, want);
			iop_emit(iop, IOP_EV_RESTORE, seg->row, e0, width, cur,
				 want);
		}
	}
}

/**
 * iop_release() - the user closes the view
 * @iop: a probed view
 *
 * Restores every driver-owned element to its value at iop_open(), so the
 * firmware gets back the table the host handed over (host i915 leaves
 * ARDY and DRDY at 0). Each restored element is reported as
 * IOP_EV_RESTORE. Without an iop_open() since the last release there is
 * no snapshot, and nothing is restored.
 *
 * Context: caller holds the view's lock.
 */
void iop_release(struct iop *iop)
{
	if (iop->reason != IOP_OK || !iop->opened)
		return;
	iop_restore(iop);
	iop->opened = false;
}
EXPORT_SYMBOL_IF_KUNIT(iop_release);

/**
 * iop_reset() - the user resets the device (a guest reboot)
 * @iop: a probed, opened view (without iop_open(), nothing happens)
 *
 * Restores every driver-owned element to its value at iop_open(), as
 * iop_release() does (one IOP_EV_RESTORE each, none for elements already
 * there), so the firmware finds them as after a real reboot. The view
 * stays open: the snapshot remains the baseline of later resets and of
 * the release. The shadow of every driver-owned element becomes its
 * open-time value, so what the guest before the reset last saw is not
 * reported as a firmware change to the guest after it; changes the
 * firmware makes from now on still are. Firmware-owned and handshake
 * elements are left alone, shadow included: a request bit the firmware
 * set and no guest has seen is still kept by the next masked update.
 *
 * Context: caller holds the view's lock.
 */
void iop_reset(struct iop *iop)
{
	unsigned int s;

	if (iop->reason != IOP_OK || !iop->opened)
		return;
	iop_restore(iop);
	for (s = 0; s < iop->nr_segs; s++) {
		const struct iop_seg *seg = &iop->segs[s];

		if (iop_fields[seg->row].cls == IOP_DRV)
			memcpy(iop->shadow + seg->start, iop->saved + seg->start,
			       seg->end - seg->start);
	}
}
EXPORT_SYMBOL_IF_KUNIT(iop_reset);
