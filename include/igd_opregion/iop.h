/* SPDX-License-Identifier: GPL-2.0 */
/*
 * iop.h - the OpRegion proxy engine ("iop"): validation of a host
 * OpRegion, the stitched OpRegion 2.1 view, the ownership table and the
 * access engine that applies it.
 *
 * Contract: the engine never allocates, locks, sleeps, traces or touches
 * user memory. The caller owns a struct iop, serialises every call on it
 * (one lock per device), and reaches physical memory only through the
 * struct iop_mem_ops it passes to iop_probe(). Coherency events are
 * reported synchronously through iop_event_fn.
 */
#ifndef IGD_OPREGION_IOP_H
#define IGD_OPREGION_IOP_H

#include "iop_deps.h"
#include "opregion.h"

/*
 * IOP_CLASSES - the ownership classes of OpRegion fields, enum iop_class
 * order. X(sym, name) per class, X_LAST() for the last: the enum, the names
 * iop_class_name() returns, the trace header's TRACE_DEFINE_ENUM() and
 * __print_symbolic() lists and the tool all expand it.
 *
 * reserved: no field claims these bytes for this host: read from
 *	physical, guest writes refused
 * constant: set once by firmware (layout, strings, tables, VBT): read
 *	from physical (layout fields from the validation snapshot), writes
 *	refused
 * firmware: firmware-owned ("volatile"): read live, writes refused
 * driver: driver-owned: read live, writes forwarded at once
 * handshake: written by both sides: read live, writes forwarded as a
 *	masked compare-and-exchange update that keeps firmware changes to the
 *	row's @fwmask bits that the guest has not observed
 * virtualized: synthesized for the 2.1 view (OVER, RVDA): never read from
 *	or written to physical
 */
#define IOP_CLASSES(X, X_LAST)			\
	X(IOP_RESERVED,		"reserved")	\
	X(IOP_CONST,		"constant")	\
	X(IOP_FW,		"firmware")	\
	X(IOP_DRV,		"driver")	\
	X(IOP_HANDSHAKE,	"handshake")	\
	X_LAST(IOP_VIRT,	"virtualized")

/* List expanders: the enum constant; one per entry, to count them. */
#define IOP_ENUM_SYM(sym, ...)		sym,
#define IOP_ENUM_ONE(...)		+ 1

/* enum iop_class - ownership class of an OpRegion field (IOP_CLASSES) */
enum iop_class {
	IOP_CLASSES(IOP_ENUM_SYM, IOP_ENUM_SYM)
	IOP_NR_CLASSES,
};

/* iop_field.flags */
#define IOP_F_SNAPSHOT	BIT(0)	/* layout field: served from the validation snapshot */
#define IOP_F_REQUEST	BIT(1)	/* handshake: bit 0 set over a clear one is a new request */

/**
 * enum iop_hint - how a field's value is shown (opregionctl decode)
 * @IOP_HINT_HEX: little-endian numbers of the row's width, in hex: one
 *	value, or an array when the row is larger than its width
 * @IOP_HINT_TEXT: text up to the first NUL
 * @IOP_HINT_BYTES: the bytes as they are, in hex
 * @IOP_HINT_VBT: a Video BIOS Table: its header's signature, sizes and
 *	versions, within the bytes up to the next applicable row
 */
enum iop_hint {
	IOP_HINT_HEX,
	IOP_HINT_TEXT,
	IOP_HINT_BYTES,
	IOP_HINT_VBT,
};

/**
 * struct iop_field - one row of the ownership table
 * @name: spec name (ARDY, ASLC ...)
 * @offset: byte offset in the 8 KiB OpRegion (0x2000 for the extended VBT)
 * @size: bytes covered by the row (0 for the extended VBT: RVDS bytes)
 * @width: access unit in bytes (1, 2, 4 or 8); arrays have size > width
 * @cls: enum iop_class
 * @flags: IOP_F_*
 * @min_ver: first OpRegion version the row applies to, OPREGION_VER()
 * @max_ver: first version it no longer applies to, 0 for none
 * @mbox: MBOX_* bit that must be set in the header, 0 for always
 * @fwmask: IOP_HANDSHAKE only: bits the firmware drives
 * @hint: enum iop_hint: how to show the value (the engine ignores it)
 * @why: one-line reason for the class, from the OpRegion flows
 */
