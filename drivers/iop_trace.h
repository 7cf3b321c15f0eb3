/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tracepoints of the IGD OpRegion proxy (module igd-vfio-pci).
 *
 * Contract: one event class per shape of data shared by several events,
 * TRACE_EVENT for a shape only one event has; one event per kind of
 * coherency event the engine reports (struct iop_event, IOP_EVENT_KINDS)
 * plus the device's life cycle: validation at probe, view geometry at
 * open, open, reset and release, plus the fate of each SWSCI trigger the
 * guest sets in config 0xE8. drivers/iop_kernel.c and drivers/iop_swsci.c
 * are the only callers; drivers/iop_trace.c instantiates the events
 * (CREATE_TRACE_POINTS) and exports them so tests can attach probes.
 *
 * The header is private to the driver: define_trace.h includes it again
 * through TRACE_INCLUDE_PATH/TRACE_INCLUDE_FILE, which Kbuild resolves by
 * putting drivers/ on the include path of iop_trace.o only
 * (CFLAGS_drivers/iop_trace.o), in-tree and out-of-tree alike.
 *
 * Reasons and classes are printed from the engine's lists (IOP_REASONS,
 * IOP_CLASSES in iop.h) with the EM()/EMe() idiom of
 * include/trace/events/: the values are exported with TRACE_DEFINE_ENUM()
 * so user space can decode the binary records, and the symbolic names are
 * those of iop_reason_name() and iop_class_name().
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM igd_opregion

#if !defined(_TRACE_IGD_OPREGION_H) || defined(TRACE_HEADER_MULTI_READ)
#define _TRACE_IGD_OPREGION_H

#include <linux/tracepoint.h>

#include "igd_compat.h"
#include "igd_opregion/iop_kernel.h"
#include "igd_opregion/iop_swsci.h"

#undef EM
#undef EMe
#define EM(a, b)	TRACE_DEFINE_ENUM(a);
#define EMe(a, b)	TRACE_DEFINE_ENUM(a);

#define IOP_TRACE_REASON(sym, name, ...)	EM(sym, name)
#define IOP_TRACE_REASON_LAST(sym, name, ...)	EMe(sym, name)
#define IOP_TRACE_CLASS(sym, name)		EM(sym, name)
#define IOP_TRACE_CLASS_LAST(sym, name)		EMe(sym, name)
#define IOP_TRACE_WARN(sym, name, ...)		{ IOP_WARN(sym), name },
#define IOP_TRACE_WARN_LAST(sym, name, ...)	{ IOP_WARN(sym), name }

IOP_REASONS(IOP_TRACE_REASON, IOP_TRACE_REASON_LAST)
IOP_CLASSES(IOP_TRACE_CLASS, IOP_TRACE_CLASS_LAST)
TRACE_DEFINE_ENUM(IOP_VBT_MAILBOX4);
TRACE_DEFINE_ENUM(IOP_VBT_EXTENDED);
TRACE_DEFINE_ENUM(IOP_SWSCI_FORWARDED);
TRACE_DEFINE_ENUM(IOP_SWSCI_REFUSED);
TRACE_DEFINE_ENUM(IOP_SWSCI_SMI);
TRACE_DEFINE_ENUM(IOP_SWSCI_FIRE_FAILED);
TRACE_DEFINE_ENUM(IOP_SWSCI_IDLE);
TRACE_DEFINE_ENUM(IOP_SWSCI_NO_MAILBOX);

#undef EM
#undef EMe
#define EM(a, b)	{ a, b },
#define EMe(a, b)	{ a, b }

/*
 * A value of one element changed: a guest write reached physical memory
 * (forward), the firmware changed it underneath (fw_change), or a reset
 * or release put back the value the host had at open (restore); or a
 * guest write to a handshake element was dropped because the firmware
 * kept rewriting it (dropped: old is the firmware's value, new the one the
 * write would have stored).
 */
DECLARE_EVENT_CLASS(igd_opregion_value,

	TP_PROTO(const struct iop_kdev *kd, const struct iop_event *ev),

	TP_ARGS(kd, ev),

	TP_STRUCT__entry(
		__string(dev, kd->name)
		__string(field, ev->field->name)
		__field(u32, off)
		__field(u32, width)
		__field(u64, old_val)
		__field(u64, new_val)
	),

	TP_fast_assign(
		IGD_TRACE_ASSIGN_STR(dev, kd->name);
		IGD_TRACE_ASSIGN_STR(field, ev->field->name);
		__entry->off = ev->off;
		__entry->width = ev->len;
		__entry->old_val = ev->old_val;
		__entry->new_val = ev->new_val;
	),

	TP_printk("%s %s off=%#x width=%u old=%#llx new=%#llx",
		  __get_str(dev), __get_str(field), __entry->off,
		  __entry->width, __entry->old_val, __entry->new_val)
);

DEFINE_EVENT(igd_opregion_value, igd_opregion_forward,

	TP_PROTO(const struct iop_kdev *kd, const struct iop_event *ev),

	TP_ARGS(kd, ev)
);

