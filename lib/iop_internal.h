/* SPDX-License-Identifier: GPL-2.0 */
/* iop_internal.h - helpers shared by the engine's own files only. */
#ifndef IOP_INTERNAL_H
#define IOP_INTERNAL_H

#include "igd_opregion/iop.h"

/* The spans whose values are tracked for change events: mailboxes 1-3 and 5. */
#define IOP_TRACK_LO_END	OPREGION_VBT_OFFSET
#define IOP_TRACK_HI_START	OPREGION_ASLE_EXT_OFFSET

void iop_sync_shadow(struct iop *iop);

#endif /* IOP_INTERNAL_H */
