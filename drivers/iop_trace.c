// SPDX-License-Identifier: GPL-2.0
/*
 * iop_trace.c - instantiates the igd_opregion tracepoints, once for the
 * module (see include/trace/events/igd_opregion.h).
 *
 * The events are exported so that other modules (the KUnit suites) can
 * attach probes with register_trace_igd_opregion_*().
 */
#define CREATE_TRACE_POINTS
#include <trace/events/igd_opregion.h>

EXPORT_TRACEPOINT_SYMBOL_GPL(igd_opregion_forward);
EXPORT_TRACEPOINT_SYMBOL_GPL(igd_opregion_fw_change);
EXPORT_TRACEPOINT_SYMBOL_GPL(igd_opregion_restore);
EXPORT_TRACEPOINT_SYMBOL_GPL(igd_opregion_refused);
EXPORT_TRACEPOINT_SYMBOL_GPL(igd_opregion_validate);
EXPORT_TRACEPOINT_SYMBOL_GPL(igd_opregion_geometry);
EXPORT_TRACEPOINT_SYMBOL_GPL(igd_opregion_open);
EXPORT_TRACEPOINT_SYMBOL_GPL(igd_opregion_reset);
EXPORT_TRACEPOINT_SYMBOL_GPL(igd_opregion_release);
EXPORT_TRACEPOINT_SYMBOL_GPL(igd_opregion_access);
EXPORT_TRACEPOINT_SYMBOL_GPL(igd_opregion_swsci_forward);
EXPORT_TRACEPOINT_SYMBOL_GPL(igd_opregion_swsci_refused);
