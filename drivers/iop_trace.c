// SPDX-License-Identifier: GPL-2.0
/*
 * iop_trace.c - instantiates the igd_opregion tracepoints, once for the
 * module (see iop_trace.h, found by define_trace.h through Kbuild's
 * CFLAGS_drivers/iop_trace.o).
 *
 * The events are exported so that other modules (the KUnit suites) can
 * attach probes with register_trace_igd_opregion_*().
 */
#define CREATE_TRACE_POINTS
#include "iop_trace.h"

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