struct iop_field {
	const char *name;
	u16 offset;
	u16 size;
	u8 width;
	u8 cls;
	u8 flags;
	u8 hint;
	u16 min_ver;
	u16 max_ver;
	u32 mbox;
	u32 fwmask;
	const char *why;
};

/* The table: one row per field, sorted by offset; row 0 is the fallback. */
extern const struct iop_field iop_fields[];
extern const unsigned int iop_nr_fields;
#define IOP_FIELD_RESERVED	0	/* row index for unclaimed bytes */

/*
 * IOP_REASONS - the problems found in a host OpRegion, enum iop_reason
 * order, IOP_OK first. X(sym, name, text) per reason, X_LAST() for the last:
 * @name is the stable name iop_reason_name() returns (logs, traces, the
 * tool's JSON), @text the tool's one-line description. The enum, the
 * names, the trace header's TRACE_DEFINE_ENUM(), __print_symbolic() and
 * __print_flags() lists and the tool all expand it, so a new reason is a
 * new line here plus the code that detects it.
 *
 * A reason either rejects the host (struct iop @reason: no view) or is
 * tolerated and recorded (struct iop @warnings: the view is served without
 * what the problem concerns); Documentation/security.rst lists which.
 * IOP_ERR_NOT_FW_MEM is what @map returning -EPERM means;
 * IOP_ERR_RVDA_MAILBOX4 is the layout of Intel's EDK2 Broxton, Apollo Lake
 * and Gemini Lake firmware (2.0 RVDA the absolute address of mailbox 4 and
 * RVDS its VBT's size): the VBT is the mailbox-4 one.
 */
#define IOP_REASONS(X, X_LAST)						\
	X(IOP_OK,		"ok",						\
	  "valid")							\
	X(IOP_ERR_ASLS,		"asls_invalid",					\
	  "ASLS is zero or the 8 KiB range overflows")			\
	X(IOP_ERR_ASLS_ALIGN,	"asls_misaligned",				\
	  "ASLS is not 4-byte aligned")					\
	X(IOP_ERR_MAP,		"opregion_unmappable",				\
	  "no memory chunk holds the 8 KiB OpRegion at ASLS")		\
	X(IOP_ERR_NOT_FW_MEM,	"not_firmware_memory",				\
	  "the OpRegion or the extended VBT lies in system RAM, not firmware memory") \
	X(IOP_ERR_SIGNATURE,	"bad_signature",				\
	  "signature is not \"IntelGraphicsMem\"")			\
	X(IOP_ERR_SIZE,		"size_too_small",				\
	  "header SIZE is below 8 KiB")					\
	X(IOP_ERR_VERSION,	"unsupported_version",				\
	  "major version is not 1, 2 or 3")				\
	X(IOP_ERR_MBOX,		"reserved_mbox_bits",				\
	  "mailbox bitmap has reserved bits set")			\
	X(IOP_ERR_RVDA_INSIDE,	"rvda_inside_opregion",				\
	  "relative RVDA points into the OpRegion")			\
	X(IOP_ERR_RVDA_OVERLAP,	"rvda_overlaps_opregion",			\
	  "extended VBT overlaps the OpRegion")				\
	X(IOP_ERR_RVDA_MAILBOX4, "rvda_is_mailbox4",				\
	  "2.0 RVDA is the address of mailbox 4 (EDK2 Broxton)")	\
	X(IOP_ERR_RVDA_OVERFLOW, "rvda_overflow",				\
	  "extended VBT address or end overflows 64 bits")		\
	X(IOP_ERR_RVDS,		"rvds_too_large",				\
	  "RVDS is above 64 KiB")					\
	X(IOP_ERR_VBT_MAP,	"vbt_unmappable",				\
	  "no memory chunk holds RVDS bytes at the extended VBT address") \
	X(IOP_ERR_VBT_SIGNATURE, "vbt_bad_signature",				\
	  "VBT does not start with \"$VBT\"")				\
	X(IOP_ERR_VBT_SIZE,	"vbt_bad_size",					\
	  "VBT header or vbt_size does not fit its space")		\
	X_LAST(IOP_ERR_VBT_BDB, "vbt_bad_bdb",					\
	  "BDB header or BDB does not fit vbt_size")