DEFINE_EVENT(igd_opregion_value, igd_opregion_fw_change,

	TP_PROTO(const struct iop_kdev *kd, const struct iop_event *ev),

	TP_ARGS(kd, ev)
);

DEFINE_EVENT(igd_opregion_value, igd_opregion_restore,

	TP_PROTO(const struct iop_kdev *kd, const struct iop_event *ev),

	TP_ARGS(kd, ev)
);

DEFINE_EVENT(igd_opregion_value, igd_opregion_dropped,

	TP_PROTO(const struct iop_kdev *kd, const struct iop_event *ev),

	TP_ARGS(kd, ev)
);

/* Guest bytes the ownership table does not let through. */
TRACE_EVENT(igd_opregion_refused,

	TP_PROTO(const struct iop_kdev *kd, const struct iop_event *ev),

	TP_ARGS(kd, ev),

	TP_STRUCT__entry(
		__string(dev, kd->name)
		__string(field, ev->field->name)
		__field(u8, cls)
		__field(u32, off)
		__field(u32, len)
	),

	TP_fast_assign(
		IGD_TRACE_ASSIGN_STR(dev, kd->name);
		IGD_TRACE_ASSIGN_STR(field, ev->field->name);
		__entry->cls = ev->field->cls;
		__entry->off = ev->off;
		__entry->len = ev->len;
	),

	TP_printk("%s %s off=%#x len=%u class=%s",
		  __get_str(dev), __get_str(field), __entry->off, __entry->len,
		  __print_symbolic(__entry->cls,
				   IOP_CLASSES(IOP_TRACE_CLASS,
					       IOP_TRACE_CLASS_LAST)))
);

/*
 * What validation of the host OpRegion concluded: the reason it was
 * rejected, or ok, and every problem it is served despite ("none" when
 * there was none).
 */
TRACE_EVENT(igd_opregion_validate,

	TP_PROTO(const struct iop_kdev *kd, u64 asls),

	TP_ARGS(kd, asls),

	TP_STRUCT__entry(
		__string(dev, kd->name)
		__field(u64, asls)
		__field(u16, host_ver)
		__field(u32, reason)
		__field(u32, warnings)
	),

	TP_fast_assign(
		IGD_TRACE_ASSIGN_STR(dev, kd->name);
		__entry->asls = asls;
		__entry->host_ver = kd->iop.geo.host_ver;
		__entry->reason = kd->iop.reason;
		__entry->warnings = kd->iop.warnings;
	),

	TP_printk("%s asls=%#llx host_ver=%u.%u reason=%s tolerated=%s",
		  __get_str(dev), __entry->asls, __entry->host_ver >> 8,
		  __entry->host_ver & 0xff,
		  __print_symbolic(__entry->reason,
				   IOP_REASONS(IOP_TRACE_REASON,
					       IOP_TRACE_REASON_LAST)),
		  __entry->warnings ?
		  __print_flags(__entry->warnings, ",",
				IOP_REASONS(IOP_TRACE_WARN,
					    IOP_TRACE_WARN_LAST)) :
		  "none")
);

/* Where the stitched view comes from: fixed from probe to destroy. */
TRACE_EVENT(igd_opregion_geometry,

	TP_PROTO(const struct iop_kdev *kd),

	TP_ARGS(kd),

	TP_STRUCT__entry(
		__string(dev, kd->name)
		__field(u64, asls)
		__field(u64, vbt_pa)
		__field(u32, view_size)
		__field(u32, vbt_size)
		__field(u16, host_ver)
		__field(u16, view_ver)
		__field(u8, vbt_where)
	),

	TP_fast_assign(
		IGD_TRACE_ASSIGN_STR(dev, kd->name);
		__entry->asls = kd->iop.geo.asls;
		__entry->vbt_pa = kd->iop.geo.vbt_pa;
		__entry->view_size = kd->iop.geo.view_size;
		__entry->vbt_size = kd->iop.geo.vbt_size;
		__entry->host_ver = kd->iop.geo.host_ver;
		__entry->view_ver = kd->iop.geo.view_ver;
		__entry->vbt_where = kd->iop.geo.vbt_where;
	),

	TP_printk("%s asls=%#llx vbt_pa=%#llx view_size=%#x vbt_size=%u host_ver=%u.%u view_ver=%u.%u vbt=%s",
		  __get_str(dev), __entry->asls, __entry->vbt_pa,
		  __entry->view_size, __entry->vbt_size,
		  __entry->host_ver >> 8, __entry->host_ver & 0xff,
		  __entry->view_ver >> 8, __entry->view_ver & 0xff,
		  __print_symbolic(__entry->vbt_where,
				   { IOP_VBT_MAILBOX4, "mailbox4" },
				   { IOP_VBT_EXTENDED, "extended" }))
);

/*
 * A user opened the view (count: driver-owned elements snapshotted), reset
 * the device (a guest reboot) or released the view (count: elements
 * restored to their value at open).
 */
