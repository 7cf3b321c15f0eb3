// SPDX-License-Identifier: GPL-2.0
/*
 * iop_trace.c - instantiates the igd_opregion tracepoints, once for the
 * module (see iop_trace.h, found by define_trace.h through Kbuild's
 * CFLAGS_drivers/iop_trace.o).
 *
 * Only the KUnit suites, a module of their own, attach probes from
 * outside (register_trace_igd_opregion_*()): the events are exported in
 * kernels built with KUnit only, as EXPORT_SYMBOL_IF_KUNIT() does for
 * functions.
 */
#define CREATE_TRACE_POINTS
#include "iop_trace.h"

#if IS_ENABLED(CONFIG_KUNIT)
EXPORT_TRACEPOINT_SYMBOL_GPL(igd_opregion_forward);
EXPORT_TRACEPOINT_SYMBOL_GPL(igd_opregion_fw_change);
EXPORT_TRACEPOINT_SYMBOL_GPL(igd_opregion_restore);
EXPORT_TRACEPOINT_SYMBOL_GPL(igd_opregion_dropped);
EXPORT_TRACEPOINT_SYMBOL_GPL(igd_opregion_refused);
EXPORT_TRACEPOINT_SYMBOL_GPL(igd_opregion_validate);
EXPORT_TRACEPOINT_SYMBOL_GPL(igd_opregion_geometry);
EXPORT_TRACEPOINT_SYMBOL_GPL(igd_opregion_open);
EXPORT_TRACEPOINT_SYMBOL_GPL(igd_opregion_reset);
EXPORT_TRACEPOINT_SYMBOL_GPL(igd_opregion_release);
EXPORT_TRACEPOINT_SYMBOL_GPL(igd_opregion_access);
EXPORT_TRACEPOINT_SYMBOL_GPL(igd_opregion_swsci_forward);
EXPORT_TRACEPOINT_SYMBOL_GPL(igd_opregion_swsci_refused);
#endif