/* enum iop_reason - a problem found in a host OpRegion (IOP_REASONS) */
enum iop_reason {
	IOP_REASONS(IOP_ENUM_SYM, IOP_ENUM_SYM)
	IOP_NR_REASONS,
};

/* struct iop.warnings: one bit per tolerated enum iop_reason */
#define IOP_WARN(reason)	BIT(reason)
static_assert(IOP_NR_REASONS <= 32);

/**
 * struct iop_mem_ops - how the engine reaches physical memory
 * @map: make [@pa, @pa + @len) reachable. Called once per range, only
 *	after the range was validated, before any other access to it.
 *	Returns 0, -EPERM when the range is not memory the firmware owns
 *	(any of it is System RAM the host kernel manages: the host would
 *	hand its own memory to the guest), or another negative errno. The
 *	caller unmaps on teardown.
 * @read: copy @len bytes at @pa to @buf. Every naturally aligned 4-byte
 *	word inside the range must be read with one 4-byte access.
 * @load: one access of @width (1, 2, 4 or 8) bytes at @pa, returned as a
 *	little-endian value (@pa may be unaligned for the 2-byte aligned
 *	fields)
 * @store: one access of @width bytes storing @val little-endian at @pa
 * @cmpxchg32: atomically replace the 4-byte value at @pa (4-byte aligned)
 *	with @new if it equals @old; return the value found
 */
struct iop_mem_ops {
	int (*map)(void *ctx, u64 pa, u64 len);
	void (*read)(void *ctx, u64 pa, void *buf, size_t len);
	u64 (*load)(void *ctx, u64 pa, unsigned int width);
	void (*store)(void *ctx, u64 pa, unsigned int width, u64 val);
	u32 (*cmpxchg32)(void *ctx, u64 pa, u32 old, u32 new);
};

/*
 * IOP_EVENT_KINDS - the coherency events, enum iop_event_kind order.
 * X(sym, name) per kind, X_LAST() for the last; @name is the tool's. Each kind
 * has its own tracepoint, igd_opregion_<kind>.
 *
 * forward: a guest write reached physical memory (old, new)
 * fw-change: a value changed underneath since the engine last saw it,
 *	i.e. the firmware wrote it (old, new)
 * refused: guest bytes refused (off, len)
 * restore: reset or release restored a driver-owned value (old, new)
 * dropped: a guest write to a handshake element was not applied: the
 *	firmware changed the element on each of IOP_HANDSHAKE_TRIES
 *	compare-and-exchange attempts (old: the value the firmware last left,
 *	new: the value the last attempt would have stored)
 */
#define IOP_EVENT_KINDS(X, X_LAST)			\
	X(IOP_EV_FORWARD,	"forward")	\
	X(IOP_EV_FW_CHANGE,	"fw-change")	\
	X(IOP_EV_REFUSED,	"refused")	\
	X(IOP_EV_RESTORE,	"restore")	\
	X_LAST(IOP_EV_DROPPED,	"dropped")

/* enum iop_event_kind - coherency events (IOP_EVENT_KINDS) */
enum iop_event_kind {
	IOP_EVENT_KINDS(IOP_ENUM_SYM, IOP_ENUM_SYM)
};

/* Not an enumerator, so that a switch on the kind stays exhaustive. */
#define IOP_NR_EVENT_KINDS	(0 IOP_EVENT_KINDS(IOP_ENUM_ONE, IOP_ENUM_ONE))

/*
 * IOP_HANDSHAKE_TRIES - compare-and-exchange attempts a guest write makes
 * on one handshake element before it is dropped (IOP_EV_DROPPED). An
 * attempt fails only when the firmware stores to the element between the
 * engine's load and its compare-and-exchange, a window of a few
 * instructions; a firmware answering requests writes an element a few
 * times per request, microseconds apart, so it costs a retry now and then
 * and never a long run of them (the test suites' worst legitimate case is
 * ten in a row). Sixteen bounds what a firmware rewriting the element in
 * a tight loop costs a guest write, under the device's lock, to sixteen
 * locked compare-and-exchanges: well under a microsecond.
 */