DECLARE_EVENT_CLASS(igd_opregion_session,

	TP_PROTO(const struct iop_kdev *kd, unsigned int count),

	TP_ARGS(kd, count),

	TP_STRUCT__entry(
		__string(dev, kd->name)
		__field(unsigned int, count)
	),

	TP_fast_assign(
		IGD_TRACE_ASSIGN_STR(dev, kd->name);
		__entry->count = count;
	),

	TP_printk("%s restored=%u", __get_str(dev), __entry->count)
);

DEFINE_EVENT_PRINT(igd_opregion_session, igd_opregion_open,

	TP_PROTO(const struct iop_kdev *kd, unsigned int count),

	TP_ARGS(kd, count),

	TP_printk("%s saved=%u", __get_str(dev), __entry->count)
);

DEFINE_EVENT(igd_opregion_session, igd_opregion_reset,

	TP_PROTO(const struct iop_kdev *kd, unsigned int count),

	TP_ARGS(kd, count)
);

DEFINE_EVENT(igd_opregion_session, igd_opregion_release,

	TP_PROTO(const struct iop_kdev *kd, unsigned int count),

	TP_ARGS(kd, count)
);

/*
 * One region access by the VMM, as it reached the driver: offset, length,
 * direction, the result and, for accesses of up to 8 bytes, the value
 * (little-endian, as the guest sees it). A VMM that forwards each guest
 * load and store shows here with the guest's own offset and width.
 */
TRACE_EVENT(igd_opregion_access,

	TP_PROTO(const struct iop_kdev *kd, u32 off, u32 len, bool write,
		 const void *data, ssize_t ret),

	TP_ARGS(kd, off, len, write, data, ret),

	TP_STRUCT__entry(
		__string(dev, kd->name)
		__field(u32, off)
		__field(u32, len)
		__field(bool, write)
		__field(u64, val)
		__field(int, ret)
	),

	TP_fast_assign(
		IGD_TRACE_ASSIGN_STR(dev, kd->name);
		__entry->off = off;
		__entry->len = len;
		__entry->write = write;
		__entry->val = 0;
		if (ret > 0 && len <= sizeof(__entry->val))
			memcpy(&__entry->val, data, len);
		le64_to_cpus(&__entry->val);
		__entry->ret = ret;
	),

	TP_printk("%s %s off=%#x len=%u val=%#llx ret=%d", __get_str(dev),
		  __entry->write ? "write" : "read", __entry->off,
		  __entry->len, __entry->val, __entry->ret)
);

/*
 * The guest set GSSCIE (config 0xE8): the SCIC function and PARM it had
 * forwarded, and what the driver did: passed the trigger to the firmware
 * (swsci_forward) or kept it from the firmware (swsci_refused, with why).
 */
DECLARE_EVENT_CLASS(igd_opregion_swsci_call,

	TP_PROTO(const struct iop_kdev *kd, u32 scic, u32 parm,
		 enum iop_swsci_verdict verdict),

	TP_ARGS(kd, scic, parm, verdict),

	TP_STRUCT__entry(
		__string(dev, kd->name)
		__string(func, iop_swsci_lookup(scic) ?
			 iop_swsci_lookup(scic)->name : "unknown")
		__field(u32, scic)
		__field(u32, parm)
		__field(u8, verdict)
	),

	TP_fast_assign(
		IGD_TRACE_ASSIGN_STR(dev, kd->name);
		IGD_TRACE_ASSIGN_STR(func, iop_swsci_lookup(scic) ?
				     iop_swsci_lookup(scic)->name : "unknown");
		__entry->scic = scic;
		__entry->parm = parm;
		__entry->verdict = verdict;
	),

	TP_printk("%s %s scic=%#x parm=%#x verdict=%s", __get_str(dev),
		  __get_str(func), __entry->scic, __entry->parm,
		  __print_symbolic(__entry->verdict,
				   { IOP_SWSCI_FORWARDED, "forwarded" },
				   { IOP_SWSCI_REFUSED, "policy" },
				   { IOP_SWSCI_SMI, "smi" },
				   { IOP_SWSCI_FIRE_FAILED, "trigger_failed" },
				   { IOP_SWSCI_IDLE, "no_request" },
				   { IOP_SWSCI_NO_MAILBOX, "no_mailbox" }))
);

DEFINE_EVENT(igd_opregion_swsci_call, igd_opregion_swsci_forward,

	TP_PROTO(const struct iop_kdev *kd, u32 scic, u32 parm,
		 enum iop_swsci_verdict verdict),

	TP_ARGS(kd, scic, parm, verdict)
);

DEFINE_EVENT(igd_opregion_swsci_call, igd_opregion_swsci_refused,

	TP_PROTO(const struct iop_kdev *kd, u32 scic, u32 parm,
		 enum iop_swsci_verdict verdict),

	TP_ARGS(kd, scic, parm, verdict)
);

#endif /* _TRACE_IGD_OPREGION_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE iop_trace

/* This part must be outside protection */
#include <trace/define_trace.h>