#define IOP_HANDSHAKE_TRIES	16

/**
 * struct iop_event - one coherency event
 * @kind: enum iop_event_kind
 * @field: the ownership-table row concerned
 * @off: view offset of the element (FORWARD, FW_CHANGE, RESTORE) or of
 *	the first refused byte (REFUSED)
 * @len: element width, or number of refused bytes
 * @old_val: value before (not for REFUSED)
 * @new_val: value after (not for REFUSED)
 */
struct iop_event {
	enum iop_event_kind kind;
	const struct iop_field *field;
	u32 off;
	u32 len;
	u64 old_val;
	u64 new_val;
};

typedef void (*iop_event_fn)(void *priv, const struct iop_event *ev);

/**
 * enum iop_vbt_where - where the host keeps its VBT
 * @IOP_VBT_MAILBOX4: in mailbox 4 of the OpRegion
 * @IOP_VBT_EXTENDED: in the extended VBT at RVDA (appended to the view)
 */
enum iop_vbt_where {
	IOP_VBT_MAILBOX4,
	IOP_VBT_EXTENDED,
};

/**
 * struct iop_geometry - what validation found; fixed for the view's life
 * @asls: physical address of the OpRegion
 * @vbt_pa: physical address of the extended VBT (0 when none)
 * @rvda: RVDA as the host wrote it
 * @rvds: RVDS as the host wrote it
 * @size_kib: SIZE as the host wrote it (never used to size anything)
 * @mboxes: MBOX as the host wrote it
 * @host_ver: host version, OPREGION_VER(major, minor)
 * @view_ver: version the view reports
 * @view_size: 8 KiB plus RVDS when there is an extended VBT
 * @vbt_where: enum iop_vbt_where
 * @vbt_size: the VBT header's vbt_size
 */
struct iop_geometry {
	u64 asls;
	u64 vbt_pa;
	u64 rvda;
	u32 rvds;
	u32 size_kib;
	u32 mboxes;
	u16 host_ver;
	u16 view_ver;
	u32 view_size;
	u8 vbt_where;
	u32 vbt_size;
};

/**
 * struct iop_seg - a run of view bytes owned by one table row
 * @start: first view offset
 * @end: view offset past the run
 * @row: index in iop_fields[]
 */
struct iop_seg {
	u32 start;
	u32 end;
	u8 row;
};

/**
 * struct iop_word - the snapshot's bytes in one 8-byte aligned word of the view
 * @off: view offset of the word, a multiple of 8
 * @keep: little-endian, 0xff in each byte not served from the snapshot
 * @val: little-endian, the snapshot's bytes, 0 in the others
 */
struct iop_word {
	u32 off;
	u64 keep;
	u64 val;
};

#define IOP_MAX_SEGS	128
#define IOP_MAX_FIELDS	64

/**
 * struct iop - one proxied OpRegion. Allocated and locked by the caller;
 * filled by iop_probe().
 * @ops: physical memory access
 * @ctx: passed to every @ops call
 * @event: coherency event callback, or NULL
 * @event_priv: passed to @event
 * @reason: validation result: IOP_OK, or why the host was rejected
 * @warnings: IOP_WARN() of every problem tolerated: the view is served
 *	without what it concerns (an extended VBT, a VBT, a SIZE or mailbox
 *	bits the engine ignores)
 * @opened: between iop_open() and iop_release(): there is a snapshot to
 *	restore
 * @gen: changes whenever the shadow may change; iop_read_peek() and
 *	iop_read_done() use it to see that nothing came between them
 * @geo: what validation found
 * @nr_segs: number of entries in @segs
 * @nr_snap: number of entries in @snap_run
 * @nr_split: number of entries in @split_elem
 * @segs: the view split into runs owned by one table row each, sorted;
 *	the extended VBT, when there is one, is the last
 * @snap_run: the layout and virtualized segments, served from @snap,
 *	adjacent ones merged into one run (@row: the first one's), sorted
 * @nr_snap_word: number of entries in @snap_word; 0 when @snap_run needs
 *	more words than there are
 * @snap_word: @snap_run as masked stores of 8-byte words, sorted: what a
 *	read that covers them all lays over its copy
 * @split_elem: each element, sorted, of the firmware-written (firmware,
 *	handshake) segments that is not naturally aligned: ops->read() may
 *	split it, so a read loads it with one access of its width
 *	(@end - @start)
 * @seg_of: view offset (below 8 KiB) -> index in @segs
 * @snap: header and mailboxes 1-3 as read at validation, with the
 *	virtualized fields synthesized
 * @shadow: per byte of mailboxes 1-3 and 5, the last value the guest read
 *	or wrote; a difference from physical is a firmware change
 * @saved: driver-owned elements at iop_open(), restored by iop_reset() and
 *	iop_release()
 * @refused: refused guest writes per table row since iop_open()
 * @dropped: guest writes to handshake elements dropped since iop_open()
 *	(IOP_EV_DROPPED)
 */
struct iop {
	const struct iop_mem_ops *ops;
	void *ctx;
	iop_event_fn event;
	void *event_priv;
	enum iop_reason reason;
	u32 warnings;
	bool opened;
	u32 gen;
	struct iop_geometry geo;
	unsigned int nr_segs;
	unsigned int nr_snap;
	unsigned int nr_split;
	struct iop_seg segs[IOP_MAX_SEGS];
	struct iop_seg snap_run[8];
	unsigned int nr_snap_word;
	struct iop_word snap_word[8];
	struct iop_seg split_elem[8];
	u8 seg_of[OPREGION_SIZE];
	u8 snap[OPREGION_VBT_OFFSET];
	u8 shadow[OPREGION_SIZE];
	u8 saved[OPREGION_SIZE];
	u32 refused[IOP_MAX_FIELDS];
	u32 dropped;
};

/**
 * iop_get_le() - little-endian value of @width (1, 2, 4 or 8) bytes at @p
 * @p: bytes, any alignment
 * @width: 1, 2, 4 or 8
 *
 * Return: the value.
 */
static inline u64 iop_get_le(const u8 *p, unsigned int width)
{
	switch (width) {
	case 1:
		return *p;
	case 2:
		return get_unaligned_le16(p);
	case 4:
		return get_unaligned_le32(p);
	default:
		return get_unaligned_le64(p);
	}
}

/**
 * iop_put_le() - store @val little-endian in @width (1, 2, 4 or 8) bytes
 * @p: bytes, any alignment
 * @width: 1, 2, 4 or 8
 * @val: the value, truncated to @width bytes
 */
static inline void iop_put_le(u8 *p, unsigned int width, u64 val)
{
	switch (width) {
	case 1:
		*p = val;
		break;
	case 2:
		put_unaligned_le16(val, p);
		break;
	case 4:
		put_unaligned_le32(val, p);
		break;
	default:
		put_unaligned_le64(val, p);
		break;
	}
}

const char *iop_reason_name(enum iop_reason reason);
const char *iop_class_name(enum iop_class cls);

int iop_probe(struct iop *iop, u64 asls, const struct iop_mem_ops *ops,
	      void *ctx, iop_event_fn event, void *event_priv);
bool iop_field_applies(const struct iop_field *f, u16 ver, u32 mboxes);
const struct iop_field *iop_field_at(const struct iop *iop, u32 off);
void iop_open(struct iop *iop);
void iop_reset(struct iop *iop);
void iop_release(struct iop *iop);
ssize_t iop_read(struct iop *iop, u64 off, void *buf, size_t len);
ssize_t iop_read_peek(struct iop *iop, u64 off, void *buf, size_t len,
		      u32 *gen);
void iop_read_done(struct iop *iop, u64 off, const void *buf, size_t len,
		   u32 gen);
ssize_t iop_write(struct iop *iop, u64 off, const void *buf, size_t len);

#endif /* IGD_OPREGION_IOP_H */
